use crate::helpers::*;
use app::error::AppError;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_out_shopper_is_sent_to_sign_in_and_back() {
    let app = spawn_app().await;
    let s = app.store("Магазин", None).await;
    let p = app.product(s, "Кружка", "Mug", 500, 5).await;
    let guest = client(&app);

    let res = guest.get(app.url("/cart")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login?next=/cart");

    assert_eq!(
        app.add_to_cart(&guest, p, "1").await,
        Err(AppError::NotSignedIn)
    );
    // Without JavaScript, "add to cart" leads to sign-in and back to the product.
    let res = app
        .post_form(
            &guest,
            "/api/add_to_cart",
            &[("product_id", &p.to_string()), ("quantity", "1")],
        )
        .await;
    assert_eq!(
        res.headers()["location"],
        format!("/login?next=/product/{p}").as_str()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quantities_that_are_zero_negative_not_numbers_or_above_stock_are_refused() {
    let app = spawn_app().await;
    let s = app.store("Магазин", None).await;
    let p = app.product(s, "Кружка", "Mug", 500, 3).await;
    let (c, _) = app.shopper("q@example.ru").await;

    for bad in ["0", "-1", "abc", "1.5", "", "1000"] {
        assert_eq!(
            app.add_to_cart(&c, p, bad).await,
            Err(AppError::InvalidQuantity),
            "{bad:?}"
        );
    }
    assert_eq!(
        app.add_to_cart(&c, p, "4").await,
        Err(AppError::NotEnoughStock { available: 3 })
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM cart_items").await,
        0,
        "nothing was added"
    );

    assert_eq!(app.add_to_cart(&c, p, "2").await.unwrap(), 2);
    // Adding again adds up, still within stock.
    assert_eq!(
        app.add_to_cart(&c, p, "2").await,
        Err(AppError::NotEnoughStock { available: 3 })
    );
    let set = |q: &'static str| [("product_id", p.to_string()), ("quantity", q.to_string())];
    let f = set("-5");
    assert_eq!(
        app.call(
            &c,
            "set_cart_quantity",
            &[("product_id", &f[0].1), ("quantity", &f[1].1)]
        )
        .await,
        Err(AppError::InvalidQuantity)
    );
    let f = set("3");
    app.call(
        &c,
        "set_cart_quantity",
        &[("product_id", &f[0].1), ("quantity", &f[1].1)],
    )
    .await
    .unwrap();
    assert_eq!(app.count("SELECT quantity FROM cart_items").await, 3);

    // The message reaches the page next to the line when posted without JavaScript.
    let res = app
        .post_form(
            &c,
            "/api/set_cart_quantity",
            &[("product_id", &p.to_string()), ("quantity", "0")],
        )
        .await;
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with(&format!("/cart?line={p}&error=")), "{to}");
    let (_, html) = app.page(&c, &to).await;
    assert!(html.contains("целое число от 1 до 999"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cart_groups_by_store_rereads_prices_and_marks_unavailable_lines() {
    let app = spawn_app().await;
    let a = app.store("Альфа", None).await;
    let b = app.store("Бета", None).await;
    let p1 = app.product(a, "Кружка", "Mug", 500, 5).await;
    let p2 = app.product(a, "Ложка", "Spoon", 100, 5).await;
    let p3 = app.product(b, "Плед", "Blanket", 2_000, 5).await;
    let (c, _) = app.shopper("cart@example.ru").await;
    for p in [p1, p2, p3] {
        app.add_to_cart(&c, p, "2").await.unwrap();
    }
    let cart = app.call(&c, "cart", &[]).await.unwrap();
    let groups = cart["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["store_name"], "Альфа");
    assert_eq!(groups[0]["lines"].as_array().unwrap().len(), 2);

    sqlx::query("UPDATE products SET discount_price = 400 WHERE id = ?")
        .bind(p1)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE products SET active = 0 WHERE id = ?")
        .bind(p2)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE products SET stock = 1 WHERE id = ?")
        .bind(p3)
        .execute(&app.pool)
        .await
        .unwrap();
    let cart = app.call(&c, "cart", &[]).await.unwrap();
    let line = |g: usize, l: usize| cart["groups"][g]["lines"][l].clone();
    assert_eq!(line(0, 0)["unit_price"], 400, "today's price");
    assert_eq!(line(0, 1)["problem"], "Unavailable");
    assert_eq!(line(1, 0)["problem"]["OnlyLeft"], 1);

    let (_, html) = app.page(&c, "/cart").await;
    assert!(html.contains("Товар недоступен") && html.contains("Осталось только 1"));
    // Only the buyable, selected line counts: 2 × $4.00.
    assert!(
        html.contains("data-testid=\"cart-total\">8,00\u{a0}$<"),
        "total of buyable lines"
    );

    app.call(
        &c,
        "select_cart_lines",
        &[("product_id", &p1.to_string()), ("selected", "0")],
    )
    .await
    .unwrap();
    app.call(&c, "remove_from_cart", &[("product_id", &p2.to_string())])
        .await
        .unwrap();
    let cart = app.call(&c, "cart", &[]).await.unwrap();
    assert_eq!(cart["groups"][0]["lines"].as_array().unwrap().len(), 1);
    assert_eq!(cart["groups"][0]["lines"][0]["selected"], false);
}
