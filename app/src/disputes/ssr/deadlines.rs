//! What happens when a dispute's deadline passes, and the platform's decision.

use super::{
    close_in, current, refund_in, Current, DECIDE_REFUND, DECIDE_REJECT, NOT_ESCALATED,
    OFFER_EXPIRED, STORE_SILENT,
};
use crate::codes::sql_list;
use crate::disputes::*;
use crate::error::AppError;
use crate::ids::DisputeId;
use crate::orders::TrackingKind;
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
                 WHERE t.order_id = d.order_id AND t.kind = ?
                   AND t.created_at < d.created_at)",
    )
    .bind(d.id)
    .bind(d.id)
    .bind(TrackingKind::Delivered)
    .fetch_one(&mut *conn)
    .await?;
    let not_received = d.reason == DisputeReason::NotReceived && delivered == 0;
    let amount = if d.store_answered_at.is_none() || photos > 0 || not_received {
        Some(d.refund_asked)
    } else {
        d.offer_amount
    };
    if let Some(amount) = amount {
        refund_in(conn, d, DECIDE_REFUND, amount, StepKind::DecidedRefund, at).await
    } else {
        close_in(conn, d, DECIDE_REJECT, StepKind::DecidedRejected, at).await
    }
}

/// Applies every deadline that has passed by `at`; returns the disputes that moved on. Each
/// dispute changes in its own transaction, which re-checks its state and deadline.
pub async fn run_due(pool: &SqlitePool, at: i64) -> Result<Vec<DisputeId>, AppError> {
    use DisputeStatus as S;
    let due: Vec<crate::ids::DisputeId> = sqlx::query_scalar(&format!(
        "SELECT id FROM disputes WHERE status IN ({}) AND deadline <= ?
         ORDER BY deadline LIMIT 500",
        sql_list(&OPEN, DisputeStatus::code)
    ))
    .bind(at)
    .fetch_all(pool)
    .await?;
    let mut moved = Vec::new();
    for id in due {
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        let (d, status) = current(&mut tx, None, id).await?;
        if d.deadline > at {
            continue;
        }
        match status {
            S::AwaitingStore => {
                let asked = d.refund_asked;
                refund_in(&mut tx, &d, STORE_SILENT, asked, StepKind::StoreSilent, at).await?
            }
            S::Offered => {
                let offer = d.offer_amount.unwrap_or(d.refund_asked);
                refund_in(
                    &mut tx,
                    &d,
                    OFFER_EXPIRED,
                    offer,
                    StepKind::OfferExpired,
                    at,
                )
                .await?
            }
            S::Refused => close_in(&mut tx, &d, NOT_ESCALATED, StepKind::NotEscalated, at).await?,
            S::Escalated => decide_in(&mut tx, &d, at).await?,
            _ => continue,
        }
        tx.commit().await?;
        moved.push(id);
    }
    Ok(moved)
}
