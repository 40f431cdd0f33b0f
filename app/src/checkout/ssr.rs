//! Placing orders: one transaction that copies prices, titles and the address into the orders,
//! takes the stock and empties the bought lines from the cart.

use crate::cart::ssr::{group, LineRow, LINE_QUERY};
use crate::cart::{Cart, LineProblem};
use crate::coupons::rules;
use crate::coupons::ssr as coupons;
use crate::coupons::{Choices, Quote};
use crate::error::{AppError, Field};
use crate::i18n::Lang;
use crate::ids::OrderId;
use crate::ids::UserId;
use crate::money::Money;
use crate::orders::ssr::SummaryRow;
use crate::orders::{OrderNumber, OrderSummary};
use crate::platform::now;
use rand::Rng;
use sqlx::{SqliteConnection, SqlitePool};

/// A random key for one checkout page (URL-safe, 22 characters).
pub fn new_key() -> String {
    use base64::Engine;
    let bytes: [u8; 16] = rand::thread_rng().gen();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn parse_key(key: &str) -> Result<String, AppError> {
    let key = key.trim();
    let ok = key.len() == 22
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(key.to_string())
    } else {
        Err(AppError::OrderState)
    }
}

/// A new order number no other order has.
async fn fresh_number(conn: &mut SqliteConnection) -> Result<OrderNumber, AppError> {
    loop {
        let n = rand::thread_rng().gen_range(OrderNumber::MIN..=OrderNumber::MAX);
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM orders WHERE number = ?")
            .bind(n)
            .fetch_optional(&mut *conn)
            .await?;
        if taken.is_none() {
            return OrderNumber::new(n).ok_or(AppError::Internal);
        }
    }
}

/// Places the orders of checkout `key`. A second call with the same key changes nothing (the
/// double-clicked "place order").
pub async fn place(
    pool: &SqlitePool,
    user_id: UserId,
    key: &str,
    address_id: i64,
    choices: &Choices,
) -> Result<Placed, AppError> {
    // IMMEDIATE: take the write lock first, so concurrent checkouts run one after another and
    // the stock read below is still true when it is taken.
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let placed: Vec<i64> =
        sqlx::query_scalar("SELECT number FROM orders WHERE user_id = ? AND checkout_key = ?")
            .bind(user_id)
            .bind(key)
            .fetch_all(&mut *tx)
            .await?;
    if !placed.is_empty() {
        return Ok(Placed {
            numbers: placed.into_iter().filter_map(OrderNumber::new).collect(),
            now: false,
        });
    }
    let address = crate::addresses::ssr::get_in(&mut tx, user_id, address_id)
        .await
        .map_err(|e| match e {
            AppError::NotFound => AppError::InvalidChoice(Field::Address),
            other => other,
        })?
        .fields;
    let rows: Vec<LineRow> = sqlx::query_as(LINE_QUERY)
        .bind(user_id)
        .fetch_all(&mut *tx)
        .await?;
    let mut cart = group(rows, Lang::Ru);
    for g in &mut cart.groups {
        g.lines.retain(|l| l.selected);
    }
    cart.groups.retain(|g| !g.lines.is_empty());
    if cart.is_empty() {
        return Err(AppError::CartEmpty);
    }
    if let Some(problem) = cart.lines().find_map(|l| l.problem) {
        return Err(match problem {
            LineProblem::Unavailable => AppError::ProductUnavailable,
            LineProblem::SoldOut => AppError::NotEnoughStock { available: 0 },
            LineProblem::OnlyLeft(n) => AppError::NotEnoughStock {
                available: n as u32,
            },
        });
    }
    let t = now();
    // The coupons, recomputed from the wallet: an explicit choice that no longer applies (or was
    // used by another checkout) refuses the whole checkout before anything is written.
    let held = crate::coupons::ssr::held_in(&mut tx, user_id, t, choices).await?;
    let quote = rules::quote(&held, &groups_of(&cart), choices, t, true)?;
    let mut numbers = Vec::new();
    let mut order_ids = Vec::new();
    for (g, q) in cart.groups.iter().zip(&quote.stores) {
        let number = fresh_number(&mut tx).await?;
        let order_id = crate::orders::state::place_in(
            &mut tx,
            crate::orders::state::NewOrder {
                number: number.get(),
                user_id,
                store_id: crate::ids::StoreId(g.store_id),
                checkout_key: key,
                items_total: g.subtotal(),
                discount: q.discount,
                address: &address,
                at: t,
            },
        )
        .await?;
        order_ids.push(order_id);
        for line in &g.lines {
            let taken = sqlx::query(
                "UPDATE products SET stock = stock - ?, orders_count = orders_count + ?
                 WHERE id = ? AND active = 1 AND stock >= ?",
            )
            .bind(line.quantity as i64)
            .bind(line.quantity as i64)
            .bind(line.product_id)
            .bind(line.quantity as i64)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if taken != 1 {
                return Err(AppError::NotEnoughStock { available: 0 });
            }
            sqlx::query(
                "INSERT INTO order_items (order_id, product_id, title_ru, title_en, unit_price, quantity)
                 SELECT ?, id, title_ru, title_en, ?, ? FROM products WHERE id = ?",
            )
            .bind(order_id)
            .bind(line.unit_price.cents())
            .bind(line.quantity as i64)
            .bind(line.product_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM cart_items WHERE user_id = ? AND product_id = ?")
                .bind(user_id)
                .bind(line.product_id)
                .execute(&mut *tx)
                .await?;
        }
        numbers.push(number);
    }
    use_coupons(&mut tx, user_id, &quote, &order_ids, t).await?;
    tx.commit().await?;
    Ok(Placed { numbers, now: true })
}

/// The orders of a checkout key.
pub struct Placed {
    pub numbers: Vec<OrderNumber>,
    /// Placed by this request; false when the key's orders already existed (a form sent twice,
    /// a retry after a lost answer), so nothing is told twice.
    pub now: bool,
}

/// The basket as coupons see it: each store's items total.
pub fn groups_of(cart: &Cart) -> Vec<rules::Group> {
    cart.groups
        .iter()
        .map(|g| rules::Group {
            store_id: crate::ids::StoreId(g.store_id),
            store_name: g.store_name.clone(),
            subtotal: g.subtotal(),
        })
        .collect()
}

/// Marks the quote's coupons used by the new orders (`order_ids`, in the quote's store order):
/// each store coupon by its order, the platform coupon by every order with its share.
async fn use_coupons(
    conn: &mut SqliteConnection,
    user_id: UserId,
    quote: &Quote,
    order_ids: &[OrderId],
    at: i64,
) -> Result<(), AppError> {
    let mut platform_shares = Vec::new();
    for (s, order) in quote.stores.iter().zip(order_ids) {
        let store_part = s
            .chosen
            .and_then(|id| s.options.iter().find(|c| c.id == id))
            .and_then(|c| c.result.ok())
            .unwrap_or(Money(0));
        if let Some(id) = s.chosen {
            coupons::use_in(conn, user_id, id, &[(*order, store_part)], at).await?;
        }
        platform_shares.push((*order, Money(s.discount.cents() - store_part.cents())));
    }
    if let Some(id) = quote.platform_chosen {
        coupons::use_in(conn, user_id, id, &platform_shares, at).await?;
    }
    Ok(())
}

pub async fn orders_of(
    pool: &SqlitePool,
    lang: Lang,
    user_id: UserId,
    key: &str,
) -> Result<Vec<OrderSummary>, AppError> {
    let sql = format!(
        "SELECT {} FROM orders o JOIN stores s ON s.id = o.store_id JOIN users u ON u.id = o.user_id
         WHERE o.user_id = ? AND o.checkout_key = ? ORDER BY o.id",
        crate::orders::ssr::SUMMARY_COLUMNS
    );
    let rows = sqlx::query_as::<_, SummaryRow>(&sql)
        .bind(user_id)
        .bind(key)
        .fetch_all(pool)
        .await?;
    if rows.is_empty() {
        return Err(AppError::NotFound);
    }
    rows.into_iter().map(|r| r.summary(lang)).collect()
}
