//! Issue 13, the profile photo: through the shared safe pipeline (not an image, too large, a
//! decompression bomb refused; nothing saved lost), cut to a square, shown in the header and
//! served to its owner only.

use crate::helpers::*;
use crate::images;
use app::error::AppError;
use image::ImageFormat;
use reqwest::header::ACCEPT;
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};

fn photo_form(name: &str, mime: &str, bytes: Vec<u8>) -> Form {
    Form::new().part(
        "photos",
        Part::bytes(bytes)
            .file_name(name.to_string())
            .mime_str(mime)
            .unwrap(),
    )
}

async fn upload(app: &TestApp, c: &Client, f: Form) -> Result<serde_json::Value, AppError> {
    decode(
        c.post(app.url("/api/save_photo"))
            .multipart(f)
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn own_photo(app: &TestApp, c: &Client) -> (StatusCode, Vec<u8>) {
    let res = c
        .get(app.url("/account/settings/photo"))
        .send()
        .await
        .unwrap();
    (res.status(), res.bytes().await.unwrap().to_vec())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_is_cleaned_cut_square_and_shown_in_the_header() {
    let app = spawn_app().await;
    let (c, _) = app.shopper("photo@example.ru").await;
    assert_eq!(own_photo(&app, &c).await.0, StatusCode::NOT_FOUND);
    let (_, html) = app.page(&c, "/account").await;
    assert!(!html.contains("data-testid=\"header-photo\""));

    upload(
        &app,
        &c,
        photo_form("me.png", "image/png", images::photo(ImageFormat::Png)),
    )
    .await
    .unwrap();
    let (status, bytes) = own_photo(&app, &c).await;
    assert_eq!(status, StatusCode::OK);
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!(image::guess_format(&bytes).unwrap(), ImageFormat::Jpeg);
    assert_eq!((img.width(), img.height()), (256, 256));
    let (_, html) = app.page(&c, "/account").await;
    assert!(html.contains("data-testid=\"header-photo\""));

    // Public like the profile, at its public number.
    let public: i64 =
        sqlx::query_scalar("SELECT public_id FROM users WHERE email = 'photo@example.ru'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let res = client(&app)
        .get(app.url(&format!("/shopper/{public}/photo")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().to_vec(), bytes);
    let (_, html) = app.page(&client(&app), &format!("/shopper/{public}")).await;
    assert!(html.contains(&format!("/shopper/{public}/photo")));

    // Refusals keep the saved photo.
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.to_vec();
    assert_eq!(
        upload(&app, &c, photo_form("me.png", "image/png", svg)).await,
        Err(AppError::PhotoNotImage)
    );
    assert_eq!(
        upload(
            &app,
            &c,
            photo_form("big.png", "image/png", images::png_bomb(16_000))
        )
        .await,
        Err(AppError::PhotoTooManyPixels)
    );
    assert_eq!(
        upload(
            &app,
            &c,
            photo_form("huge.png", "image/png", images::six_megabyte_png())
        )
        .await,
        Err(AppError::PhotoTooLarge)
    );
    assert_eq!(
        upload(&app, &c, Form::new().text("x", "y")).await,
        Err(AppError::Required(app::error::Field::Photos))
    );
    assert_eq!(
        own_photo(&app, &c).await.1,
        bytes,
        "the saved photo is kept"
    );

    // Another shopper gets their own (none), never this one; a guest nothing.
    let (other, _) = app.shopper("other@example.ru").await;
    assert_eq!(own_photo(&app, &other).await.0, StatusCode::NOT_FOUND);
    let guest = client(&app);
    let res = guest
        .get(app.url("/account/settings/photo"))
        .send()
        .await
        .unwrap();
    assert_ne!(res.status(), StatusCode::OK);

    // Without JavaScript the form posts and comes back to the page.
    let res = c
        .post(app.url("/api/remove_photo"))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["location"],
        "/account/settings/profile?done=photo_removed"
    );
    assert_eq!(own_photo(&app, &c).await.0, StatusCode::NOT_FOUND);
    let res = c
        .post(app.url("/api/save_photo"))
        .header(ACCEPT, "text/html")
        .multipart(photo_form("x.txt", "text/plain", b"hello".to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["location"],
        "/account/settings/profile?form=photo&error=PhotoNotImage"
    );
}
