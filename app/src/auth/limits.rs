//! Abuse limits on what costs a password hash or sends an e-mail (issue 15): registrations per
//! network and recovery e-mails per recipient address, over a sliding hour. Like sign-in
//! throttling (`throttle.rs`), each attempt is counted and checked in one atomic statement.

use crate::error::AppError;
use crate::platform::now;
use sqlx::SqlitePool;
use std::net::IpAddr;

/// Both limits count over this window.
pub const LIMIT_WINDOW_SECS: i64 = 3600;

/// The network a client address belongs to, for limits: an IPv4 address is its own network; an
/// IPv6 address is keyed by its /64, the smallest block one subscriber is usually given (one
/// host can draw new addresses inside it at will).
pub fn network_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let net = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{net}/64")
            }
        },
    }
}

/// Counts one event of `kind` for `key` unless `max` were already counted in the window;
/// `false` when the limit is reached (nothing counted then).
pub async fn take(pool: &SqlitePool, kind: &str, key: &str, max: u32) -> Result<bool, AppError> {
    let t = now();
    let since = t - LIMIT_WINDOW_SECS;
    // One statement: parallel attempts cannot all see "one left".
    let taken: Option<i64> = sqlx::query_scalar(
        "INSERT INTO limit_events (kind, key, at)
         SELECT ?1, ?2, ?3
         WHERE (SELECT COUNT(*) FROM limit_events WHERE kind = ?1 AND key = ?2 AND at > ?4) < ?5
         RETURNING id",
    )
    .bind(kind)
    .bind(key)
    .bind(t)
    .bind(since)
    .bind(max)
    .fetch_optional(pool)
    .await?;
    if taken.is_some() {
        sqlx::query("DELETE FROM limit_events WHERE kind = ? AND key = ? AND at <= ?")
            .bind(kind)
            .bind(key)
            .bind(since)
            .execute(pool)
            .await?;
    }
    Ok(taken.is_some())
}

/// One registration from `ip`'s network, or [`AppError::TooManyRegistrations`].
pub async fn take_registration(pool: &SqlitePool, ip: IpAddr, max: u32) -> Result<(), AppError> {
    if take(pool, "register", &network_key(ip), max).await? {
        Ok(())
    } else {
        tracing::warn!(network = %network_key(ip), "registration limit reached");
        Err(AppError::TooManyRegistrations)
    }
}

/// One recovery e-mail to `email` (already normalised), or [`AppError::TooManyRecoveryMails`].
pub async fn take_recovery_mail(pool: &SqlitePool, email: &str, max: u32) -> Result<(), AppError> {
    if take(pool, "recovery_mail", &email.to_lowercase(), max).await? {
        Ok(())
    } else {
        tracing::warn!("recovery e-mail limit reached for an address");
        Err(AppError::TooManyRecoveryMails)
    }
}

#[cfg(test)]
mod tests {
    use super::network_key;

    #[test]
    fn ipv4_is_keyed_by_address_and_ipv6_by_its_64() {
        assert_eq!(network_key("203.0.113.7".parse().unwrap()), "203.0.113.7");
        let a = network_key("2001:db8:1:2:aaaa::1".parse().unwrap());
        let b = network_key("2001:db8:1:2:ffff:1:2:3".parse().unwrap());
        let c = network_key("2001:db8:1:3::1".parse().unwrap());
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_eq!(a, b, "one /64, one network");
        assert_ne!(a, c);
        assert_eq!(
            network_key("::ffff:198.51.100.4".parse().unwrap()),
            "198.51.100.4"
        );
    }
}
