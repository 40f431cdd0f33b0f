//! System notices (order shipped and delivered, the store's dispute answer) and the unread
//! count where the shopper sees it: the header and the account home.

use crate::helpers::*;
use crate::messages::{about_product, reply, shop, thread, unread};
use app::error::AppError;

#[tokio::test]
async fn shipping_delivery_and_the_stores_dispute_answer_arrive_as_notices_once() {
    let d = crate::dispute_setup::deal().await;
    let app = &d.app;
    let notices = |app: &TestApp| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT m.kind FROM messages m JOIN conversations c ON c.id = m.conversation_id
                 WHERE c.topic = 'system' ORDER BY m.id",
            )
            .fetch_all(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(notices(app).await, ["order_shipped"]);
    let (mine, _) = unread(app, &d.buyer).await;
    assert_eq!(mine, 1);
    let list = app.call(&d.buyer, "inbox", &[]).await.unwrap();
    assert_eq!(list["items"][0]["topic"], "System");
    assert!(list["items"][0]["last_text"]
        .as_str()
        .unwrap()
        .contains(&d.number));
    let event = [
        ("number", d.number.as_str()),
        ("kind", "delivered"),
        ("note", ""),
    ];
    app.call(&d.seller, "add_tracking_event", &event)
        .await
        .unwrap();
    let dispute = crate::dispute_setup::open(
        app,
        &d.buyer,
        crate::dispute_setup::form(&d.number, "full", "", vec![]),
    )
    .await
    .unwrap();
    let answer = [
        ("id", dispute.to_string()),
        ("answer", "refuse".into()),
        ("note", "Нет".into()),
    ];
    let answer: Vec<(&str, &str)> = answer.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call(&d.seller, "answer_dispute", &answer)
        .await
        .unwrap();
    assert_eq!(
        notices(app).await,
        ["order_shipped", "order_delivered", "dispute_moved"]
    );
    let system: i64 = app
        .count("SELECT id FROM conversations WHERE topic = 'system'")
        .await;
    let t = thread(app, &d.buyer, system, false).await.unwrap();
    assert_eq!(
        t["messages"][2]["link"],
        format!("/account/disputes/{dispute}")
    );
    // Notices cannot be answered.
    assert_eq!(
        reply(app, &d.buyer, system, "Ответ", false).await,
        Err(AppError::NotFound)
    );
}

#[tokio::test]
async fn the_account_home_and_the_header_show_the_unread_count_and_the_last_conversations() {
    let s = shop().await;
    let app = &s.app;
    let id = about_product(app, &s.buyer, s.product, "Вопрос")
        .await
        .unwrap();
    reply(app, &s.seller, id, "Ответ магазина", true)
        .await
        .unwrap();
    let home = app.call(&s.buyer, "home_counts", &[]).await.unwrap();
    assert_eq!(home["unread"], 1);
    assert_eq!(home["latest"][0]["last_text"], "Ответ магазина");
    let (_, html) = app.page(&s.buyer, "/account").await;
    assert!(
        html.contains("data-testid=\"unread\""),
        "the header's badge"
    );
    assert!(html.contains("Ответ магазина"));
}
