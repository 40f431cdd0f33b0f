//! Review storage. Reads here; every write (`write.rs`) is one `BEGIN IMMEDIATE` transaction
//! that checks the order line's owner and state, the 30-day window, and moves the review, its
//! history, the product's rating and the club points together.

use super::*;
use crate::i18n::Lang;
use crate::ids::{StoreId, UserId};
use crate::orders::OrderNumber;
use sqlx::SqlitePool;

mod public;
mod write;
pub use public::*;
pub use write::*;

const DAY: i64 = 86_400;

pub(super) fn pick(lang: Lang, ru: String, en: String) -> String {
    match lang {
        Lang::En => en,
        _ => ru,
    }
}

fn number(n: i64) -> Result<OrderNumber, AppError> {
    OrderNumber::new(n).ok_or(AppError::Internal)
}

/// Days left to edit a review of an order received at `completed_at`; `None` once closed.
pub fn window_left(completed_at: i64, now: i64) -> Option<i64> {
    let end = completed_at + WINDOW_DAYS * DAY;
    (now < end).then(|| days_left(end, now))
}

/// The order number searched for: `Ok(None)` for none, `NotFound` for anything not a number.
fn searched(query: &str) -> Result<Option<OrderNumber>, AppError> {
    if query.is_empty() {
        return Ok(None);
    }
    OrderNumber::parse(query).map(Some)
}

/// Lines of the shopper's received orders that have no review yet (the account home's counter).
pub async fn awaiting_count(pool: &SqlitePool, user_id: UserId) -> Result<i64, AppError> {
    awaiting_total(pool, user_id, None).await
}

const AWAITING_FROM: &str = "FROM orders o JOIN order_items oi ON oi.order_id = o.id
     WHERE o.user_id = ?1 AND o.completed_at IS NOT NULL AND o.purged_at IS NULL
       AND (?2 IS NULL OR o.number = ?2)
       AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.order_item_id = oi.id)";

async fn awaiting_total(
    pool: &SqlitePool,
    user_id: UserId,
    n: Option<OrderNumber>,
) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar(&format!("SELECT COUNT(*) {AWAITING_FROM}"))
            .bind(user_id)
            .bind(n.map(OrderNumber::get))
            .fetch_one(pool)
            .await?,
    )
}

async fn mine_total(
    pool: &SqlitePool,
    user_id: UserId,
    n: Option<OrderNumber>,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM reviews r JOIN orders o ON o.id = r.order_id
         WHERE r.user_id = ?1 AND (?2 IS NULL OR o.number = ?2)",
    )
    .bind(user_id)
    .bind(n.map(OrderNumber::get))
    .fetch_one(pool)
    .await?)
}

#[derive(sqlx::FromRow)]
struct AwaitingRow {
    line: i64,
    product_id: i64,
    title_ru: String,
    title_en: String,
    number: i64,
    store_name: String,
    completed_at: i64,
}

/// `/account/reviews`: both tabs' counts and a page of the one shown.
pub async fn lists(
    pool: &SqlitePool,
    lang: Lang,
    user_id: UserId,
    tab: Tab,
    query: &str,
    page: u32,
) -> Result<ReviewLists, AppError> {
    let size = crate::paging::size::REVIEWS;
    let empty = |awaiting_count, mine_count| ReviewLists {
        tab,
        query: query.to_string(),
        awaiting_count,
        mine_count,
        awaiting: vec![],
        mine: vec![],
        page: 1,
        pages: 1,
    };
    let Ok(n) = searched(query) else {
        return Ok(empty(0, 0));
    };
    let awaiting_count = awaiting_total(pool, user_id, n).await?;
    let mine_count = mine_total(pool, user_id, n).await?;
    let total = match tab {
        Tab::Awaiting => awaiting_count,
        Tab::Mine => mine_count,
    };
    let pages = crate::paging::page_count(total, size);
    let page = page.min(pages);
    let offset = crate::paging::offset(page, size);
    let mut out = empty(awaiting_count, mine_count);
    out.page = page;
    out.pages = pages;
    match tab {
        Tab::Awaiting => {
            let rows: Vec<AwaitingRow> = sqlx::query_as(&format!(
                "SELECT oi.id AS line, oi.product_id, oi.title_ru, oi.title_en, o.number,
                        (SELECT name FROM stores s WHERE s.id = o.store_id) AS store_name,
                        o.completed_at
                 {AWAITING_FROM}
                 ORDER BY o.completed_at DESC, o.id DESC, oi.id DESC LIMIT ?3 OFFSET ?4"
            ))
            .bind(user_id)
            .bind(n.map(OrderNumber::get))
            .bind(size)
            .bind(offset)
            .fetch_all(pool)
            .await?;
            for r in rows {
                out.awaiting.push(AwaitingLine {
                    line: r.line,
                    product_id: r.product_id,
                    title: pick(lang, r.title_ru, r.title_en),
                    number: number(r.number)?,
                    store_name: r.store_name,
                    received_at: r.completed_at,
                });
            }
        }
        Tab::Mine => {
            let now = crate::platform::now();
            let rows: Vec<MineRow> = sqlx::query_as(&format!(
                "{MINE_SELECT} WHERE r.user_id = ?1 AND (?2 IS NULL OR o.number = ?2)
                 ORDER BY r.created_at DESC, r.id DESC LIMIT ?3 OFFSET ?4"
            ))
            .bind(user_id)
            .bind(n.map(OrderNumber::get))
            .bind(size)
            .bind(offset)
            .fetch_all(pool)
            .await?;
            for r in rows {
                out.mine.push(r.into_review(lang, now)?);
            }
        }
    }
    Ok(out)
}

const MINE_SELECT: &str = "SELECT r.id, r.order_item_id AS line, r.product_id, oi.title_ru,
        oi.title_en, o.number, s.name AS store_name, r.stars, r.body, r.show_name, r.photos,
        r.created_at, r.edited_at, r.reply, r.replied_at, o.completed_at
     FROM reviews r JOIN order_items oi ON oi.id = r.order_item_id
     JOIN orders o ON o.id = r.order_id JOIN stores s ON s.id = r.store_id";

#[derive(sqlx::FromRow)]
struct MineRow {
    id: ReviewId,
    line: i64,
    product_id: i64,
    title_ru: String,
    title_en: String,
    number: i64,
    store_name: String,
    stars: i64,
    body: String,
    show_name: bool,
    photos: i64,
    created_at: i64,
    edited_at: Option<i64>,
    reply: Option<String>,
    replied_at: Option<i64>,
    completed_at: i64,
}

impl MineRow {
    fn into_review(self, lang: Lang, now: i64) -> Result<MyReview, AppError> {
        Ok(MyReview {
            id: self.id,
            line: self.line,
            product_id: self.product_id,
            title: pick(lang, self.title_ru, self.title_en),
            number: number(self.number)?,
            store_name: self.store_name,
            stars: self.stars as u8,
            body: self.body,
            show_name: self.show_name,
            photos: self.photos as u8,
            created_at: self.created_at,
            edited_at: self.edited_at,
            reply: self.reply,
            replied_at: self.replied_at,
            days_left: window_left(self.completed_at, now),
        })
    }
}

/// One of the shopper's reviews with every version of its text, oldest first.
pub async fn detail(
    pool: &SqlitePool,
    lang: Lang,
    user_id: UserId,
    id: ReviewId,
    now: i64,
) -> Result<ReviewDetail, AppError> {
    let row: MineRow = sqlx::query_as(&format!("{MINE_SELECT} WHERE r.id = ? AND r.user_id = ?"))
        .bind(id)
        .bind(user_id)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let entries: Vec<(EntryKind, Option<i64>, String, i64)> = sqlx::query_as(
        "SELECT kind, stars, body, created_at FROM review_entries WHERE review_id = ? ORDER BY id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(ReviewDetail {
        review: row.into_review(lang, now)?,
        entries: entries
            .into_iter()
            .map(|(kind, stars, body, at)| Entry {
                kind,
                stars: stars.map(|s| s as u8),
                body,
                at,
            })
            .collect(),
    })
}

#[derive(sqlx::FromRow)]
struct LineRow {
    line: i64,
    product_id: i64,
    title_ru: String,
    title_en: String,
    number: i64,
    store_name: String,
    completed_at: Option<i64>,
    existing: Option<ReviewId>,
}

/// One of the shopper's order lines, for the "write a review" page.
pub async fn draft(
    pool: &SqlitePool,
    lang: Lang,
    user_id: UserId,
    line: i64,
) -> Result<WriteDraft, AppError> {
    let r: LineRow = sqlx::query_as(
        "SELECT oi.id AS line, oi.product_id, oi.title_ru, oi.title_en, o.number,
                s.name AS store_name, o.completed_at,
                (SELECT id FROM reviews r WHERE r.order_item_id = oi.id) AS existing
         FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN stores s ON s.id = o.store_id
         WHERE oi.id = ? AND o.user_id = ? AND o.purged_at IS NULL",
    )
    .bind(line)
    .bind(user_id)
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(WriteDraft {
        line: r.line,
        product_id: r.product_id,
        title: pick(lang, r.title_ru, r.title_en),
        number: number(r.number)?,
        store_name: r.store_name,
        received: r.completed_at.is_some(),
        existing: r.existing,
    })
}

/// Refuses early (before any photo is decoded) a line that cannot be reviewed.
pub async fn check_writable(pool: &SqlitePool, user_id: UserId, line: i64) -> Result<(), AppError> {
    let d = draft(pool, Lang::Ru, user_id, line).await?;
    if !d.received {
        return Err(AppError::ReviewNotYet);
    }
    if d.existing.is_some() {
        return Err(AppError::ReviewExists);
    }
    Ok(())
}

/// The lines of one of the shopper's received orders with their reviews (the order page).
pub async fn on_order(
    pool: &SqlitePool,
    lang: Lang,
    user_id: UserId,
    n: OrderNumber,
    now: i64,
) -> Result<Vec<LineReview>, AppError> {
    /// A line: id, titles, its review, the order's receipt.
    type Line = (i64, String, String, Option<ReviewId>, Option<i64>);
    let rows: Vec<Line> = sqlx::query_as(
        "SELECT oi.id, oi.title_ru, oi.title_en, r.id, o.completed_at
         FROM orders o JOIN order_items oi ON oi.order_id = o.id
         LEFT JOIN reviews r ON r.order_item_id = oi.id
         WHERE o.number = ? AND o.user_id = ? AND o.completed_at IS NOT NULL ORDER BY oi.id",
    )
    .bind(n.get())
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(line, ru, en, review, completed)| LineReview {
            line,
            title: pick(lang, ru, en),
            review,
            days_left: review.and(completed).and_then(|c| window_left(c, now)),
        })
        .collect())
}
