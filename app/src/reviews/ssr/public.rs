//! What everyone sees: a product's reviews with their statistics, the photos; and the store's
//! own reviews for its console.

use super::*;

#[derive(sqlx::FromRow)]
struct PublicRow {
    id: ReviewId,
    show_name: bool,
    name: String,
    stars: i64,
    body: String,
    created_at: i64,
    edited_at: Option<i64>,
    photos: i64,
    reply: Option<String>,
    replied_at: Option<i64>,
    product_id: i64,
    title_ru: String,
    title_en: String,
}

const PUBLIC_SELECT: &str = "SELECT r.id, r.show_name, u.name, r.stars, r.body, r.created_at,
        r.edited_at, r.photos, r.reply, r.replied_at, r.product_id, oi.title_ru, oi.title_en
     FROM reviews r JOIN users u ON u.id = r.user_id
     JOIN order_items oi ON oi.id = r.order_item_id";

/// The rows as shown, each with its follow-ups.
async fn public(
    pool: &SqlitePool,
    lang: Lang,
    rows: Vec<PublicRow>,
) -> Result<Vec<PublicReview>, AppError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.get().to_string()).collect();
    let follow_ups: Vec<(ReviewId, String, i64)> = if ids.is_empty() {
        vec![]
    } else {
        // Ids are integers read from the database: nothing typed by anyone goes into the SQL.
        sqlx::query_as(&format!(
            "SELECT review_id, body, created_at FROM review_entries
             WHERE review_id IN ({}) AND kind = ? ORDER BY id",
            ids.join(", ")
        ))
        .bind(EntryKind::FollowUp)
        .fetch_all(pool)
        .await?
    };
    Ok(rows
        .into_iter()
        .map(|r| PublicReview {
            id: r.id,
            author: r.show_name.then_some(r.name),
            stars: r.stars as u8,
            body: r.body,
            created_at: r.created_at,
            edited: r.edited_at.is_some(),
            follow_ups: follow_ups
                .iter()
                .filter(|(id, ..)| *id == r.id)
                .map(|(_, body, at)| FollowUp {
                    body: body.clone(),
                    at: *at,
                })
                .collect(),
            photos: r.photos as u8,
            reply: r.reply,
            replied_at: r.replied_at,
            product_id: r.product_id,
            title: pick(lang, r.title_ru, r.title_en),
        })
        .collect())
}

/// A product's statistics and a page of its reviews, newest first.
pub async fn for_product(
    pool: &SqlitePool,
    product_id: i64,
    page: u32,
) -> Result<ProductReviews, AppError> {
    let size = crate::paging::size::REVIEWS;
    let stars: Vec<(i64, i64)> =
        sqlx::query_as("SELECT stars, COUNT(*) FROM reviews WHERE product_id = ? GROUP BY stars")
            .bind(product_id)
            .fetch_all(pool)
            .await?;
    let mut distribution = [0i64; 5];
    for (s, n) in &stars {
        if (1..=5).contains(s) {
            distribution[(5 - s) as usize] = *n;
        }
    }
    let count: i64 = distribution.iter().sum();
    let sum: i64 = stars.iter().map(|(s, n)| s * n).sum();
    let average_x10 = if count == 0 {
        0
    } else {
        (sum * 10 + count / 2) / count
    };
    let pages = crate::paging::page_count(count, size);
    let page = page.min(pages);
    let rows: Vec<PublicRow> = sqlx::query_as(&format!(
        "{PUBLIC_SELECT} WHERE r.product_id = ? ORDER BY r.created_at DESC, r.id DESC
         LIMIT ? OFFSET ?"
    ))
    .bind(product_id)
    .bind(size)
    .bind(crate::paging::offset(page, size))
    .fetch_all(pool)
    .await?;
    Ok(ProductReviews {
        count,
        average_x10,
        distribution,
        items: public(pool, Lang::Ru, rows).await?,
        page,
        pages,
    })
}

/// The seller console: a page of the store's reviews, unanswered first, then newest first.
pub async fn for_store(
    pool: &SqlitePool,
    lang: Lang,
    store_id: StoreId,
    page: u32,
) -> Result<StoreReviews, AppError> {
    let size = crate::paging::size::REVIEWS;
    let (total, unanswered): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(replied_at IS NULL), 0) FROM reviews WHERE store_id = ?",
    )
    .bind(store_id)
    .fetch_one(pool)
    .await?;
    let pages = crate::paging::page_count(total, size);
    let page = page.min(pages);
    let rows: Vec<PublicRow> = sqlx::query_as(&format!(
        "{PUBLIC_SELECT} WHERE r.store_id = ?
         ORDER BY r.replied_at IS NOT NULL, r.created_at DESC, r.id DESC LIMIT ? OFFSET ?"
    ))
    .bind(store_id)
    .bind(size)
    .bind(crate::paging::offset(page, size))
    .fetch_all(pool)
    .await?;
    Ok(StoreReviews {
        store_id,
        unanswered,
        items: public(pool, lang, rows).await?,
        page,
        pages,
    })
}

/// A photo of an existing review (public, like the review).
pub async fn photo(pool: &SqlitePool, id: ReviewId, position: i64) -> Result<Vec<u8>, AppError> {
    sqlx::query_scalar("SELECT jpeg FROM review_photos WHERE review_id = ? AND position = ?")
        .bind(id)
        .bind(position)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)
}
