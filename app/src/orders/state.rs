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
mod pay;

pub use jobs::{cancel_unpaid, confirm_due};
pub use pay::*;

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
