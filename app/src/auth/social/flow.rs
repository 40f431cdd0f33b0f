//! Provider sign-ins under way (`social_flows`) and identities waiting for an existing account's
//! password (`social_link_waits`), both bound to the browser by the flow cookie. Only hashes of
//! the `state` and of the cookie are stored; a flow is used once (deleted as it is read) and
//! lives ten minutes.

use super::client::Start;
use super::Provider;
use crate::auth::ssr::{new_token, token_hash};
use crate::error::AppError;
use crate::platform::{cookies, now, AppState};

/// The cookie that binds a flow to the browser that started it.
pub const FLOW_COOKIE: &str = "kabinet_oauth";
/// How long the provider may take to send the browser back, and the password page to be used.
pub const FLOW_SECS: i64 = 600;
/// Flows under way at once, all networks together; past this new ones are refused as busy (the
/// per-network limit keeps one network far below it).
pub const MAX_FLOWS: i64 = 20_000;

/// The browser's flow token: the cookie it sent if it looks like one of ours (several tabs share
/// it), else a new one. The cookie is (re)set for another ten minutes either way.
pub fn browser_token(state: &AppState, parts: &http::request::Parts) -> String {
    let token = cookies::get(&parts.headers, FLOW_COOKIE)
        .filter(|t| {
            t.len() == 43
                && t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
        })
        .unwrap_or_else(|| new_token().0);
    crate::platform::append_set_cookie(&cookies::set(
        FLOW_COOKIE,
        &token,
        FLOW_SECS as u64,
        cookies::Scripts::Hidden,
        state.config.secure_cookies(),
    ));
    token
}

/// The flow cookie the request carries, if any.
pub fn browser_cookie(parts: &http::request::Parts) -> Option<String> {
    cookies::get(&parts.headers, FLOW_COOKIE)
}

/// A flow read back at the callback.
#[derive(Debug)]
pub struct Flow {
    pub verifier: String,
    pub nonce: String,
    pub next: String,
    /// Set when a signed-in shopper adds the provider.
    pub user_id: Option<i64>,
}

pub async fn begin(
    state: &AppState,
    browser: &str,
    provider: Provider,
    start: &Start,
    next: &str,
    user_id: Option<i64>,
) -> Result<(), AppError> {
    let t = now();
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM social_flows WHERE expires_at > ?")
        .bind(t)
        .fetch_one(&state.pool)
        .await?;
    if open >= MAX_FLOWS {
        tracing::warn!(open, "too many provider sign-ins under way");
        return Err(AppError::Busy);
    }
    sqlx::query(
        "INSERT INTO social_flows
           (state_hash, browser_hash, provider, verifier, nonce, next, user_id, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(token_hash(&start.state))
    .bind(token_hash(browser))
    .bind(provider)
    .bind(&start.verifier)
    .bind(&start.nonce)
    .bind(next)
    .bind(user_id)
    .bind(t)
    .bind(t + FLOW_SECS)
    .execute(&state.pool)
    .await?;
    Ok(())
}

/// Uses up the flow that `state` names, if this browser started it for `provider` and it has not
/// expired: wrong, reused, foreign or stale `state` is `None`.
pub async fn take(
    state: &AppState,
    browser: &str,
    provider: Provider,
    flow_state: &str,
) -> Result<Option<Flow>, AppError> {
    let row: Option<(String, String, String, Option<i64>, i64)> = sqlx::query_as(
        "DELETE FROM social_flows WHERE state_hash = ? AND browser_hash = ? AND provider = ?
         RETURNING verifier, nonce, next, user_id, expires_at",
    )
    .bind(token_hash(flow_state))
    .bind(token_hash(browser))
    .bind(provider)
    .fetch_optional(&state.pool)
    .await?;
    Ok(row
        .filter(|r| r.4 > now())
        .map(|(verifier, nonce, next, user_id, _)| Flow {
            verifier,
            nonce,
            next,
            user_id,
        }))
}

/// An identity waiting for the password of the account its e-mail belongs to.
#[derive(Debug)]
pub struct Wait {
    pub user_id: i64,
    pub provider: Provider,
    pub subject: String,
    pub next: String,
}

/// Puts the identity on hold for this browser (replacing one already waiting).
pub async fn wait(state: &AppState, browser: &str, w: &Wait) -> Result<(), AppError> {
    sqlx::query(
        "INSERT OR REPLACE INTO social_link_waits
           (browser_hash, user_id, provider, subject, next, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(token_hash(browser))
    .bind(w.user_id)
    .bind(w.provider)
    .bind(&w.subject)
    .bind(&w.next)
    .bind(now() + FLOW_SECS)
    .execute(&state.pool)
    .await?;
    Ok(())
}

/// The identity waiting in this browser, if it has not expired.
pub async fn waiting(state: &AppState, browser: &str) -> Result<Option<Wait>, AppError> {
    let row: Option<(i64, Provider, String, String)> = sqlx::query_as(
        "SELECT user_id, provider, subject, next FROM social_link_waits
         WHERE browser_hash = ? AND expires_at > ?",
    )
    .bind(token_hash(browser))
    .bind(now())
    .fetch_optional(&state.pool)
    .await?;
    Ok(row.map(|(user_id, provider, subject, next)| Wait {
        user_id,
        provider,
        subject,
        next,
    }))
}

/// Ends the wait inside the transaction that links; `false` when it was gone already (used by
/// another tab).
pub async fn end_wait_in(
    conn: &mut sqlx::SqliteConnection,
    browser: &str,
) -> Result<bool, AppError> {
    let done =
        sqlx::query("DELETE FROM social_link_waits WHERE browser_hash = ? AND expires_at > ?")
            .bind(token_hash(browser))
            .bind(now())
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes flows and waits past their time (the hourly purge job).
pub async fn purge(pool: &sqlx::SqlitePool, at: i64) -> Result<u64, AppError> {
    let flows = sqlx::query("DELETE FROM social_flows WHERE expires_at <= ?")
        .bind(at)
        .execute(pool)
        .await?
        .rows_affected();
    let waits = sqlx::query("DELETE FROM social_link_waits WHERE expires_at <= ?")
        .bind(at)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(flows + waits)
}
