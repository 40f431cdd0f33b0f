//! The only writer of `reports.status`: filing, the reporter's withdrawal, a moderator taking a
//! report up and deciding it. Each runs in one `BEGIN IMMEDIATE` transaction, names its `from`
//! states in the `WHERE` (`platform::db::move_state`), and records the step in `moderation_log`.
//! An upheld report on a product withdraws it through the catalogue, and the reporter gets a
//! system message in the same transaction and an e-mail after it (per their choices).

use super::{Evidence, JPEG};
use crate::error::AppError;
use crate::ids::{ProductId, ReportId, StoreId, UserId};
use crate::messages::ssr::{notice_in, Notice};
use crate::messages::NoticeKind;
use crate::platform::db::move_state;
use crate::platform::{now, AppState};
use crate::reports::{ReportStatus as S, ReportText, Target, DAILY_LIMIT, WAITING};
use sqlx::{SqliteConnection, SqlitePool};

/// Files a report with its evidence: refused for a withdrawn or missing product, a second open
/// report of the same kind on the same target, or past the daily limit (counted again inside
/// the transaction, so two tabs cannot pass it together).
pub async fn file(
    pool: &SqlitePool,
    user: UserId,
    target: Target,
    text: ReportText,
    files: Vec<Evidence>,
) -> Result<ReportId, AppError> {
    let at = now();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (store, product): (StoreId, Option<ProductId>) = match target {
        Target::Product(id) => {
            let row: Option<(StoreId, bool)> =
                sqlx::query_as("SELECT store_id, active = 1 FROM products WHERE id = ?")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let (store, active) = row.ok_or(AppError::NotFound)?;
            if !active {
                return Err(AppError::ReportWithdrawnProduct);
            }
            (store, Some(id))
        }
        Target::Store(id) => {
            let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM stores WHERE id = ?")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            found.ok_or(AppError::NotFound)?;
            (id, None)
        }
    };
    let today: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE user_id = ? AND created_at > ?")
            .bind(user)
            .bind(at - 86_400)
            .fetch_one(&mut *tx)
            .await?;
    if today >= DAILY_LIMIT {
        return Err(AppError::ReportDailyLimit(DAILY_LIMIT));
    }
    let inserted = sqlx::query_scalar::<_, ReportId>(
        "INSERT INTO reports (user_id, store_id, product_id, kind, banned, holder, registration,
                country, basis, basis_text, argument, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(user)
    .bind(store)
    .bind(product)
    .bind(text.kind)
    .bind(text.banned.map(|b| b.code()).unwrap_or_default())
    .bind(&text.holder)
    .bind(&text.registration)
    .bind(text.country)
    .bind(text.basis)
    .bind(&text.basis_text)
    .bind(&text.argument)
    .bind(S::Received)
    .bind(at)
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
            return Err(AppError::ReportOpen)
        }
        Err(e) => return Err(e.into()),
    };
    for (i, f) in files.iter().enumerate() {
        sqlx::query(
            "INSERT INTO report_files (report_id, position, content_type, bytes)
             VALUES (?, ?, ?, ?)",
        )
        .bind(id)
        .bind(i as i64 + 1)
        .bind(if f.content_type == JPEG {
            JPEG
        } else {
            super::PDF
        })
        .bind(&f.bytes)
        .execute(&mut *tx)
        .await?;
    }
    log_in(&mut tx, None, id, S::Received, "", at).await?;
    tx.commit().await?;
    Ok(id)
}

async fn log_in(
    conn: &mut SqliteConnection,
    staff: Option<UserId>,
    id: ReportId,
    status: S,
    reason: &str,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO moderation_log (staff_id, report_id, status, reason, at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(staff)
    .bind(id)
    .bind(status)
    .bind(reason)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The reporter withdraws their report while it is only received.
pub async fn retract(pool: &SqlitePool, user: UserId, id: ReportId) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let owner: Option<UserId> = sqlx::query_scalar("SELECT user_id FROM reports WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    if owner != Some(user) {
        return Err(AppError::NotFound);
    }
    let at = now();
    let moved = move_state(
        &mut tx,
        "reports",
        id.get(),
        &[S::Received],
        S::Retracted,
        "",
        crate::platform::db::no_binds(),
    )
    .await?;
    if !moved {
        return Err(AppError::ReportNotRetractable);
    }
    log_in(&mut tx, Some(user), id, S::Retracted, "", at).await?;
    tx.commit().await?;
    Ok(())
}

/// A moderator takes a received report up: the reporter can no longer withdraw it.
pub async fn take(pool: &SqlitePool, staff: UserId, id: ReportId) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let moved = move_state(
        &mut tx,
        "reports",
        id.get(),
        &[S::Received],
        S::Reviewing,
        "",
        crate::platform::db::no_binds(),
    )
    .await?;
    if !moved {
        return Err(exists_or_decided(&mut tx, id).await);
    }
    log_in(&mut tx, Some(staff), id, S::Reviewing, "", now()).await?;
    tx.commit().await?;
    Ok(())
}

async fn exists_or_decided(conn: &mut SqliteConnection, id: ReportId) -> AppError {
    let found: Result<Option<i64>, sqlx::Error> =
        sqlx::query_scalar("SELECT 1 FROM reports WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await;
    match found {
        Ok(Some(_)) => AppError::AlreadyDecided,
        Ok(None) => AppError::NotFound,
        Err(e) => e.into(),
    }
}

/// A moderator's decision, with the reason: upheld (a product reported is withdrawn from sale)
/// or rejected. The reporter gets a system message and an e-mail.
pub async fn decide(
    state: &AppState,
    staff: UserId,
    id: ReportId,
    upheld: bool,
    reason: &str,
) -> Result<(), AppError> {
    let at = now();
    let to = if upheld { S::Upheld } else { S::Dismissed };
    let mut tx = state.pool.begin_with("BEGIN IMMEDIATE").await?;
    let reason_owned = reason.to_string();
    let moved = move_state(
        &mut tx,
        "reports",
        id.get(),
        &WAITING,
        to,
        ", reason = ?, decided_by = ?, decided_at = ?",
        Box::new(move |args| {
            use sqlx::Arguments;
            args.add(reason_owned)?;
            args.add(staff)?;
            args.add(at)?;
            Ok(())
        }),
    )
    .await?;
    if !moved {
        return Err(exists_or_decided(&mut tx, id).await);
    }
    let (reporter, product): (UserId, Option<ProductId>) =
        sqlx::query_as("SELECT user_id, product_id FROM reports WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    if let (true, Some(product)) = (upheld, product) {
        crate::catalog::ssr::withdraw_in(&mut tx, product).await?;
    }
    log_in(&mut tx, Some(staff), id, to, reason, at).await?;
    let link = format!("/account/reports/{id}");
    let (ru, en) = (
        to.label(crate::i18n::Lang::Ru),
        to.label(crate::i18n::Lang::En),
    );
    let notice = Notice {
        kind: NoticeKind::Moderation,
        ru: format!("Жалоба № {id}: {ru}. Причина: {reason}"),
        en: format!("Report {id}: {en}. Reason: {reason}"),
        link: link.clone(),
        dedup: format!("report-{id}-decided"),
    };
    notice_in(&mut tx, reporter, &notice, at).await?;
    tx.commit().await?;
    let url = format!("{}{link}", state.config.public_url);
    let reason = reason.to_string();
    crate::notify::ssr::send_to(
        state,
        reporter,
        crate::notify::MailKind::Moderation,
        |lang| match lang {
            crate::i18n::Lang::Ru => (
                format!("Жалоба № {id}: {ru} — Kabinet"),
                format!("Здравствуйте!\n\nРешение по вашей жалобе № {id}: {ru}.\nПричина: {reason}\n\n{url}\n"),
            ),
            crate::i18n::Lang::En => (
                format!("Report {id}: {en} — Kabinet"),
                format!("Hello!\n\nThe decision on your report {id}: {en}.\nReason: {reason}\n\n{url}\n"),
            ),
        },
    )
    .await;
    Ok(())
}
