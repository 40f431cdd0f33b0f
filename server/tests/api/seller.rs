use crate::helpers::*;
use app::error::{AppError, Field};
use reqwest::StatusCode;

/// A paid order from the shopper `c` at the store owned by `owner`; returns its number.
async fn paid_order(app: &TestApp, store: i64, c: &reqwest::Client) -> String {
    let p = app.product(store, "Кружка", "Mug", 500, 5).await;
    let address = app.address(c).await;
    app.add_to_cart(c, p, "1").await.unwrap();
    let key = app.place(c, address).await.unwrap();
    app.call(c, "pay_checkout", &[("key", &key)]).await.unwrap();
    let number: i64 =
        sqlx::query_scalar("SELECT number FROM orders WHERE store_id = ? ORDER BY id DESC")
            .bind(store)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    number.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seller_ships_their_order_with_tracking_and_the_shopper_sees_it() {
    let app = spawn_app().await;
    let (seller, seller_id) = app.shopper("seller@example.ru").await;
    let store = app.store("Лавка", Some(seller_id)).await;
    let (c, _) = app.shopper("buyer@example.ru").await;
    let n = paid_order(&app, store, &c).await;

    let (status, html) = app.page(&seller, "/seller").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&n),
        "the paid order waits in 'awaiting shipment'"
    );
    let ship = |t: &'static str| {
        [
            ("number", n.clone()),
            ("carrier", "Почта России".into()),
            ("tracking_number", t.to_string()),
        ]
    };
    let f = ship("");
    assert_eq!(
        app.call(
            &seller,
            "ship_order",
            &[
                ("number", &f[0].1),
                ("carrier", &f[1].1),
                ("tracking_number", &f[2].1)
            ]
        )
        .await,
        Err(AppError::Required(Field::Tracking))
    );
    let f = ship("rr 123456789 ru");
    app.call(
        &seller,
        "ship_order",
        &[
            ("number", &f[0].1),
            ("carrier", &f[1].1),
            ("tracking_number", &f[2].1),
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        app.call(
            &seller,
            "ship_order",
            &[
                ("number", &f[0].1),
                ("carrier", &f[1].1),
                ("tracking_number", &f[2].1)
            ]
        )
        .await,
        Err(AppError::OrderState),
        "an order ships once"
    );
    app.call(
        &seller,
        "add_tracking_event",
        &[("number", &n), ("kind", "customs"), ("note", "Москва")],
    )
    .await
    .unwrap();
    assert_eq!(
        app.call(
            &seller,
            "add_tracking_event",
            &[("number", &n), ("kind", "teleported")]
        )
        .await,
        Err(AppError::InvalidChoice(Field::Kind))
    );

    let (_, html) = app.page(&c, &format!("/account/orders/{n}")).await;
    assert!(html.contains("Отправлен"));
    assert!(html.contains("RR123456789RU"));
    assert!(html.contains("Таможенное оформление — Москва"));

    app.call(
        &seller,
        "add_tracking_event",
        &[("number", &n), ("kind", "delivered")],
    )
    .await
    .unwrap();
    let status: String = sqlx::query_scalar("SELECT status FROM orders")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "delivered");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seller_cannot_see_or_touch_another_stores_order() {
    let app = spawn_app().await;
    let (owner, owner_id) = app.shopper("owner@example.ru").await;
    let (rival, rival_id) = app.shopper("rival@example.ru").await;
    let store = app.store("Своя", Some(owner_id)).await;
    app.store("Чужая", Some(rival_id)).await;
    let (c, _) = app.shopper("buyer@example.ru").await;
    let n = paid_order(&app, store, &c).await;

    let ship = [
        ("number", n.as_str()),
        ("carrier", "СДЭК"),
        ("tracking_number", "AB123456"),
    ];
    assert_eq!(
        app.call(&rival, "ship_order", &ship).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        app.call(&rival, "seller_order", &[("number", &n)]).await,
        Err(AppError::NotFound)
    );
    for status in ["awaiting_payment", "awaiting_shipment", "shipped"] {
        let (code, html) = app.page(&rival, &format!("/seller?status={status}")).await;
        assert_eq!(code, StatusCode::OK);
        assert!(html.contains("Чужая") && !html.contains(&n), "{status}");
    }
    // A shopper without a store is not a seller at all.
    assert_eq!(
        app.call(&c, "ship_order", &ship).await,
        Err(AppError::Forbidden)
    );
    let status: String = sqlx::query_scalar("SELECT status FROM orders")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "awaiting_shipment", "unchanged");

    // An unpaid order cannot be shipped even by its own store.
    let p = app.product(store, "Ложка", "Spoon", 100, 5).await;
    app.add_to_cart(&c, p, "1").await.unwrap();
    app.place(&c, app.address(&c).await).await.unwrap();
    let unpaid: i64 =
        sqlx::query_scalar("SELECT number FROM orders WHERE status = 'awaiting_payment'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let unpaid = unpaid.to_string();
    let ship = [
        ("number", unpaid.as_str()),
        ("carrier", "СДЭК"),
        ("tracking_number", "AB123456"),
    ];
    assert_eq!(
        app.call(&owner, "ship_order", &ship).await,
        Err(AppError::OrderState)
    );
}
