//! HTTP guards in front of every route: cross-origin writes refused, caching headers set.

use app::platform::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, HOST, ORIGIN, REFERER};
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

/// Pages and server-function answers depend on who is signed in: never store them.
pub async fn no_store(req: Request<Body>, next: Next) -> Response {
    let mut res = next.run(req).await;
    res.headers_mut()
        .entry(CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    res
}

#[cfg(test)]
mod tests {
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
