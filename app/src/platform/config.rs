//! The settings read once at start-up (the runtime contract: docs/runtime.md), the check that
//! refuses an unsafe combination before anything is served, and the client's address as the
//! trusted proxies report it.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

/// Settings read once at start-up. Its `Debug` hides the password an `SMTP_URL` may carry.
#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    /// Address used in e-mailed links, e.g. `http://127.0.0.1:3000`.
    pub public_url: String,
    /// `KABINET_PUBLIC_URL` was given: passkeys are bound to it (else to the request's host).
    pub public_url_set: bool,
    pub mail_dir: PathBuf,
    pub smtp_url: Option<String>,
    /// Write each message as an `.eml` file: when no SMTP is set, or `KABINET_MAIL_FILES=1`.
    pub mail_files: bool,
    /// The newest this many `.eml` files are kept (`KABINET_MAIL_KEEP`); older ones are removed.
    pub mail_keep: usize,
    pub demo: bool,
    /// A session unused for this long ends.
    pub session_idle: Duration,
    /// A session ends this long after sign-in, used or not.
    pub session_absolute: Duration,
    /// Password hashes computed at once; more wait their turn.
    pub max_concurrent_hashes: usize,
    /// Catalogue size multiplier for the demo data (`KABINET_DEMO_SCALE`, 1 = 2,000 products).
    pub demo_scale: u32,
    /// Extra demo orders for benchmarks (`KABINET_DEMO_ORDERS`): 1 in 100 is the demo shopper's.
    pub demo_orders: u32,
    /// Extra demo conversations of the demo shopper, for benchmarks
    /// (`KABINET_DEMO_CONVERSATIONS`).
    pub demo_conversations: u32,
    /// An order not paid this long after it was placed cancels itself.
    pub unpaid_cancel_after: Duration,
    /// A delivered order confirms itself this long after delivery (buyer protection period).
    pub auto_confirm_after: Duration,
    /// How often the background order task runs.
    pub task_interval: Duration,
    /// Registrations accepted from one network (IPv4 address, IPv6 /64) per hour.
    pub registrations_per_hour: u32,
    /// Recovery e-mails (forgotten password or member ID) sent to one address per hour.
    pub recovery_mails_per_hour: u32,
    /// Peers whose `X-Forwarded-For` is believed (`KABINET_TRUSTED_PROXIES`); empty: none.
    pub trusted_proxies: Vec<Cidr>,
    /// A product search still running after this is interrupted (`KABINET_SEARCH_DEADLINE_MS`).
    pub search_deadline: Duration,
    /// The key sealing secrets kept in the database (`KABINET_SECRET_KEY`, 64 hex digits); unset,
    /// a key file beside the database is used ([`super::seal`]).
    pub seal_key: Option<super::seal::SealKey>,
    /// Sign-in providers (`KABINET_GOOGLE_*`, `KABINET_FACEBOOK_*`, `KABINET_VK_*`).
    pub providers: super::providers::Providers,
    /// Mount the demo OAuth 2.0 / OpenID Connect provider at `/demo-oidc` (with `KABINET_DEMO=1`).
    pub demo_provider: bool,
    /// Provider sign-ins started from one network per hour (`KABINET_SOCIAL_STARTS_PER_HOUR`).
    pub social_starts_per_hour: u32,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &self.database_url)
            .field("public_url", &self.public_url)
            .field("mail_dir", &self.mail_dir)
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_url))
            .field("mail_files", &self.mail_files)
            .field("mail_keep", &self.mail_keep)
            .field("demo", &self.demo)
            .field("session_idle", &self.session_idle)
            .field("session_absolute", &self.session_absolute)
            .field("max_concurrent_hashes", &self.max_concurrent_hashes)
            .field("demo_scale", &self.demo_scale)
            .field("demo_orders", &self.demo_orders)
            .field("demo_conversations", &self.demo_conversations)
            .field("unpaid_cancel_after", &self.unpaid_cancel_after)
            .field("auto_confirm_after", &self.auto_confirm_after)
            .field("task_interval", &self.task_interval)
            .field("registrations_per_hour", &self.registrations_per_hour)
            .field("recovery_mails_per_hour", &self.recovery_mails_per_hour)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("search_deadline", &self.search_deadline)
            .field("seal_key", &self.seal_key)
            .field("providers", &self.providers)
            .field("demo_provider", &self.demo_provider)
            .field("social_starts_per_hour", &self.social_starts_per_hour)
            .finish()
    }
}

/// A URL with its user-info (`user:password@`) replaced by `***@`.
pub fn redact_url(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rfind('@') {
        Some(at) => format!("{scheme}://***@{}{path}", &authority[at + 1..]),
        None => url.to_string(),
    }
}

/// The session cookie's name over plain http (local runs and tests).
pub const SESSION_COOKIE_HTTP: &str = "kabinet_session";
/// Over https: the `__Host-` prefix makes the browser refuse it unless it is `Secure`, has
/// `Path=/` and no `Domain`, so a sibling subdomain or a plain-http page cannot plant one.
pub const SESSION_COOKIE_HTTPS: &str = "__Host-kabinet_session";

impl Config {
    pub fn from_env(site_addr: SocketAddr) -> Config {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let num = |k: &str, default: u64| {
            var(k)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(default)
        };
        let smtp_url = var("SMTP_URL");
        let demo = var("KABINET_DEMO").is_some_and(|v| v == "1");
        let public_url_set = var("KABINET_PUBLIC_URL").is_some();
        let public_url = var("KABINET_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{site_addr}"))
            .trim_end_matches('/')
            .to_string();
        Config {
            database_url: var("DATABASE_URL")
                .unwrap_or_else(|| "sqlite://data/kabinet.db?mode=rwc".into()),
            providers: super::providers::Providers::from_env(var, demo, &public_url),
            demo_provider: demo,
            social_starts_per_hour: num("KABINET_SOCIAL_STARTS_PER_HOUR", 60).min(u32::MAX as u64)
                as u32,
            public_url,
            public_url_set,
            mail_dir: var("KABINET_MAIL_DIR")
                .unwrap_or_else(|| "data/mail".into())
                .into(),
            mail_files: smtp_url.is_none() || var("KABINET_MAIL_FILES").is_some_and(|v| v == "1"),
            mail_keep: num("KABINET_MAIL_KEEP", 200).clamp(1, 1_000_000) as usize,
            smtp_url,
            demo,
            session_idle: Duration::from_secs(7 * 24 * 3600),
            session_absolute: Duration::from_secs(30 * 24 * 3600),
            max_concurrent_hashes: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
            demo_scale: num("KABINET_DEMO_SCALE", 1).clamp(1, 1000) as u32,
            demo_orders: num("KABINET_DEMO_ORDERS", 0).min(10_000_000) as u32,
            demo_conversations: num("KABINET_DEMO_CONVERSATIONS", 0).min(100_000) as u32,
            unpaid_cancel_after: Duration::from_secs(num("KABINET_UNPAID_CANCEL_HOURS", 24) * 3600),
            auto_confirm_after: Duration::from_secs(num("KABINET_PROTECTION_DAYS", 15) * 24 * 3600),
            task_interval: Duration::from_secs(num("KABINET_TASK_SECONDS", 60).max(1)),
            registrations_per_hour: num("KABINET_REGISTRATIONS_PER_HOUR", 30).min(u32::MAX as u64)
                as u32,
            recovery_mails_per_hour: num("KABINET_RECOVERY_MAILS_PER_HOUR", 3).min(u32::MAX as u64)
                as u32,
            trusted_proxies: var("KABINET_TRUSTED_PROXIES")
                .map(|v| Cidr::parse_list(&v))
                .unwrap_or_default(),
            search_deadline: Duration::from_millis(
                num("KABINET_SEARCH_DEADLINE_MS", 2000).min(60_000),
            ),
            seal_key: var("KABINET_SECRET_KEY").and_then(|v| super::seal::SealKey::from_hex(&v)),
        }
    }

    /// Served over https (behind a TLS proxy): cookies `Secure` and `__Host-`, HSTS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The session cookie's name: `__Host-` prefixed over https.
    pub fn session_cookie(&self) -> &'static str {
        if self.secure_cookies() {
            SESSION_COOKIE_HTTPS
        } else {
            SESSION_COOKIE_HTTP
        }
    }

    /// Refuses settings the server must not start with: a public URL that is not http(s), or a
    /// plain-http one for anything but this machine (sessions and reset links would cross the
    /// network in clear). A proxy list that did not parse whole is refused too.
    pub fn check(&self) -> Result<(), ConfigError> {
        let (scheme, rest) = self
            .public_url
            .split_once("://")
            .ok_or_else(|| ConfigError::PublicUrl(self.public_url.clone()))?;
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host_of(authority);
        if host.is_empty() {
            return Err(ConfigError::PublicUrl(self.public_url.clone()));
        }
        match scheme {
            "https" => Ok(()),
            "http" if is_loopback_host(host) => Ok(()),
            "http" => Err(ConfigError::PlainHttp(self.public_url.clone())),
            _ => Err(ConfigError::PublicUrl(self.public_url.clone())),
        }?;
        if std::env::var("KABINET_SECRET_KEY").is_ok_and(|v| !v.trim().is_empty())
            && self.seal_key.is_none()
        {
            return Err(ConfigError::SecretKey);
        }
        if let Ok(list) = std::env::var("KABINET_TRUSTED_PROXIES") {
            if !list.trim().is_empty() && Cidr::parse_list(&list).len() != list.split(',').count() {
                return Err(ConfigError::TrustedProxies(list));
            }
        }
        Ok(())
    }

    /// The client's address: the socket's peer, or, when the peer is a trusted proxy, the
    /// address that proxy (and any trusted proxy before it) reports in `X-Forwarded-For`,
    /// read from the right: the first address that is not a trusted proxy is the client.
    pub fn client_ip(&self, peer: IpAddr, headers: &http::HeaderMap) -> IpAddr {
        let trusted = |ip: &IpAddr| self.trusted_proxies.iter().any(|c| c.contains(*ip));
        if !trusted(&peer) {
            return peer;
        }
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            if !trusted(&client) {
                break;
            }
            match parse_hop(hop) {
                Some(ip) => client = ip,
                None => break,
            }
        }
        client
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`1.2.3.4:5`, `[::1]:5`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .map(|ip| match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        })
}

/// The host of `host[:port]` or `[v6]:port`.
fn host_of(authority: &str) -> &str {
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("");
    }
    authority.split(':').next().unwrap_or("")
}

fn is_loopback_host(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.to_ascii_lowercase().ends_with(".localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Why the server refuses to start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "KABINET_PUBLIC_URL {0} is plain http for a host other than this machine: \
         serve the site over https (a TLS proxy in front) and set an https:// public URL"
    )]
    PlainHttp(String),
    #[error("KABINET_PUBLIC_URL {0} is not an http:// or https:// address")]
    PublicUrl(String),
    #[error("KABINET_TRUSTED_PROXIES {0:?}: each entry must be an address or address/prefix")]
    TrustedProxies(String),
    #[error(
        "KABINET_SECRET_KEY must be 64 hex digits (32 bytes), e.g. from `openssl rand -hex 32`"
    )]
    SecretKey,
}

/// An address block, `10.0.0.0/8` or one address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn parse(s: &str) -> Option<Cidr> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (s.parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Cidr { addr, prefix })
    }

    /// The entries of a comma-separated list that parse.
    pub fn parse_list(s: &str) -> Vec<Cidr> {
        s.split(',').filter_map(Cidr::parse).collect()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        let bits = |a: IpAddr| -> (u128, u32) {
            match a {
                IpAddr::V4(v) => (u32::from(v) as u128, 32),
                IpAddr::V6(v) => (u128::from(v), 128),
            }
        };
        let ((net, len), (x, xlen)) = (bits(self.addr), bits(ip));
        if len != xlen {
            return false;
        }
        let shift = len - self.prefix as u32;
        shift >= len || (net >> shift) == (x >> shift)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(public: &str) -> Config {
        let mut c = Config::from_env("127.0.0.1:3000".parse().unwrap());
        c.public_url = public.into();
        c
    }

    #[test]
    fn config_debug_does_not_print_the_smtp_password() {
        let mut config = config("http://127.0.0.1:3000");
        config.smtp_url = Some("smtps://shop%40mail.example:s3cr3t-pa55@smtp.example:465".into());
        let shown = format!("{config:?}");
        assert!(!shown.contains("s3cr3t-pa55"), "{shown}");
        assert!(!shown.contains("shop%40mail"), "{shown}");
        assert!(shown.contains("smtp.example:465"), "{shown}");
        assert_eq!(
            redact_url("smtp://u:p@h:25/x?y=1"),
            "smtp://***@h:25/x?y=1".to_string()
        );
        assert_eq!(redact_url("smtp://h:25"), "smtp://h:25");
    }

    #[test]
    fn plain_http_is_for_this_machine_only() {
        for ok in [
            "http://127.0.0.1:3000",
            "http://localhost:3000",
            "http://[::1]:3000",
            "https://shop.example",
            "https://10.0.0.5:8443",
        ] {
            assert_eq!(config(ok).check(), Ok(()), "{ok}");
        }
        for bad in [
            "http://shop.example",
            "http://0.0.0.0:3000",
            "http://10.0.0.5",
        ] {
            assert!(
                matches!(config(bad).check(), Err(ConfigError::PlainHttp(_))),
                "{bad}"
            );
        }
        assert!(config("ftp://x").check().is_err());
        assert!(config("shop.example").check().is_err());
    }

    #[test]
    fn forwarded_for_is_read_only_from_trusted_proxies() {
        let mut c = config("https://shop.example");
        let mut h = http::HeaderMap::new();
        h.insert("x-forwarded-for", "6.6.6.6, 203.0.113.9".parse().unwrap());
        let peer: IpAddr = "10.0.0.2".parse().unwrap();
        assert_eq!(c.client_ip(peer, &h), peer, "no proxy trusted");
        c.trusted_proxies = Cidr::parse_list("10.0.0.0/8, ::1");
        assert_eq!(
            c.client_ip(peer, &h),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        // The client may write anything left of what the proxy appended: not believed.
        h.insert("x-forwarded-for", "10.0.0.7, 203.0.113.9".parse().unwrap());
        assert_eq!(
            c.client_ip(peer, &h),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        h.insert("x-forwarded-for", "junk".parse().unwrap());
        assert_eq!(c.client_ip(peer, &h), peer);
        assert!(Cidr::parse("2001:db8::/32")
            .unwrap()
            .contains("2001:db8:1::5".parse().unwrap()));
        assert!(!Cidr::parse("10.0.0.0/8")
            .unwrap()
            .contains("11.0.0.1".parse().unwrap()));
        assert!(Cidr::parse("0.0.0.0/0")
            .unwrap()
            .contains("8.8.8.8".parse().unwrap()));
        assert_eq!(Cidr::parse("10.0.0.0/33"), None);
    }
}
