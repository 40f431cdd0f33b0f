//! Order reads (one order, list rows), payment and tracking. State changes go through
//! [`super::state`], the one writer of `orders.status`.

use super::state;
use super::*;
use crate::addresses::AddressFields;
use crate::error::Context;
use crate::i18n::Lang;
use crate::ids::{OrderId, Party, UserId};
use crate::money::Money;
use crate::platform::now;
use sqlx::{SqliteConnection, SqlitePool};

/// The `WHERE` clause and id that limit a query to `party`'s orders (a shopper's purged ones
/// are gone for them).
pub fn party_clause(party: Party) -> (&'static str, i64) {
    match party {
        Party::Shopper(id) => ("o.user_id = ? AND o.purged_at IS NULL", id.get()),
        Party::Store(id) => ("o.store_id = ?", id.get()),
    }
}

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: OrderId,
    status: OrderStatus,
    store_id: crate::ids::StoreId,
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

pub async fn detail(
    pool: &SqlitePool,
    lang: Lang,
    party: Party,
    number: OrderNumber,
) -> Result<OrderDetail, AppError> {
    let (clause, owner_id) = party_clause(party);
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
        .await
        .context(format_args!("order {number}: detail"))?
        .ok_or(AppError::NotFound)?;
    let items: Vec<(crate::ids::ProductId, String, String, i64, i64)> = sqlx::query_as(
        "SELECT product_id, title_ru, title_en, unit_price, quantity FROM order_items
         WHERE order_id = ? ORDER BY id",
    )
    .bind(o.id)
    .fetch_all(pool)
    .await?;
    let events: Vec<(TrackingKind, String, i64)> = sqlx::query_as(
        "SELECT kind, note, created_at FROM tracking_events WHERE order_id = ?
         ORDER BY created_at, id",
    )
    .bind(o.id)
    .fetch_all(pool)
    .await?;
    let status = o.status;
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
        coupons: crate::coupons::ssr::order_discounts(pool, lang, o.id).await?,
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
        paid: Money(o.paid),
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
        events: events
            .into_iter()
            .map(|(kind, note, at)| TrackingEvent { kind, note, at })
            .collect(),
    })
}

#[derive(sqlx::FromRow)]
pub struct SummaryRow {
    number: i64,
    status: OrderStatus,
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
            status: self.status,
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

/// Pays each order (a simulated card payment) and moves it on to "awaiting shipment".
/// Returns how many orders were paid; paying when none is awaiting payment is refused.
pub async fn pay(
    pool: &SqlitePool,
    user_id: UserId,
    what: Payable,
    zone: crate::zone::Zone,
    gift: Money,
) -> Result<u32, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let orders: Vec<OrderId> = match &what {
        Payable::One(n) => {
            sqlx::query_scalar("SELECT id FROM orders WHERE user_id = ? AND number = ?")
                .bind(user_id)
                .bind(n.get())
                .fetch_all(&mut *tx)
                .await?
        }
        Payable::Checkout(key) => {
            sqlx::query_scalar("SELECT id FROM orders WHERE user_id = ? AND checkout_key = ?")
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
    // More asked from gift cards than they hold is refused before anything is paid.
    if gift > Money(0) {
        let available = crate::giftcards::ssr::balance_in(&mut tx, user_id, t).await?;
        if gift > available {
            return Err(AppError::GiftCardBalance {
                available: available.cents(),
            });
        }
    }
    // The gift-card amount pays the orders in turn; the rest of each goes to the card.
    let mut gift_left = gift;
    for id in orders {
        match state::pay_with_gift_in(&mut tx, id, t, zone, gift_left).await {
            Ok(used) => {
                paid += 1;
                gift_left = Money(gift_left.cents() - used.cents());
            }
            // Paid already, or cancelled: the others of the checkout are still paid.
            Err(AppError::OrderState) => {}
            Err(e) => return Err(e),
        }
    }
    if paid == 0 {
        return Err(AppError::OrderState);
    }
    if gift_left > Money(0) {
        // More asked from gift cards than the orders cost: nothing is taken beyond their totals.
        tracing::debug!(
            left = gift_left.cents(),
            "gift amount above the orders' totals"
        );
    }
    tx.commit().await?;
    Ok(paid)
}

/// Adds a tracking event; "delivered" also moves the order to "delivered".
pub async fn add_event_in(
    conn: &mut SqliteConnection,
    order_id: OrderId,
    kind: TrackingKind,
    note: &str,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO tracking_events (order_id, kind, note, created_at) VALUES (?, ?, ?, ?)",
    )
    .bind(order_id)
    .bind(kind)
    .bind(note)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    if kind == TrackingKind::Delivered {
        state::deliver_in(conn, order_id, at).await?;
    }
    Ok(())
}
