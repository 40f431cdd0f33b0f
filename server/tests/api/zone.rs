//! Dates shown in the shopper's time zone: the `tz` cookie, `POST /tz`, and the defaults.

use crate::helpers::*;
use reqwest::StatusCode;

/// 2026-11-24 22:00 UTC: 01:00 on the 25th in Moscow.
const LATE_EVENING_UTC: i64 = 1_795_557_600;

/// A shopper with one order placed at [`LATE_EVENING_UTC`]; returns the client and the order page.
async fn shopper_with_late_order(app: &TestApp) -> (reqwest::Client, String) {
    let (c, _) = app.shopper("zone@example.ru").await;
    let store = app.store("Лавка", None).await;
    let product = app.product(store, "Чайник", "Kettle", 150_000, 5).await;
    let address = app.address(&c).await;
    app.add_to_cart(&c, product, "1").await.unwrap();
    app.place(&c, address).await.unwrap();
    let number: i64 = sqlx::query_scalar("SELECT number FROM orders ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE orders SET created_at = ? WHERE number = ?")
        .bind(LATE_EVENING_UTC)
        .bind(number)
        .execute(&app.pool)
        .await
        .unwrap();
    (c, format!("/account/orders/{number}"))
}

fn set_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("tz="))
        .map(str::to_string)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn choosing_a_time_zone_is_remembered_for_a_year_and_goes_back_to_the_page() {
    let app = spawn_app().await;
    let c = client(&app);
    let res = app
        .post_form(
            &c,
            "/tz",
            &[("tz", "330"), ("next", "/login?next=/account")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login?next=/account");
    let cookie = set_cookie(&res).expect("tz cookie set");
    assert!(cookie.starts_with("tz=330;"), "{cookie}");
    assert!(
        cookie.contains("Path=/") && cookie.contains("Max-Age=31536000"),
        "{cookie}"
    );
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    let (_, html) = app.page(&c, "/login").await;
    assert!(html.contains("data-tz=\"330\""), "the page knows the zone");
    assert!(
        !html.contains("getTimezoneOffset"),
        "a chosen zone is not overwritten by the browser's"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_value_that_is_not_a_zone_changes_nothing_and_a_foreign_next_is_not_followed() {
    let app = spawn_app().await;
    let c = client(&app);
    for bad in [
        "841",
        "-721",
        "Europe/Moscow",
        "",
        "180; Domain=evil.example",
    ] {
        let res = app
            .post_form(&c, "/tz", &[("tz", bad), ("next", "/account")])
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{bad:?}");
        assert_eq!(res.headers()["location"], "/account", "{bad:?}");
        assert_eq!(set_cookie(&res), None, "{bad:?}");
    }
    let (_, html) = app.page(&c, "/login").await;
    assert!(html.contains("data-tz=\"180\""), "still the default zone");
    for next in [
        "https://evil.example",
        "//evil.example/x",
        "/\\evil.example",
    ] {
        let res = app
            .post_form(&c, "/tz", &[("tz", "-300"), ("next", next)])
            .await;
        assert_eq!(res.headers()["location"], "/", "{next:?}");
    }
    let foreign = reqwest::Client::new()
        .post(app.url("/tz"))
        .header("origin", "http://evil.example")
        .form(&[("tz", "600")])
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    assert_eq!(set_cookie(&foreign), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_placed_at_one_in_the_night_in_moscow_shows_that_day_until_another_zone_is_chosen()
{
    let app = spawn_app().await;
    let (c, page) = shopper_with_late_order(&app).await;

    // Russian and no zone yet: Moscow, and the page asks the browser for its own.
    let (status, html) = app.page(&c, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("25.11.2026 01:00"), "Moscow time");
    assert!(!html.contains("24.11.2026"), "no UTC date anywhere");
    assert!(html.contains("data-tz=\"180\"") && html.contains("getTimezoneOffset"));
    assert!(
        html.contains("Москва (UTC+3)</option>"),
        "the choice is offered"
    );

    // UTC chosen in the footer: the evening before.
    app.post_form(&c, "/tz", &[("tz", "0"), ("next", &page)])
        .await;
    let (_, html) = app.page(&c, &page).await;
    assert!(html.contains("24.11.2026 22:00"), "UTC");
    assert!(!html.contains("25.11.2026 01:00"));
    assert!(html.contains("data-tz=\"0\""));

    // New York (UTC−5), as a browser's script would have set it.
    app.post_form(&c, "/tz", &[("tz", "-300"), ("next", &page)])
        .await;
    let (_, html) = app.page(&c, &page).await;
    assert!(html.contains("24.11.2026 17:00"), "UTC−5");
    assert!(
        html.contains("<option value=\"-300\" selected>UTC−5</option>"),
        "the footer shows the zone in use"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_without_a_known_zone_shows_utc() {
    let app = spawn_app().await;
    let (c, page) = shopper_with_late_order(&app).await;
    app.post_form(&c, "/lang", &[("lang", "en"), ("next", "/")])
        .await;
    let (_, html) = app.page(&c, &page).await;
    assert!(html.contains("2026-11-24 22:00"), "UTC");
    assert!(html.contains("data-tz=\"0\""));
    assert!(html.contains("Moscow (UTC+3)</option>"));
}
