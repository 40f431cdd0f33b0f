//! Returns and disputes along their paths: the store's answers, the shopper's moves, deadlines
//! and refunds that never exceed what was paid. The set-up is in `dispute_setup`.

use crate::dispute_setup::*;
use crate::images;
use app::error::{AppError, Field};
use app::platform::now;
use image::ImageFormat;
use reqwest::multipart::Form;
use std::time::Duration;

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
        &app.state,
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
