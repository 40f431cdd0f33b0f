//! What happens when a dispute's deadline passes, and the platform's decision.

use super::{close_in, current, refund_in, step, Current};
use crate::disputes::*;
use crate::error::AppError;
use sqlx::{SqliteConnection, SqlitePool};

/// The platform's decision on an escalated dispute whose review time is over:
/// - the store never answered: refund in full;
/// - the shopper sent photos, or the order never arrived (a "not received" claim with no
///   "delivered" tracking event from before the dispute was opened): refund in full;
/// - otherwise the store's offer, if it made one, else no refund.
async fn decide_in(conn: &mut SqliteConnection, d: &Current, at: i64) -> Result<(), AppError> {
    let (photos, delivered): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM dispute_photos WHERE dispute_id = ?),
                (SELECT COUNT(*) FROM tracking_events t JOIN disputes d ON d.id = ?
                 WHERE t.order_id = d.order_id AND t.kind = 'delivered'
                   AND t.created_at < d.created_at)",
    )
    .bind(d.id)
    .bind(d.id)
    .fetch_one(&mut *conn)
    .await?;
    let not_received = d.reason == DisputeReason::NotReceived.code() && delivered == 0;
    if d.store_answered_at.is_none() || photos > 0 || not_received {
        refund_in(conn, d, d.refund_asked, StepKind::DecidedRefund, at).await
    } else if let Some(offer) = d.offer_amount {
        refund_in(conn, d, offer, StepKind::DecidedRefund, at).await
    } else {
        close_in(conn, d, DisputeStatus::Rejected, 0, at).await?;
        step(conn, d.id, StepKind::DecidedRejected, None, "", at).await
    }
}

/// Applies every deadline that has passed by `at`; returns how many disputes moved on. Each
/// dispute changes in its own transaction, which re-checks its state and deadline.
pub async fn run_due(pool: &SqlitePool, at: i64) -> Result<u32, AppError> {
    use DisputeStatus as S;
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM disputes
         WHERE status IN ('awaiting_store', 'offered', 'refused', 'escalated') AND deadline <= ?
         ORDER BY deadline LIMIT 500",
    )
    .bind(at)
    .fetch_all(pool)
    .await?;
    let mut moved = 0;
    for id in due {
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        let (d, status) = current(&mut tx, None, id).await?;
        if d.deadline > at {
            continue;
        }
        match status {
            S::AwaitingStore => {
                refund_in(&mut tx, &d, d.refund_asked, StepKind::StoreSilent, at).await?
            }
            S::Offered => {
                let offer = d.offer_amount.unwrap_or(d.refund_asked);
                refund_in(&mut tx, &d, offer, StepKind::OfferExpired, at).await?
            }
            S::Refused => {
                close_in(&mut tx, &d, S::Rejected, 0, at).await?;
                step(&mut tx, d.id, StepKind::NotEscalated, None, "", at).await?;
            }
            S::Escalated => decide_in(&mut tx, &d, at).await?,
            _ => continue,
        }
        tx.commit().await?;
        moved += 1;
    }
    Ok(moved)
}
