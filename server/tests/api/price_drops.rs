//! Price-drop alerts: the seller's price edit tells the shoppers who keep the product in their
//! wish list or cart at once, once per drop and at most once a day, only those whose club level
//! has the privilege; a drop undone before the job's pass tells no one; a long title still fits.

use crate::helpers::*;
use app::error::AppError;
use app::platform::now;
use reqwest::Client;

async fn set_price(
    app: &TestApp,
    seller: &Client,
    product: i64,
    price: &str,
    discount: &str,
) -> Result<i64, AppError> {
    let p = product.to_string();
    app.call(
        seller,
        "set_price",
        &[
            ("product_id", &p),
            ("price", price),
            ("discount_price", discount),
        ],
    )
    .await
    .map(|v| v.as_i64().unwrap())
}

/// `points` in the club this year: 100 makes level 2, the first with price-drop alerts.
async fn points(app: &TestApp, user: i64, points: i64) {
    sqlx::query(
        "INSERT INTO points_ledger (user_id, kind, source, points, created_at)
         VALUES (?, 'purchase_day', 1, ?, ?)",
    )
    .bind(user)
    .bind(points)
    .bind(now() - 86_400)
    .execute(&app.pool)
    .await
    .unwrap();
}

async fn notices(app: &TestApp, user: i64) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT m.body FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE c.user_id = ? AND m.kind = 'price_dropped' ORDER BY m.id",
    )
    .bind(user)
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

struct Setup {
    app: TestApp,
    seller: Client,
    product: i64,
    gold: i64,
    plain: i64,
    carter: i64,
}

/// A $10.00 product in the wish list of a level-2 shopper and a level-1 shopper, and in the
/// cart of another level-2 shopper.
async fn setup() -> Setup {
    let app = spawn_app().await;
    let (seller, seller_id) = app.shopper("seller@example.ru").await;
    let store = app.store("Лавка", Some(seller_id)).await;
    let product = app.product(store, "Кружка", "Mug", 1000, 50).await;
    let p = product.to_string();
    let (g, gold) = app.shopper("gold@example.ru").await;
    let (n, plain) = app.shopper("plain@example.ru").await;
    let (c, carter) = app.shopper("carter@example.ru").await;
    points(&app, gold, 150).await;
    points(&app, carter, 120).await;
    points(&app, plain, 40).await;
    for wisher in [&g, &n] {
        app.call(wisher, "toggle_wish", &[("product_id", &p), ("on", "1")])
            .await
            .unwrap();
    }
    app.add_to_cart(&c, product, "1").await.unwrap();
    Setup {
        app,
        seller,
        product,
        gold,
        plain,
        carter,
    }
}

#[tokio::test]
async fn a_lower_price_tells_privileged_holders_at_once_and_each_drop_only_once() {
    let s = setup().await;
    let app = &s.app;
    assert_eq!(
        set_price(app, &s.seller, s.product, "10.00", "8.50").await,
        Ok(2)
    );
    let told = notices(app, s.gold).await;
    assert_eq!(told.len(), 1);
    assert!(
        told[0].contains("Кружка") && told[0].contains("10,00") && told[0].contains("8,50"),
        "{told:?}"
    );
    assert_eq!(notices(app, s.carter).await.len(), 1, "the cart counts too");
    assert!(
        notices(app, s.plain).await.is_empty(),
        "level 1 has no alerts"
    );
    let link = format!("/product/{}", s.product);
    app.mail_to("gold@example.ru", &link).await;
    app.mail_to("carter@example.ru", &link).await;
    // The same price again, a rise, and the job's pass: nothing more.
    assert_eq!(
        set_price(app, &s.seller, s.product, "10.00", "8.50").await,
        Ok(0)
    );
    assert_eq!(
        set_price(app, &s.seller, s.product, "12.00", "").await,
        Ok(0)
    );
    assert_eq!(
        app::wishlist::alerts::run_pending(&app.state, now()).await,
        Ok(0)
    );
    // Back to 9.00: above the 8.50 they were told about, so no one is told again.
    assert_eq!(
        set_price(app, &s.seller, s.product, "9.00", "").await,
        Ok(0)
    );
    // A new low within a day is not told (a store nudging its price down a cent at a time
    // cannot flood anyone); a day after the last alert it is.
    assert_eq!(
        set_price(app, &s.seller, s.product, "8.40", "").await,
        Ok(0)
    );
    sqlx::query("UPDATE price_alerts_sent SET sent_at = sent_at - 86400")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        set_price(app, &s.seller, s.product, "8.00", "").await,
        Ok(2)
    );
    assert_eq!(notices(app, s.gold).await.len(), 2);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM price_drops_pending").await,
        0
    );
}

#[tokio::test]
async fn a_drop_undone_before_the_job_runs_tells_no_one_and_one_that_stays_is_told_by_the_job() {
    let s = setup().await;
    let app = &s.app;
    let set = |sql: &'static str| {
        let pool = app.pool.clone();
        let product = s.product;
        async move {
            sqlx::query(sql).bind(product).execute(&pool).await.unwrap();
        }
    };
    set("UPDATE products SET discount_price = 700 WHERE id = ?").await;
    set("UPDATE products SET discount_price = NULL WHERE id = ?").await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM price_drops_pending").await,
        1
    );
    assert_eq!(
        app::wishlist::alerts::run_pending(&app.state, now()).await,
        Ok(0)
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM price_drops_pending").await,
        0
    );
    set("UPDATE products SET price = 950 WHERE id = ?").await;
    assert_eq!(
        app::wishlist::alerts::run_pending(&app.state, now()).await,
        Ok(2)
    );
    assert_eq!(
        app::wishlist::alerts::run_pending(&app.state, now()).await,
        Ok(0)
    );
    assert_eq!(notices(app, s.gold).await.len(), 1);
}

#[tokio::test]
async fn only_the_products_store_changes_its_price_and_a_discount_stays_below_the_price() {
    let s = setup().await;
    let app = &s.app;
    let (other, other_id) = app.shopper("other-seller@example.ru").await;
    app.store("Чужая лавка", Some(other_id)).await;
    assert_eq!(
        set_price(app, &other, s.product, "1.00", "").await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        set_price(app, &s.seller, s.product, "5.00", "5.00").await,
        Err(AppError::DiscountNotBelow)
    );
    assert_eq!(
        set_price(app, &s.seller, s.product, "-1", "").await,
        Err(AppError::InvalidAmount)
    );
    let (buyer, _) = app.shopper("not-a-seller@example.ru").await;
    assert_eq!(
        set_price(app, &buyer, s.product, "1.00", "").await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        app.count("SELECT price FROM products").await,
        1000,
        "unchanged"
    );
    // The seller's page lists the product with its price in the form.
    let (_, html) = app.page(&s.seller, "/seller/products").await;
    assert!(html.contains("value=\"10.00\""));
}

#[tokio::test]
async fn a_product_with_a_very_long_title_is_told_in_a_message_that_fits() {
    let s = setup().await;
    let app = &s.app;
    sqlx::query("UPDATE products SET title_ru = ? WHERE id = ?")
        .bind("Очень длинное название ".repeat(120))
        .bind(s.product)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        set_price(app, &s.seller, s.product, "10.00", "9.00").await,
        Ok(2)
    );
    let told = notices(app, s.gold).await;
    assert!(told[0].chars().count() < 300, "{}", told[0].chars().count());
}
