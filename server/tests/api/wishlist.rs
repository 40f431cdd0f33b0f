//! The wish list: hearts that add and remove, the marks the list shows, moving to the cart, the
//! size limit and privacy.

use crate::helpers::*;
use app::error::AppError;
use reqwest::Client;

async fn wish(
    app: &TestApp,
    c: &Client,
    product: i64,
    on: bool,
) -> Result<serde_json::Value, AppError> {
    let id = product.to_string();
    app.call(
        c,
        "toggle_wish",
        &[("product_id", &id), ("on", if on { "1" } else { "0" })],
    )
    .await
}

async fn set(app: &TestApp, sql: &str, product: i64) {
    sqlx::query(sql)
        .bind(product)
        .execute(&app.pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_list_shows_what_changed_since_each_product_was_added() {
    let app = spawn_app().await;
    let store = app.store("Лавка", None).await;
    let mug = app.product(store, "Кружка", "Mug", 1000, 5).await;
    let tea = app.product(store, "Чай", "Tea", 300, 5).await;
    let lamp = app.product(store, "Лампа", "Lamp", 900, 5).await;
    let (c, _) = app.shopper("wisher@example.ru").await;
    for p in [mug, tea, lamp] {
        assert_eq!(wish(&app, &c, p, true).await.unwrap(), true);
        wish(&app, &c, p, true).await.unwrap(); // twice is still once
    }
    sqlx::query("UPDATE wishlist_items SET added_at = product_id")
        .execute(&app.pool)
        .await
        .unwrap();
    set(
        &app,
        "UPDATE products SET discount_price = 750 WHERE id = ?",
        mug,
    )
    .await;
    set(&app, "UPDATE products SET stock = 0 WHERE id = ?", tea).await;
    set(&app, "UPDATE products SET active = 0 WHERE id = ?", lamp).await;
    let list = app.call(&c, "wishlist", &[]).await.unwrap();
    let items = list["items"].as_array().unwrap();
    let ids: Vec<i64> = items
        .iter()
        .map(|i| i["product_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [lamp, tea, mug], "the latest added first");
    assert_eq!(items[2]["price_when_added"], 1000);
    assert_eq!(items[2]["price_now"], 750);
    let (_, page) = app.page(&c, "/account/wishlist").await;
    assert!(page.contains("Цена снизилась на 2,50"), "{page}");
    assert!(page.contains("data-testid=\"sold-out\""));
    assert!(page.contains("data-testid=\"gone\""));
    assert_eq!(page.matches("data-testid=\"wish-item\"").count(), 3);
    // The hearts on product cards show what is on the list.
    let (_, search) = app.page(&c, "/search?q=кружка").await;
    assert!(search.contains("aria-pressed=\"true\""), "{search}");
    let (_, home) = app.page(&c, "/account").await;
    let line = home.split("data-testid=\"wishlist-line\"").nth(1).unwrap();
    let line = line.split("</p>").next().unwrap().replace("<!>", "");
    assert!(line.ends_with("Мои желания</a>: 3"), "{line}");
}

#[tokio::test]
async fn a_withdrawn_product_cannot_be_added_but_can_always_be_removed() {
    let app = spawn_app().await;
    let store = app.store("Лавка", None).await;
    let mug = app.product(store, "Кружка", "Mug", 1000, 5).await;
    let (c, _) = app.shopper("wisher@example.ru").await;
    wish(&app, &c, mug, true).await.unwrap();
    set(&app, "UPDATE products SET active = 0 WHERE id = ?", mug).await;
    let other = app.product(store, "Чай", "Tea", 300, 5).await;
    set(&app, "UPDATE products SET active = 0 WHERE id = ?", other).await;
    assert_eq!(
        wish(&app, &c, other, true).await,
        Err(AppError::ProductUnavailable)
    );
    assert_eq!(wish(&app, &c, 999_999, true).await, Err(AppError::NotFound));
    assert_eq!(wish(&app, &c, mug, false).await.unwrap(), false);
    assert_eq!(app.count("SELECT COUNT(*) FROM wishlist_items").await, 0);
}

#[tokio::test]
async fn moving_to_the_cart_adds_one_and_takes_it_off_the_list_unless_sold_out() {
    let app = spawn_app().await;
    let store = app.store("Лавка", None).await;
    let mug = app.product(store, "Кружка", "Mug", 1000, 5).await;
    let tea = app.product(store, "Чай", "Tea", 300, 0).await;
    let (c, _) = app.shopper("wisher@example.ru").await;
    wish(&app, &c, mug, true).await.unwrap();
    wish(&app, &c, tea, true).await.unwrap();
    // Without JavaScript, as the list's form posts it.
    let res = app
        .post_form(&c, "/api/wish_to_cart", &[("product_id", &mug.to_string())])
        .await;
    assert_eq!(res.headers()["location"], "/account/wishlist?moved=1");
    assert_eq!(app.count("SELECT COUNT(*) FROM cart_items").await, 1);
    assert_eq!(
        app.call(&c, "wish_to_cart", &[("product_id", &tea.to_string())])
            .await,
        Err(AppError::NotEnoughStock { available: 0 })
    );
    let ids: Vec<i64> = sqlx::query_scalar("SELECT product_id FROM wishlist_items")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(ids, [tea]);
}

#[tokio::test]
async fn a_wish_list_is_private_and_a_heart_sends_a_guest_to_sign_in() {
    let app = spawn_app().await;
    let store = app.store("Лавка", None).await;
    let mug = app.product(store, "Кружка", "Mug", 1000, 5).await;
    let (c, _) = app.shopper("wisher@example.ru").await;
    let (other, _) = app.shopper("other@example.ru").await;
    wish(&app, &c, mug, true).await.unwrap();
    let list = app.call(&other, "wishlist", &[]).await.unwrap();
    assert_eq!(list["total"], 0);
    let guest = client(&app);
    assert_eq!(
        app.call(&guest, "wished", &[("ids", &mug.to_string())])
            .await
            .unwrap(),
        serde_json::json!([])
    );
    assert_eq!(
        wish(&app, &guest, mug, true).await,
        Err(AppError::NotSignedIn)
    );
    let (_, page) = app.page(&guest, &format!("/product/{mug}")).await;
    assert!(
        page.contains(&format!("href=\"/login?next=/product/{mug}\"")),
        "{page}"
    );
    // A plain form post goes back where it came from, never elsewhere.
    let res = app
        .post_form(
            &c,
            "/api/toggle_wish",
            &[
                ("product_id", &mug.to_string()),
                ("on", "0"),
                ("back", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(res.headers()["location"], "/");
}

#[tokio::test]
async fn ten_thousand_products_page_through_the_lists_index() {
    let app = spawn_app().await;
    let store = app.store("Лавка", None).await;
    app.product(store, "Кружка", "Mug", 1000, 5).await;
    let (c, user) = app.shopper("wisher@example.ru").await;
    sqlx::query(
        "WITH RECURSIVE seq(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM seq WHERE k < 10000)
         INSERT INTO products (store_id, category_id, title_ru, title_en, description_ru,
                description_en, price, stock, rating_x10, created_at)
         SELECT ?, 1, 'Товар ' || k, 'Item ' || k, '', '', 100 + k, 1, 40, k FROM seq",
    )
    .bind(store)
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO wishlist_items (user_id, product_id, added_at, price_when_added)
         SELECT ?, id, id, price FROM products WHERE title_en LIKE 'Item %'",
    )
    .bind(user)
    .execute(&app.pool)
    .await
    .unwrap();
    let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(
        "EXPLAIN QUERY PLAN SELECT w.product_id FROM wishlist_items w JOIN products p ON p.id = w.product_id
         WHERE w.user_id = ? ORDER BY w.added_at DESC, w.product_id DESC LIMIT 24 OFFSET 1176",
    )
    .bind(user)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let plan: Vec<&str> = plan.iter().map(|r| r.3.as_str()).collect();
    assert!(
        plan.iter().any(|d| d.contains("wishlist_by_user")),
        "{plan:?}"
    );
    assert!(!plan.iter().any(|d| d.contains("TEMP B-TREE")), "{plan:?}");
    let last = app.call(&c, "wishlist", &[("page", "50")]).await.unwrap();
    assert_eq!(last["total"], 10_000);
    assert_eq!(last["items"].as_array().unwrap().len(), 24);
    // The list is full: one more is refused.
    let extra = app.product(store, "Ещё", "More", 100, 1).await;
    assert_eq!(wish(&app, &c, extra, true).await, Err(AppError::Forbidden));
}
