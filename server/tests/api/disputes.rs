//! Returns and disputes along their paths: the store's answers, the shopper's moves, deadlines
//! and refunds that never exceed what was paid. The helpers here serve `dispute_rules` and
//! `uploads` too.

use crate::helpers::*;
use crate::images;
use app::error::{AppError, Field};
use app::platform::now;
use image::ImageFormat;
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
        &app.pool,
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_that_accepts_refunds_in_full_and_the_order_closes() {
    let Deal {
        app,
        buyer,
        seller,
        number,
        ..
    } = deal().await;
    let id = open(&app, &buyer, form(&number, "full", "", vec![]))
        .await
        .unwrap();
    let d = dispute(&app, &buyer, id).await.unwrap();
    assert_eq!(d["summary"]["status"], "AwaitingStore");
    assert_eq!(d["summary"]["refund_asked"], 1000, "everything paid");
    assert_eq!(
        d["summary"]["days_left"], 5,
        "level 1: five days for the store"
    );
    assert_eq!(app.count("SELECT in_dispute FROM orders").await, 1);

    // The store's console lists it; a double click on "accept" refunds once.
    let list = app.call(&seller, "store_disputes", &[]).await.unwrap();
    assert_eq!(list["open"], 1);
    let accept = [("answer", "accept")];
    let (a, b) = tokio::join!(
        answer(&app, &seller, id, &accept),
        answer(&app, &seller, id, &accept)
    );
    assert!(a.is_ok() != b.is_ok(), "{a:?} {b:?}");
    assert_eq!(a.err().or(b.err()), Some(AppError::DisputeState));
    assert_eq!(refunded(&app).await, 1000);
    assert_eq!(order_status(&app, &number).await, "closed");
    assert_eq!(app.count("SELECT in_dispute FROM orders").await, 0);
    let d = dispute(&app, &buyer, id).await.unwrap();
    assert_eq!(d["summary"]["status"], "Refunded");
    assert_eq!(steps(&d), ["Opened", "StoreAccepted"]);

    // The order page's timeline shows the dispute's steps and the refund.
    let (_, html) = app.page(&buyer, &format!("/account/orders/{number}")).await;
    assert!(
        html.contains("Открыт спор: 10,00"),
        "opened on the timeline"
    );
    assert!(html.contains("Магазин согласился на возврат: 10,00"));
    assert!(html.contains("Возврат средств — 10,00"));
    // Nothing more to ask for, and the closed order can go to the bin.
    assert_eq!(
        open(&app, &buyer, form(&number, "full", "", vec![])).await,
        Err(AppError::DisputeWindow)
    );
    app.call(&buyer, "delete_order", &[("number", &number)])
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partial_offer_accepted_refunds_the_offer_and_nothing_more() {
    let Deal {
        app,
        buyer,
        seller,
        number,
        ..
    } = deal().await;
    let id = open(&app, &buyer, form(&number, "partial", "8,00", vec![]))
        .await
        .unwrap();
    // An offer must be below what was asked.
    assert_eq!(
        answer(&app, &seller, id, &[("answer", "offer"), ("amount", "8")]).await,
        Err(AppError::OfferNotBelowAsked { asked: 800 })
    );
    assert_eq!(
        answer(&app, &seller, id, &[("answer", "offer"), ("amount", "три")]).await,
        Err(AppError::InvalidAmount)
    );
    answer(
        &app,
        &seller,
        id,
        &[("answer", "offer"), ("amount", "3.50"), ("note", "Скидка")],
    )
    .await
    .unwrap();
    // Answered once: the store cannot answer again.
    assert_eq!(
        answer(&app, &seller, id, &[("answer", "refuse"), ("note", "Нет")]).await,
        Err(AppError::DisputeState)
    );
    let d = dispute(&app, &buyer, id).await.unwrap();
    assert_eq!(d["summary"]["status"], "Offered");
    assert_eq!(d["offer"], 350);
    let (a, b) = tokio::join!(
        shopper_move(&app, &buyer, id, "accept_offer"),
        shopper_move(&app, &buyer, id, "accept_offer")
    );
    assert!(a.is_ok() != b.is_ok(), "{a:?} {b:?}");
    assert_eq!(refunded(&app).await, 350);
    // Partly refunded: the order stays as it was and can still be confirmed.
    assert_eq!(order_status(&app, &number).await, "shipped");
    let d = dispute(&app, &buyer, id).await.unwrap();
    assert_eq!(d["summary"]["status"], "Refunded");
    assert_eq!(d["summary"]["refunded"], 350);
    assert_eq!(steps(&d), ["Opened", "StoreOffered", "OfferAccepted"]);
    // One dispute per order.
    assert_eq!(
        open(&app, &buyer, form(&number, "full", "", vec![])).await,
        Err(AppError::DisputeExists)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_escalated_is_decided_by_the_platform_after_its_deadline() {
    let Deal {
        app,
        buyer,
        seller,
        number,
        product,
    } = deal().await;
    // Without photos: the refusal stands.
    let id = open(&app, &buyer, form(&number, "full", "", vec![]))
        .await
        .unwrap();
    assert_eq!(
        answer(&app, &seller, id, &[("answer", "refuse")]).await,
        Err(AppError::Required(Field::Note)),
        "a refusal needs a reason"
    );
    answer(
        &app,
        &seller,
        id,
        &[("answer", "refuse"), ("note", "Упаковано надёжно")],
    )
    .await
    .unwrap();
    shopper_move(&app, &buyer, id, "escalate").await.unwrap();
    assert_eq!(
        shopper_move(&app, &buyer, id, "escalate").await,
        Err(AppError::DisputeState),
        "escalated once"
    );
    let d = dispute(&app, &buyer, id).await.unwrap();
    assert_eq!(d["summary"]["status"], "Escalated");
    assert_eq!(
        d["summary"]["days_left"], 7,
        "level 1: seven days of review"
    );
    // Before the deadline nothing happens.
    let pass = app::jobs::run_once(
        &app.pool,
        now(),
        Duration::from_secs(86_400),
        Duration::from_secs(15 * 86_400),
    )
    .await
    .unwrap();
    assert_eq!(pass.disputes, 0);
    assert_eq!(deadlines_pass(&app).await, 1);
    let d = dispute(&app, &buyer, id).await.unwrap();
    assert_eq!(d["summary"]["status"], "Rejected");
    assert_eq!(
        steps(&d),
        ["Opened", "StoreRefused", "Escalated", "DecidedRejected"]
    );
    assert_eq!(refunded(&app).await, 0);

    // With a photo as evidence: refunded in full by the platform.
    let second = shipped_order(&app, &buyer, &seller, product).await;
    let photo = vec![("crack.png", images::photo(ImageFormat::Png))];
    let id = open(&app, &buyer, form(&second, "full", "", photo))
        .await
        .unwrap();
    answer(&app, &seller, id, &[("answer", "refuse"), ("note", "Нет")])
        .await
        .unwrap();
    shopper_move(&app, &buyer, id, "escalate").await.unwrap();
    assert_eq!(deadlines_pass(&app).await, 1);
    let d = dispute(&app, &buyer, id).await.unwrap();
    assert_eq!(d["summary"]["status"], "Refunded");
    assert_eq!(steps(&d).last().unwrap(), "DecidedRefund");
    assert_eq!(refunded(&app).await, 1000);
    assert_eq!(order_status(&app, &second).await, "closed");

    // "Not received", and the store marks the order delivered only once the dispute is open:
    // that late mark is no evidence, and the platform refunds in full.
    let third = shipped_order(&app, &buyer, &seller, product).await;
    let id = open(
        &app,
        &buyer,
        form_for("not_received", &third, "full", "", vec![]),
    )
    .await
    .unwrap();
    answer(
        &app,
        &seller,
        id,
        &[("answer", "refuse"), ("note", "Доставлен")],
    )
    .await
    .unwrap();
    let delivered = [("number", third.as_str()), ("kind", "delivered")];
    app.call(&seller, "add_tracking_event", &delivered)
        .await
        .unwrap();
    shopper_move(&app, &buyer, id, "escalate").await.unwrap();
    // During the review the store may settle, but no longer refuse or offer.
    assert_eq!(
        answer(&app, &seller, id, &[("answer", "offer"), ("amount", "1")]).await,
        Err(AppError::DisputeState)
    );
    assert_eq!(deadlines_pass(&app).await, 1);
    let d = dispute(&app, &buyer, id).await.unwrap();
    assert_eq!(steps(&d).last().unwrap(), "DecidedRefund");
    assert_eq!(refunded(&app).await, 2000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deadlines_refund_a_silent_store_take_an_unanswered_offer_and_close_an_unescalated_refusal()
{
    let Deal {
        app,
        buyer,
        seller,
        number,
        product,
    } = deal().await;
    let silent = open(&app, &buyer, form(&number, "partial", "4", vec![]))
        .await
        .unwrap();
    let (_, offered) = disputed(&app, &buyer, &seller, product).await;
    answer(
        &app,
        &seller,
        offered,
        &[("answer", "offer"), ("amount", "2")],
    )
    .await
    .unwrap();
    let (_, refused) = disputed(&app, &buyer, &seller, product).await;
    answer(
        &app,
        &seller,
        refused,
        &[("answer", "refuse"), ("note", "Нет")],
    )
    .await
    .unwrap();
    // An escalated dispute the store never answered: refunded in full.
    let (_, escalated) = disputed(&app, &buyer, &seller, product).await;
    shopper_move(&app, &buyer, escalated, "escalate")
        .await
        .unwrap();

    assert_eq!(deadlines_pass(&app).await, 4);
    let status = |id| {
        let (app, buyer) = (&app, &buyer);
        async move { dispute(app, buyer, id).await.unwrap() }
    };
    let d = status(silent).await;
    assert_eq!(
        (
            d["summary"]["status"].as_str(),
            d["summary"]["refunded"].as_i64()
        ),
        (Some("Refunded"), Some(400))
    );
    assert_eq!(steps(&d).last().unwrap(), "StoreSilent");
    let d = status(offered).await;
    assert_eq!(
        (
            d["summary"]["status"].as_str(),
            d["summary"]["refunded"].as_i64()
        ),
        (Some("Refunded"), Some(200))
    );
    assert_eq!(steps(&d).last().unwrap(), "OfferExpired");
    let d = status(refused).await;
    assert_eq!(d["summary"]["status"], "Rejected");
    assert_eq!(steps(&d).last().unwrap(), "NotEscalated");
    let d = status(escalated).await;
    assert_eq!(
        (
            d["summary"]["status"].as_str(),
            d["summary"]["refunded"].as_i64()
        ),
        (Some("Refunded"), Some(1000))
    );
    assert_eq!(refunded(&app).await, 400 + 200 + 1000);
    // A second pass finds nothing left to do.
    assert_eq!(deadlines_pass(&app).await, 0);
    // The shopper's list shows all four, newest first.
    let list = app.call(&buyer, "list_disputes", &[]).await.unwrap();
    let ids: Vec<i64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [escalated, refused, offered, silent]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refunds_never_exceed_what_was_paid() {
    let Deal {
        app,
        buyer,
        seller,
        number,
        ..
    } = deal().await;
    assert_eq!(
        open(&app, &buyer, form(&number, "partial", "10,01", vec![])).await,
        Err(AppError::RefundTooHigh { max: 1000 })
    );
    for bad in ["", "0", "-3", "abc"] {
        assert_eq!(
            open(&app, &buyer, form(&number, "partial", bad, vec![])).await,
            Err(AppError::InvalidAmount),
            "{bad:?}"
        );
    }
    let empty = Form::new()
        .text("number", number.clone())
        .text("reason", "damaged")
        .text("refund", "full");
    assert_eq!(
        open(&app, &buyer, empty).await,
        Err(AppError::Required(Field::Description))
    );
    // A field sent twice: the last value counts, and is checked like any other.
    let odd = form(&number, "full", "", vec![]).text("reason", "boredom");
    assert_eq!(
        open(&app, &buyer, odd).await,
        Err(AppError::InvalidChoice(Field::Reason))
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM disputes").await,
        0,
        "nothing saved"
    );
    let id = open(&app, &buyer, form(&number, "full", "", vec![]))
        .await
        .unwrap();
    // Whatever the dispute asked, an earlier refund is taken off: here 8.00 already went back.
    let order_id = app.count("SELECT id FROM orders").await;
    sqlx::query(
        "INSERT INTO refunds (order_id, amount, reason, created_at) VALUES (?, 800, 'goodwill', 0)",
    )
    .bind(order_id)
    .execute(&app.pool)
    .await
    .unwrap();
    answer(&app, &seller, id, &[("answer", "accept")])
        .await
        .unwrap();
    assert_eq!(refunded(&app).await, 1000, "capped at what was paid");
    assert_eq!(order_status(&app, &number).await, "closed");
}
