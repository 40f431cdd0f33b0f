//! Coupons at checkout: the best preselected, the platform coupon split to the cent, the
//! server's own arithmetic, the race for one coupon, and the return on cancellation.

use crate::coupons::{claim, coupon, held, NewCoupon, PLAIN};
use crate::helpers::*;
use app::error::AppError;

/// Places the cart's orders with these coupon `choices` (`s<store>=<held>&p=<held>`).
async fn place_with(
    app: &TestApp,
    c: &reqwest::Client,
    address: i64,
    choices: &str,
) -> Result<String, AppError> {
    let view = app.call(c, "checkout", &[("coupons", choices)]).await?;
    let key = view["key"].as_str().unwrap().to_string();
    app.call(
        c,
        "place_order",
        &[
            ("checkout_key", &key),
            ("address_id", &address.to_string()),
            ("coupons", choices),
        ],
    )
    .await
    .map(|v| v.as_str().unwrap().to_string())
}

/// (store, total, discount) of each order, by store.
async fn orders(app: &TestApp) -> Vec<(i64, i64, i64)> {
    sqlx::query_as("SELECT store_id, total, discount FROM orders ORDER BY store_id")
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkout_preselects_the_best_coupons_and_splits_the_platform_one_to_the_cent() {
    let app = spawn_app().await;
    let a = app.store("Альфа", None).await;
    let b = app.store("Бета", None).await;
    let pa = app.product(a, "Кружка", "Mug", 3_333, 9).await;
    let pb = app.product(b, "Плед", "Blanket", 6_667, 9).await;
    let (c, user) = app.shopper("best@example.ru").await;
    let address = app.address(&c).await;
    // Store A: $5 off from $30 beats 10 % (= $3.33); one that needs $40 does not apply yet.
    let a5 = coupon(
        &app,
        NewCoupon {
            store: Some(a),
            code: "A5",
            min: 3_000,
            ..PLAIN
        },
    )
    .await;
    let a10 = coupon(
        &app,
        NewCoupon {
            store: Some(a),
            code: "A10",
            amount: 2_000,
            percent: Some(10),
            ..PLAIN
        },
    )
    .await;
    let a9 = coupon(
        &app,
        NewCoupon {
            store: Some(a),
            code: "A9",
            amount: 900,
            min: 4_000,
            ..PLAIN
        },
    )
    .await;
    // Platform: $10.01 off from $50, split over 28.33 and 66.67.
    let p = coupon(
        &app,
        NewCoupon {
            code: "P10",
            amount: 1_001,
            min: 5_000,
            ..PLAIN
        },
    )
    .await;
    for id in [a5, a10, a9, p] {
        claim(&app, &c, id).await.unwrap();
    }
    app.add_to_cart(&c, pa, "1").await.unwrap();
    app.add_to_cart(&c, pb, "1").await.unwrap();

    let view = app.call(&c, "checkout", &[]).await.unwrap();
    let q = &view["quote"];
    let (ha5, hp) = (held(&app, user, a5).await, held(&app, user, p).await);
    assert_eq!(q["stores"][0]["chosen"], ha5);
    assert_eq!(q["platform_chosen"], hp);
    let (_, html) = app.page(&c, "/checkout").await;
    assert!(
        html.contains("Добавьте товаров ещё на 6,67"),
        "why A9 does not apply"
    );

    place_with(&app, &c, address, q["choices"].as_str().unwrap())
        .await
        .unwrap();
    // A: 3,333 - 500 = 2,833; B: 6,667. Platform 1,001 over 2,833 : 6,667 = 298.5 / 702.5:
    // 298 and 702, the remaining cent on the larger (B).
    assert_eq!(
        orders(&app).await,
        vec![(a, 2_833 - 298, 500 + 298), (b, 6_667 - 703, 703)]
    );
    assert_eq!(
        app.count("SELECT SUM(amount) FROM order_coupons").await,
        500 + 1_001,
        "the coupons' parts add up"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM user_coupons WHERE state = 'used'")
            .await,
        2
    );
    // Paying takes the totals after the discount.
    let key: String = sqlx::query_scalar("SELECT checkout_key FROM orders LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    app.call(&c, "pay_checkout", &[("key", &key)])
        .await
        .unwrap();
    assert_eq!(
        app.count("SELECT SUM(amount) FROM payments").await,
        3_333 + 6_667 - 1_501
    );
    // The order page shows what each coupon took off.
    let number: i64 = app
        .count(&format!("SELECT number FROM orders WHERE store_id = {a}"))
        .await;
    let (_, html) = app.page(&c, &format!("/account/orders/{number}")).await;
    assert!(
        html.contains("Купон магазина") && html.contains("−5,00"),
        "store coupon line"
    );
    assert!(
        html.contains("Купон Kabinet") && html.contains("−2,98"),
        "platform share line"
    );
    // The wallet shows the orders they went to.
    let w = app.call(&c, "coupons", &[("tab", "used")]).await.unwrap();
    assert_eq!(w["coupons"].as_array().unwrap().len(), 2);
    assert!(!w["coupons"][0]["orders"].as_array().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_ignores_sent_discounts_and_refuses_coupons_that_are_not_yours_or_do_not_apply()
{
    let app = spawn_app().await;
    let a = app.store("Альфа", None).await;
    let pa = app.product(a, "Кружка", "Mug", 2_000, 9).await;
    let (c, user) = app.shopper("tamper@example.ru").await;
    let (other, other_id) = app.shopper("other@example.ru").await;
    let address = app.address(&c).await;
    let mine = coupon(
        &app,
        NewCoupon {
            store: Some(a),
            code: "MINE",
            amount: 300,
            ..PLAIN
        },
    )
    .await;
    let big = coupon(
        &app,
        NewCoupon {
            store: Some(a),
            code: "BIG",
            amount: 500,
            min: 5_000,
            ..PLAIN
        },
    )
    .await;
    let theirs = coupon(
        &app,
        NewCoupon {
            store: Some(a),
            code: "THEIRS",
            amount: 900,
            ..PLAIN
        },
    )
    .await;
    claim(&app, &c, mine).await.unwrap();
    claim(&app, &c, big).await.unwrap();
    claim(&app, &other, theirs).await.unwrap();
    app.add_to_cart(&c, pa, "1").await.unwrap();

    let their_held = held(&app, other_id, theirs).await;
    let big_held = held(&app, user, big).await;
    let choice = |h: i64| format!("s{a}={h}&p=0");
    assert_eq!(
        place_with(&app, &c, address, &choice(their_held)).await,
        Err(AppError::CouponUnavailable),
        "another shopper's coupon"
    );
    assert_eq!(
        place_with(&app, &c, address, &choice(big_held)).await,
        Err(AppError::CouponNotApplicable),
        "below its minimum"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM orders").await,
        0,
        "nothing placed"
    );
    assert_eq!(app.stock(pa).await, 9);

    // A discount in the post is ignored; the coupon's own amount is taken.
    let view = app.call(&c, "checkout", &[]).await.unwrap();
    let key = view["key"].as_str().unwrap().to_string();
    let mine_held = held(&app, user, mine).await;
    app.call(
        &c,
        "place_order",
        &[
            ("checkout_key", &key),
            ("address_id", &address.to_string()),
            ("coupons", &choice(mine_held)),
            ("discount", "2000"),
            ("total", "1"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(orders(&app).await, vec![(a, 1_700, 300)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tabs_racing_for_one_coupon_give_one_order_with_it_and_one_clear_refusal() {
    let app = spawn_app().await;
    let a = app.store("Альфа", None).await;
    let p1 = app.product(a, "Кружка", "Mug", 2_000, 9).await;
    let p2 = app.product(a, "Ложка", "Spoon", 1_000, 9).await;
    let (c, user) = app.shopper("race@example.ru").await;
    let address = app.address(&c).await;
    let id = coupon(
        &app,
        NewCoupon {
            code: "ONCE",
            amount: 300,
            ..PLAIN
        },
    )
    .await;
    claim(&app, &c, id).await.unwrap();
    let h = held(&app, user, id).await;
    app.add_to_cart(&c, p1, "1").await.unwrap();

    // Both tabs show the checkout with the coupon chosen, then both submit at once.
    let keys: Vec<String> = {
        let mut k = Vec::new();
        for _ in 0..2 {
            let v = app.call(&c, "checkout", &[]).await.unwrap();
            k.push(v["key"].as_str().unwrap().to_string());
        }
        k
    };
    let choices = format!("p={h}");
    let post = |key: String| {
        let (app, c, choices) = (&app, c.clone(), choices.clone());
        async move {
            app.call(
                &c,
                "place_order",
                &[
                    ("checkout_key", &key),
                    ("address_id", &address.to_string()),
                    ("coupons", &choices),
                ],
            )
            .await
        }
    };
    let (r1, r2) = tokio::join!(post(keys[0].clone()), post(keys[1].clone()));
    let results = [r1, r2];
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    // The loser found the cart already bought: nothing placed for it.
    assert!(
        results.iter().any(|r| r == &Err(AppError::CartEmpty)),
        "{results:?}"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 1);

    // A stale tab with the used coupon, after more was added to the cart: refused, nothing
    // placed, the cart kept.
    app.add_to_cart(&c, p2, "1").await.unwrap();
    let v = app.call(&c, "checkout", &[]).await.unwrap();
    let key = v["key"].as_str().unwrap().to_string();
    assert_eq!(
        app.call(
            &c,
            "place_order",
            &[
                ("checkout_key", &key),
                ("address_id", &address.to_string()),
                ("coupons", &choices)
            ],
        )
        .await,
        Err(AppError::CouponUsed)
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM cart_items").await, 1);
    assert_eq!(app.stock(p2).await, 9);
    assert_eq!(app.count("SELECT COUNT(*) FROM order_coupons").await, 1);

    // The same race on the write itself: two transactions marking the coupon used.
    let fresh = coupon(
        &app,
        NewCoupon {
            code: "TWICE",
            ..PLAIN
        },
    )
    .await;
    claim(&app, &c, fresh).await.unwrap();
    let h2 = app::coupons::HeldId(held(&app, user, fresh).await);
    let order = app::ids::OrderId(app.count("SELECT id FROM orders").await);
    let use_once = || {
        let pool = app.pool.clone();
        async move {
            let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
            let r = app::coupons::ssr::use_in(
                &mut tx,
                app::ids::UserId(user),
                h2,
                &[(order, app::money::Money(1))],
                1,
            )
            .await;
            tx.commit().await.unwrap();
            r
        }
    };
    let (u1, u2) = tokio::join!(use_once(), use_once());
    let mut outcomes = [u1.is_ok(), u2.is_ok()];
    outcomes.sort();
    assert_eq!(outcomes, [false, true]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_order_gives_its_coupons_back_while_they_are_valid() {
    let app = spawn_app().await;
    let a = app.store("Альфа", None).await;
    let b = app.store("Бета", None).await;
    let pa = app.product(a, "Кружка", "Mug", 4_000, 9).await;
    let pb = app.product(b, "Плед", "Blanket", 4_000, 9).await;
    let (c, user) = app.shopper("cancel@example.ru").await;
    let address = app.address(&c).await;
    let sa = coupon(
        &app,
        NewCoupon {
            store: Some(a),
            code: "SA",
            ..PLAIN
        },
    )
    .await;
    let pl = coupon(
        &app,
        NewCoupon {
            code: "PL",
            amount: 1_000,
            ..PLAIN
        },
    )
    .await;
    claim(&app, &c, sa).await.unwrap();
    claim(&app, &c, pl).await.unwrap();
    app.add_to_cart(&c, pa, "1").await.unwrap();
    app.add_to_cart(&c, pb, "1").await.unwrap();
    let key = place_with(&app, &c, address, "").await.unwrap();
    app.call(&c, "pay_checkout", &[("key", &key)])
        .await
        .unwrap();
    let number = |store: i64| {
        let app = &app;
        async move {
            app.count(&format!(
                "SELECT number FROM orders WHERE store_id = {store}"
            ))
            .await
            .to_string()
        }
    };
    let state = |coupon: i64| {
        let app = &app;
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT state FROM user_coupons WHERE user_id = ? AND coupon_id = ?",
            )
            .bind(user)
            .bind(coupon)
            .fetch_one(&app.pool)
            .await
            .unwrap()
        }
    };
    // A: 4,000 - 500 = 3,500; the platform's 1,000 over 3,500 : 4,000 gives A 466 (B the
    // remaining cent: 534), so A paid 3,034.
    let na = number(a).await;
    app.call(&c, "cancel_order", &[("number", &na)])
        .await
        .unwrap();
    assert_eq!(state(sa).await, "held", "the store coupon is back");
    assert_eq!(
        state(pl).await,
        "used",
        "the platform coupon still pays part of B"
    );
    assert_eq!(
        app.count(&format!("SELECT amount FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.store_id = {a}")).await,
        3_034,
        "the refund is what was paid"
    );
    // The platform coupon expires before B is cancelled: it stays used.
    sqlx::query("UPDATE coupons SET starts_at = 0, ends_at = 1000 WHERE id = ?")
        .bind(pl)
        .execute(&app.pool)
        .await
        .unwrap();
    let nb = number(b).await;
    app.call(&c, "cancel_order", &[("number", &nb)])
        .await
        .unwrap();
    assert_eq!(state(pl).await, "used");

    // And the store coupon, given back, is chosen again at the next checkout.
    app.add_to_cart(&c, pa, "1").await.unwrap();
    let view = app.call(&c, "checkout", &[]).await.unwrap();
    assert_eq!(
        view["quote"]["stores"][0]["chosen"],
        held(&app, user, sa).await
    );
}
