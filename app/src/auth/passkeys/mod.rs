//! Passkeys (WebAuthn, through `webauthn-rs`): added and removed in the security settings, and a
//! sign-in from `/login` that names no account (discoverable credentials).
//!
//! - Each ceremony is two server-function calls: `*_start` stores the challenge's state for five
//!   minutes and returns the options for `navigator.credentials`; `*_finish` takes that state
//!   once and verifies the browser's answer. The browser side is `browser.rs`.
//! - A passkey sign-in counts as two-step: the authenticator verified the shopper (PIN or
//!   biometrics, `userVerification: required`) and holds the key, so no code is asked.
//! - The relying party is `KABINET_PUBLIC_URL`'s host; on a local run without one, the host the
//!   browser used (`ssr::relying_party`).
//! - Removing a passkey, like a provider, keeps one way to sign in.

#[cfg(feature = "hydrate")]
mod browser;
#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use crate::ids::PasskeyId;
pub use views::*;

use crate::error::AppError;
use crate::field::{plain_text, Field};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A passkey's name, as the shopper typed it: 1–60 characters of plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasskeyName(String);

impl PasskeyName {
    pub const MAX_CHARS: usize = 60;

    pub fn parse(raw: &str) -> Result<PasskeyName, AppError> {
        let name = plain_text(Field::PasskeyName, raw, Self::MAX_CHARS, true)?;
        if name.chars().any(char::is_control) {
            return Err(AppError::HtmlNotAllowed(Field::PasskeyName));
        }
        Ok(PasskeyName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One of the account's passkeys, as the security page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyInfo {
    pub id: PasskeyId,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// A ceremony started: the token that finishes it, and the options (JSON) for the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ceremony {
    pub token: String,
    pub options: String,
}

#[cfg(feature = "ssr")]
const SECURITY: &str = "/account/settings/security";

/// The signed-in shopper's passkeys.
#[server(prefix = "/api", endpoint = "passkeys")]
pub async fn passkeys() -> Result<Vec<PasskeyInfo>, AppError> {
    let cx = crate::context::ctx()?;
    crate::platform::with_status(async { ssr::list(cx.pool(), cx.user()?).await }.await)
}

/// Starts adding a passkey named `name`.
#[server(prefix = "/api", endpoint = "passkey_add_start")]
pub async fn passkey_add_start(name: String) -> Result<Ceremony, AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        let user = cx.user()?;
        let name = PasskeyName::parse(&name)?;
        let rp = ssr::relying_party(&cx.state, &crate::platform::request_parts()?)?;
        ssr::start_registration(&cx.state, &rp, user, &name).await
    }
    .await;
    crate::platform::with_status(result)
}

/// Finishes adding a passkey with the browser's answer; the owner is told by e-mail.
#[server(prefix = "/api", endpoint = "passkey_add_finish")]
pub async fn passkey_add_finish(token: String, answer: String) -> Result<PasskeyId, AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        let user = cx.user()?;
        let rp = ssr::relying_party(&cx.state, &crate::platform::request_parts()?)?;
        let id = ssr::finish_registration(&cx.state, &rp, user, &token, &answer).await?;
        let way = ("ключ доступа", "a passkey");
        super::account::tell_way_added(&cx.state, user.get(), way).await?;
        Ok(id)
    }
    .await;
    crate::platform::with_status(result)
}

/// Removes one of the shopper's passkeys (a plain form), unless it is the last way to sign in.
#[server(prefix = "/api", endpoint = "passkey_remove")]
pub async fn passkey_remove(id: String) -> Result<(), AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        let user = cx.user()?;
        ssr::remove(cx.pool(), user, PasskeyId::parse(&id)?).await
    }
    .await;
    crate::platform::answer(
        result,
        |_| format!("{SECURITY}?done=passkey_removed#passkeys"),
        &format!("{SECURITY}?form=passkeys"),
    )
}

/// Starts a passkey sign-in (limited per network and hour, like provider sign-ins).
#[server(prefix = "/api", endpoint = "passkey_sign_in_start")]
pub async fn passkey_sign_in_start() -> Result<Ceremony, AppError> {
    let result = async {
        let state = crate::platform::state()?;
        let parts = crate::platform::request_parts()?;
        let rp = ssr::relying_party(&state, &parts)?;
        let ip = crate::platform::client_ip(&parts, &state.config);
        let network = super::limits::network_key(ip);
        let max = state.config.social_starts_per_hour;
        if !super::limits::take(&state.pool, "passkey_start", &network, max).await? {
            tracing::warn!(%network, "passkey sign-in limit reached");
            return Err(AppError::TooManyPasskeyStarts);
        }
        ssr::start_sign_in(&state, &rp).await
    }
    .await;
    crate::platform::with_status(result)
}

/// Finishes a passkey sign-in: the account is signed in (no code: the passkey is both steps).
/// Returns where to go.
#[server(prefix = "/api", endpoint = "passkey_sign_in_finish")]
pub async fn passkey_sign_in_finish(
    token: String,
    answer: String,
    next: Option<String>,
) -> Result<String, AppError> {
    let result = async {
        let state = crate::platform::state()?;
        let parts = crate::platform::request_parts()?;
        let rp = ssr::relying_party(&state, &parts)?;
        let user = ssr::finish_sign_in(&state, &rp, &token, &answer).await?;
        let user = super::account::user_by_id(&state, user).await?;
        let old = crate::platform::cookies::get(&parts.headers, state.config.session_cookie());
        super::account::complete_sign_in(&state, &user, old.as_deref()).await?;
        Ok(crate::domain::after_sign_in(next.as_deref()))
    }
    .await;
    crate::platform::with_status(result)
}
