//! Seller console storage. Every query names the seller's store: another store's order is
//! "not found", whatever its number.

use super::*;
use crate::error::Field;
use crate::i18n::Lang;
use crate::ids::{OrderId, StoreId};
use crate::orders::ssr::{add_event_in, SummaryRow, SUMMARY_COLUMNS};
use crate::orders::TrackingKind;
use crate::platform::now;
use sqlx::SqlitePool;

/// The shopper who placed the store's order `number`.
pub async fn buyer_of(
    conn: &mut sqlx::SqliteConnection,
    store_id: StoreId,
    number: OrderNumber,
) -> Result<crate::ids::UserId, AppError> {
    sqlx::query_scalar("SELECT user_id FROM orders WHERE number = ? AND store_id = ?")
        .bind(number.get())
        .bind(store_id)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

pub fn parse_carrier(input: &str) -> Result<String, AppError> {
    let v = input.split_whitespace().collect::<Vec<_>>().join(" ");
    match v.chars().count() {
        0 => Err(AppError::Required(Field::Carrier)),
        n if n > 60 => Err(AppError::TooLong(Field::Carrier, 60)),
        _ => Ok(v),
    }
}

/// 4 to 40 letters, digits and dashes, stored upper-case.
pub fn parse_tracking(input: &str) -> Result<String, AppError> {
    let v: String = input.split_whitespace().collect::<String>().to_uppercase();
    if v.is_empty() {
        return Err(AppError::Required(Field::Tracking));
    }
    if !(4..=40).contains(&v.len()) || !v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(AppError::InvalidChoice(Field::Tracking));
    }
    Ok(v)
}

pub fn parse_note(input: &str) -> Result<String, AppError> {
    let v = input.trim().to_string();
    if v.chars().count() > 200 {
        return Err(AppError::TooLong(Field::Note, 200));
    }
    Ok(v)
}

pub async fn orders(
    pool: &SqlitePool,
    lang: Lang,
    store_id: StoreId,
    status: OrderStatus,
    page: u32,
) -> Result<SellerOrders, AppError> {
    let store_name: String = sqlx::query_scalar("SELECT name FROM stores WHERE id = ?")
        .bind(store_id)
        .fetch_one(pool)
        .await?;
    let counts: Vec<(OrderStatus, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM orders WHERE store_id = ? GROUP BY status")
            .bind(store_id)
            .fetch_all(pool)
            .await?;
    let counts: Vec<(OrderStatus, i64)> = OrderStatus::ALL
        .iter()
        .map(|s| {
            let n = counts.iter().find(|(c, _)| c == s).map_or(0, |(_, n)| *n);
            (*s, n)
        })
        .collect();
    let total = counts
        .iter()
        .find(|(s, _)| *s == status)
        .map_or(0, |(_, n)| *n);
    let pages = crate::paging::page_count(total, crate::paging::size::ORDERS);
    let page = page.min(pages);
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM orders o JOIN stores s ON s.id = o.store_id
         JOIN users u ON u.id = o.user_id
         WHERE o.store_id = ? AND o.status = ? ORDER BY o.created_at DESC, o.id DESC
         LIMIT ? OFFSET ?"
    );
    let rows = sqlx::query_as::<_, SummaryRow>(&sql)
        .bind(store_id)
        .bind(status)
        .bind(crate::paging::size::ORDERS as i64)
        .bind(crate::paging::offset(page, crate::paging::size::ORDERS))
        .fetch_all(pool)
        .await?;
    Ok(SellerOrders {
        store_name,
        counts,
        status,
        items: rows
            .into_iter()
            .map(|r| r.summary(lang))
            .collect::<Result<_, _>>()?,
        page,
        pages,
    })
}

/// The store's order id and status, or "not found" for any other store's order.
async fn own_order(
    conn: &mut sqlx::SqliteConnection,
    store_id: StoreId,
    number: OrderNumber,
) -> Result<(OrderId, OrderStatus), AppError> {
    sqlx::query_as("SELECT id, status FROM orders WHERE number = ? AND store_id = ?")
        .bind(number.get())
        .bind(store_id)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Hands a paid order to the carrier (`orders::state::ship_in`) with its first tracking event.
pub async fn ship(
    pool: &SqlitePool,
    store_id: StoreId,
    number: OrderNumber,
    carrier: &str,
    tracking: &str,
) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (id, _) = own_order(&mut tx, store_id, number).await?;
    let t = now();
    crate::orders::state::ship_in(&mut tx, id, carrier, tracking, t).await?;
    add_event_in(&mut tx, id, TrackingKind::HandedToCarrier, carrier, t).await?;
    tx.commit().await?;
    Ok(())
}

/// A tracking event on a shipped order ("delivered" delivers it).
pub async fn add_event(
    pool: &SqlitePool,
    store_id: StoreId,
    number: OrderNumber,
    kind: TrackingKind,
    note: &str,
) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (id, status) = own_order(&mut tx, store_id, number).await?;
    if status != OrderStatus::Shipped {
        return Err(AppError::OrderState);
    }
    add_event_in(&mut tx, id, kind, note, now()).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    title_ru: String,
    title_en: String,
    price: i64,
    discount_price: Option<i64>,
    stock: i64,
    active: i64,
}

/// A page of the store's products, the most ordered first (the store page's order).
pub async fn products(
    pool: &SqlitePool,
    lang: Lang,
    store_id: StoreId,
    page: u32,
) -> Result<super::StoreProducts, AppError> {
    use crate::paging::{offset, page_count, size};
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE store_id = ?")
        .bind(store_id)
        .fetch_one(pool)
        .await?;
    let pages = page_count(total, size::PRODUCTS);
    let page = page.min(pages);
    let rows: Vec<ProductRow> = sqlx::query_as(
        "SELECT id, title_ru, title_en, price, discount_price, stock, active FROM products
         WHERE store_id = ? ORDER BY orders_count DESC, id LIMIT ? OFFSET ?",
    )
    .bind(store_id)
    .bind(size::PRODUCTS as i64)
    .bind(offset(page, size::PRODUCTS))
    .fetch_all(pool)
    .await?;
    let items = rows
        .into_iter()
        .map(|r| super::StoreProduct {
            id: r.id,
            title: lang.pick(&r.title_ru, &r.title_en).to_string(),
            price: crate::money::Money(r.price),
            discount_price: r.discount_price.map(crate::money::Money),
            stock: r.stock,
            active: r.active == 1,
        })
        .collect();
    Ok(super::StoreProducts { items, page, pages })
}

/// The store's new price (and discount price, if any) for its product. A lower price queues
/// the product for price-drop alerts (the `products_price_dropped` trigger of migration 0011).
pub async fn set_price(
    pool: &SqlitePool,
    store_id: StoreId,
    product: crate::ids::ProductId,
    price: crate::money::Money,
    discount: Option<crate::money::Money>,
) -> Result<(), AppError> {
    if discount.is_some_and(|d| d.cents() >= price.cents()) {
        return Err(AppError::DiscountNotBelow);
    }
    let done = sqlx::query(
        "UPDATE products SET price = ?, discount_price = ? WHERE id = ? AND store_id = ?",
    )
    .bind(price.cents())
    .bind(discount.map(|d| d.cents()))
    .bind(product)
    .bind(store_id)
    .execute(pool)
    .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
