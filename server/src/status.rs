//! The HTTP status of a failed server function. Leptos answers an `Err` with 500 unless the
//! function set another status, and a function that only reads (a list, a page's data) has no
//! reason to remember to. The error it returns names the right one (`AppError::status`:
//! `NotSignedIn` 401, `NotFound` 404, `Forbidden` 403…), so every `/api/` answer gets it here
//! and no function can forget: a load test saw signed-out shoppers' list calls answered 500.

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::StatusCode;

/// Error bodies are a JSON-encoded `AppError`: a few dozen bytes.
const ERROR_BODY_MAX: usize = 64 * 1024;

pub async fn error_status(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, ERROR_BODY_MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(e) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = e.status();
    }
    Response::from_parts(parts, Body::from(bytes))
}
