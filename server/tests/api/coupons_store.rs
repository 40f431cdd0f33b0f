//! Coupons of a store: its console (create, end, only its own) and the offers on its pages,
//! claimed also without JavaScript.

use crate::coupons::*;
use crate::helpers::*;
use app::error::{AppError, Field};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_creates_and_ends_its_own_coupons_only() {
    let app = spawn_app().await;
    let (seller, seller_id) = app.shopper("owner@example.ru").await;
    let store = app.store("Своя", Some(seller_id)).await;
    let (rival, rival_id) = app.shopper("rival@example.ru").await;
    let _ = app.store("Чужая", Some(rival_id)).await;
    let create = |form: Vec<(&'static str, &'static str)>| {
        let (app, seller) = (&app, seller.clone());
        async move { app.call(&seller, "create_coupon", &form).await }
    };
    let base = |amount, percent, min, q| {
        vec![
            ("amount", amount),
            ("percent", percent),
            ("min_order", min),
            ("starts", "2026-01-01"),
            ("ends", "2036-01-01"),
            ("quantity", q),
            ("per_shopper", "1"),
        ]
    };
    let mut bad = base("5", "", "20", "");
    bad[4].1 = "2036-01-10"; // more than a year
    assert_eq!(create(bad).await, Err(AppError::OutOfRange(Field::Ends)));
    let year = |mut f: Vec<(&'static str, &'static str)>| {
        f[3].1 = "2030-01-01";
        f[4].1 = "2030-06-30";
        f
    };
    assert_eq!(
        create(year(base("0", "", "", ""))).await,
        Err(AppError::OutOfRange(Field::Amount))
    );
    assert_eq!(
        create(year(base("-3", "", "", ""))).await,
        Err(AppError::OutOfRange(Field::Amount))
    );
    assert_eq!(
        create(year(base("5", "150", "", ""))).await,
        Err(AppError::OutOfRange(Field::Percent))
    );
    assert_eq!(
        create(year(base("5", "", "", "0"))).await,
        Err(AppError::OutOfRange(Field::Quantity))
    );
    create(year(base("5", "", "20", "50"))).await.unwrap();
    create(year(base("15", "10", "", ""))).await.unwrap();
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM coupons WHERE store_id = {store}"
        ))
        .await,
        2
    );
    // A shopper, not a store, cannot create one.
    let (shopper, _) = app.shopper("plain@example.ru").await;
    assert_eq!(
        app.call(&shopper, "create_coupon", &year(base("5", "", "", "")))
            .await,
        Err(AppError::Forbidden)
    );

    // Claimed and used counts show in the console; another store's coupon is "not found".
    let id: i64 = app
        .count(&format!(
            "SELECT MIN(id) FROM coupons WHERE store_id = {store}"
        ))
        .await;
    sqlx::query("UPDATE coupons SET starts_at = 0 WHERE id = ?")
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    claim(&app, &shopper, id).await.unwrap();
    let list = app.call(&seller, "store_coupons", &[]).await.unwrap();
    let mine = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap();
    assert_eq!(
        (mine["claimed"].as_i64(), mine["used"].as_i64()),
        (Some(1), Some(0))
    );
    assert_eq!(
        app.call(&rival, "end_coupon", &[("coupon_id", &id.to_string())])
            .await,
        Err(AppError::NotFound)
    );
    app.call(&seller, "end_coupon", &[("coupon_id", &id.to_string())])
        .await
        .unwrap();
    let (status, html) = app.page(&seller, "/seller/coupons").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Выдача прекращена"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn store_pages_offer_their_coupons_and_claiming_works_without_javascript() {
    let app = spawn_app().await;
    let store = app.store("Лавка", None).await;
    let p = app.product(store, "Кружка", "Mug", 1_000, 5).await;
    let id = coupon(
        &app,
        NewCoupon {
            store: Some(store),
            code: "LAVKA",
            amount: 437,
            min: 100,
            ..PLAIN
        },
    )
    .await;
    let (c, _) = app.shopper("nojs@example.ru").await;

    for page in [format!("/store/{store}"), format!("/product/{p}")] {
        let (_, html) = app.page(&c, &page).await;
        assert!(html.contains("Получить купон"), "{page}");
        assert!(html.contains("4,37"), "{page}: the discount");
    }
    let back = format!("/store/{store}");
    let res = app
        .post_form(
            &c,
            "/api/claim_coupon",
            &[("coupon_id", &id.to_string()), ("back", &back)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(
        res.headers()["location"],
        format!("/store/{store}?coupon=1").as_str()
    );
    let (_, html) = app.page(&c, &format!("/store/{store}?coupon=1")).await;
    assert!(html.contains("Купон у вас"));
    let res = app
        .post_form(
            &c,
            "/api/claim_coupon",
            &[("coupon_id", &id.to_string()), ("back", &back)],
        )
        .await;
    assert_eq!(
        res.headers()["location"],
        format!("/store/{store}?error=CouponLimit.1").as_str()
    );
    // A foreign `back` is not followed.
    let res = app
        .post_form(
            &c,
            "/api/claim_coupon",
            &[("coupon_id", "1"), ("back", "https://evil.example/")],
        )
        .await;
    assert!(res.headers()["location"].to_str().unwrap().starts_with('/'));
}
