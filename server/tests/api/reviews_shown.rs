//! Where reviews are shown: the product page (statistics, paging, text shown as text), the
//! seller console (its own products' reviews only, one editable reply), the plain form posts of
//! a browser without JavaScript, and the indexes the lists are read from.

use crate::dispute_setup::shipped_order;
use crate::helpers::*;
use crate::review_setup::*;
use app::error::AppError;
use reqwest::header::{ACCEPT, LOCATION};

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_review_text_that_closes_its_textarea_stays_text_in_the_edit_form() {
    let s = shop().await;
    let (_, line) = s.received().await;
    let text = "Хорошо </textarea><b>жирно</b> & всё";
    let id = review(&s.app, &s.buyer, line, "5", text).await.unwrap();
    let (_, html) = s
        .app
        .page(&s.buyer, &format!("/account/reviews/{id}"))
        .await;
    assert!(
        html.contains("Хорошо &lt;/textarea&gt;&lt;b&gt;жирно&lt;/b&gt; &amp; всё</textarea>"),
        "the edit form holds the text escaped"
    );
    assert!(
        !html.contains("</textarea><b>"),
        "nothing leaves the textarea"
    );
}
