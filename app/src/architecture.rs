//! The dependency rules of ARCHITECTURE.md, checked on the source: sections form no cycle,
//! `orders` does not know `disputes`, `platform` is a leaf, and each state column has one owner
//! (no status literal and no status write outside it).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Account sections: each may use shared modules and sections earlier in the dependency order.
const SECTIONS: &[&str] = &[
    "account",
    "addresses",
    "admin",
    "auth",
    "cart",
    "catalog",
    "checkout",
    "club",
    "club_page",
    "coupons",
    "disputes",
    "favourites",
    "follows",
    "giftcards",
    "messages",
    "notify",
    "order_page",
    "orders",
    "recent",
    "reports",
    "reviews",
    "seller",
    "settings",
    "translate",
    "wishlist",
];

/// Shared plumbing. None of it imports a section, except the page frame (`layout`), whose header
/// has the sign-out button of `auth` and the unread count of `messages`.
const SHARED: &[&str] = &[
    "codes", "context", "domain", "error", "field", "forms", "i18n", "ids", "images", "layout",
    "money", "pages", "paging", "platform", "web", "widgets", "zone",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src readable") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`orders/ssr.rs` → `orders`, `jobs.rs` → `jobs`).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(src()).expect("under src");
    let first = rel.components().next().expect("a component");
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_string()
}

/// Every file's text, without comment lines (they may name anything).
fn sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    files
        .into_iter()
        .filter(|p| !p.ends_with("architecture.rs"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            let code: Vec<&str> = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect();
            (p, code.join("\n"))
        })
        .collect()
}

/// Modules named by `crate::name` in `text`.
fn crate_refs(text: &str) -> BTreeSet<String> {
    text.match_indices("crate::")
        .map(|(i, m)| {
            text[i + m.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Which modules each top-level module uses.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in sources() {
        let from = module_of(&path);
        let refs: Vec<String> = crate_refs(&text)
            .into_iter()
            .filter(|m| *m != from)
            .collect();
        g.entry(from).or_default().extend(refs);
    }
    g
}

#[test]
fn sections_form_no_cycle() {
    let g = graph();
    let edges = |m: &str| -> Vec<String> {
        g.get(m)
            .map(|s| {
                s.iter()
                    .filter(|t| SECTIONS.contains(&t.as_str()))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    };
    // Depth-first search from every section, failing on a back edge.
    fn visit(
        m: &str,
        edges: &dyn Fn(&str) -> Vec<String>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if let Some(i) = path.iter().position(|p| p == m) {
            panic!(
                "sections import each other: {} → {m}",
                path[i..].join(" → ")
            );
        }
        if done.contains(m) {
            return;
        }
        path.push(m.to_string());
        for next in edges(m) {
            visit(&next, edges, path, done);
        }
        path.pop();
        done.insert(m.to_string());
    }
    let mut done = BTreeSet::new();
    for s in SECTIONS {
        visit(s, &edges, &mut Vec::new(), &mut done);
    }
}

#[test]
fn orders_do_not_know_disputes() {
    let g = graph();
    assert!(
        !g["orders"].contains("disputes"),
        "disputes depend on orders, never the other way: the order page is assembled in order_page"
    );
}

#[test]
fn shared_modules_import_no_section() {
    let g = graph();
    for m in SHARED {
        let allowed: &[&str] = if *m == "layout" {
            &["auth", "messages"]
        } else {
            &[]
        };
        let bad: Vec<&String> = g
            .get(*m)
            .into_iter()
            .flatten()
            .filter(|t| {
                (SECTIONS.contains(&t.as_str()) || *t == "demo" || *t == "jobs")
                    && !allowed.contains(&t.as_str())
            })
            .collect();
        assert!(bad.is_empty(), "shared module `{m}` imports {bad:?}");
    }
    let platform = &g["platform"];
    assert!(
        platform.iter().all(|t| SHARED.contains(&t.as_str())),
        "platform is a leaf: {platform:?}"
    );
}

/// Files (relative to `src/`) that may write a table's state column or name its states.
fn owner_files(table: &str) -> &'static [&'static str] {
    match table {
        "orders" => &[
            "orders/state.rs",
            "orders/state/jobs.rs",
            "orders/state/past.rs",
            "orders/state/pay.rs",
        ],
        "disputes" => &["disputes/ssr.rs", "disputes/ssr/transitions.rs"],
        "points_ledger" => &["club/ssr.rs"],
        "user_coupons" => &["coupons/ssr/write.rs"],
        "gift_cards" => &["giftcards/ssr.rs"],
        "reports" => &["reports/ssr/write.rs"],
        "translation_proposals" => &["translate/ssr/write.rs"],
        "social_identities" => &["auth/social/store.rs"],
        "passkeys" => &["auth/passkeys/ssr.rs"],
        _ => &[],
    }
}

#[test]
fn each_state_column_is_written_by_its_owner_only() {
    for (path, text) in sources() {
        let rel = path
            .strip_prefix(src())
            .unwrap()
            .to_string_lossy()
            .to_string();
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for table in [
            "orders",
            "disputes",
            "user_coupons",
            "reports",
            "translation_proposals",
        ] {
            let writes_state = flat.contains(&format!("UPDATE {table} SET state"));
            let writes = writes_state
                || flat.contains(&format!("UPDATE {table} SET status"))
                || flat.contains(&format!("move_state(conn, \"{table}\""))
                || flat.contains(&format!("INSERT INTO {table} ("));
            assert!(
                !writes || owner_files(table).contains(&rel.as_str()),
                "{rel} writes {table}.status; call the transitions of {:?}",
                owner_files(table)
            );
        }
        // The points ledger has no state column: every write to it is the club's.
        let ledger = [
            "INSERT INTO points_ledger",
            "UPDATE points_ledger",
            "DELETE FROM points_ledger",
        ]
        .iter()
        .any(|w| flat.contains(w));
        assert!(
            !ledger || owner_files("points_ledger").contains(&rel.as_str()),
            "{rel} writes points_ledger; call the functions of club::ssr"
        );
        // Which account a provider identity signs in to: the links' own module only.
        let links = [
            "INSERT INTO social_identities",
            "UPDATE social_identities",
            "DELETE FROM social_identities",
        ]
        .iter()
        .any(|w| flat.contains(w));
        assert!(
            !links || owner_files("social_identities").contains(&rel.as_str()),
            "{rel} writes social_identities; call auth::social::store"
        );
        // Which account a passkey signs in to, and its signature counter: the passkeys' own
        // module only (the ceremonies and handles with them).
        let keys = ["passkeys", "passkey_handles", "passkey_ceremonies"]
            .iter()
            .flat_map(|t| {
                [
                    format!("INSERT INTO {t} "),
                    format!("UPDATE {t} SET"),
                    format!("DELETE FROM {t} "),
                ]
            })
            .any(|w| flat.contains(&w));
        assert!(
            !keys || owner_files("passkeys").contains(&rel.as_str()),
            "{rel} writes passkeys; call auth::passkeys::ssr"
        );
        // A gift card's balance moves only with its history, in the gift cards' own module.
        let gift = [
            "UPDATE gift_cards SET balance",
            "INSERT INTO gift_card_moves",
            "UPDATE gift_card_moves",
        ]
        .iter()
        .any(|w| flat.contains(w));
        assert!(
            !gift || owner_files("gift_cards").contains(&rel.as_str()),
            "{rel} writes a gift card's balance; call the functions of giftcards::ssr"
        );
    }
}

#[test]
fn no_status_literal_outside_its_owner() {
    use crate::disputes::DisputeStatus;
    use crate::orders::OrderStatus;
    let owners = [
        (
            "orders/",
            OrderStatus::ALL
                .iter()
                .map(|s| s.code())
                .collect::<Vec<_>>(),
        ),
        (
            "disputes/",
            DisputeStatus::ALL.iter().map(|s| s.code()).collect(),
        ),
        (
            "coupons/",
            crate::coupons::Use::ALL.iter().map(|s| s.code()).collect(),
        ),
        (
            "reports/",
            crate::reports::ReportStatus::ALL
                .iter()
                .map(|s| s.code())
                .collect(),
        ),
        (
            "translate/",
            crate::translate::ProposalStatus::ALL
                .iter()
                .map(|s| s.code())
                .collect(),
        ),
    ];
    for (path, text) in sources() {
        let rel = path
            .strip_prefix(src())
            .unwrap()
            .to_string_lossy()
            .to_string();
        for (owner, codes) in &owners {
            if rel.starts_with(owner) {
                continue;
            }
            for code in codes {
                // In SQL a state is `'code'`; in Rust `"code"`, except as a test id or a URL
                // flag (`data-testid="refunded"`, `query.get("shipped")`), which name no state.
                let sql = format!("'{code}'");
                assert!(
                    !text.contains(&sql),
                    "{rel} spells the state {sql} in SQL; bind the enum of {owner}"
                );
                let rust = format!("\"{code}\"");
                for (i, _) in text.match_indices(&rust) {
                    let before = &text[..i];
                    let named = before.ends_with("data-testid=") || before.ends_with(".get(");
                    assert!(
                        named,
                        "{rel} spells the state {rust}; use the enum of {owner}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_checks_see_the_code_they_guard() {
    // A test that cannot fail guards nothing: the graph must hold the known edges.
    let g = graph();
    assert!(g["disputes"].contains("orders"));
    assert!(g["checkout"].contains("orders"));
    assert!(crate_refs("use crate::orders::state; crate::ids::UserId").contains("orders"));
    let spelled = sources()
        .iter()
        .any(|(p, t)| p.ends_with("orders/model.rs") && t.contains("\"awaiting_shipment\""));
    assert!(
        spelled,
        "the owner's own codes are found where they are declared"
    );
}
