//! Order storage and state changes. Each change is one transaction that checks the state it
//! starts from, so two clicks (or a click and the background task) cannot both apply.

use super::*;
use crate::addresses::AddressFields;
use crate::i18n::Lang;
use crate::money::Money;
use crate::platform::now;
use sqlx::{SqliteConnection, SqlitePool};

/// Whose orders a query may see.
#[derive(Clone, Copy, Debug)]
pub enum Owner {
    Shopper(i64),
    Store(i64),
}

impl Owner {
    fn clause(self) -> (&'static str, i64) {
        match self {
            Owner::Shopper(id) => ("o.user_id = ? AND o.purged_at IS NULL", id),
            Owner::Store(id) => ("o.store_id = ?", id),
        }
    }
}

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: i64,
    status: String,
    store_id: i64,
    store_name: String,
    buyer_name: String,
    items_total: i64,
    shipping: i64,
    discount: i64,
    total: i64,
    ship_recipient: String,
    ship_country: String,
    ship_region: String,
    ship_city: String,
    ship_street: String,
    ship_flat: String,
    ship_postcode: String,
    ship_phone: String,
    carrier: Option<String>,
    tracking_number: Option<String>,
    created_at: i64,
    paid_at: Option<i64>,
    shipped_at: Option<i64>,
    delivered_at: Option<i64>,
    completed_at: Option<i64>,
    cancelled_at: Option<i64>,
    deleted_at: Option<i64>,
    paid: i64,
    refunded: i64,
}

pub fn status_of(code: &str) -> Result<OrderStatus, AppError> {
    OrderStatus::parse(code).ok_or_else(|| {
        tracing::error!(code, "unknown order status in the database");
        AppError::Internal
    })
}

pub async fn detail(
    pool: &SqlitePool,
    lang: Lang,
    owner: Owner,
    number: OrderNumber,
) -> Result<OrderDetail, AppError> {
    let (clause, owner_id) = owner.clause();
    let sql = format!(
        "SELECT o.*, s.name AS store_name, u.name AS buyer_name,
                COALESCE((SELECT amount FROM payments p WHERE p.order_id = o.id), 0) AS paid,
                COALESCE((SELECT SUM(amount) FROM refunds r WHERE r.order_id = o.id), 0) AS refunded
         FROM orders o JOIN stores s ON s.id = o.store_id JOIN users u ON u.id = o.user_id
         WHERE o.number = ? AND {clause}"
    );
    let o = sqlx::query_as::<_, OrderRow>(&sql)
        .bind(number.get())
        .bind(owner_id)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let items: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT product_id, title_ru, title_en, unit_price, quantity FROM order_items
         WHERE order_id = ? ORDER BY id",
    )
    .bind(o.id)
    .fetch_all(pool)
    .await?;
    let events: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT kind, note, created_at FROM tracking_events WHERE order_id = ?
         ORDER BY created_at, id",
    )
    .bind(o.id)
    .fetch_all(pool)
    .await?;
    let status = status_of(&o.status)?;
    let (dispute_steps, dispute) = crate::disputes::ssr::order_steps(pool, o.id).await?;
    let t = now();
    let (can_dispute, dispute_closes) = {
        use crate::disputes::{days_left, dispute_window, open_refusal, DisputeStatus, Window};
        let window = dispute_window(status, o.delivered_at, o.completed_at, t);
        let existing = dispute.is_some_and(|(_, s)| s != DisputeStatus::Withdrawn);
        let refundable = Money(o.paid - o.refunded);
        let can = o.deleted_at.is_none() && open_refusal(window, refundable, existing).is_none();
        match window {
            Window::Open { closes: Some(c) } if can => (true, Some((c, days_left(c, t)))),
            _ => (can, None),
        }
    };
    Ok(OrderDetail {
        number,
        status,
        store_id: o.store_id,
        store_name: o.store_name,
        buyer_name: o.buyer_name,
        items: items
            .into_iter()
            .map(|(product_id, ru, en, price, quantity)| OrderItem {
                product_id,
                title: lang.pick(&ru, &en).to_string(),
                unit_price: Money(price),
                quantity: quantity as u32,
            })
            .collect(),
        items_total: Money(o.items_total),
        shipping: Money(o.shipping),
        discount: Money(o.discount),
        total: Money(o.total),
        address: AddressFields {
            recipient: o.ship_recipient,
            country: o.ship_country,
            region: o.ship_region,
            city: o.ship_city,
            street: o.ship_street,
            flat: o.ship_flat,
            postcode: o.ship_postcode,
            phone: o.ship_phone,
        },
        carrier: o.carrier,
        tracking_number: o.tracking_number,
        created_at: o.created_at,
        paid_at: o.paid_at,
        shipped_at: o.shipped_at,
        delivered_at: o.delivered_at,
        completed_at: o.completed_at,
        cancelled_at: o.cancelled_at,
        deleted_at: o.deleted_at,
        refunded: Money(o.refunded),
        refunds: sqlx::query_as::<_, (i64, i64)>(
            "SELECT created_at, amount FROM refunds WHERE order_id = ? ORDER BY id",
        )
        .bind(o.id)
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|(at, amount)| (at, Money(amount)))
        .collect(),
        confirm_by: None,
        confirm_days_left: None,
        dispute,
        dispute_steps,
        can_dispute,
        dispute_closes,
        events: events
            .into_iter()
            .filter_map(|(kind, note, at)| {
                Some(TrackingEvent {
                    kind: TrackingKind::parse(&kind)?,
                    note,
                    at,
                })
            })
            .collect(),
    })
}

#[derive(sqlx::FromRow)]
pub struct SummaryRow {
    number: i64,
    status: String,
    store_name: String,
    buyer_name: String,
    first_ru: String,
    first_en: String,
    first_product_id: i64,
    units: i64,
    total: i64,
    created_at: i64,
    id: i64,
}

pub const SUMMARY_COLUMNS: &str = "o.number, o.status, s.name AS store_name, u.name AS buyer_name,
    (SELECT title_ru FROM order_items i WHERE i.order_id = o.id ORDER BY i.id LIMIT 1) AS first_ru,
    (SELECT title_en FROM order_items i WHERE i.order_id = o.id ORDER BY i.id LIMIT 1) AS first_en,
    (SELECT product_id FROM order_items i WHERE i.order_id = o.id ORDER BY i.id LIMIT 1) AS first_product_id,
    (SELECT SUM(quantity) FROM order_items i WHERE i.order_id = o.id) AS units,
    o.total, o.created_at, o.id";

impl SummaryRow {
    pub fn summary(self, lang: Lang) -> Result<OrderSummary, AppError> {
        Ok(OrderSummary {
            number: OrderNumber::new(self.number).ok_or(AppError::Internal)?,
            status: status_of(&self.status)?,
            store_name: self.store_name,
            buyer_name: self.buyer_name,
            first_title: lang.pick(&self.first_ru, &self.first_en).to_string(),
            first_product_id: self.first_product_id,
            units: self.units,
            total: Money(self.total),
            created_at: self.created_at,
            cursor: format!("{}.{}", self.created_at, self.id),
        })
    }
}

/// Which orders a payment covers.
pub enum Payable {
    One(OrderNumber),
    /// Every order of one checkout still awaiting payment.
    Checkout(String),
}

/// Records a simulated payment for each order and moves it on to "awaiting shipment".
/// Returns how many orders were paid; paying an order that is not awaiting payment is refused.
pub async fn pay(pool: &SqlitePool, user_id: i64, what: Payable) -> Result<u32, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let orders: Vec<(i64, String, i64)> = match &what {
        Payable::One(n) => {
            sqlx::query_as("SELECT id, status, total FROM orders WHERE user_id = ? AND number = ?")
                .bind(user_id)
                .bind(n.get())
                .fetch_all(&mut *tx)
                .await?
        }
        Payable::Checkout(key) => {
            sqlx::query_as(
                "SELECT id, status, total FROM orders WHERE user_id = ? AND checkout_key = ?",
            )
            .bind(user_id)
            .bind(key)
            .fetch_all(&mut *tx)
            .await?
        }
    };
    if orders.is_empty() {
        return Err(AppError::NotFound);
    }
    let t = now();
    let mut paid = 0;
    for (id, status, total) in orders {
        if status != OrderStatus::AwaitingPayment.code() {
            continue;
        }
        sqlx::query(
            "INSERT INTO payments (order_id, amount, method, created_at) VALUES (?, ?, 'card', ?)",
        )
        .bind(id)
        .bind(total)
        .bind(t)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE orders SET status = 'awaiting_shipment', paid_at = ? WHERE id = ?")
            .bind(t)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        paid += 1;
    }
    if paid == 0 {
        return Err(AppError::OrderState);
    }
    tx.commit().await?;
    Ok(paid)
}

/// Cancels orders still unpaid, putting their stock back. Used by the background task.
pub async fn cancel_in(
    conn: &mut SqliteConnection,
    order_id: i64,
    reason: &str,
    at: i64,
) -> Result<bool, AppError> {
    let changed = sqlx::query(
        "UPDATE orders SET status = 'cancelled', cancelled_at = ?, cancel_reason = ?
         WHERE id = ? AND status IN ('awaiting_payment', 'awaiting_shipment')",
    )
    .bind(at)
    .bind(reason)
    .bind(order_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed == 1 {
        sqlx::query(
            "UPDATE products SET stock = stock + i.quantity,
                    orders_count = MAX(0, orders_count - i.quantity)
             FROM (SELECT product_id, SUM(quantity) AS quantity FROM order_items
                   WHERE order_id = ? GROUP BY product_id) AS i
             WHERE products.id = i.product_id",
        )
        .bind(order_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(changed == 1)
}

/// Adds a tracking event; "delivered" also moves the order to "delivered".
pub async fn add_event_in(
    conn: &mut SqliteConnection,
    order_id: i64,
    kind: TrackingKind,
    note: &str,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO tracking_events (order_id, kind, note, created_at) VALUES (?, ?, ?, ?)",
    )
    .bind(order_id)
    .bind(kind.code())
    .bind(note)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    if kind == TrackingKind::Delivered {
        sqlx::query(
            "UPDATE orders SET status = 'delivered', delivered_at = ? WHERE id = ? AND status = 'shipped'",
        )
        .bind(at)
        .bind(order_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
