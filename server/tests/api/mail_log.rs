//! Issue 13, e-mail notifications: every e-mail to a shopper is in their log (paged, one opens
//! as sent, another's is "not found"), and the sender respects the kinds switched off.

use crate::helpers::*;
use app::error::AppError;
use reqwest::StatusCode;

/// A shopper with an address and one product in the cart; returns the client.
async fn ready_to_order(app: &TestApp, email: &str, product: i64) -> reqwest::Client {
    let (c, _) = app.shopper(email).await;
    app.address(&c).await;
    app.add_to_cart(&c, product, "1").await.unwrap();
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_emails_are_logged_and_not_sent_once_the_shopper_switches_them_off() {
    let app = spawn_app().await;
    let store = app.store("Магазин", None).await;
    let product = app.product(store, "Чайник", "Kettle", 1500, 10).await;
    let c = ready_to_order(&app, "log@example.ru", product).await;
    let address: i64 = sqlx::query_scalar("SELECT id FROM addresses")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let key = app.place(&c, address).await.unwrap();
    app.mail_to("log@example.ru", "Вы оформили заказ").await;
    app.call(&c, "pay_checkout", &[("key", &key)])
        .await
        .unwrap();
    app.mail_to("log@example.ru", "Оплачено заказов").await;

    let log = app.call(&c, "mail_log", &[]).await.unwrap();
    let subjects: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects.len(), 3, "{subjects:?}");
    assert!(subjects[0].starts_with("Оплата получена"));
    assert!(subjects[1].starts_with("Заказ оформлен"));
    assert!(subjects[2].starts_with("Подтвердите e-mail"));
    let id = log["items"][1]["id"].as_i64().unwrap().to_string();
    let one = app.call(&c, "mail_entry", &[("id", &id)]).await.unwrap();
    assert!(one["body"].as_str().unwrap().contains("/checkout/pay/"));
    let (status, html) = app
        .page(&c, &format!("/account/settings/notifications/{id}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Заказ оформлен"));
    // The welcome e-mail's confirmation link is not kept in the log.
    let welcome = log["items"][2]["id"].as_i64().unwrap().to_string();
    let w = app
        .call(&c, "mail_entry", &[("id", &welcome)])
        .await
        .unwrap();
    assert!(!w["body"].as_str().unwrap().contains("/email/confirm/"));

    // Another shopper cannot read it.
    let (other, _) = app.shopper("other@example.ru").await;
    assert_eq!(
        app.call(&other, "mail_entry", &[("id", &id)]).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        app.call(&other, "mail_entry", &[("id", "x")]).await,
        Err(AppError::NotFound)
    );

    // Orders switched off (the rest kept on): the next order sends nothing.
    app.call(
        &c,
        "mail_choices",
        &[
            ("disputes", "on"),
            ("messages", "on"),
            ("price_drops", "on"),
        ],
    )
    .await
    .unwrap();
    let log = app.call(&c, "mail_log", &[]).await.unwrap();
    let choices = log["choices"].as_array().unwrap();
    assert_eq!(choices[0], serde_json::json!(["Orders", false]));
    assert_eq!(choices[1], serde_json::json!(["Disputes", true]));
    assert_eq!(choices[4], serde_json::json!(["Promotions", false]));
    let files = app.mail_count();
    app.add_to_cart(&c, product, "1").await.unwrap();
    app.place(&c, address).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.mail_count(), files, "no e-mail sent");
    assert_eq!(
        app.call(&c, "mail_log", &[]).await.unwrap()["total"],
        3,
        "and none logged"
    );

    // Security e-mails cannot be switched off.
    app.call(&c, "mail_choices", &[]).await.unwrap();
    app.call(
        &c,
        "change_password",
        &[
            ("current_password", "Korova-Moloko-2026"),
            ("password", "Zelenyj-Chaj-2027"),
        ],
    )
    .await
    .unwrap();
    app.mail_to("log@example.ru", "только что изменён").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_pages_by_twenty_and_the_page_lists_them() {
    let app = spawn_app().await;
    let (c, user) = app.shopper("many@example.ru").await;
    for i in 0..25 {
        sqlx::query(
            "INSERT INTO mail_log (user_id, kind, subject, body, sent_at) VALUES (?, 'orders', ?, 'b', ?)",
        )
        .bind(user)
        .bind(format!("Письмо {i}"))
        .bind(1_700_000_000 + i)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    let first = app.call(&c, "mail_log", &[]).await.unwrap();
    assert_eq!(first["total"], 26);
    assert_eq!(first["pages"], 2);
    assert_eq!(first["items"].as_array().unwrap().len(), 20);
    assert_eq!(first["items"][0]["subject"], "Письмо 24");
    let second = app.call(&c, "mail_log", &[("page", "2")]).await.unwrap();
    assert_eq!(second["items"].as_array().unwrap().len(), 6);
    let (status, html) = app.page(&c, "/account/settings/notifications?page=2").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Письмо 0") && !html.contains("Письмо 24"));
    assert!(html.contains("Страница 2 из 2"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_profile_saves_a_name_and_about_and_refuses_501_characters() {
    let app = spawn_app().await;
    let (c, _) = app.shopper("p@example.ru").await;
    let long = "я".repeat(501);
    assert_eq!(
        app.call(&c, "save_profile", &[("name", "Юлия"), ("about", &long)])
            .await,
        Err(AppError::TooLong(app::error::Field::About, 500))
    );
    assert_eq!(
        app.call(&c, "save_profile", &[("name", ""), ("about", "x")])
            .await,
        Err(AppError::Required(app::error::Field::Name))
    );
    app.call(
        &c,
        "save_profile",
        &[
            ("name", "Юлия <b>И.</b>"),
            ("about", "Люблю <script>чай</script></textarea><b>x</b>"),
        ],
    )
    .await
    .unwrap();
    let (_, html) = app.page(&c, "/account/settings/profile").await;
    let at = html.find("profile-about\"").unwrap_or(0);
    assert!(
        html.contains("Люблю &lt;script"),
        "shown as typed: {}",
        &html[at..(at + 400).min(html.len())]
    );
    assert!(!html.contains("<script>чай"), "never as HTML");
    assert!(
        !html.contains("<b>x</b>"),
        "a saved </textarea> does not end the element"
    );
    assert!(
        html.contains("Привет, Юлия &lt;b"),
        "the header greets the new name"
    );
    assert!(!html.contains("<b>И."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shopper_is_emailed_when_the_store_ships_and_delivers_unless_orders_are_off() {
    let d = crate::dispute_setup::deal().await;
    let app = &d.app;
    let mail = app
        .mail_to("buyer@example.ru", "Магазин отправил ваш заказ")
        .await;
    assert!(
        mail.contains(&format!("/account/orders/{}", d.number)),
        "{mail}"
    );
    app.call(
        &d.seller,
        "add_tracking_event",
        &[("number", &d.number), ("kind", "delivered")],
    )
    .await
    .unwrap();
    app.mail_to("buyer@example.ru", "доставлен. Проверьте")
        .await;
    let kinds: Vec<String> = sqlx::query_scalar(
        "SELECT l.kind FROM mail_log l JOIN users u ON u.id = l.user_id
         WHERE u.email = 'buyer@example.ru' ORDER BY l.id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        kinds,
        ["account", "orders", "orders", "orders", "orders"],
        "welcome, placed, paid, shipped, delivered"
    );

    // Orders switched off: the next shipment sends nothing.
    app.call(&d.buyer, "mail_choices", &[]).await.unwrap();
    crate::dispute_setup::shipped_order(app, &d.buyer, &d.seller, d.product).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let logged = app
        .count("SELECT COUNT(*) FROM mail_log l JOIN users u ON u.id = l.user_id WHERE u.email = 'buyer@example.ru'")
        .await;
    assert_eq!(logged, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opening_a_dispute_and_the_stores_answer_are_emailed_unless_disputes_are_off() {
    let d = crate::dispute_setup::deal().await;
    let app = &d.app;
    let id = crate::dispute_setup::open(
        app,
        &d.buyer,
        crate::dispute_setup::form(&d.number, "full", "", vec![]),
    )
    .await
    .unwrap();
    let mail = app.mail_to("buyer@example.ru", "Вы открыли спор").await;
    assert!(mail.contains(&format!("/account/disputes/{id}")), "{mail}");
    app.call(
        &d.seller,
        "answer_dispute",
        &[
            ("id", &id.to_string()),
            ("answer", "refuse"),
            ("note", "Товар исправен"),
        ],
    )
    .await
    .unwrap();
    app.mail_to("buyer@example.ru", "Магазин ответил на ваш спор")
        .await;
    let disputes = app
        .count("SELECT COUNT(*) FROM mail_log WHERE kind = 'disputes'")
        .await;
    assert_eq!(disputes, 2);

    // Disputes switched off: a second dispute sends nothing.
    app.call(&d.buyer, "mail_choices", &[("orders", "on")])
        .await
        .unwrap();
    crate::dispute_setup::disputed(app, &d.buyer, &d.seller, d.product).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM mail_log WHERE kind = 'disputes'")
            .await,
        2
    );
}
