//! The order jobs: what happens to orders because time passed (unpaid ones cancelled, delivered
//! ones confirmed at the end of buyer protection), through the same transitions.

use super::*;

/// The job: cancels orders still unpaid `after` their placing. Each in its own transaction,
/// which re-checks the state, so a payment arriving at the same moment wins or loses cleanly.
pub async fn cancel_unpaid(pool: &SqlitePool, at: i64, after: Duration) -> Result<u32, AppError> {
    let due: Vec<OrderId> =
        sqlx::query_scalar("SELECT id FROM orders WHERE status = ? AND created_at <= ? LIMIT 500")
            .bind(S::AwaitingPayment)
            .bind(at - after.as_secs() as i64)
            .fetch_all(pool)
            .await?;
    let mut cancelled = 0;
    for id in due {
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        match cancel_in(&mut tx, id, CancelReason::Unpaid, at).await {
            Ok(()) => {
                tx.commit().await?;
                cancelled += 1;
            }
            Err(AppError::OrderState) => {} // paid meanwhile
            Err(e) => return Err(e),
        }
    }
    Ok(cancelled)
}

/// The job: confirms delivered orders whose buyer protection (`after` delivery) has ended,
/// except those in dispute, and counts their club points. One `BEGIN IMMEDIATE` transaction per
/// batch; the state check is in the `UPDATE`'s `WHERE`, so an order the shopper confirmed at the
/// same moment is confirmed (and counted) once.
pub async fn confirm_due(pool: &SqlitePool, at: i64, after: Duration) -> Result<u32, AppError> {
    let mut confirmed = 0;
    loop {
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        let ids: Vec<OrderId> = sqlx::query_scalar(
            "UPDATE orders SET status = ?, completed_at = ?
             WHERE id IN (SELECT id FROM orders
                          WHERE status = ? AND delivered_at <= ? AND in_dispute = 0 LIMIT 200)
             RETURNING id",
        )
        .bind(CONFIRM.to)
        .bind(at)
        .bind(S::Delivered)
        .bind(at - after.as_secs() as i64)
        .fetch_all(&mut *tx)
        .await?;
        for id in &ids {
            club::order_completed_in(&mut tx, *id, at).await?;
        }
        tx.commit().await?;
        confirmed += ids.len() as u32;
        if ids.len() < 200 {
            return Ok(confirmed);
        }
    }
}
