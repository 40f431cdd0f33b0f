//! What a search may cost: a one-letter term is a whole word (not a prefix over the whole
//! vocabulary), both FTS tables keep two- and three-letter prefix indexes, and a search past
//! its deadline is interrupted inside SQLite.

use crate::helpers::*;
use app::error::AppError;
use reqwest::StatusCode;
use std::time::Duration;

fn titles(results: &serde_json::Value) -> Vec<String> {
    results["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_string())
        .collect()
}

async fn search(app: &TestApp, q: &str) -> Result<serde_json::Value, AppError> {
    let c = client(app);
    // English titles, so the titles compared are the ones the words are in.
    c.post(app.url("/lang"))
        .form(&[("lang", "en"), ("next", "/")])
        .send()
        .await
        .unwrap();
    app.call(&c, "search", &[("q", q)]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_letter_term_is_a_whole_word_not_a_prefix() {
    let app = spawn_app().await;
    let s = app.store("Канцтовары", None).await;
    app.product(s, "Блокнот", "Notebook plan a", 300, 5).await;
    app.product(s, "Сок", "Apple juice", 200, 5).await;
    app.product(s, "Антенна", "Aerial", 900, 5).await;
    let r = search(&app, "a").await.unwrap();
    assert_eq!(titles(&r), vec!["Notebook plan a"]);
    // Two letters are a prefix again.
    let r = search(&app, "ap").await.unwrap();
    assert_eq!(titles(&r), vec!["Apple juice"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_search_indexes_keep_two_and_three_letter_prefixes_and_their_triggers() {
    let app = spawn_app().await;
    for table in ["products_fts", "stores_fts"] {
        let sql: String = sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = ?")
            .bind(table)
            .fetch_one(&app.pool)
            .await
            .unwrap();
        assert!(sql.contains("prefix = '2 3'"), "{table}: {sql}");
    }
    // The triggers of 0002 and 0009 fill the new tables.
    let s = app.store("Северный ветер", None).await;
    let p = app.product(s, "Ёлка", "Fir tree", 900, 5).await;
    assert_eq!(search(&app, "ел").await.unwrap()["total"], 1);
    sqlx::query("UPDATE products SET title_en = 'Pine tree' WHERE id = ?")
        .bind(p)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(search(&app, "fir").await.unwrap()["total"], 0);
    assert_eq!(search(&app, "pi").await.unwrap()["total"], 1);
    let stores: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM stores_fts WHERE stores_fts MATCH '\"се\"*'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(stores, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_past_its_deadline_is_interrupted_and_answered_too_slow() {
    let app = spawn_app_configured(false, |c| c.search_deadline = Duration::ZERO).await;
    let s = app.store("Северный ветер", None).await;
    // Enough matches that every search statement runs thousands of SQLite steps.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
         INSERT INTO products (store_id, category_id, title_ru, title_en, description_ru,
                description_en, price, stock, rating_x10, created_at)
         SELECT ?, 1, 'Куртка ' || i, 'Jacket ' || i, '', '', 100 + i, 5, 45, i FROM n",
    )
    .bind(s)
    .execute(&app.pool)
    .await
    .unwrap();
    let started = std::time::Instant::now();
    assert_eq!(search(&app, "куртка").await, Err(AppError::TooSlow));
    assert!(started.elapsed() < Duration::from_secs(5));
    let res = client(&app)
        .post(app.url("/api/search"))
        .form(&[("q", "jacket")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    // The interrupted connections went back clean: everything else still answers.
    let (status, _) = app.page(&client(&app), "/").await;
    assert_eq!(status, StatusCode::OK);
    let (c, _) = app.shopper("yulia@example.ru").await;
    app.add_to_cart(&c, 1, "1").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_search_past_its_deadline_is_answered_too_slow_too() {
    let app = spawn_app_configured(false, |c| c.search_deadline = Duration::ZERO).await;
    // Enough stores named alike that the search runs thousands of SQLite steps.
    for i in 0..300 {
        app.store(&format!("Северный ветер {i}"), None).await;
    }
    let res = client(&app)
        .post(app.url("/api/search_stores"))
        .form(&[("q", "ветер")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(decode(res).await, Err(AppError::TooSlow));
}
