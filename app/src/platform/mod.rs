//! Server-only plumbing shared by every section: state, configuration, database, e-mail, cookies
//! and the form answer. A leaf: it imports no section (a test checks). Nothing here is compiled
//! into the WASM.

pub mod cookies;
pub mod db;
pub mod mail;

use crate::error::AppError;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::*;
use sqlx::SqlitePool;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Settings read once at start-up (the runtime contract: docs/runtime.md). Its `Debug` hides
/// the password an `SMTP_URL` may carry.
#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    /// Address used in e-mailed links, e.g. `http://127.0.0.1:3000`.
    pub public_url: String,
    pub mail_dir: PathBuf,
    pub smtp_url: Option<String>,
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
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &self.database_url)
            .field("public_url", &self.public_url)
            .field("mail_dir", &self.mail_dir)
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_url))
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

impl Config {
    pub fn from_env(site_addr: SocketAddr) -> Config {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let num = |k: &str, default: u64| {
            var(k)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(default)
        };
        Config {
            database_url: var("DATABASE_URL")
                .unwrap_or_else(|| "sqlite://data/kabinet.db?mode=rwc".into()),
            public_url: var("KABINET_PUBLIC_URL")
                .unwrap_or_else(|| format!("http://{site_addr}"))
                .trim_end_matches('/')
                .to_string(),
            mail_dir: var("KABINET_MAIL_DIR")
                .unwrap_or_else(|| "data/mail".into())
                .into(),
            smtp_url: var("SMTP_URL"),
            demo: var("KABINET_DEMO").is_some_and(|v| v == "1"),
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
        }
    }

    /// Cookies get `Secure` when the site is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// Everything a handler or server function needs, provided to server functions as context.
/// One shared allocation: axum and the page context clone the state several times per request
/// (the mailer's paths and the Leptos options made that cost about 13 % of a redirect's
/// instructions under callgrind before it was shared).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The fields of [`AppState`], reached through it (`state.pool`).
pub struct Shared {
    pub pool: SqlitePool,
    pub config: Arc<Config>,
    pub mailer: mail::Mailer,
    pub hash_slots: Arc<Semaphore>,
    pub leptos_options: LeptosOptions,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl AppState {
    pub async fn new(
        config: Config,
        leptos_options: LeptosOptions,
    ) -> Result<AppState, sqlx::Error> {
        let pool = db::connect(&config.database_url).await?;
        Ok(AppState(Arc::new(Shared {
            pool,
            mailer: mail::Mailer::new(&config),
            hash_slots: Arc::new(Semaphore::new(config.max_concurrent_hashes.max(1))),
            config: Arc::new(config),
            leptos_options,
        })))
    }
}

/// The state inside a server function or a component rendering on the server.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })
}

/// The current request's head, inside a server function.
pub fn request_parts() -> Result<http::request::Parts, AppError> {
    use_context::<http::request::Parts>().ok_or(AppError::Internal)
}

/// Seconds since the Unix epoch: how every time is stored.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The client's address as seen on the socket (no proxy headers are trusted).
pub fn client_ip(parts: &http::request::Parts) -> IpAddr {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// True when a form was posted by the browser itself (no JavaScript): the answer must then be a
/// redirect to a page, not data.
pub fn is_plain_form_post(parts: &http::request::Parts) -> bool {
    parts
        .headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// Appends a `Set-Cookie` header (made by [`cookies::set`]) to the server function's response,
/// never replacing another.
pub fn append_set_cookie(value: &str) {
    if let (Some(res), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        res.append_header(http::header::SET_COOKIE, v);
    }
}

/// How every form-backed server function answers. Posted by the browser without JavaScript, it
/// redirects: to `ok_url` on success, back to the form (`back`) with `?error=<code>` otherwise.
/// Called from the WASM front end, it returns the data, with an HTTP status that fits the error.
pub fn answer<T>(
    result: Result<T, AppError>,
    ok_url: impl FnOnce(&T) -> String,
    back: &str,
) -> Result<T, AppError> {
    if request_parts().is_ok_and(|p| is_plain_form_post(&p)) {
        match &result {
            Ok(v) => leptos_axum::redirect(&ok_url(v)),
            // Signed out (or the session ended) meanwhile: sign in, then back to the form.
            Err(AppError::NotSignedIn) => leptos_axum::redirect(&crate::web::login_url(
                &crate::domain::safe_next(Some(back)),
            )),
            Err(e) => leptos_axum::redirect(&crate::web::with_query(back, "error", &e.code())),
        }
    } else if let (Err(e), Some(res)) = (&result, use_context::<leptos_axum::ResponseOptions>()) {
        res.set_status(e.status());
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_debug_does_not_print_the_smtp_password() {
        let mut config = Config::from_env("127.0.0.1:3000".parse().unwrap());
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
}
