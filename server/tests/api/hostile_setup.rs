//! The world the hostile-input tests attack, and their harness: every request is sent, its
//! answer checked, and the whole database compared before and after.

use crate::dispute_setup::{deal, form, open};
use crate::helpers::*;
use app::error::AppError;
use reqwest::header::{HeaderName, HeaderValue, LOCATION};
use reqwest::Client;

/// Shopper X (the victim) with a shipped and disputed order, an unpaid order, an address and a
/// cart line; shopper Y (the attacker) with an address of their own; store A's seller and
/// store B's seller.
pub(crate) struct World {
    pub app: TestApp,
    pub x: Client,
    /// X's session in a client that sends no `Origin` of its own.
    pub x_bare: Client,
    pub y: Client,
    pub seller_a: Client,
    pub seller_b: Client,
    pub product: i64,
    pub x_shipped: String,
    pub x_unpaid: String,
    pub x_address: i64,
    pub x_dispute: i64,
    pub y_address: i64,
    /// Hostile requests sent so far.
    pub tried: usize,
}

pub(crate) async fn world() -> World {
    let d = deal().await;
    let app = d.app;
    let x_dispute = open(&app, &d.buyer, form(&d.number, "partial", "3.00", vec![]))
        .await
        .unwrap();
    let x_address: i64 = sqlx::query_scalar(
        "SELECT a.id FROM addresses a JOIN users u ON u.id = a.user_id WHERE u.email = ?",
    )
    .bind("buyer@example.ru")
    .fetch_one(&app.pool)
    .await
    .unwrap();
    app.add_to_cart(&d.buyer, d.product, "1").await.unwrap();
    app.place(&d.buyer, x_address).await.unwrap();
    let x_unpaid: i64 = sqlx::query_scalar("SELECT number FROM orders WHERE status = ?")
        .bind("awaiting_payment")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    app.add_to_cart(&d.buyer, d.product, "2").await.unwrap();
    let (seller_b, b_id) = app.shopper("sellerb@example.ru").await;
    app.store("Погребок", Some(b_id)).await;
    let (y, _) = app.shopper("y@example.ru").await;
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let x_bare = Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = x_bare
        .post(app.url("/api/login"))
        .header("origin", &app.base)
        .form(&[
            ("login", "buyer@example.ru"),
            ("password", "Korova-Moloko-2026"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    let y_address = app.address(&y).await;
    World {
        app,
        x: d.buyer,
        x_bare,
        y,
        seller_a: d.seller,
        seller_b,
        product: d.product,
        x_shipped: d.number,
        x_unpaid: x_unpaid.to_string(),
        x_address,
        x_dispute,
        y_address,
        tried: 0,
    }
}

/// What came back.
#[derive(Debug)]
pub(crate) struct Got {
    pub status: u16,
    pub body: String,
    pub location: Option<String>,
}

impl Got {
    /// The server function's error, if the body is one.
    pub fn error(&self) -> Option<AppError> {
        serde_json::from_str(&self.body).ok()
    }

    pub fn is(&self, e: AppError) -> bool {
        self.error() == Some(e)
    }

    pub fn refused(&self) -> bool {
        !(200..300).contains(&self.status)
    }
}

/// Posts `form` to `path` with extra `headers` (on top of the client's own).
pub(crate) async fn post(
    c: &Client,
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
    form: &[(&str, &str)],
) -> Got {
    let mut req = c.post(app.url(path)).form(form).build().unwrap();
    for (k, v) in headers {
        let name = HeaderName::from_bytes(k.as_bytes()).unwrap();
        req.headers_mut()
            .insert(name, HeaderValue::from_str(v).unwrap());
    }
    let res = c.execute(req).await.unwrap();
    got(res).await
}

pub(crate) async fn got(res: reqwest::Response) -> Got {
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_string());
    Got {
        status,
        body: res.text().await.unwrap_or_default(),
        location,
    }
}

/// Every row of every table that holds the product's data (not the session bookkeeping or the
/// throttling counters that any request may touch, nor FTS shadow tables), as text.
pub(crate) async fn snapshot(pool: &sqlx::SqlitePool) -> Vec<(String, String)> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'
           AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'
           AND name NOT IN ('sessions', 'login_failures', 'limit_events') ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut out = vec![];
    for t in tables {
        let cols: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
            .bind(&t)
            .fetch_all(pool)
            .await
            .unwrap();
        let row = cols
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        let all: Option<String> = sqlx::query_scalar(&format!(
            "SELECT group_concat(r, '|') FROM (SELECT {row} AS r FROM \"{t}\" ORDER BY r)"
        ))
        .fetch_one(pool)
        .await
        .unwrap();
        out.push((t, all.unwrap_or_default()));
    }
    out
}

/// Sends one hostile request: its answer must pass `safe` and the database must not change.
#[macro_export]
macro_rules! hostile {
    ($w:expr, $name:expr, $request:expr, $safe:expr) => {{
        let before = $crate::hostile_setup::snapshot(&$w.app.pool).await;
        let got = $request.await;
        let safe: fn(&$crate::hostile_setup::Got) -> bool = $safe;
        assert!(safe(&got), "{}: unsafe answer {:?}", $name, got);
        let after = $crate::hostile_setup::snapshot(&$w.app.pool).await;
        if after != before {
            let changed: Vec<_> = before
                .iter()
                .zip(&after)
                .filter(|(b, a)| b != a)
                .map(|(b, _)| b.0.clone())
                .collect();
            panic!("{}: the database changed: {changed:?}", $name);
        }
        $w.tried += 1;
    }};
}
