//! Signing in: registration, sign-in by e-mail or member ID, sign-out, forgotten password and
//! member ID, e-mail confirmation. Server functions here; pages in `views`.

#[cfg(feature = "ssr")]
pub mod account;
#[cfg(feature = "ssr")]
pub mod devices;
#[cfg(feature = "ssr")]
pub mod limits;
#[cfg(feature = "ssr")]
mod mails;
#[cfg(feature = "ssr")]
pub mod middleware;
pub mod passkeys;
#[cfg(feature = "ssr")]
pub mod passwords;
#[cfg(feature = "ssr")]
pub mod profile;
pub mod security;
pub mod social;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod staff;
#[cfg(feature = "ssr")]
mod throttle;
#[cfg(feature = "ssr")]
pub mod totp;
#[cfg(feature = "ssr")]
pub mod two_step;
mod two_step_views;
mod views;

pub use social::{LinkAccountPage, ProviderButtons};
pub use two_step_views::*;
pub use views::*;

use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in shopper, if any (`None` for guests).
#[server(prefix = "/api", endpoint = "me")]
pub async fn me() -> Result<Option<crate::context::Viewer>, AppError> {
    Ok(crate::context::ctx()?.viewer)
}

#[server(prefix = "/api", endpoint = "register")]
pub async fn register(
    name: String,
    email: String,
    password: String,
    terms: Option<String>,
    next: Option<String>,
) -> Result<String, AppError> {
    let next = crate::domain::after_sign_in(next.as_deref());
    let back = crate::web::with_query("/register", "next", &next);
    server::answer(
        server::register(name, email, password, terms, next).await,
        Clone::clone,
        &back,
    )
}

#[server(prefix = "/api", endpoint = "login")]
pub async fn login(
    login: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    let next = crate::domain::after_sign_in(next.as_deref());
    let back = crate::web::login_url(&next);
    server::answer(
        server::login(login, password, next).await,
        Clone::clone,
        &back,
    )
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<String, AppError> {
    server::answer(server::logout().await, Clone::clone, "/")
}

#[server(prefix = "/api", endpoint = "forgot_password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    let res = server::forgot(email, server::Forgot::Password).await;
    server::answer(
        res,
        |_| "/password/forgot?sent=password".into(),
        "/password/forgot",
    )
}

#[server(prefix = "/api", endpoint = "forgot_member_id")]
pub async fn forgot_member_id(email: String) -> Result<(), AppError> {
    let res = server::forgot(email, server::Forgot::MemberId).await;
    server::answer(
        res,
        |_| "/password/forgot?sent=member_id".into(),
        "/password/forgot?form=member_id",
    )
}

/// Whether a reset link can still be used (the page says so before asking for a password).
#[server(prefix = "/api", endpoint = "reset_link_valid")]
pub async fn reset_link_valid(token: String) -> Result<bool, AppError> {
    let state = crate::platform::state()?;
    Ok(ssr::peek_token(&state.pool, &token, "reset_password")
        .await?
        .is_some())
}

#[server(prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<String, AppError> {
    let back = format!("/password/reset/{}", crate::web::query_escape(&token));
    server::answer(server::reset(token, password).await, Clone::clone, &back)
}

#[server(prefix = "/api", endpoint = "confirm_email")]
pub async fn confirm_email(token: String) -> Result<String, AppError> {
    let back = format!("/email/confirm/{}", crate::web::query_escape(&token));
    server::answer(server::confirm(token).await, Clone::clone, &back)
}

/// The second step of a sign-in with two-step sign-in on: a code from the app or a recovery
/// code. Returns where to go.
#[server(prefix = "/api", endpoint = "login_code")]
pub async fn login_code(code: String) -> Result<String, AppError> {
    let result = async {
        let state = crate::platform::state()?;
        account::sign_in_with_code(&state, code).await
    }
    .await;
    server::answer(result, Clone::clone, "/login/code")
}

/// Opens the link sent to a new e-mail address.
#[server(prefix = "/api", endpoint = "confirm_email_change")]
pub async fn confirm_email_change(token: String) -> Result<String, AppError> {
    let back = format!("/email/change/{}", crate::web::query_escape(&token));
    let result = async {
        let state = crate::platform::state()?;
        account::confirm_email_change(&state, &token).await?;
        Ok("/account/settings/security?email_changed=1".to_string())
    }
    .await;
    server::answer(result, Clone::clone, &back)
}

#[cfg(feature = "ssr")]
mod server {
    use super::account;
    use super::limits::{network_key, take_recovery_mail, take_registration};
    use super::mails;
    use super::passwords::check_not_common;
    use super::ssr::*;
    use crate::context::request_lang;
    use crate::domain::{check_password_size, Email, LoginId, NewPassword, PersonName};
    use crate::error::{AppError, Field};
    use crate::ids::UserId;
    use crate::notify::{ssr::send, MailKind};
    use crate::platform::cookies::get as cookie;
    use crate::platform::{self, client_ip, request_parts};

    pub use crate::platform::answer;

    pub async fn register(
        name: String,
        email: String,
        password: String,
        terms: Option<String>,
        next: String,
    ) -> Result<String, AppError> {
        let name = PersonName::parse(&name)?;
        let email = Email::parse(&email)?;
        let password = NewPassword::parse(&password)?;
        check_not_common(password.expose(), name.as_str(), email.as_str())?;
        if terms.is_none() {
            return Err(AppError::TermsNotAccepted);
        }
        let state = platform::state()?;
        let parts = request_parts()?;
        let lang = request_lang(&parts.headers);
        // Counted before the (costly) hash and the e-mail: every valid attempt costs both.
        take_registration(
            &state.pool,
            client_ip(&parts, &state.config),
            state.config.registrations_per_hour,
        )
        .await?;
        if find_user(&state.pool, &LoginId::Email(email.clone()))
            .await?
            .is_some()
        {
            return Err(AppError::EmailTaken);
        }
        let hash = hash_password(&state, password.expose().to_string()).await?;
        let (user_id, member_id) = insert_user(
            &state.pool,
            name.as_str(),
            email.as_str(),
            &hash,
            lang.code(),
        )
        .await?;
        let token = issue_token(&state.pool, user_id, "confirm_email", CONFIRM_TOKEN_SECS).await?;
        let link = format!("{}/email/confirm/{token}", state.config.public_url);
        let mail = mails::welcome(lang, &email, member_id, &link);
        send(&state, UserId(user_id), MailKind::Account, mail).await?;
        start_session(
            &state,
            user_id,
            cookie(&parts.headers, state.config.session_cookie()).as_deref(),
        )
        .await?;
        // The browser that registered is the account's first device: no "new device" e-mail.
        super::devices::remember_device(&state, &parts, user_id).await?;
        Ok(next)
    }

    pub async fn login(login: String, password: String, next: String) -> Result<String, AppError> {
        let id = LoginId::parse(&login)?;
        check_password_size(&password).map_err(|e| match e {
            AppError::Required(_) => AppError::Required(Field::Password),
            other => other,
        })?;
        let state = platform::state()?;
        let parts = request_parts()?;
        let user = find_user(&state.pool, &id).await?;
        let key = user
            .as_ref()
            .map(|u| account_key(u.id))
            .unwrap_or_else(|| id.throttle_key());
        let ip = network_key(client_ip(&parts, &state.config));
        let attempt = match begin_attempt(&state.pool, &key, &ip).await {
            Ok(attempt) => attempt,
            Err(e) => {
                if let (Some(u), AppError::Throttled { .. }) = (&user, &e) {
                    account::note_throttled(&state, u.id).await?;
                }
                return Err(e);
            }
        };
        let stored = user.as_ref().map(|u| u.password_hash.clone());
        if !verify_password(&state, password, stored).await? {
            if let Some(u) = &user {
                account::note_wrong_password(&state, u.id).await?;
            }
            slow_down_after_failure(&state.pool, &key).await?;
            return Err(AppError::InvalidCredentials);
        }
        let user = user.ok_or(AppError::InvalidCredentials)?;
        forgive(&state.pool, attempt).await?;
        // With two-step sign-in on, the account's failures stay counted until the code is right:
        // the password alone does not buy new guesses at the code.
        if super::two_step::enabled(&state.pool, user.id).await? {
            return account::await_code(&state, &user, &next).await;
        }
        clear_failures(&state.pool, &key).await?;
        let old = cookie(&parts.headers, state.config.session_cookie());
        account::complete_sign_in(&state, &user, old.as_deref()).await?;
        Ok(next)
    }

    pub async fn logout() -> Result<String, AppError> {
        let state = platform::state()?;
        let parts = request_parts()?;
        if let Some(c) = cookie(&parts.headers, state.config.session_cookie()) {
            end_session(&state, &c).await?;
        }
        platform::append_set_cookie(&session_cookie(&state, "", 0));
        Ok("/".into())
    }

    pub enum Forgot {
        Password,
        MemberId,
    }

    /// Same answer, in the same time, whether or not the address is registered: the lookup and
    /// the e-mail happen after the answer, in the background.
    pub async fn forgot(email: String, what: Forgot) -> Result<(), AppError> {
        let email = Email::parse(&email)?;
        let state = platform::state()?;
        let lang = request_lang(&request_parts()?.headers);
        // Counted whether or not the address is registered: the answer still says nothing.
        take_recovery_mail(
            &state.pool,
            email.as_str(),
            state.config.recovery_mails_per_hour,
        )
        .await?;
        tokio::spawn(async move {
            if let Err(e) = send_recovery(&state, lang, email, what).await {
                tracing::error!(error = ?e, "recovery e-mail not sent");
            }
        });
        Ok(())
    }

    async fn send_recovery(
        state: &platform::AppState,
        lang: crate::i18n::Lang,
        email: Email,
        what: Forgot,
    ) -> Result<(), AppError> {
        let Some(user) = find_user(&state.pool, &LoginId::Email(email.clone())).await? else {
            return Ok(());
        };
        let (kind, mail) = match what {
            Forgot::Password => {
                let token =
                    issue_token(&state.pool, user.id, "reset_password", RESET_TOKEN_SECS).await?;
                let link = format!("{}/password/reset/{token}", state.config.public_url);
                (
                    MailKind::Security,
                    mails::reset_password(lang, &email, &link),
                )
            }
            Forgot::MemberId => (
                MailKind::Account,
                mails::member_id(lang, &email, &user.to_viewer()),
            ),
        };
        send(state, UserId(user.id), kind, mail).await?;
        Ok(())
    }

    /// Sets a new password from an e-mailed link, using the link up and ending every session.
    pub async fn reset(token: String, password: String) -> Result<String, AppError> {
        let password = NewPassword::parse(&password)?;
        let state = platform::state()?;
        let Some(owner) = peek_token(&state.pool, &token, "reset_password").await? else {
            return Err(AppError::LinkInvalid);
        };
        let (name, email): (String, String) =
            sqlx::query_as("SELECT name, email FROM users WHERE id = ?")
                .bind(owner)
                .fetch_one(&state.pool)
                .await?;
        check_not_common(password.expose(), &name, &email)?;
        let hash = hash_password(&state, password.expose().to_string()).await?;
        let mut tx = state.pool.begin().await?;
        let user_id = consume_token(&mut tx, &token, "reset_password")
            .await?
            .ok_or(AppError::LinkInvalid)?;
        sqlx::query("UPDATE users SET password_hash = ? WHERE id = ?")
            .bind(&hash)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = ?")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        // Other reset links die with this one; the account's failed attempts are forgiven.
        sqlx::query(
            "UPDATE email_tokens SET used_at = ?
             WHERE user_id = ? AND kind = 'reset_password' AND used_at IS NULL",
        )
        .bind(platform::now())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE login_failures SET account_key = NULL WHERE account_key = ?")
            .bind(account_key(user_id))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        platform::append_set_cookie(&session_cookie(&state, "", 0));
        Ok("/login?reset=1".into())
    }

    pub async fn confirm(token: String) -> Result<String, AppError> {
        let state = platform::state()?;
        let mut tx = state.pool.begin().await?;
        let user_id = consume_token(&mut tx, &token, "confirm_email")
            .await?
            .ok_or(AppError::LinkInvalid)?;
        sqlx::query("UPDATE users SET email_confirmed_at = ? WHERE id = ?")
            .bind(platform::now())
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok("/account?confirmed=1".into())
    }
}
