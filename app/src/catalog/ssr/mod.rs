//! Catalogue queries.

use super::*;
use crate::i18n::Lang;
use crate::ids::UserId;
use crate::platform::now;
use sqlx::SqlitePool;

mod search;
mod write;
pub use search::{search, SearchQuery};
pub use write::{set_text_in, text_in, withdraw_in};

/// A product card as a row: other sections that list products (recently viewed, favourite
/// stores) select [`CARD_COLUMNS`] from `products p JOIN stores s`.
#[derive(sqlx::FromRow)]
pub struct CardRow {
    id: i64,
    title_ru: String,
    title_en: String,
    price: i64,
    discount_price: Option<i64>,
    rating_x10: i64,
    orders_count: i64,
    stock: i64,
    active: i64,
    store_id: i64,
    store_name: String,
}

impl CardRow {
    pub fn card(self, lang: Lang) -> ProductCard {
        let (price, old_price) = Money::prices(self.price, self.discount_price);
        ProductCard {
            id: self.id,
            title: lang.pick(&self.title_ru, &self.title_en).to_string(),
            price,
            old_price,
            rating_x10: self.rating_x10,
            orders: self.orders_count,
            store_id: self.store_id,
            store_name: self.store_name,
            in_stock: self.active == 1 && self.stock > 0,
        }
    }
}

pub const CARD_COLUMNS: &str =
    "p.id, p.title_ru, p.title_en, p.price, p.discount_price, p.rating_x10,
    p.orders_count, p.stock, p.active, p.store_id, s.name AS store_name";

#[derive(sqlx::FromRow)]
struct CategoryRow {
    id: i64,
    slug: String,
    name_ru: String,
    name_en: String,
    parent_id: Option<i64>,
}

impl CategoryRow {
    fn category(self, lang: Lang) -> Category {
        Category {
            id: self.id,
            name: lang.pick(&self.name_ru, &self.name_en).to_string(),
            slug: self.slug,
            parent_id: self.parent_id,
        }
    }
}

pub async fn categories(pool: &SqlitePool, lang: Lang) -> Result<Vec<Category>, AppError> {
    let rows = sqlx::query_as::<_, CategoryRow>(
        "SELECT id, slug, name_ru, name_en, parent_id FROM categories
         ORDER BY COALESCE(parent_id, id), parent_id IS NOT NULL, position",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| r.category(lang)).collect())
}

async fn cards(
    pool: &SqlitePool,
    lang: Lang,
    where_order: &str,
    limit: i64,
) -> Result<Vec<ProductCard>, AppError> {
    let sql = format!(
        "SELECT {CARD_COLUMNS} FROM products p JOIN stores s ON s.id = p.store_id
         WHERE p.active = 1 AND p.stock > 0 AND {where_order} LIMIT ?"
    );
    let rows = sqlx::query_as::<_, CardRow>(&sql)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(|r| r.card(lang)).collect())
}

pub async fn home_rows(pool: &SqlitePool, lang: Lang) -> Result<HomeRows, AppError> {
    Ok(HomeRows {
        categories: categories(pool, lang)
            .await?
            .into_iter()
            .filter(|c| c.parent_id.is_none())
            .collect(),
        deals: cards(
            pool,
            lang,
            "p.discount_price IS NOT NULL ORDER BY p.orders_count DESC, p.id",
            8,
        )
        .await?,
        popular: cards(pool, lang, "1 ORDER BY p.orders_count DESC, p.id", 8).await?,
        newest: cards(pool, lang, "1 ORDER BY p.created_at DESC, p.id DESC", 8).await?,
        offers: String::new(),
    })
}

pub async fn product(
    pool: &SqlitePool,
    lang: Lang,
    id: i64,
    user_id: Option<UserId>,
) -> Result<ProductDetail, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        title_ru: String,
        title_en: String,
        description_ru: String,
        description_en: String,
        price: i64,
        discount_price: Option<i64>,
        stock: i64,
        active: i64,
        rating_x10: i64,
        orders_count: i64,
        pictures: i64,
        store_id: i64,
        category_id: i64,
        category_slug: String,
        category_ru: String,
        category_en: String,
        category_parent: Option<i64>,
    }
    let r = sqlx::query_as::<_, Row>(
        "SELECT p.id, p.title_ru, p.title_en, p.description_ru, p.description_en, p.price,
                p.discount_price, p.stock, p.active, p.rating_x10, p.orders_count, p.pictures,
                p.store_id, p.category_id, c.slug AS category_slug, c.name_ru AS category_ru,
                c.name_en AS category_en, c.parent_id AS category_parent
         FROM products p JOIN categories c ON c.id = p.category_id WHERE p.id = ?",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let (price, old_price) = Money::prices(r.price, r.discount_price);
    Ok(ProductDetail {
        id: r.id,
        title: lang.pick(&r.title_ru, &r.title_en).to_string(),
        description: lang.pick(&r.description_ru, &r.description_en).to_string(),
        price,
        old_price,
        stock: r.stock,
        active: r.active == 1,
        rating_x10: r.rating_x10,
        orders: r.orders_count,
        pictures: r.pictures,
        category: Category {
            id: r.category_id,
            slug: r.category_slug,
            name: lang.pick(&r.category_ru, &r.category_en).to_string(),
            parent_id: r.category_parent,
        },
        store: super::stores::store_summary(pool, r.store_id, user_id).await?,
        offers: String::new(),
    })
}

/// Remembers that a shopper viewed a product (the latest view only), unless they paused the
/// recording; the history keeps the newest [`VIEWS_KEPT`] products.
pub async fn record_view(
    pool: &SqlitePool,
    user_id: UserId,
    product_id: i64,
) -> Result<(), AppError> {
    let done = sqlx::query(
        "INSERT INTO product_views (user_id, product_id, viewed_at)
         SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM view_pauses WHERE user_id = ?1)
         ON CONFLICT (user_id, product_id) DO UPDATE SET viewed_at = excluded.viewed_at",
    )
    .bind(user_id)
    .bind(product_id)
    .bind(now())
    .execute(pool)
    .await?;
    if done.rows_affected() > 0 {
        sqlx::query(
            "DELETE FROM product_views WHERE user_id = ?1 AND product_id IN
                (SELECT product_id FROM product_views WHERE user_id = ?1
                 ORDER BY viewed_at DESC LIMIT -1 OFFSET ?2)",
        )
        .bind(user_id)
        .bind(VIEWS_KEPT)
        .execute(pool)
        .await?;
    }
    Ok(())
}
