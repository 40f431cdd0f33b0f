//! Issue 17, provider identities and accounts: an e-mail that already has an account is linked
//! only after that account's password (and code), an identity linked elsewhere is refused, the
//! last way to sign in cannot be removed, and two-step sign-in still asks for its code.

use crate::helpers::*;
use crate::social::*;
use crate::two_step::{code, enrolled};
use app::error::AppError;
use reqwest::header::LOCATION;
use reqwest::StatusCode;

const PW: &str = "Korova-Moloko-2026";

#[tokio::test]
async fn an_existing_accounts_email_is_linked_only_after_its_password() {
    let app = social_app().await;
    let owner = client(&app);
    app.register(&owner, "Юлия", "anna@example.com", PW)
        .await
        .unwrap();
    let c = client(&app);
    let to = sign_in_with(&app, &c, "google", &Consent::default()).await;
    assert_eq!(to, "/login/link");
    assert_eq!(identities(&app).await, 0, "nothing linked yet");
    assert!(!signed_in(&app, &c).await, "nor signed in");
    let (_, page) = app.page(&c, "/login/link").await;
    assert!(
        page.contains("anna@example.com"),
        "the page names the account"
    );
    assert!(page.contains("Google (demo)"));
    // Another browser has nothing waiting.
    let (_, other) = app.page(&client(&app), "/login/link").await;
    assert!(other.contains("Привязка не ожидается"));
    assert_eq!(
        app.call(&client(&app), "social_link", &[("current_password", PW)])
            .await,
        Err(AppError::SocialLinkExpired)
    );
    // A wrong password links nothing (and counts as a failed sign-in).
    assert_eq!(
        app.call(
            &c,
            "social_link",
            &[("current_password", "Nepravilnyj-2026")]
        )
        .await,
        Err(AppError::CurrentPasswordWrong)
    );
    assert_eq!(identities(&app).await, 0);
    assert!(!signed_in(&app, &c).await);
    // Without JavaScript: the form posts and redirects where the shopper was going.
    let res = app
        .post_form(&c, "/api/social_link", &[("current_password", PW)])
        .await;
    assert_eq!(res.headers()[LOCATION], "/account/orders");
    assert!(signed_in(&app, &c).await);
    let owner_id: i64 = sqlx::query_scalar("SELECT user_id FROM social_identities")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'anna@example.com'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(owner_id, user);
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
    // From now on Google alone signs in to that account.
    let later = client(&app);
    assert_eq!(
        sign_in_with(&app, &later, "google", &Consent::default()).await,
        "/account/orders"
    );
    assert!(signed_in(&app, &later).await);
    // The wait was used up.
    assert_eq!(
        app.call(&c, "social_link", &[("current_password", PW)])
            .await,
        Err(AppError::SocialLinkExpired)
    );
}

#[tokio::test]
async fn two_step_sign_in_still_asks_for_its_code() {
    let app = social_app().await;
    let (_, user, secret, recovery) = enrolled(&app, "anna@example.com").await;
    // Linking needs the code as well as the password.
    let c = client(&app);
    assert_eq!(
        sign_in_with(&app, &c, "google", &Consent::default()).await,
        "/login/link"
    );
    assert_eq!(
        app.call(&c, "social_link", &[("current_password", PW)])
            .await,
        Err(AppError::Required(app::error::Field::OneTimeCode))
    );
    app.call(
        &c,
        "social_link",
        &[("current_password", PW), ("code", &code(&secret, 1))],
    )
    .await
    .unwrap();
    assert!(signed_in(&app, &c).await);
    // The account is told by e-mail that Google now signs in to it.
    let mail = app.mail_to("anna@example.com", "Google").await;
    assert!(mail.contains("/account/settings/security"), "{mail}");
    // A later provider sign-in waits for the code like a password does.
    let b = client(&app);
    assert_eq!(
        sign_in_with(&app, &b, "google", &Consent::default()).await,
        "/login/code"
    );
    assert!(!signed_in(&app, &b).await);
    let next = app
        .call(&b, "login_code", &[("code", &recovery[0])])
        .await
        .unwrap();
    assert_eq!(next, "/account/orders");
    assert!(signed_in(&app, &b).await);
    let linked: i64 = sqlx::query_scalar("SELECT user_id FROM social_identities")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(linked, user);
}

#[tokio::test]
async fn an_identity_linked_to_another_account_is_refused() {
    let app = social_app().await;
    let (a, a_id) = app.shopper("a@example.com").await;
    let (b, _) = app.shopper("b@example.com").await;
    let who = Consent {
        sub: "google-123",
        email: "someone@example.com",
        ..Consent::default()
    };
    // A adds Google from the security page (a flow started while signed in).
    let auth = start(&app, &a, "google", &[("link", "1")]).await;
    let callback = consent(&app, &a, &auth, &who).await;
    assert_eq!(
        back(&a, &callback).await,
        "/account/settings/security?done=linked#providers"
    );
    let settings = app.call(&a, "social_settings", &[]).await.unwrap();
    assert_eq!(settings["linked"][0]["provider"], "Google");
    assert_eq!(settings["has_password"], true);
    // B tries to add the same Google account.
    let auth = start(&app, &b, "google", &[("link", "1")]).await;
    let callback = consent(&app, &b, &auth, &who).await;
    let to = back(&b, &callback).await;
    assert_eq!(error_in(&to), Some(AppError::SocialLinkedElsewhere));
    assert!(
        to.starts_with("/account/settings/security?form=social"),
        "{to}"
    );
    let owner: i64 = sqlx::query_scalar("SELECT user_id FROM social_identities")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!((owner, identities(&app).await), (a_id, 1));
    // Adding a provider needs a signed-in shopper.
    let guest = client(&app);
    let to = start(&app, &guest, "google", &[("link", "1")]).await;
    assert!(to.starts_with("/login?next="), "{to}");
    assert_eq!(app.count("SELECT COUNT(*) FROM social_flows").await, 0);
}

#[tokio::test]
async fn the_last_way_to_sign_in_cannot_be_removed() {
    let app = social_app().await;
    // An account made by Google: no password, Google its only way in.
    let c = client(&app);
    sign_in_with(&app, &c, "google", &Consent::default()).await;
    let s = app.call(&c, "social_settings", &[]).await.unwrap();
    assert_eq!(s["has_password"], false);
    assert_eq!(
        app.call(&c, "social_unlink", &[("provider", "google")])
            .await,
        Err(AppError::SocialLastWay)
    );
    let res = app
        .post_form(&c, "/api/social_unlink", &[("provider", "google")])
        .await;
    let to = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(
        to.contains("form=social") && to.contains("error=SocialLastWay"),
        "{to}"
    );
    let (status, page) = app.page(&c, &to).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("единственный способ входа"), "message shown");
    assert_eq!(identities(&app).await, 1);
    // With Facebook linked too, Google can go (and Facebook is then the last).
    let auth = start(&app, &c, "facebook", &[("link", "1")]).await;
    let callback = consent(&app, &c, &auth, &Consent::default()).await;
    back(&c, &callback).await;
    assert_eq!(identities(&app).await, 2);
    app.call(&c, "social_unlink", &[("provider", "google")])
        .await
        .unwrap();
    assert_eq!(
        app.call(&c, "social_unlink", &[("provider", "facebook")])
            .await,
        Err(AppError::SocialLastWay)
    );
    assert_eq!(
        app.call(&c, "social_unlink", &[("provider", "google")])
            .await,
        Err(AppError::NotFound)
    );
    // A password account may remove its only provider: the password remains.
    let (p, _) = app.shopper("p@example.com").await;
    let auth = start(&app, &p, "google", &[("link", "1")]).await;
    let who = Consent {
        sub: "p-google",
        ..Consent::default()
    };
    let callback = consent(&app, &p, &auth, &who).await;
    back(&p, &callback).await;
    app.call(&p, "social_unlink", &[("provider", "google")])
        .await
        .unwrap();
    let (_, page) = app.page(&p, "/account/settings/security").await;
    assert!(
        page.contains("Привязать Google (demo)"),
        "can be added again"
    );
}
