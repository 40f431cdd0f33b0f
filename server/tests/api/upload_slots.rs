//! Upload slots: the order is checked before any photo is read or a slot taken, one upload at a
//! time per shopper, and oversized uploads are drained only for a signed-in shopper. Raw TCP
//! requests, so a body can stop half-way like a slow or hostile client's.

use crate::dispute_setup::{deal, form, open};
use crate::helpers::*;
use app::error::AppError;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const BOUNDARY: &str = "kabinetboundary";

/// A session cookie (`name=value`) for a fresh sign-in of `email`.
async fn session_cookie(app: &TestApp, email: &str) -> String {
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = c
        .post(app.url("/api/login"))
        .header("origin", &app.base)
        .form(&[("login", email), ("password", "Korova-Moloko-2026")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .find(|v| v.starts_with("kabinet_session="))
        .unwrap()
}

/// The dispute form's text field and the start of a photo, as the browser sends them.
fn form_start(number: &str) -> Vec<u8> {
    let mut b = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"number\"\r\n\r\n{number}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.jpg\"\r\n\
         Content-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    b.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
    b
}

/// Sends the head of a dispute upload declaring `declared` bytes, then `sent` of them, and
/// keeps the connection open.
async fn start_upload(
    app: &TestApp,
    cookie: Option<&str>,
    declared: usize,
    sent: &[u8],
) -> TcpStream {
    let host = app.base.trim_start_matches("http://");
    let mut s = TcpStream::connect(host).await.unwrap();
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "POST /api/open_dispute HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\n{cookie}\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {declared}\r\n\r\n",
        app.base
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(sent).await.unwrap();
    s
}

/// The status of the answer, if one arrives within `within`.
async fn status_within(s: &mut TcpStream, within: Duration) -> Option<u16> {
    let mut got = Vec::new();
    let read = async {
        let mut buf = [0u8; 4096];
        while !got.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = s.read(&mut buf).await.ok()?;
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
        }
        String::from_utf8_lossy(&got)
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
    };
    tokio::time::timeout(within, read).await.ok().flatten()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_shoppers_order_is_refused_before_the_photos_are_read() {
    let d = deal().await;
    let (_, _) = d.app.shopper("other@example.ru").await;
    let cookie = session_cookie(&d.app, "other@example.ru").await;
    let start = form_start(&d.number);
    // A megabyte is declared; only the order number and a photo's first bytes are sent.
    let mut s = start_upload(&d.app, Some(&cookie), start.len() + 1_000_000, &start).await;
    let t = Instant::now();
    let status = status_within(&mut s, Duration::from_secs(5)).await;
    assert_eq!(status, Some(404), "answered without waiting for the photo");
    assert!(t.elapsed() < Duration::from_secs(5));
    assert_eq!(d.app.count("SELECT COUNT(*) FROM disputes").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shopper_sends_one_upload_at_a_time() {
    let d = deal().await;
    let cookie = session_cookie(&d.app, "buyer@example.ru").await;
    let start = form_start(&d.number);
    let slow = start_upload(&d.app, Some(&cookie), start.len() + 1_000_000, &start).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        open(&d.app, &d.buyer, form(&d.number, "full", "", vec![])).await,
        Err(AppError::UploadInProgress)
    );
    // Another shopper is not held up by it.
    let (other, _) = d.app.shopper("other@example.ru").await;
    assert_eq!(
        open(&d.app, &other, form(&d.number, "full", "", vec![])).await,
        Err(AppError::NotFound)
    );
    // The slow upload gives up: the shopper's next upload goes through.
    drop(slow);
    let mut opened = Err(AppError::UploadInProgress);
    for _ in 0..40 {
        opened = open(&d.app, &d.buyer, form(&d.number, "full", "", vec![])).await;
        if opened != Err(AppError::UploadInProgress) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    opened.unwrap();
    assert_eq!(d.app.count("SELECT COUNT(*) FROM disputes").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_upload_is_drained_only_for_a_signed_in_shopper() {
    let app = spawn_app().await;
    // 30 MB declared (over the 26.25 MB cap), nothing sent: a guest is answered at once, the
    // server reads nothing of it.
    let mut s = start_upload(&app, None, 30 * 1024 * 1024, b"").await;
    let t = Instant::now();
    assert_eq!(
        status_within(&mut s, Duration::from_secs(5)).await,
        Some(413)
    );
    assert!(t.elapsed() < Duration::from_secs(5));
    // A signed-in shopper's browser gets its body read first (then the answer), for a while.
    let (_, _) = app.shopper("yulia@example.ru").await;
    let cookie = session_cookie(&app, "yulia@example.ru").await;
    let mut s = start_upload(&app, Some(&cookie), 30 * 1024 * 1024, b"").await;
    assert_eq!(
        status_within(&mut s, Duration::from_secs(1)).await,
        None,
        "drained"
    );
}
