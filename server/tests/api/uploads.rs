//! Dispute photos: only real JPEG, PNG or WebP images are taken, each at most 5 MB and 40 MP,
//! at most five; what is stored is a fresh JPEG without the original's metadata.

use crate::helpers::*;
use crate::images;
use app::error::AppError;
use image::ImageFormat;
use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION, REFERER};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use std::time::Instant;

/// A buyer with a shipped order to dispute.
async fn ready() -> (TestApp, Client, Client, String) {
    let d = crate::dispute_setup::deal().await;
    (d.app, d.buyer, d.seller, d.number)
}

fn form_with(number: &str, files: Vec<(&str, &str, Vec<u8>)>) -> Form {
    let mut f = Form::new()
        .text("number", number.to_string())
        .text("reason", "not_as_described")
        .text("refund", "full")
        .text("description", "Не тот цвет.");
    for (name, mime, bytes) in files {
        f = f.part(
            "photos",
            Part::bytes(bytes)
                .file_name(name.to_string())
                .mime_str(mime)
                .unwrap(),
        );
    }
    f
}

/// Posts the form as the page's script does.
async fn post(app: &TestApp, c: &Client, f: Form) -> reqwest::Response {
    c.post(app.url("/api/open_dispute"))
        .multipart(f)
        .send()
        .await
        .unwrap()
}

async fn send(app: &TestApp, c: &Client, f: Form) -> Result<i64, AppError> {
    decode(post(app, c, f).await)
        .await
        .map(|v| v.as_i64().unwrap())
}

async fn nothing_stored(app: &TestApp) {
    assert_eq!(app.count("SELECT COUNT(*) FROM disputes").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM dispute_photos").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_svg_or_a_renamed_html_file_is_not_a_photo() {
    let (app, buyer, _, n) = ready().await;
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>"#;
    let html = b"<!doctype html><html><body><script>alert(1)</script></body></html>";
    for (name, mime, bytes) in [
        ("photo.svg", "image/svg+xml", svg.to_vec()),
        ("photo.jpg", "image/jpeg", html.to_vec()),
        (
            "photo.png",
            "image/png",
            b"\x89PNG\r\n\x1a\nnot really".to_vec(),
        ),
    ] {
        let f = form_with(&n, vec![(name, mime, bytes)]);
        assert_eq!(
            send(&app, &buyer, f).await,
            Err(AppError::PhotoNotImage),
            "{name}"
        );
    }
    nothing_stored(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_six_megabyte_image_is_refused_with_a_message_at_the_field() {
    let (app, buyer, _, n) = ready().await;
    let big = images::six_megabyte_png();
    let f = form_with(&n, vec![("big.png", "image/png", big.clone())]);
    let res = post(&app, &buyer, f).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(decode(res).await, Err(AppError::PhotoTooLarge));

    // Sent in chunks, with no length declared anywhere: counted as it arrives.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        big.chunks(64 * 1024).map(|c| Ok(c.to_vec())).collect();
    let part = Part::stream(reqwest::Body::wrap_stream(futures_util::stream::iter(
        chunks,
    )))
    .file_name("big.png")
    .mime_str("image/png")
    .unwrap();
    let f = form_with(&n, vec![]).part("photos", part);
    let req = buyer
        .post(app.url("/api/open_dispute"))
        .multipart(f)
        .build()
        .unwrap();
    assert!(req.headers().get(reqwest::header::CONTENT_LENGTH).is_none());
    assert_eq!(
        decode(buyer.execute(req).await.unwrap()).await,
        Err(AppError::PhotoTooLarge)
    );

    // Without JavaScript: back to the form, which says why.
    let back = format!("/account/orders/{n}/dispute");
    let f = form_with(&n, vec![("big.png", "image/png", big)]);
    let res = buyer
        .post(app.url("/api/open_dispute"))
        .header(ACCEPT, "text/html")
        .multipart(f)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let to = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(to, format!("{back}?error=PhotoTooLarge"));
    let (_, page) = app.page(&buyer, &to).await;
    assert!(
        page.contains("Каждое фото — не больше 5 МБ."),
        "the message is on the form"
    );

    // Six photos, or a body past the overall cap, are refused too.
    let six = (0..6)
        .map(|_| ("p.png", "image/png", images::photo(ImageFormat::Png)))
        .collect();
    assert_eq!(
        send(&app, &buyer, form_with(&n, six)).await,
        Err(AppError::TooManyPhotos)
    );
    let huge = vec![0u8; 27 * 1024 * 1024];
    let f = form_with(&n, vec![("huge.jpg", "image/jpeg", huge)]);
    let res = post(&app, &buyer, f).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(decode(res).await, Err(AppError::PhotoTooLarge));
    // The same, posted by a browser: back to the form with the message.
    let f = form_with(
        &n,
        vec![("huge.jpg", "image/jpeg", vec![0u8; 27 * 1024 * 1024])],
    );
    let res = buyer
        .post(app.url("/api/open_dispute"))
        .header(ACCEPT, "text/html")
        .header(REFERER, app.url(&back))
        .multipart(f)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()[LOCATION],
        format!("{back}?error=PhotoTooLarge").as_str()
    );
    nothing_stored(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decompression_bomb_is_refused_before_its_pixels_are_decoded() {
    let (app, buyer, _, n) = ready().await;
    // 1.6 MB that would decode to 256 MB, and 0.4 MB that would decode to 64 MP.
    for side in [16_000, 8_000] {
        let bomb = images::png_bomb(side);
        let started = Instant::now();
        let f = form_with(&n, vec![("bomb.png", "image/png", bomb)]);
        assert_eq!(
            send(&app, &buyer, f).await,
            Err(AppError::PhotoTooManyPixels),
            "{side}"
        );
        assert!(
            started.elapsed().as_secs() < 3,
            "refused from the header: {:?}",
            started.elapsed()
        );
    }
    // Within the pixel limit (35 MP) but 16 bits a channel: 280 MB decoded, from 1.7 MB.
    let deep = images::png_of_zeros(7_000, 5_000, images::Pixel::Rgba16);
    assert!(deep.len() < 5 * 1024 * 1024);
    let started = Instant::now();
    let f = form_with(&n, vec![("deep.png", "image/png", deep)]);
    assert_eq!(
        send(&app, &buyer, f).await,
        Err(AppError::PhotoTooManyPixels)
    );
    assert!(started.elapsed().as_secs() < 3, "{:?}", started.elapsed());
    nothing_stored(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gps_metadata_is_stripped_from_what_is_stored() {
    let (app, buyer, seller, n) = ready().await;
    let original = images::jpeg_with_gps();
    assert!(original.windows(6).any(|w| w == b"Exif\0\0"));
    assert!(original
        .windows(images::GPS_MARK.len())
        .any(|w| w == images::GPS_MARK));
    let webp = images::photo(ImageFormat::WebP);
    let png = images::photo(ImageFormat::Png);
    let f = form_with(
        &n,
        vec![
            ("gps.jpg", "image/jpeg", original),
            ("b.webp", "image/webp", webp),
            ("c.png", "image/png", png),
        ],
    );
    let id = send(&app, &buyer, f).await.unwrap();
    let stored: Vec<Vec<u8>> = sqlx::query_scalar(
        "SELECT jpeg FROM dispute_photos WHERE dispute_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(stored.len(), 3);
    for jpeg in &stored {
        assert_eq!(image::guess_format(jpeg).unwrap(), ImageFormat::Jpeg);
        assert!(!jpeg.windows(4).any(|w| w == b"Exif"), "no EXIF block");
        assert!(
            !jpeg.windows(2).any(|w| w == [0xFF, 0xE1]),
            "no APP1 segment"
        );
        let img = image::load_from_memory(jpeg).unwrap();
        assert_eq!((img.width(), img.height()), (48, 32));
    }
    // What is served is what was stored, as a JPEG that browsers must not sniff.
    let res = seller
        .get(app.url(&format!("/account/disputes/{id}/photos/1")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[CONTENT_TYPE], "image/jpeg");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.bytes().await.unwrap().to_vec(), stored[0]);
    // The dispute page shows the three photos.
    let (_, html) = app.page(&buyer, &format!("/account/disputes/{id}")).await;
    assert_eq!(
        html.matches(&format!("/account/disputes/{id}/photos/"))
            .count(),
        6,
        "link and image each"
    );
}
