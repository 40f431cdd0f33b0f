//! Abuse limits on disputes and checkout: a withdrawn dispute is opened again at most once, and
//! a shopper has at most five orders awaiting payment.

use crate::dispute_setup::{deal, form, open, shopper_move};
use crate::helpers::*;
use app::error::AppError;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawn_dispute_can_be_opened_again_only_once() {
    let d = deal().await;
    let (app, buyer, n) = (&d.app, &d.buyer, d.number.as_str());
    let first = open(app, buyer, form(n, "full", "", vec![])).await.unwrap();
    shopper_move(app, buyer, first, "withdraw").await.unwrap();
    // One reopening after a withdrawal is allowed …
    let second = open(app, buyer, form(n, "full", "", vec![])).await.unwrap();
    shopper_move(app, buyer, second, "withdraw").await.unwrap();
    // … a third opening is not, whatever the form says.
    let draft = app
        .call(buyer, "dispute_draft", &[("number", n)])
        .await
        .unwrap();
    assert_eq!(draft["withdrawn"], 2);
    assert_eq!(
        open(app, buyer, form(n, "partial", "1.00", vec![])).await,
        Err(AppError::DisputeReopenUsed)
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM disputes").await, 2);
    let (_, page) = app
        .page(buyer, &format!("/account/orders/{n}/dispute"))
        .await;
    assert!(
        page.replace("<!>", "")
            .contains("Открыть его ещё раз нельзя"),
        "the form says why"
    );
    assert!(AppError::DisputeReopenUsed
        .message(app::i18n::Lang::En)
        .contains("cannot be opened again"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shopper_has_at_most_five_unpaid_orders() {
    let app = spawn_app().await;
    let s1 = app.store("Лавка", None).await;
    let s2 = app.store("Погребок", None).await;
    let mug = app.product(s1, "Кружка", "Mug", 500, 100).await;
    let jar = app.product(s2, "Банка", "Jar", 300, 100).await;
    let (c, _) = app.shopper("yulia@example.ru").await;
    let address = app.address(&c).await;
    for _ in 0..4 {
        app.add_to_cart(&c, mug, "1").await.unwrap();
        app.place(&c, address).await.unwrap();
    }
    // Two stores make two orders: 4 + 2 > 5, so the whole checkout is refused.
    app.add_to_cart(&c, mug, "1").await.unwrap();
    app.add_to_cart(&c, jar, "1").await.unwrap();
    assert_eq!(
        app.place(&c, address).await,
        Err(AppError::TooManyUnpaidOrders { max: 5 })
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 4);
    assert_eq!((app.stock(mug).await, app.stock(jar).await), (96, 100));
    assert_eq!(app.count("SELECT COUNT(*) FROM cart_items").await, 2);
    // One store's order is the fifth: placed.
    app.call(&c, "remove_from_cart", &[("product_id", &jar.to_string())])
        .await
        .unwrap();
    app.place(&c, address).await.unwrap();
    app.add_to_cart(&c, mug, "1").await.unwrap();
    let refused = app.place(&c, address).await.unwrap_err();
    assert_eq!(refused, AppError::TooManyUnpaidOrders { max: 5 });
    assert!(refused
        .message(app::i18n::Lang::Ru)
        .contains("5 неоплаченных"));
    assert_eq!(app.stock(mug).await, 95);
    // Paying one frees a place.
    let n: i64 = sqlx::query_scalar("SELECT number FROM orders ORDER BY id LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    app.call(&c, "pay_order", &[("number", &n.to_string())])
        .await
        .unwrap();
    app.place(&c, address).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 6);
    // Another shopper is not limited by this one's orders.
    let (other, _) = app.shopper("other@example.ru").await;
    let a2 = app.address(&other).await;
    app.add_to_cart(&other, jar, "1").await.unwrap();
    app.place(&other, a2).await.unwrap();
}
