use crate::helpers::*;
use app::error::{AppError, Field};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkout_places_one_order_per_store_at_catalogue_prices() {
    let app = spawn_app().await;
    let a = app.store("Альфа", None).await;
    let b = app.store("Бета", None).await;
    let p1 = app.product(a, "Кружка", "Mug", 500, 5).await;
    let p2 = app.product(b, "Плед", "Blanket", 2_000, 5).await;
    let (c, _) = app.shopper("buyer@example.ru").await;
    let address = app.address(&c).await;
    app.add_to_cart(&c, p1, "2").await.unwrap();
    app.add_to_cart(&c, p2, "1").await.unwrap();

    // Prices sent by the client are ignored.
    let view = app.call(&c, "checkout", &[]).await.unwrap();
    let key = view["key"].as_str().unwrap().to_string();
    app.call(
        &c,
        "place_order",
        &[
            ("checkout_key", &key),
            ("address_id", &address.to_string()),
            ("total", "1"),
            ("unit_price", "1"),
        ],
    )
    .await
    .unwrap();

    let orders: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT number, total, status FROM orders ORDER BY total")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(orders.len(), 2);
    assert_eq!((orders[0].1, orders[1].1), (1_000, 2_000));
    for (number, _, status) in &orders {
        assert_eq!(number.to_string().len(), 16);
        assert_eq!(status, "awaiting_payment");
    }
    assert_eq!(
        (app.stock(p1).await, app.stock(p2).await),
        (3, 4),
        "stock taken"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM cart_items").await,
        0,
        "bought lines leave the cart"
    );

    // The order keeps its copy of the address and price when those change later.
    sqlx::query("UPDATE addresses SET city = 'Тула'")
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE products SET price = 9999")
        .execute(&app.pool)
        .await
        .unwrap();
    let (_, html) = app
        .page(&c, &format!("/account/orders/{}", orders[0].0))
        .await;
    assert!(html.contains("Москва") && !html.contains("Тула"));
    assert!(html.contains("10,00"), "the order total as placed");

    // "Оплатить" pays both orders of the checkout.
    let paid = app
        .call(&c, "pay_checkout", &[("key", &key)])
        .await
        .unwrap();
    assert_eq!(paid, 2);
    assert_eq!(app.count("SELECT COUNT(*) FROM orders WHERE status = 'awaiting_shipment' AND paid_at IS NOT NULL").await, 2);
    assert_eq!(app.count("SELECT SUM(amount) FROM payments").await, 3_000);
    assert_eq!(
        app.call(&c, "pay_checkout", &[("key", &key)]).await,
        Err(AppError::OrderState)
    );
    let (_, html) = app.page(&c, &format!("/checkout/pay/{key}")).await;
    assert!(html.contains("Ожидает отправки"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_shoppers_buying_the_last_unit_at_once_make_exactly_one_order() {
    let app = spawn_app().await;
    let s = app.store("Магазин", None).await;
    let last = app.product(s, "Последняя кружка", "Last mug", 500, 1).await;
    let (c1, _) = app.shopper("first@example.ru").await;
    let (c2, _) = app.shopper("second@example.ru").await;
    let (a1, a2) = (app.address(&c1).await, app.address(&c2).await);
    app.add_to_cart(&c1, last, "1").await.unwrap();
    app.add_to_cart(&c2, last, "1").await.unwrap();

    let (r1, r2) = tokio::join!(app.place(&c1, a1), app.place(&c2, a2));
    let oks = [&r1, &r2].iter().filter(|r| r.is_ok()).count();
    assert_eq!(oks, 1, "{r1:?} {r2:?}");
    let loser = if r1.is_ok() { r2 } else { r1 };
    assert_eq!(loser, Err(AppError::NotEnoughStock { available: 0 }));
    assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 1);
    assert_eq!(app.stock(last).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_double_clicked_place_order_makes_one_order_per_store() {
    let app = spawn_app().await;
    let a = app.store("Альфа", None).await;
    let b = app.store("Бета", None).await;
    let p1 = app.product(a, "Кружка", "Mug", 500, 5).await;
    let p2 = app.product(b, "Плед", "Blanket", 2_000, 5).await;
    let (c, _) = app.shopper("twice@example.ru").await;
    let address = app.address(&c).await.to_string();
    app.add_to_cart(&c, p1, "1").await.unwrap();
    app.add_to_cart(&c, p2, "1").await.unwrap();
    let view = app.call(&c, "checkout", &[]).await.unwrap();
    let key = view["key"].as_str().unwrap();
    let form = [("checkout_key", key), ("address_id", address.as_str())];

    let (r1, r2) = tokio::join!(
        app.call(&c, "place_order", &form),
        app.call(&c, "place_order", &form)
    );
    assert_eq!(
        r1.unwrap(),
        r2.unwrap(),
        "both clicks lead to the same payment page"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 2);
    assert_eq!((app.stock(p1).await, app.stock(p2).await), (4, 4));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_shoppers_address_or_an_empty_cart_cannot_be_checked_out() {
    let app = spawn_app().await;
    let s = app.store("Магазин", None).await;
    let p = app.product(s, "Кружка", "Mug", 500, 5).await;
    let (c, _) = app.shopper("me@example.ru").await;
    let (other, _) = app.shopper("them@example.ru").await;
    let theirs = app.address(&other).await;

    assert_eq!(
        app.place(&c, theirs).await,
        Err(AppError::InvalidChoice(Field::Address))
    );
    let mine = app.address(&c).await;
    assert_eq!(app.place(&c, mine).await, Err(AppError::CartEmpty));
    app.add_to_cart(&c, p, "1").await.unwrap();
    assert_eq!(
        app.place(&c, theirs).await,
        Err(AppError::InvalidChoice(Field::Address))
    );
    sqlx::query("UPDATE products SET active = 0")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(app.place(&c, mine).await, Err(AppError::ProductUnavailable));
    assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 0);
    assert_eq!(app.stock(p).await, 5);
    // Nobody else's order page opens either.
    sqlx::query("UPDATE products SET active = 1")
        .execute(&app.pool)
        .await
        .unwrap();
    app.place(&c, mine).await.unwrap();
    let number: i64 = sqlx::query_scalar("SELECT number FROM orders")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let n = number.to_string();
    assert_eq!(
        app.call(&other, "order_detail", &[("number", &n)]).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        app.call(&other, "pay_order", &[("number", &n)]).await,
        Err(AppError::NotFound)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unpaid_orders_cancel_themselves_and_delivered_ones_confirm_themselves() {
    let app = spawn_app().await;
    let s = app.store("Магазин", None).await;
    let p = app.product(s, "Кружка", "Mug", 500, 5).await;
    let (c, _) = app.shopper("late@example.ru").await;
    let address = app.address(&c).await;
    for _ in 0..2 {
        app.add_to_cart(&c, p, "1").await.unwrap();
        app.place(&c, address).await.unwrap();
    }
    assert_eq!(app.stock(p).await, 3);
    let now = app::platform::now();
    let day = Duration::from_secs(86_400);
    // One order is a day old and unpaid; the other was delivered 16 days ago.
    sqlx::query("UPDATE orders SET created_at = ? WHERE id = (SELECT MIN(id) FROM orders)")
        .bind(now - 86_400 - 60)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE orders SET status = 'delivered', delivered_at = ? WHERE id = (SELECT MAX(id) FROM orders)")
        .bind(now - 16 * 86_400)
        .execute(&app.pool)
        .await
        .unwrap();

    let pass = app::jobs::run_once(&app.state, now, day, 15 * day)
        .await
        .unwrap();
    assert_eq!((pass.cancelled, pass.completed), (1, 1));
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM orders WHERE status = 'cancelled' AND cancelled_at IS NOT NULL"
        )
        .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM orders WHERE status = 'completed'")
            .await,
        1
    );
    assert_eq!(
        app.stock(p).await,
        4,
        "the cancelled order's unit is back in stock"
    );
    let again = app::jobs::run_once(&app.state, now, day, 15 * day)
        .await
        .unwrap();
    assert_eq!(
        (again.cancelled, again.completed),
        (0, 0),
        "a second pass changes nothing"
    );
}
