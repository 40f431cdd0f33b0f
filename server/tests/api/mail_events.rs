//! Issue 13, e-mails sent by events: a checkout sent twice tells once, a deadline that decides a
//! dispute, a store's message (once until read), a price drop and a store's new coupon to its
//! followers — each logged, and each skipped for a shopper who switched its kind off.

use crate::dispute_setup::{deadlines_pass, disputed};
use crate::helpers::*;
use crate::messages::{about_product, reply, shop, thread};

/// How many e-mails of `kind` the shopper `user` has in their log.
async fn logged(app: &TestApp, user: i64, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM mail_log WHERE user_id = ? AND kind = ?")
        .bind(user)
        .bind(kind)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = ?")
        .bind(email)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// Keeps every optional kind on except `off`.
async fn switch_off(app: &TestApp, c: &reqwest::Client, off: &str) {
    let on: Vec<(&str, &str)> = [
        "orders",
        "disputes",
        "messages",
        "price_drops",
        "promotions",
    ]
    .into_iter()
    .filter(|k| *k != off)
    .map(|k| (k, "on"))
    .collect();
    app.call(c, "mail_choices", &on).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_checkout_sent_twice_places_its_orders_and_emails_them_once() {
    let app = spawn_app().await;
    let store = app.store("Лавка", None).await;
    let product = app.product(store, "Чайник", "Kettle", 1500, 10).await;
    let (c, user) = app.shopper("twice@example.ru").await;
    let address = app.address(&c).await.to_string();
    app.add_to_cart(&c, product, "1").await.unwrap();
    let key = app.call(&c, "checkout", &[]).await.unwrap()["key"]
        .as_str()
        .unwrap()
        .to_string();
    let form = [
        ("checkout_key", key.as_str()),
        ("address_id", address.as_str()),
    ];
    let first = app.call(&c, "place_order", &form).await.unwrap();
    let again = app.call(&c, "place_order", &form).await.unwrap();
    assert_eq!(first, again, "the same checkout");
    assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 1);
    assert_eq!(logged(&app, user, "orders").await, 1, "one e-mail");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dispute_decided_by_its_deadline_is_emailed_unless_disputes_are_off() {
    let d = crate::dispute_setup::deal().await;
    let app = &d.app;
    let buyer = user_id(app, "buyer@example.ru").await;
    let (_, id) = disputed(app, &d.buyer, &d.seller, d.product).await;
    let before = logged(app, buyer, "disputes").await;
    // The store never answers: when its deadline passes, the shopper is refunded in full.
    assert_eq!(deadlines_pass(app).await, 1);
    let mail = app
        .mail_to("buyer@example.ru", &format!("По спору № {id}:"))
        .await;
    assert!(mail.contains("Вам возвращено"), "{mail}");
    assert!(mail.contains(&format!("/account/disputes/{id}")), "{mail}");
    assert_eq!(logged(app, buyer, "disputes").await, before + 1);

    // Switched off: the next decision is made, and not e-mailed.
    switch_off(app, &d.buyer, "disputes").await;
    let (_, second) = disputed(app, &d.buyer, &d.seller, d.product).await;
    assert_eq!(deadlines_pass(app).await, 1);
    let status: String = sqlx::query_scalar("SELECT status FROM disputes WHERE id = ?")
        .bind(second)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "refunded");
    assert_eq!(logged(app, buyer, "disputes").await, before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_message_is_emailed_once_until_the_shopper_reads_it() {
    let s = shop().await;
    let app = &s.app;
    let buyer = user_id(app, "buyer@example.ru").await;
    let id = about_product(app, &s.buyer, s.product, "Есть синяя?")
        .await
        .unwrap();
    assert_eq!(logged(app, buyer, "messages").await, 0, "not for one's own");
    reply(app, &s.seller, id, "Да, есть.", true).await.unwrap();
    let mail = app
        .mail_to("buyer@example.ru", "Магазин «Лавка» написал вам")
        .await;
    assert!(mail.contains(&format!("/account/messages/{id}")), "{mail}");
    reply(app, &s.seller, id, "И зелёная.", true).await.unwrap();
    assert_eq!(logged(app, buyer, "messages").await, 1, "once while unread");
    thread(app, &s.buyer, id, false).await.unwrap();
    reply(app, &s.seller, id, "Ждём заказ!", true)
        .await
        .unwrap();
    assert_eq!(logged(app, buyer, "messages").await, 2, "again once read");

    switch_off(app, &s.buyer, "messages").await;
    thread(app, &s.buyer, id, false).await.unwrap();
    reply(app, &s.seller, id, "Скидка 5%.", true).await.unwrap();
    assert_eq!(logged(app, buyer, "messages").await, 2, "switched off");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_store_coupon_is_emailed_to_its_followers_who_want_promotions() {
    let app = spawn_app().await;
    let (seller, seller_id) = app.shopper("seller@example.ru").await;
    let store = app.store("Лавка", Some(seller_id)).await;
    let (fan, fan_id) = app.shopper("fan@example.ru").await;
    let (quiet, quiet_id) = app.shopper("quiet@example.ru").await;
    let (_, stranger_id) = app.shopper("stranger@example.ru").await;
    for c in [&fan, &quiet] {
        app.call(
            c,
            "follow_store",
            &[("store_id", &store.to_string()), ("follow", "1")],
        )
        .await
        .unwrap();
    }
    switch_off(&app, &quiet, "promotions").await;
    app.call(
        &seller,
        "create_coupon",
        &[
            ("amount", "5"),
            ("percent", ""),
            ("min_order", "20"),
            ("starts", "2030-01-01"),
            ("ends", "2030-06-30"),
            ("quantity", "100"),
            ("per_shopper", "1"),
        ],
    )
    .await
    .unwrap();
    let mail = app
        .mail_to("fan@example.ru", "Магазин «Лавка», на который вы подписаны")
        .await;
    assert!(mail.contains(&format!("/store/{store}")), "{mail}");
    assert_eq!(logged(&app, fan_id, "promotions").await, 1);
    // The announcement runs in the background: give the others' turn time to pass.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        logged(&app, quiet_id, "promotions").await,
        0,
        "switched off"
    );
    assert_eq!(
        logged(&app, stranger_id, "promotions").await,
        0,
        "not a follower"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_price_drop_email_is_logged_and_skipped_for_a_shopper_who_switched_them_off() {
    let app = spawn_app().await;
    let (seller, seller_id) = app.shopper("seller@example.ru").await;
    let store = app.store("Лавка", Some(seller_id)).await;
    let product = app.product(store, "Кружка", "Mug", 1000, 50).await;
    let p = product.to_string();
    let (keen, keen_id) = app.shopper("keen@example.ru").await;
    let (quiet, quiet_id) = app.shopper("quiet@example.ru").await;
    for (c, user) in [(&keen, keen_id), (&quiet, quiet_id)] {
        // 150 points this year: level 2, the first with price-drop alerts.
        sqlx::query(
            "INSERT INTO points_ledger (user_id, kind, source, points, created_at)
             VALUES (?, 'purchase_day', 1, 150, ?)",
        )
        .bind(user)
        .bind(app::platform::now() - 86_400)
        .execute(&app.pool)
        .await
        .unwrap();
        app.call(c, "toggle_wish", &[("product_id", &p), ("on", "1")])
            .await
            .unwrap();
    }
    switch_off(&app, &quiet, "price_drops").await;
    let told = app
        .call(
            &seller,
            "set_price",
            &[
                ("product_id", &p),
                ("price", "10.00"),
                ("discount_price", "8.50"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(told, 2, "both are told in their notices");
    let mail = app
        .mail_to("keen@example.ru", "Цена на «Кружка» снизилась")
        .await;
    assert!(mail.contains(&format!("/product/{product}")), "{mail}");
    assert_eq!(logged(&app, keen_id, "price_drops").await, 1);
    assert_eq!(logged(&app, quiet_id, "price_drops").await, 0, "no e-mail");
}
