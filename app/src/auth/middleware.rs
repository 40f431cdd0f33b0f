//! Resolves the session cookie once per request, before pages and server functions run.

use super::ssr::{lookup_session, session_cookie, Lookup};
use crate::context::Viewer;
use crate::platform::{cookies, AppState};
use crate::web::{login_url, with_query};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::header::SET_COOKIE;
use http::{HeaderValue, Method, StatusCode};

/// Paths that need a signed-in shopper; others render for everyone.
pub fn requires_sign_in(path: &str) -> bool {
    ["/account", "/cart", "/checkout", "/seller", "/admin"]
        .iter()
        .any(|p| {
            path == *p
                || path
                    .strip_prefix(p)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
}

pub async fn session_middleware(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    // Who is asking goes into the request's extensions (read by `context`); `ended`: the
    // request carried a cookie for a session that has ended.
    let (mut viewer, mut ended): (Option<Viewer>, bool) = (None, false);
    if let Some(value) = cookies::get(req.headers(), state.config.session_cookie()) {
        match lookup_session(&state, &value).await {
            Ok(Lookup::Active(v)) => viewer = Some(v),
            Ok(Lookup::Ended) => ended = true,
            Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
        }
    }
    // Only a request that carried a dead cookie needs the header that deletes it.
    let clear = || HeaderValue::from_str(&session_cookie(&state, "", 0)).ok();

    if viewer.is_none() && req.method() == Method::GET && requires_sign_in(req.uri().path()) {
        let here = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        let mut to = login_url(here);
        if ended {
            to = with_query(&to, "expired", "1");
        }
        let mut res = Redirect::to(&to).into_response();
        if let Some(clear) = clear().filter(|_| ended) {
            res.headers_mut().append(SET_COOKIE, clear);
        }
        return res;
    }

    if let Some(v) = viewer {
        req.extensions_mut().insert(v);
    }
    let mut res = next.run(req).await;
    // Drop a dead cookie, unless this very response started a new session.
    if ended {
        let sets_session = res.headers().get_all(SET_COOKIE).iter().any(|v| {
            v.to_str()
                .is_ok_and(|v| v.starts_with(state.config.session_cookie()))
        });
        if let Some(clear) = clear().filter(|_| !sets_session) {
            res.headers_mut().append(SET_COOKIE, clear);
        }
    }
    res
}
