//! HTTP guards in front of every route: cross-origin writes refused, caching headers set.

use app::platform::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_LENGTH, HOST, ORIGIN, REFERER};
use http::{HeaderValue, Method, StatusCode};

/// Refuses any state-changing request whose `Origin` (or, lacking it, `Referer`) is not this
/// site. Server functions and plain forms are both covered: they are all POSTs. A request with
/// neither header is refused too: browsers always send one on a cross-site POST.
pub async fn same_origin_writes(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let public = state
        .config
        .public_url
        .split_once("://")
        .map(|(_, a)| a)
        .unwrap_or("");
    if is_same_origin(req.headers(), public) {
        next.run(req).await
    } else {
        tracing::warn!(path = %req.uri().path(), "cross-origin write refused");
        (StatusCode::FORBIDDEN, "cross-origin request refused").into_response()
    }
}

/// The request's Origin (or Referer) names this site: the `Host` it was sent to, or the public
/// address (`KABINET_PUBLIC_URL`) when a proxy in front rewrites `Host`.
fn is_same_origin(headers: &http::HeaderMap, public_authority: &str) -> bool {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let source = headers
        .get(ORIGIN)
        .or_else(|| headers.get(REFERER))
        .and_then(|v| v.to_str().ok());
    let Some(source) = source else {
        return false;
    };
    // "scheme://host[:port][/path]" — compare the authority with our Host header.
    let Some((scheme, rest)) = source.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    matches!(scheme, "http" | "https")
        && !authority.is_empty()
        && (authority.eq_ignore_ascii_case(host)
            || authority.eq_ignore_ascii_case(public_authority))
}

/// Forms and server-function calls are small; only the dispute and review forms carry photos.
pub const FORM_LIMIT: usize = 1024 * 1024;
/// Five photos of 5 MB each and the text fields.
pub const UPLOAD_LIMIT: usize = 5 * 5 * 1024 * 1024 + 256 * 1024;
const UPLOAD_PATHS: &[&str] = &["/api/open_dispute", "/api/write_review"];
/// Uploads declared up to this size are read and dropped before a refusal (see below).
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;
/// And for no longer than this: a slow sender does not hold a task for ever.
const DRAIN_TIME: std::time::Duration = std::time::Duration::from_secs(20);

/// Caps every request body (server functions read bodies without any limit of their own). A
/// declared length over the cap is refused before anything is read; a body that grows past it
/// fails when read. A browser posting the dispute form without JavaScript is sent back to the
/// form with the message instead of a bare 413.
pub async fn limit_bodies(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let upload = UPLOAD_PATHS.contains(&req.uri().path());
    let limit = if upload { UPLOAD_LIMIT } else { FORM_LIMIT };
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        let (parts, body) = req.into_parts();
        // Read what was sent (up to a bound) before answering: a browser still writing the body
        // when the connection closes shows "connection reset" instead of our answer.
        // Only for the photo upload, which a browser may send too large; for a bounded time.
        if upload && declared.is_some_and(|n| n <= DRAIN_LIMIT as u64) {
            use http_body_util::BodyExt;
            let mut body = http_body_util::Limited::new(body, DRAIN_LIMIT);
            let drain = async { while let Some(Ok(_)) = body.frame().await {} };
            let _ = tokio::time::timeout(DRAIN_TIME, drain).await;
        }
        if upload && app::platform::is_plain_form_post(&parts) {
            let back = parts
                .headers
                .get(REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(|r| r.split_once("://"))
                .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()));
            let back =
                app::domain::safe_next(back.as_deref().map(|b| b.split('?').next().unwrap_or(b)));
            let to =
                app::web::with_query(&back, "error", &app::error::AppError::PhotoTooLarge.code());
            return axum::response::Redirect::to(&to).into_response();
        }
        if upload {
            // The front end reads the error like any server function's.
            let error = app::error::AppError::PhotoTooLarge;
            let json = serde_json::to_string(&error).unwrap_or_default();
            return (
                StatusCode::PAYLOAD_TOO_LARGE,
                [(http::header::CONTENT_TYPE, "application/json")],
                json,
            )
                .into_response();
        }
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    let req = req.map(|body| Body::new(http_body_util::Limited::new(body, limit)));
    next.run(req).await
}

/// Pages and server-function answers depend on who is signed in: never store them.
pub async fn no_store(req: Request<Body>, next: Next) -> Response {
    let mut res = next.run(req).await;
    res.headers_mut()
        .entry(CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    res
}

/// How long a page render may take before it is treated as stalled.
pub const RENDER_STALL: std::time::Duration = std::time::Duration::from_secs(5);

/// Renders a page again when the first render stalls.
///
/// Leptos 0.8.20 has a race between async boundaries resolving on different threads that can
/// leave a server-side render waiting for ever (leptos-rs/leptos#4851, fixed upstream after that
/// release; about one page in a few hundred under parallel load here). A GET has no body, so it
/// can simply be sent through again: up to two more tries, then 503. Only the wait for the
/// response head is bounded; bodies (static files too) stream as before.
pub async fn retry_stalled_pages(
    State(stall): State<std::time::Duration>,
    req: Request,
    next: Next,
) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let (parts, _) = req.into_parts();
    for attempt in 1..=3 {
        let mut again = Request::new(Body::empty());
        *again.method_mut() = parts.method.clone();
        *again.uri_mut() = parts.uri.clone();
        *again.version_mut() = parts.version;
        *again.headers_mut() = parts.headers.clone();
        *again.extensions_mut() = parts.extensions.clone();
        match tokio::time::timeout(stall, next.clone().run(again)).await {
            Ok(res) => return res,
            Err(_) => tracing::warn!(
                path = %parts.uri.path(),
                attempt,
                "page render stalled; rendering it again (leptos-rs/leptos#4851)"
            ),
        }
    }
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;
    use tower::ServiceExt;

    /// A page whose first two renders never finish, like the upstream race.
    fn stalling_app(calls: Arc<AtomicUsize>, stalls: usize) -> axum::Router {
        let page = move || {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            async move {
                if n < stalls {
                    std::future::pending::<()>().await;
                }
                format!("render {n}")
            }
        };
        axum::Router::new()
            .route("/page", axum::routing::get(page))
            .layer(axum::middleware::from_fn_with_state(
                Duration::from_millis(50),
                super::retry_stalled_pages,
            ))
    }

    #[tokio::test]
    async fn a_stalled_page_render_is_tried_again_and_answers() {
        let calls = Arc::new(AtomicUsize::new(0));
        let req = http::Request::get("/page")
            .body(axum::body::Body::empty())
            .unwrap();
        let res = stalling_app(calls.clone(), 2).oneshot(req).await.unwrap();
        assert_eq!(res.status(), http::StatusCode::OK);
        let body = axum::body::to_bytes(res.into_body(), 1024).await.unwrap();
        assert_eq!(&body[..], b"render 2");
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_page_that_never_renders_gets_service_unavailable_after_three_tries() {
        let calls = Arc::new(AtomicUsize::new(0));
        let req = http::Request::get("/page")
            .body(axum::body::Body::empty())
            .unwrap();
        let res = stalling_app(calls.clone(), 10).oneshot(req).await.unwrap();
        assert_eq!(res.status(), http::StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    use super::*;

    fn headers(host: &str, origin: Option<&str>, referer: Option<&str>) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        h.insert(HOST, host.parse().unwrap());
        if let Some(o) = origin {
            h.insert(ORIGIN, o.parse().unwrap());
        }
        if let Some(r) = referer {
            h.insert(REFERER, r.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_this_sites_origin_may_write() {
        let same = |o, r| is_same_origin(&headers("127.0.0.1:3000", o, r), "shop.example");
        assert!(same(Some("http://127.0.0.1:3000"), None));
        assert!(same(None, Some("http://127.0.0.1:3000/login?next=/")));
        assert!(same(Some("https://shop.example"), None), "behind a proxy");
        assert!(!same(Some("http://evil.example"), None));
        assert!(!same(Some("http://127.0.0.1:3000.evil.example"), None));
        assert!(!same(Some("null"), None));
        assert!(!same(None, None));
    }
}
