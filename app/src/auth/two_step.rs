//! Two-step sign-in: the TOTP secret (enrolled, then confirmed by a first code), ten single-use
//! recovery codes stored as SHA-256, the check of a code (a TOTP step is accepted once, never
//! again or older: no replay within the window), and the sign-in waiting for its second step.
//! The secret is stored sealed (`platform::seal`, bound to its account).

use super::security::TwoStep;
use super::ssr::{new_token, token_hash};
use super::totp;
use crate::error::AppError;
use crate::ids::UserId;
use crate::platform::seal::SealKey;
use crate::platform::{now, AppState};
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

/// Recovery codes per account.
pub const RECOVERY_CODES: usize = 10;
/// How long a password-checked sign-in waits for its code.
pub const PENDING_SECS: i64 = 600;
pub const PENDING_COOKIE: &str = "kabinet_pending";

/// Whether two-step sign-in is on for `user`.
pub async fn enabled(pool: &SqlitePool, user: i64) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM two_step WHERE user_id = ? AND enabled_at IS NOT NULL)",
    )
    .bind(user)
    .fetch_one(pool)
    .await?)
}

/// The state shown on the settings page (`account` names the key in the app: the member ID).
pub async fn state(st: &AppState, user: UserId, account: &str) -> Result<TwoStep, AppError> {
    let pool = &st.pool;
    let row: Option<(Vec<u8>, Option<i64>)> =
        sqlx::query_as("SELECT secret, enabled_at FROM two_step WHERE user_id = ?")
            .bind(user)
            .fetch_optional(pool)
            .await?;
    Ok(match row {
        None => TwoStep::Off,
        Some((sealed, None)) => {
            let secret = open(&st.seal, user, &sealed)?;
            TwoStep::Pending {
                key: totp::grouped(&totp::base32(&secret)),
                qr: totp::qr_data_url(&totp::otpauth_uri(&secret, account)),
            }
        }
        Some((_, Some(_))) => TwoStep::On {
            codes_left: sqlx::query_scalar(
                "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL",
            )
            .bind(user)
            .fetch_one(pool)
            .await?,
        },
    })
}

/// Starts enrolment with a new secret (replacing one not yet confirmed); refused while on.
pub async fn start(st: &AppState, user: UserId) -> Result<(), AppError> {
    let mut secret = [0u8; 20];
    OsRng.fill_bytes(&mut secret);
    let sealed = st.seal.seal(&secret, &owner(user));
    let done = sqlx::query(
        "INSERT INTO two_step (user_id, secret) VALUES (?, ?)
         ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, last_step = 0
         WHERE two_step.enabled_at IS NULL",
    )
    .bind(user)
    .bind(sealed)
    .execute(&st.pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// Confirms enrolment with a first code at `unix` and makes the recovery codes.
pub async fn confirm(st: &AppState, user: UserId, code: &str, unix: i64) -> Result<(), AppError> {
    let pool = &st.pool;
    let secret: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT secret FROM two_step WHERE user_id = ? AND enabled_at IS NULL")
            .bind(user)
            .fetch_optional(pool)
            .await?;
    let secret = open(&st.seal, user, &secret.ok_or(AppError::NotFound)?)?;
    let step = totp::matching_step(&secret, code, unix).ok_or(AppError::CodeInvalid)?;
    let mut tx = pool.begin().await?;
    let done = sqlx::query(
        "UPDATE two_step SET enabled_at = ?, last_step = ? WHERE user_id = ? AND enabled_at IS NULL",
    )
    .bind(now())
    .bind(step)
    .bind(user)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    new_recovery_codes_in(&mut tx, user).await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces the recovery codes with ten new ones, kept in clear until the page shows them once.
pub async fn new_recovery_codes_in(
    tx: &mut sqlx::SqliteConnection,
    user: UserId,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = ?")
        .bind(user)
        .execute(&mut *tx)
        .await?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    for code in &codes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)")
            .bind(user)
            .bind(code_hash(code))
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE two_step SET fresh_codes = ? WHERE user_id = ?")
        .bind(codes.join(" "))
        .bind(user)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The recovery codes just made, once: they are forgotten as they are read.
pub async fn take_fresh_codes(pool: &SqlitePool, user: UserId) -> Result<Vec<String>, AppError> {
    let codes: Option<Option<String>> =
        sqlx::query_scalar("SELECT fresh_codes FROM two_step WHERE user_id = ?")
            .bind(user)
            .fetch_optional(pool)
            .await?;
    let Some(codes) = codes.flatten() else {
        return Ok(Vec::new());
    };
    // Cleared only if still the same codes: two pages loading at once show them once.
    let cleared =
        sqlx::query("UPDATE two_step SET fresh_codes = NULL WHERE user_id = ? AND fresh_codes = ?")
            .bind(user)
            .bind(&codes)
            .execute(pool)
            .await?;
    if cleared.rows_affected() != 1 {
        return Ok(Vec::new());
    }
    Ok(codes.split(' ').map(str::to_string).collect())
}

/// `xxxxx-xxxxx` from an alphabet without look-alikes (50 bits).
fn recovery_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = OsRng;
    let mut s: String = (0..10)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    s.insert(5, '-');
    s
}

/// Recovery codes are compared without case, spaces or dashes.
fn code_hash(code: &str) -> Vec<u8> {
    let bare: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    Sha256::digest(bare.as_bytes()).to_vec()
}

/// Checks a second-step code for `user` at `unix`: a TOTP code of a step newer than the last one
/// accepted, or an unused recovery code (used up here). `CodeInvalid` otherwise.
pub async fn check_code(st: &AppState, user: i64, code: &str, unix: i64) -> Result<(), AppError> {
    let pool = &st.pool;
    let code = code.trim();
    if code.is_empty() {
        return Err(AppError::Required(crate::error::Field::OneTimeCode));
    }
    if code.chars().count() > 64 {
        return Err(AppError::CodeInvalid);
    }
    let secret: Option<Vec<u8>> = sqlx::query_scalar(
        "SELECT secret FROM two_step WHERE user_id = ? AND enabled_at IS NOT NULL",
    )
    .bind(user)
    .fetch_optional(pool)
    .await?;
    let secret = open(
        &st.seal,
        UserId(user),
        &secret.ok_or(AppError::CodeInvalid)?,
    )?;
    if let Some(step) = totp::matching_step(&secret, code, unix) {
        // One statement: two requests with the same code cannot both pass.
        let done =
            sqlx::query("UPDATE two_step SET last_step = ? WHERE user_id = ? AND last_step < ?")
                .bind(step)
                .bind(user)
                .bind(step)
                .execute(pool)
                .await?;
        return if done.rows_affected() == 1 {
            Ok(())
        } else {
            Err(AppError::CodeInvalid)
        };
    }
    let used = sqlx::query(
        "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
    )
    .bind(now())
    .bind(user)
    .bind(code_hash(code))
    .execute(pool)
    .await?;
    if used.rows_affected() == 1 {
        Ok(())
    } else {
        Err(AppError::CodeInvalid)
    }
}

/// Turns two-step sign-in off (the caller has checked a code).
pub async fn disable(pool: &SqlitePool, user: UserId) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = ?")
        .bind(user)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM two_step WHERE user_id = ?")
        .bind(user)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A sign-in whose password was right, waiting for its code: the cookie value to set.
pub async fn begin_pending(pool: &SqlitePool, user: i64, next: &str) -> Result<String, AppError> {
    let (token, hash) = new_token();
    let t = now();
    sqlx::query("DELETE FROM pending_sign_ins WHERE expires_at <= ?")
        .bind(t)
        .execute(pool)
        .await?;
    sqlx::query(
        "INSERT INTO pending_sign_ins (token_hash, user_id, next, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(hash)
    .bind(user)
    .bind(next)
    .bind(t + PENDING_SECS)
    .execute(pool)
    .await?;
    Ok(token)
}

/// The account and `next` of a pending sign-in still in time.
pub async fn pending(pool: &SqlitePool, token: &str) -> Result<Option<(i64, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT user_id, next FROM pending_sign_ins WHERE token_hash = ? AND expires_at > ?",
    )
    .bind(token_hash(token))
    .bind(now())
    .fetch_optional(pool)
    .await?)
}

pub async fn end_pending(pool: &SqlitePool, token: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM pending_sign_ins WHERE token_hash = ?")
        .bind(token_hash(token))
        .execute(pool)
        .await?;
    Ok(())
}

/// What a secret is sealed to: its account.
fn owner(user: UserId) -> String {
    format!("two_step:{user}")
}

/// The account's TOTP secret from its stored value. A value stored before secrets were sealed
/// is read as it is (and sealed at the next start, [`seal_stored`]).
fn open(seal: &SealKey, user: UserId, stored: &[u8]) -> Result<Vec<u8>, AppError> {
    if !SealKey::is_sealed(stored) {
        return Ok(stored.to_vec());
    }
    seal.open(stored, &owner(user)).ok_or_else(|| {
        tracing::error!(%user, "two-step secret does not open: another KABINET_SECRET_KEY or key file?");
        AppError::Internal
    })
}

/// Seals every secret still stored in clear (written before sealing existed). Run at start-up;
/// returns how many were sealed.
pub async fn seal_stored(st: &AppState) -> Result<u64, AppError> {
    let plain: Vec<(UserId, Vec<u8>)> =
        sqlx::query_as("SELECT user_id, secret FROM two_step WHERE length(secret) = 20")
            .fetch_all(&st.pool)
            .await?;
    let mut sealed = 0;
    for (user, secret) in plain {
        sealed += sqlx::query("UPDATE two_step SET secret = ? WHERE user_id = ? AND secret = ?")
            .bind(st.seal.seal(&secret, &owner(user)))
            .bind(user)
            .bind(&secret)
            .execute(&st.pool)
            .await?
            .rows_affected();
    }
    Ok(sealed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_ten_letters_and_compare_loosely() {
        let c = recovery_code();
        assert_eq!(c.len(), 11);
        assert_eq!(&c[5..6], "-");
        assert_eq!(
            code_hash(&c),
            code_hash(&c.to_uppercase().replace('-', " "))
        );
        assert_ne!(code_hash(&c), code_hash(&recovery_code()));
    }
}
