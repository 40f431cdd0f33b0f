//! Where an account is signed in and has signed in from: the sessions with their device and
//! network (listed, ended one by one or all but this one), the last 50 sign-in attempts, and the
//! browsers it has used (a long-lived `kabinet_device` cookie, stored hashed), so that a sign-in
//! from a new one e-mails the shopper once.

use super::security::{device_of, SessionInfo, SignInEntry, SignInResult};
use super::ssr::{new_token, token_hash};
use crate::error::AppError;
use crate::ids::UserId;
use crate::platform::{client_ip, cookies, now, AppState};
use sqlx::SqlitePool;
use std::net::IpAddr;

/// Sign-in attempts kept per account.
pub const HISTORY_KEPT: i64 = 50;
const DEVICE_COOKIE: &str = "kabinet_device";
const DEVICE_COOKIE_SECS: u64 = 2 * 365 * 24 * 3600;
/// The user agent is cut to this before it is looked at.
const UA_MAX: usize = 512;

/// The approximate place of an address, as shown: its /24 (IPv4) or /48 (IPv6) network.
pub fn network_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            format!("{}.{}.{}.0/24", o[0], o[1], o[2])
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => network_of(IpAddr::V4(v4)),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2])
            }
        },
    }
}

/// The device and network of the request being served.
pub fn request_device(state: &AppState, parts: &http::request::Parts) -> (String, String) {
    let ua = parts
        .headers
        .get(http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let ua: String = ua.chars().take(UA_MAX).collect();
    (device_of(&ua), network_of(client_ip(parts, &state.config)))
}

/// Records one attempt on `user`'s account and keeps the newest [`HISTORY_KEPT`].
pub async fn record(
    state: &AppState,
    parts: &http::request::Parts,
    user: i64,
    result: SignInResult,
) -> Result<(), AppError> {
    let (device, network) = request_device(state, parts);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sign_in_log (user_id, at, device, network, result) VALUES (?, ?, ?, ?, ?)
         RETURNING id",
    )
    .bind(user)
    .bind(now())
    .bind(device)
    .bind(network)
    .bind(result)
    .fetch_one(&state.pool)
    .await?;
    sqlx::query(
        "DELETE FROM sign_in_log WHERE user_id = ? AND id <= (
             SELECT id FROM sign_in_log WHERE user_id = ? AND id <= ?
             ORDER BY id DESC LIMIT 1 OFFSET ?)",
    )
    .bind(user)
    .bind(user)
    .bind(id)
    .bind(HISTORY_KEPT)
    .execute(&state.pool)
    .await?;
    Ok(())
}

pub async fn history(pool: &SqlitePool, user: UserId) -> Result<Vec<SignInEntry>, AppError> {
    let rows: Vec<(i64, String, String, SignInResult)> = sqlx::query_as(
        "SELECT at, device, network, result FROM sign_in_log WHERE user_id = ?
         ORDER BY id DESC LIMIT ?",
    )
    .bind(user)
    .bind(HISTORY_KEPT)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, device, network, result)| SignInEntry {
            at,
            device,
            network,
            result,
        })
        .collect())
}

/// The stored hash of the request's session cookie, if it has one.
pub fn current_session_hash(state: &AppState, parts: &http::request::Parts) -> Option<Vec<u8>> {
    cookies::get(&parts.headers, state.config.session_cookie()).map(|c| token_hash(&c))
}

/// The account's sessions, the most recently used first.
pub async fn sessions(
    pool: &SqlitePool,
    user: UserId,
    current: Option<&[u8]>,
) -> Result<Vec<SessionInfo>, AppError> {
    let rows: Vec<(Vec<u8>, String, String, i64, i64)> = sqlx::query_as(
        "SELECT id_hash, device, network, created_at, last_seen_at FROM sessions
         WHERE user_id = ? ORDER BY last_seen_at DESC, created_at DESC",
    )
    .bind(user)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(hash, device, network, started_at, last_seen_at)| SessionInfo {
                id: public_id(&hash),
                device,
                network,
                started_at,
                last_seen_at,
                current: current == Some(hash.as_slice()),
            },
        )
        .collect())
}

/// What names a session in forms: the first 8 bytes of its stored hash, in hex.
fn public_id(hash: &[u8]) -> String {
    hash.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Ends one of the account's sessions other than `current`; any other id (another shopper's,
/// made up, this very session) is "not found".
pub async fn end_one(
    pool: &SqlitePool,
    user: UserId,
    id: &str,
    current: Option<&[u8]>,
) -> Result<(), AppError> {
    let id = id.trim().to_ascii_lowercase();
    if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let hashes: Vec<Vec<u8>> = sqlx::query_scalar("SELECT id_hash FROM sessions WHERE user_id = ?")
        .bind(user)
        .fetch_all(pool)
        .await?;
    let target = hashes
        .into_iter()
        .find(|h| public_id(h) == id && current != Some(h.as_slice()))
        .ok_or(AppError::NotFound)?;
    sqlx::query("DELETE FROM sessions WHERE id_hash = ? AND user_id = ?")
        .bind(target)
        .bind(user)
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends every session of the account but `current` (all of them when `None`).
pub async fn end_others(
    conn: &mut sqlx::SqliteConnection,
    user: UserId,
    current: Option<&[u8]>,
) -> Result<u64, AppError> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ?")
        .bind(user)
        .bind(current)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// Remembers the request's browser for `user`, giving it a device cookie if it has none.
/// `true` when the account had not used this browser before.
pub async fn remember_device(
    state: &AppState,
    parts: &http::request::Parts,
    user: i64,
) -> Result<bool, AppError> {
    let hash = match cookies::get(&parts.headers, DEVICE_COOKIE) {
        Some(value) if value.len() <= 64 => token_hash(&value),
        _ => {
            let (token, hash) = new_token();
            crate::platform::append_set_cookie(&cookies::set(
                DEVICE_COOKIE,
                &token,
                DEVICE_COOKIE_SECS,
                cookies::Scripts::Hidden,
                state.config.secure_cookies(),
            ));
            hash
        }
    };
    let added = sqlx::query(
        "INSERT INTO known_devices (user_id, device_hash, first_at) VALUES (?, ?, ?)
         ON CONFLICT DO NOTHING",
    )
    .bind(user)
    .bind(hash)
    .bind(now())
    .execute(&state.pool)
    .await?;
    Ok(added.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::network_of;

    #[test]
    fn places_are_shown_as_networks() {
        assert_eq!(
            network_of("203.0.113.77".parse().unwrap()),
            "203.0.113.0/24"
        );
        assert_eq!(
            network_of("2001:db8:1:2::5".parse().unwrap()),
            "2001:db8:1::/48"
        );
        assert_eq!(
            network_of("::ffff:198.51.100.4".parse().unwrap()),
            "198.51.100.0/24"
        );
    }
}
