//! A store's own coupons: creating one (its followers who want promotions are told by e-mail),
//! ending one, and the console's list.

use super::*;
use crate::notify::{ssr::send_to, MailKind};
use crate::platform::AppState;

/// A store's new coupon, as parsed from the console's form.
#[derive(Clone, Debug)]
pub struct NewCoupon {
    pub terms: Terms,
    pub starts_at: i64,
    pub ends_at: i64,
    pub quantity: Option<i64>,
    pub per_shopper: i64,
}

/// A code for a store's coupon no other coupon has.
async fn fresh_code(conn: &mut SqliteConnection, store: StoreId) -> Result<String, AppError> {
    use rand::Rng;
    loop {
        let n: u32 = rand::thread_rng().gen_range(100_000..1_000_000);
        let code = format!("S{}C{n}", store.get());
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM coupons WHERE code = ?")
            .bind(&code)
            .fetch_optional(&mut *conn)
            .await?;
        if taken.is_none() {
            return Ok(code);
        }
    }
}

/// Creates a coupon of `store` (public: shown on its pages), then tells the store's followers
/// (in the background: a store may have many).
pub async fn create(
    state: &AppState,
    store: StoreId,
    c: &NewCoupon,
    now: i64,
) -> Result<CouponId, AppError> {
    let mut tx = state.pool.begin_with("BEGIN IMMEDIATE").await?;
    let code = fresh_code(&mut tx, store).await?;
    let id = sqlx::query_scalar(
        "INSERT INTO coupons (store_id, code, title_ru, title_en, discount, percent, min_order,
                starts_at, ends_at, quantity, per_shopper, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(store)
    .bind(&code)
    .bind(c.terms.describe(Lang::Ru))
    .bind(c.terms.describe(Lang::En))
    .bind(c.terms.amount.cents())
    .bind(c.terms.percent.map(|p| p as i64))
    .bind(c.terms.min_order.cents())
    .bind(c.starts_at)
    .bind(c.ends_at)
    .bind(c.quantity)
    .bind(c.per_shopper)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = announce(&state, store, id).await {
            tracing::warn!(?id, error = ?e, "new-coupon e-mails not all sent");
        }
    });
    Ok(id)
}

/// Followers told about a new coupon per batch read.
const ANNOUNCE_BATCH: i64 = 500;

/// Tells every follower of `store` about its new coupon `id`: a "promotions" e-mail through
/// `notify`, so each is logged and skipped for a shopper who switched promotions off. Walks
/// the followers by id (index `store_follows_by_store`), a batch at a time.
pub async fn announce(state: &AppState, store: StoreId, id: CouponId) -> Result<u32, AppError> {
    let (name, ru, en): (String, String, String) = sqlx::query_as(
        "SELECT s.name, c.title_ru, c.title_en FROM coupons c JOIN stores s ON s.id = c.store_id
         WHERE c.id = ? AND c.store_id = ?",
    )
    .bind(id)
    .bind(store)
    .fetch_one(&state.pool)
    .await?;
    let link = format!("{}/store/{store}", state.config.public_url);
    let (mut after, mut told) = (0_i64, 0);
    loop {
        let batch: Vec<UserId> = sqlx::query_scalar(
            "SELECT user_id FROM store_follows WHERE store_id = ? AND user_id > ?
             ORDER BY user_id LIMIT ?",
        )
        .bind(store)
        .bind(after)
        .bind(ANNOUNCE_BATCH)
        .fetch_all(&state.pool)
        .await?;
        let Some(last) = batch.last() else {
            return Ok(told);
        };
        after = last.get();
        for user in batch {
            send_to(state, user, MailKind::Promotions, |lang| match lang {
                Lang::Ru => (
                    format!("Новый купон от магазина «{name}» — Kabinet"),
                    format!("Здравствуйте!\n\nМагазин «{name}», на который вы подписаны, выпустил купон: {ru}.\nПолучить его: {link}\n"),
                ),
                Lang::En => (
                    format!("A new coupon from {name} — Kabinet"),
                    format!("Hello!\n\n{name}, a store you follow, has a new coupon: {en}.\nGet it: {link}\n"),
                ),
            })
            .await;
            told += 1;
        }
    }
}

/// Ends one of the store's own coupons: no more claims (another store's is "not found").
pub async fn end(
    pool: &SqlitePool,
    store: StoreId,
    id: CouponId,
    now: i64,
) -> Result<(), AppError> {
    let ended = sqlx::query(
        "UPDATE coupons SET ended_at = ? WHERE id = ? AND store_id = ? AND ended_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(store)
    .execute(pool)
    .await?
    .rows_affected();
    if ended == 1 {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

#[derive(sqlx::FromRow)]
struct StoreCouponRow {
    id: CouponId,
    code: String,
    discount: i64,
    percent: Option<i64>,
    min_order: i64,
    starts_at: i64,
    ends_at: i64,
    quantity: Option<i64>,
    claimed: i64,
    ended_at: Option<i64>,
    used: i64,
}

/// The store's coupons for its console, with their claimed and used counts: those still given
/// out first, the latest to end first.
pub async fn of_store(
    pool: &SqlitePool,
    store: StoreId,
) -> Result<Vec<crate::coupons::StoreCoupon>, AppError> {
    let rows: Vec<StoreCouponRow> = sqlx::query_as(
        "SELECT c.id, c.code, c.discount, c.percent, c.min_order, c.starts_at, c.ends_at,
                c.quantity, c.claimed, c.ended_at,
                (SELECT COUNT(*) FROM user_coupons uc WHERE uc.coupon_id = c.id AND uc.state = ?) AS used
         FROM coupons c WHERE c.store_id = ?
         ORDER BY c.ended_at IS NOT NULL, c.ends_at DESC, c.id DESC LIMIT 200",
    )
    .bind(Use::Used)
    .bind(store)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| crate::coupons::StoreCoupon {
            id: r.id,
            code: r.code,
            terms: Terms::from_columns(r.discount, r.percent, r.min_order),
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            quantity: r.quantity,
            claimed: r.claimed,
            used: r.used,
            ended: r.ended_at.is_some(),
        })
        .collect())
}
