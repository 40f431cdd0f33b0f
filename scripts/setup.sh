#!/usr/bin/env bash
# Installs what Kabinet needs and is missing, pinned, skipping what is already at the right
# version. `setup.sh` for building and running; `setup.sh test` adds the browser-test pieces;
# `setup.sh bench` adds wrk, the load generator `make bench` measures the ceiling rows with.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
WASM_OPT_VERSION=0.116.1   # binaryen 116
# The wasm-bindgen CLI must match the library in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# A Debian package, when its command is missing.
debian() {
  local command=$1 package=$2
  if ! command -v "$command" >/dev/null; then
    say "installing $package from Debian"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package"
  fi
}

# webauthn-rs (passkeys) links OpenSSL: its headers and pkg-config to find them.
if ! pkg-config --exists openssl 2>/dev/null; then
  say "installing OpenSSL's headers (libssl-dev, pkg-config) from Debian"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libssl-dev pkg-config
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once)"
  cargo install --locked cargo-leptos --version "$CARGO_LEPTOS_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file pins a crate the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! wasm-opt --version 2>/dev/null | grep -q 'version 116'; then
  say "installing wasm-opt $WASM_OPT_VERSION (binaryen 116, about 10 minutes, once)"
  cargo install --locked wasm-opt --version "$WASM_OPT_VERSION" --force
fi

if [ "${1:-}" = "test" ]; then
  # Playwright drives Debian's Chromium (end2end/playwright.config.ts); it downloads no browser.
  debian chromium chromium
  stamp=end2end/node_modules/.kabinet-lock.sha256
  if [ "$(cat "$stamp" 2>/dev/null)" != "$(sha256sum end2end/package-lock.json | cut -d' ' -f1)" ]; then
    say "installing the Playwright runner (npm ci; no browser download)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
    sha256sum end2end/package-lock.json | cut -d' ' -f1 > "$stamp"
  fi
fi
if [ "${1:-}" = "bench" ]; then
  debian wrk wrk
fi
say "tools ready"
