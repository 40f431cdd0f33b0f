//! Background jobs: work that happens because time passed, not because someone asked. Each job
//! calls the owner of the state it moves (orders' and disputes' transitions), in small
//! transactions that re-check the state, so a shopper acting at the same moment wins or loses
//! cleanly. The periods are settings (`Config`).

use crate::error::AppError;
use crate::platform::{now, AppState};
use sqlx::SqlitePool;
use std::time::Duration;

/// What one pass changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    /// Unpaid orders cancelled.
    pub cancelled: u32,
    /// Delivered orders confirmed at the end of buyer protection.
    pub completed: u32,
    /// Disputes moved on by a passed deadline.
    pub disputes: u32,
}

/// One pass at time `at`.
pub async fn run_once(
    pool: &SqlitePool,
    at: i64,
    unpaid_after: Duration,
    confirm_after: Duration,
) -> Result<Pass, AppError> {
    Ok(Pass {
        cancelled: crate::orders::state::cancel_unpaid(pool, at, unpaid_after).await?,
        completed: crate::orders::state::confirm_due(pool, at, confirm_after).await?,
        disputes: crate::disputes::ssr::run_due(pool, at).await?,
    })
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
                Ok(p) if p != Pass::default() => tracing::info!(?p, "jobs"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "jobs failed"),
            }
        }
    });
}
