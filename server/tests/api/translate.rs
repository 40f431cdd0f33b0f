//! Improve translation: cards one at a time from different categories, never twice; the checks
//! on proposals and ratings; the acceptance rule with concurrent votes (once), ineligible votes
//! refused; an accepted text on the product and in search, the author thanked once.

use crate::helpers::*;
use crate::report_setup::*;
use app::error::{AppError, Field};

async fn card(app: &TestApp, c: &reqwest::Client) -> serde_json::Value {
    app.call(c, "translate_card", &[]).await.unwrap()
}

#[tokio::test]
async fn cards_come_from_different_categories_and_never_twice() {
    let m = market().await;
    let app = &m.app;
    let (c, _) = app.shopper("reader@example.ru").await;
    let mut seen = std::collections::HashSet::new();
    let mut last_product = None;
    // Two products, four parts each: eight cards, then none.
    for _ in 0..8 {
        let k = card(app, &c).await;
        assert!(!k.is_null(), "a card is left");
        let product = k["product"].as_i64().unwrap();
        let part = match k["part"].as_str().unwrap() {
            "TitleRu" => "title_ru",
            "TitleEn" => "title_en",
            "DescriptionRu" => "description_ru",
            _ => "description_en",
        }
        .to_string();
        assert!(seen.insert((product, part.clone())), "never twice");
        if let Some(p) = last_product {
            assert_ne!(p, product, "the category changes while it can");
        }
        last_product = Some(product);
        app.call(
            &c,
            "skip_text",
            &[("product", &product.to_string()), ("part", &part)],
        )
        .await
        .unwrap();
    }
    assert!(card(app, &c).await.is_null(), "all seen");
    let (status, html) = app.page(&c, "/account/translate").await;
    assert!(status.is_success());
    assert!(
        html.contains("не меньше 3 покупателей"),
        "the rule is stated"
    );
}

#[tokio::test]
async fn proposals_and_ratings_are_checked() {
    let m = market().await;
    let app = &m.app;
    let pid = m.product.to_string();
    let (author, author_id) = app.shopper("author@example.ru").await;
    make_eligible(app, author_id, m.store).await;
    let propose = |text: String| {
        let pid = pid.clone();
        let author = author.clone();
        async move {
            app.call(
                &author,
                "propose_text",
                &[("product", &pid), ("part", "title_en"), ("text", &text)],
            )
            .await
        }
    };
    assert_eq!(
        propose(" Winter jacket ".into()).await,
        Err(AppError::ProposalSame)
    );
    assert_eq!(
        propose("<b>Winter</b> coat".into()).await,
        Err(AppError::HtmlNotAllowed(Field::Proposal))
    );
    assert_eq!(
        propose("a".repeat(201)).await,
        Err(AppError::TooLong(Field::Proposal, 200))
    );
    assert_eq!(
        app.call(
            &author,
            "propose_text",
            &[
                ("product", &pid),
                ("part", "description_en"),
                ("text", &"a".repeat(2001))
            ]
        )
        .await,
        Err(AppError::TooLong(Field::Proposal, 2000))
    );
    assert_eq!(
        app.call(
            &author,
            "propose_text",
            &[
                ("product", "999999"),
                ("part", "title_en"),
                ("text", "Coat")
            ]
        )
        .await,
        Err(AppError::NotFound)
    );
    let id = propose("Warm winter jacket".into()).await.unwrap();
    assert_eq!(
        propose("Another jacket".into()).await,
        Err(AppError::ProposalPending)
    );
    let rate = |c: reqwest::Client, stars: &'static str| {
        let pid = pid.clone();
        let target = id.to_string();
        async move {
            app.call(
                &c,
                "rate_text",
                &[
                    ("product", &pid),
                    ("part", "title_en"),
                    ("target", &target),
                    ("stars", stars),
                ],
            )
            .await
        }
    };
    assert_eq!(
        rate(author.clone(), "5").await,
        Err(AppError::RateOwnProposal)
    );
    let (fresh, _) = app.shopper("fresh@example.ru").await;
    assert_eq!(
        rate(fresh.clone(), "5").await,
        Err(AppError::RatingNotEligible)
    );
    let (voter, voter_id) = app.shopper("voter@example.ru").await;
    make_eligible(app, voter_id, m.store).await;
    assert_eq!(
        rate(voter.clone(), "6").await,
        Err(AppError::Required(Field::Stars))
    );
    assert_eq!(rate(voter.clone(), "4").await, Ok(serde_json::json!(false)));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM translation_ratings").await,
        1
    );
    let mine = app.call(&author, "my_contributions", &[]).await.unwrap();
    assert_eq!(mine["items"][0]["status"], "Pending");
    assert_eq!(mine["items"][0]["votes"], 1);
}

#[tokio::test]
async fn eligible_votes_accept_once_even_together_and_thank_the_author() {
    let m = market().await;
    let app = &m.app;
    let pid = m.product.to_string();
    let (author, author_id) = app.shopper("author@example.ru").await;
    let id = app
        .call(
            &author,
            "propose_text",
            &[("product", &pid), ("part", "title_en"), ("text", "Parka")],
        )
        .await
        .unwrap()
        .to_string();
    let rate = |c: reqwest::Client, target: String, stars: &'static str| {
        let pid = pid.clone();
        async move {
            app.call(
                &c,
                "rate_text",
                &[
                    ("product", &pid),
                    ("part", "title_en"),
                    ("target", &target),
                    ("stars", stars),
                ],
            )
            .await
        }
    };
    // Accounts that are not confirmed or have no received order cannot vote it in.
    for i in 0..6 {
        let (c, _) = app.shopper(&format!("sock{i}@example.ru")).await;
        assert_eq!(
            rate(c, id.clone(), "5").await,
            Err(AppError::RatingNotEligible)
        );
    }
    // The current text is rated 2 by one eligible shopper: the bar is an average of 3.
    let (critic, critic_id) = app.shopper("critic@example.ru").await;
    make_eligible(app, critic_id, m.store).await;
    rate(critic, "0".into(), "2").await.unwrap();
    let mut voters = Vec::new();
    for i in 0..5 {
        let (c, uid) = app.shopper(&format!("voter{i}@example.ru")).await;
        make_eligible(app, uid, m.store).await;
        voters.push(c);
    }
    // Two votes of 5: not enough votes yet.
    for c in &voters[..2] {
        assert_eq!(
            rate(c.clone(), id.clone(), "5").await,
            Ok(serde_json::json!(false))
        );
    }
    // Three more at once: exactly one of them accepts.
    let results = futures_util::future::join_all(
        voters[2..].iter().map(|c| rate(c.clone(), id.clone(), "5")),
    )
    .await;
    let mut accepted = 0;
    for r in results {
        match r {
            Ok(serde_json::Value::Bool(true)) => accepted += 1,
            Ok(_) => {}
            Err(AppError::AlreadyDecided) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(accepted, 1, "accepted once");
    let title: String = sqlx::query_scalar("SELECT title_en FROM products WHERE id = ?")
        .bind(m.product)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(title, "Parka");
    let found = app
        .call(&author, "search", &[("q", "parka")])
        .await
        .unwrap();
    assert_eq!(found["total"], 1, "the search index follows");
    assert_eq!(
        app.count(&format!(
            "SELECT SUM(points) FROM points_ledger WHERE user_id = {author_id} AND kind = 'translation'"
        ))
        .await,
        20,
        "thanked once"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM moderation_log WHERE proposal_id IS NOT NULL AND staff_id IS NULL")
            .await,
        1,
        "recorded as the rule's decision"
    );
    let mine = app.call(&author, "my_contributions", &[]).await.unwrap();
    assert_eq!(mine["items"][0]["status"], "Accepted");
    let (_, html) = app.page(&author, "/account/translate/mine").await;
    assert!(html.contains("Принят"));
}

#[tokio::test]
async fn a_moderator_accepts_or_rejects_a_proposal_with_a_reason() {
    let m = market().await;
    let app = &m.app;
    let (author, author_id) = app.shopper("author@example.ru").await;
    let propose = |pid: i64, text: &'static str| {
        let author = author.clone();
        async move {
            app.call(
                &author,
                "propose_text",
                &[
                    ("product", &pid.to_string()),
                    ("part", "description_en"),
                    ("text", text),
                ],
            )
            .await
            .unwrap()
            .to_string()
        }
    };
    let a = propose(m.product, "A warm jacket for winter.").await;
    let b = propose(m.other, "Lamp.").await;
    let (staff, _) = moderator(app, "mod@example.ru").await;
    let queue = app.call(&staff, "admin_queues", &[]).await.unwrap();
    let items = queue["proposals"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"].to_string(), a, "oldest first");
    app.call(
        &staff,
        "decide_proposal",
        &[("id", &a), ("decision", "accepted"), ("reason", "Точнее")],
    )
    .await
    .unwrap();
    app.call(
        &staff,
        "decide_proposal",
        &[
            ("id", &b),
            ("decision", "declined"),
            ("reason", "Слишком коротко"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        app.call(
            &staff,
            "decide_proposal",
            &[("id", &b), ("decision", "accepted"), ("reason", "x")],
        )
        .await,
        Err(AppError::AlreadyDecided)
    );
    let p = app
        .call(&author, "product", &[("id", &m.product.to_string())])
        .await;
    drop(p);
    let desc: String = sqlx::query_scalar("SELECT description_en FROM products WHERE id = ?")
        .bind(m.product)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(desc, "A warm jacket for winter.");
    let mine = app.call(&author, "my_contributions", &[]).await.unwrap();
    assert_eq!(mine["items"][0]["status"], "Declined");
    assert_eq!(mine["items"][0]["reason"], "Слишком коротко");
    assert_eq!(mine["items"][1]["status"], "Accepted");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM points_ledger WHERE user_id = {author_id} AND kind = 'translation'"
        ))
        .await,
        1
    );
}
