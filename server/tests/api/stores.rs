//! Favourite stores and finding a store by name.

use crate::helpers::*;

async fn found(app: &TestApp, c: &reqwest::Client, q: &str) -> Vec<String> {
    let r = app.call(c, "search_stores", &[("q", q)]).await.unwrap();
    r["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_store_is_found_by_any_form_of_the_words_of_its_name() {
    let app = spawn_app().await;
    app.store("Лавка чудес", None).await;
    app.store("Sunny Home", None).await;
    app.store("Ёлочные игрушки", None).await;
    let c = client(&app);
    assert_eq!(found(&app, &c, "лавки").await, ["Лавка чудес"]);
    assert_eq!(found(&app, &c, "ЛАВКОЙ").await, ["Лавка чудес"]);
    assert_eq!(found(&app, &c, "homes").await, ["Sunny Home"]);
    assert_eq!(found(&app, &c, "елочные").await, ["Ёлочные игрушки"]);
    assert!(found(&app, &c, "чайник").await.is_empty());
    // FTS syntax is only letters to us.
    assert!(found(&app, &c, "\"* NEAR(").await.len() <= 3);
    let r = app.call(&c, "search_stores", &[("q", "")]).await.unwrap();
    assert_eq!(r["total"], 0);
    // A renamed store is found by its new name only.
    sqlx::query("UPDATE stores SET name = 'Кофейня' WHERE name = 'Sunny Home'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert!(found(&app, &c, "sunny").await.is_empty());
    assert_eq!(found(&app, &c, "кофейни").await, ["Кофейня"]);
    let (_, page) = app.page(&c, "/search?q=лавка&tab=stores").await;
    assert!(page.contains("Лавка чудес"), "{page}");
    assert!(page.contains("data-testid=\"store-count\">1<"), "{page}");
}

#[tokio::test]
async fn followed_stores_are_listed_with_their_newest_products_and_can_be_unfollowed() {
    let app = spawn_app().await;
    let lavka = app.store("Лавка", None).await;
    let home = app.store("Sunny Home", None).await;
    for (i, title) in ["Старая кружка", "Новая кружка"].iter().enumerate() {
        let p = app.product(lavka, title, "Mug", 500, 5).await;
        sqlx::query("UPDATE products SET created_at = ? WHERE id = ?")
            .bind(i as i64)
            .bind(p)
            .execute(&app.pool)
            .await
            .unwrap();
    }
    let (c, _) = app.shopper("fan@example.ru").await;
    let (other, _) = app.shopper("other@example.ru").await;
    let follow = |store: i64, on: &'static str| {
        let s = store.to_string();
        let app = &app;
        let c = c.clone();
        async move {
            app.call(&c, "follow_store", &[("store_id", &s), ("follow", on)])
                .await
                .unwrap();
        }
    };
    follow(lavka, "1").await;
    follow(home, "1").await;
    sqlx::query("UPDATE store_follows SET created_at = created_at + (store_id = ?)")
        .bind(home)
        .execute(&app.pool)
        .await
        .unwrap();
    let r = app.call(&c, "favourite_stores", &[]).await.unwrap();
    let names: Vec<&str> = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["store"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Sunny Home", "Лавка"], "latest followed first");
    let lavka_item = &r["items"][1];
    assert_eq!(lavka_item["store"]["followers"], 1);
    assert_eq!(lavka_item["newest"][0]["title"], "Новая кружка");
    let (_, page) = app.page(&c, "/account/stores").await;
    assert!(
        page.contains("Новая кружка") && page.contains("Отписаться"),
        "{page}"
    );
    let r = app.call(&other, "favourite_stores", &[]).await.unwrap();
    assert_eq!(r["total"], 0);
    // Unfollowing, as the page's plain form does it.
    let res = app
        .post_form(
            &c,
            "/api/follow_store",
            &[
                ("store_id", &lavka.to_string()),
                ("follow", "0"),
                ("back", "/account/stores"),
            ],
        )
        .await;
    assert_eq!(res.headers()["location"], "/account/stores");
    let r = app.call(&c, "favourite_stores", &[]).await.unwrap();
    assert_eq!(r["total"], 1);
    assert_eq!(
        app.count("SELECT followers FROM stores WHERE name = 'Лавка'")
            .await,
        0
    );
}
