use crate::helpers::*;
use app::error::AppError;
use reqwest::StatusCode;

const PW: &str = "Korova-Moloko-2026";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_link_works_once_and_ends_every_session_of_the_account() {
    let app = spawn_app().await;
    let signed_in = client(&app);
    app.register(&signed_in, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    let c = client(&app);
    app.call(&c, "forgot_password", &[("email", "yulia@example.ru")])
        .await
        .unwrap();
    let mail = app.mail_to("yulia@example.ru", "/password/reset/").await;
    assert!(
        mail.contains("1 час"),
        "the e-mail says how long the link lasts"
    );
    let link = link_in(&mail, &app);
    let token = link.rsplit('/').next().unwrap().to_string();
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM email_tokens WHERE token_hash = ?")
        .bind(token.as_bytes())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0, "tokens are stored hashed");

    let (_, page) = app.page(&c, &link.replace(&app.base, "")).await;
    assert!(page.contains("Новый пароль"));
    assert_eq!(
        app.call(
            &c,
            "reset_password",
            &[("token", &token), ("password", "Novyi-Parol-2026")]
        )
        .await
        .unwrap(),
        "/login?reset=1"
    );
    // Every old session has ended; the new password works and the old does not.
    assert_eq!(
        signed_in
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.login(&c, "yulia@example.ru", PW).await,
        Err(AppError::InvalidCredentials)
    );
    app.login(&c, "yulia@example.ru", "Novyi-Parol-2026")
        .await
        .unwrap();

    // The link is refused the second time, and says so on the page.
    let again = app
        .call(
            &c,
            "reset_password",
            &[("token", &token), ("password", "Tretii-Parol-2026")],
        )
        .await;
    assert_eq!(again, Err(AppError::LinkInvalid));
    let (_, page) = app.page(&c, &link.replace(&app.base, "")).await;
    assert!(page.contains("Ссылка недействительна или устарела."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_link_older_than_an_hour_is_refused() {
    let app = spawn_app().await;
    let c = client(&app);
    app.register(&c, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    app.call(&c, "forgot_password", &[("email", "yulia@example.ru")])
        .await
        .unwrap();
    let token = link_in(
        &app.mail_to("yulia@example.ru", "/password/reset/").await,
        &app,
    )
    .rsplit('/')
    .next()
    .unwrap()
    .to_string();
    sqlx::query(
        "UPDATE email_tokens SET expires_at = expires_at - 3601 WHERE kind = 'reset_password'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let got = app
        .call(
            &c,
            "reset_password",
            &[("token", &token), ("password", "Novyi-Parol-2026")],
        )
        .await;
    assert_eq!(got, Err(AppError::LinkInvalid));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgotten_password_and_member_id_answer_the_same_for_unknown_addresses() {
    let app = spawn_app().await;
    let c = client(&app);
    app.register(&c, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    let member = app.member_id(&c).await;
    app.mail_to("yulia@example.ru", "/email/confirm/").await;
    let mails_before = app.mail_count();
    for endpoint in ["forgot_password", "forgot_member_id"] {
        let known = app
            .call(&c, endpoint, &[("email", "yulia@example.ru")])
            .await;
        let unknown = app
            .call(&c, endpoint, &[("email", "nobody@example.ru")])
            .await;
        assert_eq!(known, unknown, "{endpoint}");
        let res = app
            .post_form(
                &c,
                &format!("/api/{endpoint}"),
                &[("email", "nobody@example.ru")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::FOUND);
    }
    let mail = app.mail_to("yulia@example.ru", "Ваш member ID:").await;
    assert!(mail.contains(&member), "the member ID is e-mailed");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        app.mail_count(),
        mails_before + 2,
        "nothing sent to unknown addresses"
    );
    assert_eq!(
        app.call(&c, "forgot_password", &[("email", "nope")]).await,
        Err(AppError::InvalidEmail)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_from_another_origin_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let foreign = reqwest::Client::new();
    for origin in [Some("http://evil.example"), None] {
        let mut req = foreign.post(app.url("/api/register")).form(&[
            ("name", "Юлия"),
            ("email", "yulia@example.ru"),
            ("password", PW),
            ("terms", "on"),
        ]);
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        assert_eq!(
            req.send().await.unwrap().status(),
            StatusCode::FORBIDDEN,
            "{origin:?}"
        );
    }
    let res = foreign
        .post(app.url("/lang"))
        .header("referer", "http://evil.example/page")
        .form(&[("lang", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let users = app.count("SELECT COUNT(*) FROM users").await;
    assert_eq!(users, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_switch_is_remembered_and_changes_html_lang_and_text() {
    let app = spawn_app().await;
    let c = client(&app);
    let (_, ru) = app.page(&c, "/login").await;
    assert!(ru.contains("<html lang=\"ru\"") && ru.contains("E-mail или member ID"));
    let res = app
        .post_form(
            &c,
            "/lang",
            &[("lang", "en"), ("next", "/login?next=/account")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login?next=/account");
    let (_, en) = app.page(&c, "/login").await;
    assert!(en.contains("<html lang=\"en\"") && en.contains("E-mail or member ID"));
    assert!(en.contains(">Русский<"), "the switch offers the way back");
    let res = app
        .post_form(
            &c,
            "/lang",
            &[("lang", "ru"), ("next", "https://evil.example")],
        )
        .await;
    assert_eq!(res.headers()["location"], "/");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_account_page_needs_a_session_and_pages_are_never_cached() {
    let app = spawn_app().await;
    let c = client(&app);
    let res = c.get(app.url("/account")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login?next=/account");
    app.register(&c, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    let res = c.get(app.url("/account")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let html = res.text().await.unwrap();
    assert!(html.contains("yulia@example.ru") && html.contains("Мой кабинет"));
    assert_eq!(app.page(&c, "/no/such/page").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compiled_assets_are_served_precompressed_and_cached_for_a_year() {
    let app = spawn_app().await;
    let pkg = app.site_root.join("pkg");
    std::fs::write(pkg.join("kabinet.abc.css"), "body{color:red}").unwrap();
    std::fs::write(
        pkg.join("kabinet.abc.css.br"),
        b"\x0b\x07\x80body{color:red}\x03",
    )
    .unwrap();
    let res = client(&app)
        .get(app.url("/pkg/kabinet.abc.css"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.headers()["content-encoding"], "br");
}
