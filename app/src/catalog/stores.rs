//! Store queries: the store box, the store page, following.

use super::ssr::{CardRow, CARD_COLUMNS};
use super::*;
use crate::i18n::Lang;
use crate::ids::UserId;
use crate::paging::{offset, page_count, size};
use crate::platform::now;
use sqlx::SqlitePool;

#[derive(sqlx::FromRow)]
pub(super) struct StoreRow {
    id: i64,
    name: String,
    rating_x10: i64,
    followers: i64,
    opened_at: i64,
    products: i64,
    following: i64,
}

/// The columns of a [`StoreRow`] for store `s`; the first `?` is the asking shopper (or -1).
pub(super) const STORE_COLUMNS: &str = "s.id, s.name, s.rating_x10, s.followers, s.opened_at,
    (SELECT COUNT(*) FROM products p WHERE p.store_id = s.id AND p.active = 1) AS products,
    EXISTS (SELECT 1 FROM store_follows f WHERE f.store_id = s.id AND f.user_id = ?) AS following";

impl From<StoreRow> for StoreSummary {
    fn from(row: StoreRow) -> StoreSummary {
        StoreSummary {
            id: row.id,
            name: row.name,
            rating_x10: row.rating_x10,
            followers: row.followers,
            opened_at: row.opened_at,
            products: row.products,
            following: row.following == 1,
        }
    }
}

pub(super) async fn store_summary(
    pool: &SqlitePool,
    id: i64,
    user_id: Option<UserId>,
) -> Result<StoreSummary, AppError> {
    let sql = format!("SELECT {STORE_COLUMNS} FROM stores s WHERE s.id = ?");
    let row = sqlx::query_as::<_, StoreRow>(&sql)
        .bind(user_id.map_or(-1, UserId::get))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(row.into())
}

/// Stores whose name matches `text` (the same word forms as product search), best match first,
/// then the most followed. Like product search, on a [`Deadlined`] connection: past `deadline`
/// the answer is `TooSlow`, and a dropped request leaves nothing running.
pub async fn search_stores(
    pool: &SqlitePool,
    text: &str,
    user_id: Option<UserId>,
    page: u32,
    deadline: std::time::Duration,
) -> Result<StoreHits, AppError> {
    let Some(expr) = super::stem::match_expression(text) else {
        return Ok(StoreHits::default());
    };
    let mut conn = crate::platform::db::Deadlined::acquire(pool, deadline).await?;
    let hits = search_stores_on(&mut conn, &expr, user_id, page).await;
    conn.finish().await;
    hits
}

async fn search_stores_on(
    conn: &mut sqlx::SqliteConnection,
    expr: &str,
    user_id: Option<UserId>,
    page: u32,
) -> Result<StoreHits, AppError> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM stores_fts WHERE stores_fts MATCH ?")
        .bind(expr)
        .fetch_one(&mut *conn)
        .await?;
    let pages = page_count(total, size::STORES);
    let page = page.min(pages);
    let sql = format!(
        "SELECT {STORE_COLUMNS} FROM stores_fts JOIN stores s ON s.id = stores_fts.rowid
         WHERE stores_fts MATCH ? ORDER BY stores_fts.rank, s.followers DESC, s.id LIMIT ? OFFSET ?"
    );
    let rows = sqlx::query_as::<_, StoreRow>(&sql)
        .bind(user_id.map_or(-1, UserId::get))
        .bind(expr)
        .bind(size::STORES as i64)
        .bind(offset(page, size::STORES))
        .fetch_all(&mut *conn)
        .await?;
    Ok(StoreHits {
        items: rows.into_iter().map(Into::into).collect(),
        total,
        page,
        pages,
    })
}

pub async fn store_page(
    pool: &SqlitePool,
    lang: Lang,
    id: i64,
    user_id: Option<UserId>,
    page: u32,
) -> Result<StorePage, AppError> {
    let store = store_summary(pool, id, user_id).await?;
    let pages = page_count(store.products, size::PRODUCTS);
    let page = page.min(pages);
    let sql = format!(
        "SELECT {CARD_COLUMNS} FROM products p JOIN stores s ON s.id = p.store_id
         WHERE p.store_id = ? AND p.active = 1 ORDER BY p.orders_count DESC, p.id LIMIT ? OFFSET ?"
    );
    let rows = sqlx::query_as::<_, CardRow>(&sql)
        .bind(id)
        .bind(size::PRODUCTS as i64)
        .bind(offset(page, size::PRODUCTS))
        .fetch_all(pool)
        .await?;
    Ok(StorePage {
        store,
        items: rows.into_iter().map(|r| r.card(lang)).collect(),
        page,
        pages,
        offers: Vec::new(),
    })
}

/// Follows or unfollows; the store's follower count changes in the same transaction.
pub async fn set_following(
    pool: &SqlitePool,
    user_id: UserId,
    store_id: i64,
    follow: bool,
) -> Result<bool, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM stores WHERE id = ?")
        .bind(store_id)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(AppError::NotFound);
    }
    let changed = if follow {
        sqlx::query(
            "INSERT INTO store_follows (user_id, store_id, created_at) VALUES (?, ?, ?)
             ON CONFLICT DO NOTHING",
        )
        .bind(user_id)
        .bind(store_id)
        .bind(now())
        .execute(&mut *tx)
        .await?
        .rows_affected()
    } else {
        sqlx::query("DELETE FROM store_follows WHERE user_id = ? AND store_id = ?")
            .bind(user_id)
            .bind(store_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
    };
    if changed > 0 {
        sqlx::query("UPDATE stores SET followers = MAX(0, followers + ?) WHERE id = ?")
            .bind(if follow { 1 } else { -1 })
            .bind(store_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(follow)
}
