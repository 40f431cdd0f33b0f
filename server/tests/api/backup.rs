//! `server backup PATH` while the server takes orders, then `server restore PATH` into a new
//! database: the copy is consistent (stock, items, totals and payments agree) and serves.

use crate::helpers::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

const STOCK: i64 = 1000;

/// Runs the server binary with `args` against `database_url`; its exit status and output.
fn tool(args: &[&str], database_url: &str) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// What must hold in any consistent copy: every order has items adding up to its total, every
/// product's stock plus what was ordered is what it started with, every paid order has its one
/// payment of its total and no payment is without its order. Returns the number of orders.
async fn check_invariants(pool: &sqlx::SqlitePool) -> i64 {
    let bad_totals: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM orders o WHERE o.total <>
           (SELECT COALESCE(SUM(unit_price * quantity), -1) FROM order_items i WHERE i.order_id = o.id)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(bad_totals, 0, "orders whose items do not add up");
    let bad_stock: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM products p WHERE p.stock +
           (SELECT COALESCE(SUM(quantity), 0) FROM order_items i WHERE i.product_id = p.id) <> ?",
    )
    .bind(STOCK)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        bad_stock, 0,
        "stock taken without its order, or the reverse"
    );
    let bad_payments: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM orders o WHERE o.paid_at IS NOT NULL AND NOT EXISTS
                   (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.amount = o.total))
              + (SELECT COUNT(*) FROM payments p WHERE NOT EXISTS
                   (SELECT 1 FROM orders o WHERE o.id = p.order_id AND o.paid_at IS NOT NULL))",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(bad_payments, 0, "payments and paid orders disagree");
    sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_write_load_restores_whole_and_consistent() {
    let app = spawn_app().await;
    let store = app.store("Лавка", None).await;
    let mut products = vec![];
    for i in 0..4 {
        products.push(app.product(store, "Кружка", "Mug", 500 + i, STOCK).await);
    }
    // Three shoppers placing and paying orders for as long as the test runs.
    let stop = Arc::new(AtomicBool::new(false));
    let mut load = vec![];
    for s in 0..3 {
        let (c, _) = app.shopper(&format!("s{s}@example.ru")).await;
        let address = app.address(&c).await;
        let (app, stop, products) = (&app, stop.clone(), products.clone());
        let pool = app.pool.clone();
        load.push(async move {
            let mut placed = 0;
            let mut k = s;
            while !stop.load(Ordering::Relaxed) {
                k += 1;
                let product = products[k % products.len()];
                app.add_to_cart(&c, product, "2").await.unwrap();
                let key = app.place(&c, address).await.unwrap();
                let n: i64 = sqlx::query_scalar("SELECT number FROM orders WHERE checkout_key = ?")
                    .bind(&key)
                    .fetch_one(&pool)
                    .await
                    .unwrap();
                app.call(&c, "pay_order", &[("number", &n.to_string())])
                    .await
                    .unwrap();
                placed += 1;
            }
            placed
        });
    }
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("kabinet-backup.db");
    let copy_path = copy.to_str().unwrap().to_string();
    let url = app.database_url.clone();
    let backup = async {
        // Let the load get going, back up in the middle of it, let it go on a little after.
        while app.count("SELECT COUNT(*) FROM payments").await < 6 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let (url, path) = (url.clone(), copy_path.clone());
        let out = tokio::task::spawn_blocking(move || tool(&["backup", &path], &url))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        stop.store(true, Ordering::Relaxed);
        out
    };
    let (placed, (ok, report)) = tokio::join!(futures_util::future::join_all(load), backup);
    assert!(ok, "{report}");
    assert!(
        report.contains("integrity ok") && report.contains("orders:"),
        "{report}"
    );
    let placed: i64 = placed.iter().sum();
    let live = check_invariants(&app.pool).await;
    assert_eq!(live, placed);

    // A backup never overwrites a file.
    let (again, why) = tool(&["backup", &copy_path], &url);
    assert!(!again && why.contains("already exists"), "{why}");

    // Restored into a new place, it holds a consistent prefix of what happened.
    let restored = dir.path().join("restored").join("kabinet.db");
    let restored_url = format!("sqlite://{}?mode=rwc", restored.display());
    let (ok, report) = tool(&["restore", &copy_path], &restored_url);
    assert!(ok, "{report}");
    let back = spawn_app_configured(false, |c| c.database_url = restored_url.clone()).await;
    let orders = check_invariants(&back.pool).await;
    assert!(orders >= 6 && orders <= live, "{orders} of {live}");
    assert_eq!(back.count("SELECT COUNT(*) FROM users").await, 3);
    assert_eq!(back.count("SELECT COUNT(*) FROM products").await, 4);
    // And it serves: a shopper signs in and sees their orders.
    let c = client(&back);
    back.login(&c, "s0@example.ru", "Korova-Moloko-2026")
        .await
        .unwrap();
    let (status, _) = back.page(&c, "/account/orders").await;
    assert_eq!(status, reqwest::StatusCode::OK);

    // Restoring over an existing database keeps the old one aside.
    let (ok, report) = tool(&["restore", &copy_path], &restored_url);
    assert!(ok, "{report}");
    let kept = std::fs::read_dir(restored.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains(".before-restore-"));
    assert!(kept, "the replaced database is kept");
}
