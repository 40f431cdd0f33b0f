//! Deployment settings: the session cookie over https, the refusal of a plain-http public URL
//! off this machine, the trusted proxy's client address, the locked account's way back in, and
//! mail files only without SMTP, rotated.

use crate::helpers::*;
use app::error::AppError;
use app::i18n::Lang;
use reqwest::header::{COOKIE, LOCATION, ORIGIN, SET_COOKIE};
use reqwest::StatusCode;
use std::time::Duration;

const PW: &str = "Korova-Moloko-2026";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_https_the_session_cookie_is_host_prefixed_and_secure() {
    let app = spawn_app_configured(false, |c| {
        c.public_url = c.public_url.replace("http://", "https://")
    })
    .await;
    let https_origin = app.base.replace("http://", "https://");
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = c
        .post(app.url("/api/register"))
        .header(ORIGIN, &https_origin)
        .form(&[
            ("name", "Юлия"),
            ("email", "yulia@example.ru"),
            ("password", PW),
            ("terms", "on"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let set = res
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.contains("kabinet_session="))
        .expect("a session cookie");
    assert!(set.starts_with("__Host-kabinet_session="), "{set}");
    for part in ["Secure", "HttpOnly", "Path=/", "SameSite=Lax"] {
        assert!(set.contains(part), "{set} lacks {part}");
    }
    assert!(!set.contains("Domain"), "{set}");
    let value = set.split(';').next().unwrap().split_once('=').unwrap().1;

    let account = |cookie: String| {
        let c = c.clone();
        let url = app.url("/account");
        async move { c.get(url).header(COOKIE, cookie).send().await.unwrap() }
    };
    let res = account(format!("__Host-kabinet_session={value}")).await;
    assert_eq!(res.status(), StatusCode::OK, "the prefixed cookie signs in");
    // A cookie without the prefix (one a plain-http page or a subdomain could plant) is not it.
    let res = account(format!("kabinet_session={value}")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers()[LOCATION]
        .to_str()
        .unwrap()
        .starts_with("/login"));
}

/// Runs the server binary with `env` and returns its exit status and error output, or `None`
/// when it was still running after 20 s (it started).
fn run_server(env: &[(&str, &str)]) -> Option<(std::process::ExitStatus, String)> {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.env_remove("KABINET_PUBLIC_URL")
        .env_remove("KABINET_DEMO")
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    for _ in 0..200 {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            use std::io::Read;
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            return Some((status, err));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    None
}

#[test]
fn the_server_refuses_a_plain_http_public_url_off_this_machine() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kabinet.db");
    let url = format!("sqlite://{}?mode=rwc", db.display());
    for (public, addr) in [
        ("http://shop.example", "127.0.0.1:0"),
        ("", "0.0.0.0:0"), // no public URL: it would be http://0.0.0.0:0
    ] {
        let (status, err) = run_server(&[
            ("DATABASE_URL", &url),
            ("KABINET_PUBLIC_URL", public),
            ("LEPTOS_SITE_ADDR", addr),
        ])
        .expect("the server must not start");
        assert!(!status.success());
        assert!(err.contains("plain http"), "{err}");
        assert!(!db.exists(), "refused before the database is opened");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_the_forwarded_address_is_the_client() {
    let app = spawn_app_configured(false, |c| {
        c.registrations_per_hour = 2;
        c.trusted_proxies = app::platform::Cidr::parse_list("127.0.0.0/8");
    })
    .await;
    let register = |n: u32, forwarded: &'static str| {
        let app = &app;
        async move {
            let res = client(app)
                .post(app.url("/api/register"))
                .header("x-forwarded-for", forwarded)
                .form(&[
                    ("name", "Покупатель"),
                    ("email", &format!("p{n}@example.ru")),
                    ("password", PW),
                    ("terms", "on"),
                ])
                .send()
                .await
                .unwrap();
            decode(res).await.map(|_| ())
        }
    };
    register(1, "203.0.113.5").await.unwrap();
    // A spoofed entry left of the proxy's own is not believed: still 203.0.113.5.
    register(2, "198.51.100.1, 203.0.113.5").await.unwrap();
    assert_eq!(
        register(3, "203.0.113.5").await,
        Err(AppError::TooManyRegistrations)
    );
    register(4, "203.0.113.6").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_trusted_proxy_forwarded_for_is_ignored() {
    let app = spawn_app_configured(false, |c| c.registrations_per_hour = 2).await;
    for (n, forwarded) in ["203.0.113.5", "203.0.113.6", "203.0.113.7"]
        .into_iter()
        .enumerate()
    {
        let res = client(&app)
            .post(app.url("/api/register"))
            .header("x-forwarded-for", forwarded)
            .form(&[
                ("name", "Покупатель"),
                ("email", &format!("p{n}@example.ru")),
                ("password", PW),
                ("terms", "on"),
            ])
            .send()
            .await
            .unwrap();
        let got = decode(res).await.map(|_| ());
        if n < 2 {
            got.unwrap();
        } else {
            assert_eq!(
                got,
                Err(AppError::TooManyRegistrations),
                "one socket address"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_account_is_told_of_and_reached_through_the_emailed_reset() {
    let app = spawn_app().await;
    let c = client(&app);
    app.register(&c, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    app.call(&c, "logout", &[]).await.unwrap();
    for _ in 0..5 {
        app.login(&c, "yulia@example.ru", "wrong-password")
            .await
            .unwrap_err();
    }
    let locked = app.login(&c, "yulia@example.ru", PW).await.unwrap_err();
    assert!(matches!(locked, AppError::Throttled { .. }));
    assert!(locked.message(Lang::Ru).contains("восстановите пароль"));
    assert!(locked.message(Lang::En).contains("resetting your password"));

    // What the message promises: the reset works and signs in at once.
    app.call(&c, "forgot_password", &[("email", "yulia@example.ru")])
        .await
        .unwrap();
    let mail = app.mail_to("yulia@example.ru", "/password/reset/").await;
    let link = link_in(&mail, &app);
    let token = link.rsplit('/').next().unwrap();
    app.call(
        &c,
        "reset_password",
        &[("token", token), ("password", "Novyi-Parol-Kabinet-77")],
    )
    .await
    .unwrap();
    assert_eq!(
        app.login(&c, "yulia@example.ru", "Novyi-Parol-Kabinet-77")
            .await
            .unwrap(),
        "/"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_smtp_set_no_mail_file_is_written() {
    // Nothing listens on port 9: the SMTP delivery fails, and no file is left with the link.
    let app = spawn_app_configured(false, |c| {
        c.smtp_url = Some("smtp://127.0.0.1:9".into());
        c.mail_files = false;
    })
    .await;
    let c = client(&app);
    app.register(&c, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    app.call(&c, "forgot_password", &[("email", "yulia@example.ru")])
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(app.mail_count(), 0);
    assert!(!app.mail_dir.exists() || std::fs::read_dir(&app.mail_dir).unwrap().count() == 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_files_are_rotated_keeping_the_newest() {
    let app = spawn_app_configured(false, |c| c.mail_keep = 3).await;
    for n in 1..=6 {
        let c = client(&app);
        let email = format!("p{n}@example.ru");
        app.register(&c, "Покупатель", &email, PW).await.unwrap();
        // One at a time, so the order of the files is the order of the registrations.
        app.mail_to(&email, "member").await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mails = read_mails(&app.mail_dir);
    assert_eq!(mails.len(), 3);
    for (m, n) in mails.iter().zip(4..=6) {
        assert!(m.contains(&format!("p{n}@example.ru")), "{m}");
    }
}
