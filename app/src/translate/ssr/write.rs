//! The only writer of `translation_proposals.status`, and of the ratings and the seen texts:
//! a proposal, a rating (with the acceptance rule in the same `BEGIN IMMEDIATE` transaction),
//! a skip, and a moderator's decision. Accepting replaces the product's text through the
//! catalogue, thanks the author through the club's ledger and sends a system message, all in the
//! transaction that accepts; the e-mail follows it.

use super::{basis, eligible, tally};
use crate::catalog::ProductText;
use crate::error::{AppError, Field};
use crate::ids::{ProductId, ProposalId, UserId};
use crate::messages::ssr::{notice_in, Notice};
use crate::messages::NoticeKind;
use crate::platform::db::move_state;
use crate::platform::{now, AppState};
use crate::translate::{ProposalStatus as S, ACCEPT_MARGIN, ACCEPT_VOTES, UNRATED_AVERAGE};
use sqlx::{SqliteConnection, SqlitePool};

/// Marks the card seen (it is not drawn again). `at` only grows per shopper (two cards in one
/// second still have an order), so the last card's category is known.
async fn seen_in(
    conn: &mut SqliteConnection,
    user: UserId,
    product: ProductId,
    part: ProductText,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO translation_seen (user_id, product_id, part, category_id, at)
         SELECT ?, id, ?, category_id,
                MAX(?, COALESCE((SELECT MAX(at) + 1 FROM translation_seen WHERE user_id = ?), 0))
         FROM products WHERE id = ?
         ON CONFLICT (user_id, product_id, part) DO UPDATE SET at = excluded.at",
    )
    .bind(user)
    .bind(part)
    .bind(at)
    .bind(user)
    .bind(product)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn skip(
    pool: &SqlitePool,
    user: UserId,
    product: ProductId,
    part: ProductText,
) -> Result<(), AppError> {
    let mut conn = pool.acquire().await?;
    if crate::catalog::ssr::text_in(&mut conn, product, part)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    seen_in(&mut conn, user, product, part, now()).await
}

/// A proposal: plain text, not the current text, one pending per shopper and text.
pub async fn propose(
    pool: &SqlitePool,
    user: UserId,
    product: ProductId,
    part: ProductText,
    text: &str,
) -> Result<ProposalId, AppError> {
    let text = crate::field::plain_text(Field::Proposal, text, part.max_chars(), true)?;
    let at = now();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (current, _, active) = crate::catalog::ssr::text_in(&mut tx, product, part)
        .await?
        .ok_or(AppError::NotFound)?;
    if !active {
        return Err(AppError::NotFound);
    }
    if current.trim() == text {
        return Err(AppError::ProposalSame);
    }
    let inserted = sqlx::query_scalar::<_, ProposalId>(
        "INSERT INTO translation_proposals (user_id, product_id, part, text, replaced, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(user)
    .bind(product)
    .bind(part)
    .bind(&text)
    .bind(&current)
    .bind(S::Pending)
    .bind(at)
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
            return Err(AppError::ProposalPending)
        }
        Err(e) => return Err(e.into()),
    };
    seen_in(&mut tx, user, product, part, at).await?;
    tx.commit().await?;
    Ok(id)
}

/// A rating of the current text (`target` 0) or of a pending proposal; a second rating of the
/// same text replaces the first. Returns whether it got the proposal accepted.
pub async fn rate(
    state: &AppState,
    user: UserId,
    product: ProductId,
    part: ProductText,
    target: i64,
    stars: i64,
) -> Result<bool, AppError> {
    let at = now();
    let mut tx = state.pool.begin_with("BEGIN IMMEDIATE").await?;
    crate::catalog::ssr::text_in(&mut tx, product, part)
        .await?
        .ok_or(AppError::NotFound)?;
    let key = if target == 0 {
        basis(&mut tx, product, part).await?
    } else {
        let row: Option<(UserId, S)> = sqlx::query_as(
            "SELECT user_id, status FROM translation_proposals
             WHERE id = ? AND product_id = ? AND part = ?",
        )
        .bind(target)
        .bind(product)
        .bind(part)
        .fetch_optional(&mut *tx)
        .await?;
        let (author, status) = row.ok_or(AppError::NotFound)?;
        if author == user {
            return Err(AppError::RateOwnProposal);
        }
        if status != S::Pending {
            return Err(AppError::AlreadyDecided);
        }
        target
    };
    if !eligible(&mut tx, user).await? {
        return Err(AppError::RatingNotEligible);
    }
    sqlx::query(
        "INSERT INTO translation_ratings (product_id, part, target, user_id, stars, at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (product_id, part, target, user_id)
         DO UPDATE SET stars = excluded.stars, at = excluded.at",
    )
    .bind(product)
    .bind(part)
    .bind(key)
    .bind(user)
    .bind(stars)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    seen_in(&mut tx, user, product, part, at).await?;
    let mut accepted = None;
    if target != 0 && passes(&mut tx, ProposalId(target)).await? {
        accepted = Some(accept_in(&mut tx, ProposalId(target), None, "", at).await?);
    }
    tx.commit().await?;
    if let Some(author) = accepted {
        thank_by_mail(state, author, ProposalId(target)).await;
    }
    Ok(accepted.is_some())
}

/// The acceptance rule (see the module `translate`), on the ratings as they are in the
/// transaction.
pub async fn passes(conn: &mut SqliteConnection, id: ProposalId) -> Result<bool, AppError> {
    let (author, product, part): (UserId, ProductId, ProductText) =
        sqlx::query_as("SELECT user_id, product_id, part FROM translation_proposals WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    let (n, sum) = tally(conn, product, part, id.get(), Some(author)).await?;
    if n < ACCEPT_VOTES {
        return Ok(false);
    }
    let current = basis(conn, product, part).await?;
    let (cn, csum) = tally(conn, product, part, current, None).await?;
    // avg(proposal) ≥ avg(current) + margin, in integers.
    Ok(if cn == 0 {
        sum >= (UNRATED_AVERAGE + ACCEPT_MARGIN) * n
    } else {
        sum * cn >= (csum + ACCEPT_MARGIN * cn) * n
    })
}

async fn log_in(
    conn: &mut SqliteConnection,
    staff: Option<UserId>,
    id: ProposalId,
    status: S,
    reason: &str,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO moderation_log (staff_id, proposal_id, status, reason, at)
         VALUES (?, ?, ?, ?, ?)",
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

/// Moves a pending proposal to `to`, with who (`None`: the rule), why and when.
async fn move_in(
    conn: &mut SqliteConnection,
    id: ProposalId,
    to: S,
    staff: Option<UserId>,
    reason: &str,
    at: i64,
) -> Result<(), AppError> {
    let reason_owned = reason.to_string();
    let moved = move_state(
        conn,
        "translation_proposals",
        id.get(),
        &[S::Pending],
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
        let found: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM translation_proposals WHERE id = ?")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
        return Err(if found.is_some() {
            AppError::AlreadyDecided
        } else {
            AppError::NotFound
        });
    }
    log_in(conn, staff, id, to, reason, at).await
}

/// Accepts: the text replaces the product's, the author is thanked (points, once) and told.
/// Returns the author.
pub async fn accept_in(
    conn: &mut SqliteConnection,
    id: ProposalId,
    staff: Option<UserId>,
    reason: &str,
    at: i64,
) -> Result<UserId, AppError> {
    move_in(conn, id, S::Accepted, staff, reason, at).await?;
    let (author, product, part, text): (UserId, ProductId, ProductText, String) = sqlx::query_as(
        "SELECT user_id, product_id, part, text FROM translation_proposals WHERE id = ?",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    crate::catalog::ssr::set_text_in(conn, product, part, &text).await?;
    crate::club::ssr::translation_thanked_in(conn, author, id.get(), at).await?;
    let points = crate::club::TRANSLATION_POINTS;
    let notice = Notice {
        kind: NoticeKind::Moderation,
        ru: format!("Ваш перевод принят и уже на странице товара. Спасибо! +{points} баллов клуба."),
        en: format!("Your translation was accepted and is on the product's page. Thank you! +{points} club points."),
        link: format!("/product/{product}"),
        dedup: format!("proposal-{id}-decided"),
    };
    notice_in(conn, author, &notice, at).await?;
    Ok(author)
}

/// A moderator's decision on a pending proposal, with the reason.
pub async fn decide(
    state: &AppState,
    staff: UserId,
    id: ProposalId,
    accept: bool,
    reason: &str,
) -> Result<(), AppError> {
    let at = now();
    let mut tx = state.pool.begin_with("BEGIN IMMEDIATE").await?;
    if accept {
        let author = accept_in(&mut tx, id, Some(staff), reason, at).await?;
        tx.commit().await?;
        thank_by_mail(state, author, id).await;
        return Ok(());
    }
    move_in(&mut tx, id, S::Declined, Some(staff), reason, at).await?;
    let author: UserId =
        sqlx::query_scalar("SELECT user_id FROM translation_proposals WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let notice = Notice {
        kind: NoticeKind::Moderation,
        ru: format!("Ваш перевод не принят. Причина: {reason}"),
        en: format!("Your translation was not accepted. Reason: {reason}"),
        link: "/account/translate/mine".to_string(),
        dedup: format!("proposal-{id}-decided"),
    };
    notice_in(&mut tx, author, &notice, at).await?;
    tx.commit().await?;
    Ok(())
}

async fn thank_by_mail(state: &AppState, author: UserId, id: ProposalId) {
    let url = format!("{}/account/translate/mine", state.config.public_url);
    let points = crate::club::TRANSLATION_POINTS;
    crate::notify::ssr::send_to(
        state,
        author,
        crate::notify::MailKind::Moderation,
        |lang| match lang {
            crate::i18n::Lang::Ru => (
                "Ваш перевод принят — Kabinet".to_string(),
                format!("Здравствуйте!\n\nВаш перевод № {id} принят и заменил текст товара. Спасибо! Вам начислено {points} баллов клуба.\n\n{url}\n"),
            ),
            crate::i18n::Lang::En => (
                "Your translation was accepted — Kabinet".to_string(),
                format!("Hello!\n\nYour translation {id} was accepted and replaced the product's text. Thank you! You got {points} club points.\n\n{url}\n"),
            ),
        },
    )
    .await;
}
