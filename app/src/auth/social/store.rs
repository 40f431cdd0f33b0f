//! `social_identities`: which account each provider identity signs in to. This file is the only
//! writer of the table (a test checks). An account made by a provider has no password
//! (`users.password_hash` is empty, which no password verifies against) until one is set
//! through "forgot password"; while so, its last provider cannot be removed.

use super::client::Identity;
use super::{LinkedIdentity, Provider, ProviderSettings};
use crate::auth::ssr::insert_user;
use crate::context::Ctx;
use crate::error::AppError;
use crate::ids::UserId;
use crate::platform::{now, AppState};
use sqlx::SqlitePool;

/// The stored "hash" of an account without a password.
pub const NO_PASSWORD: &str = "";

/// The account `provider`'s `subject` is linked to.
pub async fn owner(
    pool: &SqlitePool,
    provider: Provider,
    subject: &str,
) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT user_id FROM social_identities WHERE provider = ? AND subject = ?",
    )
    .bind(provider)
    .bind(subject)
    .fetch_optional(pool)
    .await?)
}

/// Records a sign-in with the identity.
pub async fn touch(pool: &SqlitePool, provider: Provider, subject: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE social_identities SET last_used_at = ? WHERE provider = ? AND subject = ?")
        .bind(now())
        .bind(provider)
        .bind(subject)
        .execute(pool)
        .await?;
    Ok(())
}

/// Links the identity to `user`: refused when another account has it, or `user` already has
/// another identity at this provider. Linking what is already linked to `user` changes nothing.
pub async fn link_in(
    conn: &mut sqlx::SqliteConnection,
    user: i64,
    provider: Provider,
    subject: &str,
) -> Result<(), AppError> {
    let owner: Option<i64> = sqlx::query_scalar(
        "SELECT user_id FROM social_identities WHERE provider = ? AND subject = ?",
    )
    .bind(provider)
    .bind(subject)
    .fetch_optional(&mut *conn)
    .await?;
    match owner {
        Some(o) if o == user => return Ok(()),
        Some(_) => return Err(AppError::SocialLinkedElsewhere),
        None => {}
    }
    let res = sqlx::query(
        "INSERT INTO social_identities (provider, subject, user_id, created_at, last_used_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(provider)
    .bind(subject)
    .bind(user)
    .bind(now())
    .bind(now())
    .execute(&mut *conn)
    .await;
    match res {
        Ok(_) => Ok(()),
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
            if db.message().contains("social_identities.subject") {
                Err(AppError::SocialLinkedElsewhere)
            } else {
                Err(AppError::SocialAlreadyLinked)
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// A new account for a provider identity with a verified e-mail: the provider's name, the
/// e-mail confirmed, no password, the identity linked. `EmailTaken` if the address was
/// registered meanwhile.
pub async fn create_account(
    state: &AppState,
    provider: Provider,
    identity: &Identity,
    name: &str,
    email: &str,
    lang: &str,
) -> Result<i64, AppError> {
    let (user, _member) = insert_user(&state.pool, name, email, NO_PASSWORD, lang).await?;
    let mut tx = state.pool.begin().await?;
    sqlx::query("UPDATE users SET email_confirmed_at = ? WHERE id = ?")
        .bind(now())
        .bind(user)
        .execute(&mut *tx)
        .await?;
    let linked = link_in(&mut tx, user, provider, &identity.subject).await;
    if let Err(e) = linked {
        drop(tx);
        // Another browser linked the identity meanwhile: the account made here goes again.
        sqlx::query("DELETE FROM users WHERE id = ?")
            .bind(user)
            .execute(&state.pool)
            .await?;
        return Err(e);
    }
    tx.commit().await?;
    Ok(user)
}

/// Whether the account has a password.
pub async fn has_password(pool: &SqlitePool, user: i64) -> Result<bool, AppError> {
    Ok(
        sqlx::query_scalar("SELECT password_hash != '' FROM users WHERE id = ?")
            .bind(user)
            .fetch_one(pool)
            .await?,
    )
}

/// Removes a linked provider, in one statement that keeps at least one way to sign in: a
/// password, another provider or a passkey. `NotFound` when it was not linked.
pub async fn unlink(pool: &SqlitePool, user: UserId, provider: Provider) -> Result<(), AppError> {
    let done = sqlx::query(
        "DELETE FROM social_identities WHERE user_id = ?1 AND provider = ?2
           AND ((SELECT password_hash FROM users WHERE id = ?1) != ''
                OR (SELECT COUNT(*) FROM social_identities WHERE user_id = ?1) > 1
                OR EXISTS (SELECT 1 FROM passkeys WHERE user_id = ?1))",
    )
    .bind(user)
    .bind(provider)
    .execute(pool)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(());
    }
    let linked: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM social_identities WHERE user_id = ? AND provider = ?)",
    )
    .bind(user)
    .bind(provider)
    .fetch_one(pool)
    .await?;
    Err(if linked {
        AppError::SocialLastWay
    } else {
        AppError::NotFound
    })
}

/// The security page's provider block.
pub async fn settings(cx: &Ctx) -> Result<ProviderSettings, AppError> {
    let user = cx.user()?;
    let rows: Vec<(Provider, i64, Option<i64>)> = sqlx::query_as(
        "SELECT provider, created_at, last_used_at FROM social_identities
         WHERE user_id = ? ORDER BY created_at",
    )
    .bind(user)
    .fetch_all(cx.pool())
    .await?;
    let linked: Vec<LinkedIdentity> = rows
        .into_iter()
        .map(|(provider, linked_at, last_used_at)| LinkedIdentity {
            provider,
            linked_at,
            last_used_at,
        })
        .collect();
    let available = super::client::configured(&cx.state.config)
        .into_iter()
        .filter(|b| !linked.iter().any(|l| l.provider == b.provider))
        .collect();
    Ok(ProviderSettings {
        linked,
        available,
        has_password: has_password(cx.pool(), user.get()).await?,
    })
}
