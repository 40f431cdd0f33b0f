//! Set-up shared by the review tests: a store with its seller, a buyer, and orders the buyer has
//! received (paid, shipped, receipt confirmed), and the calls a shopper and a store make.

use crate::dispute_setup::shipped_order;
use crate::helpers::*;
use app::error::AppError;
use reqwest::multipart::{Form, Part};
use reqwest::Client;

pub(crate) struct Shop {
    pub(crate) app: TestApp,
    pub buyer: Client,
    pub buyer_id: i64,
    pub seller: Client,
    pub store: i64,
    pub product: i64,
}

/// A store "Лавка" with its seller, a mug on sale, and a buyer.
pub(crate) async fn shop() -> Shop {
    let app = spawn_app().await;
    let (seller, seller_id) = app.shopper("seller@example.ru").await;
    let store = app.store("Лавка", Some(seller_id)).await;
    let product = app.product(store, "Кружка", "Mug", 500, 500).await;
    let (buyer, buyer_id) = app.shopper("buyer@example.ru").await;
    Shop {
        app,
        buyer,
        buyer_id,
        seller,
        store,
        product,
    }
}

impl Shop {
    /// A new order of the mug that the buyer has received: (order number, its line's id).
    pub(crate) async fn received(&self) -> (String, i64) {
        let n = shipped_order(&self.app, &self.buyer, &self.seller, self.product).await;
        self.app
            .call(
                &self.buyer,
                "confirm_receipt",
                &[("number", &n), ("sure", "1")],
            )
            .await
            .unwrap();
        let line = line_of(&self.app, &n).await;
        (n, line)
    }
}

/// The (first) line of an order.
pub(crate) async fn line_of(app: &TestApp, number: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT oi.id FROM order_items oi JOIN orders o ON o.id = oi.order_id
         WHERE o.number = ? ORDER BY oi.id LIMIT 1",
    )
    .bind(number.parse::<i64>().unwrap())
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

/// The review form as the browser sends it (multipart); `photos` are (file name, bytes).
pub(crate) fn review_form(
    line: i64,
    stars: &str,
    text: &str,
    photos: Vec<(&str, Vec<u8>)>,
) -> Form {
    let mut f = Form::new()
        .text("line", line.to_string())
        .text("stars", stars.to_string())
        .text("text", text.to_string())
        .text("show_name", "1");
    for (name, bytes) in photos {
        f = f.part("photos", Part::bytes(bytes).file_name(name.to_string()));
    }
    f
}

/// Writes a review the way the WASM front end does; answers with the review's id.
pub(crate) async fn write(app: &TestApp, c: &Client, f: Form) -> Result<i64, AppError> {
    let res = c
        .post(app.url("/api/write_review"))
        .multipart(f)
        .send()
        .await
        .unwrap();
    decode(res).await.map(|v| v.as_i64().unwrap())
}

/// A plain review: stars and text, no photos.
pub(crate) async fn review(
    app: &TestApp,
    c: &Client,
    line: i64,
    stars: &str,
    text: &str,
) -> Result<i64, AppError> {
    write(app, c, review_form(line, stars, text, vec![])).await
}

pub(crate) async fn edit(
    app: &TestApp,
    c: &Client,
    id: i64,
    stars: &str,
    text: &str,
) -> Result<(), AppError> {
    app.call(
        c,
        "edit_review",
        &[("id", &id.to_string()), ("stars", stars), ("text", text)],
    )
    .await
    .map(|_| ())
}

pub(crate) async fn follow_up(
    app: &TestApp,
    c: &Client,
    id: i64,
    text: &str,
) -> Result<(), AppError> {
    app.call(
        c,
        "follow_up_review",
        &[("id", &id.to_string()), ("text", text)],
    )
    .await
    .map(|_| ())
}

pub(crate) async fn reply(app: &TestApp, c: &Client, id: i64, text: &str) -> Result<(), AppError> {
    app.call(
        c,
        "reply_review",
        &[("id", &id.to_string()), ("reply", text)],
    )
    .await
    .map(|_| ())
}

/// Moves the order's receipt `days` days into the past (the tests' fixed clock).
pub(crate) async fn received_days_ago(app: &TestApp, number: &str, days: i64) {
    sqlx::query("UPDATE orders SET completed_at = ? WHERE number = ?")
        .bind(app::platform::now() - days * 86_400)
        .bind(number.parse::<i64>().unwrap())
        .execute(&app.pool)
        .await
        .unwrap();
}
