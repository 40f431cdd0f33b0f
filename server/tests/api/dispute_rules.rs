//! Disputes: when one may be opened, who may see or move it, double submissions, and which
//! move is allowed in which state.

use crate::dispute_setup::*;
use crate::helpers::*;
use crate::images;
use app::error::AppError;
use app::platform::now;
use image::ImageFormat;
use reqwest::StatusCode;
use std::time::Duration;

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
    assert_eq!(detail["disputes"]["can_open"], true);
    assert_eq!(detail["disputes"]["closes"][1], 15);
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
    let pass = app::jobs::run_once(
        &app.state,
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
    // The second is refused: as a dispute already there, or (still uploading) as the shopper's
    // second upload at once.
    assert!(
        matches!(
            a.err().or(b.err()),
            Some(AppError::DisputeExists | AppError::UploadInProgress)
        ),
        "the second is refused"
    );
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
