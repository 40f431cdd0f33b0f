//! Cart storage. Quantities are checked against stock here; prices are never stored in the cart.

use super::*;
use crate::i18n::Lang;
use crate::ids::UserId;
use crate::money::Quantity;
use crate::platform::now;
use sqlx::SqlitePool;

/// At most this many different products in one cart.
pub const MAX_LINES: i64 = 200;

#[derive(sqlx::FromRow)]
pub struct LineRow {
    pub product_id: i64,
    pub quantity: i64,
    pub selected: i64,
    pub title_ru: String,
    pub title_en: String,
    pub price: i64,
    pub discount_price: Option<i64>,
    pub stock: i64,
    pub active: i64,
    pub store_id: i64,
    pub store_name: String,
}

impl LineRow {
    pub fn line(self, lang: Lang) -> CartLine {
        let (unit_price, old_price) = Money::prices(self.price, self.discount_price);
        let problem = if self.active == 0 {
            Some(LineProblem::Unavailable)
        } else if self.stock == 0 {
            Some(LineProblem::SoldOut)
        } else if self.quantity > self.stock {
            Some(LineProblem::OnlyLeft(self.stock))
        } else {
            None
        };
        CartLine {
            product_id: self.product_id,
            title: lang.pick(&self.title_ru, &self.title_en).to_string(),
            unit_price,
            old_price,
            quantity: self.quantity as u32,
            stock: self.stock,
            selected: self.selected == 1,
            problem,
        }
    }
}

pub const LINE_QUERY: &str = "SELECT c.product_id, c.quantity, c.selected, p.title_ru, p.title_en,
        p.price, p.discount_price, p.stock, p.active, p.store_id, s.name AS store_name
     FROM cart_items c JOIN products p ON p.id = c.product_id JOIN stores s ON s.id = p.store_id
     WHERE c.user_id = ? ORDER BY s.name, s.id, c.added_at, c.product_id";

/// Groups cart rows (already ordered by store) by store.
pub fn group(rows: Vec<LineRow>, lang: Lang) -> Cart {
    let mut groups: Vec<CartGroup> = Vec::new();
    for row in rows {
        let (store_id, store_name) = (row.store_id, row.store_name.clone());
        let line = row.line(lang);
        match groups.last_mut() {
            Some(g) if g.store_id == store_id => g.lines.push(line),
            _ => groups.push(CartGroup {
                store_id,
                store_name,
                lines: vec![line],
            }),
        }
    }
    Cart { groups }
}

pub async fn load(pool: &SqlitePool, lang: Lang, user_id: UserId) -> Result<Cart, AppError> {
    let rows = sqlx::query_as::<_, LineRow>(LINE_QUERY)
        .bind(user_id)
        .fetch_all(pool)
        .await?;
    Ok(group(rows, lang))
}

async fn product_stock(
    conn: &mut sqlx::SqliteConnection,
    product_id: i64,
) -> Result<i64, AppError> {
    let row: Option<(i64, i64)> = sqlx::query_as("SELECT stock, active FROM products WHERE id = ?")
        .bind(product_id)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        None => Err(AppError::NotFound),
        Some((_, 0)) => Err(AppError::ProductUnavailable),
        Some((0, _)) => Err(AppError::NotEnoughStock { available: 0 }),
        Some((stock, _)) => Ok(stock),
    }
}

/// Adds to the cart; the line's new quantity may not exceed stock. Returns that quantity.
pub async fn add(
    pool: &SqlitePool,
    user_id: UserId,
    product_id: i64,
    quantity: Quantity,
) -> Result<u32, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let stock = product_stock(&mut tx, product_id).await?;
    let (have, lines): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(quantity) FILTER (WHERE product_id = ?), 0), COUNT(*)
         FROM cart_items WHERE user_id = ?",
    )
    .bind(product_id)
    .bind(user_id)
    .fetch_one(&mut *tx)
    .await?;
    if have == 0 && lines >= MAX_LINES {
        return Err(AppError::Forbidden);
    }
    let wanted = Quantity::parse(&(have + quantity.get() as i64).to_string())?;
    let wanted = wanted.within_stock(stock)?;
    sqlx::query(
        "INSERT INTO cart_items (user_id, product_id, quantity, selected, added_at)
         VALUES (?, ?, ?, 1, ?)
         ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = excluded.quantity, selected = 1",
    )
    .bind(user_id)
    .bind(product_id)
    .bind(wanted.get() as i64)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(wanted.get())
}

pub async fn set_quantity(
    pool: &SqlitePool,
    user_id: UserId,
    product_id: i64,
    quantity: Quantity,
) -> Result<u32, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let stock = product_stock(&mut tx, product_id).await?;
    let quantity = quantity.within_stock(stock)?;
    let changed =
        sqlx::query("UPDATE cart_items SET quantity = ? WHERE user_id = ? AND product_id = ?")
            .bind(quantity.get() as i64)
            .bind(user_id)
            .bind(product_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(quantity.get())
}

pub async fn remove(pool: &SqlitePool, user_id: UserId, product_id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM cart_items WHERE user_id = ? AND product_id = ?")
        .bind(user_id)
        .bind(product_id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn select(
    pool: &SqlitePool,
    user_id: UserId,
    product_id: Option<i64>,
    selected: bool,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE cart_items SET selected = ? WHERE user_id = ? AND (? IS NULL OR product_id = ?)",
    )
    .bind(selected as i64)
    .bind(user_id)
    .bind(product_id)
    .bind(product_id)
    .execute(pool)
    .await?;
    Ok(())
}
