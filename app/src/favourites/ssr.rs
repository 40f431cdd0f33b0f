//! The followed stores, through `store_follows_by_user` (newest follow first).

use super::*;
use crate::catalog::ssr::{CardRow, CARD_COLUMNS};
use crate::i18n::Lang;
use crate::ids::UserId;
use crate::paging::{offset, page_count, size};
use sqlx::SqlitePool;

#[derive(sqlx::FromRow)]
struct Followed {
    id: i64,
    name: String,
    rating_x10: i64,
    followers: i64,
    opened_at: i64,
    products: i64,
}

pub async fn followed(
    pool: &SqlitePool,
    lang: Lang,
    user_id: UserId,
    page: u32,
) -> Result<FavouriteStores, AppError> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM store_follows WHERE user_id = ?")
        .bind(user_id)
        .fetch_one(pool)
        .await?;
    let pages = page_count(total, size::STORES);
    let page = page.min(pages);
    let rows: Vec<Followed> = sqlx::query_as(
        "SELECT s.id, s.name, s.rating_x10, s.followers, s.opened_at,
                (SELECT COUNT(*) FROM products p WHERE p.store_id = s.id AND p.active = 1) AS products
         FROM store_follows f JOIN stores s ON s.id = f.store_id
         WHERE f.user_id = ? ORDER BY f.created_at DESC, f.store_id DESC LIMIT ? OFFSET ?",
    )
    .bind(user_id)
    .bind(size::STORES as i64)
    .bind(offset(page, size::STORES))
    .fetch_all(pool)
    .await?;
    let newest_sql = format!(
        "SELECT {CARD_COLUMNS} FROM products p JOIN stores s ON s.id = p.store_id
         WHERE p.store_id = ? AND p.active = 1 ORDER BY p.created_at DESC, p.id DESC LIMIT ?"
    );
    let mut items = Vec::with_capacity(rows.len());
    for r in rows {
        let newest: Vec<CardRow> = sqlx::query_as(&newest_sql)
            .bind(r.id)
            .bind(NEWEST)
            .fetch_all(pool)
            .await?;
        items.push(FavouriteStore {
            store: StoreSummary {
                id: r.id,
                name: r.name,
                rating_x10: r.rating_x10,
                followers: r.followers,
                opened_at: r.opened_at,
                products: r.products,
                following: true,
            },
            newest: newest.into_iter().map(|c| c.card(lang)).collect(),
        });
    }
    Ok(FavouriteStores {
        items,
        total,
        page,
        pages,
    })
}
