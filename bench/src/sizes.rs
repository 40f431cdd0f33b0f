//! First-load bytes per route: for every route, what a first visit downloads before the page is
//! interactive, brotli-compressed as served: the files under `/pkg/` that the server-rendered page
//! references (main JS and WASM, the CSS, and the chunks it preloads for that route's lazy
//! view). `make sizes` (part of `make test`) fails when a route is over the budget.

use super::{client, sign_in_as, ADDR};
use std::collections::BTreeSet;
use std::path::Path;

/// The goal for one route's first load, brotli bytes (issue 10): routes above it are marked.
pub const TARGET: u64 = 250 * 1000;
/// What CI enforces today: no route may grow past this while the work towards [`TARGET`] goes
/// on. The split build measured 249–431 KB before reviews, the club, the wish list, recently
/// viewed and favourite stores, and 269–507 KB after them (2026-11-30): the main WASM grew 16 KB,
/// and a route now pulls up to 319 small shared chunks (the product page). Raised from 450 KB
/// then. Coupons, gift cards and settings (stop 22) took the routes to 321–564 KB: the main
/// frame grew 24 KB (the error table's new messages, the header's photo and settings links), and
/// the product page carries the coupon offers as server-built HTML (it was 593 KB with them as
/// a component). Raised from 550 KB then. Reports, translation and the moderation console
/// (issue 16) and the settings e-mails took them to 334–583 KB: the main frame grew about 12 KB
/// (the error table's and fields' new entries, the e-mail kind, the menu links), the product page
/// 18 KB. Raised from 575 KB then; lower it as routes come down (issue 10), and set it to `TARGET`
/// when they all fit.
pub const BUDGET: u64 = 600 * 1000;
// The goal is never looser than the gate.
const _: () = assert!(TARGET <= BUDGET);

/// One route's first load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub route: String,
    pub files: Vec<String>,
    pub bytes: u64,
}

/// Every distinct `/pkg/…` file a page references, in the order found.
pub fn pkg_files(html: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, _) in html.match_indices("/pkg/") {
        let rest = &html[i + "/pkg/".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            .collect();
        if !name.is_empty() && name.contains('.') && seen.insert(name.clone()) {
            out.push(name);
        }
    }
    out
}

/// `__wasm_split_manifest.*.json`: for each lazy function, the WASM chunks it needs (its own
/// and the shared ones), and the `__wasm_split.*.js` loader that fetches them.
pub struct Manifest {
    views: Vec<(String, Vec<String>)>,
    loader: Option<String>,
}

impl Manifest {
    /// The manifest and loader of the build the server runs: `hash.txt` beside its binary names
    /// them (`manifest: …`, `split: …`), since `make build` keeps the previous build's files in
    /// the same folder. An empty manifest when the site was built without `--split`.
    pub fn read(pkg: &Path, hash_file: &Path) -> Manifest {
        let hashes = std::fs::read_to_string(hash_file).unwrap_or_default();
        let hash = |key: &str| {
            hashes.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                (k.trim() == key).then(|| v.trim().to_string())
            })
        };
        let manifest = hash("manifest")
            .map(|h| format!("__wasm_split_manifest.{h}.json"))
            .unwrap_or_else(|| "__wasm_split_manifest.json".into());
        let loader = hash("split")
            .map(|h| format!("__wasm_split.{h}.js"))
            .filter(|f| pkg.join(f).exists());
        let views = std::fs::read_to_string(pkg.join(manifest))
            .ok()
            .and_then(|text| {
                serde_json::from_str::<std::collections::HashMap<String, Vec<String>>>(&text).ok()
            })
            .map(|m| m.into_iter().collect())
            .unwrap_or_default();
        Manifest { views, loader }
    }

    /// The files the lazy view of route `view` (`cart_route` for `CartRoute`) loads.
    pub fn chunks_of(&self, view: &str) -> Vec<String> {
        let key = format!("__{view}_view_");
        let chunks = self
            .views
            .iter()
            .filter(|(k, _)| k.starts_with(&key))
            .flat_map(|(_, files)| files.iter().map(|f| format!("{f}.wasm")));
        self.loader.iter().cloned().chain(chunks).collect()
    }
}

/// Bytes served for `name`: its precompressed `.br` when there is one, else the file itself.
pub fn served_bytes(pkg: &Path, name: &str) -> u64 {
    let br = pkg.join(format!("{name}.br"));
    std::fs::metadata(&br)
        .or_else(|_| std::fs::metadata(pkg.join(name)))
        .map(|m| m.len())
        .unwrap_or(0)
}

/// The routes over `budget`.
pub fn over_budget(rows: &[Row], budget: u64) -> Vec<&Row> {
    rows.iter().filter(|r| r.bytes > budget).collect()
}

pub fn print(rows: &[Row], budget: u64) {
    println!(
        "First load per route (brotli bytes: main WASM + JS + the route's chunks + CSS; \
         goal {} KB, CI fails above {} KB)",
        TARGET / 1000,
        budget / 1000
    );
    for r in rows {
        let mark = if r.bytes > budget {
            "  OVER BUDGET"
        } else if r.bytes > TARGET {
            "  (above the goal)"
        } else {
            ""
        };
        println!(
            "  {:<34} {:>7.1} KB  ({} files){mark}",
            r.route,
            r.bytes as f64 / 1000.0,
            r.files.len()
        );
    }
}

/// The first link in `html` that is `prefix` followed by a number (`/product/12`).
fn first_link(html: &str, prefix: &str) -> Option<String> {
    let pattern = format!("href=\"{prefix}");
    html.match_indices(&pattern).find_map(|(i, _)| {
        let start = i + "href=\"".len();
        let end = start + html[start..].find('"')?;
        let link = &html[start..end];
        let rest = &link[prefix.len()..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        (digits > 0 && digits == rest.len()).then(|| link.to_string())
    })
}

async fn page(c: &reqwest::Client, path: &str, cookie: Option<&str>) -> String {
    let mut r = c.get(format!("http://{ADDR}{path}"));
    if let Some(ck) = cookie {
        r = r.header("cookie", ck);
    }
    let res = r.send().await.expect("page request");
    assert!(
        res.status().is_success() || res.status() == reqwest::StatusCode::NOT_FOUND,
        "{path} answered {}",
        res.status()
    );
    res.text().await.expect("page body")
}

/// Measures every route of the running demo server (`KABINET_DEMO=1`), as a guest, the demo
/// shopper or a seller as the route needs.
pub async fn measure(pkg: &Path, hash_file: &Path) -> Vec<Row> {
    let c = client(None);
    let shopper = sign_in_as(&c, "demo@kabinet.local", "demo-pass-2026")
        .await
        .expect("the demo shopper signs in");
    let seller = sign_in_as(&c, "seller1@kabinet.local", "seller-pass-2026")
        .await
        .expect("a demo seller signs in");
    let home = page(&c, "/", None).await;
    let product = first_link(&home, "/product/").expect("a product on the home page");
    let store = first_link(&page(&c, &product, None).await, "/store/").expect("a store link");
    let orders = page(&c, "/account/orders", Some(&shopper)).await;
    let order = first_link(&orders, "/account/orders/").expect("a demo order");
    let seller_home = page(&c, "/seller", Some(&seller)).await;
    let seller_order = first_link(&seller_home, "/seller/orders/");
    let disputes = page(&c, "/account/disputes", Some(&shopper)).await;
    let dispute = first_link(&disputes, "/account/disputes/");

    // (route, an address of it, its lazy view's name in app/src/routes.rs, snake case)
    let guest: Vec<(&str, String, &str)> = vec![
        ("/", "/".into(), "home_route"),
        (
            "/search",
            "/search?q=%D1%87%D0%B0%D0%B9".into(),
            "search_route",
        ),
        ("/product/{id}", product, "product_route"),
        ("/store/{id}", store, "store_route"),
        ("/login", "/login".into(), "login_route"),
        ("/register", "/register".into(), "register_route"),
        (
            "/password/forgot",
            "/password/forgot".into(),
            "forgot_route",
        ),
        (
            "/password/reset/{token}",
            "/password/reset/x".into(),
            "reset_route",
        ),
        (
            "/email/confirm/{token}",
            "/email/confirm/x".into(),
            "confirm_email_route",
        ),
        ("/help/signin", "/help/signin".into(), "sign_in_help_route"),
    ];
    let mut signed: Vec<(&str, String, &str)> = vec![
        ("/account", "/account".into(), "account_route"),
        ("/account/orders", "/account/orders".into(), "orders_route"),
        (
            "/account/orders/deleted",
            "/account/orders/deleted".into(),
            "deleted_orders_route",
        ),
        ("/account/orders/{number}", order.clone(), "order_route"),
        (
            "/account/orders/{number}/dispute",
            format!("{order}/dispute"),
            "open_dispute_route",
        ),
        (
            "/account/disputes",
            "/account/disputes".into(),
            "disputes_route",
        ),
        ("/account/club", "/account/club".into(), "club_route"),
        (
            "/account/wishlist",
            "/account/wishlist".into(),
            "wishlist_route",
        ),
        (
            "/account/messages",
            "/account/messages".into(),
            "messages_route",
        ),
        (
            "/account/messages/{id}",
            "/account/messages/1".into(),
            "conversation_route",
        ),
        ("/account/recent", "/account/recent".into(), "recent_route"),
        (
            "/account/stores",
            "/account/stores".into(),
            "favourite_stores_route",
        ),
        (
            "/account/addresses",
            "/account/addresses".into(),
            "addresses_route",
        ),
        (
            "/account/addresses/new",
            "/account/addresses/new".into(),
            "address_new_route",
        ),
        ("/cart", "/cart".into(), "cart_route"),
        ("/checkout", "/checkout".into(), "checkout_route"),
        (
            "/checkout/pay/{key}",
            "/checkout/pay/AAAAAAAAAAAAAAAAAAAAAA".into(),
            "pay_route",
        ),
    ];
    if let Some(d) = dispute {
        signed.push(("/account/disputes/{id}", d, "dispute_route"));
    }
    // The sections after the purchase: one plain address each.
    for (route, view) in [
        ("/account/reviews", "reviews_route"),
        ("/account/coupons", "coupons_route"),
        ("/account/coupons/gift-cards", "gift_cards_route"),
        ("/account/settings/profile", "profile_route"),
        ("/account/settings/security", "security_route"),
        ("/account/settings/notifications", "notifications_route"),
        ("/account/settings/subscriptions", "subscriptions_route"),
        ("/account/reports", "reports_route"),
        ("/account/translate", "translate_route"),
    ] {
        signed.push((route, route.into(), view));
    }
    let mut sellers: Vec<(&str, String, &str)> = vec![
        ("/seller", "/seller".into(), "seller_home_route"),
        (
            "/seller/disputes",
            "/seller/disputes".into(),
            "seller_disputes_route",
        ),
        (
            "/seller/messages",
            "/seller/messages".into(),
            "seller_messages_route",
        ),
        (
            "/seller/products",
            "/seller/products".into(),
            "seller_products_route",
        ),
        (
            "/seller/coupons",
            "/seller/coupons".into(),
            "seller_coupons_route",
        ),
    ];
    if let Some(o) = seller_order {
        sellers.push(("/seller/orders/{number}", o, "seller_order_route"));
    }
    let moderator = sign_in_as(&c, "moderator@kabinet.local", "moderator-pass-2026")
        .await
        .expect("the demo moderator signs in");
    let staff: Vec<(&str, String, &str)> = vec![("/admin", "/admin".into(), "admin_route")];
    let manifest = Manifest::read(pkg, hash_file);

    let mut rows = Vec::new();
    for (who, list) in [
        (None, guest),
        (Some(shopper.as_str()), signed),
        (Some(seller.as_str()), sellers),
        (Some(moderator.as_str()), staff),
    ] {
        for (route, path, view) in list {
            let html = page(&c, &path, who).await;
            let mut files = pkg_files(&html);
            // What hydration loads for the route's lazy view, preloaded or not.
            for f in manifest.chunks_of(view) {
                if !files.contains(&f) {
                    files.push(f);
                }
            }
            let bytes = files.iter().map(|f| served_bytes(pkg, f)).sum();
            rows.push(Row {
                route: route.to_string(),
                files,
                bytes,
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pkg_file_a_page_references_is_counted_once() {
        let html = r#"<link rel="modulepreload" href="/pkg/kabinet.ab12.js">
            <link rel="preload" href="/pkg/kabinet.ab12.wasm" as="fetch">
            <link rel="stylesheet" href="/pkg/kabinet.cd34.css">
            <link rel="preload" href="/pkg/orders_chunk-1f.wasm"><script>import('/pkg/kabinet.ab12.js')</script>"#;
        assert_eq!(
            pkg_files(html),
            [
                "kabinet.ab12.js",
                "kabinet.ab12.wasm",
                "kabinet.cd34.css",
                "orders_chunk-1f.wasm"
            ]
        );
    }

    #[test]
    fn the_manifest_of_the_running_build_is_read_when_the_previous_build_is_kept() {
        let dir = std::env::temp_dir().join(format!("kabinet-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
        write(
            "__wasm_split_manifest.old.json",
            r#"{"__cart_route_view_1": ["chunk_1.o"]}"#,
        );
        write(
            "__wasm_split_manifest.new.json",
            r#"{"__cart_route_view_2": ["chunk_9.n"]}"#,
        );
        write("__wasm_split.old.js", "");
        write("__wasm_split.new.js", "");
        write("hash.txt", "js: a\nwasm: b\nmanifest: new\nsplit: new\n");
        let m = Manifest::read(&dir, &dir.join("hash.txt"));
        assert_eq!(
            m.chunks_of("cart_route"),
            ["__wasm_split.new.js", "chunk_9.n.wasm"]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_route_over_the_budget_is_reported_and_one_under_it_is_not() {
        // The deliberate over-budget build: a route whose files add up past the budget.
        let dir = std::env::temp_dir().join(format!("kabinet-sizes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("big.wasm.br"), vec![0u8; (BUDGET + 1) as usize]).unwrap();
        std::fs::write(dir.join("small.js"), vec![0u8; 1000]).unwrap();
        let row = |route: &str, files: &[&str]| Row {
            route: route.into(),
            files: files.iter().map(|f| f.to_string()).collect(),
            bytes: files.iter().map(|f| served_bytes(&dir, f)).sum(),
        };
        let rows = [
            row("/heavy", &["big.wasm", "small.js"]),
            row("/light", &["small.js"]),
        ];
        let over = over_budget(&rows, BUDGET);
        assert_eq!(over.len(), 1);
        assert_eq!(over[0].route, "/heavy");
        assert_eq!(over[0].bytes, BUDGET + 1001);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
