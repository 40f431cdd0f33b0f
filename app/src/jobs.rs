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
    /// "Coupon expires soon" notices sent.
    pub coupon_notices: u32,
}

/// One pass at time `at`. A dispute moved on by a deadline is told to its shopper by e-mail
/// once its transaction has committed.
pub async fn run_once(
    state: &AppState,
    at: i64,
    unpaid_after: Duration,
    confirm_after: Duration,
) -> Result<Pass, AppError> {
    let pool = &state.pool;
    let cancelled = crate::orders::state::cancel_unpaid(pool, at, unpaid_after).await?;
    let completed = crate::orders::state::confirm_due(pool, at, confirm_after).await?;
    let moved = crate::disputes::ssr::run_due(pool, at).await?;
    for &id in &moved {
        crate::disputes::mails::moved_on(state, id).await;
    }
    Ok(Pass {
        cancelled,
        completed,
        disputes: moved.len() as u32,
        coupon_notices: crate::coupons::ssr::warn_expiring(pool, at).await?,
    })
}

/// What [`purge`] deleted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub sessions: u64,
    pub tokens: u64,
    pub throttling: u64,
}

/// Deletes what can no longer be used at time `at`: sessions past their idle or absolute limit,
/// e-mailed tokens and provider sign-in flows past their expiry, and sign-in failures and
/// abuse-limit counts older than their windows. Nothing else reads them; left alone they would only grow.
pub async fn purge(
    pool: &SqlitePool,
    at: i64,
    session_idle: Duration,
    session_absolute: Duration,
) -> Result<Purged, AppError> {
    let sessions = sqlx::query("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?")
        .bind(at - session_idle.as_secs() as i64)
        .bind(at - session_absolute.as_secs() as i64)
        .execute(pool)
        .await?
        .rows_affected();
    let tokens = sqlx::query("DELETE FROM email_tokens WHERE expires_at <= ?")
        .bind(at)
        .execute(pool)
        .await?
        .rows_affected()
        // Provider sign-ins never finished, and identities that waited for a password in vain.
        + crate::auth::social::flow::purge(pool, at).await?;
    let failures = sqlx::query("DELETE FROM login_failures WHERE at <= ?")
        .bind(at - crate::auth::ssr::THROTTLE_WINDOW_SECS)
        .execute(pool)
        .await?
        .rows_affected();
    let limits = sqlx::query("DELETE FROM limit_events WHERE at <= ?")
        .bind(at - crate::auth::limits::LIMIT_WINDOW_SECS)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(Purged {
        sessions,
        tokens,
        throttling: failures + limits,
    })
}

/// Runs a pass every `task_interval` for as long as the server runs.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(state.config.task_interval);
        loop {
            tick.tick().await;
            let c = &state.config;
            match run_once(&state, now(), c.unpaid_cancel_after, c.auto_confirm_after).await {
                Ok(p) if p != Pass::default() => tracing::info!(?p, "jobs"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "jobs failed"),
            }
            match crate::wishlist::alerts::run_pending(&state, now()).await {
                Ok(0) => {}
                Ok(told) => tracing::info!(told, "price-drop alerts"),
                Err(e) => tracing::warn!(error = ?e, "price-drop alerts failed"),
            }
            match purge(&state.pool, now(), c.session_idle, c.session_absolute).await {
                Ok(p) if p != Purged::default() => tracing::info!(?p, "expired rows purged"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "purge failed"),
            }
        }
    });
}
