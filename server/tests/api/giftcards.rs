//! Gift cards: redeeming (codes, another's card, expiry, guessing), part payment, the return of
//! that part on refunds, and two tabs spending one balance.

use crate::helpers::*;
use app::error::{AppError, Field};
use app::money::Money;

const DAY: i64 = 86_400;

async fn issue(app: &TestApp, code: &str, cents: i64, days: i64) {
    let now = app::platform::now();
    let mut conn = app.pool.acquire().await.unwrap();
    app::giftcards::ssr::issue_in(&mut conn, code, Money(cents), now + days * DAY, now)
        .await
        .unwrap();
}

async fn balance(app: &TestApp, c: &reqwest::Client) -> i64 {
    app.call(c, "gift_balance", &[])
        .await
        .unwrap()
        .as_i64()
        .unwrap()
}

/// One unpaid order of `price` from a fresh store; returns its checkout key.
async fn unpaid_order(app: &TestApp, c: &reqwest::Client, address: i64, price: i64) -> String {
    let store = app.store("Лавка", None).await;
    let p = app.product(store, "Кружка", "Mug", price, 9).await;
    app.add_to_cart(c, p, "1").await.unwrap();
    app.place(c, address).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_is_redeemed_once_by_one_shopper_and_guessing_is_throttled() {
    let app = spawn_app().await;
    issue(&app, "GIFT-AAAA-1111", 5_000, 30).await;
    issue(&app, "GIFT-OLD0-0000", 5_000, -1).await;
    let (c, _) = app.shopper("gift@example.ru").await;
    let (other, _) = app.shopper("other@example.ru").await;
    let redeem = |c: &reqwest::Client, code: &'static str| {
        let (app, c) = (&app, c.clone());
        async move { app.call(&c, "redeem_gift_card", &[("code", code)]).await }
    };
    assert_eq!(
        redeem(&c, "GIFT-ZZZZ-9999").await,
        Err(AppError::GiftCardCode)
    );
    assert_eq!(AppError::GiftCardCode.field(), Some(Field::Code));
    assert_eq!(
        redeem(&c, "gift-old0-0000").await,
        Err(AppError::GiftCardExpired)
    );
    redeem(&c, " gift aaaa 1111 ").await.unwrap();
    assert_eq!(balance(&app, &c).await, 5_000);
    assert_eq!(
        redeem(&c, "GIFT-AAAA-1111").await,
        Err(AppError::GiftCardRedeemed)
    );
    assert_eq!(
        redeem(&other, "GIFT-AAAA-1111").await,
        Err(AppError::GiftCardCode),
        "another shopper's card is answered like an unknown one"
    );
    assert_eq!(balance(&app, &other).await, 0);
    // The code itself is not kept.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM gift_cards WHERE code_hash LIKE '%AAAA%'")
            .await,
        0
    );

    // Ten entries an hour: `other` has made one; nine more, then the eleventh is refused.
    for _ in 0..9 {
        let _ = redeem(&other, "GIFT-GUES-0000").await;
    }
    assert_eq!(
        redeem(&other, "GIFT-GUES-0000").await,
        Err(AppError::TooManyCodeEntries)
    );

    // The page shows the balance and the history.
    let (_, html) = app.page(&c, "/account/coupons/gift-cards").await;
    assert!(html.contains("50,00") && html.contains("Сертификат активирован"));
    assert!(html.contains("…1111"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gift_card_pays_part_of_an_order_and_a_cancellation_gives_that_part_back() {
    let app = spawn_app().await;
    issue(&app, "GIFT-BBBB-2222", 2_000, 30).await;
    let (c, _) = app.shopper("part@example.ru").await;
    app.call(&c, "redeem_gift_card", &[("code", "GIFTBBBB2222")])
        .await
        .unwrap();
    let address = app.address(&c).await;
    let key = unpaid_order(&app, &c, address, 3_000).await;

    // More than the balance: refused, nothing paid.
    assert_eq!(
        app.call(&c, "pay_checkout", &[("key", &key), ("gift", "25")])
            .await,
        Err(AppError::GiftCardBalance { available: 2_000 })
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM payments").await, 0);
    assert_eq!(
        app.call(&c, "pay_checkout", &[("key", &key), ("gift", "-3")])
            .await,
        Err(AppError::OutOfRange(Field::Gift))
    );
    app.call(&c, "pay_checkout", &[("key", &key), ("gift", "12,50")])
        .await
        .unwrap();
    assert_eq!(balance(&app, &c).await, 750);
    assert_eq!(
        app.count("SELECT amount * 100000 + gift_amount FROM payments")
            .await,
        3_000 * 100_000 + 1_250,
        "the payment is the whole total, 12.50 of it from the card balance"
    );

    let number = app.count("SELECT number FROM orders").await.to_string();
    app.call(&c, "cancel_order", &[("number", &number)])
        .await
        .unwrap();
    assert_eq!(balance(&app, &c).await, 2_000, "the gift part is back");
    assert_eq!(app.count("SELECT SUM(amount) FROM refunds").await, 3_000);
    // Recomputed, not added twice.
    let order = app::ids::OrderId(app.count("SELECT id FROM orders").await);
    let mut conn = app.pool.acquire().await.unwrap();
    let again = app::giftcards::ssr::refund_in(&mut conn, order, app::platform::now())
        .await
        .unwrap();
    assert_eq!(again, Money(0));
    let kinds: Vec<(String, i64)> =
        sqlx::query_as("SELECT kind, amount FROM gift_card_moves ORDER BY id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        kinds,
        vec![
            ("redeemed".into(), 2_000),
            ("spent".into(), -1_250),
            ("refund".into(), 1_250)
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partial_refund_returns_the_card_part_first_then_the_gift_part() {
    let app = spawn_app().await;
    issue(&app, "GIFT-CCCC-3333", 2_000, 30).await;
    let (c, _) = app.shopper("refund@example.ru").await;
    app.call(&c, "redeem_gift_card", &[("code", "GIFT-CCCC-3333")])
        .await
        .unwrap();
    let address = app.address(&c).await;
    let key = unpaid_order(&app, &c, address, 5_000).await;
    app.call(&c, "pay_checkout", &[("key", &key), ("gift", "20")])
        .await
        .unwrap();
    assert_eq!(balance(&app, &c).await, 0);
    let order: i64 = app.count("SELECT id FROM orders").await;
    let refund = |cents: i64| {
        let pool = app.pool.clone();
        async move {
            let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
            sqlx::query("INSERT INTO refunds (order_id, amount, reason, created_at) VALUES (?, ?, 'dispute', 1)")
                .bind(order)
                .bind(cents)
                .execute(&mut *tx)
                .await
                .unwrap();
            let back = app::giftcards::ssr::refund_in(&mut tx, app::ids::OrderId(order), 2)
                .await
                .unwrap();
            tx.commit().await.unwrap();
            back
        }
    };
    // Paid 50.00: 30.00 by card, 20.00 by gift card.
    assert_eq!(refund(2_500).await, Money(0), "within the card part");
    assert_eq!(refund(1_000).await, Money(500), "5.00 past the card part");
    assert_eq!(refund(1_500).await, Money(1_500));
    assert_eq!(balance(&app, &c).await, 2_000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tabs_spending_one_balance_cannot_both_take_it() {
    let app = spawn_app().await;
    issue(&app, "GIFT-DDDD-4444", 3_000, 30).await;
    let (c, _) = app.shopper("tabs@example.ru").await;
    app.call(&c, "redeem_gift_card", &[("code", "GIFT-DDDD-4444")])
        .await
        .unwrap();
    let address = app.address(&c).await;
    let k1 = unpaid_order(&app, &c, address, 4_000).await;
    let k2 = unpaid_order(&app, &c, address, 4_000).await;
    let pay = |key: String| {
        let (app, c) = (&app, c.clone());
        async move {
            app.call(&c, "pay_checkout", &[("key", &key), ("gift", "30")])
                .await
        }
    };
    let (r1, r2) = tokio::join!(pay(k1), pay(k2));
    let results = [r1, r2];
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    assert!(
        results.contains(&Err(AppError::GiftCardBalance { available: 0 })),
        "{results:?}"
    );
    assert_eq!(balance(&app, &c).await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM payments").await, 1);
    assert_eq!(
        app.count("SELECT SUM(gift_amount) FROM payments").await,
        3_000
    );
    assert_eq!(
        app.count("SELECT SUM(amount) FROM gift_card_moves").await,
        0,
        "no money made"
    );
}
