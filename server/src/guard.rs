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
    if is_same_origin(req.headers(), &state.config.public_url) {
        next.run(req).await
    } else {
        tracing::warn!(path = %req.uri().path(), "cross-origin write refused");
        (StatusCode::FORBIDDEN, "cross-origin request refused").into_response()
    }
}

/// The request's Origin (or Referer) names this site: the public address's scheme
/// (`KABINET_PUBLIC_URL`: a page served over plain http cannot write to an https site), and as
/// authority the `Host` it was sent to, or the public one when a proxy in front rewrites `Host`.
fn is_same_origin(headers: &http::HeaderMap, public_url: &str) -> bool {
    let (public_scheme, public_authority) = public_url.split_once("://").unwrap_or(("", ""));
    let public_authority = public_authority.split(['/', '?', '#']).next().unwrap_or("");
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
        && scheme.eq_ignore_ascii_case(public_scheme)
        && !authority.is_empty()
        && (authority.eq_ignore_ascii_case(host)
            || authority.eq_ignore_ascii_case(public_authority))
}

/// Forms and server-function calls are small; only the dispute, review and message forms carry
/// photos.
pub const FORM_LIMIT: usize = 1024 * 1024;
/// Five photos of 5 MB each and the text fields.
pub const UPLOAD_LIMIT: usize = 5 * 5 * 1024 * 1024 + 256 * 1024;
const UPLOAD_PATHS: &[&str] = &[
    "/api/open_dispute",
    "/api/write_review",
    "/api/send_message",
    "/api/store_reply",
    "/api/save_photo",
    "/api/file_report",
];
/// Uploads declared up to this size are read and dropped before a refusal (see below).
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;
/// And for no longer than this: a slow sender does not hold a task for ever.
const DRAIN_TIME: std::time::Duration = std::time::Duration::from_secs(20);
/// Oversized uploads drained at once; past this they are refused without reading.
pub const DRAINS: usize = 4;
static DRAINING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(DRAINS);

/// Caps every request body (server functions read bodies without any limit of their own). A
/// declared length over the cap is refused before anything is read; a body that grows past it
/// fails when read. A browser posting the dispute form without JavaScript is sent back to the
/// form with the message instead of a bare 413.
pub async fn limit_bodies(State(state): State<AppState>, req: Request, next: Next) -> Response {
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
        // Only for the photo upload, which a browser may send too large; for a bounded time,
        // for a signed-in shopper (the forms are behind sign-in: nobody else has a browser
        // that needs it) and at most DRAINS at once.
        if upload
            && declared.is_some_and(|n| n <= DRAIN_LIMIT as u64)
            && signed_in(&state, &parts.headers).await
        {
            if let Ok(_turn) = DRAINING.try_acquire() {
                use http_body_util::BodyExt;
                let mut body = http_body_util::Limited::new(body, DRAIN_LIMIT);
                let drain = async { while let Some(Ok(_)) = body.frame().await {} };
                let _ = tokio::time::timeout(DRAIN_TIME, drain).await;
            }
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
    let deadline = if upload { UPLOAD_TIME } else { FORM_TIME };
    let req = req.map(|body| {
        Body::new(Deadline::new(
            Body::new(http_body_util::Limited::new(body, limit)),
            deadline,
        ))
    });
    next.run(req).await
}

/// The request carries a live session.
async fn signed_in(state: &AppState, headers: &http::HeaderMap) -> bool {
    let Some(cookie) = app::platform::cookies::get(headers, state.config.session_cookie()) else {
        return false;
    };
    matches!(
        app::auth::ssr::lookup_session(state, &cookie).await,
        Ok(app::auth::ssr::Lookup::Active(_))
    )
}

/// A form or server-function body must arrive whole within this (slowloris on bodies).
pub const FORM_TIME: std::time::Duration = std::time::Duration::from_secs(30);
/// The photo upload may take longer: 25 MB over a slow mobile link.
pub const UPLOAD_TIME: std::time::Duration = std::time::Duration::from_secs(300);

/// A request body that fails once its deadline has passed, however it trickles in (an idle
/// timeout alone lets a sender drip one byte just under it, for ever).
pub struct Deadline {
    inner: Body,
    deadline: std::pin::Pin<Box<tokio::time::Sleep>>,
}

impl Deadline {
    pub fn new(inner: Body, within: std::time::Duration) -> Deadline {
        Deadline {
            inner,
            deadline: Box::pin(tokio::time::sleep(within)),
        }
    }
}

impl axum::body::HttpBody for Deadline {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        use std::future::Future;
        if self.deadline.as_mut().poll(cx).is_ready() {
            return std::task::Poll::Ready(Some(Err(axum::Error::new("request body too slow"))));
        }
        std::pin::Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
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
        let same = |o, r| is_same_origin(&headers("127.0.0.1:3000", o, r), "http://shop.example");
        assert!(same(Some("http://127.0.0.1:3000"), None));
        assert!(same(None, Some("http://127.0.0.1:3000/login?next=/")));
        assert!(same(Some("http://shop.example"), None), "behind a proxy");
        let tls = |o| {
            is_same_origin(
                &headers("127.0.0.1:3000", Some(o), None),
                "https://shop.example/",
            )
        };
        assert!(tls("https://shop.example"), "behind a TLS proxy");
        assert!(
            tls("https://127.0.0.1:3000"),
            "the Host it was sent to, same scheme"
        );
        assert!(
            !tls("http://shop.example"),
            "a plain-http page may not write to the https site"
        );
        assert!(!tls("http://127.0.0.1:3000"));
        assert!(!same(Some("https://shop.example"), None), "scheme differs");
        assert!(!same(Some("http://evil.example"), None));
        assert!(!same(Some("http://127.0.0.1:3000.evil.example"), None));
        assert!(!same(Some("null"), None));
        assert!(!same(None, None));
    }
}

#[cfg(test)]
mod deadline_tests {
    use super::Deadline;
    use axum::body::Body;
    use http_body_util::BodyExt;
    use std::time::Duration;

    #[tokio::test]
    async fn a_body_still_arriving_after_its_deadline_fails() {
        // One byte every 20 ms, for ever: no idle gap, yet the whole must arrive in 200 ms.
        let drip = futures_util::stream::unfold((), |()| async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            Some((
                Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"x")),
                (),
            ))
        });
        let body = Deadline::new(Body::from_stream(drip), Duration::from_millis(200));
        let started = std::time::Instant::now();
        let got = tokio::time::timeout(Duration::from_secs(5), body.collect()).await;
        assert!(matches!(got, Ok(Err(_))), "the body fails");
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[tokio::test]
    async fn a_body_within_its_deadline_is_read_whole() {
        let body = Deadline::new(Body::from("a=1&b=2"), Duration::from_secs(5));
        let bytes = body.collect().await.unwrap().to_bytes();
        assert_eq!(&bytes[..], b"a=1&b=2");
    }
}
