//! Returns and disputes: opening one (window, amounts, photos), the store's answers, the
//! shopper's moves, deadlines, refunds that never exceed what was paid, and who may see what.

use crate::helpers::*;
use crate::images;
use app::error::{AppError, Field};
use app::platform::now;
use image::ImageFormat;
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use std::time::Duration;

/// A store with its seller, a buyer, and one paid order of two mugs (10.00) the store has
/// shipped.
struct Deal {
    app: TestApp,
    buyer: Client,
    seller: Client,
    number: String,
    product: i64,
}

async fn deal() -> Deal {
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

async fn shipped_order(app: &TestApp, buyer: &Client, seller: &Client, product: i64) -> String {
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

/// The dispute form as the browser sends it (multipart); `photos` are (file name, bytes).
fn form(number: &str, refund: &str, amount: &str, photos: Vec<(&str, Vec<u8>)>) -> Form {
    form_for("damaged", number, refund, amount, photos)
}

fn form_for(
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

async fn open(app: &TestApp, c: &Client, f: Form) -> Result<i64, AppError> {
    let res = c
        .post(app.url("/api/open_dispute"))
        .multipart(f)
        .send()
        .await
        .unwrap();
    decode(res).await.map(|v| v.as_i64().unwrap())
}

async fn dispute(app: &TestApp, c: &Client, id: i64) -> Result<serde_json::Value, AppError> {
    app.call(c, "dispute", &[("id", &id.to_string())]).await
}

async fn answer(app: &TestApp, c: &Client, id: i64, form: &[(&str, &str)]) -> Result<(), AppError> {
    let id = id.to_string();
    let mut all = vec![("id", id.as_str())];
    all.extend_from_slice(form);
    app.call(c, "answer_dispute", &all).await.map(|_| ())
}

async fn shopper_move(app: &TestApp, c: &Client, id: i64, step: &str) -> Result<(), AppError> {
    app.call(
        c,
        "move_dispute",
        &[("id", &id.to_string()), ("step", step)],
    )
    .await
    .map(|_| ())
}

async fn order_status(app: &TestApp, n: &str) -> String {
    sqlx::query_scalar("SELECT status FROM orders WHERE number = ?")
        .bind(n.parse::<i64>().unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn refunded(app: &TestApp) -> i64 {
    app.count("SELECT COALESCE(SUM(amount), 0) FROM refunds")
        .await
}

/// Moves every deadline into the past and runs the background task once.
async fn deadlines_pass(app: &TestApp) -> u32 {
    sqlx::query("UPDATE disputes SET deadline = deadline - 30 * 86400")
        .execute(&app.pool)
        .await
        .unwrap();
    let pass = app::orders::tasks::run_once(
        &app.pool,
        now(),
        Duration::from_secs(86_400),
        Duration::from_secs(15 * 86_400),
    )
    .await
    .unwrap();
    pass.disputes
}

fn steps(d: &serde_json::Value) -> Vec<String> {
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
    let pass = app::orders::tasks::run_once(
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
    let offered_order = shipped_order(&app, &buyer, &seller, product).await;
    let offered = open(&app, &buyer, form(&offered_order, "full", "", vec![]))
        .await
        .unwrap();
    answer(
        &app,
        &seller,
        offered,
        &[("answer", "offer"), ("amount", "2")],
    )
    .await
    .unwrap();
    let refused_order = shipped_order(&app, &buyer, &seller, product).await;
    let refused = open(&app, &buyer, form(&refused_order, "full", "", vec![]))
        .await
        .unwrap();
    answer(
        &app,
        &seller,
        refused,
        &[("answer", "refuse"), ("note", "Нет")],
    )
    .await
    .unwrap();
    // An escalated dispute the store never answered: refunded in full.
    let escalated_order = shipped_order(&app, &buyer, &seller, product).await;
    let escalated = open(&app, &buyer, form(&escalated_order, "full", "", vec![]))
        .await
        .unwrap();
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disputes_open_from_shipment_until_fifteen_days_after_delivery() {
    let app = spawn_app().await;
    let (seller, seller_id) = app.shopper("seller@example.ru").await;
    let store = app.store("Лавка", Some(seller_id)).await;
    let product = app.product(store, "Кружка", "Mug", 500, 50).await;
    let (buyer, _) = app.shopper("buyer@example.ru").await;
    // Paid but not shipped: cancel instead.
    let address = app.address(&buyer).await;
    app.add_to_cart(&buyer, product, "1").await.unwrap();
    app.place(&buyer, address).await.unwrap();
    let unshipped = app.count("SELECT number FROM orders").await.to_string();
    app.call(&buyer, "pay_order", &[("number", &unshipped)])
        .await
        .unwrap();
    assert_eq!(
        open(&app, &buyer, form(&unshipped, "full", "", vec![])).await,
        Err(AppError::DisputeWindow)
    );
    let (_, html) = app
        .page(&buyer, &format!("/account/orders/{unshipped}"))
        .await;
    assert!(
        !html.contains("/dispute\""),
        "no dispute button before shipment"
    );

    // Delivered: the order page counts down the window.
    let n = shipped_order(&app, &buyer, &seller, product).await;
    let delivered = [("number", n.as_str()), ("kind", "delivered")];
    app.call(&seller, "add_tracking_event", &delivered)
        .await
        .unwrap();
    let detail = app
        .call(&buyer, "order_detail", &[("number", &n)])
        .await
        .unwrap();
    assert_eq!(detail["can_dispute"], true);
    assert_eq!(detail["dispute_closes"][1], 15);
    let (_, html) = app.page(&buyer, &format!("/account/orders/{n}")).await;
    assert!(html.contains(r#"data-testid="dispute-closes""#));
    assert!(html.contains(&format!("/account/orders/{n}/dispute")));
    let (_, html) = app
        .page(&buyer, &format!("/account/orders/{n}/dispute"))
        .await;
    assert!(
        html.contains("Открыть спор можно до"),
        "the form shows the deadline"
    );
    assert!(html.contains(r#"enctype="multipart/form-data""#));

    // Sixteen days after delivery it is too late.
    sqlx::query("UPDATE orders SET delivered_at = delivered_at - 16 * 86400 WHERE number = ?")
        .bind(n.parse::<i64>().unwrap())
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        open(&app, &buyer, form(&n, "full", "", vec![])).await,
        Err(AppError::DisputeWindow)
    );
    // While a dispute is open the order is not confirmed by the background task, and it is
    // listed under the "disputes" tab.
    let m = shipped_order(&app, &buyer, &seller, product).await;
    app.call(
        &seller,
        "add_tracking_event",
        &[("number", m.as_str()), ("kind", "delivered")],
    )
    .await
    .unwrap();
    open(&app, &buyer, form(&m, "full", "", vec![]))
        .await
        .unwrap();
    sqlx::query("UPDATE orders SET delivered_at = delivered_at - 20 * 86400")
        .execute(&app.pool)
        .await
        .unwrap();
    let pass = app::orders::tasks::run_once(
        &app.pool,
        now(),
        Duration::from_secs(86_400),
        Duration::from_secs(15 * 86_400),
    )
    .await
    .unwrap();
    assert_eq!(pass.completed, 1, "only the undisputed delivered order");
    assert_eq!(order_status(&app, &m).await, "delivered");
    let list = app
        .call(&buyer, "list_orders", &[("status", "disputes")])
        .await
        .unwrap();
    assert_eq!(list["disputed"], 1);
    assert_eq!(list["items"][0]["number"].as_i64().unwrap().to_string(), m);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_else_sees_or_moves_a_dispute() {
    let Deal {
        app,
        buyer,
        seller,
        number,
        ..
    } = deal().await;
    let photo = vec![("a.jpg", images::photo(ImageFormat::Jpeg))];
    let id = open(&app, &buyer, form(&number, "full", "", photo))
        .await
        .unwrap();
    let (stranger, _) = app.shopper("stranger@example.ru").await;
    let (rival, rival_id) = app.shopper("rival@example.ru").await;
    app.store("Соседи", Some(rival_id)).await;

    // Another shopper: the order and the dispute are "not found", whatever they try.
    assert_eq!(
        app.call(&stranger, "order_detail", &[("number", &number)])
            .await,
        Err(AppError::NotFound)
    );
    assert_eq!(dispute(&app, &stranger, id).await, Err(AppError::NotFound));
    assert_eq!(
        shopper_move(&app, &stranger, id, "withdraw").await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        open(&app, &stranger, form(&number, "full", "", vec![])).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        app.call(&stranger, "store_disputes", &[]).await,
        Err(AppError::Forbidden)
    );
    // Another store's seller: "not found" too.
    assert_eq!(
        app.call(&rival, "store_dispute", &[("id", &id.to_string())])
            .await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        answer(&app, &rival, id, &[("answer", "accept")]).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        app.call(&rival, "store_disputes", &[]).await.unwrap()["items"],
        serde_json::json!([])
    );
    // The store answers, not the buyer.
    assert_eq!(
        answer(&app, &buyer, id, &[("answer", "accept")]).await,
        Err(AppError::Forbidden)
    );
    // Photos: the buyer and the store only.
    let url = app.url(&format!("/account/disputes/{id}/photos/1"));
    for (who, expected) in [
        (&buyer, StatusCode::OK),
        (&seller, StatusCode::OK),
        (&stranger, StatusCode::NOT_FOUND),
        (&rival, StatusCode::NOT_FOUND),
    ] {
        let res = who.get(&url).send().await.unwrap();
        assert_eq!(res.status(), expected);
    }
    // Signed out: to the sign-in page.
    let res = client(&app).get(&url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(refunded(&app).await, 0);
    // The buyer may withdraw, once.
    shopper_move(&app, &buyer, id, "withdraw").await.unwrap();
    assert_eq!(
        shopper_move(&app, &buyer, id, "withdraw").await,
        Err(AppError::DisputeState)
    );
    assert_eq!(app.count("SELECT in_dispute FROM orders").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_double_submitted_dispute_is_opened_once() {
    let Deal {
        app, buyer, number, ..
    } = deal().await;
    let (a, b) = tokio::join!(
        open(&app, &buyer, form(&number, "full", "", vec![])),
        open(&app, &buyer, form(&number, "full", "", vec![]))
    );
    assert!(a.is_ok() != b.is_ok(), "{a:?} {b:?}");
    assert_eq!(a.err().or(b.err()), Some(AppError::DisputeExists));
    assert_eq!(app.count("SELECT COUNT(*) FROM disputes").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_dispute_move_is_allowed_only_in_its_states() {
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
    // Shopper: accept the offer, escalate, withdraw | store: accept, refuse, offer.
    let table: [(&str, Option<i64>, &str); 8] = [
        ("awaiting_store", None, "-++|+++"),
        ("offered", Some(300), "+++|---"),
        ("refused", Some(0), "-++|---"),
        ("escalated", None, "--+|+--"),
        ("escalated", Some(300), "--+|+--"),
        ("refunded", Some(300), "---|---"),
        ("rejected", Some(0), "---|---"),
        ("withdrawn", None, "---|---"),
    ];
    let moves = [
        "accept_offer",
        "escalate",
        "withdraw",
        "accept",
        "refuse",
        "offer",
    ];
    for (status, answered, expected) in table {
        let expected: Vec<bool> = expected
            .chars()
            .filter(|c| *c != '|')
            .map(|c| c == '+')
            .collect();
        for (i, m) in moves.iter().enumerate() {
            // Put the dispute (and its order) back into the state under test.
            sqlx::query("DELETE FROM refunds")
                .execute(&app.pool)
                .await
                .unwrap();
            sqlx::query(
                "UPDATE disputes SET status = ?, offer_amount = ?, store_answered_at = ?,
                        store_note = NULL, refunded = 0, closed_at = NULL, deadline = ? WHERE id = ?",
            )
            .bind(status)
            .bind(answered.filter(|a| *a > 0))
            .bind(answered.map(|_| now()))
            .bind(now() + 86_400)
            .bind(id)
            .execute(&app.pool)
            .await
            .unwrap();
            let open_now = ["awaiting_store", "offered", "refused", "escalated"].contains(&status);
            sqlx::query("UPDATE orders SET status = 'shipped', in_dispute = ?")
                .bind(open_now as i64)
                .execute(&app.pool)
                .await
                .unwrap();
            let result = if i < 3 {
                shopper_move(&app, &buyer, id, m).await
            } else {
                let form: &[(&str, &str)] = match *m {
                    "accept" => &[("answer", "accept")],
                    "refuse" => &[("answer", "refuse"), ("note", "Нет")],
                    _ => &[("answer", "offer"), ("amount", "1")],
                };
                answer(&app, &seller, id, form).await
            };
            match (expected[i], result) {
                (true, Ok(())) => {}
                (false, Err(AppError::DisputeState)) => {}
                (want, got) => {
                    panic!("{m} in {status} ({answered:?}): allowed={want}, got {got:?}")
                }
            }
            let paid_back = refunded(&app).await;
            assert!(paid_back <= 1000, "{m} in {status}: refunded {paid_back}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_in_the_deleted_bin_is_disputed_only_after_it_is_restored() {
    let Deal {
        app, buyer, number, ..
    } = deal().await;
    let n = [("number", number.as_str()), ("sure", "1")];
    app.call(&buyer, "confirm_receipt", &n).await.unwrap();
    app.call(&buyer, "delete_order", &n[..1]).await.unwrap();
    assert_eq!(
        open(&app, &buyer, form(&number, "full", "", vec![])).await,
        Err(AppError::NotFound)
    );
    app.call(&buyer, "restore_order", &n[..1]).await.unwrap();
    let id = open(&app, &buyer, form(&number, "full", "", vec![]))
        .await
        .unwrap();
    assert_eq!(
        app.call(&buyer, "delete_order", &n[..1]).await,
        Err(AppError::OrderState),
        "an order in dispute stays in the list"
    );
    assert!(dispute(&app, &buyer, id).await.is_ok());
}
