//! Kabinet's HTTP server: the Leptos app, its server functions, static files and the guards in
//! front of them. `main.rs` runs it; the integration tests start it on a random port.

pub mod backup;
pub mod demo_oidc;
mod guard;
pub mod headers;
mod status;

use app::auth::middleware::session_middleware;
use app::i18n::{Lang, LANG_COOKIE};
use app::platform::{cookies, AppState, Config};
use app::zone::{Zone, TZ_COOKIE};
use app::{shell, App};
use axum::extract::State;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use http::header::{CACHE_CONTROL, SET_COOKIE};
use http::HeaderValue;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use serde::Deserialize;
use std::path::Path;
use tokio::net::TcpListener;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// Leptos options from the environment that cargo-leptos (or the Makefile) sets, with the
/// project's defaults.
pub fn leptos_options() -> LeptosOptions {
    let env = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_string());
    LeptosOptions::builder()
        .output_name(env("LEPTOS_OUTPUT_NAME", "kabinet"))
        .site_root(env("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(env("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(
            env("LEPTOS_SITE_ADDR", "127.0.0.1:3000")
                .parse::<std::net::SocketAddr>()
                .expect("LEPTOS_SITE_ADDR must be host:port"),
        )
        // cargo-leptos sets these while compiling; the environment can still override them.
        .hash_files(
            env(
                "LEPTOS_HASH_FILES",
                option_env!("LEPTOS_HASH_FILES").unwrap_or("false"),
            ) == "true",
        )
        .env(if env("LEPTOS_ENV", "DEV").eq_ignore_ascii_case("prod") {
            leptos::config::Env::PROD
        } else {
            leptos::config::Env::DEV
        })
        .build()
}

/// The whole application as one router.
pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let site_root = options.site_root.to_string();
    let pkg_dir = Path::new(&site_root).join(options.site_pkg_dir.as_ref());

    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            headers::provide_request_nonce();
        }
    };
    let app_fn = {
        let options = options.clone();
        move || shell(options.clone())
    };
    let not_found = leptos_axum::render_app_to_stream_with_context(context.clone(), app_fn.clone());

    // Pages and server functions: they need the session and must never be cached.
    let pages = Router::new()
        .leptos_routes_with_context(&state, generate_route_list(App), context, app_fn)
        .route("/lang", post(set_lang))
        .route("/tz", post(set_zone))
        .route(
            "/account/disputes/{id}/photos/{n}",
            get(app::disputes::photo_handler),
        )
        .route("/reviews/{id}/photos/{n}", get(app::reviews::photo_handler))
        .route(
            "/account/reports/{id}/files/{n}",
            get(app::reports::file_handler),
        )
        .route("/account/settings/photo", get(app::settings::photo_handler))
        .route("/shopper/{id}/photo", get(app::follows::photo_handler))
        // Sign in with a provider: the start is a plain form (a write, same-origin checked); the
        // callback is the provider sending the browser back (a GET that changes nothing unless
        // its `state` names a flow this browser started).
        .route(
            "/auth/{provider}",
            post(app::auth::social::handlers::start_handler),
        )
        .route(
            "/auth/{provider}/callback",
            get(app::auth::social::handlers::callback_handler),
        )
        .route(
            "/messages/{id}/photos/{message}/{n}",
            get(app::messages::photo_handler),
        )
        .fallback_service(
            ServeDir::new(&site_root)
                .precompressed_br()
                .precompressed_gzip()
                .not_found_service(get(not_found)),
        )
        .layer(from_fn_with_state(
            guard::RENDER_STALL,
            guard::retry_stalled_pages,
        ))
        .layer(from_fn_with_state(state.clone(), session_middleware))
        .layer(from_fn(guard::no_store))
        .layer(from_fn(status::error_status));

    // Compiled JS/WASM/CSS: file names carry a content hash, so cache them for a year.
    let pkg = Router::new()
        .nest_service(
            &format!("/{}", options.site_pkg_dir),
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ));

    let app = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        // Product pictures are drawn from the id: the same bytes for ever, cached for a year.
        .route(
            "/img/p/{id}/{file}",
            get(app::catalog::picture::product_picture),
        )
        .merge(pkg)
        .merge(pages)
        .layer(from_fn_with_state(state.clone(), guard::limit_bodies))
        .layer(from_fn_with_state(state.clone(), guard::same_origin_writes));
    // The demo provider stands outside the same-origin check: its token endpoint is called by
    // a server (ours), as a real provider's is, with no Origin. Small bodies only.
    let app = if state.config.demo_provider {
        app.merge(
            demo_oidc::router(&state.config.public_url)
                .layer(axum::extract::DefaultBodyLimit::max(64 * 1024)),
        )
    } else {
        app
    };
    app.layer(from_fn_with_state(state.clone(), headers::security_headers))
        .with_state(state)
}

#[derive(Deserialize)]
struct LangForm {
    lang: String,
    next: Option<String>,
}

/// `POST /lang`: remember the chosen language for a year and go back to the page.
async fn set_lang(State(state): State<AppState>, Form(form): Form<LangForm>) -> Response {
    let lang = Lang::parse(&form.lang).unwrap_or_default();
    let cookie = cookies::set(
        LANG_COOKIE,
        lang.code(),
        365 * 24 * 3600,
        cookies::Scripts::Visible,
        state.config.secure_cookies(),
    );
    let mut res = Redirect::to(&app::domain::safe_next(form.next.as_deref())).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    res
}

#[derive(Deserialize)]
struct ZoneForm {
    tz: String,
    next: Option<String>,
}

/// `POST /tz`: remember the chosen time zone for a year and go back to the page. A value that is
/// not a zone changes nothing.
async fn set_zone(State(state): State<AppState>, Form(form): Form<ZoneForm>) -> Response {
    let mut res = Redirect::to(&app::domain::safe_next(form.next.as_deref())).into_response();
    let Some(zone) = Zone::parse(&form.tz) else {
        return res;
    };
    let cookie = cookies::set(
        TZ_COOKIE,
        &zone.minutes().to_string(),
        365 * 24 * 3600,
        cookies::Scripts::Visible,
        state.config.secure_cookies(),
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    res
}

/// How long a client may take to send a request's head (slowloris: a connection that trickles
/// its headers is closed after this).
pub const HEADER_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves `router` on `listener` until `shutdown` completes, then lets open requests finish.
/// Accepted sockets get TCP_NODELAY: without it, small responses wait for the client's delayed
/// ACK (tens of milliseconds). HTTP/1 request heads must arrive within [`HEADER_READ_TIMEOUT`]
/// (`axum::serve` sets no such timeout); bodies are bounded in `guard::limit_bodies`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt;

    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    builder.http2().timer(TokioTimer::new());
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (tcp, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "TCP_NODELAY not set");
        }
        let service =
            router
                .clone()
                .map_request(move |mut req: http::Request<hyper::body::Incoming>| {
                    req.extensions_mut()
                        .insert(axum::extract::ConnectInfo(remote));
                    req.map(axum::body::Body::new)
                });
        let conn = builder
            .serve_connection_with_upgrades(TokioIo::new(tcp), TowerToHyperService::new(service))
            .into_owned();
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Why the server did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("refusing to start: {0}")]
    Config(#[from] app::platform::ConfigError),
    #[error("cannot open the database: {0}")]
    Database(#[from] sqlx::Error),
}

/// Builds the state (database opened and migrated) from the environment, after checking the
/// settings ([`Config::check`]: no plain-http public URL off this machine).
pub async fn state_from_env() -> Result<AppState, StartError> {
    let options = leptos_options();
    let config = Config::from_env(options.site_addr);
    config.check()?;
    let state = AppState::new(config, options).await?;
    match app::auth::two_step::seal_stored(&state).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(n, "two-step secrets sealed"),
        Err(e) => tracing::error!(error = ?e, "two-step secrets not sealed"),
    }
    app::auth::ssr::warm_up().await;
    if state.config.demo {
        if let Err(e) = app::demo::seed(&state).await {
            tracing::error!(error = ?e, "demo data not seeded");
        }
    }
    Ok(state)
}
