//! Set-up shared by the dispute tests (`disputes`, `dispute_rules`, `uploads`): a store, a
//! shopper and a shipped order, and the calls a shopper and a store make on a dispute.

use crate::helpers::*;
use app::error::AppError;
use app::platform::now;
use reqwest::multipart::{Form, Part};
use reqwest::Client;
use std::time::Duration;

/// A store with its seller, a buyer, and one paid order of two mugs (10.00) the store has
/// shipped.
pub(crate) struct Deal {
    pub(crate) app: TestApp,
    pub buyer: Client,
    pub seller: Client,
    pub number: String,
    pub product: i64,
}

pub(crate) async fn deal() -> Deal {
    let app = spawn_app().await;
    let (seller, seller_id) = app.shopper("seller@example.ru").await;
    let store = app.store("Лавка", Some(seller_id)).await;
    let product = app.product(store, "Кружка", "Mug", 500, 50).await;
    let (buyer, _) = app.shopper("buyer@example.ru").await;
    let number = shipped_order(&app, &buyer, &seller, product).await;
    Deal {
        app,
        buyer,
        seller,
        number,
        product,
    }
}

pub(crate) async fn shipped_order(
    app: &TestApp,
    buyer: &Client,
    seller: &Client,
    product: i64,
) -> String {
    let address = app.address(buyer).await;
    app.add_to_cart(buyer, product, "2").await.unwrap();
    app.place(buyer, address).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT number FROM orders ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let n = n.to_string();
    app.call(buyer, "pay_order", &[("number", &n)])
        .await
        .unwrap();
    let ship = [
        ("number", n.as_str()),
        ("carrier", "СДЭК"),
        ("tracking_number", "AB1234"),
    ];
    app.call(seller, "ship_order", &ship).await.unwrap();
    n
}

/// A new shipped order and a full-refund dispute on it: (order number, dispute id).
pub(crate) async fn disputed(
    app: &TestApp,
    buyer: &Client,
    seller: &Client,
    product: i64,
) -> (String, i64) {
    let number = shipped_order(app, buyer, seller, product).await;
    let id = open(app, buyer, form(&number, "full", "", vec![]))
        .await
        .unwrap();
    (number, id)
}

/// The dispute form as the browser sends it (multipart); `photos` are (file name, bytes).
pub(crate) fn form(number: &str, refund: &str, amount: &str, photos: Vec<(&str, Vec<u8>)>) -> Form {
    form_for("damaged", number, refund, amount, photos)
}

pub(crate) fn form_for(
    reason: &str,
    number: &str,
    refund: &str,
    amount: &str,
    photos: Vec<(&str, Vec<u8>)>,
) -> Form {
    let mut f = Form::new()
        .text("number", number.to_string())
        .text("reason", reason.to_string())
        .text("refund", refund.to_string())
        .text("amount", amount.to_string())
        .text("return_goods", "1")
        .text("description", "Кружка пришла с трещиной.");
    for (name, bytes) in photos {
        f = f.part("photos", Part::bytes(bytes).file_name(name.to_string()));
    }
    f
}

pub(crate) async fn open(app: &TestApp, c: &Client, f: Form) -> Result<i64, AppError> {
    let res = c
        .post(app.url("/api/open_dispute"))
        .multipart(f)
        .send()
        .await
        .unwrap();
    decode(res).await.map(|v| v.as_i64().unwrap())
}

pub(crate) async fn dispute(
    app: &TestApp,
    c: &Client,
    id: i64,
) -> Result<serde_json::Value, AppError> {
    app.call(c, "dispute", &[("id", &id.to_string())]).await
}

pub(crate) async fn answer(
    app: &TestApp,
    c: &Client,
    id: i64,
    form: &[(&str, &str)],
) -> Result<(), AppError> {
    let id = id.to_string();
    let mut all = vec![("id", id.as_str())];
    all.extend_from_slice(form);
    app.call(c, "answer_dispute", &all).await.map(|_| ())
}

pub(crate) async fn shopper_move(
    app: &TestApp,
    c: &Client,
    id: i64,
    step: &str,
) -> Result<(), AppError> {
    app.call(
        c,
        "move_dispute",
        &[("id", &id.to_string()), ("step", step)],
    )
    .await
    .map(|_| ())
}

pub(crate) async fn order_status(app: &TestApp, n: &str) -> String {
    sqlx::query_scalar("SELECT status FROM orders WHERE number = ?")
        .bind(n.parse::<i64>().unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

pub(crate) async fn refunded(app: &TestApp) -> i64 {
    app.count("SELECT COALESCE(SUM(amount), 0) FROM refunds")
        .await
}

/// Moves every deadline into the past and runs the background task once.
pub(crate) async fn deadlines_pass(app: &TestApp) -> u32 {
    sqlx::query("UPDATE disputes SET deadline = deadline - 30 * 86400")
        .execute(&app.pool)
        .await
        .unwrap();
    let pass = app::jobs::run_once(
        &app.state,
        now(),
        Duration::from_secs(86_400),
        Duration::from_secs(15 * 86_400),
    )
    .await
    .unwrap();
    pass.disputes
}

pub(crate) fn steps(d: &serde_json::Value) -> Vec<String> {
    d["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap().to_string())
        .collect()
}
