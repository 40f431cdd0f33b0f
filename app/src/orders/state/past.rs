//! Orders created already in a past state, for the demo data (`KABINET_DEMO=1`): the only
//! writes of `orders.status` outside the transitions, kept here with their owner so that no other
//! module writes an order's state. The running app never calls them.

use super::S;
use crate::error::AppError;
use crate::ids::OrderId;
use crate::money::Money;
use crate::orders::OrderStatus;
use crate::platform::now;
use sqlx::sqlite::SqliteConnection;

const DAY: i64 = 86_400;

/// One order as it stands after its history: the times of the steps it went through.
pub struct PastOrder {
    pub number: i64,
    pub user_id: i64,
    pub store_id: i64,
    pub key: String,
    pub status: OrderStatus,
    /// Items total and total (no shipping, no discount in the demo).
    pub total: i64,
    /// The tracking number, for an order that was shipped.
    pub tracking: Option<String>,
    pub created: i64,
    pub paid: Option<i64>,
    pub shipped: Option<i64>,
    pub delivered: Option<i64>,
}

/// Writes the order (to the demo shopper's Moscow address) and returns its id. A completed order
/// was completed four days after it was placed, a cancelled one the next day.
pub async fn insert_past_in(conn: &mut SqliteConnection, o: &PastOrder) -> Result<i64, AppError> {
    let completed = (o.status == S::Completed).then_some(o.created + 4 * DAY);
    let cancelled = (o.status == S::Cancelled).then_some(o.created + DAY);
    let id = sqlx::query_scalar(
        "INSERT INTO orders (number, user_id, store_id, checkout_key, status, items_total, total,
                ship_recipient, ship_country, ship_region, ship_city, ship_street, ship_flat,
                ship_postcode, ship_phone, carrier, tracking_number, created_at, paid_at,
                shipped_at, delivered_at, completed_at, cancelled_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'Юлия Иванова', 'RU', 'Москва', 'Москва',
                'ул. Тверская, д. 7', '12', '125009', '+79001234567', ?, ?, ?, ?, ?, ?, ?, ?)
         RETURNING id",
    )
    .bind(o.number)
    .bind(o.user_id)
    .bind(o.store_id)
    .bind(&o.key)
    .bind(o.status)
    .bind(o.total)
    .bind(o.total)
    .bind(o.tracking.as_ref().map(|_| "Почта России"))
    .bind(&o.tracking)
    .bind(o.created)
    .bind(o.paid)
    .bind(o.shipped)
    .bind(o.delivered)
    .bind(completed)
    .bind(cancelled)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// `count` orders for benchmarks in one set-based statement: every hundredth belongs to the
/// `shopper`, the rest to the 40 sellers from `first_seller` on as buyers. None is unpaid or
/// delivered, so the background passes leave them alone.
pub async fn insert_bulk_in(
    conn: &mut SqliteConnection,
    shopper: i64,
    first_seller: i64,
    count: u32,
) -> Result<(), AppError> {
    sqlx::query(
        "WITH RECURSIVE seq(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM seq WHERE k < ? - 1)
         INSERT INTO orders (number, user_id, store_id, checkout_key, status, items_total, total,
                ship_recipient, ship_country, ship_region, ship_city, ship_street, ship_flat,
                ship_postcode, ship_phone, created_at)
         SELECT 2000000000000000 + k,
                CASE WHEN k % 100 = 0 THEN ? ELSE ? + k % 40 END,
                1 + (k / 100) % 40, 'bulk-' || k,
                CASE (k / 100) % 5 WHEN 0 THEN ? WHEN 1 THEN ? WHEN 2 THEN ? WHEN 3 THEN ? ELSE ? END,
                1000, 1000, 'Юлия Иванова', 'RU', 'Москва', 'Москва', 'ул. Тверская, д. 7', '12',
                '125009', '+79001234567', ? - k * 30
         FROM seq",
    )
    .bind(count as i64)
    .bind(shopper)
    .bind(first_seller)
    .bind(S::Cancelled)
    .bind(S::AwaitingShipment)
    .bind(S::Shipped)
    .bind(S::Closed)
    .bind(S::Completed)
    .bind(now() - DAY)
    .execute(conn)
    .await?;
    Ok(())
}

/// Demo data only: a coupon took `discount` off past order `id` (already paid): its total and
/// payment shrink by it, as if it had been placed with the coupon.
pub async fn discount_demo_in(
    conn: &mut SqliteConnection,
    id: OrderId,
    discount: Money,
) -> Result<(), AppError> {
    sqlx::query("UPDATE orders SET discount = ?1, total = items_total - ?1 WHERE id = ?2 AND items_total > ?1")
        .bind(discount.cents())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE payments SET amount = (SELECT total FROM orders WHERE id = ?1) WHERE order_id = ?1",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Demo data only: `gift` of past order `id`'s payment came from gift cards (the caller takes it
/// from them).
pub async fn gift_demo_in(
    conn: &mut SqliteConnection,
    id: OrderId,
    gift: Money,
) -> Result<(), AppError> {
    sqlx::query("UPDATE payments SET gift_amount = MIN(amount, ?), method = 'gift_card+card' WHERE order_id = ?")
        .bind(gift.cents())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
