//! The protocol side of a provider sign-in, through `openidconnect` (Google: discovery, the ID
//! token checked for issuer, audience, expiry, nonce and signature by the provider's keys) and
//! `oauth2` (Facebook, VK: the access token shown to the user-info endpoint). Every request
//! carries PKCE (S256). Server only; the endpoints come from the configuration, so the demo
//! provider stands in unchanged.

use super::{Provider, ProviderButton};
use crate::error::AppError;
use crate::platform::providers::{Protocol, ProviderConfig};
use crate::platform::Config;
use oauth2::basic::BasicClient;
use oauth2::AuthType;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AccessTokenHash, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl,
    JsonWebKeySet, JsonWebKeySetUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse, TokenUrl,
};
use std::sync::OnceLock;
use std::time::Duration;

/// The configured providers, in the order the buttons show them.
pub fn configured(config: &Config) -> Vec<ProviderButton> {
    Provider::ALL
        .iter()
        .filter_map(|&p| {
            settings(config, p).map(|c| ProviderButton {
                provider: p,
                demo: c.demo,
            })
        })
        .collect()
}

/// A provider's settings, if it is configured.
pub fn settings(config: &Config, provider: Provider) -> Option<&ProviderConfig> {
    match provider {
        Provider::Google => config.providers.google.as_ref(),
        Provider::Facebook => config.providers.facebook.as_ref(),
        Provider::Vk => config.providers.vk.as_ref(),
    }
}

/// The HTTP client for the providers: no redirects followed (SSRF), bounded in time.
fn http() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(15))
            .build()
            .expect("HTTP client")
    })
}

/// The provider refused or failed a check: the cause goes to the log, the shopper sees
/// [`AppError::SocialFailed`].
fn failed(provider: Provider, what: &str, cause: impl std::fmt::Display) -> AppError {
    tracing::warn!(provider = provider.code(), what, cause = %cause, "provider sign-in refused");
    AppError::SocialFailed
}

fn redirect_url(config: &Config, provider: Provider) -> Result<RedirectUrl, AppError> {
    let url = format!("{}/auth/{}/callback", config.public_url, provider.code());
    RedirectUrl::new(url).map_err(|e| failed(provider, "redirect url", e))
}

/// Where to send the browser, and what the callback will need.
pub struct Start {
    pub url: String,
    pub state: String,
    pub verifier: String,
    /// Empty for plain OAuth 2.0 providers.
    pub nonce: String,
}

/// What the provider says about the shopper.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub subject: String,
    pub name: String,
    pub email: Option<String>,
    pub email_verified: bool,
}

type Oidc = CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
>;

/// The OpenID Connect client: discovery (or the explicit endpoints) and the provider's keys.
async fn oidc(config: &Config, provider: Provider, c: &ProviderConfig) -> Result<Oidc, AppError> {
    let Protocol::Oidc { issuer, endpoints } = &c.protocol else {
        return Err(AppError::SocialUnknown);
    };
    let fail = |what: &'static str| move |e: String| failed(provider, what, e);
    let issuer_url = IssuerUrl::new(issuer.clone()).map_err(|e| fail("issuer")(e.to_string()))?;
    let (auth, token, jwks) = match endpoints {
        Some(e) => {
            let jwks_url = JsonWebKeySetUrl::new(e.jwks_url.clone())
                .map_err(|e| fail("jwks url")(e.to_string()))?;
            let jwks = JsonWebKeySet::fetch_async(&jwks_url, http())
                .await
                .map_err(|e| fail("jwks")(e.to_string()))?;
            (e.auth_url.clone(), e.token_url.clone(), jwks)
        }
        None => {
            let meta = CoreProviderMetadata::discover_async(issuer_url.clone(), http())
                .await
                .map_err(|e| fail("discovery")(format!("{e:?}")))?;
            let token = meta
                .token_endpoint()
                .ok_or_else(|| fail("discovery")("no token endpoint".into()))?
                .to_string();
            (
                meta.authorization_endpoint().to_string(),
                token,
                meta.jwks().clone(),
            )
        }
    };
    Ok(
        CoreClient::new(ClientId::new(c.client_id.clone()), issuer_url, jwks)
            .set_client_secret(ClientSecret::new(c.client_secret.clone()))
            .set_auth_uri(AuthUrl::new(auth).map_err(|e| fail("auth url")(e.to_string()))?)
            .set_token_uri(TokenUrl::new(token).map_err(|e| fail("token url")(e.to_string()))?)
            .set_redirect_uri(redirect_url(config, provider)?),
    )
}

type OAuth = BasicClient<
    oauth2::EndpointSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointSet,
>;

fn oauth(config: &Config, provider: Provider, c: &ProviderConfig) -> Result<OAuth, AppError> {
    let Protocol::OAuth {
        auth_url,
        token_url,
        ..
    } = &c.protocol
    else {
        return Err(AppError::SocialUnknown);
    };
    let auth = AuthUrl::new(auth_url.clone()).map_err(|e| failed(provider, "auth url", e))?;
    let token = TokenUrl::new(token_url.clone()).map_err(|e| failed(provider, "token url", e))?;
    Ok(BasicClient::new(ClientId::new(c.client_id.clone()))
        .set_client_secret(ClientSecret::new(c.client_secret.clone()))
        .set_auth_uri(auth)
        .set_token_uri(token)
        .set_redirect_uri(redirect_url(config, provider)?)
        // Facebook and VK take the secret in the form, not as HTTP basic authentication.
        .set_auth_type(AuthType::RequestBody))
}

/// The provider's authorization URL with a fresh `state`, PKCE challenge and nonce.
pub async fn start(config: &Config, provider: Provider) -> Result<Start, AppError> {
    let c = settings(config, provider).ok_or(AppError::SocialUnknown)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = match &c.protocol {
        Protocol::Oidc { .. } => {
            let client = oidc(config, provider, c).await?;
            let (url, state, nonce) = client
                .authorize_url(
                    CoreAuthenticationFlow::AuthorizationCode,
                    CsrfToken::new_random,
                    Nonce::new_random,
                )
                .add_scope(Scope::new("email".into()))
                .add_scope(Scope::new("profile".into()))
                .set_pkce_challenge(challenge)
                .url();
            (url, state, nonce.secret().clone())
        }
        Protocol::OAuth { .. } => {
            let (url, state) = oauth(config, provider, c)?
                .authorize_url(CsrfToken::new_random)
                .add_scope(Scope::new("email".into()))
                .set_pkce_challenge(challenge)
                .url();
            (url, state, String::new())
        }
    };
    Ok(Start {
        url: url.to_string(),
        state: state.secret().clone(),
        verifier: verifier.secret().clone(),
        nonce,
    })
}

/// Exchanges the code (with the PKCE verifier) and learns who signed in. `device_id` is VK ID's
/// extra callback parameter, passed back as it asks.
pub async fn identify(
    config: &Config,
    provider: Provider,
    code: String,
    verifier: String,
    nonce: String,
    device_id: Option<String>,
) -> Result<Identity, AppError> {
    let c = settings(config, provider).ok_or(AppError::SocialUnknown)?;
    let code = AuthorizationCode::new(code);
    let verifier = PkceCodeVerifier::new(verifier);
    match &c.protocol {
        Protocol::Oidc { .. } => {
            let client = oidc(config, provider, c).await?;
            let token = client
                .exchange_code(code)
                .set_pkce_verifier(verifier)
                .request_async(http())
                .await
                .map_err(|e| failed(provider, "token", format!("{e:?}")))?;
            let id_token = token
                .id_token()
                .ok_or_else(|| failed(provider, "id token", "missing"))?;
            let verifier = client.id_token_verifier();
            let claims = id_token
                .claims(&verifier, &Nonce::new(nonce))
                .map_err(|e| failed(provider, "id token", e))?;
            if let Some(expected) = claims.access_token_hash() {
                let alg = id_token
                    .signing_alg()
                    .map_err(|e| failed(provider, "id token alg", e))?;
                let key = id_token
                    .signing_key(&verifier)
                    .map_err(|e| failed(provider, "id token key", e))?;
                let actual = AccessTokenHash::from_token(token.access_token(), alg, key)
                    .map_err(|e| failed(provider, "at_hash", e))?;
                if actual != *expected {
                    return Err(failed(provider, "at_hash", "mismatch"));
                }
            }
            let name = claims
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.as_str().to_string())
                .unwrap_or_default();
            Ok(Identity {
                subject: claims.subject().as_str().to_string(),
                name,
                email: claims.email().map(|e| e.as_str().to_string()),
                email_verified: claims.email_verified() == Some(true),
            })
        }
        Protocol::OAuth { userinfo_url, .. } => {
            let client = oauth(config, provider, c)?;
            let mut request = client.exchange_code(code).set_pkce_verifier(verifier);
            if let Some(device) = device_id.filter(|_| provider == Provider::Vk) {
                request = request.add_extra_param("device_id", device);
            }
            let token = request
                .request_async(http())
                .await
                .map_err(|e| failed(provider, "token", format!("{e:?}")))?;
            let access = token.access_token().secret();
            let request = if provider == Provider::Vk {
                // VK ID: a form with the client id and the token.
                http().post(userinfo_url).form(&[
                    ("client_id", c.client_id.as_str()),
                    ("access_token", access),
                ])
            } else {
                http().get(userinfo_url).bearer_auth(access)
            };
            let body: serde_json::Value = async {
                request
                    .send()
                    .await?
                    .error_for_status()?
                    .json::<serde_json::Value>()
                    .await
            }
            .await
            .map_err(|e| failed(provider, "userinfo", e))?;
            parse_userinfo(&body).ok_or_else(|| failed(provider, "userinfo", "no user id"))
        }
    }
}

/// A user-info answer: OpenID's (`sub`, `name`, `email`, `email_verified`), Facebook's (`id`,
/// `name`, `email`) or VK ID's (`user` with `user_id`, `first_name`, `last_name`, `email`). An
/// e-mail counts as verified only when the answer says so.
pub fn parse_userinfo(v: &serde_json::Value) -> Option<Identity> {
    use serde_json::Value;
    let v = v.get("user").unwrap_or(v);
    let text = |k: &str| match v.get(k) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let subject = text("sub")
        .or_else(|| text("id"))
        .or_else(|| text("user_id"))?;
    let name = text("name").unwrap_or_else(|| {
        [text("first_name"), text("last_name")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
    });
    Some(Identity {
        subject,
        name,
        email: text("email"),
        email_verified: v.get("email_verified") == Some(&Value::Bool(true)),
    })
}

#[cfg(test)]
mod tests {
    use super::parse_userinfo;
    use serde_json::json;

    #[test]
    fn user_info_of_each_provider_is_read_and_email_is_unverified_unless_said() {
        let fb = parse_userinfo(&json!({"id": "10", "name": "Анна", "email": "a@x.ru"})).unwrap();
        assert_eq!((fb.subject.as_str(), fb.name.as_str()), ("10", "Анна"));
        assert!(!fb.email_verified);
        let vk = parse_userinfo(&json!({"user": {"user_id": 77, "first_name": "Иван",
            "last_name": "Петров", "email": "i@x.ru"}}))
        .unwrap();
        assert_eq!(
            (vk.subject.as_str(), vk.name.as_str()),
            ("77", "Иван Петров")
        );
        let oidc = parse_userinfo(&json!({"sub": "s", "email": "e@x", "email_verified": true}));
        assert!(oidc.unwrap().email_verified);
        assert!(parse_userinfo(&json!({"name": "no id"})).is_none());
    }
}
