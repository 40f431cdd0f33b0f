//! Server-only plumbing shared by every section: state, configuration, database, e-mail, cookies
//! and the form answer. A leaf: it imports no section (a test checks). Nothing here is compiled
//! into the WASM.

pub mod config;
pub mod cookies;
pub mod db;
pub mod mail;
pub mod providers;
pub mod seal;

pub use config::{redact_url, Cidr, Config, ConfigError};

use crate::error::AppError;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::*;
use sqlx::SqlitePool;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use tokio::sync::Semaphore;

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
    /// Shoppers (user ids) with a photo upload in progress: one at a time each
    /// (`images::one_upload`).
    pub uploading: std::sync::Mutex<std::collections::HashSet<i64>>,
    /// Seals the secrets the database keeps (`seal`).
    pub seal: seal::SealKey,
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
        let seal = match (&config.seal_key, seal::key_path(&config.database_url)) {
            (Some(key), _) => key.clone(),
            (None, Some(path)) => seal::SealKey::load_or_create(&path)?,
            (None, None) => seal::SealKey::random(),
        };
        Ok(AppState(Arc::new(Shared {
            pool,
            seal,
            mailer: mail::Mailer::new(&config),
            hash_slots: Arc::new(Semaphore::new(config.max_concurrent_hashes.max(1))),
            config: Arc::new(config),
            leptos_options,
            uploading: Default::default(),
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

/// The client's address: the socket's peer, or what a trusted proxy reports
/// (`KABINET_TRUSTED_PROXIES`, see [`Config::client_ip`]).
pub fn client_ip(parts: &http::request::Parts, config: &Config) -> IpAddr {
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    config.client_ip(peer, &parts.headers)
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

/// A server function's result with its error's HTTP status (for functions no form posts to).
pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let (Err(e), Some(res)) = (&result, use_context::<leptos_axum::ResponseOptions>()) {
        res.set_status(e.status());
    }
    result
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
