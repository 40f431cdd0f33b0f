//! Translation texts in SQL: which card comes next, a card, the shopper's proposals and the
//! moderators' queue. The state changes are in `write.rs`.

mod write;
pub use write::*;

use super::*;
use crate::i18n::Lang;
use crate::ids::UserId;
use crate::orders::OrderStatus;
use crate::paging::{offset, page_count, size};
use sqlx::{SqliteConnection, SqlitePool};

/// Whose ratings count: a confirmed e-mail and at least one received order.
pub async fn eligible(conn: &mut SqliteConnection, user: UserId) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT u.email_confirmed_at IS NOT NULL
                AND EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.status = ?)
         FROM users u WHERE u.id = ?",
    )
    .bind(OrderStatus::Completed)
    .bind(user)
    .fetch_optional(&mut *conn)
    .await?
    .unwrap_or(false))
}

/// The current text's ratings key: the latest accepted proposal of this part, else 0 (the
/// product's original text).
pub async fn basis(
    conn: &mut SqliteConnection,
    product: ProductId,
    part: ProductText,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM translation_proposals WHERE product_id = ? AND part = ? AND status = ?
         ORDER BY decided_at DESC, id DESC LIMIT 1",
    )
    .bind(product)
    .bind(part)
    .bind(ProposalStatus::Accepted)
    .fetch_optional(&mut *conn)
    .await?
    .unwrap_or(0))
}

/// Eligible ratings of a text (`target`), not counting `except` (a proposal's author): how
/// many, and their sum.
pub async fn tally(
    conn: &mut SqliteConnection,
    product: ProductId,
    part: ProductText,
    target: i64,
    except: Option<UserId>,
) -> Result<(i64, i64), AppError> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(r.stars), 0) FROM translation_ratings r
         JOIN users u ON u.id = r.user_id
         WHERE r.product_id = ? AND r.part = ? AND r.target = ? AND r.user_id IS NOT ?
           AND u.email_confirmed_at IS NOT NULL
           AND EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.status = ?)",
    )
    .bind(product)
    .bind(part)
    .bind(target)
    .bind(except)
    .bind(OrderStatus::Completed)
    .fetch_one(&mut *conn)
    .await?)
}

fn average_x10(votes: i64, sum: i64) -> i64 {
    if votes == 0 {
        0
    } else {
        (sum * 10 + votes / 2) / votes
    }
}

/// The next text the shopper has not seen: a category other than the last card's while one has
/// texts left, and the parts in turn.
async fn next(
    conn: &mut SqliteConnection,
    user: UserId,
) -> Result<Option<(ProductId, ProductText)>, AppError> {
    let last: Option<(i64, i64)> = sqlx::query_as(
        "SELECT category_id, (SELECT COUNT(*) FROM translation_seen WHERE user_id = ?)
         FROM translation_seen WHERE user_id = ? ORDER BY at DESC LIMIT 1",
    )
    .bind(user)
    .bind(user)
    .fetch_optional(&mut *conn)
    .await?;
    let (last_category, seen) = last.unwrap_or((0, 0));
    let mut categories: Vec<i64> =
        sqlx::query_scalar("SELECT DISTINCT category_id FROM products ORDER BY category_id")
            .fetch_all(&mut *conn)
            .await?;
    // Start after the last card's category, and come back to it last.
    let at = categories
        .iter()
        .position(|c| *c > last_category)
        .unwrap_or(0);
    categories.rotate_left(at);
    if let Some(i) = categories.iter().position(|c| *c == last_category) {
        let c = categories.remove(i);
        categories.push(c);
    }
    let parts = ProductText::ALL;
    for category in &categories {
        for k in 0..parts.len() {
            let part = parts[(seen as usize + k) % parts.len()];
            let found: Option<ProductId> = sqlx::query_scalar(
                "SELECT p.id FROM products p
                 WHERE p.category_id = ? AND p.active = 1
                   AND NOT EXISTS (SELECT 1 FROM translation_seen s
                                   WHERE s.user_id = ? AND s.product_id = p.id AND s.part = ?)
                 ORDER BY p.orders_count DESC, p.id LIMIT 1",
            )
            .bind(category)
            .bind(user)
            .bind(part)
            .fetch_optional(&mut *conn)
            .await?;
            if let Some(p) = found {
                return Ok(Some((p, part)));
            }
        }
    }
    Ok(None)
}

pub async fn card(
    pool: &SqlitePool,
    user: UserId,
    lang: Lang,
    asked: Option<(ProductId, ProductText)>,
) -> Result<Option<Card>, AppError> {
    let mut conn = pool.acquire().await?;
    let (product, part) = match asked {
        Some(a) => a,
        None => match next(&mut conn, user).await? {
            Some(a) => a,
            None => return Ok(None),
        },
    };
    let sql = format!(
        "SELECT title_ru, title_en, {}, {} FROM products WHERE id = ?",
        part.column(),
        part.source().column()
    );
    let row: Option<(String, String, String, String)> = sqlx::query_as(&sql)
        .bind(product)
        .fetch_optional(&mut *conn)
        .await?;
    let (ru, en, current, source) = row.ok_or(AppError::NotFound)?;
    let basis = basis(&mut conn, product, part).await?;
    let (votes, sum) = tally(&mut conn, product, part, basis, None).await?;
    let mine: Option<i64> = sqlx::query_scalar(
        "SELECT stars FROM translation_ratings
         WHERE product_id = ? AND part = ? AND target = ? AND user_id = ?",
    )
    .bind(product)
    .bind(part)
    .bind(basis)
    .bind(user)
    .fetch_optional(&mut *conn)
    .await?;
    let candidates: Vec<(ProposalId, String, UserId, Option<i64>)> = sqlx::query_as(
        "SELECT p.id, p.text, p.user_id,
                (SELECT stars FROM translation_ratings r WHERE r.product_id = p.product_id
                   AND r.part = p.part AND r.target = p.id AND r.user_id = ?)
         FROM translation_proposals p
         WHERE p.product_id = ? AND p.part = ? AND p.waiting = 1 ORDER BY p.id LIMIT 5",
    )
    .bind(user)
    .bind(product)
    .bind(part)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(Card {
        product,
        title: lang.pick(&ru, &en).to_string(),
        part,
        source,
        current,
        votes,
        average_x10: average_x10(votes, sum),
        mine,
        candidates: candidates
            .into_iter()
            .map(|(id, text, author, mine)| Candidate {
                id,
                text,
                own: author == user,
                mine,
            })
            .collect(),
    }))
}

#[derive(sqlx::FromRow)]
struct ProposalRow {
    id: ProposalId,
    product_id: ProductId,
    title_ru: String,
    title_en: String,
    part: ProductText,
    text: String,
    replaced: String,
    status: ProposalStatus,
    reason: String,
    votes: i64,
    sum: i64,
    created_at: i64,
}

impl ProposalRow {
    fn contribution(self, lang: Lang) -> Contribution {
        Contribution {
            id: self.id,
            product: self.product_id,
            title: lang.pick(&self.title_ru, &self.title_en).to_string(),
            part: self.part,
            text: self.text,
            replaced: self.replaced,
            status: self.status,
            reason: self.reason,
            votes: self.votes,
            average_x10: average_x10(self.votes, self.sum),
            created_at: self.created_at,
        }
    }
}

const ROW: &str = "SELECT t.id, t.product_id, p.title_ru, p.title_en, t.part, t.text, t.replaced,
        t.status, t.reason, t.created_at,
        (SELECT COUNT(*) FROM translation_ratings r WHERE r.product_id = t.product_id
           AND r.part = t.part AND r.target = t.id) AS votes,
        (SELECT COALESCE(SUM(stars), 0) FROM translation_ratings r WHERE r.product_id = t.product_id
           AND r.part = t.part AND r.target = t.id) AS sum
    FROM translation_proposals t JOIN products p ON p.id = t.product_id";

/// The shopper's proposals, newest first (index `proposals_by_user`).
pub async fn contributions(
    pool: &SqlitePool,
    user: UserId,
    lang: Lang,
    page: u32,
) -> Result<Contributions, AppError> {
    let total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM translation_proposals WHERE user_id = ?")
            .bind(user)
            .fetch_one(pool)
            .await?;
    let rows: Vec<ProposalRow> = sqlx::query_as(&format!(
        "{ROW} WHERE t.user_id = ? ORDER BY t.created_at DESC, t.id DESC LIMIT ? OFFSET ?"
    ))
    .bind(user)
    .bind(size::REPORTS as i64)
    .bind(offset(page, size::REPORTS))
    .fetch_all(pool)
    .await?;
    Ok(Contributions {
        items: rows.into_iter().map(|r| r.contribution(lang)).collect(),
        page,
        pages: page_count(total, size::REPORTS),
    })
}

/// The moderators' queue: pending proposals, oldest first (index `proposals_queue`).
pub async fn queue(pool: &SqlitePool, lang: Lang, page: u32) -> Result<Contributions, AppError> {
    let total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM translation_proposals WHERE waiting = 1")
            .fetch_one(pool)
            .await?;
    let rows: Vec<ProposalRow> = sqlx::query_as(&format!(
        "{ROW} WHERE t.waiting = 1 ORDER BY t.created_at, t.id LIMIT ? OFFSET ?"
    ))
    .bind(size::REPORTS as i64)
    .bind(offset(page, size::REPORTS))
    .fetch_all(pool)
    .await?;
    Ok(Contributions {
        items: rows.into_iter().map(|r| r.contribution(lang)).collect(),
        page,
        pages: page_count(total, size::REPORTS),
    })
}
