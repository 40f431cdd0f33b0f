//! Hostile inputs, continued (`hostile.rs` has origins, sizes, types and others' ids): FTS syntax
//! and LIKE wildcards, `next` path tricks, header injection in names and e-mails, abandoned
//! bodies, and tampered prices and discounts (which must be ignored: the checkout succeeds at
//! catalogue prices).

use crate::helpers::*;
use crate::hostile;
use crate::hostile_setup::{post, world, Got};
use app::error::AppError;
use tokio::io::AsyncWriteExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_is_only_text_and_changes_nothing() {
    let mut w = world().await;
    let (app, x, y) = (&w.app, w.x.clone(), w.y.clone());
    let base = app.base.clone();
    let product = w.product.to_string();
    let xu = w.x_unpaid.clone();

    // --- FTS syntax and LIKE wildcards are only text.
    for (name, q) in [
        ("FTS operators", "\"NEAR(a b)\" OR * NOT"),
        ("FTS column filter", "title_ru:куртка"),
        ("FTS caret and minus", "^кру -кружка"),
        ("SQL quote", "' OR 1=1 --"),
    ] {
        hostile!(
            w,
            name,
            post(&y, app, "/api/search", &[], &[("q", q)]),
            |g| g.status == 200 && g.body.contains("\"total\"")
        );
    }
    hostile!(
        w,
        "LIKE % in the order search",
        post(&x, app, "/api/list_orders", &[], &[("q", "%")]),
        |g| g.status == 200 && g.body.contains("\"items\":[]")
    );
    hostile!(
        w,
        "LIKE _ in the order search",
        post(&x, app, "/api/list_orders", &[], &[("q", "_")]),
        |g| g.status == 200 && g.body.contains("\"items\":[]")
    );
    hostile!(
        w,
        "LIKE % in store search",
        post(&y, app, "/api/search_stores", &[], &[("q", "%")]),
        |g| g.status == 200
    );

    // --- `next` path tricks: never off the site.
    for (name, next) in [
        ("protocol-relative", "//evil.example/x"),
        ("absolute", "https://evil.example"),
        ("backslash", "/\\evil.example"),
        ("javascript", "javascript:alert(1)"),
        ("tab", "/\t/evil.example"),
    ] {
        hostile!(
            w,
            name,
            post(&x, app, "/lang", &[], &[("lang", "ru"), ("next", next)]),
            |g| g.location.as_deref() == Some("/")
        );
    }
    hostile!(
        w,
        "next to evil on a plain-form sign-in failure",
        post(
            &client(app),
            app,
            "/api/login",
            &[("accept", "text/html")],
            &[
                ("login", "nobody@example.ru"),
                ("password", "wrong-password-1"),
                ("next", "//evil.example")
            ]
        ),
        |g| g
            .location
            .as_deref()
            .is_some_and(|l| l.starts_with("/login") && !l.contains("evil.example/"))
    );

    // --- Header injection in names and e-mails.
    hostile!(
        w,
        "CRLF in a name",
        post(
            &client(app),
            app,
            "/api/register",
            &[],
            &[
                ("name", "Иван\r\nBcc: victim@example.com"),
                ("email", "i@example.ru"),
                ("password", "Korova-Moloko-2026"),
                ("terms", "on")
            ]
        ),
        |g| g.is(AppError::InvalidName)
    );
    hostile!(
        w,
        "CRLF in an e-mail",
        post(
            &client(app),
            app,
            "/api/register",
            &[],
            &[
                ("name", "Иван"),
                ("email", "i@example.ru\r\nBcc: victim@example.com"),
                ("password", "Korova-Moloko-2026"),
                ("terms", "on")
            ]
        ),
        |g| g.is(AppError::InvalidEmail)
    );
    let mails = app.mail_count();
    hostile!(
        w,
        "CRLF in a recovery e-mail",
        post(
            &client(app),
            app,
            "/api/forgot_password",
            &[],
            &[("email", "buyer@example.ru\r\nBcc: victim@example.com")]
        ),
        |g| g.is(AppError::InvalidEmail)
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.mail_count(), mails, "no e-mail went out");

    // --- Abandoned bodies: half a request applies nothing.
    for path in ["/api/add_to_cart", "/api/cancel_order", "/api/save_address"] {
        hostile!(
            w,
            path,
            async {
                let host = base.trim_start_matches("http://");
                let mut s = tokio::net::TcpStream::connect(host).await.unwrap();
                let head = format!("POST {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {base}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\nnumber={xu}&product_id={product}&quant");
                s.write_all(head.as_bytes()).await.unwrap();
                drop(s);
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                Got {
                    status: 0,
                    body: String::new(),
                    location: None,
                }
            },
            |_| true
        );
    }

    eprintln!(
        "hostile requests tried (text, next, headers, bodies): {}",
        w.tried
    );
    assert!(w.tried >= 15, "only {} hostile requests", w.tried);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampered_prices_and_discounts_are_ignored() {
    let w = world().await;
    let app = &w.app;
    let product = w.product.to_string();
    // Y buys one mug (5.00), posting made-up prices, discounts and totals along.
    let g = post(
        &w.y,
        app,
        "/api/add_to_cart",
        &[],
        &[
            ("product_id", &product),
            ("quantity", "1"),
            ("price", "1"),
            ("unit_price", "1"),
        ],
    )
    .await;
    assert_eq!(g.status, 200, "{g:?}");
    let key = app.call(&w.y, "checkout", &[]).await.unwrap()["key"]
        .as_str()
        .unwrap()
        .to_string();
    let ya = w.y_address.to_string();
    let g = post(
        &w.y,
        app,
        "/api/place_order",
        &[],
        &[
            ("checkout_key", &key),
            ("address_id", &ya),
            ("total", "1"),
            ("discount", "499"),
            ("items_total", "1"),
        ],
    )
    .await;
    assert!(g.status == 200 || g.status == 400, "{g:?}");
    let totals: Vec<(i64, i64)> = sqlx::query_as("SELECT o.total, o.discount FROM orders o JOIN users u ON u.id = o.user_id WHERE u.email = 'y@example.ru'").fetch_all(&app.pool).await.unwrap();
    assert!(totals.iter().all(|t| *t == (500, 0)), "{totals:?}");
    let g = post(
        &w.y,
        app,
        "/api/pay_checkout",
        &[],
        &[("key", &key), ("amount", "1")],
    )
    .await;
    assert!(g.status == 200 || g.status == 400, "{g:?}");
    let paid: Vec<i64> = sqlx::query_scalar("SELECT p.amount FROM payments p JOIN orders o ON o.id = p.order_id JOIN users u ON u.id = o.user_id WHERE u.email = 'y@example.ru'").fetch_all(&app.pool).await.unwrap();
    assert!(paid.iter().all(|a| *a == 500), "{paid:?}");
}
