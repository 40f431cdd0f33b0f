//! Recently viewed: the history a product page writes, its filters, the cap, removal, clearing
//! and the pause; each shopper sees only their own.

use crate::helpers::*;
use reqwest::Client;

async fn view(app: &TestApp, c: &Client, product: i64) {
    app.call(c, "product", &[("id", &product.to_string())])
        .await
        .unwrap();
}

/// The product ids of the shopper's history page, as listed.
async fn listed(app: &TestApp, c: &Client, form: &[(&str, &str)]) -> Vec<i64> {
    let r = app.call(c, "recent", form).await.unwrap();
    r["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["card"]["id"].as_i64().unwrap())
        .collect()
}

async fn category(app: &TestApp, slug: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO categories (parent_id, slug, name_ru, name_en, position)
         VALUES (NULL, ?, ?, ?, 9) RETURNING id",
    )
    .bind(slug)
    .bind(slug)
    .bind(slug)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn opened_products_are_listed_newest_first_and_filter_by_category_and_discount() {
    let app = spawn_app().await;
    let store = app.store("Лавка", None).await;
    let mug = app.product(store, "Кружка", "Mug", 500, 5).await;
    let tea = app.product(store, "Чай", "Tea", 300, 5).await;
    let lamp = app.product(store, "Лампа", "Lamp", 900, 5).await;
    let lights = category(&app, "lights").await;
    sqlx::query("UPDATE products SET category_id = ? WHERE id = ?")
        .bind(lights)
        .bind(lamp)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE products SET discount_price = 250 WHERE id = ?")
        .bind(tea)
        .execute(&app.pool)
        .await
        .unwrap();
    let (c, user) = app.shopper("viewer@example.ru").await;
    for (i, p) in [mug, tea, lamp, mug].into_iter().enumerate() {
        view(&app, &c, p).await;
        // One view per second of history, so the order is the order of viewing.
        sqlx::query("UPDATE product_views SET viewed_at = ? WHERE user_id = ? AND product_id = ?")
            .bind(1_800_000_000 + i as i64)
            .bind(user)
            .bind(p)
            .execute(&app.pool)
            .await
            .unwrap();
    }
    assert_eq!(
        listed(&app, &c, &[]).await,
        [mug, lamp, tea],
        "latest view only"
    );
    assert_eq!(listed(&app, &c, &[("discounted", "1")]).await, [tea]);
    assert_eq!(listed(&app, &c, &[("category", "lights")]).await, [lamp]);
    assert_eq!(listed(&app, &c, &[("category", "test")]).await, [mug, tea]);
    let (_, page) = app.page(&c, "/account/recent").await;
    assert_eq!(page.matches("data-testid=\"recent-item\"").count(), 3);
    assert!(page.contains("/search?category=lights"), "find similar");
    let (other, _) = app.shopper("other@example.ru").await;
    assert!(listed(&app, &other, &[]).await.is_empty());
}

#[tokio::test]
async fn the_history_keeps_the_last_500_products() {
    let app = spawn_app().await;
    let store = app.store("Лавка", None).await;
    let (c, user) = app.shopper("viewer@example.ru").await;
    // 500 older views, then one more from the product page.
    for i in 0..501 {
        let p = app.product(store, "Товар", "Item", 100 + i, 1).await;
        if i < 500 {
            sqlx::query(
                "INSERT INTO product_views (user_id, product_id, viewed_at) VALUES (?, ?, ?)",
            )
            .bind(user)
            .bind(p)
            .bind(1_700_000_000 + i)
            .execute(&app.pool)
            .await
            .unwrap();
        } else {
            view(&app, &c, p).await;
        }
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM product_views").await, 500);
    let oldest: i64 = app.count("SELECT MIN(viewed_at) FROM product_views").await;
    assert_eq!(oldest, 1_700_000_001, "the oldest view went");
    let r = app.call(&c, "recent", &[]).await.unwrap();
    assert_eq!(r["total"], 500);
    assert_eq!(r["pages"], 21);
}

#[tokio::test]
async fn removing_clearing_and_pausing_change_only_the_shoppers_own_history() {
    let app = spawn_app().await;
    let store = app.store("Лавка", None).await;
    let mug = app.product(store, "Кружка", "Mug", 500, 5).await;
    let tea = app.product(store, "Чай", "Tea", 300, 5).await;
    let (a, _) = app.shopper("a@example.ru").await;
    let (b, _) = app.shopper("b@example.ru").await;
    for c in [&a, &b] {
        view(&app, c, mug).await;
        view(&app, c, tea).await;
    }
    app.call(&a, "remove_viewed", &[("product_id", &mug.to_string())])
        .await
        .unwrap();
    assert_eq!(listed(&app, &a, &[]).await, [tea]);
    assert_eq!(listed(&app, &b, &[]).await.len(), 2);
    // Without JavaScript: the form posts and the page comes back saying so.
    let res = app.post_form(&a, "/api/clear_viewed", &[]).await;
    assert_eq!(res.headers()["location"], "/account/recent?cleared=1");
    assert!(listed(&app, &a, &[]).await.is_empty());
    assert_eq!(listed(&app, &b, &[]).await.len(), 2);
    // Paused: nothing is recorded until it is resumed.
    app.call(&a, "pause_views", &[("pause", "1")])
        .await
        .unwrap();
    view(&app, &a, mug).await;
    assert!(listed(&app, &a, &[]).await.is_empty());
    let (_, page) = app.page(&a, "/account/recent").await;
    assert!(page.contains("Просмотры сейчас не записываются."), "{page}");
    app.call(&a, "pause_views", &[("pause", "0")])
        .await
        .unwrap();
    view(&app, &a, mug).await;
    assert_eq!(listed(&app, &a, &[]).await, [mug]);
    assert_eq!(
        app.call(&a, "remove_viewed", &[("product_id", "x")]).await,
        Err(app::error::AppError::NotFound)
    );
}
