//! Coupons' SQL: the wallet and checkout's reads (here), the offers on store, product and home
//! pages (`offers.rs`), claiming, use at checkout (writes, `write.rs`) and the store's console
//! (`store.rs`). Only `write.rs` writes `user_coupons.state`.

mod offers;
mod store;
mod write;

pub use offers::*;
pub use store::*;
pub use write::*;

use super::model::*;
use super::rules::HeldCoupon;
use crate::domain::OrderNumber;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ids::{OrderId, StoreId, UserId};
use crate::money::Money;
use crate::paging::{offset, page_count};
use sqlx::{SqliteConnection, SqlitePool};

/// Wallet rows per page.
pub const PAGE_SIZE: u32 = 20;

/// The coupon's columns every read shares (`c`: coupons, `s`: its store, if any).
const COUPON_COLUMNS: &str = "c.id AS coupon_id, c.code, c.store_id, s.name AS store_name,
    c.discount, c.percent, c.min_order, c.condition, c.level, c.starts_at, c.ends_at";

#[derive(sqlx::FromRow)]
struct CouponRow {
    coupon_id: i64,
    code: String,
    store_id: Option<StoreId>,
    store_name: Option<String>,
    discount: i64,
    percent: Option<i64>,
    min_order: i64,
    condition: Option<Condition>,
    level: Option<i64>,
    starts_at: i64,
    ends_at: i64,
}

impl CouponRow {
    fn terms(&self) -> Terms {
        Terms::from_columns(self.discount, self.percent, self.min_order)
    }

    fn giver(&self) -> Giver {
        match self.store_id {
            None => Giver::Platform,
            Some(id) => Giver::Store {
                id,
                name: self.store_name.clone().unwrap_or_default(),
            },
        }
    }

    fn special(&self) -> Option<Special> {
        self.condition.map(|condition| Special {
            condition,
            level: self.level.map(|l| l as u32),
        })
    }
}

/// The wallet tab a row is in at `?1` (the clock), as SQL.
const TAB_SQL: &str =
    "CASE WHEN uc.state = 'used' THEN 'used' WHEN ?1 < c.starts_at THEN 'upcoming'
    WHEN ?1 >= c.ends_at THEN 'expired' ELSE 'valid' END";

#[derive(sqlx::FromRow)]
struct WalletRow {
    id: HeldId,
    tab: Tab,
    #[sqlx(flatten)]
    coupon: CouponRow,
}

/// One page of the shopper's wallet in `tab`: what expires first on top (used ones, the latest
/// used first; expired ones, the latest to expire first).
pub async fn wallet(
    pool: &SqlitePool,
    user: UserId,
    tab: Tab,
    page: u32,
    now: i64,
) -> Result<Wallet, AppError> {
    let counted: Vec<(Tab, i64)> = sqlx::query_as(&format!(
        "SELECT tab, COUNT(*) FROM (SELECT {TAB_SQL} AS tab FROM user_coupons uc
         JOIN coupons c ON c.id = uc.coupon_id WHERE uc.user_id = ?2) GROUP BY tab"
    ))
    .bind(now)
    .bind(user)
    .fetch_all(pool)
    .await?;
    let count = |t: Tab| counted.iter().find(|(c, _)| *c == t).map_or(0, |(_, n)| *n);
    let all: i64 = counted.iter().map(|(_, n)| n).sum();
    let counts = Tab::ALL
        .iter()
        .map(|t| (*t, if *t == Tab::All { all } else { count(*t) }))
        .collect();
    let total = if tab == Tab::All { all } else { count(tab) };
    let rows: Vec<WalletRow> = sqlx::query_as(&format!(
        "SELECT * FROM (SELECT uc.id, {TAB_SQL} AS tab, uc.used_at, {COUPON_COLUMNS}
             FROM user_coupons uc JOIN coupons c ON c.id = uc.coupon_id
             LEFT JOIN stores s ON s.id = c.store_id WHERE uc.user_id = ?2)
         WHERE ?3 = 'all' OR tab = ?3
         ORDER BY CASE tab WHEN 'valid' THEN 0 WHEN 'upcoming' THEN 1 WHEN 'used' THEN 2 ELSE 3 END,
                  CASE tab WHEN 'valid' THEN ends_at WHEN 'upcoming' THEN starts_at
                           WHEN 'used' THEN -used_at ELSE -ends_at END, id
         LIMIT ?4 OFFSET ?5"
    ))
    .bind(now)
    .bind(user)
    .bind(tab)
    .bind(PAGE_SIZE)
    .bind(offset(page, PAGE_SIZE))
    .fetch_all(pool)
    .await?;
    let used: Vec<i64> = rows
        .iter()
        .filter(|r| r.tab == Tab::Used)
        .map(|r| r.id.0)
        .collect();
    let orders = orders_of(pool, &used).await?;
    let coupons = rows
        .into_iter()
        .map(|r| WalletCoupon {
            id: r.id,
            code: r.coupon.code.clone(),
            giver: r.coupon.giver(),
            terms: r.coupon.terms(),
            special: r.coupon.special(),
            starts_at: r.coupon.starts_at,
            ends_at: r.coupon.ends_at,
            tab: r.tab,
            orders: orders
                .iter()
                .filter(|(h, _)| *h == r.id.0)
                .filter_map(|(_, n)| OrderNumber::new(*n))
                .collect(),
        })
        .collect();
    Ok(Wallet {
        tab,
        counts,
        coupons,
        page,
        pages: page_count(total, PAGE_SIZE),
        now,
    })
}

/// The orders the used wallet rows `ids` went to (not those that gave them back).
async fn orders_of(pool: &SqlitePool, ids: &[i64]) -> Result<Vec<(i64, i64)>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_as(
        "SELECT oc.user_coupon_id, o.number FROM order_coupons oc JOIN orders o ON o.id = oc.order_id
         WHERE oc.user_coupon_id IN (SELECT value FROM json_each(?)) AND oc.released = 0
         ORDER BY o.number",
    )
    .bind(serde_json::to_string(ids).unwrap_or_else(|_| "[]".into()))
    .fetch_all(pool)
    .await?)
}

/// The account home's line: valid coupons, and how many of them end within
/// [`EXPIRING_DAYS`].
pub async fn summary(pool: &SqlitePool, user: UserId, now: i64) -> Result<(i64, i64), AppError> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(c.ends_at <= ?2), 0) FROM user_coupons uc
         JOIN coupons c ON c.id = uc.coupon_id
         WHERE uc.user_id = ?1 AND uc.state = 'held' AND c.starts_at <= ?3 AND c.ends_at > ?3",
    )
    .bind(user)
    .bind(now + EXPIRING_DAYS * 86_400)
    .bind(now)
    .fetch_one(pool)
    .await?)
}

#[derive(sqlx::FromRow)]
struct HeldRow {
    id: HeldId,
    store_id: Option<StoreId>,
    discount: i64,
    percent: Option<i64>,
    min_order: i64,
    starts_at: i64,
    ends_at: i64,
    state: Use,
}

/// The shopper's coupons that checkout weighs: unused ones not yet expired, and those `chosen`
/// whatever their state, so that a coupon used meanwhile is refused as "used" (the race for one
/// is settled by [`use_in`]).
pub async fn held_in(
    conn: &mut SqliteConnection,
    user: UserId,
    now: i64,
    chosen: &Choices,
) -> Result<Vec<HeldCoupon>, AppError> {
    let also: Vec<i64> = chosen
        .stores
        .iter()
        .filter_map(|(_, h)| *h)
        .chain(chosen.platform.flatten())
        .map(|h| h.0)
        .collect();
    // The chosen ids are bound as one JSON array, so the statement is the same text each time.
    let rows: Vec<HeldRow> = sqlx::query_as(
        "SELECT uc.id, c.store_id, c.discount, c.percent, c.min_order, c.starts_at, c.ends_at,
                uc.state
         FROM user_coupons uc JOIN coupons c ON c.id = uc.coupon_id
         WHERE uc.user_id = ? AND ((uc.state = ? AND c.ends_at > ?)
               OR uc.id IN (SELECT value FROM json_each(?)))",
    )
    .bind(user)
    .bind(Use::Held)
    .bind(now)
    .bind(serde_json::to_string(&also).unwrap_or_else(|_| "[]".into()))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| HeldCoupon {
            id: r.id,
            store_id: r.store_id,
            terms: Terms::from_columns(r.discount, r.percent, r.min_order),
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            used: r.state == Use::Used,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct OrderCouponRow {
    store_id: Option<i64>,
    discount: i64,
    percent: Option<i64>,
    min_order: i64,
    amount: i64,
}

/// What an order got from coupons, for its page: (description, amount), the store's first.
pub async fn order_discounts(
    pool: &SqlitePool,
    lang: Lang,
    order: OrderId,
) -> Result<Vec<(String, Money)>, AppError> {
    let rows: Vec<OrderCouponRow> = sqlx::query_as(
        "SELECT c.store_id, c.discount, c.percent, c.min_order, oc.amount
         FROM order_coupons oc JOIN user_coupons uc ON uc.id = oc.user_coupon_id
         JOIN coupons c ON c.id = uc.coupon_id
         WHERE oc.order_id = ? ORDER BY c.store_id IS NULL, uc.id",
    )
    .bind(order)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let terms = Terms::from_columns(r.discount, r.percent, r.min_order);
            let who = match r.store_id {
                Some(_) => lang.pick("Купон магазина", "Store coupon"),
                None => lang.pick("Купон Kabinet", "Kabinet coupon"),
            };
            (format!("{who}: {}", terms.describe(lang)), Money(r.amount))
        })
        .collect())
}
