//! Sign-in providers (Google, Facebook, VK) as the environment configures them: client id and
//! secret, and the endpoints, so that any provider speaking the same protocol can stand in (the
//! demo provider does, on `KABINET_DEMO=1`). A provider without a client id is not configured and
//! its button is not shown. See docs/runtime.md for the variables.

use std::fmt;

/// The client id and secret of the demo provider (`/demo-oidc`, started with `KABINET_DEMO=1`).
/// Demo only: that provider signs in anyone who asks, under any name.
pub const DEMO_CLIENT_ID: &str = "kabinet-demo";
pub const DEMO_CLIENT_SECRET: &str = "kabinet-demo-secret-not-for-production";
/// Where the demo provider is mounted, under the site's public address.
pub const DEMO_PATH: &str = "/demo-oidc";

/// How the identity is learnt after the code is exchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// OpenID Connect: the ID token, verified against the issuer's published keys. `issuer`
    /// alone means discovery (`/.well-known/openid-configuration`); the explicit endpoints
    /// replace it when all three are set.
    Oidc {
        issuer: String,
        endpoints: Option<OidcEndpoints>,
    },
    /// Plain OAuth 2.0: the access token is shown to a user-info endpoint (Facebook's Graph
    /// `me`, VK ID's `user_info`).
    OAuth {
        auth_url: String,
        token_url: String,
        userinfo_url: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OidcEndpoints {
    pub auth_url: String,
    pub token_url: String,
    pub jwks_url: String,
}

/// One configured provider. Its `Debug` hides the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct ProviderConfig {
    pub client_id: String,
    pub client_secret: String,
    pub protocol: Protocol,
    /// The demo provider stands in (the button says "Google (demo)").
    pub demo: bool,
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("client_id", &self.client_id)
            .field("client_secret", &"***")
            .field("protocol", &self.protocol)
            .field("demo", &self.demo)
            .finish()
    }
}

impl ProviderConfig {
    /// The demo provider at `public_url` as an OpenID Connect provider (discovery).
    pub fn demo_oidc(public_url: &str) -> ProviderConfig {
        ProviderConfig {
            client_id: DEMO_CLIENT_ID.into(),
            client_secret: DEMO_CLIENT_SECRET.into(),
            protocol: Protocol::Oidc {
                issuer: format!("{public_url}{DEMO_PATH}"),
                endpoints: None,
            },
            demo: true,
        }
    }

    /// The demo provider at `public_url` as a plain OAuth 2.0 provider (as Facebook and VK are).
    pub fn demo_oauth(public_url: &str) -> ProviderConfig {
        let base = format!("{public_url}{DEMO_PATH}");
        ProviderConfig {
            client_id: DEMO_CLIENT_ID.into(),
            client_secret: DEMO_CLIENT_SECRET.into(),
            protocol: Protocol::OAuth {
                auth_url: format!("{base}/authorize"),
                token_url: format!("{base}/token"),
                userinfo_url: format!("{base}/userinfo"),
            },
            demo: true,
        }
    }
}

/// The providers set up, each `None` when its client id is not set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Providers {
    pub google: Option<ProviderConfig>,
    pub facebook: Option<ProviderConfig>,
    pub vk: Option<ProviderConfig>,
}

impl Providers {
    /// The origins the sign-in buttons' form is redirected to (the CSP's `form-action` must
    /// allow them: browsers apply it to the redirect after a form is posted).
    pub fn form_origins(&self) -> Vec<String> {
        [&self.google, &self.facebook, &self.vk]
            .into_iter()
            .flatten()
            .filter_map(|c| {
                let url = match &c.protocol {
                    Protocol::Oidc { issuer, endpoints } => endpoints
                        .as_ref()
                        .map(|e| e.auth_url.as_str())
                        .unwrap_or(issuer),
                    Protocol::OAuth { auth_url, .. } => auth_url,
                };
                origin(url)
            })
            .collect()
    }

    /// From `KABINET_{GOOGLE,FACEBOOK,VK}_*`. With `demo` (`KABINET_DEMO=1`) and no Google
    /// client id, Google is the demo provider at `public_url`.
    pub fn from_env(var: impl Fn(&str) -> Option<String>, demo: bool, public_url: &str) -> Self {
        let client = |p: &str| {
            let id = var(&format!("KABINET_{p}_CLIENT_ID"))?;
            let secret = var(&format!("KABINET_{p}_CLIENT_SECRET")).unwrap_or_default();
            Some((id, secret))
        };
        let url = |p: &str, k: &str, default: &str| {
            var(&format!("KABINET_{p}_{k}")).unwrap_or_else(|| default.to_string())
        };
        let google = client("GOOGLE").map(|(client_id, client_secret)| {
            let explicit =
                ["AUTH_URL", "TOKEN_URL", "JWKS_URL"].map(|k| var(&format!("KABINET_GOOGLE_{k}")));
            let endpoints = match explicit {
                [Some(auth_url), Some(token_url), Some(jwks_url)] => Some(OidcEndpoints {
                    auth_url,
                    token_url,
                    jwks_url,
                }),
                _ => None,
            };
            ProviderConfig {
                client_id,
                client_secret,
                protocol: Protocol::Oidc {
                    issuer: url("GOOGLE", "ISSUER", "https://accounts.google.com"),
                    endpoints,
                },
                demo: false,
            }
        });
        let oauth = |p: &str, auth: &str, token: &str, userinfo: &str| {
            client(p).map(|(client_id, client_secret)| ProviderConfig {
                client_id,
                client_secret,
                protocol: Protocol::OAuth {
                    auth_url: url(p, "AUTH_URL", auth),
                    token_url: url(p, "TOKEN_URL", token),
                    userinfo_url: url(p, "USERINFO_URL", userinfo),
                },
                demo: false,
            })
        };
        Providers {
            google: google.or_else(|| demo.then(|| ProviderConfig::demo_oidc(public_url))),
            facebook: oauth(
                "FACEBOOK",
                "https://www.facebook.com/v19.0/dialog/oauth",
                "https://graph.facebook.com/v19.0/oauth/access_token",
                "https://graph.facebook.com/v19.0/me?fields=id,name,email",
            ),
            vk: oauth(
                "VK",
                "https://id.vk.com/authorize",
                "https://id.vk.com/oauth2/auth",
                "https://id.vk.com/oauth2/user_info",
            ),
        }
    }
}

/// `scheme://host[:port]` of a URL, if it is a plain http(s) one.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let plain = authority
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
    (matches!(scheme, "http" | "https") && !authority.is_empty() && plain)
        .then(|| format!("{scheme}://{authority}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn a_provider_is_configured_by_its_client_id_and_the_demo_stands_in_for_google() {
        let none = Providers::from_env(env(&[]), false, "http://127.0.0.1:3000");
        assert_eq!(none, Providers::default());
        let demo = Providers::from_env(env(&[]), true, "http://127.0.0.1:3000");
        let google = demo.google.expect("demo google");
        assert!(google.demo);
        assert_eq!(
            google.protocol,
            Protocol::Oidc {
                issuer: "http://127.0.0.1:3000/demo-oidc".into(),
                endpoints: None
            }
        );
        let real = Providers::from_env(
            env(&[
                ("KABINET_GOOGLE_CLIENT_ID", "g"),
                ("KABINET_GOOGLE_CLIENT_SECRET", "s3cret"),
                ("KABINET_VK_CLIENT_ID", "v"),
                ("KABINET_VK_USERINFO_URL", "http://vk.test/u"),
            ]),
            true,
            "http://127.0.0.1:3000",
        );
        assert_eq!(
            real.form_origins(),
            vec!["https://accounts.google.com", "https://id.vk.com"]
        );
        let google = real.google.unwrap();
        assert!(!google.demo, "an explicit Google wins over the demo");
        assert!(!format!("{google:?}").contains("s3cret"));
        assert!(real.facebook.is_none());
        assert!(matches!(
            real.vk.unwrap().protocol,
            Protocol::OAuth { userinfo_url, .. } if userinfo_url == "http://vk.test/u"
        ));
    }
}
