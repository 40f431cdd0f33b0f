//! Issue 13, public profiles and follows: a profile shows nothing private (the name only when
//! allowed), shoppers follow and unfollow each other, the subscriptions page lists both ways.

use crate::helpers::*;
use app::error::AppError;
use reqwest::StatusCode;

async fn public_id(app: &TestApp, user: i64) -> String {
    let id: i64 = sqlx::query_scalar("SELECT public_id FROM users WHERE id = ?")
        .bind(user)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    id.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_profile_shows_the_name_only_when_allowed_and_nothing_private() {
    let app = spawn_app().await;
    let (c, yulia) = app.shopper("yulia.public@example.ru").await;
    let id = public_id(&app, yulia).await;
    assert!(
        id.parse::<i64>().unwrap() > 0,
        "every account gets a public number"
    );
    app.call(
        &c,
        "save_profile",
        &[("name", "Юлия Секретова"), ("about", "Люблю чай")],
    )
    .await
    .unwrap();
    let guest = client(&app);
    let (status, html) = app.page(&guest, &format!("/shopper/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Люблю чай"));
    assert!(
        !html.contains("Секретова"),
        "the name is hidden unless allowed"
    );
    assert!(
        !html.contains("yulia.public@example.ru"),
        "never the e-mail"
    );
    let member = app.member_id(&c).await;
    assert!(!html.contains(&member), "never the member ID");
    assert!(html.contains("Войдите, чтобы подписаться."));

    app.call(
        &c,
        "save_profile",
        &[
            ("name", "Юлия Секретова"),
            ("about", "Люблю чай"),
            ("name_public", "1"),
        ],
    )
    .await
    .unwrap();
    let (_, html) = app.page(&guest, &format!("/shopper/{id}")).await;
    assert!(html.contains("Юлия Секретова"));

    for bad in ["0", "abc", "999999999999"] {
        let (status, _) = app.page(&guest, &format!("/shopper/{bad}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shoppers_follow_and_unfollow_each_other_and_see_it_on_the_subscriptions_page() {
    let app = spawn_app().await;
    let (a, a_id) = app.shopper("a.follow@example.ru").await;
    let (b, b_id) = app.shopper("b.follow@example.ru").await;
    let (a_pub, b_pub) = (public_id(&app, a_id).await, public_id(&app, b_id).await);

    assert_eq!(
        app.call(&a, "follow_shopper", &[("id", &a_pub), ("follow", "1")])
            .await,
        Err(AppError::Forbidden),
        "not oneself"
    );
    assert_eq!(
        app.call(&a, "follow_shopper", &[("id", "12345"), ("follow", "1")])
            .await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        app.call(
            &client(&app),
            "follow_shopper",
            &[("id", &b_pub), ("follow", "1")]
        )
        .await,
        Err(AppError::NotSignedIn)
    );
    for _ in 0..2 {
        app.call(&a, "follow_shopper", &[("id", &b_pub), ("follow", "1")])
            .await
            .unwrap();
    }
    let profile = app
        .call(&a, "public_profile", &[("id", &b_pub)])
        .await
        .unwrap();
    assert_eq!(profile["followers"], 1, "following twice counts once");
    assert_eq!(profile["following"], true);

    let mine = app.call(&a, "subscriptions", &[]).await.unwrap();
    assert_eq!(mine["following"].as_array().unwrap().len(), 1);
    assert_eq!(mine["following"][0]["id"].to_string(), b_pub);
    let theirs = app.call(&b, "subscriptions", &[]).await.unwrap();
    assert_eq!(theirs["followers"].as_array().unwrap().len(), 1);
    assert_eq!(theirs["followers"][0]["name"], serde_json::Value::Null);

    // A followed store is listed too, and unfollowed from there.
    let store = app.store("Чайная лавка", None).await;
    app.call(
        &a,
        "follow_store",
        &[("store_id", &store.to_string()), ("follow", "1")],
    )
    .await
    .unwrap();
    let (status, html) = app.page(&a, "/account/settings/subscriptions").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Чайная лавка"));
    assert!(html.contains(&format!("/shopper/{b_pub}")));

    let res = app
        .post_form(&a, "/api/unfollow_shopper", &[("id", &b_pub)])
        .await;
    assert_eq!(
        res.headers()["location"],
        "/account/settings/subscriptions?done=unfollowed"
    );
    let profile = app
        .call(&b, "public_profile", &[("id", &b_pub)])
        .await
        .unwrap();
    assert_eq!(profile["followers"], 0);
    assert_eq!(profile["own"], true);
}
