use crate::helpers::*;
use app::error::{AppError, Field};
use app::orders::list::ssr::{plan, Filter};
use app::orders::OrderStatus;
use reqwest::StatusCode;

/// `count` orders for `user` at `store`, one a minute apart (after any seeded before), cycling through `statuses`; each
/// with one item of `product`. Written straight to the database (fast).
async fn seed_orders(
    app: &TestApp,
    user: i64,
    store: i64,
    product: i64,
    count: i64,
    statuses: &[&str],
) {
    let mut tx = app.pool.begin().await.unwrap();
    let base: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(number), 1000000000000000) FROM orders")
            .fetch_one(&mut *tx)
            .await
            .unwrap();
    for i in 0..count {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO orders (number, user_id, store_id, checkout_key, status, items_total, total,
                    ship_recipient, ship_country, ship_region, ship_city, ship_street, ship_flat,
                    ship_postcode, ship_phone, created_at)
             VALUES (?, ?, ?, ?, ?, 500, 500, 'Ю', 'RU', 'М', 'М', 'у', '', '101000', '+79001234567', ?)
             RETURNING id",
        )
        .bind(base + 1 + i)
        .bind(user)
        .bind(store)
        .bind(format!("seed-{user}-{i}"))
        .bind(statuses[i as usize % statuses.len()])
        // Later seeds are newer: numbers and times rise together.
        .bind(1_700_000_000 + (base - 1_000_000_000_000_000 + i) * 60)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO order_items (order_id, product_id, title_ru, title_en, unit_price, quantity)
             SELECT ?, id, title_ru, title_en, 500, 1 FROM products WHERE id = ?",
        )
        .bind(id)
        .bind(product)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

fn numbers(list: &serde_json::Value) -> Vec<i64> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["number"].as_i64().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_order_list_pages_newest_first_filters_by_state_and_searches() {
    let app = spawn_app().await;
    let a = app.store("Альфа", None).await;
    let b = app.store("Бета", None).await;
    let mug = app
        .product(a, "Кружка керамическая", "Ceramic mug", 500, 5)
        .await;
    let rug = app.product(b, "Ковёр", "Rug", 500, 5).await;
    let (c, me) = app.shopper("many@example.ru").await;
    let (_, other) = app.shopper("other@example.ru").await;
    seed_orders(
        &app,
        me,
        a,
        mug,
        45,
        &["awaiting_payment", "shipped", "completed"],
    )
    .await;
    seed_orders(&app, me, b, rug, 2, &["completed"]).await;
    seed_orders(&app, other, a, mug, 5, &["shipped"]).await;
    // Orders of one checkout share a second: groups of ten here, so ties are broken by id.
    sqlx::query("UPDATE orders SET created_at = 1700000000 + (id / 10) * 60 WHERE user_id = ?")
        .bind(me)
        .execute(&app.pool)
        .await
        .unwrap();

    // Every order exactly once, newest first, 20 to a page.
    let mut seen = vec![];
    let mut after = String::new();
    loop {
        let page = app
            .call(&c, "list_orders", &[("after", &after)])
            .await
            .unwrap();
        seen.extend(numbers(&page));
        match page["next"].as_str() {
            Some(next) => after = next.to_string(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 47);
    let mut sorted = seen.clone();
    sorted.sort_unstable_by(|x, y| y.cmp(x));
    sorted.dedup();
    assert_eq!(seen, sorted, "newest first, no order twice");

    let page = app
        .call(&c, "list_orders", &[("status", "shipped")])
        .await
        .unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 15);
    assert!(page["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["status"] == "Shipped"));
    let counts = &page["counts"];
    assert_eq!(counts[0][1], 47, "all (not the other shopper's)");
    assert_eq!(counts[1], serde_json::json!(["AwaitingPayment", 15]));

    let by_title = app
        .call(&c, "list_orders", &[("q", "ковёр")])
        .await
        .unwrap();
    assert_eq!(numbers(&by_title).len(), 2);
    let by_store = app.call(&c, "list_orders", &[("q", "альф")]).await.unwrap();
    assert_eq!(numbers(&by_store).len(), 20);
    let wanted = seen[5].to_string();
    let by_number = app
        .call(&c, "list_orders", &[("q", &wanted)])
        .await
        .unwrap();
    assert_eq!(numbers(&by_number), vec![seen[5]]);
    for wildcard in ["%", "_", "\\"] {
        let nothing = app
            .call(&c, "list_orders", &[("q", wildcard)])
            .await
            .unwrap();
        assert!(
            numbers(&nothing).is_empty(),
            "{wildcard} matches only itself"
        );
    }

    let (status, html) = app.page(&c, "/account/orders").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Отправлен (15)") && html.contains("after="));
    let (_, home) = app.page(&c, "/account").await;
    assert!(
        home.contains("Ожидает оплаты"),
        "account home shows the counters"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_order_list_query_walks_an_index_for_a_shopper_with_ten_thousand_orders() {
    let app = spawn_app().await;
    let s = app.store("Магазин", None).await;
    let p = app.product(s, "Кружка", "Mug", 500, 5).await;
    let (c, me) = app.shopper("heavy@example.ru").await;
    let (_, other) = app.shopper("light@example.ru").await;
    seed_orders(
        &app,
        me,
        s,
        p,
        10_000,
        &["completed", "shipped", "awaiting_payment"],
    )
    .await;
    seed_orders(&app, other, s, p, 500, &["completed"]).await;
    sqlx::query("ANALYZE").execute(&app.pool).await.unwrap();

    for (status, after) in [
        (None, None),
        (Some(OrderStatus::Shipped), None),
        (None, Some((1_700_300_000, 5_000))),
    ] {
        let f = Filter {
            user_id: app::ids::UserId(me),
            status,
            disputed: false,
            search: None,
            after,
            deleted: false,
        };
        let steps = plan(&app.pool, &f).await.unwrap().join(" | ");
        if after.is_some() {
            assert!(
                steps.contains("created_at<"),
                "the walk starts at the cursor: {steps}"
            );
        }
        assert!(steps.contains("USING INDEX orders_live_by_user"), "{steps}");
        assert!(
            !steps.contains("TEMP B-TREE"),
            "no sort of all the shopper's orders: {steps}"
        );
        assert!(!steps.contains("SCAN o"), "{steps}");
    }
    let t = std::time::Instant::now();
    let page = app
        .call(&c, "list_orders", &[("status", "shipped")])
        .await
        .unwrap();
    assert_eq!(numbers(&page).len(), 20);
    assert!(page["next"].is_string());
    eprintln!("list_orders at 10,000 orders: {:?}", t.elapsed());
}

/// Places and returns one order of `qty` of `product` for the client's shopper.
async fn order(app: &TestApp, c: &reqwest::Client, product: i64, qty: &str) -> String {
    let address = app.address(c).await;
    app.add_to_cart(c, product, qty).await.unwrap();
    app.place(c, address).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT number FROM orders ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    n.to_string()
}

async fn status_of(app: &TestApp, n: &str) -> String {
    sqlx::query_scalar("SELECT status FROM orders WHERE number = ?")
        .bind(n.parse::<i64>().unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_order_action_is_allowed_only_in_its_states() {
    let app = spawn_app().await;
    let (seller, seller_id) = app.shopper("seller@example.ru").await;
    let s = app.store("Лавка", Some(seller_id)).await;
    let p = app.product(s, "Кружка", "Mug", 500, 10).await;
    let (c, _) = app.shopper("buyer@example.ru").await;
    let call = |ep: &'static str, n: &str, sure: bool| {
        let mut form = vec![("number", n.to_string())];
        if sure {
            form.push(("sure", "1".to_string()));
        }
        let (app, c) = (&app, c.clone());
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(&c, ep, &form).await
        }
    };

    // Unpaid: cancel puts the stock back; nothing to refund.
    let unpaid = order(&app, &c, p, "2").await;
    assert_eq!(app.stock(p).await, 8);
    assert_eq!(
        call("delete_order", &unpaid, false).await,
        Err(AppError::OrderState)
    );
    assert_eq!(
        call("confirm_receipt", &unpaid, true).await,
        Err(AppError::OrderState)
    );
    call("cancel_order", &unpaid, false).await.unwrap();
    assert_eq!(status_of(&app, &unpaid).await, "cancelled");
    assert_eq!(app.stock(p).await, 10);
    assert_eq!(app.count("SELECT COUNT(*) FROM refunds").await, 0);
    assert_eq!(
        call("cancel_order", &unpaid, false).await,
        Err(AppError::OrderState)
    );

    // Paid: cancelling refunds what was paid, once, even when clicked twice at once.
    let paid = order(&app, &c, p, "1").await;
    call("pay_order", &paid, false).await.unwrap();
    let (r1, r2) = tokio::join!(
        call("cancel_order", &paid, false),
        call("cancel_order", &paid, false)
    );
    assert!(r1.is_ok() != r2.is_ok(), "{r1:?} {r2:?}");
    assert_eq!(app.count("SELECT SUM(amount) FROM refunds").await, 500);
    let (_, html) = app.page(&c, &format!("/account/orders/{paid}")).await;
    assert!(html.contains(r#"data-testid="refunded""#));
    assert!(
        html.contains("Возврат средств — 5,00"),
        "the refund is on the timeline"
    );

    // Shipped: no cancelling; confirming asks to be sure, then completes it.
    let shipped = order(&app, &c, p, "1").await;
    call("pay_order", &shipped, false).await.unwrap();
    let ship = [
        ("number", shipped.as_str()),
        ("carrier", "СДЭК"),
        ("tracking_number", "AB1234"),
    ];
    app.call(&seller, "ship_order", &ship).await.unwrap();
    let detail = app
        .call(&c, "order_detail", &[("number", &shipped)])
        .await
        .unwrap();
    assert!(
        detail["order"]["confirm_by"].is_null(),
        "no deadline before delivery"
    );
    let delivered = [("number", shipped.as_str()), ("kind", "delivered")];
    app.call(&seller, "add_tracking_event", &delivered)
        .await
        .unwrap();
    let detail = app
        .call(&c, "order_detail", &[("number", &shipped)])
        .await
        .unwrap();
    let by = detail["order"]["confirm_by"].as_i64().unwrap();
    let delivered_at = detail["order"]["delivered_at"].as_i64().unwrap();
    assert_eq!(by - delivered_at, 15 * 86_400, "the protection period");
    assert_eq!(detail["order"]["confirm_days_left"], 15);
    let (_, html) = app.page(&c, &format!("/account/orders/{shipped}")).await;
    assert!(html.contains("Подтвердите получение до") && html.contains("15 дн. осталось"));
    assert_eq!(
        call("cancel_order", &shipped, false).await,
        Err(AppError::OrderState)
    );
    assert_eq!(
        call("confirm_receipt", &shipped, false).await,
        Err(AppError::Required(Field::Confirm))
    );
    call("confirm_receipt", &shipped, true).await.unwrap();
    assert_eq!(status_of(&app, &shipped).await, "completed");
    assert_eq!(
        call("confirm_receipt", &shipped, true).await,
        Err(AppError::OrderState)
    );

    // Buy again fills the cart with what is still on sale.
    call("buy_again", &shipped, false).await.unwrap();
    assert_eq!(app.count("SELECT quantity FROM cart_items").await, 1);

    // The bin: completed orders leave the list, come back, or go for good (asked first).
    call("delete_order", &shipped, false).await.unwrap();
    assert_eq!(
        call("delete_order", &shipped, false).await,
        Err(AppError::OrderState)
    );
    let list = app.call(&c, "list_orders", &[]).await.unwrap();
    assert!(!numbers(&list).contains(&shipped.parse().unwrap()));
    let bin = app.call(&c, "list_deleted_orders", &[]).await.unwrap();
    assert_eq!(numbers(&bin), vec![shipped.parse::<i64>().unwrap()]);
    call("restore_order", &shipped, false).await.unwrap();
    assert!(numbers(&app.call(&c, "list_orders", &[]).await.unwrap())
        .contains(&shipped.parse().unwrap()));
    call("delete_order", &shipped, false).await.unwrap();
    assert_eq!(
        call("purge_order", &shipped, false).await,
        Err(AppError::Required(Field::Confirm))
    );
    call("purge_order", &shipped, true).await.unwrap();
    assert!(numbers(&app.call(&c, "list_deleted_orders", &[]).await.unwrap()).is_empty());
    assert_eq!(
        app.call(&c, "order_detail", &[("number", &shipped)]).await,
        Err(AppError::NotFound),
        "a purged order no longer opens"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM orders").await,
        3,
        "deleting hides; the order still counts"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_shopper_cannot_act_on_an_order_or_see_it() {
    let app = spawn_app().await;
    let s = app.store("Лавка", None).await;
    let p = app.product(s, "Кружка", "Mug", 500, 10).await;
    let (owner, _) = app.shopper("owner@example.ru").await;
    let (other, _) = app.shopper("other@example.ru").await;
    let n = order(&app, &owner, p, "1").await;
    let binned = order(&app, &owner, p, "1").await;
    // This one sits in the owner's bin: restoring or purging it would work for the owner.
    sqlx::query("UPDATE orders SET status = 'completed' WHERE number = ?")
        .bind(binned.parse::<i64>().unwrap())
        .execute(&app.pool)
        .await
        .unwrap();
    app.call(&owner, "delete_order", &[("number", &binned)])
        .await
        .unwrap();
    let purge = [("number", binned.as_str()), ("sure", "1")];
    assert_eq!(
        app.call(&other, "purge_order", &purge).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        app.call(&other, "restore_order", &[("number", &binned)])
            .await,
        Err(AppError::NotFound)
    );
    for ep in ["cancel_order", "buy_again", "delete_order", "pay_order"] {
        assert_eq!(
            app.call(&other, ep, &[("number", &n)]).await,
            Err(AppError::NotFound),
            "{ep}"
        );
    }
    assert_eq!(status_of(&app, &n).await, "awaiting_payment");
    let bin = app.call(&owner, "list_deleted_orders", &[]).await.unwrap();
    assert_eq!(
        numbers(&bin),
        vec![binned.parse::<i64>().unwrap()],
        "still in the owner's bin"
    );
    let (_, html) = app.page(&other, "/account/orders").await;
    assert!(!html.contains(&n));
}
