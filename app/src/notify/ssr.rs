//! Sending with a copy in the log, the log's pages, and the shopper's choices.

use super::*;
use crate::ids::UserId;
use crate::paging::{offset, page_count};
use crate::platform::mail::Mail;
use crate::platform::{now, AppState};
use sqlx::SqlitePool;

/// E-mails per page of the log.
pub const LOG_PAGE: u32 = 20;

/// Whether the shopper gets e-mails of `kind` (always, for account and security e-mails).
pub async fn wants(pool: &SqlitePool, user: UserId, kind: MailKind) -> Result<bool, AppError> {
    if !kind.optional() {
        return Ok(true);
    }
    let off: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM mail_opt_outs WHERE user_id = ? AND kind = ?)",
    )
    .bind(user)
    .bind(kind)
    .fetch_one(pool)
    .await?;
    Ok(!off)
}

/// Sends `mail` to the shopper unless they switched its kind off, keeping a copy in their log.
/// `false`: not sent (switched off).
pub async fn send(
    state: &AppState,
    user: UserId,
    kind: MailKind,
    mail: Mail,
) -> Result<bool, AppError> {
    if !wants(&state.pool, user, kind).await? {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO mail_log (user_id, kind, subject, body, sent_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(user)
    .bind(kind)
    .bind(&mail.subject)
    .bind(blank_links(&mail.body))
    .bind(now())
    .execute(&state.pool)
    .await?;
    state.mailer.send(mail);
    Ok(true)
}

/// Sends to an account by its id, in the account's language: `text` gives the subject and body.
/// For senders that act on someone else's behalf (a store, a deadline). Errors are logged here:
/// an e-mail never undoes what it reports.
pub async fn send_to(
    state: &AppState,
    user: UserId,
    kind: MailKind,
    text: impl FnOnce(crate::i18n::Lang) -> (String, String),
) {
    let found: Result<Option<(String, String)>, sqlx::Error> =
        sqlx::query_as("SELECT email, lang FROM users WHERE id = ?")
            .bind(user)
            .fetch_optional(&state.pool)
            .await;
    let result = match found {
        Ok(Some((to, lang))) => {
            let (subject, body) = text(crate::i18n::Lang::parse(&lang).unwrap_or_default());
            send(state, user, kind, Mail { to, subject, body })
                .await
                .map(|_| ())
        }
        Ok(None) => Ok(()),
        Err(e) => Err(e.into()),
    };
    if let Err(e) = result {
        tracing::error!(error = ?e, ?kind, "e-mail not sent");
    }
}

/// The body kept in the log: a link that signs in, resets a password or confirms an address
/// works once and only from the mailbox, so the copy does not hold it (the database stores such
/// tokens hashed only).
pub fn blank_links(body: &str) -> String {
    const SECRET_PATHS: [&str; 3] = ["/password/reset/", "/email/confirm/", "/email/change/"];
    body.split_inclusive(char::is_whitespace)
        .map(|word| {
            let bare = word.trim_end();
            if bare.starts_with("http") && SECRET_PATHS.iter().any(|p| bare.contains(p)) {
                let tail = &word[bare.len()..];
                format!("[ссылка скрыта / link hidden]{tail}")
            } else {
                word.to_string()
            }
        })
        .collect()
}

pub async fn page(pool: &SqlitePool, user: UserId, page: u32) -> Result<MailLogPage, AppError> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_log WHERE user_id = ?")
        .bind(user)
        .fetch_one(pool)
        .await?;
    let pages = page_count(total, LOG_PAGE);
    let page = page.min(pages);
    let rows: Vec<(MailId, MailKind, String, i64)> = sqlx::query_as(
        "SELECT id, kind, subject, sent_at FROM mail_log WHERE user_id = ?
         ORDER BY id DESC LIMIT ? OFFSET ?",
    )
    .bind(user)
    .bind(LOG_PAGE as i64)
    .bind(offset(page, LOG_PAGE))
    .fetch_all(pool)
    .await?;
    let off: Vec<MailKind> = sqlx::query_scalar("SELECT kind FROM mail_opt_outs WHERE user_id = ?")
        .bind(user)
        .fetch_all(pool)
        .await?;
    Ok(MailLogPage {
        items: rows
            .into_iter()
            .map(|(id, kind, subject, sent_at)| MailLine {
                id,
                kind,
                subject,
                sent_at,
            })
            .collect(),
        total,
        page,
        pages,
        choices: MailKind::OPTIONAL
            .into_iter()
            .map(|k| (k, !off.contains(&k)))
            .collect(),
    })
}

pub async fn one(pool: &SqlitePool, user: UserId, id: MailId) -> Result<MailEntry, AppError> {
    let row: Option<(MailId, MailKind, String, String, i64)> = sqlx::query_as(
        "SELECT id, kind, subject, body, sent_at FROM mail_log WHERE id = ? AND user_id = ?",
    )
    .bind(id)
    .bind(user)
    .fetch_optional(pool)
    .await?;
    let (id, kind, subject, body, sent_at) = row.ok_or(AppError::NotFound)?;
    Ok(MailEntry {
        id,
        kind,
        subject,
        body,
        sent_at,
    })
}

/// Keeps exactly the optional kinds in `wanted` switched on.
pub async fn set_choices(
    pool: &SqlitePool,
    user: UserId,
    wanted: &[MailKind],
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM mail_opt_outs WHERE user_id = ?")
        .bind(user)
        .execute(&mut *tx)
        .await?;
    for kind in MailKind::OPTIONAL
        .into_iter()
        .filter(|k| !wanted.contains(k))
    {
        sqlx::query("INSERT INTO mail_opt_outs (user_id, kind) VALUES (?, ?)")
            .bind(user)
            .bind(kind)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::blank_links;

    #[test]
    fn links_that_sign_in_or_reset_are_blanked_in_the_log() {
        let body = "Open:\nhttp://x/password/reset/abc123\n\nOr http://x/account/orders/1 now.";
        let kept = blank_links(body);
        assert!(!kept.contains("abc123"), "{kept}");
        assert!(kept.contains("http://x/account/orders/1 now."), "{kept}");
        assert!(kept.starts_with("Open:\n[ссылка скрыта"), "{kept}");
    }
}
