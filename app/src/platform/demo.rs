//! Demo data for `KABINET_DEMO=1`: seeded once, into an empty database only.

use super::{now, AppState};
use crate::auth::ssr::hash_password;
use crate::error::AppError;

/// The demo shopper listed in the README.
pub const DEMO_EMAIL: &str = "demo@kabinet.local";
pub const DEMO_MEMBER_ID: i64 = 100_000_001;
pub const DEMO_PASSWORD: &str = "demo-pass-2026";

pub async fn seed(state: &AppState) -> Result<(), AppError> {
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&state.pool)
        .await?;
    if users > 0 {
        return Ok(());
    }
    let hash = hash_password(state, DEMO_PASSWORD.to_string()).await?;
    sqlx::query(
        "INSERT INTO users (member_id, name, email, password_hash, lang, email_confirmed_at, created_at)
         VALUES (?, 'Юлия', ?, ?, 'ru', ?, ?)",
    )
    .bind(DEMO_MEMBER_ID)
    .bind(DEMO_EMAIL)
    .bind(hash)
    .bind(now())
    .bind(now())
    .execute(&state.pool)
    .await?;
    tracing::info!("demo data seeded: {DEMO_EMAIL} / member ID {DEMO_MEMBER_ID}");
    Ok(())
}
