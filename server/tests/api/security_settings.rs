//! Issue 13, security settings: changing the password (other sessions end, an e-mail says so),
//! the sessions list, the sign-in history, the new-device e-mail and changing the e-mail.

use crate::helpers::*;
use app::error::AppError;
use reqwest::header::{ACCEPT, ORIGIN, USER_AGENT};
use reqwest::redirect::Policy;
use reqwest::{Client, StatusCode};
use std::time::Duration;

pub const PW: &str = "Korova-Moloko-2026";
pub const NEW_PW: &str = "Zelenyj-Chaj-2027";
pub const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";
pub const CHROME_WIN: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

/// A browser-like client that names itself.
pub fn browser(app: &TestApp, ua: &str) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(ORIGIN, app.base.parse().unwrap());
    headers.insert(USER_AGENT, ua.parse().unwrap());
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .timeout(Duration::from_secs(30))
        .default_headers(headers)
        .build()
        .unwrap()
}

/// Registers `email` in a Firefox and signs it in from a Chrome too.
async fn two_browsers(app: &TestApp, email: &str) -> (Client, Client) {
    let ff = browser(app, FIREFOX);
    app.register(&ff, "Юлия", email, PW).await.unwrap();
    let chrome = browser(app, CHROME_WIN);
    app.login(&chrome, email, PW).await.unwrap();
    (ff, chrome)
}

async fn signed_in(app: &TestApp, c: &Client) -> bool {
    let res = c.get(app.url("/account")).send().await.unwrap();
    res.status() == StatusCode::OK
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_needs_the_current_one_ends_other_sessions_and_sends_a_notice() {
    let app = spawn_app().await;
    let (ff, chrome) = two_browsers(&app, "pw@example.ru").await;

    let wrong = app
        .call(
            &ff,
            "change_password",
            &[
                ("current_password", "not-my-password"),
                ("password", NEW_PW),
            ],
        )
        .await;
    assert_eq!(wrong, Err(AppError::CurrentPasswordWrong));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM login_failures WHERE account_key IS NOT NULL")
            .await,
        1,
        "a wrong current password counts like a failed sign-in"
    );
    let common = app
        .call(
            &ff,
            "change_password",
            &[("current_password", PW), ("password", "password1")],
        )
        .await;
    assert_eq!(common, Err(AppError::PasswordCommon));
    let short = app
        .call(
            &ff,
            "change_password",
            &[("current_password", PW), ("password", "short")],
        )
        .await;
    assert_eq!(short, Err(AppError::PasswordTooShort));
    assert!(signed_in(&app, &chrome).await, "nothing changed yet");

    app.call(
        &ff,
        "change_password",
        &[("current_password", PW), ("password", NEW_PW)],
    )
    .await
    .unwrap();
    assert!(signed_in(&app, &ff).await, "this browser stays signed in");
    assert!(
        !signed_in(&app, &chrome).await,
        "the other one is signed out"
    );
    let mail = app.mail_to("pw@example.ru", "только что изменён").await;
    assert!(mail.contains("/password/forgot"), "{mail}");

    let fresh = client(&app);
    assert_eq!(
        app.login(&fresh, "pw@example.ru", PW).await,
        Err(AppError::InvalidCredentials)
    );
    app.login(&fresh, "pw@example.ru", NEW_PW).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_show_device_and_network_and_end_one_by_one_or_all_others() {
    let app = spawn_app().await;
    let (ff, chrome) = two_browsers(&app, "s@example.ru").await;
    let third = browser(&app, FIREFOX);
    app.login(&third, "s@example.ru", PW).await.unwrap();

    let data = app.call(&ff, "security", &[]).await.unwrap();
    let sessions = data["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 3);
    let current: Vec<_> = sessions.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["device"], "Firefox, Linux");
    assert_eq!(current[0]["network"], "127.0.0.0/24");
    let chrome_id = sessions
        .iter()
        .find(|s| s["device"] == "Chrome, Windows")
        .expect("the Chrome session is listed")["id"]
        .as_str()
        .unwrap()
        .to_string();

    // Another shopper cannot end it: "not found", and nothing ends.
    let (other, _) = app.shopper("other@example.ru").await;
    let res = app.call(&other, "end_session", &[("id", &chrome_id)]).await;
    assert_eq!(res, Err(AppError::NotFound));
    for bad in ["", "zz", "0123456789abcdef", "<script>"] {
        assert_eq!(
            app.call(&ff, "end_session", &[("id", bad)]).await,
            Err(AppError::NotFound),
            "{bad}"
        );
    }
    let own = current[0]["id"].as_str().unwrap();
    assert_eq!(
        app.call(&ff, "end_session", &[("id", own)]).await,
        Err(AppError::NotFound),
        "this session is ended by signing out, not from the list"
    );
    assert!(signed_in(&app, &chrome).await);

    app.call(&ff, "end_session", &[("id", &chrome_id)])
        .await
        .unwrap();
    assert!(!signed_in(&app, &chrome).await);
    assert!(signed_in(&app, &third).await);
    assert!(signed_in(&app, &other).await);

    app.call(&ff, "end_other_sessions", &[]).await.unwrap();
    assert!(!signed_in(&app, &third).await);
    assert!(signed_in(&app, &ff).await);
    assert!(
        signed_in(&app, &other).await,
        "another shopper's sessions stay"
    );

    // The page lists what is left.
    let (status, html) = app.page(&ff, "/account/settings/security").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Firefox, Linux") && html.contains("Это устройство"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sign_in_history_keeps_the_last_fifty_attempts_with_their_result() {
    let app = spawn_app().await;
    let ff = browser(&app, FIREFOX);
    app.register(&ff, "Юлия", "h@example.ru", PW).await.unwrap();
    let chrome = browser(&app, CHROME_WIN);
    assert_eq!(
        app.login(&chrome, "h@example.ru", "wrong-password-1").await,
        Err(AppError::InvalidCredentials)
    );
    app.login(&chrome, "h@example.ru", PW).await.unwrap();
    let data = app.call(&ff, "security", &[]).await.unwrap();
    let history = data["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["result"], "Ok");
    assert_eq!(history[1]["result"], "WrongPassword");
    assert_eq!(history[1]["device"], "Chrome, Windows");

    let user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'h@example.ru'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    for _ in 0..60 {
        sqlx::query(
            "INSERT INTO sign_in_log (user_id, at, device, network, result) VALUES (?, 0, '', '', 'ok')",
        )
        .bind(user)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    app.login(&chrome, "h@example.ru", PW).await.unwrap();
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sign_in_log").await,
        50,
        "the oldest beyond 50 are deleted"
    );
    let data = app.call(&ff, "security", &[]).await.unwrap();
    assert_eq!(data["history"].as_array().unwrap().len(), 50);
    assert_eq!(data["history"][0]["device"], "Chrome, Windows");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_from_a_new_device_is_emailed_once_per_device() {
    let app = spawn_app().await;
    let ff = browser(&app, FIREFOX);
    app.register(&ff, "Юлия", "d@example.ru", PW).await.unwrap();
    app.login(&ff, "d@example.ru", PW).await.unwrap();
    let new_device = |app: &TestApp| {
        let dir = app.mail_dir.clone();
        async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            read_mails(&dir)
                .iter()
                .filter(|m| m.contains("вошли с нового устройства"))
                .count()
        }
    };
    assert_eq!(
        new_device(&app).await,
        0,
        "the registering browser is known"
    );

    let chrome = browser(&app, CHROME_WIN);
    app.login(&chrome, "d@example.ru", PW).await.unwrap();
    let mail = app
        .mail_to("d@example.ru", "вошли с нового устройства")
        .await;
    assert!(
        mail.contains("Chrome, Windows") && mail.contains("127.0.0.0/24"),
        "{mail}"
    );
    app.call(&chrome, "logout", &[]).await.unwrap();
    app.login(&chrome, "d@example.ru", PW).await.unwrap();
    assert_eq!(
        new_device(&app).await,
        1,
        "the same browser again: no second e-mail"
    );
    let log = app
        .count("SELECT COUNT(*) FROM mail_log WHERE kind = 'security'")
        .await;
    assert_eq!(log, 1, "and the e-mail log has it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_email_changes_only_once_the_link_sent_to_the_new_address_is_opened() {
    let app = spawn_app().await;
    let (c, _) = app.shopper("old@example.ru").await;
    let (_, owner) = app.shopper("taken@example.ru").await;

    assert_eq!(
        app.call(
            &c,
            "change_email",
            &[
                ("email", "new@example.ru"),
                ("current_password", "nope-nope-nope")
            ],
        )
        .await,
        Err(AppError::CurrentPasswordWrong)
    );
    assert_eq!(
        app.call(
            &c,
            "change_email",
            &[("email", "OLD@example.ru"), ("current_password", PW)],
        )
        .await,
        Err(AppError::EmailUnchanged)
    );
    assert_eq!(
        app.call(
            &c,
            "change_email",
            &[("email", "not an address"), ("current_password", PW)],
        )
        .await,
        Err(AppError::InvalidEmail)
    );

    // An address another account has: the same answer, and its owner is told.
    app.call(
        &c,
        "change_email",
        &[("email", "taken@example.ru"), ("current_password", PW)],
    )
    .await
    .unwrap();
    app.mail_to("taken@example.ru", "другого аккаунта").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM email_changes").await, 0);
    let owner_log: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_log WHERE user_id = ?")
        .bind(owner)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(owner_log, 2, "welcome and the notice, in the owner's log");

    app.call(
        &c,
        "change_email",
        &[("email", "new@example.ru"), ("current_password", PW)],
    )
    .await
    .unwrap();
    let notice = app
        .mail_to("old@example.ru", "запрошена смена e-mail")
        .await;
    assert!(notice.contains("/account/settings/security"), "{notice}");
    let mail = app.mail_to("new@example.ru", "/email/change/").await;
    let link = link_in(&mail, &app);
    let token = link.rsplit('/').next().unwrap().to_string();
    let email: String = sqlx::query_scalar(
        "SELECT email FROM users WHERE member_id IS NOT NULL ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        email, "old@example.ru",
        "the old address is in force until then"
    );
    let (_, html) = app.page(&c, "/account/settings/security").await;
    assert!(
        html.contains("new@example.ru"),
        "the page shows the pending address"
    );

    // Anyone with the link can open it, once.
    let other = client(&app);
    let to = app
        .call(&other, "confirm_email_change", &[("token", &token)])
        .await
        .unwrap();
    assert_eq!(to, "/account/settings/security?email_changed=1");
    assert_eq!(
        app.call(&other, "confirm_email_change", &[("token", &token)])
            .await,
        Err(AppError::LinkInvalid),
        "a used link"
    );
    assert_eq!(
        app.call(&other, "confirm_email_change", &[("token", "made-up")])
            .await,
        Err(AppError::LinkInvalid)
    );
    let fresh = client(&app);
    app.login(&fresh, "new@example.ru", PW).await.unwrap();
    assert_eq!(
        app.login(&client(&app), "old@example.ru", PW).await,
        Err(AppError::InvalidCredentials)
    );
    let logged: String = sqlx::query_scalar(
        "SELECT body FROM mail_log WHERE subject LIKE 'Подтвердите новый e-mail%'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(!logged.contains(&token), "{logged}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_forms_work_without_javascript_and_come_back_with_the_error_at_its_field() {
    let app = spawn_app().await;
    let (c, _) = app.shopper("nojs@example.ru").await;
    let res = app
        .post_form(
            &c,
            "/api/change_password",
            &[("current_password", "wrong-one-here"), ("password", NEW_PW)],
        )
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(
        to,
        "/account/settings/security?form=password&error=CurrentPasswordWrong"
    );
    let (_, html) = app.page(&c, &to).await;
    assert!(html.contains("Текущий пароль введён неверно."), "{html}");

    let res = app
        .post_form(
            &c,
            "/api/change_password",
            &[("current_password", PW), ("password", NEW_PW)],
        )
        .await;
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(to, "/account/settings/security?done=password");
    let (_, html) = app.page(&c, &to).await;
    assert!(html.contains("Пароль изменён."));

    let c2 = client(&app);
    let res = c2
        .post(app.url("/api/end_other_sessions"))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    let to = res.headers()["location"].to_str().unwrap();
    assert!(to.starts_with("/login?next="), "signed out: {to}");
}
