//! Coupons: claiming (limits, windows, conditions, codes, the race) and the wallet. The store's
//! console and pages are in `coupons_store.rs`, checkout with coupons in `coupons_checkout.rs`.

use crate::helpers::*;
use app::error::{AppError, Field};
use reqwest::StatusCode;

pub const DAY: i64 = 86_400;

/// A coupon made directly, as the console or the platform would: amounts in cents, the window
/// in days from now.
pub struct NewCoupon {
    pub store: Option<i64>,
    pub code: &'static str,
    pub amount: i64,
    pub percent: Option<i64>,
    pub min: i64,
    pub from_days: i64,
    pub to_days: i64,
    pub quantity: Option<i64>,
    pub per_shopper: i64,
}

pub const PLAIN: NewCoupon = NewCoupon {
    store: None,
    code: "",
    amount: 500,
    percent: None,
    min: 0,
    from_days: -1,
    to_days: 10,
    quantity: None,
    per_shopper: 1,
};

pub async fn coupon(app: &TestApp, c: NewCoupon) -> i64 {
    let now = app::platform::now();
    sqlx::query_scalar(
        "INSERT INTO coupons (store_id, code, title_ru, title_en, discount, percent, min_order,
                starts_at, ends_at, quantity, per_shopper)
         VALUES (?, ?, 't', 't', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(c.store)
    .bind(c.code)
    .bind(c.amount)
    .bind(c.percent)
    .bind(c.min)
    .bind(now + c.from_days * DAY)
    .bind(now + c.to_days * DAY)
    .bind(c.quantity)
    .bind(c.per_shopper)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

pub async fn claim(app: &TestApp, c: &reqwest::Client, id: i64) -> Result<(), AppError> {
    app.call(c, "claim_coupon", &[("coupon_id", &id.to_string())])
        .await
        .map(|_| ())
}

/// The held (wallet row) id of the shopper's copy of coupon `coupon`.
pub async fn held(app: &TestApp, user: i64, coupon: i64) -> i64 {
    sqlx::query_scalar("SELECT id FROM user_coupons WHERE user_id = ? AND coupon_id = ?")
        .bind(user)
        .bind(coupon)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claiming_respects_the_window_the_limit_and_the_store_ending_it() {
    let app = spawn_app().await;
    let (c, user) = app.shopper("claims@example.ru").await;
    let valid = coupon(
        &app,
        NewCoupon {
            code: "VALID1",
            per_shopper: 2,
            ..PLAIN
        },
    )
    .await;
    let upcoming = coupon(
        &app,
        NewCoupon {
            code: "SOON1",
            from_days: 2,
            ..PLAIN
        },
    )
    .await;
    let over = coupon(
        &app,
        NewCoupon {
            code: "OVER1",
            from_days: -5,
            to_days: -1,
            ..PLAIN
        },
    )
    .await;

    claim(&app, &c, valid).await.unwrap();
    claim(&app, &c, valid).await.unwrap();
    assert_eq!(
        claim(&app, &c, valid).await,
        Err(AppError::CouponLimit { max: 2 }),
        "two per shopper"
    );
    // An upcoming coupon may be claimed and waits; an ended one may not.
    claim(&app, &c, upcoming).await.unwrap();
    assert_eq!(claim(&app, &c, over).await, Err(AppError::CouponClosed));
    assert_eq!(claim(&app, &c, 999_999).await, Err(AppError::NotFound));
    assert_eq!(
        app.count("SELECT claimed FROM coupons WHERE code = 'VALID1'")
            .await,
        2
    );

    // Ended by the store: no more claims, the claimed ones stay.
    let (seller, seller_id) = app.shopper("store@example.ru").await;
    let store = app.store("Лавка", Some(seller_id)).await;
    let s = coupon(
        &app,
        NewCoupon {
            store: Some(store),
            code: "STORE1X",
            ..PLAIN
        },
    )
    .await;
    claim(&app, &c, s).await.unwrap();
    app.call(&seller, "end_coupon", &[("coupon_id", &s.to_string())])
        .await
        .unwrap();
    let (other, _) = app.shopper("late@example.ru").await;
    assert_eq!(claim(&app, &other, s).await, Err(AppError::CouponClosed));
    let wallet = app.call(&c, "coupons", &[]).await.unwrap();
    assert_eq!(wallet["coupons"].as_array().unwrap().len(), 4);
    let _ = user;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn special_coupons_go_only_to_shoppers_who_meet_their_condition() {
    let app = spawn_app().await;
    let store = app.store("Альфа", None).await;
    let p = app.product(store, "Кружка", "Mug", 1_000, 10).await;
    let newcomers = coupon(
        &app,
        NewCoupon {
            code: "NEW1",
            ..PLAIN
        },
    )
    .await;
    let club = coupon(
        &app,
        NewCoupon {
            code: "CLUB9",
            ..PLAIN
        },
    )
    .await;
    sqlx::query("UPDATE coupons SET condition = 'new_shopper' WHERE id = ?")
        .bind(newcomers)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE coupons SET condition = 'club_level', level = 3 WHERE id = ?")
        .bind(club)
        .execute(&app.pool)
        .await
        .unwrap();

    let (fresh, _) = app.shopper("fresh@example.ru").await;
    claim(&app, &fresh, newcomers).await.unwrap();
    assert_eq!(
        claim(&app, &fresh, club).await,
        Err(AppError::CouponCondition)
    );

    // A shopper with a paid order is no longer new.
    let (buyer, _) = app.shopper("buyer@example.ru").await;
    let address = app.address(&buyer).await;
    app.add_to_cart(&buyer, p, "1").await.unwrap();
    let key = app.place(&buyer, address).await.unwrap();
    app.call(&buyer, "pay_checkout", &[("key", &key)])
        .await
        .unwrap();
    assert_eq!(
        claim(&app, &buyer, newcomers).await,
        Err(AppError::CouponCondition)
    );

    // The offer shows the condition.
    let offers = app.call(&fresh, "coupon_offers", &[]).await.unwrap();
    let shown: Vec<_> = offers
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["special"]["condition"].as_str())
        .collect();
    assert!(
        shown.contains(&"ClubLevel") || shown.contains(&"club_level"),
        "{offers}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_are_read_in_any_case_and_guessing_is_throttled() {
    let app = spawn_app().await;
    let (c, user) = app.shopper("codes@example.ru").await;
    let hidden = coupon(
        &app,
        NewCoupon {
            code: "WELCOME7",
            ..PLAIN
        },
    )
    .await;
    sqlx::query("UPDATE coupons SET public = 0 WHERE id = ?")
        .bind(hidden)
        .execute(&app.pool)
        .await
        .unwrap();
    let redeem = |code: &'static str| {
        let (app, c) = (&app, c.clone());
        async move { app.call(&c, "redeem_coupon", &[("code", code)]).await }
    };
    assert_eq!(
        redeem("nope").await,
        Err(AppError::CouponCode),
        "an unknown code"
    );
    assert_eq!(AppError::CouponCode.field(), Some(Field::Code));
    assert_eq!(redeem("<b>x</b>").await, Err(AppError::CouponCode));
    redeem(" welcome-7 ").await.unwrap();
    assert!(held(&app, user, hidden).await > 0);
    assert_eq!(
        redeem("WELCOME7").await,
        Err(AppError::CouponLimit { max: 1 })
    );
    // A hidden coupon is not offered on pages.
    let offers = app.call(&c, "coupon_offers", &[]).await.unwrap();
    assert!(offers.as_array().unwrap().is_empty(), "{offers}");

    // 20 entries an hour: the 21st is refused, even with the right code.
    for _ in 0..16 {
        let _ = redeem("GUESS").await;
    }
    assert_eq!(redeem("WELCOME7").await, Err(AppError::TooManyCodeEntries));
    let res = app
        .post_form(&c, "/api/redeem_coupon", &[("code", "GUESS")])
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(to, "/account/coupons?error=TooManyCodeEntries");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_coupons_claimed_five_hundred_times_at_once_go_to_exactly_a_hundred_claims() {
    let app = spawn_app().await;
    // 25 shoppers, each firing 20 claims at once (20 allowed each): 500 concurrent claims, and
    // both the quantity and the per-shopper limit are raced.
    let id = coupon(
        &app,
        NewCoupon {
            code: "RUSH",
            quantity: Some(100),
            per_shopper: 20,
            ..PLAIN
        },
    )
    .await;
    let mut shoppers = Vec::new();
    for i in 0..25 {
        shoppers.push(app.shopper(&format!("rush{i}@example.ru")).await.0);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for c in &shoppers {
        for _ in 0..20 {
            let (c, url) = (c.clone(), app.url("/api/claim_coupon"));
            tasks.spawn(async move {
                let res = c
                    .post(url)
                    .form(&[("coupon_id", id.to_string())])
                    .send()
                    .await
                    .unwrap();
                decode(res).await
            });
        }
    }
    let mut ok = 0;
    let mut gone = 0;
    while let Some(r) = tasks.join_next().await {
        match r.unwrap() {
            Ok(_) => ok += 1,
            Err(AppError::CouponGone) => gone += 1,
            Err(e) => panic!("unexpected refusal {e:?}"),
        }
    }
    assert_eq!((ok, gone), (100, 400));
    assert_eq!(
        app.count("SELECT claimed FROM coupons WHERE code = 'RUSH'")
            .await,
        100
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM user_coupons").await, 100);
    assert!(
        app.count("SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM user_coupons GROUP BY user_id)")
            .await
            <= 20
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wallet_counts_every_tab_and_puts_what_expires_first_on_top() {
    let app = spawn_app().await;
    let (c, user) = app.shopper("wallet@example.ru").await;
    let later = coupon(
        &app,
        NewCoupon {
            code: "LATER",
            to_days: 20,
            ..PLAIN
        },
    )
    .await;
    let soon = coupon(
        &app,
        NewCoupon {
            code: "SOON2",
            to_days: 2,
            ..PLAIN
        },
    )
    .await;
    let upcoming = coupon(
        &app,
        NewCoupon {
            code: "UPC",
            from_days: 3,
            to_days: 9,
            ..PLAIN
        },
    )
    .await;
    for id in [later, soon, upcoming] {
        claim(&app, &c, id).await.unwrap();
    }
    // One has since expired (its window moved into the past).
    let gone = coupon(
        &app,
        NewCoupon {
            code: "GONE",
            ..PLAIN
        },
    )
    .await;
    claim(&app, &c, gone).await.unwrap();
    sqlx::query("UPDATE coupons SET starts_at = starts_at - 30 * 86400, ends_at = ends_at - 20 * 86400 WHERE id = ?")
        .bind(gone)
        .execute(&app.pool)
        .await
        .unwrap();

    let w = app.call(&c, "coupons", &[]).await.unwrap();
    let counts: Vec<(String, i64)> = w["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_i64().unwrap()))
        .collect();
    assert_eq!(
        counts,
        vec![
            ("All".into(), 4),
            ("Valid".into(), 2),
            ("Upcoming".into(), 1),
            ("Used".into(), 0),
            ("Expired".into(), 1)
        ]
    );
    let codes: Vec<&str> = w["coupons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["SOON2", "LATER", "UPC", "GONE"]);
    let valid = app.call(&c, "coupons", &[("tab", "valid")]).await.unwrap();
    assert_eq!(valid["coupons"].as_array().unwrap().len(), 2);

    // The page: the flag on the one ending within three days, and the account home's line.
    let (_, html) = app.page(&c, "/account/coupons").await;
    assert_eq!(html.matches("data-testid=\"expires-soon\"").count(), 1);
    assert!(html.contains("Истекает через 2 дн."), "the flag");
    let home = app.call(&c, "home_counts", &[]).await.unwrap();
    assert_eq!(home["coupons"], serde_json::json!([2, 1]));

    // The job sends the "expires soon" notice once.
    let now = app::platform::now();
    let sent = app::coupons::ssr::warn_expiring(&app.pool, now)
        .await
        .unwrap();
    assert_eq!(sent, 1);
    assert_eq!(
        app::coupons::ssr::warn_expiring(&app.pool, now)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM messages WHERE kind = 'coupon_expiring'")
            .await,
        1
    );
    let _ = user;
}
