use crate::helpers::*;
use app::error::AppError;

const PW: &str = "Korova-Moloko-2026";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_failures_lock_the_account_for_fifteen_minutes_even_for_the_right_password() {
    let app = spawn_app().await;
    let c = client(&app);
    app.register(&c, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    for _ in 0..5 {
        assert_eq!(
            app.login(&c, "yulia@example.ru", "wrong-password").await,
            Err(AppError::InvalidCredentials)
        );
    }
    let locked = app.login(&c, "yulia@example.ru", PW).await;
    assert_eq!(locked, Err(AppError::Throttled { minutes: 15 }));
    assert!(locked
        .unwrap_err()
        .message(app::i18n::Lang::Ru)
        .contains("через 15 мин"));

    // The same account by member ID is a different key, but the failures age out: move them back.
    sqlx::query("UPDATE login_failures SET at = at - 15 * 60")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(app.login(&c, "yulia@example.ru", PW).await.unwrap(), "/");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_are_answered_more_slowly() {
    let app = spawn_app().await;
    let c = client(&app);
    app.register(&c, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    let mut took = vec![];
    for _ in 0..4 {
        let t = std::time::Instant::now();
        app.login(&c, "yulia@example.ru", "wrong-password")
            .await
            .unwrap_err();
        took.push(t.elapsed());
    }
    // The fourth failure waits 0.75 s on top of the hash; the first does not wait.
    assert!(
        took[3] >= took[0] + std::time::Duration::from_millis(600),
        "{took:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_successful_sign_in_resets_the_accounts_failure_count() {
    let app = spawn_app().await;
    let c = client(&app);
    app.register(&c, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    for _ in 0..4 {
        app.login(&c, "yulia@example.ru", "wrong-password")
            .await
            .unwrap_err();
    }
    app.login(&c, "yulia@example.ru", PW).await.unwrap();
    for _ in 0..4 {
        assert_eq!(
            app.login(&c, "yulia@example.ru", "wrong-password").await,
            Err(AppError::InvalidCredentials)
        );
    }
    app.login(&c, "yulia@example.ru", PW)
        .await
        .expect("4 failures after a success: not locked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_failures_from_one_address_refuse_every_account_from_it() {
    let app = spawn_app().await;
    let c = client(&app);
    app.register(&c, "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    for i in 0..20 {
        let got = app
            .login(&c, &format!("guess{i}@example.ru"), "wrong-password")
            .await;
        assert_eq!(got, Err(AppError::InvalidCredentials), "attempt {i}");
    }
    let got = app.login(&c, "yulia@example.ru", PW).await;
    assert!(
        matches!(got, Err(AppError::Throttled { minutes: 1..=15 })),
        "{got:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guesses_sent_in_parallel_still_get_only_five_tries() {
    let app = spawn_app().await;
    app.register(&client(&app), "Юлия", "yulia@example.ru", PW)
        .await
        .unwrap();
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..12 {
        let (c, url) = (client(&app), app.url("/api/login"));
        guesses.spawn(async move {
            let password = format!("guess-number-{i}");
            let form = [
                ("login", "yulia@example.ru"),
                ("password", password.as_str()),
            ];
            decode(c.post(url).form(&form).send().await.unwrap()).await
        });
    }
    let results = guesses.join_all().await;
    let tried = results
        .iter()
        .filter(|r| **r == Err(AppError::InvalidCredentials))
        .count();
    let refused = results
        .iter()
        .filter(|r| matches!(r, Err(AppError::Throttled { .. })))
        .count();
    assert_eq!((tried, refused), (5, 7), "{results:?}");
}
