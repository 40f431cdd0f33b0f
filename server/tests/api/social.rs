//! Issue 17, sign in with a provider, against the demo provider (`/demo-oidc`) configured as
//! Google (OpenID Connect) and Facebook (plain OAuth 2.0): the flow's `state`, PKCE and the ID
//! token checks, the provider's errors, and what may be refused before anything is linked.

use crate::helpers::*;
use app::error::AppError;
use app::platform::providers::ProviderConfig;
use reqwest::header::{ACCEPT, LOCATION};
use reqwest::{Client, StatusCode};

pub async fn social_app() -> TestApp {
    spawn_app_configured(false, |c| {
        c.demo_provider = true;
        c.providers.google = Some(ProviderConfig::demo_oidc(&c.public_url));
        c.providers.facebook = Some(ProviderConfig::demo_oauth(&c.public_url));
    })
    .await
}

/// What the shopper does on the provider's consent page.
#[derive(Clone)]
pub struct Consent<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub verified: bool,
    pub fault: &'a str,
    pub allow: bool,
    pub sub: &'a str,
}

impl Default for Consent<'_> {
    fn default() -> Self {
        Consent {
            name: "Анна Гуглова",
            email: "anna@example.com",
            verified: true,
            fault: "",
            allow: true,
            sub: "",
        }
    }
}

fn location(res: &reqwest::Response) -> String {
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{res:?}");
    res.headers()[LOCATION].to_str().unwrap().to_string()
}

/// Presses the provider's button (a plain form); returns the provider's authorization URL.
pub async fn start(app: &TestApp, c: &Client, provider: &str, form: &[(&str, &str)]) -> String {
    let res = app.post_form(c, &format!("/auth/{provider}"), form).await;
    location(&res)
}

/// Answers the consent page of `auth_url`; returns the callback URL the provider sends back to.
pub async fn consent(app: &TestApp, c: &Client, auth_url: &str, who: &Consent<'_>) -> String {
    let url = url::Url::parse(auth_url).unwrap();
    assert!(url.path().ends_with("/demo-oidc/authorize"), "{auth_url}");
    let page = c.get(auth_url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK, "consent page");
    let mut form: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let decision = if who.allow { "allow" } else { "deny" };
    for (k, v) in [
        ("name", who.name),
        ("email", who.email),
        ("fault", who.fault),
        ("decision", decision),
        ("sub", who.sub),
    ] {
        form.push((k.into(), v.into()));
    }
    if who.verified {
        form.push(("email_verified".into(), "1".into()));
    }
    let res = c
        .post(app.url("/demo-oidc/authorize"))
        .header(ACCEPT, "text/html")
        .form(&form)
        .send()
        .await
        .unwrap();
    location(&res)
}

/// Follows the provider back to the site; returns where the site sends the browser.
pub async fn back(c: &Client, callback: &str) -> String {
    location(&c.get(callback).send().await.unwrap())
}

/// A whole sign-in with `provider`.
pub async fn sign_in_with(app: &TestApp, c: &Client, provider: &str, who: &Consent<'_>) -> String {
    let auth = start(app, c, provider, &[("next", "/account/orders")]).await;
    let callback = consent(app, c, &auth, who).await;
    back(c, &callback).await
}

/// The error code a redirect carries.
pub fn error_in(location: &str) -> Option<AppError> {
    let url = url::Url::parse(&format!("http://x{location}")).unwrap();
    let code = url
        .query_pairs()
        .find(|(k, _)| k == "error")?
        .1
        .into_owned();
    AppError::from_code(&code)
}

pub async fn signed_in(app: &TestApp, c: &Client) -> bool {
    let res = c.get(app.url("/account")).send().await.unwrap();
    res.status() == StatusCode::OK
}

pub async fn identities(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM social_identities").await
}

#[tokio::test]
async fn a_new_shopper_is_created_with_the_providers_name_and_signs_in_again() {
    let app = social_app().await;
    let c = client(&app);
    let (_, login) = app.page(&c, "/login").await;
    assert!(login.contains("Войти через Google (demo)"), "button shown");
    assert!(
        !login.contains("Войти через VK"),
        "an unconfigured provider has no button"
    );
    let to = sign_in_with(&app, &c, "google", &Consent::default()).await;
    assert_eq!(to, "/account/orders", "back where the shopper was going");
    assert!(signed_in(&app, &c).await);
    let (name, confirmed, hash): (String, Option<i64>, String) = sqlx::query_as(
        "SELECT name, email_confirmed_at, password_hash FROM users WHERE email = 'anna@example.com'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(name, "Анна Гуглова");
    assert!(confirmed.is_some(), "a verified e-mail is confirmed");
    assert_eq!(hash, "", "no password until one is set");
    assert!(app.member_id(&c).await.len() >= 6, "a member ID as usual");
    // The account has no password: signing in with one fails like any wrong password.
    let other = client(&app);
    assert_eq!(
        app.login(&other, "anna@example.com", "").await,
        Err(AppError::Required(app::error::Field::Password))
    );
    assert_eq!(
        app.login(&other, "anna@example.com", "Korova-Moloko-2026")
            .await,
        Err(AppError::InvalidCredentials)
    );
    // The same identity later: the same account, no second one.
    let to = sign_in_with(&app, &other, "google", &Consent::default()).await;
    assert_eq!(to, "/account/orders");
    assert!(signed_in(&app, &other).await);
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
    assert_eq!(identities(&app).await, 1);
}

#[tokio::test]
async fn a_plain_oauth_provider_signs_in_through_its_user_info() {
    let app = social_app().await;
    let c = client(&app);
    let who = Consent {
        name: "Фёдор Фейсбуков",
        email: "fedor@example.com",
        ..Consent::default()
    };
    assert_eq!(
        sign_in_with(&app, &c, "facebook", &who).await,
        "/account/orders"
    );
    let name: String = sqlx::query_scalar("SELECT name FROM users")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(name, "Фёдор Фейсбуков");
    let provider: String = sqlx::query_scalar("SELECT provider FROM social_identities")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(provider, "facebook");
    // An unconfigured provider, or none at all, starts nothing.
    let to = start(&app, &c, "vk", &[]).await;
    assert_eq!(error_in(&to), Some(AppError::SocialUnknown));
    let to = start(&app, &c, "myspace", &[]).await;
    assert_eq!(error_in(&to), Some(AppError::SocialUnknown));
}

#[tokio::test]
async fn a_wrong_reused_or_foreign_state_changes_nothing() {
    let app = social_app().await;
    let c = client(&app);
    let auth = start(&app, &c, "google", &[]).await;
    let callback = consent(&app, &c, &auth, &Consent::default()).await;
    let mut wrong = url::Url::parse(&callback).unwrap();
    let code = wrong
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    wrong
        .query_pairs_mut()
        .clear()
        .append_pair("code", &code)
        .append_pair("state", "forged-state");
    assert_eq!(
        error_in(&back(&c, wrong.as_str()).await),
        Some(AppError::SocialState)
    );
    // No state at all.
    let bare = format!("{}/auth/google/callback?code={code}", app.base);
    assert_eq!(
        error_in(&back(&c, &bare).await),
        Some(AppError::SocialState)
    );
    // The right state from another browser (no flow cookie, or another one).
    let stranger = client(&app);
    assert_eq!(
        error_in(&back(&stranger, &callback).await),
        Some(AppError::SocialState)
    );
    start(&app, &stranger, "google", &[]).await;
    assert_eq!(
        error_in(&back(&stranger, &callback).await),
        Some(AppError::SocialState)
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);
    assert!(!signed_in(&app, &stranger).await);
    // The real browser with the real state: once.
    assert_eq!(back(&c, &callback).await, "/");
    assert_eq!(identities(&app).await, 1);
    assert_eq!(
        error_in(&back(&c, &callback).await),
        Some(AppError::SocialState),
        "a used state"
    );
    // An expired flow.
    let auth = start(&app, &c, "google", &[]).await;
    let callback = consent(&app, &c, &auth, &Consent::default()).await;
    sqlx::query("UPDATE social_flows SET expires_at = 0")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        error_in(&back(&c, &callback).await),
        Some(AppError::SocialState)
    );
    // The purge removes flows never finished.
    start(&app, &c, "google", &[]).await;
    sqlx::query("UPDATE social_flows SET expires_at = 1")
        .execute(&app.pool)
        .await
        .unwrap();
    let c2 = &app.state.config;
    app::jobs::purge(&app.pool, 10, c2.session_idle, c2.session_absolute)
        .await
        .unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM social_flows").await, 0);
}

#[tokio::test]
async fn the_provider_refuses_a_missing_or_wrong_pkce_verifier() {
    let app = social_app().await;
    let c = client(&app);
    // Straight at the provider's token endpoint, as a client would.
    let code_for = |challenge: &'static str| {
        let app = &app;
        let c = &c;
        async move {
            let form = [
                ("client_id", app::platform::providers::DEMO_CLIENT_ID),
                (
                    "redirect_uri",
                    &format!("{}/auth/google/callback", app.base),
                ),
                ("response_type", "code"),
                ("state", "s"),
                ("nonce", "n"),
                ("code_challenge", challenge),
                ("code_challenge_method", "S256"),
                ("email", "p@example.com"),
                ("email_verified", "1"),
                ("decision", "allow"),
            ];
            let res = c
                .post(app.url("/demo-oidc/authorize"))
                .form(&form)
                .send()
                .await
                .unwrap();
            let to = url::Url::parse(res.headers()[LOCATION].to_str().unwrap()).unwrap();
            to.query_pairs()
                .find(|(k, _)| k == "code")
                .unwrap()
                .1
                .into_owned()
        }
    };
    // S256 of "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk" (RFC 7636, appendix B).
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let token = |code: String, verifier: Option<&'static str>| {
        let app = &app;
        async move {
            let mut form = vec![
                ("grant_type", "authorization_code".to_string()),
                ("code", code),
                ("redirect_uri", format!("{}/auth/google/callback", app.base)),
                ("client_id", app::platform::providers::DEMO_CLIENT_ID.into()),
                (
                    "client_secret",
                    app::platform::providers::DEMO_CLIENT_SECRET.into(),
                ),
            ];
            if let Some(v) = verifier {
                form.push(("code_verifier", v.into()));
            }
            let res = reqwest::Client::new()
                .post(app.url("/demo-oidc/token"))
                .form(&form)
                .send()
                .await
                .unwrap();
            res.status()
        }
    };
    let code = code_for(challenge).await;
    assert_eq!(token(code.clone(), None).await, StatusCode::BAD_REQUEST);
    assert_eq!(
        token(code.clone(), Some(verifier)).await,
        StatusCode::BAD_REQUEST,
        "a code is used by its first try"
    );
    let code = code_for(challenge).await;
    assert_eq!(
        token(code, Some("wrong-verifier-wrong-verifier-wrong-verifier-x")).await,
        StatusCode::BAD_REQUEST
    );
    let code = code_for(challenge).await;
    assert_eq!(token(code, Some(verifier)).await, StatusCode::OK);

    // Through the site: a flow whose verifier does not match is refused, nothing made.
    let auth = start(&app, &c, "google", &[]).await;
    let callback = consent(&app, &c, &auth, &Consent::default()).await;
    sqlx::query("UPDATE social_flows SET verifier = 'tampered-verifier-tampered-verifier-tamper'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        error_in(&back(&c, &callback).await),
        Some(AppError::SocialFailed)
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);
    assert_eq!(identities(&app).await, 0);
}

#[tokio::test]
async fn a_bad_id_token_is_refused_whatever_is_wrong_with_it() {
    let app = social_app().await;
    for fault in [
        "wrong_audience",
        "wrong_issuer",
        "wrong_nonce",
        "expired",
        "bad_signature",
    ] {
        let c = client(&app);
        let who = Consent {
            fault,
            ..Consent::default()
        };
        let to = sign_in_with(&app, &c, "google", &who).await;
        assert_eq!(error_in(&to), Some(AppError::SocialFailed), "{fault}");
        assert!(to.starts_with("/login?"), "{fault}: {to}");
        assert!(!signed_in(&app, &c).await, "{fault}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);
    assert_eq!(identities(&app).await, 0);
    // The same consent without a fault works: the checks, not the setup, refused.
    let c = client(&app);
    assert_eq!(
        sign_in_with(&app, &c, "google", &Consent::default()).await,
        "/account/orders"
    );
}

#[tokio::test]
async fn a_cancelled_consent_or_an_unverified_email_makes_nothing() {
    let app = social_app().await;
    let c = client(&app);
    let deny = Consent {
        allow: false,
        ..Consent::default()
    };
    let to = sign_in_with(&app, &c, "google", &deny).await;
    assert_eq!(error_in(&to), Some(AppError::SocialDenied));
    let unverified = Consent {
        verified: false,
        ..Consent::default()
    };
    for provider in ["google", "facebook"] {
        let to = sign_in_with(&app, &c, provider, &unverified).await;
        assert_eq!(
            error_in(&to),
            Some(AppError::SocialEmailUnverified),
            "{provider}"
        );
    }
    let (_, page) = app.page(&c, "/login?error=SocialEmailUnverified").await;
    assert!(page.contains("не подтвердил ваш e-mail"), "message shown");
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);
    assert_eq!(identities(&app).await, 0);
    assert!(!signed_in(&app, &c).await);
}
