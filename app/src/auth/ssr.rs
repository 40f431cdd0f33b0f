//! Server-only sign-in machinery: password hashing, sessions, throttling and e-mailed tokens.

use crate::context::Viewer;
use crate::domain::{LoginId, MemberId};
use crate::error::AppError;
use crate::ids::{StoreId, UserId};
use crate::platform::{cookies, now, AppState};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;
use std::sync::OnceLock;

pub use super::throttle::*;

pub const RESET_TOKEN_SECS: i64 = 3600;
pub const CONFIRM_TOKEN_SECS: i64 = 7 * 24 * 3600;
/// How long a sign-in may wait for a free hashing slot before the server says it is busy.
const HASH_QUEUE_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

// ---------------------------------------------------------------- passwords

fn argon2() -> Argon2<'static> {
    // argon2id, m = 19 MiB, t = 2, p = 1 (OWASP's first recommendation).
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Waits for a hashing slot, but not for ever: a flood of sign-ins gets "busy", not a queue
/// that grows without bound.
async fn hash_slot(state: &AppState) -> Result<tokio::sync::SemaphorePermit<'_>, AppError> {
    match tokio::time::timeout(HASH_QUEUE_WAIT, state.hash_slots.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        Ok(Err(_)) => Err(AppError::Internal),
        Err(_) => {
            tracing::warn!("password hashing queue full");
            Err(AppError::Busy)
        }
    }
}

/// Hashes a password on the blocking pool, at most `max_concurrent_hashes` at once.
pub async fn hash_password(state: &AppState, password: String) -> Result<String, AppError> {
    let _slot = hash_slot(state).await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|_| AppError::Internal)?
    .map_err(|e| {
        tracing::error!(error = %e, "hashing failed");
        AppError::Internal
    })
}

/// Checks a password against a stored hash, or against a dummy hash when there is no account,
/// so that both cases take the same time.
pub async fn verify_password(
    state: &AppState,
    password: String,
    stored: Option<String>,
) -> Result<bool, AppError> {
    let _slot = hash_slot(state).await?;
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| dummy_hash().to_string());
        let Ok(parsed) = PasswordHash::new(&hash) else {
            return false;
        };
        argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
            && known
    })
    .await
    .map_err(|_| AppError::Internal)
}

/// Computes the dummy hash ahead of the first sign-in, so that one is not slower either.
pub async fn warm_up() {
    let _ = tokio::task::spawn_blocking(dummy_hash).await;
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(b"no such account - dummy password", &salt)
            .expect("dummy hash")
            .to_string()
    })
}

// ---------------------------------------------------------------- random tokens

/// A random 256-bit token (for the cookie or an e-mailed link) and its SHA-256 for storage.
pub fn new_token() -> (String, Vec<u8>) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

// ---------------------------------------------------------------- users

#[derive(sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub member_id: i64,
    pub name: String,
    pub email: String,
    pub password_hash: String,
    pub lang: String,
    pub email_confirmed_at: Option<i64>,
}

impl std::fmt::Debug for UserRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRow")
            .field("id", &self.id)
            .field("member_id", &self.member_id)
            .field("password_hash", &"***")
            .finish_non_exhaustive()
    }
}

impl UserRow {
    pub fn to_viewer(&self) -> Viewer {
        Viewer {
            id: UserId(self.id),
            member_id: MemberId::new(self.member_id)
                .unwrap_or(MemberId::new(MemberId::MIN).unwrap()),
            name: self.name.clone(),
            email: self.email.clone(),
            email_confirmed: self.email_confirmed_at.is_some(),
            store_id: None,
            photo: false,
        }
    }
}

const USER_COLUMNS: &str = "id, member_id, name, email, password_hash, lang, email_confirmed_at";

pub async fn find_user(pool: &SqlitePool, login: &LoginId) -> Result<Option<UserRow>, AppError> {
    let sql = match login {
        LoginId::Email(_) => format!("SELECT {USER_COLUMNS} FROM users WHERE email = ?"),
        LoginId::Member(_) => format!("SELECT {USER_COLUMNS} FROM users WHERE member_id = ?"),
    };
    let q = sqlx::query_as::<_, UserRow>(&sql);
    let q = match login {
        LoginId::Email(e) => q.bind(e.as_str()),
        LoginId::Member(m) => q.bind(m.get()),
    };
    Ok(q.fetch_optional(pool).await?)
}

/// Inserts a user with a fresh random member ID (retrying on the rare collision).
pub async fn insert_user(
    pool: &SqlitePool,
    name: &str,
    email: &str,
    password_hash: &str,
    lang: &str,
) -> Result<(i64, MemberId), AppError> {
    for _ in 0..8 {
        let member = rand::thread_rng().gen_range(MemberId::MIN..=MemberId::MAX);
        let res = sqlx::query(
            "INSERT INTO users (member_id, name, email, password_hash, lang, created_at)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(member)
        .bind(name)
        .bind(email)
        .bind(password_hash)
        .bind(lang)
        .bind(now())
        .execute(pool)
        .await;
        match res {
            Ok(done) => {
                return Ok((
                    done.last_insert_rowid(),
                    MemberId::new(member).expect("in range"),
                ));
            }
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                if db.message().contains("users.email") {
                    return Err(AppError::EmailTaken);
                }
                // member_id collision: draw again
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Internal)
}

// ---------------------------------------------------------------- sessions

/// Starts a session for `user_id`, ending the one the request carried (a new id at sign-in),
/// and sets the cookie on the response.
pub async fn start_session(
    state: &AppState,
    user_id: i64,
    old_cookie: Option<&str>,
) -> Result<(), AppError> {
    let (token, hash) = new_token();
    let t = now();
    // Where the session starts, for the sessions list (none outside a request).
    let (device, network) = crate::platform::request_parts()
        .map(|parts| super::devices::request_device(state, &parts))
        .unwrap_or_default();
    let mut tx = state.pool.begin().await?;
    if let Some(old) = old_cookie {
        sqlx::query("DELETE FROM sessions WHERE id_hash = ?")
            .bind(token_hash(old))
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, device, network)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(hash)
    .bind(user_id)
    .bind(t)
    .bind(t)
    .bind(device)
    .bind(network)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    crate::platform::append_set_cookie(&session_cookie(
        state,
        &token,
        state.config.session_absolute.as_secs(),
    ));
    Ok(())
}

pub async fn end_session(state: &AppState, cookie: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = ?")
        .bind(token_hash(cookie))
        .execute(&state.pool)
        .await?;
    Ok(())
}

/// The `Set-Cookie` value for a session cookie (`max_age` 0 deletes it).
pub fn session_cookie(state: &AppState, value: &str, max_age: u64) -> String {
    let secure = state.config.secure_cookies();
    cookies::set(
        state.config.session_cookie(),
        value,
        max_age,
        cookies::Scripts::Hidden,
        secure,
    )
}

/// What the session cookie resolved to.
pub enum Lookup {
    Active(Viewer),
    /// The cookie named a session that has ended (timed out, signed out elsewhere, reset).
    Ended,
}

pub async fn lookup_session(state: &AppState, cookie: &str) -> Result<Lookup, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        created_at: i64,
        last_seen_at: i64,
        store_id: Option<i64>,
        photo: bool,
        #[sqlx(flatten)]
        user: UserRow,
    }
    let hash = token_hash(cookie);
    let row = sqlx::query_as::<_, Row>(
        "SELECT s.created_at, s.last_seen_at, u.id, u.member_id, u.name, u.email, u.password_hash,
                u.lang, u.email_confirmed_at,
                (SELECT st.id FROM stores st WHERE st.owner_user_id = u.id) AS store_id,
                u.photo IS NOT NULL AS photo
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?",
    )
    .bind(&hash)
    .fetch_optional(&state.pool)
    .await?;
    let Some(row) = row else {
        return Ok(Lookup::Ended);
    };
    let t = now();
    let idle = state.config.session_idle.as_secs() as i64;
    let absolute = state.config.session_absolute.as_secs() as i64;
    if t - row.last_seen_at > idle || t - row.created_at > absolute {
        sqlx::query("DELETE FROM sessions WHERE id_hash = ?")
            .bind(&hash)
            .execute(&state.pool)
            .await?;
        return Ok(Lookup::Ended);
    }
    if t - row.last_seen_at > 60 {
        sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?")
            .bind(t)
            .bind(&hash)
            .execute(&state.pool)
            .await?;
    }
    let mut viewer = row.user.to_viewer();
    viewer.store_id = row.store_id.map(StoreId);
    viewer.photo = row.photo;
    Ok(Lookup::Active(viewer))
}

// ---------------------------------------------------------------- e-mailed tokens

pub async fn issue_token(
    pool: &SqlitePool,
    user_id: i64,
    kind: &str,
    ttl: i64,
) -> Result<String, AppError> {
    let (token, hash) = new_token();
    let t = now();
    sqlx::query(
        "INSERT INTO email_tokens (token_hash, user_id, kind, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(hash)
    .bind(user_id)
    .bind(kind)
    .bind(t)
    .bind(t + ttl)
    .execute(pool)
    .await?;
    Ok(token)
}

/// The user a still-usable token belongs to, without using it up.
pub async fn peek_token(
    pool: &SqlitePool,
    token: &str,
    kind: &str,
) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT user_id FROM email_tokens
         WHERE token_hash = ? AND kind = ? AND used_at IS NULL AND expires_at > ?",
    )
    .bind(token_hash(token))
    .bind(kind)
    .bind(now())
    .fetch_optional(pool)
    .await?)
}

/// Uses a token up inside `tx`; `None` when it was unknown, expired or already used.
pub async fn consume_token(
    tx: &mut sqlx::SqliteConnection,
    token: &str,
    kind: &str,
) -> Result<Option<i64>, AppError> {
    let t = now();
    Ok(sqlx::query_scalar(
        "UPDATE email_tokens SET used_at = ?
         WHERE token_hash = ? AND kind = ? AND used_at IS NULL AND expires_at > ?
         RETURNING user_id",
    )
    .bind(t)
    .bind(token_hash(token))
    .bind(kind)
    .bind(t)
    .fetch_optional(tx)
    .await?)
}
