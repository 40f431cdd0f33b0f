//! Wish-list rows: every write to `wishlist_items` is here.

use super::*;
use crate::i18n::Lang;
use crate::ids::{ProductId, UserId};
use crate::paging::{offset, page_count, size};
use crate::platform::now;
use sqlx::SqlitePool;

#[derive(sqlx::FromRow)]
struct Row {
    product_id: i64,
    title_ru: String,
    title_en: String,
    store_id: i64,
    store_name: String,
    added_at: i64,
    price_when_added: i64,
    price_now: i64,
    active: i64,
    stock: i64,
}

pub async fn list(
    pool: &SqlitePool,
    lang: Lang,
    user_id: UserId,
    page: u32,
) -> Result<WishList, AppError> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM wishlist_items WHERE user_id = ?")
        .bind(user_id)
        .fetch_one(pool)
        .await?;
    let pages = page_count(total, size::PRODUCTS);
    let page = page.min(pages);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT w.product_id, p.title_ru, p.title_en, p.store_id, s.name AS store_name,
                w.added_at, w.price_when_added, p.effective_price AS price_now, p.active, p.stock
         FROM wishlist_items w JOIN products p ON p.id = w.product_id
         JOIN stores s ON s.id = p.store_id
         WHERE w.user_id = ? ORDER BY w.added_at DESC, w.product_id DESC LIMIT ? OFFSET ?",
    )
    .bind(user_id)
    .bind(size::PRODUCTS as i64)
    .bind(offset(page, size::PRODUCTS))
    .fetch_all(pool)
    .await?;
    let items = rows
        .into_iter()
        .map(|r| WishItem {
            product_id: r.product_id,
            title: lang.pick(&r.title_ru, &r.title_en).to_string(),
            store_id: r.store_id,
            store_name: r.store_name,
            added_at: r.added_at,
            price_when_added: Money(r.price_when_added),
            price_now: Money(r.price_now),
            available: r.active == 1,
            in_stock: r.active == 1 && r.stock > 0,
        })
        .collect();
    Ok(WishList {
        items,
        total,
        page,
        pages,
    })
}

pub async fn wished_among(
    pool: &SqlitePool,
    user_id: UserId,
    ids: &[i64],
) -> Result<Vec<i64>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; ids.len()].join(", ");
    let sql = format!(
        "SELECT product_id FROM wishlist_items WHERE user_id = ? AND product_id IN ({marks})"
    );
    let mut q = sqlx::query_scalar(&sql).bind(user_id);
    for id in ids {
        q = q.bind(id);
    }
    Ok(q.fetch_all(pool).await?)
}

/// Adds (at today's price) or removes. Adding a product withdrawn from sale is refused; removing
/// one is always allowed. Returns whether the product is now on the list.
pub async fn set(
    pool: &SqlitePool,
    user_id: UserId,
    product: ProductId,
    on: bool,
) -> Result<bool, AppError> {
    if !on {
        sqlx::query("DELETE FROM wishlist_items WHERE user_id = ? AND product_id = ?")
            .bind(user_id)
            .bind(product)
            .execute(pool)
            .await?;
        return Ok(false);
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT active, effective_price FROM products WHERE id = ?")
            .bind(product)
            .fetch_optional(&mut *tx)
            .await?;
    let price = match row {
        None => return Err(AppError::NotFound),
        Some((0, _)) => return Err(AppError::ProductUnavailable),
        Some((_, price)) => price,
    };
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM wishlist_items WHERE user_id = ?")
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
    if count >= MAX_ITEMS {
        return Err(AppError::Forbidden);
    }
    sqlx::query(
        "INSERT INTO wishlist_items (user_id, product_id, added_at, price_when_added)
         VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(product)
    .bind(now())
    .bind(price)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// How many products the shopper's wish list holds (the account home).
pub async fn count(pool: &SqlitePool, user_id: UserId) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM wishlist_items WHERE user_id = ?")
            .bind(user_id)
            .fetch_one(pool)
            .await?,
    )
}
