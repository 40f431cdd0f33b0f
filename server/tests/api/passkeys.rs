//! Issue 17, passkeys: added in the security settings, a sign-in that names no account and asks
//! no code, and every forged, replayed or misdirected answer refused with nothing signed in.
//! The authenticator is `soft_passkey`, answering as a browser would.

use crate::helpers::*;
use crate::soft_passkey::{Bend, SoftPasskey};
use app::error::{AppError, Field};
use reqwest::Client;
use serde_json::Value;

/// The server bound to `http://localhost:PORT` (`KABINET_PUBLIC_URL`): browsers refuse WebAuthn
/// on an IP address, and so does the relying party.
async fn app() -> TestApp {
    spawn_app_configured(false, |c| {
        c.public_url = c.public_url.replace("127.0.0.1", "localhost");
        c.public_url_set = true;
    })
    .await
}

fn origin(app: &TestApp) -> String {
    app.base.replace("127.0.0.1", "localhost")
}

fn field(v: &Value, name: &str) -> String {
    v[name].as_str().unwrap().to_string()
}

/// Adds a passkey named `name` with `key` to the signed-in account of `c`.
async fn add(
    app: &TestApp,
    c: &Client,
    key: &mut SoftPasskey,
    name: &str,
) -> Result<Value, AppError> {
    let start = app.call(c, "passkey_add_start", &[("name", name)]).await?;
    let answer = key.register(&field(&start, "options"));
    app.call(
        c,
        "passkey_add_finish",
        &[("token", &field(&start, "token")), ("answer", &answer)],
    )
    .await
}

/// A sign-in ceremony started by a fresh browser: its client, token and options.
async fn start_sign_in(app: &TestApp) -> (Client, String, String) {
    let c = client(app);
    let start = app.call(&c, "passkey_sign_in_start", &[]).await.unwrap();
    (c, field(&start, "token"), field(&start, "options"))
}

async fn finish(app: &TestApp, c: &Client, token: &str, answer: &str) -> Result<Value, AppError> {
    app.call(
        c,
        "passkey_sign_in_finish",
        &[
            ("token", token),
            ("answer", answer),
            ("next", "/account/orders"),
        ],
    )
    .await
}

/// The e-mail of the account `c` is signed in to.
async fn email_of(app: &TestApp, c: &Client) -> String {
    let me = app.call(c, "me", &[]).await.unwrap();
    me["email"].as_str().unwrap_or_default().to_string()
}

async fn signed_in(app: &TestApp, c: &Client) -> bool {
    app.call(c, "me", &[]).await.unwrap() != Value::Null
}

#[tokio::test]
async fn a_shopper_adds_a_passkey_and_then_signs_in_with_it_alone() {
    let app = app().await;
    let (c, user) = app.shopper("pk-alone@example.com").await;
    let mut key = SoftPasskey::new(&origin(&app));
    add(&app, &c, &mut key, "Ноутбук").await.unwrap();
    let list = app.call(&c, "passkeys", &[]).await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["name"], "Ноутбук");
    assert_eq!(list[0]["last_used_at"], Value::Null);
    // The owner is told by e-mail.
    app.mail_to("pk-alone@example.com", "/account/settings/security")
        .await;

    let (browser, token, options) = start_sign_in(&app).await;
    let parsed: Value = serde_json::from_str(&options).unwrap();
    assert_eq!(parsed["publicKey"]["rpId"], "localhost");
    assert!(
        parsed["publicKey"].get("allowCredentials").is_none()
            || parsed["publicKey"]["allowCredentials"] == serde_json::json!([]),
        "no account named: {parsed}"
    );
    let next = finish(&app, &browser, &token, &key.assert(&options))
        .await
        .unwrap();
    assert_eq!(next, "/account/orders");
    assert!(signed_in(&app, &browser).await);
    assert_eq!(email_of(&app, &browser).await, "pk-alone@example.com");
    let list = app.call(&c, "passkeys", &[]).await.unwrap();
    assert!(list[0]["last_used_at"].as_i64().is_some());
    // The counter the key reached is stored.
    let stored: String = sqlx::query_scalar("SELECT credential FROM passkeys WHERE user_id = ?")
        .bind(user)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(stored.contains("\"counter\":1"), "{stored}");
}

#[tokio::test]
async fn a_passkey_sign_in_asks_no_two_step_code() {
    let app = app().await;
    let (c, user, _secret, _codes) = crate::two_step::enrolled(&app, "pk-2fa@example.com").await;
    let mut key = SoftPasskey::new(&origin(&app));
    add(&app, &c, &mut key, "Телефон").await.unwrap();
    let (browser, token, options) = start_sign_in(&app).await;
    finish(&app, &browser, &token, &key.assert(&options))
        .await
        .unwrap();
    assert_eq!(
        email_of(&app, &browser).await,
        "pk-2fa@example.com",
        "signed in without the code page"
    );
    let _ = user;
}

#[tokio::test]
async fn a_replayed_or_cloned_assertion_is_refused() {
    let app = app().await;
    let (c, _) = app.shopper("pk-replay@example.com").await;
    let mut key = SoftPasskey::new(&origin(&app));
    add(&app, &c, &mut key, "Ключ").await.unwrap();
    let (first, token, options) = start_sign_in(&app).await;
    let answer = key.assert(&options);
    finish(&app, &first, &token, &answer).await.unwrap();

    // The same answer again: its challenge was used.
    let thief = client(&app);
    assert_eq!(
        finish(&app, &thief, &token, &answer).await,
        Err(AppError::PasskeyExpired)
    );
    // A fresh challenge signed with a counter that did not move on (a cloned key).
    let (thief, token, options) = start_sign_in(&app).await;
    let bent = Bend {
        counter: Some(key.counter),
        ..Bend::none()
    };
    let cloned = key.assert_bent(&options, bent);
    assert_eq!(
        finish(&app, &thief, &token, &cloned).await,
        Err(AppError::PasskeyFailed)
    );
    assert!(!signed_in(&app, &thief).await);
}

#[tokio::test]
async fn an_assertion_naming_another_accounts_handle_is_refused() {
    let app = app().await;
    let (a, _) = app.shopper("pk-a@example.com").await;
    let (b, _) = app.shopper("pk-b@example.com").await;
    let mut key_a = SoftPasskey::new(&origin(&app));
    add(&app, &a, &mut key_a, "A").await.unwrap();
    let mut key_b = SoftPasskey::new(&origin(&app));
    add(&app, &b, &mut key_b, "B").await.unwrap();
    // A's key, claiming B's account.
    let (c, token, options) = start_sign_in(&app).await;
    let bent = Bend {
        user_handle: Some(key_b.user_handle.clone()),
        ..Bend::none()
    };
    let answer = key_a.assert_bent(&options, bent);
    assert_eq!(
        finish(&app, &c, &token, &answer).await,
        Err(AppError::PasskeyUnknown)
    );
    assert!(!signed_in(&app, &c).await);
}

#[tokio::test]
async fn forged_answers_sign_nobody_in() {
    let app = app().await;
    let (c, _) = app.shopper("pk-forged@example.com").await;
    let mut key = SoftPasskey::new(&origin(&app));
    add(&app, &c, &mut key, "Ключ").await.unwrap();
    let cases = [
        (
            "a bad signature",
            Bend {
                break_signature: true,
                ..Bend::none()
            },
        ),
        (
            "another site's origin",
            Bend {
                origin: Some("http://evil.localhost:1".into()),
                ..Bend::none()
            },
        ),
    ];
    for (case, bend) in cases {
        let (c, token, options) = start_sign_in(&app).await;
        let answer = key.assert_bent(&options, bend);
        assert_eq!(
            finish(&app, &c, &token, &answer).await,
            Err(AppError::PasskeyFailed),
            "{case}"
        );
        assert!(!signed_in(&app, &c).await, "{case}");
    }
    // A key this site never saw.
    let mut stranger = SoftPasskey::new(&origin(&app));
    stranger.user_handle = key.user_handle.clone();
    let (c, token, options) = start_sign_in(&app).await;
    let answer = stranger.assert(&options);
    assert_eq!(
        finish(&app, &c, &token, &answer).await,
        Err(AppError::PasskeyUnknown)
    );
    // Garbage, and a token never issued.
    let (c, token, _) = start_sign_in(&app).await;
    assert_eq!(
        finish(&app, &c, &token, "{").await,
        Err(AppError::PasskeyFailed)
    );
    assert_eq!(
        finish(&app, &c, "made-up", "{}").await,
        Err(AppError::PasskeyExpired)
    );
}

#[tokio::test]
async fn a_registration_is_finished_only_by_the_account_that_started_it() {
    let app = app().await;
    let (a, _) = app.shopper("pk-reg-a@example.com").await;
    let (b, b_id) = app.shopper("pk-reg-b@example.com").await;
    let start = app
        .call(&a, "passkey_add_start", &[("name", "A")])
        .await
        .unwrap();
    let mut key = SoftPasskey::new(&origin(&app));
    let answer = key.register(&field(&start, "options"));
    let token = field(&start, "token");
    let stolen = app
        .call(
            &b,
            "passkey_add_finish",
            &[("token", &token), ("answer", &answer)],
        )
        .await;
    assert_eq!(stolen, Err(AppError::PasskeyExpired));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM passkeys WHERE user_id = {b_id}"
        ))
        .await,
        0
    );
    // A guest cannot start one.
    let guest = client(&app);
    assert_eq!(
        app.call(&guest, "passkey_add_start", &[("name", "x")])
            .await,
        Err(AppError::NotSignedIn)
    );
    // The same authenticator twice: its credential is already there.
    let (c, _) = app.shopper("pk-twice@example.com").await;
    let mut key = SoftPasskey::new(&origin(&app));
    add(&app, &c, &mut key, "Раз").await.unwrap();
    assert_eq!(
        add(&app, &c, &mut key, "Два").await,
        Err(AppError::PasskeyRegistered)
    );
}

#[tokio::test]
async fn a_passkey_name_is_plain_text_of_at_most_60_characters() {
    let app = app().await;
    let (c, _) = app.shopper("pk-name@example.com").await;
    let long = "я".repeat(61);
    let cases = [
        ("  ", AppError::Required(Field::PasskeyName)),
        (long.as_str(), AppError::TooLong(Field::PasskeyName, 60)),
        ("<b>ключ</b>", AppError::HtmlNotAllowed(Field::PasskeyName)),
    ];
    for (name, error) in cases {
        assert_eq!(
            app.call(&c, "passkey_add_start", &[("name", name)]).await,
            Err(error)
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM passkey_ceremonies").await,
        0
    );
}

#[tokio::test]
async fn removing_a_passkey_keeps_a_way_to_sign_in_and_anothers_is_not_found() {
    let app = app().await;
    let (c, user) = app.shopper("pk-remove@example.com").await;
    let mut one = SoftPasskey::new(&origin(&app));
    add(&app, &c, &mut one, "Один").await.unwrap();
    let id = app.call(&c, "passkeys", &[]).await.unwrap()[0]["id"].to_string();
    // Another shopper's id: not found, and it stays.
    let (other, _) = app.shopper("pk-other@example.com").await;
    assert_eq!(
        app.call(&other, "passkey_remove", &[("id", &id)]).await,
        Err(AppError::NotFound)
    );
    // An account with no password and no provider: its only passkey stays.
    sqlx::query("UPDATE users SET password_hash = '' WHERE id = ?")
        .bind(user)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        app.call(&c, "passkey_remove", &[("id", &id)]).await,
        Err(AppError::SocialLastWay)
    );
    let mut two = SoftPasskey::new(&origin(&app));
    add(&app, &c, &mut two, "Два").await.unwrap();
    app.call(&c, "passkey_remove", &[("id", &id)])
        .await
        .unwrap();
    let left = app.call(&c, "passkeys", &[]).await.unwrap();
    assert_eq!(left.as_array().unwrap().len(), 1);
    assert_eq!(left[0]["name"], "Два");
    // A removed passkey signs nobody in.
    let (b, token, options) = start_sign_in(&app).await;
    assert_eq!(
        finish(&app, &b, &token, &one.assert(&options)).await,
        Err(AppError::PasskeyUnknown)
    );
    // Without JavaScript the form comes back to the security page.
    let res = app
        .post_form(&c, "/api/passkey_remove", &[("id", "999999")])
        .await;
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(
        to.starts_with("/account/settings/security?form=passkeys&error=NotFound"),
        "{to}"
    );
}

#[tokio::test]
async fn without_a_public_url_passkeys_follow_the_host_and_refuse_an_ip_address() {
    let app = spawn_app().await;
    let c = client(&app);
    assert_eq!(
        app.call(&c, "passkey_sign_in_start", &[]).await,
        Err(AppError::PasskeyUnavailable)
    );
    let local = origin(&app);
    let c = reqwest::Client::builder()
        .default_headers({
            let mut h = reqwest::header::HeaderMap::new();
            h.insert(reqwest::header::ORIGIN, local.parse().unwrap());
            h
        })
        .build()
        .unwrap();
    let res = c
        .post(format!("{}/api/passkey_sign_in_start", app.base))
        .header(reqwest::header::HOST, local.trim_start_matches("http://"))
        .send()
        .await
        .unwrap();
    let start: Value = res.json().await.unwrap();
    let options: Value = serde_json::from_str(&field(&start, "options")).unwrap();
    assert_eq!(options["publicKey"]["rpId"], "localhost");
}

#[tokio::test]
async fn passkey_sign_ins_are_limited_per_network_and_hour() {
    let app = spawn_app_configured(false, |c| {
        c.public_url = c.public_url.replace("127.0.0.1", "localhost");
        c.public_url_set = true;
        c.social_starts_per_hour = 2;
    })
    .await;
    let c = client(&app);
    for _ in 0..2 {
        app.call(&c, "passkey_sign_in_start", &[]).await.unwrap();
    }
    assert_eq!(
        app.call(&c, "passkey_sign_in_start", &[]).await,
        Err(AppError::TooManyPasskeyStarts)
    );
}
