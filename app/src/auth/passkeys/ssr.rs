//! Passkeys on the server: the relying party, the ceremonies kept between their two requests,
//! and the `passkeys` table. This file is the only writer of `passkeys`, `passkey_handles` and
//! `passkey_ceremonies` (a test checks).

use super::{Ceremony, PasskeyId, PasskeyInfo, PasskeyName};
use crate::auth::ssr::{new_token, token_hash};
use crate::error::AppError;
use crate::ids::UserId;
use crate::platform::{now, AppState};
use sqlx::SqlitePool;
use webauthn_rs::prelude::{
    CreationChallengeResponse, CredentialID, DiscoverableAuthentication, DiscoverableKey, Passkey,
    PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse, Url, Uuid, Webauthn, WebauthnBuilder,
};

/// A ceremony must be finished within this many seconds of its start.
pub const CEREMONY_SECS: i64 = 300;
/// Passkeys one account may have.
pub const MAX_PER_ACCOUNT: i64 = 10;

/// The relying party: `KABINET_PUBLIC_URL` when it is set; on a local run without one, the
/// address the browser used (`Host`), so that `http://localhost:PORT` works. Browsers refuse
/// WebAuthn on a bare IP address, and so does this: `PasskeyUnavailable`.
pub fn relying_party(state: &AppState, parts: &http::request::Parts) -> Result<Webauthn, AppError> {
    let origin = if state.config.public_url_set {
        state.config.public_url.clone()
    } else {
        let host = parts
            .headers
            .get(http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .ok_or(AppError::PasskeyUnavailable)?;
        let scheme = state
            .config
            .public_url
            .split("://")
            .next()
            .unwrap_or("http");
        format!("{scheme}://{host}")
    };
    let origin = Url::parse(&origin).map_err(|_| AppError::PasskeyUnavailable)?;
    let rp_id = origin
        .domain()
        .ok_or(AppError::PasskeyUnavailable)?
        .to_string();
    WebauthnBuilder::new(&rp_id, &origin)
        .and_then(|b| b.rp_name("Kabinet").build())
        .map_err(|e| {
            tracing::warn!(error = %e, %origin, "no WebAuthn relying party for this address");
            AppError::PasskeyUnavailable
        })
}

/// The account's WebAuthn user handle, made on first use.
pub async fn handle(pool: &SqlitePool, user: UserId) -> Result<Uuid, AppError> {
    sqlx::query(
        "INSERT INTO passkey_handles (user_id, handle) VALUES (?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(user)
    .bind(Uuid::new_v4().to_string())
    .execute(pool)
    .await?;
    let raw: String = sqlx::query_scalar("SELECT handle FROM passkey_handles WHERE user_id = ?")
        .bind(user)
        .fetch_one(pool)
        .await?;
    Uuid::parse_str(&raw).map_err(|e| {
        tracing::error!(error = %e, "stored passkey handle unreadable");
        AppError::Internal
    })
}

/// The account a handle names.
async fn handle_owner(pool: &SqlitePool, handle: Uuid) -> Result<Option<i64>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT user_id FROM passkey_handles WHERE handle = ?")
            .bind(handle.to_string())
            .fetch_optional(pool)
            .await?,
    )
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| {
        tracing::error!(error = %e, "passkey state not serialisable");
        AppError::Internal
    })
}

/// Stores a ceremony's state; returns the token the browser sends back with its answer. Expired
/// ceremonies go on the way.
async fn begin(
    pool: &SqlitePool,
    kind: &str,
    user: Option<UserId>,
    name: &str,
    state: String,
) -> Result<String, AppError> {
    let (token, hash) = new_token();
    let t = now();
    sqlx::query("DELETE FROM passkey_ceremonies WHERE expires_at < ?")
        .bind(t)
        .execute(pool)
        .await?;
    sqlx::query(
        "INSERT INTO passkey_ceremonies (token_hash, kind, user_id, name, state, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(hash)
    .bind(kind)
    .bind(user)
    .bind(name)
    .bind(state)
    .bind(t + CEREMONY_SECS)
    .execute(pool)
    .await?;
    Ok(token)
}

/// Takes a ceremony (once: the row goes as it is read): its user, name and state.
async fn take(
    pool: &SqlitePool,
    kind: &str,
    token: &str,
) -> Result<(Option<i64>, String, String), AppError> {
    sqlx::query_as(
        "DELETE FROM passkey_ceremonies WHERE token_hash = ? AND kind = ? AND expires_at >= ?
         RETURNING user_id, name, state",
    )
    .bind(token_hash(token))
    .bind(kind)
    .bind(now())
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::PasskeyExpired)
}

/// Starts adding a passkey named `name` to `user`'s account.
pub async fn start_registration(
    state: &AppState,
    rp: &Webauthn,
    user: UserId,
    name: &PasskeyName,
) -> Result<Ceremony, AppError> {
    let pool = &state.pool;
    let (email, display): (String, String) =
        sqlx::query_as("SELECT email, name FROM users WHERE id = ?")
            .bind(user)
            .fetch_one(pool)
            .await?;
    // The account's credentials: excluded from the new one, and counted against the limit.
    let existing: Vec<Vec<u8>> =
        sqlx::query_scalar("SELECT credential_id FROM passkeys WHERE user_id = ?")
            .bind(user)
            .fetch_all(pool)
            .await?;
    if existing.len() as i64 >= MAX_PER_ACCOUNT {
        return Err(AppError::TooManyPasskeys);
    }
    let exclude: Vec<CredentialID> = existing.into_iter().map(CredentialID::from).collect();
    let (options, reg) = rp
        .start_passkey_registration(handle(pool, user).await?, &email, &display, Some(exclude))
        .map_err(|e| failed("registration start", e))?;
    let token = begin(pool, "register", Some(user), name.as_str(), json(&reg)?).await?;
    Ok(Ceremony {
        token,
        options: require_discoverable(&options)?,
    })
}

/// A passkey is a discoverable credential: sign-in names no account, so the authenticator must
/// keep the account's handle. webauthn-rs asks for none ("discouraged"), which platform
/// authenticators ignore but security keys and Chromium's virtual one obey.
fn require_discoverable(options: &CreationChallengeResponse) -> Result<String, AppError> {
    let mut value = serde_json::to_value(options).map_err(|_| AppError::Internal)?;
    let selection = serde_json::json!({
        "residentKey": "required",
        "requireResidentKey": true,
        "userVerification": "required",
    });
    if let Some(public_key) = value.get_mut("publicKey").and_then(|p| p.as_object_mut()) {
        public_key.insert("authenticatorSelection".into(), selection);
    }
    json(&value)
}

fn failed(step: &str, e: webauthn_rs::prelude::WebauthnError) -> AppError {
    tracing::info!(error = %e, step, "passkey refused");
    AppError::PasskeyFailed
}

/// The browser's answer, as JSON; unknown transports are dropped (newer browsers name more
/// than this version of webauthn-rs knows).
fn parse_answer<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T, AppError> {
    let mut value: serde_json::Value =
        serde_json::from_str(raw).map_err(|_| AppError::PasskeyFailed)?;
    if let Some(response) = value.get_mut("response").and_then(|r| r.as_object_mut()) {
        response.remove("transports");
    }
    serde_json::from_value(value).map_err(|e| {
        tracing::info!(error = %e, "passkey answer unreadable");
        AppError::PasskeyFailed
    })
}

async fn known(pool: &SqlitePool, credential_id: &[u8]) -> Result<bool, AppError> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM passkeys WHERE credential_id = ?)")
            .bind(credential_id)
            .fetch_one(pool)
            .await?,
    )
}

/// Finishes a registration started by `user`: the passkey is stored under its name.
pub async fn finish_registration(
    state: &AppState,
    rp: &Webauthn,
    user: UserId,
    token: &str,
    answer: &str,
) -> Result<PasskeyId, AppError> {
    let (owner, name, raw) = take(&state.pool, "register", token).await?;
    if owner != Some(user.get()) {
        return Err(AppError::PasskeyExpired);
    }
    let reg: PasskeyRegistration = serde_json::from_str(&raw).map_err(|_| AppError::Internal)?;
    let answer: RegisterPublicKeyCredential = parse_answer(answer)?;
    let passkey = match rp.finish_passkey_registration(&answer, &reg) {
        Ok(p) => p,
        // An authenticator that already holds one of the account's passkeys (a browser stops
        // this itself, from the options' exclude list).
        Err(_) if known(&state.pool, answer.raw_id.as_slice()).await? => {
            return Err(AppError::PasskeyRegistered)
        }
        Err(e) => return Err(failed("registration", e)),
    };
    let res = sqlx::query_scalar(
        "INSERT INTO passkeys (user_id, credential_id, name, credential, created_at)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(user)
    .bind(passkey.cred_id().as_slice())
    .bind(&name)
    .bind(json(&passkey)?)
    .bind(now())
    .fetch_one(&state.pool)
    .await;
    match res {
        Ok(id) => Ok(PasskeyId(id)),
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
            Err(AppError::PasskeyRegistered)
        }
        Err(e) => Err(e.into()),
    }
}

/// Starts a sign-in with any passkey of this site (discoverable: no account named).
pub async fn start_sign_in(state: &AppState, rp: &Webauthn) -> Result<Ceremony, AppError> {
    let (mut options, auth): (RequestChallengeResponse, DiscoverableAuthentication) = rp
        .start_discoverable_authentication()
        .map_err(|e| failed("sign-in start", e))?;
    // A button starts it, not the address field's autofill: the browser's own dialog.
    options.mediation = None;
    let token = begin(&state.pool, "sign_in", None, "", json(&auth)?).await?;
    Ok(Ceremony {
        token,
        options: json(&options)?,
    })
}

/// Finishes a sign-in: the account whose passkey signed the challenge. The passkey must belong
/// to the account its handle names, and its signature counter must have moved on (a replayed
/// or cloned assertion is refused); the new counter and the time are stored.
pub async fn finish_sign_in(
    state: &AppState,
    rp: &Webauthn,
    token: &str,
    answer: &str,
) -> Result<i64, AppError> {
    let (_, _, raw) = take(&state.pool, "sign_in", token).await?;
    let auth: DiscoverableAuthentication =
        serde_json::from_str(&raw).map_err(|_| AppError::Internal)?;
    let answer: PublicKeyCredential = parse_answer(answer)?;
    let (handle, cred_id) = rp
        .identify_discoverable_authentication(&answer)
        .map_err(|e| failed("identify", e))?;
    let row: Option<(i64, i64, String)> =
        sqlx::query_as("SELECT id, user_id, credential FROM passkeys WHERE credential_id = ?")
            .bind(cred_id)
            .fetch_optional(&state.pool)
            .await?;
    let Some((id, user, stored)) = row else {
        tracing::info!("sign-in with an unknown passkey");
        return Err(AppError::PasskeyUnknown);
    };
    if handle_owner(&state.pool, handle).await? != Some(user) {
        tracing::warn!(
            passkey = id,
            "passkey answered for another account's handle"
        );
        return Err(AppError::PasskeyUnknown);
    }
    let mut passkey: Passkey = serde_json::from_str(&stored).map_err(|_| AppError::Internal)?;
    let result = rp
        .finish_discoverable_authentication(&answer, auth, &[DiscoverableKey::from(&passkey)])
        .map_err(|e| failed("sign-in", e))?;
    passkey.update_credential(&result);
    // Only a counter that moved on is written: two sign-ins racing with one counter value
    // cannot both pass (the second sees the row changed).
    let done = sqlx::query(
        "UPDATE passkeys SET credential = ?, last_used_at = ? WHERE id = ? AND credential = ?",
    )
    .bind(json(&passkey)?)
    .bind(now())
    .bind(id)
    .bind(&stored)
    .execute(&state.pool)
    .await?;
    if done.rows_affected() == 0 && result.counter() > 0 {
        tracing::warn!(passkey = id, "passkey counter raced: assertion refused");
        return Err(AppError::PasskeyFailed);
    }
    Ok(user)
}

/// The account's passkeys, oldest first.
pub async fn list(pool: &SqlitePool, user: UserId) -> Result<Vec<PasskeyInfo>, AppError> {
    let rows: Vec<(i64, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, created_at, last_used_at FROM passkeys WHERE user_id = ? ORDER BY id",
    )
    .bind(user)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, created_at, last_used_at)| PasskeyInfo {
            id: PasskeyId(id),
            name,
            created_at,
            last_used_at,
        })
        .collect())
}

/// Removes one of the account's passkeys, in one statement that keeps a way to sign in (a
/// password, a provider or another passkey). `NotFound` for another's passkey.
pub async fn remove(pool: &SqlitePool, user: UserId, id: PasskeyId) -> Result<(), AppError> {
    let done = sqlx::query(
        "DELETE FROM passkeys WHERE id = ?2 AND user_id = ?1
           AND ((SELECT password_hash FROM users WHERE id = ?1) != ''
                OR EXISTS (SELECT 1 FROM social_identities WHERE user_id = ?1)
                OR (SELECT COUNT(*) FROM passkeys WHERE user_id = ?1) > 1)",
    )
    .bind(user)
    .bind(id)
    .execute(pool)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(());
    }
    let mine: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM passkeys WHERE id = ? AND user_id = ?)")
            .bind(id)
            .bind(user)
            .fetch_one(pool)
            .await?;
    Err(if mine {
        AppError::SocialLastWay
    } else {
        AppError::NotFound
    })
}
