//! Issue 13, the e-mail change's confirmation link: past its expiry it changes nothing, and the
//! old address stays the account's.

use crate::helpers::*;
use crate::security_settings::PW;
use app::error::AppError;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_email_change_link_is_refused_and_the_old_address_stays() {
    let app = spawn_app().await;
    let (c, user) = app.shopper("stay@example.ru").await;
    app.call(
        &c,
        "change_email",
        &[("email", "late@example.ru"), ("current_password", PW)],
    )
    .await
    .unwrap();
    let mail = app.mail_to("late@example.ru", "/email/change/").await;
    let token = link_in(&mail, &app).rsplit('/').next().unwrap().to_string();
    sqlx::query("UPDATE email_changes SET expires_at = ? WHERE user_id = ?")
        .bind(app::platform::now() - 1)
        .bind(user)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        app.call(&client(&app), "confirm_email_change", &[("token", &token)])
            .await,
        Err(AppError::LinkInvalid)
    );
    let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = ?")
        .bind(user)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(email, "stay@example.ru");
    assert!(app
        .login(&client(&app), "late@example.ru", PW)
        .await
        .is_err());
    app.login(&client(&app), "stay@example.ru", PW)
        .await
        .expect("the old address still signs in");
}
