//! The moderation console: refused to everyone but staff, whatever the URL; an upheld report
//! withdraws the product everywhere (search, carts, wish lists, its page) and is recorded with
//! who and when; the reporter is told by a system message and an e-mail.

use crate::helpers::*;
use crate::report_setup::*;
use app::error::AppError;
use reqwest::StatusCode;

#[tokio::test]
async fn staff_pages_and_functions_are_refused_to_everyone_else() {
    let m = market().await;
    let app = &m.app;
    let (c, _) = app.shopper("shopper@example.ru").await;
    let id = file(
        app,
        &c,
        report_form(&format!("product:{}", m.product), vec![]),
    )
    .await
    .unwrap()
    .to_string();
    let guest = client(app);
    let res = guest.get(app.url("/admin")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "guests sign in first");
    for path in [
        "/admin",
        "/admin/reports/1",
        &format!("/admin/reports/{id}"),
    ] {
        let (status, html) = app.page(&c, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!html.contains("Фотографии товара"), "{path}: nothing shown");
    }
    let calls: [(&str, Vec<(&str, &str)>); 5] = [
        ("admin_queues", vec![]),
        ("admin_report", vec![("id", &id)]),
        ("take_report", vec![("id", &id)]),
        (
            "decide_report",
            vec![("id", &id), ("decision", "upheld"), ("reason", "x")],
        ),
        (
            "decide_proposal",
            vec![("id", "1"), ("decision", "accepted"), ("reason", "x")],
        ),
    ];
    for (endpoint, form) in &calls {
        assert_eq!(
            app.call(&c, endpoint, form).await,
            Err(AppError::NotFound),
            "{endpoint}"
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM reports WHERE status = 'received'")
            .await,
        1,
        "nothing changed"
    );
    let (staff, _) = moderator(app, "mod@example.ru").await;
    let (status, html) = app.page(&staff, "/admin").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Куртка зимняя"), "the queue lists the report");
    let (status, html) = app.page(&staff, &format!("/admin/reports/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Фотографии товара скопированы"));
}

#[tokio::test]
async fn an_upheld_report_withdraws_the_product_everywhere_and_is_recorded() {
    let m = market().await;
    let app = &m.app;
    let pid = m.product.to_string();
    // Another shopper has the jacket in the cart and on the wish list.
    let (buyer, _) = app.shopper("buyer@example.ru").await;
    app.add_to_cart(&buyer, m.product, "1").await.unwrap();
    app.call(&buyer, "toggle_wish", &[("product_id", &pid), ("on", "1")])
        .await
        .unwrap();
    let found = |q: &'static str| async move {
        app.call(&buyer_client(app).await, "search", &[("q", q)])
            .await
            .unwrap()["total"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(found("куртка").await, 1);

    let (c, reporter) = app.shopper("reporter@example.ru").await;
    let id = file(app, &c, report_form(&format!("product:{pid}"), vec![]))
        .await
        .unwrap()
        .to_string();
    let (staff, staff_id) = moderator(app, "mod@example.ru").await;
    let queue = app.call(&staff, "admin_queues", &[]).await.unwrap();
    assert_eq!(queue["reports"]["items"][0]["id"].to_string(), id);
    app.call(&staff, "take_report", &[("id", &id)])
        .await
        .unwrap();
    assert_eq!(
        app.call(
            &staff,
            "decide_report",
            &[("id", &id), ("decision", "upheld"), ("reason", " ")]
        )
        .await,
        Err(AppError::Required(app::error::Field::Reason))
    );
    let reason = "Правообладатель подтвердил права";
    app.call(
        &staff,
        "decide_report",
        &[("id", &id), ("decision", "upheld"), ("reason", reason)],
    )
    .await
    .unwrap();

    // Gone from search; marked in the cart and on the wish list; the page says so.
    assert_eq!(found("куртка").await, 0);
    let cart = app.call(&buyer, "cart", &[]).await.unwrap().to_string();
    assert!(cart.contains("\"Unavailable\""), "{cart}");
    let wish = app.call(&buyer, "wishlist", &[]).await.unwrap();
    assert_eq!(wish["items"][0]["available"], false);
    let (_, html) = app.page(&buyer, &format!("/product/{pid}")).await;
    assert!(html.contains("Товар больше не продаётся"));

    // The reporter sees the decision and its reason, by message and by e-mail.
    let d = app.call(&c, "report", &[("id", &id)]).await.unwrap();
    assert_eq!(d["line"]["status"], "Upheld");
    assert_eq!(d["line"]["reason"], reason);
    let (_, html) = app.page(&c, "/account/reports").await;
    assert!(html.contains("Удовлетворена") && html.contains(reason));
    let notices = app
        .count(&format!(
            "SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
             WHERE c.user_id = {reporter} AND m.kind = 'moderation'"
        ))
        .await;
    assert_eq!(notices, 1);
    let mail = app.mail_to("reporter@example.ru", "Удовлетворена").await;
    assert!(mail.contains(reason));

    // The audit trail: filed, taken up and decided, with who and when.
    let log: Vec<(Option<i64>, String, String)> = sqlx::query_as(
        "SELECT staff_id, status, reason FROM moderation_log WHERE report_id = ? ORDER BY id",
    )
    .bind(id.parse::<i64>().unwrap())
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        log,
        vec![
            (None, "received".into(), "".into()),
            (Some(staff_id), "reviewing".into(), "".into()),
            (Some(staff_id), "upheld".into(), reason.into()),
        ]
    );
    let decided: (i64, i64) =
        sqlx::query_as("SELECT decided_by, decided_at IS NOT NULL FROM reports WHERE id = ?")
            .bind(id.parse::<i64>().unwrap())
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(decided, (staff_id, 1));

    // Decided once: a second decision is refused; the product cannot be reported again.
    assert_eq!(
        app.call(
            &staff,
            "decide_report",
            &[("id", &id), ("decision", "dismissed"), ("reason", "x")]
        )
        .await,
        Err(AppError::AlreadyDecided)
    );
    let (other, _) = app.shopper("other@example.ru").await;
    assert_eq!(
        file(app, &other, report_form(&format!("product:{pid}"), vec![])).await,
        Err(AppError::ReportWithdrawnProduct)
    );
}

#[tokio::test]
async fn a_rejected_report_leaves_the_product_on_sale() {
    let m = market().await;
    let app = &m.app;
    let (c, _) = app.shopper("reporter@example.ru").await;
    let id = file(
        app,
        &c,
        report_form(&format!("product:{}", m.product), vec![]),
    )
    .await
    .unwrap()
    .to_string();
    let (staff, _) = moderator(app, "mod@example.ru").await;
    app.call(
        &staff,
        "decide_report",
        &[
            ("id", &id),
            ("decision", "dismissed"),
            ("reason", "Нет доказательств"),
        ],
    )
    .await
    .unwrap();
    let d = app.call(&c, "report", &[("id", &id)]).await.unwrap();
    assert_eq!(d["line"]["status"], "Dismissed");
    assert_eq!(app.stock(m.product).await, 10);
    assert_eq!(
        app.count(&format!(
            "SELECT active FROM products WHERE id = {}",
            m.product
        ))
        .await,
        1
    );
    assert_eq!(
        app.call(&staff, "admin_queues", &[]).await.unwrap()["reports"]["items"],
        serde_json::json!([]),
        "the queue is empty"
    );
}

async fn buyer_client(app: &TestApp) -> reqwest::Client {
    client(app)
}

/// The shopper's lists and the queues are served in order by their indexes (no sort step).
#[tokio::test]
async fn lists_and_queues_read_their_indexes_in_order() {
    let app = spawn_app().await;
    for (sql, index) in [
        (
            "SELECT id FROM reports WHERE user_id = 1 ORDER BY created_at DESC, id DESC LIMIT 20",
            "reports_by_user",
        ),
        (
            "SELECT id FROM reports WHERE waiting = 1 ORDER BY created_at, id LIMIT 20",
            "reports_queue",
        ),
        (
            "SELECT id FROM translation_proposals WHERE user_id = 1
             ORDER BY created_at DESC, id DESC LIMIT 20",
            "proposals_by_user",
        ),
        (
            "SELECT id FROM translation_proposals WHERE waiting = 1 ORDER BY created_at, id LIMIT 20",
            "proposals_queue",
        ),
    ] {
        let plan: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
                .fetch_all(&app.pool)
                .await
                .unwrap();
        let text: Vec<&str> = plan.iter().map(|r| r.3.as_str()).collect();
        assert!(
            text.iter().any(|t| t.contains(index)),
            "{sql}: {text:?}"
        );
        assert!(
            !text.iter().any(|t| t.contains("TEMP B-TREE")),
            "{sql}: {text:?}"
        );
    }
}
