//! Browser security headers on every response (pages, server functions, static files): a
//! Content-Security-Policy whose script nonce is drawn per request and handed to the Leptos
//! render, `nosniff`, the referrer policy, a restrictive Permissions-Policy, framing refused, and
//! HSTS when the public address is https.

use app::platform::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;
use http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use http::{HeaderName, HeaderValue};
use rand::RngCore;
use std::sync::Arc;

/// This request's CSP nonce, kept in the request's extensions for the page render.
#[derive(Clone, Debug)]
pub struct CspNonce(pub Arc<str>);

/// Leptos's own nonce for the render, set to the one in the CSP header (leptos_axum draws a
/// different one before the app's context runs; this replaces it).
pub fn provide_request_nonce() {
    let nonce = leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(n)) = nonce {
        leptos::prelude::provide_context(leptos::nonce::Nonce::from_value(n));
    }
}

/// The policy for a page with this nonce. Scripts: our own files and the inline ones the render
/// marks with the nonce; `'wasm-unsafe-eval'` lets the browser compile the WASM. No inline
/// styles are needed (the views carry none), so `style-src` stays `'self'`.
pub fn policy(nonce: &str) -> String {
    policy_with(nonce, &[])
}

/// [`policy`] whose `form-action` also allows the sign-in providers' origins: the provider
/// buttons are forms that the server redirects there.
pub fn policy_with(nonce: &str, form_origins: &[String]) -> String {
    let mut targets = String::new();
    for o in form_origins {
        targets.push(' ');
        targets.push_str(o);
    }
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'; form-action 'self'{targets}"
    )
}

/// Features the site never uses, switched off for it and anything it might embed.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), \
     gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

/// HSTS for a year once the site is served over https.
pub const HSTS: &str = "max-age=31536000";

fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    STANDARD_NO_PAD.encode(bytes)
}

pub async fn security_headers(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let nonce = new_nonce();
    req.extensions_mut()
        .insert(CspNonce(Arc::from(nonce.as_str())));
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let origins = state.config.providers.form_origins();
    if let Ok(v) = HeaderValue::from_str(&policy_with(&nonce, &origins)) {
        h.insert(CONTENT_SECURITY_POLICY, v);
    }
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    if state.config.secure_cookies() {
        h.insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    res
}
