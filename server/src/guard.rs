//! HTTP guards in front of every route: cross-origin writes refused, caching headers set.

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, HOST, ORIGIN, REFERER};
use http::{HeaderValue, Method, StatusCode};

/// Refuses any state-changing request whose `Origin` (or, lacking it, `Referer`) is not this
/// site. Server functions and plain forms are both covered: they are all POSTs. A request with
/// neither header is refused too: browsers always send one on a cross-site POST.
pub async fn same_origin_writes(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    if is_same_origin(req.headers()) {
        next.run(req).await
    } else {
        tracing::warn!(path = %req.uri().path(), "cross-origin write refused");
        (StatusCode::FORBIDDEN, "cross-origin request refused").into_response()
    }
}

fn is_same_origin(headers: &http::HeaderMap) -> bool {
    let Some(host) = headers.get(HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
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
    matches!(scheme, "http" | "https") && authority.eq_ignore_ascii_case(host)
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
        let host = "127.0.0.1:3000";
        assert!(is_same_origin(&headers(
            host,
            Some("http://127.0.0.1:3000"),
            None
        )));
        assert!(is_same_origin(&headers(
            host,
            None,
            Some("http://127.0.0.1:3000/login?next=/")
        )));
        assert!(!is_same_origin(&headers(
            host,
            Some("http://evil.example"),
            None
        )));
        assert!(!is_same_origin(&headers(
            host,
            Some("http://127.0.0.1:3000.evil.example"),
            None
        )));
        assert!(!is_same_origin(&headers(host, Some("null"), None)));
        assert!(!is_same_origin(&headers(host, None, None)));
    }
}
