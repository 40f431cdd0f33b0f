//! The soak's database checks, read-only beside the server (WAL) or after it stopped.

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

/// The checks of the module's doc comment; panics with what broke.
pub(super) async fn verify(db: &Path, stock_at_start: &HashMap<i64, i64>, placed: &[String]) {
    let mut conn = SqliteConnectOptions::from_str(&format!("sqlite://{}", db.display()))
        .unwrap()
        .read_only(true)
        .connect()
        .await
        .unwrap();
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(integrity, "ok");
    for key in placed {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE checkout_key = ?")
            .bind(key)
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert!(
            n > 0,
            "checkout {key} was answered as placed but has no order"
        );
    }
    let held: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT p.id, p.stock, COALESCE((SELECT SUM(i.quantity) FROM order_items i
                 JOIN orders o ON o.id = i.order_id
                 WHERE i.product_id = p.id AND o.status <> 'cancelled'), 0)
         FROM products p",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for (id, stock, sold) in held {
        assert!(stock >= 0, "product {id}: stock {stock}");
        let before = stock_at_start.get(&id).copied().unwrap_or(stock + sold);
        assert_eq!(before, stock + sold, "product {id}: stock not conserved");
    }
    let bad: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM orders o LEFT JOIN payments p ON p.order_id = o.id
         WHERE (o.status = 'awaiting_payment' AND p.id IS NOT NULL)
            OR (o.status IN ('awaiting_shipment', 'shipped', 'delivered', 'completed')
                AND (p.id IS NULL OR p.amount <> o.items_total + o.shipping - o.discount))
            OR COALESCE((SELECT SUM(amount) FROM refunds r WHERE r.order_id = o.id), 0)
               > COALESCE(p.amount, 0)",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(bad, 0, "orders whose money does not balance");
    let _ = conn.close().await;
}

pub(super) async fn stock(db: &Path) -> HashMap<i64, i64> {
    let mut conn = SqliteConnectOptions::from_str(&format!("sqlite://{}", db.display()))
        .unwrap()
        .read_only(true)
        .connect()
        .await
        .unwrap();
    // Stock plus what orders already hold (the demo shopper's history): the products' totals.
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT p.id, p.stock + COALESCE((SELECT SUM(i.quantity) FROM order_items i
                 JOIN orders o ON o.id = i.order_id
                 WHERE i.product_id = p.id AND o.status <> 'cancelled'), 0)
         FROM products p",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    rows.into_iter().collect()
}
