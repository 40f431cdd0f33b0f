//! The message center at size: long lists of conversations page through indexes (no sort of the whole
//! list), and the header's unread count reads only the conversations with something unread.

use crate::helpers::*;
use app::ids::UserId;
use app::platform::now;

async fn plan(app: &TestApp, sql: &str, bind: i64) -> Vec<String> {
    let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
        .bind(bind)
        .fetch_all(&app.pool)
        .await
        .unwrap();
    rows.into_iter().map(|r| r.3).collect()
}

#[tokio::test]
async fn a_long_list_of_conversations_pages_by_index_and_counts_unread_by_index() {
    let app = spawn_app().await;
    let store = app.store("Лавка", None).await;
    for i in 0..100 {
        app.product(
            store,
            &format!("Товар {i}"),
            &format!("Item {i}"),
            100 + i,
            1,
        )
        .await;
    }
    let (c, user) = app.shopper("many@example.ru").await;
    let mut conn = app.pool.acquire().await.unwrap();
    app::messages::ssr::insert_bulk_in(&mut conn, UserId(user), 100, 7, now())
        .await
        .unwrap();
    drop(conn);
    // Pages of the shopper's list and the store's inbox walk their indexes.
    let list = plan(
        &app,
        "SELECT c.id FROM conversations c WHERE c.user_id = ?
         ORDER BY c.last_at DESC, c.id DESC LIMIT 20 OFFSET 4980",
        user,
    )
    .await;
    assert!(
        list.iter().any(|d| d.contains("conversations_by_user")),
        "{list:?}"
    );
    assert!(!list.iter().any(|d| d.contains("TEMP B-TREE")), "{list:?}");
    let inbox = plan(
        &app,
        "SELECT c.id FROM conversations c WHERE c.store_id = ?
         ORDER BY c.last_at DESC, c.id DESC LIMIT 20",
        store,
    )
    .await;
    assert!(
        inbox.iter().any(|d| d.contains("conversations_by_store")),
        "{inbox:?}"
    );
    assert!(
        !inbox.iter().any(|d| d.contains("TEMP B-TREE")),
        "{inbox:?}"
    );
    let unread = plan(
        &app,
        "SELECT COALESCE(SUM(buyer_unread), 0) FROM conversations
         WHERE user_id = ? AND buyer_unread > 0",
        user,
    )
    .await;
    assert!(
        unread
            .iter()
            .any(|d| d.contains("conversations_unread_by_user")),
        "{unread:?}"
    );
    // What the pages show.
    let u = app.call(&c, "unread", &[]).await.unwrap();
    assert_eq!(u["mine"], 7);
    let first = app.call(&c, "inbox", &[]).await.unwrap();
    assert_eq!(first["total"], 100);
    assert_eq!(first["pages"], 5);
    assert_eq!(first["items"].as_array().unwrap().len(), 20);
    assert_eq!(
        first["items"][0]["unread"], 1,
        "the newest are the unread ones"
    );
    let last = app.call(&c, "inbox", &[("page", "5")]).await.unwrap();
    assert_eq!(last["items"].as_array().unwrap().len(), 20);
    assert_eq!(last["items"][19]["unread"], 0);
}
