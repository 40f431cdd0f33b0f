//! Sign-in throttling: 5 failures for one account or 20 from one address in 15 minutes refuse
//! further attempts for a while; failures before that are answered more and more slowly.

use crate::error::AppError;
use crate::platform::now;
use sqlx::SqlitePool;

/// Failed sign-ins counted over this window.
pub const THROTTLE_WINDOW_SECS: i64 = 15 * 60;
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 20;

/// Counts this attempt as a failure before the password is checked, so that guesses sent in
/// parallel count against each other, and refuses it while the account (`key`) or the address
/// is at its limit. Returns the attempt's row, to [`forgive`] if the password was right.
pub async fn begin_attempt(pool: &SqlitePool, key: &str, ip: &str) -> Result<i64, AppError> {
    let t = now();
    let since = t - THROTTLE_WINDOW_SECS;
    // One statement: SQLite runs it atomically, so the count and the insert cannot interleave.
    let attempt: Option<i64> = sqlx::query_scalar(
        "INSERT INTO login_failures (account_key, ip, at)
         SELECT ?1, ?2, ?3
         WHERE (SELECT COUNT(*) FROM login_failures WHERE account_key = ?1 AND at > ?4) < ?5
           AND (SELECT COUNT(*) FROM login_failures WHERE ip = ?2 AND at > ?4) < ?6
         RETURNING id",
    )
    .bind(key)
    .bind(ip)
    .bind(t)
    .bind(since)
    .bind(MAX_FAILURES_PER_ACCOUNT)
    .bind(MAX_FAILURES_PER_IP)
    .fetch_optional(pool)
    .await?;
    if let Some(attempt) = attempt {
        sqlx::query("DELETE FROM login_failures WHERE ip = ? AND at <= ?")
            .bind(ip)
            .bind(since)
            .execute(pool)
            .await?;
        return Ok(attempt);
    }
    // Refused: the wait ends when the oldest failure that keeps the limit full ages out.
    let nth_newest = |column: &'static str, value: &str, max: i64| {
        let sql = format!(
            "SELECT at FROM login_failures WHERE {column} = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?"
        );
        let value = value.to_string();
        async move {
            sqlx::query_scalar::<_, i64>(&sql)
                .bind(value)
                .bind(since)
                .bind(max - 1)
                .fetch_optional(pool)
                .await
        }
    };
    let until = [
        nth_newest("account_key", key, MAX_FAILURES_PER_ACCOUNT).await?,
        nth_newest("ip", ip, MAX_FAILURES_PER_IP).await?,
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(t)
        + THROTTLE_WINDOW_SECS;
    Err(AppError::Throttled {
        minutes: ((until - t + 59) / 60).clamp(1, THROTTLE_WINDOW_SECS / 60) as u32,
    })
}

/// Repeated failures are answered more and more slowly (0 s, 0.25 s … 1 s) before the limit
/// refuses them outright: a person barely notices, a guessing script does.
pub async fn slow_down_after_failure(pool: &SqlitePool, key: &str) -> Result<(), AppError> {
    let recent: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE account_key = ? AND at > ?")
            .bind(key)
            .bind(now() - THROTTLE_WINDOW_SECS)
            .fetch_one(pool)
            .await?;
    let steps = (recent - 1).clamp(0, 4) as u64;
    tokio::time::sleep(std::time::Duration::from_millis(250 * steps)).await;
    Ok(())
}

/// Takes back an attempt that turned out not to be a failure.
pub async fn forgive(pool: &SqlitePool, attempt: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM login_failures WHERE id = ?")
        .bind(attempt)
        .execute(pool)
        .await?;
    Ok(())
}

/// A successful sign-in resets the account's count; the failures still count for the address.
pub async fn clear_failures(pool: &SqlitePool, key: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE login_failures SET account_key = NULL WHERE account_key = ?")
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}

/// The throttling key of a known account: the same whether it signs in by e-mail or member ID.
pub fn account_key(user_id: i64) -> String {
    format!("u:{user_id}")
}
