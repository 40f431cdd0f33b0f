//! Sign in with Google, Facebook or VK: the OAuth 2.0 authorization-code flow with PKCE and
//! `state` (and for OpenID Connect a nonce and the verified ID token), through the `oauth2` and
//! `openidconnect` crates.
//!
//! - `POST /auth/{provider}` (a plain form: the buttons on `/login`, `/register` and the security
//!   page) starts a flow and sends the browser to the provider; `GET /auth/{provider}/callback`
//!   is where it comes back (`handlers`). The callback changes nothing unless its `state` names
//!   a flow this browser started (the flow cookie), not yet used and not expired.
//! - A known identity signs its account in; with two-step sign-in on, the code is still asked
//!   for (`/login/code`): a provider proves who the shopper is at the provider, not that they
//!   hold the account's second factor.
//! - An unknown identity with a verified e-mail that no account has creates an account (no
//!   password: `users.password_hash` is empty, which no password matches, until one is set
//!   through "forgot password"). With an e-mail an account already has, nothing is linked until
//!   that account's password (and code) is given on `/login/link`. An unverified e-mail makes
//!   no account.
//! - The security page lists the linked providers, adds one (a flow started while signed in)
//!   and removes one, unless it is the last way to sign in.

#[cfg(feature = "ssr")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod flow;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod store;
mod views;

pub use views::*;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

crate::code_enum! {
    /// A sign-in provider.
    Provider {
        Google => "google", "Google", "Google";
        Facebook => "facebook", "Facebook", "Facebook";
        Vk => "vk", "VK", "VK";
    }
}

/// A configured provider, as a button shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderButton {
    pub provider: Provider,
    /// The demo provider stands in: "Google (demo)".
    pub demo: bool,
}

impl ProviderButton {
    pub fn name(&self) -> String {
        let name = self.provider.label(crate::i18n::Lang::En);
        if self.demo {
            format!("{name} (demo)")
        } else {
            name.to_string()
        }
    }
}

/// A provider linked to the account, on the security page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedIdentity {
    pub provider: Provider,
    pub linked_at: i64,
    pub last_used_at: Option<i64>,
}

/// The security page's provider block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderSettings {
    pub linked: Vec<LinkedIdentity>,
    /// Configured providers not linked yet: each can be added.
    pub available: Vec<ProviderButton>,
    /// The account has a password (an account made by a provider has none until one is set).
    pub has_password: bool,
}

/// What `/login/link` shows: the provider whose identity waits, and the account it would join.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkWait {
    pub provider: ProviderButton,
    pub email: String,
    pub two_step: bool,
}

/// The configured providers, for the sign-in and registration pages.
#[server(prefix = "/api", endpoint = "social_buttons")]
pub async fn social_buttons() -> Result<Vec<ProviderButton>, AppError> {
    let state = crate::platform::state()?;
    Ok(client::configured(&state.config))
}

/// The identity waiting for the existing account's password in this browser, if any.
#[server(prefix = "/api", endpoint = "social_link_wait")]
pub async fn social_link_wait() -> Result<Option<LinkWait>, AppError> {
    let state = crate::platform::state()?;
    let parts = crate::platform::request_parts()?;
    handlers::link_wait(&state, &parts).await
}

/// Links the waiting identity after the account's password (and code); signs in. Returns where
/// to go.
#[server(prefix = "/api", endpoint = "social_link")]
pub async fn social_link(
    current_password: String,
    code: Option<String>,
) -> Result<String, AppError> {
    let result = async {
        let state = crate::platform::state()?;
        handlers::link_with_password(&state, current_password, code.unwrap_or_default()).await
    }
    .await;
    crate::platform::answer(result, Clone::clone, "/login/link")
}

/// The security page's provider block.
#[server(prefix = "/api", endpoint = "social_settings")]
pub async fn social_settings() -> Result<ProviderSettings, AppError> {
    let cx = crate::context::ctx()?;
    crate::platform::with_status(store::settings(&cx).await)
}

/// Removes a linked provider, unless it is the last way to sign in.
#[server(prefix = "/api", endpoint = "social_unlink")]
pub async fn social_unlink(provider: String) -> Result<(), AppError> {
    const SECURITY: &str = "/account/settings/security";
    let result = async {
        let cx = crate::context::ctx()?;
        let provider = Provider::parse(&provider).ok_or(AppError::SocialUnknown)?;
        store::unlink(cx.pool(), cx.user()?, provider).await
    }
    .await;
    crate::platform::answer(
        result,
        |_| format!("{SECURITY}?done=unlinked#providers"),
        &format!("{SECURITY}?form=social"),
    )
}
