//! Issue 15 (hardening): browser security headers, slow clients.

use crate::helpers::*;
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
