//! The money moves of an order: its payment (by card, part by gift cards) and refunds (a
//! refund of everything that was paid closes the order).

use super::*;

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
