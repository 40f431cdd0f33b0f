//! The club: points for received orders, days with a purchase and refunds taken back, counted
//! once whatever races; the level by the last twelve months; deadlines by level; who sees what.

use crate::dispute_setup::*;
use crate::helpers::*;
use app::platform::now;
use std::time::Duration;

/// The ledger rows of the shopper with `email`: (kind, points), oldest first.
async fn ledger(app: &TestApp, email: &str) -> Vec<(String, i64)> {
    sqlx::query_as(
        "SELECT l.kind, l.points FROM points_ledger l JOIN users u ON u.id = l.user_id
         WHERE u.email = ? ORDER BY l.id",
    )
    .bind(email)
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

async fn confirm(
    app: &TestApp,
    buyer: &reqwest::Client,
    n: &str,
) -> Result<(), app::error::AppError> {
    app.call(buyer, "confirm_receipt", &[("number", n), ("sure", "on")])
        .await
        .map(|_| ())
}

/// Points `points` earned `days_ago` by `user`, as a row the club would have written.
async fn earned(app: &TestApp, user: i64, source: i64, points: i64, days_ago: i64) {
    sqlx::query(
        "INSERT INTO points_ledger (user_id, kind, source, points, created_at)
         VALUES (?, 'purchase_day', ?, ?, ?)",
    )
    .bind(user)
    .bind(source)
    .bind(points)
    .bind(now() - days_ago * 86_400)
    .execute(&app.pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn paying_earns_the_days_points_and_receiving_a_point_per_whole_dollar() {
    let d = deal().await; // two mugs at 5.00, paid and shipped
    assert_eq!(
        ledger(&d.app, "buyer@example.ru").await,
        [("purchase_day".to_string(), 5)]
    );
    confirm(&d.app, &d.buyer, &d.number).await.unwrap();
    assert_eq!(
        ledger(&d.app, "buyer@example.ru").await,
        [
            ("purchase_day".to_string(), 5),
            ("purchase".to_string(), 10)
        ]
    );
    let club = d.app.call(&d.buyer, "club", &[]).await.unwrap();
    assert_eq!(club["summary"]["points_year"], 15);
    assert_eq!(club["summary"]["level"], 1);
    assert_eq!(club["rating"]["deals"], 1);
    assert_eq!(club["history"]["total"], 2);
    let (status, page) = d.app.page(&d.buyer, "/account/club").await;
    assert!(status.is_success());
    assert!(page.contains("Уровень 1 · Новичок"), "{page}");
    assert_eq!(page.matches("data-testid=\"points-row\"").count(), 2);
    assert!(page.contains(&format!("/account/orders/{}", d.number)));
}

#[tokio::test]
async fn a_second_payment_on_the_same_day_earns_no_second_day_bonus() {
    let d = deal().await;
    shipped_order(&d.app, &d.buyer, &d.seller, d.product).await;
    let rows = ledger(&d.app, "buyer@example.ru").await;
    assert_eq!(
        rows,
        [("purchase_day".to_string(), 5)],
        "two orders paid today"
    );
}

#[tokio::test]
async fn the_shopper_and_the_job_confirming_one_order_at_once_count_it_once() {
    let Deal {
        app,
        buyer,
        seller,
        number,
        ..
    } = deal().await;
    let delivered = [("number", number.as_str()), ("kind", "delivered")];
    app.call(&seller, "add_tracking_event", &delivered)
        .await
        .unwrap();
    // Buyer protection ended a day ago: the job confirms it too.
    sqlx::query("UPDATE orders SET delivered_at = delivered_at - 16 * 86400")
        .execute(&app.pool)
        .await
        .unwrap();
    let app = std::sync::Arc::new(app);
    let day = Duration::from_secs(86_400);
    let mut calls = Vec::new();
    for i in 0..100 {
        let (app, buyer, n) = (app.clone(), buyer.clone(), number.clone());
        calls.push(tokio::spawn(async move {
            if i % 10 == 0 {
                app::jobs::run_once(&app.state, now(), day, 15 * day)
                    .await
                    .unwrap();
                None
            } else {
                Some(confirm(&app, &buyer, &n).await.is_ok())
            }
        }));
    }
    let mut confirmed = 0;
    for c in calls {
        confirmed += c.await.unwrap().unwrap_or(false) as u32;
    }
    assert!(confirmed <= 1, "{confirmed} confirmations succeeded");
    let purchases = app
        .count("SELECT COUNT(*) FROM points_ledger WHERE kind = 'purchase'")
        .await;
    assert_eq!(purchases, 1);
    assert_eq!(app.count("SELECT SUM(points) FROM points_ledger").await, 15);
}

#[tokio::test]
async fn a_refund_after_receipt_takes_back_the_points_of_the_refunded_dollars() {
    let d = deal().await; // 10.00 paid
    confirm(&d.app, &d.buyer, &d.number).await.unwrap();
    let id = open(&d.app, &d.buyer, form(&d.number, "partial", "3.50", vec![]))
        .await
        .unwrap();
    answer(&d.app, &d.seller, id, &[("answer", "accept")])
        .await
        .unwrap();
    // 6.50 kept: 6 points of the 10.
    assert_eq!(
        ledger(&d.app, "buyer@example.ru").await,
        [
            ("purchase_day".to_string(), 5),
            ("purchase".to_string(), 10),
            ("refund".to_string(), -4)
        ]
    );
    let club = d.app.call(&d.buyer, "club", &[]).await.unwrap();
    assert_eq!(club["summary"]["points_total"], 11);
    assert_eq!(club["rating"]["disputes"], 1);
    assert_eq!(club["rating"]["refunded"], 1);
}

#[tokio::test]
async fn a_refund_before_receipt_leaves_only_the_kept_dollars_to_count() {
    let d = deal().await;
    let id = open(&d.app, &d.buyer, form(&d.number, "partial", "2.99", vec![]))
        .await
        .unwrap();
    answer(&d.app, &d.seller, id, &[("answer", "accept")])
        .await
        .unwrap();
    confirm(&d.app, &d.buyer, &d.number).await.unwrap();
    // 7.01 kept when received: 7 points, and no negative row.
    assert_eq!(
        ledger(&d.app, "buyer@example.ru").await,
        [("purchase_day".to_string(), 5), ("purchase".to_string(), 7)]
    );
}

#[tokio::test]
async fn the_level_counts_only_the_points_of_the_last_twelve_months() {
    let app = spawn_app().await;
    let (c, user) = app.shopper("old@example.ru").await;
    earned(&app, user, 1, 3000, 400).await; // more than a year ago
    earned(&app, user, 2, 120, 300).await;
    let s = app.call(&c, "club_summary", &[]).await.unwrap();
    assert_eq!(
        (s["level"].as_i64(), s["points_year"].as_i64()),
        (Some(2), Some(120))
    );
    assert_eq!(s["points_total"], 3120);
    earned(&app, user, 3, 380, 1).await; // 500 in the year: level 3
    let s = app.call(&c, "club_summary", &[]).await.unwrap();
    assert_eq!(s["level"], 3);
    let (_, home) = app.page(&c, "/account").await;
    assert!(home.contains("уровень 3 · Золото · 500"), "{home}");
}

#[tokio::test]
async fn a_disputes_deadlines_are_those_of_the_shoppers_level_when_it_opens() {
    let d = deal().await;
    let id = open(&d.app, &d.buyer, form(&d.number, "full", "", vec![]))
        .await
        .unwrap();
    let level_1 = dispute(&d.app, &d.buyer, id).await.unwrap();
    assert_eq!(level_1["club_level"], 1);
    // A level-4 shopper: the store has 3 days instead of 5.
    let (vip, vip_id) = d.app.shopper("vip@example.ru").await;
    earned(&d.app, vip_id, 1, 1600, 10).await;
    let n = shipped_order(&d.app, &vip, &d.seller, d.product).await;
    let vid = open(&d.app, &vip, form(&n, "full", "", vec![]))
        .await
        .unwrap();
    let level_4 = dispute(&d.app, &vip, vid).await.unwrap();
    assert_eq!(level_4["club_level"], 4);
    let left = |v: &serde_json::Value| v["summary"]["deadline"].as_i64().unwrap() - now();
    assert!(
        (4 * 86_400..=5 * 86_400).contains(&left(&level_1)),
        "{level_1}"
    );
    assert!(
        (2 * 86_400..=3 * 86_400).contains(&left(&level_4)),
        "{level_4}"
    );
}

#[tokio::test]
async fn each_shopper_sees_only_their_own_club_and_guests_are_sent_to_sign_in() {
    let d = deal().await;
    confirm(&d.app, &d.buyer, &d.number).await.unwrap();
    let (other, _) = d.app.shopper("other@example.ru").await;
    let club = d.app.call(&other, "club", &[]).await.unwrap();
    assert_eq!(club["summary"]["points_total"], 0);
    assert_eq!(club["history"]["rows"].as_array().unwrap().len(), 0);
    let (_, page) = d.app.page(&other, "/account/club").await;
    assert!(page.contains("Баллов пока нет"), "{page}");
    let guest = client(&d.app);
    let res = guest.get(d.app.url("/account/club")).send().await.unwrap();
    assert!(res.status().is_redirection());
    assert!(res.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/login?next="));
    assert_eq!(
        d.app.call(&guest, "club", &[]).await,
        Err(app::error::AppError::NotSignedIn)
    );
}

#[tokio::test]
async fn the_store_sees_the_buyers_record_on_its_order_page() {
    let d = deal().await;
    confirm(&d.app, &d.buyer, &d.number).await.unwrap();
    let n = shipped_order(&d.app, &d.buyer, &d.seller, d.product).await;
    open(&d.app, &d.buyer, form(&n, "full", "", vec![]))
        .await
        .unwrap();
    let o = d
        .app
        .call(&d.seller, "seller_order", &[("number", &n)])
        .await
        .unwrap();
    assert_eq!(o["buyer"]["deals"], 1);
    assert_eq!(o["buyer"]["disputes"], 1);
    assert_eq!(o["buyer"]["in_progress"], 1);
    let (_, page) = d.app.page(&d.seller, &format!("/seller/orders/{n}")).await;
    assert!(
        page.contains("Надёжность покупателя: 1 полученных заказов"),
        "{page}"
    );
}
