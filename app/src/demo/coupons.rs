//! The demo shopper's coupons: some in every wallet tab (one expiring within three days, one used
//! on a past order), and the platform's special and limited coupons.

use crate::coupons::ssr as coupons;
use crate::coupons::Condition;
use crate::giftcards::ssr as giftcards;

/// The demo shopper's redeemed gift card, and one nobody has redeemed yet (in the README).
pub const GIFT_CARD: &str = "KABINET-GIFT-2026";
pub const SPARE_GIFT_CARD: &str = "GIFT-DEMO-0025";
/// `GIFT-SPARE-0001` … `GIFT-SPARE-0020`, $25 each.
pub const SPARE_CARDS: u32 = 20;
use crate::error::AppError;
use crate::ids::{OrderId, UserId};
use crate::money::Money;
use crate::orders::state::past;
use crate::orders::OrderStatus;
use crate::platform::now;
use sqlx::SqlitePool;

/// A platform coupon beyond the catalogue's own.
#[derive(Clone, Copy)]
struct Extra {
    code: &'static str,
    percent: Option<i64>,
    amount: i64,
    min: i64,
    days: i64,
    quantity: Option<i64>,
    condition: Option<Condition>,
    level: Option<i64>,
    public: i64,
}

pub async fn seed(pool: &SqlitePool, shopper: i64) -> Result<(), AppError> {
    let t = now();
    let day = 86_400;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let plain = Extra {
        code: "",
        percent: None,
        amount: 0,
        min: 0,
        days: 30,
        quantity: None,
        condition: None,
        level: None,
        public: 1,
    };
    let extra = [
        // 10 % off from $20, up to $15.
        Extra {
            code: "SALE10",
            percent: Some(10),
            amount: 1_500,
            min: 2_000,
            ..plain
        },
        // For club members from level 3.
        Extra {
            code: "CLUB3",
            amount: 700,
            min: 3_000,
            days: 60,
            condition: Some(Condition::ClubLevel),
            level: Some(3),
            ..plain
        },
        // Only a hundred of them.
        Extra {
            code: "FIRST100",
            amount: 400,
            min: 1_500,
            days: 14,
            quantity: Some(100),
            ..plain
        },
        // Not shown anywhere: only by its code (README).
        Extra {
            code: "WELCOME7",
            amount: 700,
            min: 3_500,
            days: 90,
            public: 0,
            ..plain
        },
    ];
    for Extra {
        code,
        percent,
        amount,
        min,
        days,
        quantity,
        condition,
        level,
        public,
    } in extra
    {
        let (starts, ends) = (t - day, t + days * day);
        sqlx::query(
            "INSERT INTO coupons (store_id, code, title_ru, title_en, discount, percent, min_order,
                    starts_at, ends_at, quantity, condition, level, public, created_at)
             VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(code)
        .bind(code)
        .bind(code)
        .bind(amount)
        .bind(percent)
        .bind(min)
        .bind(starts)
        .bind(ends)
        .bind(quantity)
        .bind(condition)
        .bind(level)
        .bind(public)
        .bind(t)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE coupons SET condition = ? WHERE code = 'NEWBUYER'")
        .bind(Condition::NewShopper)
        .execute(&mut *tx)
        .await?;
    let user = UserId(shopper);
    // Valid (KABINET15 ends within two days), upcoming, expired.
    for code in ["KABINET5", "KABINET15", "SALE10", "WINTER30", "AUTUMN10"] {
        coupons::demo_hold_in(&mut tx, user, code, t - 2 * day).await?;
    }
    // Used: NEWBUYER on the newest completed order.
    let order: Option<OrderId> = sqlx::query_scalar(
        "SELECT id FROM orders WHERE user_id = ? AND status = ? ORDER BY created_at DESC LIMIT 1",
    )
    .bind(user)
    .bind(OrderStatus::Completed)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(order) = order {
        let held = coupons::demo_hold_in(&mut tx, user, "NEWBUYER", t - 30 * day).await?;
        past::discount_demo_in(&mut tx, order, Money(300)).await?;
        coupons::use_in(&mut tx, user, held, &[(order, Money(300))], t - 20 * day).await?;
    }
    // Gift cards: one redeemed, with part of it spent on that order; one to try (README).
    let year = t + 365 * day;
    giftcards::issue_in(&mut tx, GIFT_CARD, Money(5_000), year, t - 40 * day).await?;
    giftcards::issue_in(&mut tx, SPARE_GIFT_CARD, Money(2_500), year, t).await?;
    // Twenty more, for people (and browser tests) trying the flow: each can be redeemed once.
    for n in 1..=SPARE_CARDS {
        let code = format!("GIFT-SPARE-{n:04}");
        giftcards::issue_in(&mut tx, &code, Money(2_500), year, t).await?;
    }
    giftcards::redeem_in(&mut tx, user, GIFT_CARD, t - 30 * day).await?;
    if let Some(order) = order {
        past::gift_demo_in(&mut tx, order, Money(1_234)).await?;
        giftcards::spend_in(&mut tx, user, order, Money(1_234), t - 20 * day).await?;
    }
    tx.commit().await?;
    Ok(())
}
