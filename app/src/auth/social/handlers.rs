//! The two HTTP ends of a provider sign-in, as axum handlers (a server function cannot send the
//! browser to another site, and the provider's callback carries parameters of its own):
//! `POST /auth/{provider}` starts, `GET /auth/{provider}/callback` finishes. Both run inside a
//! Leptos owner with the request in context, so they share the sign-in code of the server
//! functions (`complete_sign_in`, the session cookie). Also the end of `/login/link`.

use super::client::{self, Identity};
use super::flow::{self, Wait};
use super::{store, LinkWait, Provider, ProviderButton};
use crate::auth::limits::{network_key, take, take_registration};
use crate::auth::ssr::{find_user, start_session};
use crate::auth::{account, devices, two_step};
use crate::context::{request_lang, Viewer};
use crate::domain::{after_sign_in, Email, LoginId, PersonName};
use crate::error::AppError;
use crate::platform::{client_ip, cookies, AppState};
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::header::SET_COOKIE;
use http::request::Parts;
use leptos::prelude::provide_context;
use leptos::reactive::computed::ScopedFuture;
use leptos::reactive::owner::Owner;
use serde::Deserialize;

/// Where a flow started from the security page comes back to.
const SECURITY_DONE: &str = "/account/settings/security?done=linked#providers";
const SECURITY_BACK: &str = "/account/settings/security?form=social";

/// Runs `fut` with the request in Leptos context, as a server function runs; returns its output
/// and the cookies it set.
async fn in_request<T>(
    state: &AppState,
    parts: Parts,
    fut: impl std::future::Future<Output = T>,
) -> (T, Vec<http::HeaderValue>) {
    let owner = Owner::new();
    let res = leptos_axum::ResponseOptions::default();
    let out = owner
        .with(|| {
            provide_context(state.clone());
            provide_context(parts);
            provide_context(res.clone());
            ScopedFuture::new(fut)
        })
        .await;
    let cookies = res
        .0
        .read()
        .map(|r| r.headers.get_all(SET_COOKIE).iter().cloned().collect())
        .unwrap_or_default();
    (out, cookies)
}

/// A 303 to `location` with the cookies set on the way.
fn go(location: &str, cookies: Vec<http::HeaderValue>) -> Response {
    let mut res = Redirect::to(location).into_response();
    for c in cookies {
        res.headers_mut().append(SET_COOKIE, c);
    }
    res
}

fn with_error(back: &str, e: &AppError) -> String {
    let (path, fragment) = back.split_once('#').unwrap_or((back, ""));
    let url = crate::web::with_query(path, "error", &e.code());
    if fragment.is_empty() {
        url
    } else {
        format!("{url}#{fragment}")
    }
}

#[derive(Deserialize)]
pub struct StartForm {
    next: Option<String>,
    /// Set by the security page: add the provider to the signed-in account.
    link: Option<String>,
}

/// `POST /auth/{provider}`: a plain form (same-origin checked like every write).
pub async fn start_handler(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let form =
        axum::Form::<StartForm>::from_request(Request::from_parts(parts.clone(), body), &state)
            .await
            .map(|f| f.0)
            .unwrap_or(StartForm {
                next: None,
                link: None,
            });
    let linking = form.link.is_some();
    let next = after_sign_in(form.next.as_deref());
    let back = if linking {
        format!("{SECURITY_BACK}#providers")
    } else {
        crate::web::login_url(&next)
    };
    let (result, cookies) = in_request(
        &state,
        parts.clone(),
        start(&state, &parts, &provider, linking, next),
    )
    .await;
    match result {
        Ok(url) => go(&url, cookies),
        Err(AppError::NotSignedIn) => go(&crate::web::login_url(SECURITY_BACK), cookies),
        Err(e) => go(&with_error(&back, &e), cookies),
    }
}

async fn start(
    state: &AppState,
    parts: &Parts,
    provider: &str,
    linking: bool,
    next: String,
) -> Result<String, AppError> {
    let provider = Provider::parse(provider).ok_or(AppError::SocialUnknown)?;
    client::settings(&state.config, provider).ok_or(AppError::SocialUnknown)?;
    let user = match linking {
        true => Some(
            parts
                .extensions
                .get::<Viewer>()
                .ok_or(AppError::NotSignedIn)?
                .id
                .get(),
        ),
        false => None,
    };
    let network = network_key(client_ip(parts, &state.config));
    if !take(
        &state.pool,
        "social_start",
        &network,
        state.config.social_starts_per_hour,
    )
    .await?
    {
        tracing::warn!(%network, "provider sign-in limit reached");
        return Err(AppError::TooManySocialStarts);
    }
    let next = if linking {
        SECURITY_DONE.to_string()
    } else {
        next
    };
    let start = client::start(&state.config, provider).await?;
    let browser = flow::browser_token(state, parts);
    flow::begin(state, &browser, provider, &start, &next, user).await?;
    Ok(start.url)
}

#[derive(Deserialize)]
pub struct Callback {
    state: Option<String>,
    code: Option<String>,
    error: Option<String>,
    device_id: Option<String>,
}

/// `GET /auth/{provider}/callback`: changes nothing unless `state` names a flow this browser
/// started (its flow cookie), unused and not expired.
pub async fn callback_handler(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    Query(q): Query<Callback>,
    req: Request,
) -> Response {
    let (parts, _) = req.into_parts();
    let (result, cookies) = in_request(
        &state,
        parts.clone(),
        callback(&state, &parts, &provider, q),
    )
    .await;
    match result {
        Ok(to) => go(&to, cookies),
        Err((e, back)) => go(&with_error(&back, &e), cookies),
    }
}

async fn callback(
    state: &AppState,
    parts: &Parts,
    provider: &str,
    q: Callback,
) -> Result<String, (AppError, String)> {
    let login = || "/login".to_string();
    let provider = Provider::parse(provider).ok_or((AppError::SocialUnknown, login()))?;
    let browser = flow::browser_cookie(parts).ok_or((AppError::SocialState, login()))?;
    let flow_state = q.state.ok_or((AppError::SocialState, login()))?;
    let flow = flow::take(state, &browser, provider, &flow_state)
        .await
        .map_err(|e| (e, login()))?
        .ok_or_else(|| {
            tracing::warn!(provider = provider.code(), "callback with an unknown state");
            (AppError::SocialState, login())
        })?;
    let back = match flow.user_id {
        Some(_) => format!("{SECURITY_BACK}#providers"),
        None => crate::web::login_url(&flow.next),
    };
    let fail = |e: AppError| (e, back.clone());
    if let Some(error) = q.error {
        tracing::info!(provider = provider.code(), %error, "the provider answered with an error");
        return Err(fail(AppError::SocialDenied));
    }
    let code = q.code.ok_or_else(|| fail(AppError::SocialFailed))?;
    let identity = client::identify(
        &state.config,
        provider,
        code,
        flow.verifier,
        flow.nonce,
        q.device_id,
    )
    .await
    .map_err(fail)?;
    match flow.user_id {
        Some(user) => {
            // Still the account that started it in this browser.
            let viewer = parts.extensions.get::<Viewer>().map(|v| v.id.get());
            if viewer != Some(user) {
                return Err(fail(AppError::SocialState));
            }
            let mut conn = state.pool.acquire().await.map_err(|e| fail(e.into()))?;
            store::link_in(&mut conn, user, provider, &identity.subject)
                .await
                .map_err(fail)?;
            tell_linked(state, user, provider).await.map_err(fail)?;
            Ok(flow.next)
        }
        None => sign_in(state, parts, &browser, provider, identity, flow.next)
            .await
            .map_err(fail),
    }
}

/// A provider sign-in with a verified identity: its account, a new one, or a wait for the
/// password of the account that has its e-mail.
async fn sign_in(
    state: &AppState,
    parts: &Parts,
    browser: &str,
    provider: Provider,
    identity: Identity,
    next: String,
) -> Result<String, AppError> {
    if let Some(user) = store::owner(&state.pool, provider, &identity.subject).await? {
        store::touch(&state.pool, provider, &identity.subject).await?;
        return finish(state, parts, user, next).await;
    }
    let email = identity
        .email
        .as_deref()
        .filter(|_| identity.email_verified)
        .and_then(|e| Email::parse(e).ok())
        .ok_or_else(|| {
            tracing::info!(
                provider = provider.code(),
                "no verified e-mail: no account made"
            );
            AppError::SocialEmailUnverified
        })?;
    if let Some(existing) = find_user(&state.pool, &LoginId::Email(email.clone())).await? {
        let wait = Wait {
            user_id: existing.id,
            provider,
            subject: identity.subject.clone(),
            next,
        };
        flow::wait(state, browser, &wait).await?;
        return Ok("/login/link".into());
    }
    take_registration(
        &state.pool,
        client_ip(parts, &state.config),
        state.config.registrations_per_hour,
    )
    .await?;
    let name = display_name(&identity.name, &email);
    let lang = request_lang(&parts.headers);
    let user = store::create_account(
        state,
        provider,
        &identity,
        &name,
        email.as_str(),
        lang.code(),
    )
    .await?;
    let old = cookies::get(&parts.headers, state.config.session_cookie());
    start_session(state, user, old.as_deref()).await?;
    // The browser that made the account is its first device: no "new device" e-mail.
    devices::remember_device(state, parts, user).await?;
    Ok(next)
}

/// The provider's name for the shopper if it is a valid name, else the e-mail's local part.
fn display_name(name: &str, email: &Email) -> String {
    let clean: String = name.chars().filter(|c| !c.is_control()).collect();
    let clean: String = clean.trim().chars().take(PersonName::MAX_CHARS).collect();
    PersonName::parse(&clean)
        .map(|n| n.as_str().to_string())
        .unwrap_or_else(|_| {
            let local = email.as_str().split('@').next().unwrap_or("");
            PersonName::parse(local)
                .map(|n| n.as_str().to_string())
                .unwrap_or_else(|_| "Покупатель".into())
        })
}

/// Signs `user` in, or with two-step sign-in on, sends the browser to the code page: a provider
/// vouches for its own account, not for the second factor.
async fn finish(
    state: &AppState,
    parts: &Parts,
    user: i64,
    next: String,
) -> Result<String, AppError> {
    let user = account::user_by_id(state, user).await?;
    if two_step::enabled(&state.pool, user.id).await? {
        return account::await_code(state, &user, &next).await;
    }
    let old = cookies::get(&parts.headers, state.config.session_cookie());
    account::complete_sign_in(state, &user, old.as_deref()).await?;
    Ok(next)
}

/// The identity waiting in this browser for its account's password.
pub async fn link_wait(state: &AppState, parts: &Parts) -> Result<Option<LinkWait>, AppError> {
    let Some(browser) = flow::browser_cookie(parts) else {
        return Ok(None);
    };
    let Some(wait) = flow::waiting(state, &browser).await? else {
        return Ok(None);
    };
    let user = account::user_by_id(state, wait.user_id).await?;
    let demo = client::settings(&state.config, wait.provider).is_some_and(|c| c.demo);
    Ok(Some(LinkWait {
        provider: ProviderButton {
            provider: wait.provider,
            demo,
        },
        email: user.email,
        two_step: two_step::enabled(&state.pool, user.id).await?,
    }))
}

/// `/login/link`: the account's password (and code, counted like a sign-in), then the identity
/// is linked and the account signed in. Returns where to go.
pub async fn link_with_password(
    state: &AppState,
    password: String,
    code: String,
) -> Result<String, AppError> {
    let parts = crate::platform::request_parts()?;
    let browser = flow::browser_cookie(&parts).ok_or(AppError::SocialLinkExpired)?;
    let wait = flow::waiting(state, &browser)
        .await?
        .ok_or(AppError::SocialLinkExpired)?;
    let user = account::user_by_id(state, wait.user_id).await?;
    account::check_secrets(state, &user, password, &code).await?;
    let mut tx = state.pool.begin().await?;
    if !flow::end_wait_in(&mut tx, &browser).await? {
        return Err(AppError::SocialLinkExpired);
    }
    store::link_in(&mut tx, user.id, wait.provider, &wait.subject).await?;
    tx.commit().await?;
    tell_linked(state, user.id, wait.provider).await?;
    let old = cookies::get(&parts.headers, state.config.session_cookie());
    account::complete_sign_in(state, &user, old.as_deref()).await?;
    Ok(wait.next)
}

/// The e-mail that tells the account a provider now signs in to it.
async fn tell_linked(state: &AppState, user: i64, provider: Provider) -> Result<(), AppError> {
    let ru = format!("вход через {}", provider.label(crate::i18n::Lang::Ru));
    let en = format!("sign-in with {}", provider.label(crate::i18n::Lang::En));
    account::tell_way_added(state, user, (&ru, &en)).await
}
