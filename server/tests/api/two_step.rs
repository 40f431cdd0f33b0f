//! Issue 13, two-step sign-in: enrolment confirmed by a code, the code after the password
//! (throttled like it, never accepted twice), single-use recovery codes, turning it off.

use crate::helpers::*;
use crate::security_settings::{browser, CHROME_WIN, FIREFOX, NEW_PW, PW};
use app::auth::totp;
use app::error::{AppError, Field};
use reqwest::Client;
use reqwest::StatusCode;

/// The shopper's TOTP secret: read from the database, where it is sealed, and opened with the
/// server's key.
async fn secret(app: &TestApp, user: i64) -> Vec<u8> {
    let stored: Vec<u8> = sqlx::query_scalar("SELECT secret FROM two_step WHERE user_id = ?")
        .bind(user)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(
        app::platform::seal::SealKey::is_sealed(&stored),
        "never stored in clear"
    );
    app.state
        .seal
        .open(&stored, &format!("two_step:{user}"))
        .expect("opens with the server's key, for its own account")
}

pub fn code(secret: &[u8], steps_ahead: i64) -> String {
    let now = app::platform::now();
    totp::code_at_step(secret, totp::step_at(now) + steps_ahead)
}

/// A shopper with two-step sign-in on; returns the client, id, secret and recovery codes.
pub async fn enrolled(app: &TestApp, email: &str) -> (Client, i64, Vec<u8>, Vec<String>) {
    let c = browser(app, FIREFOX);
    app.register(&c, "Юлия", email, PW).await.unwrap();
    let user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = ?")
        .bind(email)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    app.call(&c, "two_step_start", &[]).await.unwrap();
    let s = secret(app, user).await;
    // The page shows the key the app is given, and its QR code.
    let data = app.call(&c, "security", &[]).await.unwrap();
    let key = data["two_step"]["Pending"]["key"]
        .as_str()
        .unwrap()
        .replace(' ', "");
    assert_eq!(key, totp::base32(&s));
    assert!(data["two_step"]["Pending"]["qr"]
        .as_str()
        .unwrap()
        .starts_with("data:image/svg+xml;base64,"));
    assert_eq!(
        app.call(&c, "two_step_confirm", &[("code", "000000")])
            .await,
        Err(AppError::CodeInvalid)
    );
    app.call(&c, "two_step_confirm", &[("code", &code(&s, 0))])
        .await
        .unwrap();
    // The recovery codes are shown once.
    let data = app.call(&c, "security", &[]).await.unwrap();
    assert_eq!(data["two_step"]["On"]["codes_left"], 10);
    let codes: Vec<String> = data["fresh_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 10);
    let again = app.call(&c, "security", &[]).await.unwrap();
    assert_eq!(again["fresh_codes"].as_array().unwrap().len(), 0);
    let stored: Vec<Vec<u8>> =
        sqlx::query_scalar("SELECT code_hash FROM recovery_codes WHERE user_id = ?")
            .bind(user)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored.len(), 10);
    for c in &codes {
        assert!(
            !stored
                .iter()
                .any(|h| h.windows(4).any(|w| w == &c.as_bytes()[..4])),
            "stored hashed"
        );
    }
    (c, user, s, codes)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_two_step_on_a_sign_in_needs_a_code_after_the_password_and_a_code_works_once() {
    let app = spawn_app().await;
    let (_, _, s, _) = enrolled(&app, "t@example.ru").await;
    app.mail_to("t@example.ru", "Двухэтапный вход в ваш аккаунт")
        .await;

    let c = browser(&app, CHROME_WIN);
    let to = app.login(&c, "t@example.ru", PW).await.unwrap();
    assert_eq!(to, "/login/code");
    let res = c.get(app.url("/account")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "not signed in yet");

    // The code used to turn it on is spent: replay within its window is refused.
    assert_eq!(
        app.call(&c, "login_code", &[("code", &code(&s, 0))]).await,
        Err(AppError::CodeInvalid)
    );
    assert_eq!(
        app.call(&c, "login_code", &[("code", "")]).await,
        Err(AppError::Required(Field::OneTimeCode))
    );
    let next = code(&s, 1);
    assert_eq!(
        app.call(&c, "login_code", &[("code", &next)])
            .await
            .unwrap(),
        "/"
    );
    assert_eq!(
        c.get(app.url("/account")).send().await.unwrap().status(),
        StatusCode::OK
    );

    // Signed out and in again: the same code (same step) is refused.
    app.call(&c, "logout", &[]).await.unwrap();
    app.login(&c, "t@example.ru", PW).await.unwrap();
    assert_eq!(
        app.call(&c, "login_code", &[("code", &next)]).await,
        Err(AppError::CodeInvalid)
    );
    let history = app
        .count("SELECT COUNT(*) FROM sign_in_log WHERE result = 'wrong_code'")
        .await;
    assert_eq!(history, 2, "wrong codes are in the sign-in history");

    // Without the pending sign-in's cookie there is nothing to complete.
    assert_eq!(
        app.call(&client(&app), "login_code", &[("code", "123456")])
            .await,
        Err(AppError::SecondStepExpired)
    );
    sqlx::query("UPDATE pending_sign_ins SET expires_at = 0")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        app.call(&c, "login_code", &[("code", "123456")]).await,
        Err(AppError::SecondStepExpired),
        "ten minutes later"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recovery_codes_sign_in_once_each_and_guessed_codes_are_throttled_like_passwords() {
    let app = spawn_app().await;
    let (_, _, _, codes) = enrolled(&app, "r@example.ru").await;

    let c = browser(&app, CHROME_WIN);
    app.login(&c, "r@example.ru", PW).await.unwrap();
    let upper = codes[0].to_uppercase();
    app.call(&c, "login_code", &[("code", &upper)])
        .await
        .unwrap();
    app.call(&c, "logout", &[]).await.unwrap();
    app.login(&c, "r@example.ru", PW).await.unwrap();
    assert_eq!(
        app.call(&c, "login_code", &[("code", &codes[0])]).await,
        Err(AppError::CodeInvalid),
        "a recovery code works once"
    );

    // Guessing: after 5 failures on the account (the one above counts) the throttle refuses.
    for guess in ["aaaaa-bbbbb", "123456", "cccccddddd", "999999"] {
        assert_eq!(
            app.call(&c, "login_code", &[("code", guess)]).await,
            Err(AppError::CodeInvalid)
        );
    }
    let refused = app.call(&c, "login_code", &[("code", &codes[1])]).await;
    assert!(
        matches!(refused, Err(AppError::Throttled { .. })),
        "{refused:?}"
    );
    // And the password alone does not reset the count.
    let again = app
        .login(&browser(&app, CHROME_WIN), "r@example.ru", PW)
        .await;
    assert!(
        matches!(again, Err(AppError::Throttled { .. })),
        "{again:?}"
    );
    let unused = app
        .count("SELECT COUNT(*) FROM recovery_codes WHERE used_at IS NULL")
        .await;
    assert_eq!(unused, 9, "a refused try uses no code up");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn turning_two_step_off_or_changing_the_password_needs_a_code() {
    let app = spawn_app().await;
    let (c, user, s, codes) = enrolled(&app, "off@example.ru").await;

    assert_eq!(
        app.call(
            &c,
            "change_password",
            &[("current_password", PW), ("password", NEW_PW)]
        )
        .await,
        Err(AppError::Required(Field::OneTimeCode))
    );
    app.call(
        &c,
        "change_password",
        &[
            ("current_password", PW),
            ("password", NEW_PW),
            ("code", &code(&s, 1)),
        ],
    )
    .await
    .unwrap();

    // New recovery codes replace the old ones.
    app.call(&c, "recovery_codes", &[("code", &codes[1])])
        .await
        .unwrap();
    let data = app.call(&c, "security", &[]).await.unwrap();
    let fresh = data["fresh_codes"].as_array().unwrap().clone();
    assert_eq!(fresh.len(), 10);
    assert_eq!(
        app.call(&c, "two_step_disable", &[("code", &codes[2])])
            .await,
        Err(AppError::CodeInvalid),
        "the old codes no longer work"
    );
    assert_eq!(
        app.call(&c, "two_step_disable", &[("code", "")]).await,
        Err(AppError::Required(Field::OneTimeCode))
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM two_step").await, 1);
    app.call(
        &c,
        "two_step_disable",
        &[("code", fresh[0].as_str().unwrap())],
    )
    .await
    .unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM two_step").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM recovery_codes").await, 0);
    let other = browser(&app, CHROME_WIN);
    assert_eq!(
        app.login(&other, "off@example.ru", NEW_PW).await.unwrap(),
        "/",
        "no code asked any more"
    );
    let _ = user;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_code_page_works_without_javascript() {
    let app = spawn_app().await;
    let (_, _, s, _) = enrolled(&app, "nojs2@example.ru").await;
    let c = browser(&app, CHROME_WIN);
    let res = app
        .post_form(
            &c,
            "/api/login",
            &[
                ("login", "nojs2@example.ru"),
                ("password", PW),
                ("next", "/account/orders"),
            ],
        )
        .await;
    assert_eq!(res.headers()["location"], "/login/code");
    let (status, html) = app.page(&c, "/login/code").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Код из приложения или код восстановления"));
    let res = app
        .post_form(&c, "/api/login_code", &[("code", "000001")])
        .await;
    assert_eq!(res.headers()["location"], "/login/code?error=CodeInvalid");
    let res = app
        .post_form(&c, "/api/login_code", &[("code", &code(&s, 1))])
        .await;
    assert_eq!(res.headers()["location"], "/account/orders");
    assert_eq!(
        c.get(app.url("/account/orders"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_stored_in_clear_before_sealing_is_sealed_at_start_and_still_works() {
    let app = spawn_app().await;
    let (c, user, s, _) = enrolled(&app, "legacy@example.ru").await;
    // As a database from before sealing holds it.
    sqlx::query("UPDATE two_step SET secret = ? WHERE user_id = ?")
        .bind(&s)
        .bind(user)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        app::auth::two_step::seal_stored(&app.state).await.unwrap(),
        1
    );
    assert_eq!(
        app::auth::two_step::seal_stored(&app.state).await.unwrap(),
        0,
        "once"
    );
    assert_eq!(secret(&app, user).await, s, "the same secret, now sealed");
    app.call(&c, "two_step_disable", &[("code", &code(&s, 1))])
        .await
        .expect("the sealed secret checks codes");
}
