//! Reviews: one per line of a received order, 1–5 stars and text, photos through the dispute
//! pipeline, edits and follow-ups for 30 days, the store's reply, the product page's statistics,
//! and the points they earn, once.

use crate::dispute_setup::shipped_order;
use crate::helpers::*;
use crate::images;
use crate::review_setup::*;
use app::error::{AppError, Field};
use image::ImageFormat;
use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION};
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
async fn a_store_sees_and_answers_only_its_own_products_reviews() {
    let s = shop().await;
    let app = &s.app;
    let (_, line) = s.received().await;
    let id = review(app, &s.buyer, line, "2", "Ручка отвалилась")
        .await
        .unwrap();
    // Another store with its own product and review.
    let (rival, rival_id) = app.shopper("rival@example.ru").await;
    let rival_store = app.store("Соседи", Some(rival_id)).await;
    let rival_product = app.product(rival_store, "Чайник", "Kettle", 900, 10).await;
    let n = shipped_order(app, &s.buyer, &rival, rival_product).await;
    app.call(
        &s.buyer,
        "confirm_receipt",
        &[("number", &n), ("sure", "1")],
    )
    .await
    .unwrap();
    let rival_review = review(app, &s.buyer, line_of(app, &n).await, "5", "Чайник супер")
        .await
        .unwrap();

    assert_eq!(
        reply(app, &rival, id, "Это не наш товар").await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        reply(app, &s.buyer, id, "Я не магазин").await,
        Err(AppError::Forbidden)
    );
    let list = app.call(&s.seller, "store_reviews", &[]).await.unwrap();
    let ids: Vec<i64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [id], "its own review only");
    assert_eq!(list["unanswered"], 1);

    reply(app, &s.seller, id, "Пришлём новую ручку")
        .await
        .unwrap();
    reply(app, &s.seller, id, "Пришлём новую кружку")
        .await
        .unwrap();
    let (_, mine) = app.page(&s.buyer, "/account/reviews?tab=mine").await;
    assert!(mine.contains("Пришлём новую кружку"), "the edited reply");
    assert!(!mine.contains("Пришлём новую ручку"));
    let (_, product) = app
        .page(&client(app), &format!("/product/{}", s.product))
        .await;
    assert!(product.contains("Пришлём новую кружку"));
    let (_, console) = app.page(&s.seller, "/seller/reviews").await;
    assert!(console.contains("Ручка отвалилась"));
    assert!(!console.contains("Чайник супер"));
    let (_, rival_console) = app.page(&rival, "/seller/reviews").await;
    assert!(rival_console.contains("Чайник супер"));
    assert!(rival_review > 0);
}

#[tokio::test]
async fn html_in_a_review_is_shown_as_text_on_the_product_page() {
    let s = shop().await;
    let app = &s.app;
    let (_, line) = s.received().await;
    let id = review(
        app,
        &s.buyer,
        line,
        "5",
        "<script>alert(1)</script><b>жирный</b>",
    )
    .await
    .unwrap();
    reply(app, &s.seller, id, "<img src=x onerror=alert(2)>")
        .await
        .unwrap();
    let (_, page) = app
        .page(&client(app), &format!("/product/{}", s.product))
        .await;
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;жирный&lt;/b&gt;"));
    assert!(!page.contains("<script>alert(1)"));
    assert!(page.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(!page.contains("<img src=x"));
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
        .all(|e| *e == AppError::ReviewExists));
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

#[tokio::test]
async fn the_product_page_shows_the_average_the_distribution_and_pages_of_reviews() {
    let s = shop().await;
    let app = &s.app;
    let (_, page) = app
        .page(&client(app), &format!("/product/{}", s.product))
        .await;
    assert!(page.contains("data-testid=\"no-reviews\""));
    // Twelve received lines: one order of twelve products of the store.
    let mut products = vec![];
    for i in 0..12 {
        products.push(
            app.product(
                s.store,
                &format!("Товар {i}"),
                &format!("Item {i}"),
                100,
                10,
            )
            .await,
        );
    }
    let address = app.address(&s.buyer).await;
    for p in &products {
        app.add_to_cart(&s.buyer, *p, "1").await.unwrap();
    }
    app.add_to_cart(&s.buyer, s.product, "1").await.unwrap();
    app.place(&s.buyer, address).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT number FROM orders ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let n = n.to_string();
    app.call(&s.buyer, "pay_order", &[("number", &n)])
        .await
        .unwrap();
    let ship = [
        ("number", n.as_str()),
        ("carrier", "СДЭК"),
        ("tracking_number", "AB1234"),
    ];
    app.call(&s.seller, "ship_order", &ship).await.unwrap();
    app.call(
        &s.buyer,
        "confirm_receipt",
        &[("number", &n), ("sure", "1")],
    )
    .await
    .unwrap();
    let mug_line: i64 = sqlx::query_scalar("SELECT id FROM order_items WHERE product_id = ?")
        .bind(s.product)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    review(app, &s.buyer, mug_line, "4", "Кружка хорошая")
        .await
        .unwrap();
    // Other shoppers' reviews of the mug: eleven more, so that they fill two pages.
    let stars = ["5", "5", "5", "4", "3", "1", "5", "2", "5", "4", "5"];
    for (i, st) in stars.iter().enumerate() {
        let (c, _) = app.shopper(&format!("b{i}@example.ru")).await;
        let n = shipped_order(app, &c, &s.seller, s.product).await;
        app.call(&c, "confirm_receipt", &[("number", &n), ("sure", "1")])
            .await
            .unwrap();
        review(
            app,
            &c,
            line_of(app, &n).await,
            st,
            &format!("Отзыв номер {i}"),
        )
        .await
        .unwrap();
    }
    let data = app
        .call(
            &client(app),
            "product_reviews",
            &[("product", &s.product.to_string())],
        )
        .await
        .unwrap();
    assert_eq!(data["count"], 12);
    // 4+5+5+5+4+3+1+5+2+5+4+5 = 48 → 4.0
    assert_eq!(data["average_x10"], 40);
    assert_eq!(data["distribution"], serde_json::json!([6, 3, 1, 1, 1]));
    assert_eq!(data["pages"], 2);
    assert_eq!(data["items"].as_array().unwrap().len(), 10);
    assert_eq!(data["items"][0]["body"], "Отзыв номер 10", "newest first");
    // The product's rating follows its reviews (shown on its cards).
    let rating: i64 = sqlx::query_scalar("SELECT rating_x10 FROM products WHERE id = ?")
        .bind(s.product)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(rating, 40);
    let (_, page2) = app
        .page(
            &client(app),
            &format!("/product/{}?reviews_page=2", s.product),
        )
        .await;
    assert!(page2.contains("Кружка хорошая"));
    assert!(page2.contains("Отзыв номер 0"));
    assert!(!page2.contains("Отзыв номер 10"));
    assert!(page2.contains("data-testid=\"dist-5\""));
}

#[tokio::test]
async fn a_plain_form_post_without_javascript_redirects_to_the_review_or_back_with_the_error() {
    let s = shop().await;
    let app = &s.app;
    let (_, line) = s.received().await;
    let post = |f| {
        s.buyer
            .post(app.url("/api/write_review"))
            .header(ACCEPT, "text/html")
            .multipart(f)
            .send()
    };
    let res = post(review_form(line, "7", "Текст", vec![])).await.unwrap();
    assert!(res.status().is_redirection());
    let to = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(
        to,
        format!("/account/reviews/write/{line}?error=InvalidStars")
    );
    let (_, form) = app.page(&s.buyer, &to).await;
    assert!(form.contains("Поставьте оценку от 1 до 5 звёзд."));

    let res = post(review_form(line, "5", "Без JavaScript", vec![]))
        .await
        .unwrap();
    let to = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(
        to.starts_with("/account/reviews/") && to.ends_with("?done=written"),
        "{to}"
    );
    let (_, page) = app.page(&s.buyer, &to).await;
    assert!(page.contains("Без JavaScript"));
    let id: i64 = sqlx::query_scalar("SELECT id FROM reviews")
        .fetch_one(&app.pool)
        .await
        .unwrap();

    // A follow-up posted empty comes back to its own form with the message.
    let res = app
        .post_form(
            &s.buyer,
            "/api/follow_up_review",
            &[("id", &id.to_string()), ("text", "")],
        )
        .await;
    let to = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(
        to,
        format!("/account/reviews/{id}?form=follow_up&error=required.text")
    );
    let res = app
        .post_form(
            &s.buyer,
            "/api/follow_up_review",
            &[("id", &id.to_string()), ("text", "Дополняю")],
        )
        .await;
    let to = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(to, format!("/account/reviews/{id}?done=followed_up"));
    // The store's reply without JavaScript, too: an empty one comes back under its field.
    let res = app
        .post_form(
            &s.seller,
            "/api/reply_review",
            &[("id", &id.to_string()), ("reply", " ")],
        )
        .await;
    let to = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(
        to,
        format!("/seller/reviews?form={id}&error=required.reply")
    );
    let (_, console) = app.page(&s.seller, &to).await;
    assert!(console.contains("Заполните поле «ответ магазина»."));
    let res = app
        .post_form(
            &s.seller,
            "/api/reply_review",
            &[("id", &id.to_string()), ("reply", "Спасибо!")],
        )
        .await;
    assert!(res.status().is_redirection());
    let (_, mine) = app.page(&s.buyer, &format!("/account/reviews/{id}")).await;
    assert!(mine.contains("Дополняю"));
    assert!(mine.contains("Спасибо!"));
}

#[tokio::test]
async fn each_review_list_is_read_in_order_from_its_index() {
    let app = spawn_app().await;
    let plans = [
        (
            "orders_received_by_user",
            "SELECT oi.id FROM orders o JOIN order_items oi ON oi.order_id = o.id
             WHERE o.user_id = 1 AND o.completed_at IS NOT NULL AND o.purged_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.order_item_id = oi.id)
             ORDER BY o.completed_at DESC, o.id DESC, oi.id DESC LIMIT 10",
        ),
        (
            "reviews_by_user",
            "SELECT r.id FROM reviews r JOIN orders o ON o.id = r.order_id
             WHERE r.user_id = 1 ORDER BY r.created_at DESC, r.id DESC LIMIT 10",
        ),
        (
            "reviews_by_product",
            "SELECT r.id FROM reviews r JOIN users u ON u.id = r.user_id
             WHERE r.product_id = 1 ORDER BY r.created_at DESC, r.id DESC LIMIT 10",
        ),
        (
            "reviews_by_store",
            "SELECT r.id FROM reviews r JOIN users u ON u.id = r.user_id WHERE r.store_id = 1
             ORDER BY r.replied_at IS NOT NULL, r.created_at DESC, r.id DESC LIMIT 10",
        ),
        (
            "reviews_stars_by_product",
            "SELECT stars, COUNT(*) FROM reviews WHERE product_id = 1 GROUP BY stars",
        ),
    ];
    for (index, sql) in plans {
        let rows: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
                .fetch_all(&app.pool)
                .await
                .unwrap();
        let plan: Vec<String> = rows.into_iter().map(|r| r.3).collect();
        assert!(
            plan.iter().any(|l| l.contains(&format!("INDEX {index} "))),
            "{index}: {plan:?}"
        );
        assert!(
            !plan.iter().any(|l| l.contains("TEMP B-TREE")),
            "{index} sorts: {plan:?}"
        );
    }
}
