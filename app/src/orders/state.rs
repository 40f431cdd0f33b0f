//! The order life cycle: the only code that writes `orders.status`, `orders.in_dispute` and the
//! money an order moves (payments, refunds). Other sections call these transitions.
//!
//! ```text
//!  place ─► AwaitingPayment ─pay─► AwaitingShipment ─ship─► Shipped ─deliver─► Delivered
//!               │                       │                     │                  │
//!               └──────cancel───────────┴─► Cancelled         └──confirm─────────┴─► Completed
//!                                                          (Shipped, Delivered, Completed)
//!                                                            ─close_refunded─► Closed
//! ```
//!
//! Each transition runs inside the caller's transaction (`*_in`, a `BEGIN IMMEDIATE` one when
//! money or stock moves), names the states it may start from in its `WHERE`, and answers
//! [`AppError::OrderState`] when the order is elsewhere, so two clicks, or a click and a
//! background job, cannot both apply.

use super::OrderStatus;
use crate::addresses::AddressFields;
use crate::club::ssr as club;
use crate::error::{AppError, Context};
use crate::ids::{OrderId, StoreId, UserId};
use crate::messages::NoticeKind;
use crate::money::Money;
use crate::platform::db::{move_state, Binds};
use crate::zone::Zone;
use notices::tell_buyer_in;
use sqlx::sqlite::SqliteConnection;
use sqlx::{Arguments, SqlitePool};
use std::time::Duration;

use OrderStatus as S;

mod jobs;
mod notices;
pub mod past;

pub use jobs::{cancel_unpaid, confirm_due};

/// One move of the life cycle: the states it may start from and the state it ends in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transition {
    pub name: &'static str,
    pub from: &'static [OrderStatus],
    pub to: OrderStatus,
}

pub const PAY: Transition = Transition {
    name: "pay",
    from: &[S::AwaitingPayment],
    to: S::AwaitingShipment,
};
pub const CANCEL: Transition = Transition {
    name: "cancel",
    from: &[S::AwaitingPayment, S::AwaitingShipment],
    to: S::Cancelled,
};
pub const SHIP: Transition = Transition {
    name: "ship",
    from: &[S::AwaitingShipment],
    to: S::Shipped,
};
pub const DELIVER: Transition = Transition {
    name: "deliver",
    from: &[S::Shipped],
    to: S::Delivered,
};
pub const CONFIRM: Transition = Transition {
    name: "confirm",
    from: &[S::Shipped, S::Delivered],
    to: S::Completed,
};
/// A dispute refunded everything that was paid.
pub const CLOSE_REFUNDED: Transition = Transition {
    name: "close_refunded",
    from: &[S::Shipped, S::Delivered, S::Completed],
    to: S::Closed,
};

/// Every transition, for the tests that walk the whole matrix.
pub const ALL: [Transition; 6] = [PAY, CANCEL, SHIP, DELIVER, CONFIRM, CLOSE_REFUNDED];

/// States an order may be deleted (put in the bin) from: it has ended.
pub const ENDED: [OrderStatus; 3] = [S::Completed, S::Closed, S::Cancelled];

/// Moves order `id` along `t`, also setting `set` (extra `, column = ?` pairs, bound by `binds`).
async fn apply(
    conn: &mut SqliteConnection,
    id: OrderId,
    t: Transition,
    set: &str,
    binds: Binds<'_>,
) -> Result<(), AppError> {
    let moved = move_state(conn, "orders", id.get(), t.from, t.to, set, binds)
        .await
        .context(format_args!("order {id}: {}", t.name))?;
    if moved {
        Ok(())
    } else {
        tracing::debug!(order = %id, transition = t.name, "refused in this state");
        Err(AppError::OrderState)
    }
}

/// A new order as checkout places it.
pub struct NewOrder<'a> {
    pub number: i64,
    pub user_id: UserId,
    pub store_id: StoreId,
    pub checkout_key: &'a str,
    pub items_total: Money,
    /// What coupons took off (checkout's `coupons::rules::quote`); the total is what is left.
    pub discount: Money,
    pub address: &'a AddressFields,
    pub at: i64,
}

/// Orders one shopper may have awaiting payment at once: each holds its stock until paid or
/// cancelled (`KABINET_UNPAID_CANCEL_HOURS`), so one account cannot hold the catalogue.
pub const MAX_UNPAID_ORDERS: i64 = 5;

/// Places an order, awaiting payment. Its items and stock are the caller's (checkout's).
/// Refused (`TooManyUnpaidOrders`) when the shopper already has [`MAX_UNPAID_ORDERS`] awaiting
/// payment, counting those placed earlier in the same transaction (one per store of a checkout).
pub async fn place_in(conn: &mut SqliteConnection, o: NewOrder<'_>) -> Result<OrderId, AppError> {
    let unpaid: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM orders WHERE user_id = ? AND status = ? AND deleted_at IS NULL",
    )
    .bind(o.user_id)
    .bind(S::AwaitingPayment)
    .fetch_one(&mut *conn)
    .await?;
    if unpaid >= MAX_UNPAID_ORDERS {
        return Err(AppError::TooManyUnpaidOrders {
            max: MAX_UNPAID_ORDERS as u32,
        });
    }
    let a = o.address;
    let id = sqlx::query_scalar(
        "INSERT INTO orders (number, user_id, store_id, checkout_key, status, items_total,
                shipping, discount, total, ship_recipient, ship_country, ship_region, ship_city,
                ship_street, ship_flat, ship_postcode, ship_phone, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         RETURNING id",
    )
    .bind(o.number)
    .bind(o.user_id)
    .bind(o.store_id)
    .bind(o.checkout_key)
    .bind(S::AwaitingPayment)
    .bind(o.items_total.cents())
    .bind(o.discount.cents())
    .bind(o.items_total.cents() - o.discount.cents())
    .bind(&a.recipient)
    .bind(&a.country)
    .bind(&a.region)
    .bind(&a.city)
    .bind(&a.street)
    .bind(&a.flat)
    .bind(&a.postcode)
    .bind(&a.phone)
    .bind(o.at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Records the (simulated) card payment of the order's total and moves it to awaiting shipment.
/// A day with a purchase (in the shopper's `zone`) earns club points once.
pub async fn pay_in(
    conn: &mut SqliteConnection,
    id: OrderId,
    at: i64,
    zone: Zone,
) -> Result<(), AppError> {
    pay_with_gift_in(conn, id, at, zone, Money(0))
        .await
        .map(|_| ())
}

/// [`pay_in`], with `gift` (at most the order's total) taken from the shopper's gift cards and
/// the rest by card. Returns the part the gift cards paid.
pub async fn pay_with_gift_in(
    conn: &mut SqliteConnection,
    id: OrderId,
    at: i64,
    zone: Zone,
    gift: Money,
) -> Result<Money, AppError> {
    apply(conn, id, PAY, ", paid_at = ?", Box::new(move |a| a.add(at))).await?;
    let (user_id, gift): (UserId, i64) = sqlx::query_as(
        "INSERT INTO payments (order_id, amount, gift_amount, method, created_at)
         SELECT id, total, MIN(total, ?1), CASE WHEN MIN(total, ?1) > 0 THEN 'gift_card+card' ELSE 'card' END, ?2
         FROM orders WHERE id = ?3
         RETURNING (SELECT user_id FROM orders WHERE id = order_id), gift_amount",
    )
    .bind(gift.cents().max(0))
    .bind(at)
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    if gift > 0 {
        crate::giftcards::ssr::spend_in(conn, user_id, id, Money(gift), at).await?;
    }
    club::order_paid_in(conn, user_id, id, at, zone).await?;
    Ok(Money(gift))
}

/// Why an order was cancelled (stored in `cancel_reason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CancelReason {
    Shopper,
    /// Not paid in time (the background job).
    Unpaid,
}

/// Cancels an order before shipment, puts its stock back, refunds what was paid and gives its
/// coupons back.
pub async fn cancel_in(
    conn: &mut SqliteConnection,
    id: OrderId,
    why: CancelReason,
    at: i64,
) -> Result<(), AppError> {
    let reason = match why {
        CancelReason::Shopper => "shopper",
        CancelReason::Unpaid => "unpaid",
    };
    let set = ", cancelled_at = ?, cancel_reason = ?";
    apply(
        conn,
        id,
        CANCEL,
        set,
        Box::new(move |a| {
            a.add(at)?;
            a.add(reason)
        }),
    )
    .await?;
    sqlx::query(
        "UPDATE products SET stock = stock + i.quantity,
                orders_count = MAX(0, orders_count - i.quantity)
         FROM (SELECT product_id, SUM(quantity) AS quantity FROM order_items
               WHERE order_id = ? GROUP BY product_id) AS i
         WHERE products.id = i.product_id",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    // Refund what was actually paid and not yet refunded (nothing, if it was never paid); the
    // unique index `refunds_one_cancellation` keeps it to one.
    sqlx::query(
        "INSERT INTO refunds (order_id, amount, reason, created_at)
         SELECT p.order_id,
                p.amount - COALESCE((SELECT SUM(amount) FROM refunds r WHERE r.order_id = p.order_id), 0),
                'cancelled', ?
         FROM payments p WHERE p.order_id = ?
           AND p.amount - COALESCE((SELECT SUM(amount) FROM refunds r WHERE r.order_id = p.order_id), 0) > 0",
    )
    .bind(at)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    // The gift-card part of the refund goes back to the cards; the coupons go back to the
    // wallet (those still in their window).
    crate::giftcards::ssr::refund_in(conn, id, at).await?;
    crate::coupons::ssr::release_in(conn, id, at).await?;
    Ok(())
}

/// The store hands the order to a carrier.
pub async fn ship_in(
    conn: &mut SqliteConnection,
    id: OrderId,
    carrier: &str,
    tracking: &str,
    at: i64,
) -> Result<(), AppError> {
    let set = ", shipped_at = ?, carrier = ?, tracking_number = ?";
    let (carrier, tracking) = (carrier.to_string(), tracking.to_string());
    apply(
        conn,
        id,
        SHIP,
        set,
        Box::new(move |a| {
            a.add(at)?;
            a.add(carrier)?;
            a.add(tracking)
        }),
    )
    .await?;
    tell_buyer_in(conn, id, NoticeKind::OrderShipped, at).await
}

/// The carrier delivered the order; the buyer-protection period starts.
pub async fn deliver_in(conn: &mut SqliteConnection, id: OrderId, at: i64) -> Result<(), AppError> {
    apply(
        conn,
        id,
        DELIVER,
        ", delivered_at = ?",
        Box::new(move |a| a.add(at)),
    )
    .await?;
    tell_buyer_in(conn, id, NoticeKind::OrderDelivered, at).await
}

/// The shopper confirms receipt (of a shipped order too: it may arrive before its tracking).
/// The order's club points are counted in the same transaction.
pub async fn confirm_in(conn: &mut SqliteConnection, id: OrderId, at: i64) -> Result<(), AppError> {
    let set = ", completed_at = ?, delivered_at = COALESCE(delivered_at, ?)";
    apply(
        conn,
        id,
        CONFIRM,
        set,
        Box::new(move |a| {
            a.add(at)?;
            a.add(at)
        }),
    )
    .await?;
    club::order_completed_in(conn, id, at).await
}

/// Why money goes back (stored in `refunds.reason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefundFor {
    Dispute(crate::ids::DisputeId),
}

/// What was paid for the order and what has been refunded so far.
async fn paid_and_refunded(
    conn: &mut SqliteConnection,
    id: OrderId,
) -> Result<(i64, i64), AppError> {
    Ok(sqlx::query_as(
        "SELECT COALESCE((SELECT amount FROM payments WHERE order_id = ?1), 0),
                COALESCE((SELECT SUM(amount) FROM refunds WHERE order_id = ?1), 0)",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?)
}

/// Refunds up to `amount` (capped at what was paid and not yet refunded); an order refunded in
/// full is closed. Returns the amount refunded.
pub async fn refund_in(
    conn: &mut SqliteConnection,
    id: OrderId,
    amount: Money,
    why: RefundFor,
    at: i64,
) -> Result<Money, AppError> {
    let (paid, refunded) = paid_and_refunded(conn, id).await?;
    let amount = Money(amount.cents().min(paid - refunded).max(0));
    let RefundFor::Dispute(dispute) = why;
    if amount.cents() > 0 {
        let refund: i64 = sqlx::query_scalar(
            "INSERT INTO refunds (order_id, amount, reason, created_at, dispute_id)
             VALUES (?, ?, 'dispute', ?, ?) RETURNING id",
        )
        .bind(id)
        .bind(amount.cents())
        .bind(at)
        .bind(dispute)
        .fetch_one(&mut *conn)
        .await?;
        // A refund after the order was received takes its points back.
        club::order_refunded_in(conn, id, refund, at).await?;
        crate::giftcards::ssr::refund_in(conn, id, at).await?;
    }
    let status: OrderStatus = sqlx::query_scalar("SELECT status FROM orders WHERE id = ?")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    if paid > 0 && refunded + amount.cents() >= paid && status != S::Closed {
        close_refunded_in(conn, id, at).await?;
    }
    Ok(amount)
}

/// Closes an order whose payment has been refunded in full.
pub async fn close_refunded_in(
    conn: &mut SqliteConnection,
    id: OrderId,
    at: i64,
) -> Result<(), AppError> {
    apply(
        conn,
        id,
        CLOSE_REFUNDED,
        ", closed_at = ?",
        Box::new(move |a| a.add(at)),
    )
    .await
}

/// Marks the order as disputed (or no longer): a disputed order is neither auto-confirmed nor
/// deletable.
pub async fn set_disputed_in(
    conn: &mut SqliteConnection,
    id: OrderId,
    disputed: bool,
) -> Result<(), AppError> {
    sqlx::query("UPDATE orders SET in_dispute = ? WHERE id = ?")
        .bind(disputed as i64)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
