//! The background task: unpaid orders cancel themselves after a while, delivered ones confirm
//! themselves after the protection period (not while disputed), and disputes whose deadline
//! has passed move on. The periods are settings (`Config`).

use super::ssr::cancel_in;
use crate::error::AppError;
use crate::platform::{now, AppState};
use sqlx::SqlitePool;
use std::time::Duration;

/// What one pass changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub cancelled: u32,
    pub completed: u32,
    /// Disputes moved on by a passed deadline.
    pub disputes: u32,
}

/// One pass at time `at`. Each order changes in its own small transaction, which re-checks the
/// state, so a payment arriving at the same moment wins or loses cleanly.
pub async fn run_once(
    pool: &SqlitePool,
    at: i64,
    unpaid_after: Duration,
    confirm_after: Duration,
) -> Result<Pass, AppError> {
    let mut pass = Pass::default();
    let unpaid: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM orders WHERE status = 'awaiting_payment' AND created_at <= ? LIMIT 500",
    )
    .bind(at - unpaid_after.as_secs() as i64)
    .fetch_all(pool)
    .await?;
    for id in unpaid {
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        let still_unpaid: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM orders WHERE id = ? AND status = 'awaiting_payment'",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if still_unpaid.is_some() && cancel_in(&mut tx, id, "unpaid", at).await? {
            pass.cancelled += 1;
        }
        tx.commit().await?;
    }
    pass.completed = sqlx::query(
        "UPDATE orders SET status = 'completed', completed_at = ?
         WHERE status = 'delivered' AND delivered_at <= ? AND in_dispute = 0",
    )
    .bind(at)
    .bind(at - confirm_after.as_secs() as i64)
    .execute(pool)
    .await?
    .rows_affected() as u32;
    pass.disputes = crate::disputes::ssr::run_due(pool, at).await?;
    Ok(pass)
}

/// Runs a pass every `task_interval` for as long as the server runs.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(state.config.task_interval);
        loop {
            tick.tick().await;
            let c = &state.config;
            match run_once(
                &state.pool,
                now(),
                c.unpaid_cancel_after,
                c.auto_confirm_after,
            )
            .await
            {
                Ok(p) if p != Pass::default() => tracing::info!(?p, "order task"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "order task failed"),
            }
        }
    });
}
