//! What a signed-in shopper changes about signing in: the password, the e-mail (through a link to
//! the new address), two-step sign-in, sessions; and the end of every sign-in (session, history,
//! the new-device e-mail) and its second step. Server only; `settings` calls these.

use super::limits::network_key;
use super::security::{SecurityData, SignInResult};
use super::ssr::*;
use super::{devices, mails, two_step};
use crate::context::Ctx;
use crate::domain::{Email, NewPassword};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ids::UserId;
use crate::notify::{ssr::send, MailKind};
use crate::platform::{client_ip, cookies, now, request_parts, AppState};

/// How long the link to a new e-mail address works.
pub const EMAIL_CHANGE_SECS: i64 = 24 * 3600;

pub async fn user_by_id(state: &AppState, id: i64) -> Result<UserRow, AppError> {
    sqlx::query_as::<_, UserRow>(
        "SELECT id, member_id, name, email, password_hash, lang, email_confirmed_at
         FROM users WHERE id = ?",
    )
    .bind(id)
    .fetch_one(&state.pool)
    .await
    .map_err(Into::into)
}

fn lang_of(user: &UserRow) -> Lang {
    Lang::parse(&user.lang).unwrap_or_default()
}

/// Counts a try at `user`'s secrets against the sign-in throttle, recording a refusal.
async fn begin(state: &AppState, parts: &http::request::Parts, user: i64) -> Result<i64, AppError> {
    let ip = network_key(client_ip(parts, &state.config));
    match begin_attempt(&state.pool, &account_key(user), &ip).await {
        Ok(attempt) => Ok(attempt),
        Err(e) => {
            if matches!(e, AppError::Throttled { .. }) {
                devices::record(state, parts, user, SignInResult::Throttled).await?;
            }
            Err(e)
        }
    }
}

/// A failed try: recorded, answered slowly, left counted.
async fn failed(
    state: &AppState,
    parts: &http::request::Parts,
    user: i64,
    result: SignInResult,
) -> Result<(), AppError> {
    devices::record(state, parts, user, result).await?;
    slow_down_after_failure(&state.pool, &account_key(user)).await
}

/// A password checked at sign-in (`login`): records a wrong one.
pub async fn note_wrong_password(state: &AppState, user: i64) -> Result<(), AppError> {
    let parts = request_parts()?;
    devices::record(state, &parts, user, SignInResult::WrongPassword).await
}

/// A refusal by the throttle at sign-in.
pub async fn note_throttled(state: &AppState, user: i64) -> Result<(), AppError> {
    let parts = request_parts()?;
    devices::record(state, &parts, user, SignInResult::Throttled).await
}

/// The current password (and, with two-step sign-in on, a code) before a change: counted like a
/// sign-in, so guessing here is throttled the same way.
pub(crate) async fn check_secrets(
    state: &AppState,
    user: &UserRow,
    current_password: String,
    code: &str,
) -> Result<(), AppError> {
    if current_password.is_empty() {
        return Err(AppError::Required(crate::error::Field::CurrentPassword));
    }
    crate::domain::check_password_size(&current_password)
        .map_err(|_| AppError::CurrentPasswordWrong)?;
    let two_step = two_step::enabled(&state.pool, user.id).await?;
    if two_step && code.trim().is_empty() {
        return Err(AppError::Required(crate::error::Field::OneTimeCode));
    }
    let parts = request_parts()?;
    let attempt = begin(state, &parts, user.id).await?;
    if !verify_password(state, current_password, Some(user.password_hash.clone())).await? {
        failed(state, &parts, user.id, SignInResult::WrongPassword).await?;
        return Err(AppError::CurrentPasswordWrong);
    }
    if two_step {
        if let Err(e) = two_step::check_code(state, user.id, code, now()).await {
            failed(state, &parts, user.id, SignInResult::WrongCode).await?;
            return Err(e);
        }
    }
    forgive(&state.pool, attempt).await
}

/// Changes the password: the current one (and a code) first; every other session ends, the
/// password-reset links die, and an e-mail says so.
pub async fn change_password(
    cx: &Ctx,
    current_password: String,
    password: String,
    code: String,
) -> Result<(), AppError> {
    let user = user_by_id(&cx.state, cx.user()?.get()).await?;
    let new = NewPassword::parse(&password)?;
    super::passwords::check_not_common(new.expose(), &user.name, &user.email)?;
    check_secrets(&cx.state, &user, current_password, &code).await?;
    let hash = hash_password(&cx.state, new.expose().to_string()).await?;
    let parts = request_parts()?;
    let current = devices::current_session_hash(&cx.state, &parts);
    let mut tx = cx.pool().begin().await?;
    sqlx::query("UPDATE users SET password_hash = ? WHERE id = ?")
        .bind(&hash)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    devices::end_others(&mut tx, UserId(user.id), current.as_deref()).await?;
    sqlx::query(
        "UPDATE email_tokens SET used_at = ? WHERE user_id = ? AND kind = 'reset_password' AND used_at IS NULL",
    )
    .bind(now())
    .bind(user.id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let base = &cx.state.config.public_url;
    let mail = mails::password_changed(lang_of(&user), &user.email, base);
    send(&cx.state, UserId(user.id), MailKind::Security, mail).await?;
    Ok(())
}

/// Asks to move the account to `new_email`: a link goes to the new address, a notice to the old
/// one. An address another account has gets the same answer (its owner is told by e-mail).
pub async fn change_email(
    cx: &Ctx,
    new_email: String,
    current_password: String,
    code: String,
) -> Result<(), AppError> {
    let user = user_by_id(&cx.state, cx.user()?.get()).await?;
    let email = Email::parse(&new_email)?;
    if email.as_str().eq_ignore_ascii_case(&user.email) {
        return Err(AppError::EmailUnchanged);
    }
    check_secrets(&cx.state, &user, current_password, &code).await?;
    let lang = lang_of(&user);
    let owner = find_user(
        &cx.state.pool,
        &crate::domain::LoginId::Email(email.clone()),
    )
    .await?;
    if let Some(owner) = owner {
        let mail = mails::email_in_use(lang_of(&owner), &owner.email);
        send(&cx.state, UserId(owner.id), MailKind::Security, mail).await?;
        return Ok(());
    }
    let (token, hash) = new_token();
    let mut tx = cx.pool().begin().await?;
    sqlx::query("DELETE FROM email_changes WHERE user_id = ?")
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO email_changes (token_hash, user_id, new_email, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(hash)
    .bind(user.id)
    .bind(email.as_str())
    .bind(now() + EMAIL_CHANGE_SECS)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let base = &cx.state.config.public_url;
    let link = format!("{base}/email/change/{token}");
    let id = UserId(user.id);
    let to_new = mails::email_change_link(lang, email.as_str(), &link);
    send(&cx.state, id, MailKind::Security, to_new).await?;
    let to_old = mails::email_change_notice(lang, &user.email, base);
    send(&cx.state, id, MailKind::Security, to_old).await?;
    Ok(())
}

/// The new address pending confirmation, if any.
pub async fn pending_email(state: &AppState, user: UserId) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT new_email FROM email_changes WHERE user_id = ? AND used_at IS NULL AND expires_at > ?",
    )
    .bind(user)
    .bind(now())
    .fetch_optional(&state.pool)
    .await?)
}

/// Opens the link sent to the new address: it becomes the account's (confirmed) e-mail. A used,
/// expired or unknown link, or an address taken meanwhile, is `LinkInvalid`.
pub async fn confirm_email_change(state: &AppState, token: &str) -> Result<(), AppError> {
    let t = now();
    let mut tx = state.pool.begin().await?;
    let row: Option<(i64, String)> = sqlx::query_as(
        "UPDATE email_changes SET used_at = ?
         WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
         RETURNING user_id, new_email",
    )
    .bind(t)
    .bind(token_hash(token))
    .bind(t)
    .fetch_optional(&mut *tx)
    .await?;
    let (user, email) = row.ok_or(AppError::LinkInvalid)?;
    let res = sqlx::query("UPDATE users SET email = ?, email_confirmed_at = ? WHERE id = ?")
        .bind(&email)
        .bind(t)
        .bind(user)
        .execute(&mut *tx)
        .await;
    match res {
        Ok(_) => {}
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
            return Err(AppError::LinkInvalid)
        }
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    Ok(())
}

/// Everything the security page shows (the fresh recovery codes are forgotten as they are read).
pub async fn security_data(cx: &Ctx) -> Result<SecurityData, AppError> {
    let viewer = cx.viewer()?;
    let user = viewer.id;
    let parts = request_parts()?;
    let current = devices::current_session_hash(&cx.state, &parts);
    Ok(SecurityData {
        email: viewer.email.clone(),
        pending_email: pending_email(&cx.state, user).await?,
        sessions: devices::sessions(cx.pool(), user, current.as_deref()).await?,
        history: devices::history(cx.pool(), user).await?,
        two_step: two_step::state(&cx.state, user, &viewer.member_id.to_string()).await?,
        fresh_codes: two_step::take_fresh_codes(cx.pool(), user).await?,
    })
}

pub async fn end_session(cx: &Ctx, id: &str) -> Result<(), AppError> {
    let parts = request_parts()?;
    let current = devices::current_session_hash(&cx.state, &parts);
    devices::end_one(cx.pool(), cx.user()?, id, current.as_deref()).await
}

pub async fn end_other_sessions(cx: &Ctx) -> Result<(), AppError> {
    let parts = request_parts()?;
    let current = devices::current_session_hash(&cx.state, &parts);
    let mut conn = cx.pool().acquire().await?;
    devices::end_others(&mut conn, cx.user()?, current.as_deref()).await?;
    Ok(())
}

pub async fn two_step_start(cx: &Ctx) -> Result<(), AppError> {
    two_step::start(&cx.state, cx.user()?).await
}

pub async fn two_step_confirm(cx: &Ctx, code: &str) -> Result<(), AppError> {
    let user = cx.user()?;
    if code.trim().is_empty() {
        return Err(AppError::Required(crate::error::Field::OneTimeCode));
    }
    two_step::confirm(&cx.state, user, code, now()).await?;
    let mail = mails::two_step_changed(cx.lang, &cx.viewer()?.email, true);
    send(&cx.state, user, MailKind::Security, mail).await?;
    Ok(())
}

/// A code (from the app or a recovery code), counted like a sign-in.
async fn check_code_throttled(cx: &Ctx, code: &str) -> Result<(), AppError> {
    let user = cx.user()?.get();
    if code.trim().is_empty() {
        return Err(AppError::Required(crate::error::Field::OneTimeCode));
    }
    let parts = request_parts()?;
    let attempt = begin(&cx.state, &parts, user).await?;
    if let Err(e) = two_step::check_code(&cx.state, user, code, now()).await {
        failed(&cx.state, &parts, user, SignInResult::WrongCode).await?;
        return Err(e);
    }
    forgive(cx.pool(), attempt).await
}

pub async fn two_step_disable(cx: &Ctx, code: &str) -> Result<(), AppError> {
    check_code_throttled(cx, code).await?;
    two_step::disable(cx.pool(), cx.user()?).await?;
    let mail = mails::two_step_changed(cx.lang, &cx.viewer()?.email, false);
    send(&cx.state, cx.user()?, MailKind::Security, mail).await?;
    Ok(())
}

pub async fn new_recovery_codes(cx: &Ctx, code: &str) -> Result<(), AppError> {
    check_code_throttled(cx, code).await?;
    let mut tx = cx.pool().begin().await?;
    two_step::new_recovery_codes_in(&mut tx, cx.user()?).await?;
    tx.commit().await?;
    Ok(())
}

/// The end of every successful sign-in: a new session (recording where), the history, the lang,
/// and an e-mail the first time this browser signs in to the account.
pub async fn complete_sign_in(
    state: &AppState,
    user: &UserRow,
    old_cookie: Option<&str>,
) -> Result<(), AppError> {
    let parts = request_parts()?;
    start_session(state, user.id, old_cookie).await?;
    devices::record(state, &parts, user.id, SignInResult::Ok).await?;
    let lang = crate::context::request_lang(&parts.headers);
    if lang.code() != user.lang {
        sqlx::query("UPDATE users SET lang = ? WHERE id = ?")
            .bind(lang.code())
            .bind(user.id)
            .execute(&state.pool)
            .await?;
    }
    if devices::remember_device(state, &parts, user.id).await? {
        let (device, network) = devices::request_device(state, &parts);
        let base = &state.config.public_url;
        let mail = mails::new_device(lang, &user.email, &device, &network, base);
        send(state, UserId(user.id), MailKind::Security, mail).await?;
    }
    Ok(())
}

/// The second step of a sign-in: a code for the account the `kabinet_pending` cookie names,
/// throttled like the password. Returns where to go.
pub async fn sign_in_with_code(state: &AppState, code: String) -> Result<String, AppError> {
    let parts = request_parts()?;
    let token = cookies::get(&parts.headers, two_step::PENDING_COOKIE)
        .ok_or(AppError::SecondStepExpired)?;
    let (user_id, next) = two_step::pending(&state.pool, &token)
        .await?
        .ok_or(AppError::SecondStepExpired)?;
    if code.trim().is_empty() {
        return Err(AppError::Required(crate::error::Field::OneTimeCode));
    }
    let attempt = begin(state, &parts, user_id).await?;
    if let Err(e) = two_step::check_code(state, user_id, &code, now()).await {
        failed(state, &parts, user_id, SignInResult::WrongCode).await?;
        return Err(e);
    }
    forgive(&state.pool, attempt).await?;
    clear_failures(&state.pool, &account_key(user_id)).await?;
    two_step::end_pending(&state.pool, &token).await?;
    crate::platform::append_set_cookie(&pending_cookie(state, "", 0));
    let user = user_by_id(state, user_id).await?;
    let old = cookies::get(&parts.headers, state.config.session_cookie());
    complete_sign_in(state, &user, old.as_deref()).await?;
    Ok(next)
}

/// After the password, when two-step sign-in is on: the pending sign-in's cookie is set and the
/// code page is where to go.
pub async fn await_code(state: &AppState, user: &UserRow, next: &str) -> Result<String, AppError> {
    let token = two_step::begin_pending(&state.pool, user.id, next).await?;
    crate::platform::append_set_cookie(&pending_cookie(
        state,
        &token,
        two_step::PENDING_SECS as u64,
    ));
    Ok("/login/code".into())
}

fn pending_cookie(state: &AppState, value: &str, max_age: u64) -> String {
    cookies::set(
        two_step::PENDING_COOKIE,
        value,
        max_age,
        cookies::Scripts::Hidden,
        state.config.secure_cookies(),
    )
}

/// Tells the account by e-mail that a way to sign in was added (a passkey, a provider).
pub async fn tell_way_added(
    state: &AppState,
    user: i64,
    way: (&str, &str),
) -> Result<(), AppError> {
    let user = user_by_id(state, user).await?;
    let mail = mails::way_added(lang_of(&user), &user.email, way, &state.config.public_url);
    send(state, UserId(user.id), MailKind::Security, mail).await?;
    Ok(())
}
