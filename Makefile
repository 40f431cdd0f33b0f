# Kabinet — the README's commands. Each installs what it needs first (scripts/setup.sh skips
# whatever is already there at the pinned version).
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -euo pipefail -c

TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
SERVER_BIN := $(TARGET_DIR)/release/server
# The server binary reads these; cargo-leptos sets the same while building.
RUN_ENV := LEPTOS_OUTPUT_NAME=kabinet LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_ENV=PROD

.PHONY: run test watch build setup setup-test setup-bench lint unit e2e bench sizes soak fmt

run: setup build ## Build in release, seed the demo data and serve on http://127.0.0.1:3000
	mkdir -p data/mail
	$(RUN_ENV) KABINET_DEMO=1 $(SERVER_BIN)

test: setup-test lint unit build sizes e2e ## Everything CI checks
	@echo "All checks passed."

watch: setup ## Rebuild and reload while editing (split like the release build: lazy routes need the chunk loader)
	cargo leptos watch --split

setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh test

setup-bench:
	scripts/setup.sh bench

# The WASM is split by route (`--split`, see app/src/routes.rs). cargo-leptos empties the site
# folder on every build; the previous build's hashed /pkg files are put back beside the new ones,
# so a page rendered before a rebuild can still load its chunks afterwards. Only the previous
# build's (listed in target/pkg-current.list), not every build's ever: the folder stays one deploy
# deep instead of growing by ~450 files a build.
build:
	rm -rf target/pkg-previous
	mkdir -p target/pkg-previous
	if [ -f target/pkg-current.list ] && [ -d target/site/pkg ]; then
		(cd target/site/pkg && xargs -r -a ../../pkg-current.list cp -a -t ../../pkg-previous/ || true)
	fi
	cargo leptos build --release --precompress --split
	ls target/site/pkg > target/pkg-current.list
	cp -an target/pkg-previous/. target/site/pkg/

lint:
	cargo fmt --all -- --check
	cargo clippy -p app --features ssr --all-targets -- -D warnings
	cargo clippy -p server -p bench --all-targets -- -D warnings
	cargo clippy -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

unit: ## Rust tests: server build (unit + HTTP integration) and the hydrate build's shared code
	cargo test -p app --features ssr
	cargo test -p server
	cargo test -p app --features hydrate
	cargo test -p bench

e2e: build ## Playwright in Debian's Chromium against a fresh release server and database
	cd end2end && CARGO_TARGET_DIR=$(TARGET_DIR) npx playwright test

sizes: build ## First-load bytes per route; fails over the 250 KB budget (and shows that it does)
	cargo build --release -p bench
	$(RUN_ENV) SERVER_BIN=$(SERVER_BIN) $(TARGET_DIR)/release/bench sizes
	# The gate itself: with a deliberately tiny budget the same command must fail.
	if $(RUN_ENV) SERVER_BIN=$(SERVER_BIN) KABINET_SIZE_BUDGET=1000 $(TARGET_DIR)/release/bench sizes > /dev/null 2>&1; then
		echo "bench sizes passed a 1 KB budget: the size gate is broken"; exit 1
	fi
	echo "(a 1 KB budget fails, as it must)"

bench: setup-bench build ## Load figures on loopback (release build)
	cargo build --release -p bench
	$(RUN_ENV) SERVER_BIN=$(SERVER_BIN) $(TARGET_DIR)/release/bench

soak: setup build ## 200 shoppers for 60 s, then a kill -9 mid-load and a restart; checks the database after each
	cargo build --release -p bench
	$(RUN_ENV) SERVER_BIN=$(SERVER_BIN) $(TARGET_DIR)/release/bench soak

fmt:
	cargo fmt --all
