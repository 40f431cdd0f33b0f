//! Every write to coupons and wallets: claiming (by button or code), use at checkout and the
//! return on cancellation, the store's own coupons, and the "expires soon" notices.

use super::*;
use crate::messages::ssr::{notice_in, Notice};
use crate::messages::NoticeKind;

/// Failed and successful code entries one shopper may make in an hour (guessing is throttled).
pub const CODE_ENTRIES_PER_HOUR: u32 = 20;

#[derive(sqlx::FromRow)]
struct ClaimRow {
    ends_at: i64,
    ended_at: Option<i64>,
    quantity: Option<i64>,
    claimed: i64,
    per_shopper: i64,
    condition: Option<Condition>,
    level: Option<i64>,
    mine: i64,
}

/// Puts coupon `id` in the shopper's wallet: one `BEGIN IMMEDIATE` transaction that checks the
/// window, the shopper's limit, the condition and the quantity left, and takes one. Under any
/// concurrency exactly `quantity` claims succeed. A coupon that has not started yet may be
/// claimed: it waits in the wallet's "upcoming" tab.
pub async fn claim(
    pool: &SqlitePool,
    user: UserId,
    id: CouponId,
    now: i64,
) -> Result<HeldId, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row: ClaimRow = sqlx::query_as(
        "SELECT ends_at, ended_at, quantity, claimed, per_shopper, condition, level,
                (SELECT COUNT(*) FROM user_coupons WHERE user_id = ?2 AND coupon_id = ?1) AS mine
         FROM coupons WHERE id = ?1",
    )
    .bind(id)
    .bind(user)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if row.ended_at.is_some() || now >= row.ends_at {
        return Err(AppError::CouponClosed);
    }
    if row.mine >= row.per_shopper {
        return Err(AppError::CouponLimit {
            max: row.per_shopper as u32,
        });
    }
    match row.condition {
        Some(Condition::NewShopper) => {
            let bought: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM orders o JOIN payments p ON p.order_id = o.id
                                WHERE o.user_id = ?)",
            )
            .bind(user)
            .fetch_one(&mut *tx)
            .await?;
            if bought {
                return Err(AppError::CouponCondition);
            }
        }
        Some(Condition::ClubLevel) => {
            let level = crate::club::ssr::level_in(&mut tx, user, now).await?;
            if (level.get() as i64) < row.level.unwrap_or(1) {
                return Err(AppError::CouponCondition);
            }
        }
        None => {}
    }
    if row.quantity.is_some_and(|q| row.claimed >= q) {
        return Err(AppError::CouponGone);
    }
    // The guard again in the write itself: the count cannot pass the quantity.
    let taken = sqlx::query(
        "UPDATE coupons SET claimed = claimed + 1
         WHERE id = ? AND (quantity IS NULL OR claimed < quantity)",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if taken != 1 {
        return Err(AppError::CouponGone);
    }
    let held = sqlx::query_scalar(
        "INSERT INTO user_coupons (user_id, coupon_id, state, claimed_at) VALUES (?, ?, ?, ?)
         RETURNING id",
    )
    .bind(user)
    .bind(id)
    .bind(Use::Held)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(held)
}

/// A code as shoppers type it: letters and digits, any case, spaces and dashes ignored.
pub fn normalise_code(raw: &str) -> Result<String, AppError> {
    let code: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.is_empty() || code.len() > 32 || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(AppError::CouponCode);
    }
    Ok(code)
}

/// Claims the coupon with this code (public or not). Every entry counts against
/// [`CODE_ENTRIES_PER_HOUR`], so codes cannot be guessed by trying.
pub async fn redeem(
    pool: &SqlitePool,
    user: UserId,
    raw: &str,
    now: i64,
) -> Result<HeldId, AppError> {
    let key = user.to_string();
    if !crate::auth::limits::take(pool, "coupon_code", &key, CODE_ENTRIES_PER_HOUR).await? {
        tracing::warn!(user = %user, "coupon code entries over the hourly limit");
        return Err(AppError::TooManyCodeEntries);
    }
    let code = normalise_code(raw)?;
    let id: CouponId = sqlx::query_scalar("SELECT id FROM coupons WHERE code = ?")
        .bind(&code)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::CouponCode)?;
    claim(pool, user, id, now).await
}

/// Marks `held` used by the orders in `shares` (order, amount) inside checkout's transaction.
/// [`AppError::CouponUsed`] if it was used meanwhile (the other checkout won).
pub async fn use_in(
    conn: &mut SqliteConnection,
    user: UserId,
    held: HeldId,
    shares: &[(OrderId, Money)],
    now: i64,
) -> Result<(), AppError> {
    let moved = sqlx::query(
        "UPDATE user_coupons SET state = ?, used_at = ? WHERE id = ? AND user_id = ? AND state = ?",
    )
    .bind(Use::Used)
    .bind(now)
    .bind(held)
    .bind(user)
    .bind(Use::Held)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if moved != 1 {
        return Err(AppError::CouponUsed);
    }
    for (order, amount) in shares {
        sqlx::query(
            "INSERT INTO order_coupons (order_id, user_coupon_id, amount) VALUES (?, ?, ?)",
        )
        .bind(order)
        .bind(held)
        .bind(amount.cents())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Order `order` was cancelled (inside `orders::state::cancel_in`): its coupons go back to the
/// wallet once every order they went to is cancelled, if their window has not ended. A coupon
/// that has expired stays used (on the cancelled order). Returns how many came back.
pub async fn release_in(
    conn: &mut SqliteConnection,
    order: OrderId,
    now: i64,
) -> Result<u64, AppError> {
    sqlx::query("UPDATE order_coupons SET released = 1 WHERE order_id = ?")
        .bind(order)
        .execute(&mut *conn)
        .await?;
    Ok(sqlx::query(
        "UPDATE user_coupons SET state = ?1, used_at = NULL
         WHERE state = ?2
           AND id IN (SELECT user_coupon_id FROM order_coupons WHERE order_id = ?3)
           AND NOT EXISTS (SELECT 1 FROM order_coupons oc
                           WHERE oc.user_coupon_id = user_coupons.id AND oc.released = 0)
           AND (SELECT ends_at FROM coupons c WHERE c.id = user_coupons.coupon_id) > ?4",
    )
    .bind(Use::Held)
    .bind(Use::Used)
    .bind(order)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected())
}

/// Sends the "expires soon" notice for held coupons ending within [`EXPIRING_DAYS`] (the job),
/// once per wallet row. Returns how many were sent.
pub async fn warn_expiring(pool: &SqlitePool, now: i64) -> Result<u32, AppError> {
    let due: Vec<(HeldId, UserId, i64, i64, Option<i64>, i64)> = sqlx::query_as(
        "SELECT uc.id, uc.user_id, c.ends_at, c.discount, c.percent, c.min_order
             FROM user_coupons uc JOIN coupons c ON c.id = uc.coupon_id
             WHERE uc.state = ? AND uc.warned_at IS NULL AND c.starts_at <= ?
               AND c.ends_at > ? AND c.ends_at <= ? LIMIT 500",
    )
    .bind(Use::Held)
    .bind(now)
    .bind(now)
    .bind(now + EXPIRING_DAYS * 86_400)
    .fetch_all(pool)
    .await?;
    let mut sent = 0;
    for (held, user, ends_at, amount, percent, min) in due {
        let terms = Terms::from_columns(amount, percent, min);
        let days = days_left(now, ends_at).unwrap_or(1);
        let notice = Notice {
            kind: NoticeKind::CouponExpiring,
            ru: format!(
                "Купон «{}» истекает через {days} дн. Используйте его при оформлении заказа.",
                terms.describe(Lang::Ru)
            ),
            en: format!(
                "Your coupon \"{}\" expires in {days} day(s). Use it at checkout.",
                terms.describe(Lang::En)
            ),
            link: "/account/coupons?tab=valid".into(),
            dedup: format!("coupon-expiring-{}", held.0),
        };
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        let marked = sqlx::query(
            "UPDATE user_coupons SET warned_at = ? WHERE id = ? AND warned_at IS NULL AND state = ?",
        )
        .bind(now)
        .bind(held)
        .bind(Use::Held)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if marked == 1 && notice_in(&mut tx, user, &notice, now).await? {
            sent += 1;
        }
        tx.commit().await?;
    }
    Ok(sent)
}

/// Demo data only: puts coupon `code` in the wallet whatever its window (an expired coupon
/// cannot be claimed, but the demo shopper's wallet shows every tab).
pub async fn demo_hold_in(
    conn: &mut SqliteConnection,
    user: UserId,
    code: &str,
    at: i64,
) -> Result<HeldId, AppError> {
    sqlx::query("UPDATE coupons SET claimed = claimed + 1 WHERE code = ?")
        .bind(code)
        .execute(&mut *conn)
        .await?;
    Ok(sqlx::query_scalar(
        "INSERT INTO user_coupons (user_id, coupon_id, state, claimed_at)
         SELECT ?, id, ?, ? FROM coupons WHERE code = ? RETURNING id",
    )
    .bind(user)
    .bind(Use::Held)
    .bind(at)
    .bind(code)
    .fetch_one(&mut *conn)
    .await?)
}
