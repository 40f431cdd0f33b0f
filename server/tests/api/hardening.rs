//! Issue 15 (hardening): browser security headers, slow clients.

use crate::helpers::*;
use app::error::AppError;

const PW: &str = "Korova-Moloko-2026";
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn header<'a>(res: &'a reqwest::Response, name: &str) -> &'a str {
    res.headers()
        .get(name)
        .unwrap_or_else(|| panic!("{name} missing on {}", res.url()))
        .to_str()
        .unwrap()
}

/// The nonce named in a CSP header.
fn csp_nonce(csp: &str) -> String {
    let at = csp.find("'nonce-").expect("nonce in CSP") + 7;
    csp[at..].split('\'').next().unwrap().to_string()
}

fn assert_security_headers(res: &reqwest::Response) {
    let csp = header(res, "content-security-policy");
    for part in [
        "default-src 'self'",
        "'wasm-unsafe-eval'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(part), "{part} in {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(header(res, "x-content-type-options"), "nosniff");
    assert_eq!(header(res, "referrer-policy"), "same-origin");
    assert!(header(res, "permissions-policy").contains("camera=()"));
    assert!(
        res.headers().get("strict-transport-security").is_none(),
        "no HSTS over http"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_the_security_headers_and_pages_use_the_csp_nonce() {
    let app = spawn_app().await;
    let c = client(&app);
    std::fs::write(app.site_root.join("pkg/kabinet.js"), "export {}").unwrap();

    // A page: the nonce in the header is the one on its scripts, and new for every request.
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let res = c.get(app.url("/login")).send().await.unwrap();
        assert_security_headers(&res);
        let nonce = csp_nonce(header(&res, "content-security-policy"));
        let html = res.text().await.unwrap();
        let scripts: Vec<&str> = html
            .split("<script")
            .skip(1)
            .map(|s| s.split('>').next().unwrap())
            .filter(|attrs| !attrs.contains("application/json"))
            .collect();
        assert!(!scripts.is_empty(), "the page has scripts");
        for attrs in scripts {
            assert!(
                attrs.contains(&format!("nonce=\"{nonce}\"")),
                "script <script{attrs}> without the CSP nonce {nonce}"
            );
        }
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1], "a fresh nonce per request");
    assert!(nonces[0].len() >= 16);

    // A server function, a static file, a product picture, a 404.
    let res = c.post(app.url("/api/me")).send().await.unwrap();
    assert!(res.status().is_success());
    assert_security_headers(&res);
    let res = c.get(app.url("/pkg/kabinet.js")).send().await.unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    assert_security_headers(&res);
    let res = c.get(app.url("/no/such/page")).send().await.unwrap();
    assert_security_headers(&res);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_referer_fallback_of_the_origin_check_still_works_with_same_origin_referrers() {
    // `Referrer-Policy: same-origin` still sends the full Referer to our own site.
    let app = spawn_app().await;
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = c
        .post(app.url("/lang"))
        .header("referer", app.url("/login"))
        .form(&[("lang", "en"), ("next", "/login")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_trickling_its_headers_is_disconnected_after_the_header_timeout() {
    let app = spawn_app().await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let started = Instant::now();
    tcp.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let limit = kabinet_server::HEADER_READ_TIMEOUT;
    let mut buf = [0u8; 512];
    let closed_after = loop {
        // One more header byte every 250 ms: never a complete head.
        if tcp.write_all(b"X").await.is_err() {
            break started.elapsed();
        }
        match tokio::time::timeout(Duration::from_millis(250), tcp.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break started.elapsed(),
            Ok(Ok(_)) => {} // a 408 answer; the close follows
            Err(_) => {}
        }
        assert!(
            started.elapsed() < limit + Duration::from_secs(5),
            "still connected after {:?}",
            started.elapsed()
        );
    };
    assert!(
        closed_after >= limit - Duration::from_secs(1),
        "closed too early: {closed_after:?}"
    );
}

/// A browser-like client whose connections come from `local` (another loopback address is
/// another network to the server).
fn client_from(app: &TestApp, local: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("origin", app.base.parse().unwrap());
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(local.parse::<std::net::IpAddr>().unwrap())
        .default_headers(headers)
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_31st_registration_from_one_network_in_an_hour_is_refused_another_network_still_registers(
) {
    let app = spawn_app().await;
    let mut calls = tokio::task::JoinSet::new();
    let app = std::sync::Arc::new(app);
    for i in 0..30 {
        let app = app.clone();
        calls.spawn(async move {
            let c = client(&app);
            app.register(&c, "Юлия", &format!("yulia{i}@example.ru"), PW)
                .await
        });
    }
    while let Some(r) = calls.join_next().await {
        r.unwrap().expect("30 registrations from one network");
    }
    let c = client(&app);
    let res = c
        .post(app.url("/api/register"))
        .form(&[
            ("name", "Юлия"),
            ("email", "yulia31@example.ru"),
            ("password", PW),
            ("terms", "on"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(decode(res).await, Err(AppError::TooManyRegistrations));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'yulia31@example.ru'")
            .await,
        0
    );
    let other = client_from(&app, "127.0.0.2");
    app.register(&other, "Юлия", "yulia31@example.ru", PW)
        .await
        .expect("another network is not limited");
    // Without JavaScript the form shows the message.
    let res = app
        .post_form(
            &c,
            "/api/register",
            &[
                ("name", "Юлия"),
                ("email", "yulia32@example.ru"),
                ("password", PW),
                ("terms", "on"),
            ],
        )
        .await;
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(to.contains("error=TooManyRegistrations"), "{to}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_4th_recovery_mail_to_one_address_in_an_hour_is_refused_and_not_written() {
    let app = spawn_app().await;
    let c = client(&app);
    app.register(&c, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    let welcome = app.mail_to("yulia@example.ru", "/email/confirm/").await;
    assert!(!welcome.is_empty());
    let before = app.mail_count();
    app.call(&c, "forgot_password", &[("email", "yulia@example.ru")])
        .await
        .unwrap();
    app.call(&c, "forgot_member_id", &[("email", "Yulia@Example.ru")])
        .await
        .unwrap();
    app.call(&c, "forgot_password", &[("email", "yulia@example.ru")])
        .await
        .unwrap();
    for _ in 0..100 {
        if app.mail_count() == before + 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app.mail_count(), before + 3, "three recovery e-mails");
    for endpoint in ["forgot_password", "forgot_member_id"] {
        let got = app
            .call(&c, endpoint, &[("email", "yulia@example.ru")])
            .await;
        assert_eq!(got, Err(AppError::TooManyRecoveryMails), "{endpoint}");
    }
    // Another address is not affected, registered or not.
    app.call(&c, "forgot_password", &[("email", "nobody@example.ru")])
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        app.mail_count(),
        before + 3,
        "no e-mail for the refused requests"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn common_and_context_passwords_are_refused_at_registration_and_reset() {
    let app = spawn_app().await;
    let c = client(&app);
    for pw in [
        "password1",
        "iloveyou",
        "Kabinet2026",
        "Yulia.Ivanova!",
        "yulia.ivanova99",
    ] {
        let got = app
            .register(&c, "Юлия Иванова", "yulia.ivanova@example.ru", pw)
            .await;
        assert_eq!(got, Err(AppError::PasswordCommon), "{pw}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);
    app.register(&c, "Юлия Иванова", "yulia.ivanova@example.ru", PW)
        .await
        .unwrap();
    // The message is shown at the password field.
    assert_eq!(
        AppError::PasswordCommon.field(),
        Some(app::field::Field::Password)
    );

    app.call(
        &c,
        "forgot_password",
        &[("email", "yulia.ivanova@example.ru")],
    )
    .await
    .unwrap();
    let mail = app
        .mail_to("yulia.ivanova@example.ru", "/password/reset/")
        .await;
    let link = link_in(&mail, &app);
    let token = link.rsplit('/').next().unwrap();
    for pw in ["qwerty123", "ivanova-2026"] {
        let got = app
            .call(&c, "reset_password", &[("token", token), ("password", pw)])
            .await;
        assert_eq!(got, Err(AppError::PasswordCommon), "{pw}");
    }
    app.call(
        &c,
        "reset_password",
        &[("token", token), ("password", "Tri-Medvedya-Lesom-Shli")],
    )
    .await
    .expect("a good password is taken, the link still usable after refusals");
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let app = spawn_app().await;
    app.register(&client(&app), "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    app.mail_to("yulia@example.ru", "/email/confirm/").await;
    let files: Vec<_> = std::fs::read_dir(&app.mail_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!files.is_empty());
    for f in files {
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", f.display());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_jobs_purge_expired_sessions_tokens_and_throttling_rows_and_keep_live_ones() {
    let app = spawn_app().await;
    let c = client(&app);
    app.register(&c, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    app.login(&client(&app), "nobody@example.ru", "wrong-password")
        .await
        .unwrap_err();
    app.call(&c, "forgot_password", &[("email", "yulia@example.ru")])
        .await
        .unwrap();
    app.mail_to("yulia@example.ru", "/password/reset/").await;
    let counts = || async {
        (
            app.count("SELECT COUNT(*) FROM sessions").await,
            app.count("SELECT COUNT(*) FROM email_tokens").await,
            app.count("SELECT COUNT(*) FROM login_failures").await
                + app.count("SELECT COUNT(*) FROM limit_events").await,
        )
    };
    let live = counts().await;
    assert_eq!(
        live,
        (1, 2, 3),
        "session; confirm + reset tokens; failure + 2 limit rows"
    );
    let (idle, absolute) = (
        Duration::from_secs(7 * 86_400),
        Duration::from_secs(30 * 86_400),
    );
    let now = app::platform::now();
    let p = app::jobs::purge(&app.pool, now, idle, absolute)
        .await
        .unwrap();
    assert_eq!(p, app::jobs::Purged::default(), "nothing expired yet");
    assert_eq!(counts().await, live);
    // Two hours on: throttling and reset token gone, the session and confirmation link live.
    let p = app::jobs::purge(&app.pool, now + 7200, idle, absolute)
        .await
        .unwrap();
    assert_eq!((p.sessions, p.tokens, p.throttling), (0, 1, 3));
    assert_eq!(counts().await, (1, 1, 0));
    // Eight days idle: the session and the week-long confirmation link are gone too.
    let p = app::jobs::purge(&app.pool, now + 8 * 86_400, idle, absolute)
        .await
        .unwrap();
    assert_eq!((p.sessions, p.tokens), (1, 1));
    assert_eq!(counts().await, (0, 0, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn e_mails_to_unconfirmed_addresses_carry_no_text_the_caller_chose() {
    let app = spawn_app().await;
    let c = client(&app);
    let name = "Выиграйте Приз Звоните";
    app.register(&c, name, "victim@example.ru", PW)
        .await
        .unwrap();
    let welcome = app.mail_to("victim@example.ru", "/email/confirm/").await;
    app.call(&c, "forgot_member_id", &[("email", "victim@example.ru")])
        .await
        .unwrap();
    let member = app.mail_to("victim@example.ru", "member ID:").await;
    for mail in [welcome, member] {
        assert!(!mail.contains("Выиграйте"), "{mail}");
        assert!(mail.contains("Здравствуйте!"), "{mail}");
    }
}
