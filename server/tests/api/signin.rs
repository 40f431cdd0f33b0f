use crate::helpers::*;
use app::error::{AppError, Field};
use reqwest::StatusCode;
use std::time::{Duration, Instant};

const PW: &str = "Korova-Moloko-2026";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_assigns_a_member_id_signs_in_and_emails_a_confirmation_link() {
    let app = spawn_app().await;
    let c = client(&app);
    let next = app
        .register(&c, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    assert_eq!(next, "/");
    let member = app.member_id(&c).await;
    assert_eq!(member.len(), 9, "nine-digit member ID, got {member}");
    let (_, home) = app.page(&c, "/").await;
    assert!(home.contains("Привет, Юлия"), "greeting");

    let mail = app.mail_to("yulia@example.ru", "/email/confirm/").await;
    assert!(
        mail.contains(&member),
        "the welcome e-mail names the member ID"
    );
    let link = link_in(&mail, &app);
    let token = link.rsplit('/').next().unwrap();
    assert_eq!(
        app.call(&c, "confirm_email", &[("token", token)])
            .await
            .unwrap(),
        "/account?confirmed=1"
    );
    let (_, account) = app.page(&c, "/account").await;
    assert!(account.contains("подтверждён") && !account.contains("не подтверждён"));
    assert_eq!(
        app.call(&c, "confirm_email", &[("token", token)]).await,
        Err(AppError::LinkInvalid)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_an_email_twice_is_refused_whatever_its_case() {
    let app = spawn_app().await;
    app.register(&client(&app), "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    let again = app
        .register(&client(&app), "Другая", "YULIA@example.RU", PW)
        .await;
    assert_eq!(again, Err(AppError::EmailTaken));
    let users = app.count("SELECT COUNT(*) FROM users").await;
    assert_eq!(users, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shopper_signs_in_by_email_and_by_member_id() {
    let app = spawn_app().await;
    let c = client(&app);
    app.register(&c, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    let member = app.member_id(&c).await;

    let by_email = client(&app);
    assert_eq!(
        app.login(&by_email, "Yulia@Example.ru", PW).await.unwrap(),
        "/"
    );
    assert_eq!(app.member_id(&by_email).await, member);

    let by_id = client(&app);
    app.login(&by_id, &member, PW).await.unwrap();
    assert_eq!(app.member_id(&by_id).await, member);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_account_and_wrong_password_get_the_same_message_in_about_the_same_time() {
    let app = spawn_app().await;
    app.register(&client(&app), "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    let mut wrong = vec![];
    let mut unknown = vec![];
    for i in 0..3 {
        let c = client(&app);
        let t = Instant::now();
        let a = app
            .login(&c, "yulia@example.ru", &format!("wrong-password-{i}"))
            .await;
        wrong.push(t.elapsed());
        let t = Instant::now();
        let b = app.login(&c, "nobody@example.ru", "wrong-password").await;
        unknown.push(t.elapsed());
        assert_eq!(a, Err(AppError::InvalidCredentials));
        assert_eq!(a, b, "identical errors");
    }
    // Each pair runs one argon2 hash and the same slow-down step: neither side answers much faster.
    let (u, w): (Duration, Duration) = (unknown.iter().sum(), wrong.iter().sum());
    assert!(
        u * 2 > w && w * 2 > u,
        "unknown {unknown:?} vs wrong {wrong:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_sign_in_the_shopper_returns_to_a_same_site_page_only() {
    let app = spawn_app().await;
    let c = client(&app);
    app.register(&c, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    for (next, expected) in [
        ("/account", "/account"),
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
    ] {
        let got = app
            .call(
                &client(&app),
                "login",
                &[
                    ("login", "yulia@example.ru"),
                    ("password", PW),
                    ("next", next),
                ],
            )
            .await
            .unwrap();
        assert_eq!(got, expected, "next={next}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_issues_a_new_session_id_and_signing_out_deletes_the_session() {
    let app = spawn_app().await;
    let c = client(&app);
    app.register(&c, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    let first: Vec<u8> = sqlx::query_scalar("SELECT id_hash FROM sessions")
        .fetch_one(&app.pool)
        .await
        .unwrap();

    // Signing in again from the same browser replaces the session (no fixation).
    let res = c
        .post(app.url("/api/login"))
        .form(&[("login", "yulia@example.ru"), ("password", PW)])
        .send()
        .await
        .unwrap();
    let cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let now: Vec<Vec<u8>> = sqlx::query_scalar("SELECT id_hash FROM sessions")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(now.len(), 1);
    assert_ne!(now[0], first);

    app.call(&c, "logout", &[]).await.unwrap();
    let left = app.count("SELECT COUNT(*) FROM sessions").await;
    assert_eq!(left, 0);
    let res = c.get(app.url("/account")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login?next=/account");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_session_ends_and_sends_the_shopper_to_sign_in_and_back_with_a_message() {
    let app = spawn_app().await;
    let c = client(&app);
    app.register(&c, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 8 * 24 * 3600")
        .execute(&app.pool)
        .await
        .unwrap();
    let res = c.get(app.url("/account?tab=x")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(to, "/login?next=/account%3Ftab%3Dx&expired=1");
    let (_, html) = app.page(&c, &to).await;
    assert!(html.contains("Сеанс завершён"), "the sign-in page says why");
    // And signing in from there goes back.
    let back = app
        .call(
            &c,
            "login",
            &[
                ("login", "yulia@example.ru"),
                ("password", PW),
                ("next", "/account?tab=x"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(back, "/account?tab=x");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_registration_input_gets_a_message_for_its_field() {
    let app = spawn_app().await;
    let c = client(&app);
    let long_name = "я".repeat(101);
    let long_email = format!("{}@example.ru", "a".repeat(250));
    let long_pw = "ж".repeat(65); // 130 bytes
    let cases: Vec<([&str; 3], AppError)> = vec![
        (["", "a@b.ru", PW], AppError::Required(Field::Name)),
        (["Юлия", "", PW], AppError::Required(Field::Email)),
        (["Юлия", "a@b.ru", ""], AppError::Required(Field::Password)),
        (
            [long_name.as_str(), "a@b.ru", PW],
            AppError::TooLong(Field::Name, 100),
        ),
        (
            ["Юлия", long_email.as_str(), PW],
            AppError::TooLong(Field::Email, 254),
        ),
        (
            ["Юлия", "a@b.ru", long_pw.as_str()],
            AppError::TooLong(Field::Password, 128),
        ),
        (["Юлия", "not-an-email", PW], AppError::InvalidEmail),
        (["Юлия", "a@b.ru", "short"], AppError::PasswordTooShort),
    ];
    for ([name, email, pw], expected) in cases {
        assert_eq!(
            app.register(&c, name, email, pw).await,
            Err(expected.clone()),
            "{name:.10}/{email:.10}"
        );
        assert!(!expected.message(app::i18n::Lang::Ru).is_empty());
    }
    let no_terms = app
        .call(
            &c,
            "register",
            &[("name", "Юлия"), ("email", "a@b.ru"), ("password", PW)],
        )
        .await;
    assert_eq!(no_terms, Err(AppError::TermsNotAccepted));
    let users = app.count("SELECT COUNT(*) FROM users").await;
    assert_eq!(users, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_password_is_refused_before_any_hashing() {
    let app = spawn_app().await;
    let c = client(&app);
    app.register(&c, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    for oversized in ["x".repeat(129), "ж".repeat(65), "x".repeat(100_000)] {
        let got = app
            .login(&client(&app), "yulia@example.ru", &oversized)
            .await;
        assert_eq!(got, Err(AppError::TooLong(Field::Password, 128)));
    }
    // Refused before the attempt was even counted, so before any hash was computed.
    let attempts = app.count("SELECT COUNT(*) FROM login_failures").await;
    assert_eq!(attempts, 0);
    let ok = "x".repeat(128);
    assert_eq!(
        app.login(&c, "yulia@example.ru", &ok).await,
        Err(AppError::InvalidCredentials),
        "128 bytes is still a password"
    );
    assert_eq!(
        app.login(&c, "", "x").await,
        Err(AppError::Required(Field::LoginId))
    );
    assert_eq!(
        app.login(&c, "a@b.ru", "").await,
        Err(AppError::Required(Field::Password))
    );
    assert_eq!(
        app.login(&c, "12345", "x").await,
        Err(AppError::InvalidLoginId)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_posted_without_javascript_redirects_to_the_next_page_or_back_with_the_error() {
    let app = spawn_app().await;
    let c = client(&app);
    let res = app
        .post_form(
            &c,
            "/api/register",
            &[
                ("name", "Юлия"),
                ("email", "yulia@example.ru"),
                ("password", PW),
                ("terms", "on"),
                ("next", "/account"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], "/account");

    let res = app
        .post_form(
            &client(&app),
            "/api/login",
            &[
                ("login", "yulia@example.ru"),
                ("password", "wrong-password"),
                ("next", "/account"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(back, "/login?next=/account&error=InvalidCredentials");
    let (_, html) = app.page(&client(&app), &back).await;
    assert!(html.contains("Неверный e-mail, member ID или пароль."));
}
