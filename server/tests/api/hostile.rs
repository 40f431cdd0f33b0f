//! Hostile inputs across the server functions and forms: cross-origin and origin-less writes,
//! oversized and wrongly typed fields, other shoppers' and stores' ids, FTS syntax and LIKE
//! wildcards, `next` path tricks, header injection in names and e-mails, and abandoned bodies.
//! Each request's answer is checked, and the whole database compared before and after it
//! (`hostile_setup`). Continued in `hostile_text.rs`: 40+ hostile requests in all.

use crate::helpers::*;
use crate::hostile;
use crate::hostile_setup::{got, post, world, Got};
use app::error::{AppError, Field};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_requests_are_refused_and_change_nothing() {
    let mut w = world().await;
    let (app, x, y) = (&w.app, w.x.clone(), w.y.clone());
    let base = app.base.clone();
    let product = w.product.to_string();
    let (xs, xu) = (w.x_shipped.clone(), w.x_unpaid.clone());
    let (xa, xd) = (w.x_address.to_string(), w.x_dispute.to_string());
    let forbidden: fn(&Got) -> bool = |g| g.status == 403;
    let not_found: fn(&Got) -> bool = |g| g.is(AppError::NotFound);
    let add = [("product_id", product.as_str()), ("quantity", "1")];

    // --- Cross-origin and origin-less writes: 403 before anything runs.
    let evil = [("origin", "http://evil.example")];
    hostile!(
        w,
        "cross-origin add to cart",
        post(&x, app, "/api/add_to_cart", &evil, &add),
        forbidden
    );
    let bare = w.x_bare.clone();
    hostile!(
        w,
        "no origin, no referer: cancel",
        post(&bare, app, "/api/cancel_order", &[], &[("number", &xu)]),
        forbidden
    );
    let null = [("origin", "null")];
    hostile!(
        w,
        "origin null: delete address",
        post(&x, app, "/api/delete_address", &null, &[("id", &xa)]),
        forbidden
    );
    let referer = [("referer", "http://evil.example/page")];
    hostile!(
        w,
        "foreign referer: pay",
        post(&bare, app, "/api/pay_order", &referer, &[("number", &xu)]),
        forbidden
    );
    let suffix = format!("{base}.evil.example");
    let lookalike = [("origin", suffix.as_str())];
    hostile!(
        w,
        "look-alike origin: withdraw",
        post(
            &x,
            app,
            "/api/move_dispute",
            &lookalike,
            &[("id", &xd), ("step", "withdraw")]
        ),
        forbidden
    );
    let https = base.replace("http://", "https://");
    let scheme = [("origin", https.as_str())];
    hostile!(
        w,
        "other scheme: set default address",
        post(&x, app, "/api/set_default_address", &scheme, &[("id", &xa)]),
        forbidden
    );
    hostile!(
        w,
        "cross-origin plain form: logout",
        post(&x, app, "/api/logout", &evil, &[]),
        forbidden
    );

    // --- Oversized.
    let big = "x".repeat(2 * 1024 * 1024);
    hostile!(
        w,
        "2 MB form",
        post(
            &x,
            app,
            "/api/add_to_cart",
            &[],
            &[("product_id", &product), ("quantity", &big)]
        ),
        |g| g.status == 413
    );
    let long_name = "Я".repeat(5000);
    hostile!(
        w,
        "5,000-letter name",
        post(
            &client(app),
            app,
            "/api/register",
            &[],
            &[
                ("name", &long_name),
                ("email", "n@example.ru"),
                ("password", "Korova-Moloko-2026"),
                ("terms", "on")
            ]
        ),
        |g| matches!(g.error(), Some(AppError::TooLong(Field::Name, _)))
    );
    let street = "ул. ".repeat(20_000);
    let mut long_street: Vec<(&str, &str)> = address_form("125009", "+7 900 123-45-67");
    long_street.retain(|(k, _)| *k != "street");
    long_street.push(("street", &street));
    hostile!(
        w,
        "80 KB street",
        post(&y, app, "/api/save_address", &[], &long_street),
        |g| matches!(g.error(), Some(AppError::TooLong(Field::Street, _)))
    );
    let long_query = "куртка ".repeat(10_000);
    hostile!(
        w,
        "70 KB search",
        post(&y, app, "/api/search", &[], &[("q", &long_query)]),
        |g| g.status == 200
    );

    // --- Wrong types and values.
    hostile!(
        w,
        "product id not a number",
        post(
            &y,
            app,
            "/api/add_to_cart",
            &[],
            &[("product_id", "abc"), ("quantity", "1")]
        ),
        Got::refused
    );
    for (name, q) in [
        ("negative", "-1"),
        ("zero", "0"),
        ("exponent", "1e9"),
        ("hex", "0x10"),
        ("over 999", "1000"),
        ("fraction", "1.5"),
    ] {
        hostile!(
            w,
            name,
            post(
                &y,
                app,
                "/api/add_to_cart",
                &[],
                &[("product_id", &product), ("quantity", q)]
            ),
            |g| g.is(AppError::InvalidQuantity)
        );
    }
    hostile!(
        w,
        "SQL in an order number",
        post(&y, app, "/api/pay_order", &[], &[("number", "1 OR 1=1")]),
        Got::refused
    );
    hostile!(
        w,
        "path in a dispute id",
        post(
            &y,
            app,
            "/api/move_dispute",
            &[],
            &[("id", "../1"), ("step", "withdraw")]
        ),
        Got::refused
    );
    hostile!(
        w,
        "unknown dispute step",
        post(
            &x,
            app,
            "/api/move_dispute",
            &[],
            &[("id", &xd), ("step", "decide_refund")]
        ),
        Got::refused
    );
    hostile!(
        w,
        "dispute amount with letters",
        post(
            &w.seller_a.clone(),
            app,
            "/api/answer_dispute",
            &[],
            &[("id", &xd), ("answer", "offer"), ("amount", "1e3")]
        ),
        Got::refused
    );

    // --- Other shoppers' and stores' objects: "not found", as if they did not exist.
    hostile!(
        w,
        "cancel another's order",
        post(&y, app, "/api/cancel_order", &[], &[("number", &xu)]),
        not_found
    );
    hostile!(
        w,
        "pay another's order",
        post(&y, app, "/api/pay_order", &[], &[("number", &xu)]),
        not_found
    );
    hostile!(
        w,
        "confirm another's order",
        post(
            &y,
            app,
            "/api/confirm_receipt",
            &[],
            &[("number", &xs), ("sure", "1")]
        ),
        not_found
    );
    hostile!(
        w,
        "read another's order",
        post(&y, app, "/api/order_detail", &[], &[("number", &xs)]),
        not_found
    );
    hostile!(
        w,
        "delete another's address",
        post(&y, app, "/api/delete_address", &[], &[("id", &xa)]),
        not_found
    );
    hostile!(
        w,
        "default another's address",
        post(&y, app, "/api/set_default_address", &[], &[("id", &xa)]),
        not_found
    );
    let mut edit: Vec<(&str, &str)> = address_form("125009", "+7 900 123-45-67");
    edit.push(("id", &xa));
    hostile!(
        w,
        "edit another's address",
        post(&y, app, "/api/save_address", &[], &edit),
        not_found
    );
    hostile!(
        w,
        "withdraw another's dispute",
        post(
            &y,
            app,
            "/api/move_dispute",
            &[],
            &[("id", &xd), ("step", "withdraw")]
        ),
        not_found
    );
    hostile!(
        w,
        "another store answers the dispute",
        post(
            &w.seller_b.clone(),
            app,
            "/api/answer_dispute",
            &[],
            &[("id", &xd), ("answer", "accept")]
        ),
        not_found
    );
    hostile!(
        w,
        "another store ships the order",
        post(
            &w.seller_b.clone(),
            app,
            "/api/ship_order",
            &[],
            &[
                ("number", &xu),
                ("carrier", "СДЭК"),
                ("tracking_number", "X1")
            ]
        ),
        Got::refused
    );
    hostile!(
        w,
        "buy again another's order",
        post(&y, app, "/api/buy_again", &[], &[("number", &xs)]),
        not_found
    );
    hostile!(
        w,
        "checkout to another's address",
        async {
            y.post(app.url("/api/add_to_cart"))
                .form(&add)
                .send()
                .await
                .unwrap();
            let key = app.call(&y, "checkout", &[]).await.unwrap()["key"]
                .as_str()
                .unwrap()
                .to_string();
            let g = post(
                &y,
                app,
                "/api/place_order",
                &[],
                &[("checkout_key", &key), ("address_id", &xa)],
            )
            .await;
            // Y's own cart line was the set-up: taken out again, the database is as before.
            y.post(app.url("/api/remove_from_cart"))
                .form(&[("product_id", product.as_str())])
                .send()
                .await
                .unwrap();
            g
        },
        |g| g.is(AppError::InvalidChoice(Field::Address))
    );
    let photo = format!("/account/disputes/{xd}/photos/0");
    hostile!(
        w,
        "another's dispute photo",
        async { got(y.get(app.url(&photo)).send().await.unwrap()).await },
        |g| g.status == 404
    );
    hostile!(
        w,
        "guest cancels an order",
        post(
            &client(app),
            app,
            "/api/cancel_order",
            &[],
            &[("number", &xu)]
        ),
        |g| g.is(AppError::NotSignedIn)
    );

    // The comparison sees a change when there is one: a legitimate request makes it differ.
    let before = crate::hostile_setup::snapshot(&app.pool).await;
    app.add_to_cart(&y, w.product, "1").await.unwrap();
    assert_ne!(crate::hostile_setup::snapshot(&app.pool).await, before);

    eprintln!(
        "hostile requests tried (ids, origins, sizes, types): {}",
        w.tried
    );
    assert!(w.tried >= 30, "only {} hostile requests", w.tried);
}
