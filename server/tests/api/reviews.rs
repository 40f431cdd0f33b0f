//! Reviews: one per line of a received order, 1–5 stars and text, photos through the dispute
//! pipeline, edits and follow-ups for 30 days, the store's reply, the product page's statistics,
//! and the points they earn, once.

use crate::dispute_setup::shipped_order;
use crate::helpers::*;
use crate::images;
use crate::review_setup::*;
use app::error::{AppError, Field};
use image::ImageFormat;
use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;

#[tokio::test]
async fn stars_outside_one_to_five_and_empty_or_too_long_text_are_refused() {
    let s = shop().await;
    let (_, line) = s.received().await;
    let app = &s.app;
    for bad in ["0", "6", "", "x", "-3"] {
        assert_eq!(
            review(app, &s.buyer, line, bad, "Хорошая кружка").await,
            Err(AppError::InvalidStars),
            "stars {bad:?}"
        );
    }
    assert_eq!(
        review(app, &s.buyer, line, "5", "   ").await,
        Err(AppError::Required(Field::Text))
    );
    assert_eq!(
        review(app, &s.buyer, line, "5", &"я".repeat(5001)).await,
        Err(AppError::TooLong(Field::Text, 5000))
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM reviews").await, 0);
    // 5,000 characters are fine.
    review(app, &s.buyer, line, "5", &"я".repeat(5000))
        .await
        .unwrap();
}

#[tokio::test]
async fn another_shoppers_line_and_an_order_not_yet_received_cannot_be_reviewed() {
    let s = shop().await;
    let app = &s.app;
    let (_, line) = s.received().await;
    let (other, _) = app.shopper("other@example.ru").await;
    assert_eq!(
        review(app, &other, line, "1", "Чужой заказ").await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        app.call(&other, "review_draft", &[("line", &line.to_string())])
            .await,
        Err(AppError::NotFound)
    );
    // Shipped but not received yet.
    let n = shipped_order(app, &s.buyer, &s.seller, s.product).await;
    let shipped = line_of(app, &n).await;
    assert_eq!(
        review(app, &s.buyer, shipped, "5", "Ещё не пришло").await,
        Err(AppError::ReviewNotYet)
    );
    let (_, page) = app
        .page(&s.buyer, &format!("/account/reviews/write/{shipped}"))
        .await;
    assert!(page.contains("после подтверждения получения заказа"));
    // Signed out: sign in first.
    let guest = client(app);
    assert_eq!(
        review(app, &guest, line, "5", "Кто я?").await,
        Err(AppError::NotSignedIn)
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM reviews").await, 0);
}

#[tokio::test]
async fn a_second_review_of_the_same_line_is_refused_and_the_lists_move_it_across() {
    let s = shop().await;
    let app = &s.app;
    let (n, line) = s.received().await;
    let (_, awaiting) = app.page(&s.buyer, "/account/reviews").await;
    assert_eq!(awaiting.matches("data-testid=\"awaiting-line\"").count(), 1);
    assert!(awaiting.contains(&format!("/account/reviews/write/{line}")));
    // The account home counts it.
    let (_, home) = app.page(&s.buyer, "/account").await;
    let count = home
        .split("data-testid=\"awaiting-review-line\"")
        .nth(1)
        .unwrap();
    let count = count.split("</p>").next().unwrap().replace("<!>", "");
    assert!(count.ends_with("Ждут отзыва</a>: 1"), "{count}");
    assert_eq!(
        app::reviews::ssr::awaiting_count(&app.pool, app::ids::UserId(s.buyer_id))
            .await
            .unwrap(),
        1
    );
    let id = review(app, &s.buyer, line, "4", "Хорошая кружка")
        .await
        .unwrap();
    assert_eq!(
        review(app, &s.buyer, line, "5", "Ещё раз").await,
        Err(AppError::ReviewExists)
    );
    assert_eq!(
        app::reviews::ssr::awaiting_count(&app.pool, app::ids::UserId(s.buyer_id))
            .await
            .unwrap(),
        0
    );
    let (_, awaiting) = app.page(&s.buyer, "/account/reviews").await;
    assert!(awaiting.contains("data-testid=\"reviews-empty\""));
    let (_, mine) = app.page(&s.buyer, "/account/reviews?tab=mine").await;
    assert!(mine.contains("Хорошая кружка"));
    assert!(mine.contains(&format!("/account/reviews/{id}")));
    // Found by its order number; another number finds nothing; a non-number says so.
    let (_, found) = app
        .page(&s.buyer, &format!("/account/reviews?tab=mine&q={n}"))
        .await;
    assert!(found.contains("Хорошая кружка"));
    let (_, none) = app
        .page(&s.buyer, "/account/reviews?tab=mine&q=1000000000000001")
        .await;
    assert!(!none.contains("Хорошая кружка"));
    let (_, bad) = app.page(&s.buyer, "/account/reviews?q=abc").await;
    assert!(bad.contains("Номер заказа — 16 цифр."));
    // The order page links to the review instead of "leave a review".
    let (_, order) = app.page(&s.buyer, &format!("/account/orders/{n}")).await;
    assert!(order.contains(&format!("/account/reviews/{id}")));
    assert!(!order.contains(&format!("/account/reviews/write/{line}")));
}

#[tokio::test]
async fn the_order_page_offers_a_review_of_each_line_once_received() {
    let s = shop().await;
    let app = &s.app;
    let n = shipped_order(app, &s.buyer, &s.seller, s.product).await;
    let line = line_of(app, &n).await;
    let (_, page) = app.page(&s.buyer, &format!("/account/orders/{n}")).await;
    assert!(!page.contains("/account/reviews/write/"));
    app.call(
        &s.buyer,
        "confirm_receipt",
        &[("number", &n), ("sure", "1")],
    )
    .await
    .unwrap();
    let (_, page) = app.page(&s.buyer, &format!("/account/orders/{n}")).await;
    assert!(page.contains(&format!("/account/reviews/write/{line}")));
}

#[tokio::test]
async fn edits_and_follow_ups_are_allowed_on_day_29_and_refused_after_day_30() {
    let s = shop().await;
    let app = &s.app;
    let (n, line) = s.received().await;
    let id = review(app, &s.buyer, line, "3", "Нормально").await.unwrap();
    received_days_ago(app, &n, 29).await;
    let (_, page) = app.page(&s.buyer, &format!("/account/reviews/{id}")).await;
    assert!(
        page.contains("data-testid=\"days-left\""),
        "days left shown"
    );
    assert!(page.contains("1 day left") || page.contains("1 дн. осталось"));
    edit(app, &s.buyer, id, "5", "Отлично, привыкла")
        .await
        .unwrap();
    follow_up(app, &s.buyer, id, "Через месяц всё ещё целая")
        .await
        .unwrap();
    let kinds: Vec<String> =
        sqlx::query_scalar("SELECT kind FROM review_entries WHERE review_id = ? ORDER BY id")
            .bind(id)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(kinds, ["written", "edited", "follow_up"]);
    // The product page shows the current text, the follow-up, and "edited".
    let (_, product) = app
        .page(&client(app), &format!("/product/{}", s.product))
        .await;
    assert!(product.contains("Отлично, привыкла"));
    assert!(!product.contains("Нормально"));
    assert!(product.contains("Через месяц всё ещё целая"));
    assert!(product.contains("data-testid=\"edited\""));

    received_days_ago(app, &n, 30).await;
    assert_eq!(
        edit(app, &s.buyer, id, "1", "Передумала").await,
        Err(AppError::ReviewWindowClosed)
    );
    assert_eq!(
        follow_up(app, &s.buyer, id, "Ещё одно").await,
        Err(AppError::ReviewWindowClosed)
    );
    let (_, page) = app.page(&s.buyer, &format!("/account/reviews/{id}")).await;
    assert!(page.contains("data-testid=\"window-closed\""));
    assert!(!page.contains("/api/edit_review"), "no edit form");
    assert!(!page.contains("/api/follow_up_review"), "no follow-up form");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM review_entries").await,
        3,
        "nothing kept from the refused posts"
    );
    // Another shopper cannot touch it, even inside the window.
    received_days_ago(app, &n, 1).await;
    let (other, _) = app.shopper("other@example.ru").await;
    assert_eq!(
        edit(app, &other, id, "1", "Чужой").await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        follow_up(app, &other, id, "Чужой").await,
        Err(AppError::NotFound)
    );
    let (status, _) = app.page(&other, &format!("/account/reviews/{id}")).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_hundred_parallel_submissions_make_one_review_and_five_points_once() {
    let s = shop().await;
    let app = &s.app;
    let (_, line) = s.received().await;
    let mut tries = tokio::task::JoinSet::new();
    for i in 0..100 {
        let (c, url) = (s.buyer.clone(), app.url("/api/write_review"));
        tries.spawn(async move {
            let form = review_form(line, "5", &format!("Попытка {i}"), vec![]);
            decode(c.post(url).multipart(form).send().await.unwrap()).await
        });
    }
    let results = tries.join_all().await;
    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 1, "{results:?}");
    assert!(results
        .iter()
        .filter_map(|r| r.as_ref().err())
        .all(|e| matches!(e, AppError::ReviewExists | AppError::UploadInProgress)));
    assert_eq!(app.count("SELECT COUNT(*) FROM reviews").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM points_ledger WHERE kind = 'review'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT SUM(points) FROM points_ledger WHERE kind = 'review'")
            .await,
        5
    );
}

#[tokio::test]
async fn photos_are_re_encoded_and_served_to_anyone_for_existing_reviews_only() {
    let s = shop().await;
    let app = &s.app;
    let (_, line) = s.received().await;
    let f = review_form(
        line,
        "5",
        "С фото",
        vec![
            ("gps.jpg", images::jpeg_with_gps()),
            ("p.png", images::photo(ImageFormat::Png)),
        ],
    );
    let id = write(app, &s.buyer, f).await.unwrap();
    let stored: Vec<Vec<u8>> =
        sqlx::query_scalar("SELECT jpeg FROM review_photos WHERE review_id = ? ORDER BY position")
            .bind(id)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored.len(), 2);
    for jpeg in &stored {
        assert_eq!(image::guess_format(jpeg).unwrap(), ImageFormat::Jpeg);
        assert!(!jpeg
            .windows(images::GPS_MARK.len())
            .any(|w| w == images::GPS_MARK));
    }
    let guest = client(app);
    let res = guest
        .get(app.url(&format!("/reviews/{id}/photos/2")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[CONTENT_TYPE], "image/jpeg");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.bytes().await.unwrap().to_vec(), stored[1]);
    for missing in [
        format!("/reviews/{id}/photos/3"),
        format!("/reviews/{}/photos/1", id + 1),
        "/reviews/x/photos/1".into(),
    ] {
        let res = guest.get(app.url(&missing)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{missing}");
    }
    let (_, page) = app.page(&guest, &format!("/product/{}", s.product)).await;
    assert!(page.contains(&format!("/reviews/{id}/photos/1")));
    // Not an image: refused, nothing written.
    let (_, line2) = s.received().await;
    let f = review_form(line2, "5", "Не фото", vec![("x.png", b"<svg/>".to_vec())]);
    assert_eq!(write(app, &s.buyer, f).await, Err(AppError::PhotoNotImage));
    assert_eq!(app.count("SELECT COUNT(*) FROM reviews").await, 1);
}
