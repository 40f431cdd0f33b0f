//! The demo OAuth 2.0 / OpenID Connect provider, mounted at `/demo-oidc` with `KABINET_DEMO=1`
//! (and by the tests): a consent page where any name and e-mail can be typed, a token endpoint
//! that checks the client secret, the redirect URI, the PKCE verifier (S256) and uses each code
//! once, RS256-signed ID tokens, the keys (JWKS), user info and the discovery document. DEMO
//! ONLY: it vouches for whoever asks. The application reaches it through the same settings as
//! a real provider and does not know it is a stand-in.
//!
//! For tests the consent form also has a "fault" choice that makes a bad ID token (wrong
//! audience, issuer or nonce, expired, bad signature); only this provider honours it.

use app::platform::providers::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_PATH};
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use http::{HeaderMap, StatusCode};
use rand::RngCore;
use rsa::pkcs1v15::SigningKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

const KEY_ID: &str = "demo-key-1";
/// How long a code may wait for its exchange.
const CODE_SECS: i64 = 120;

/// The signing key: drawn once per process (2048-bit RSA), so the demo holds no fixed secret.
fn key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).expect("RSA key"))
}

/// Who the shopper said they are on the consent page.
#[derive(Clone, Debug)]
struct Person {
    sub: String,
    name: String,
    email: String,
    verified: bool,
}

struct Grant {
    person: Person,
    redirect_uri: String,
    challenge: String,
    nonce: Option<String>,
    fault: String,
    expires_at: i64,
}

struct Demo {
    issuer: String,
    public_url: String,
    codes: Mutex<HashMap<String, Grant>>,
    tokens: Mutex<HashMap<String, Person>>,
}

/// The provider's routes, under [`DEMO_PATH`] of `public_url`.
pub fn router<S: Clone + Send + Sync + 'static>(public_url: &str) -> Router<S> {
    let _ = key();
    let demo = Arc::new(Demo {
        issuer: format!("{public_url}{DEMO_PATH}"),
        public_url: public_url.to_string(),
        codes: Mutex::default(),
        tokens: Mutex::default(),
    });
    let p = |s: &str| format!("{DEMO_PATH}{s}");
    Router::new()
        .route(&p("/.well-known/openid-configuration"), get(discovery))
        .route(&p("/jwks"), get(jwks))
        .route(&p("/authorize"), get(consent).post(decide))
        .route(&p("/token"), axum::routing::post(token))
        .route(&p("/userinfo"), get(userinfo).post(userinfo_form))
        .with_state(demo)
}

fn now() -> i64 {
    app::platform::now()
}

fn random() -> String {
    let mut b = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut b);
    URL_SAFE_NO_PAD.encode(b)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn discovery(State(d): State<Arc<Demo>>) -> Json<Value> {
    let i = &d.issuer;
    Json(json!({
        "issuer": i,
        "authorization_endpoint": format!("{i}/authorize"),
        "token_endpoint": format!("{i}/token"),
        "userinfo_endpoint": format!("{i}/userinfo"),
        "jwks_uri": format!("{i}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "email", "profile"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "claims_supported": ["sub", "name", "email", "email_verified"],
        "code_challenge_methods_supported": ["S256"],
    }))
}

async fn jwks() -> Json<Value> {
    let public = key().to_public_key();
    Json(json!({"keys": [{
        "kty": "RSA", "use": "sig", "alg": "RS256", "kid": KEY_ID,
        "n": URL_SAFE_NO_PAD.encode(public.n().to_bytes_be()),
        "e": URL_SAFE_NO_PAD.encode(public.e().to_bytes_be()),
    }]}))
}

#[derive(Deserialize)]
struct AuthRequest {
    client_id: Option<String>,
    redirect_uri: Option<String>,
    response_type: Option<String>,
    state: Option<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
}

/// The checks a real provider makes before showing its consent page: a known client, a
/// redirect back to that client's site, the code flow, PKCE S256.
fn check(d: &Demo, q: &AuthRequest) -> Result<(), &'static str> {
    if q.client_id.as_deref() != Some(DEMO_CLIENT_ID) {
        return Err("unknown client_id");
    }
    let back = q.redirect_uri.as_deref().unwrap_or("");
    if !back.starts_with(&format!("{}/auth/", d.public_url)) {
        return Err("redirect_uri is not registered");
    }
    if q.response_type.as_deref() != Some("code") {
        return Err("response_type must be code");
    }
    if q.code_challenge.as_deref().unwrap_or("").is_empty()
        || q.code_challenge_method.as_deref() != Some("S256")
    {
        return Err("PKCE (S256) is required");
    }
    Ok(())
}

/// `GET /authorize`: the consent page.
async fn consent(State(d): State<Arc<Demo>>, Query(q): Query<AuthRequest>) -> Response {
    if let Err(why) = check(&d, &q) {
        return (StatusCode::BAD_REQUEST, why).into_response();
    }
    let hidden = |name: &str, v: &Option<String>| {
        format!(
            r#"<input type="hidden" name="{name}" value="{}">"#,
            esc(v.as_deref().unwrap_or(""))
        )
    };
    let fields = [
        hidden("client_id", &q.client_id),
        hidden("redirect_uri", &q.redirect_uri),
        hidden("response_type", &q.response_type),
        hidden("state", &q.state),
        hidden("nonce", &q.nonce),
        hidden("code_challenge", &q.code_challenge),
        hidden("code_challenge_method", &q.code_challenge_method),
    ]
    .join("");
    Html(format!(
        r#"<!doctype html><html lang="ru"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<title>Demo provider — вход</title></head><body><main>
<h1>Демо-провайдер входа (Demo sign-in provider)</h1>
<p>Только для демонстрации и тестов: войдёт любой, кто назовётся. Demo and tests only.</p>
<form method="post" action="{DEMO_PATH}/authorize">{fields}
<p><label for="name">Имя / Name</label><br><input id="name" name="name" value="Демо Покупатель" maxlength="200"></p>
<p><label for="email">E-mail</label><br><input id="email" name="email" type="email" value="demo.shopper@example.com" maxlength="254"></p>
<p><input id="verified" name="email_verified" type="checkbox" value="1" checked>
<label for="verified">E-mail подтверждён / verified</label></p>
<p><label for="fault">Ошибка для тестов / Test fault</label><br><select id="fault" name="fault">
<option value="">нет / none</option><option value="wrong_audience">wrong audience</option>
<option value="wrong_issuer">wrong issuer</option><option value="wrong_nonce">wrong nonce</option>
<option value="expired">expired</option><option value="bad_signature">bad signature</option></select></p>
<p><button type="submit" name="decision" value="allow">Разрешить / Allow</button>
<button type="submit" name="decision" value="deny">Отказать / Deny</button></p>
</form></main></body></html>"#
    ))
    .into_response()
}

#[derive(Deserialize)]
struct Decision {
    #[serde(flatten)]
    request: AuthRequest,
    decision: Option<String>,
    name: Option<String>,
    email: Option<String>,
    email_verified: Option<String>,
    fault: Option<String>,
    /// The identity's id at the provider; by default drawn from the e-mail.
    sub: Option<String>,
}

/// `POST /authorize`: the consent form's answer; back to the client with a code or an error.
async fn decide(State(d): State<Arc<Demo>>, Form(f): Form<Decision>) -> Response {
    let q = &f.request;
    if let Err(why) = check(&d, q) {
        return (StatusCode::BAD_REQUEST, why).into_response();
    }
    let back = q.redirect_uri.clone().unwrap_or_default();
    let mut url = url::Url::parse(&back).expect("checked redirect_uri");
    let state = q.state.clone().unwrap_or_default();
    if f.decision.as_deref() != Some("allow") {
        url.query_pairs_mut()
            .append_pair("error", "access_denied")
            .append_pair("state", &state);
        return Redirect::to(url.as_str()).into_response();
    }
    let email = f.email.unwrap_or_default().trim().to_string();
    let sub = f.sub.filter(|s| !s.is_empty()).unwrap_or_else(|| {
        let h = Sha256::digest(email.to_lowercase().as_bytes());
        format!("demo-{}", &URL_SAFE_NO_PAD.encode(h)[..16])
    });
    let code = random();
    let grant = Grant {
        person: Person {
            sub,
            name: f.name.unwrap_or_default(),
            email,
            verified: f.email_verified.is_some(),
        },
        redirect_uri: back,
        challenge: q.code_challenge.clone().unwrap_or_default(),
        nonce: q.nonce.clone().filter(|n| !n.is_empty()),
        fault: f.fault.unwrap_or_default(),
        expires_at: now() + CODE_SECS,
    };
    d.codes.lock().unwrap().insert(code.clone(), grant);
    url.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", &state);
    Redirect::to(url.as_str()).into_response()
}

#[derive(Deserialize)]
struct TokenRequest {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

fn oauth_error(status: StatusCode, error: &str, why: &str) -> Response {
    (
        status,
        Json(json!({"error": error, "error_description": why})),
    )
        .into_response()
}

/// The client's credentials: HTTP basic authentication, or in the form.
fn client_credentials(headers: &HeaderMap, t: &TokenRequest) -> (String, String) {
    let basic = headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| {
            let (id, secret) = s.split_once(':')?;
            let dec = |x: &str| {
                url::form_urlencoded::parse(format!("x={x}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
            };
            Some((dec(id)?, dec(secret)?))
        });
    basic.unwrap_or_else(|| {
        (
            t.client_id.clone().unwrap_or_default(),
            t.client_secret.clone().unwrap_or_default(),
        )
    })
}

/// `POST /token`: the code for tokens, once, with the right client secret and PKCE verifier.
async fn token(
    State(d): State<Arc<Demo>>,
    headers: HeaderMap,
    Form(t): Form<TokenRequest>,
) -> Response {
    let (id, secret) = client_credentials(&headers, &t);
    if id != DEMO_CLIENT_ID || secret != DEMO_CLIENT_SECRET {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "bad client");
    }
    if t.grant_type.as_deref() != Some("authorization_code") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "code only",
        );
    }
    // Used up whatever happens next: a code is good for one try.
    let grant = d
        .codes
        .lock()
        .unwrap()
        .remove(t.code.as_deref().unwrap_or(""));
    let Some(grant) = grant.filter(|g| g.expires_at > now()) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "unknown or used code",
        );
    };
    if t.redirect_uri.as_deref() != Some(grant.redirect_uri.as_str()) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "redirect_uri differs",
        );
    }
    let verifier = t.code_verifier.unwrap_or_default();
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    if verifier.is_empty() || challenge != grant.challenge {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "PKCE verifier wrong",
        );
    }
    let access = random();
    d.tokens
        .lock()
        .unwrap()
        .insert(access.clone(), grant.person.clone());
    let mut body = json!({
        "access_token": access, "token_type": "Bearer", "expires_in": 3600,
        "scope": "openid email profile",
    });
    if let Some(nonce) = &grant.nonce {
        body["id_token"] = Value::String(id_token(&d, &grant, nonce));
    }
    Json(body).into_response()
}

/// An RS256 ID token, spoiled as the consent form's fault asks.
fn id_token(d: &Demo, g: &Grant, nonce: &str) -> String {
    let t = now();
    let p = &g.person;
    let mut claims = json!({
        "iss": d.issuer, "sub": p.sub, "aud": DEMO_CLIENT_ID, "iat": t, "exp": t + 600,
        "nonce": nonce, "name": p.name, "email": p.email, "email_verified": p.verified,
    });
    match g.fault.as_str() {
        "wrong_audience" => claims["aud"] = json!("someone-else"),
        "wrong_issuer" => claims["iss"] = json!("https://evil.example"),
        "wrong_nonce" => claims["nonce"] = json!("not-the-nonce"),
        "expired" => {
            claims["iat"] = json!(t - 7200);
            claims["exp"] = json!(t - 3600);
        }
        _ => {}
    }
    let header = json!({"alg": "RS256", "typ": "JWT", "kid": KEY_ID});
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut sig = SigningKey::<Sha256>::new(key().clone())
        .sign(input.as_bytes())
        .to_vec();
    if g.fault == "bad_signature" {
        sig[10] ^= 0xff;
    }
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig))
}

fn person_json(p: &Person) -> Value {
    json!({"sub": p.sub, "name": p.name, "email": p.email, "email_verified": p.verified})
}

/// `GET /userinfo` with a bearer token (OpenID, Facebook-like).
async fn userinfo(State(d): State<Arc<Demo>>, headers: HeaderMap) -> Response {
    let token = headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    lookup(&d, token)
}

#[derive(Deserialize)]
struct UserinfoForm {
    access_token: Option<String>,
}

/// `POST /userinfo` with the token in the form (VK ID-like).
async fn userinfo_form(State(d): State<Arc<Demo>>, Form(f): Form<UserinfoForm>) -> Response {
    lookup(&d, f.access_token.as_deref().unwrap_or(""))
}

fn lookup(d: &Demo, token: &str) -> Response {
    match d.tokens.lock().unwrap().get(token) {
        Some(p) => Json(person_json(p)).into_response(),
        None => oauth_error(StatusCode::UNAUTHORIZED, "invalid_token", "unknown token"),
    }
}
