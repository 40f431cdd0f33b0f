//! The history's queries: one page through `product_views_by_user` (newest view first), the
//! filters checked on each product; removals; the pause.

use super::*;
use crate::catalog::ssr::{CardRow, CARD_COLUMNS};
use crate::i18n::Lang;
use crate::ids::{ProductId, UserId};
use crate::paging::{offset, page_count, size};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

pub struct Filter {
    /// A top-level (or any) category slug; its subcategories are included.
    pub category: Option<String>,
    pub discounted: bool,
    pub page: u32,
}

#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(flatten)]
    card: CardRow,
    viewed_at: i64,
    category_slug: String,
}

fn push_where(qb: &mut QueryBuilder<'_, Sqlite>, user_id: UserId, f: &Filter) {
    qb.push(" WHERE v.user_id = ").push_bind(user_id);
    if let Some(slug) = &f.category {
        qb.push(" AND p.category_id IN (SELECT c2.id FROM categories c2 WHERE c2.slug = ")
            .push_bind(slug.clone())
            .push(" OR c2.parent_id = (SELECT id FROM categories WHERE slug = ")
            .push_bind(slug.clone())
            .push("))");
    }
    if f.discounted {
        qb.push(" AND p.discount_price IS NOT NULL");
    }
}

pub async fn list(
    pool: &SqlitePool,
    lang: Lang,
    user_id: UserId,
    f: &Filter,
) -> Result<RecentList, AppError> {
    let from = " FROM product_views v JOIN products p ON p.id = v.product_id";
    let mut count = QueryBuilder::<Sqlite>::new(format!("SELECT COUNT(*){from}"));
    push_where(&mut count, user_id, f);
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
    let pages = page_count(total, size::PRODUCTS);
    let page = f.page.min(pages);
    let mut qb = QueryBuilder::<Sqlite>::new(format!(
        "SELECT {CARD_COLUMNS}, v.viewed_at, c.slug AS category_slug{from}
         JOIN stores s ON s.id = p.store_id JOIN categories c ON c.id = p.category_id"
    ));
    push_where(&mut qb, user_id, f);
    qb.push(" ORDER BY v.viewed_at DESC, v.product_id DESC LIMIT ")
        .push_bind(size::PRODUCTS as i64)
        .push(" OFFSET ")
        .push_bind(offset(page, size::PRODUCTS));
    let rows: Vec<Row> = qb.build_query_as().fetch_all(pool).await?;
    let categories = crate::catalog::ssr::categories(pool, lang)
        .await?
        .into_iter()
        .filter(|c| c.parent_id.is_none())
        .collect();
    let paused: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM view_pauses WHERE user_id = ?)")
            .bind(user_id)
            .fetch_one(pool)
            .await?;
    Ok(RecentList {
        items: rows
            .into_iter()
            .map(|r| RecentItem {
                card: r.card.card(lang),
                viewed_at: r.viewed_at,
                category_slug: r.category_slug,
            })
            .collect(),
        total,
        page,
        pages,
        categories,
        paused,
    })
}

/// Removes one product's view, or (with `None`) every view of the shopper's.
pub async fn remove(
    pool: &SqlitePool,
    user_id: UserId,
    product: Option<ProductId>,
) -> Result<(), AppError> {
    match product {
        Some(id) => {
            sqlx::query("DELETE FROM product_views WHERE user_id = ? AND product_id = ?")
                .bind(user_id)
                .bind(id)
                .execute(pool)
                .await?
        }
        None => {
            sqlx::query("DELETE FROM product_views WHERE user_id = ?")
                .bind(user_id)
                .execute(pool)
                .await?
        }
    };
    Ok(())
}

pub async fn set_paused(pool: &SqlitePool, user_id: UserId, paused: bool) -> Result<(), AppError> {
    if paused {
        sqlx::query(
            "INSERT INTO view_pauses (user_id, paused_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
        )
        .bind(user_id)
        .bind(crate::platform::now())
        .execute(pool)
        .await?;
    } else {
        sqlx::query("DELETE FROM view_pauses WHERE user_id = ?")
            .bind(user_id)
            .execute(pool)
            .await?;
    }
    Ok(())
}
