//! Demo data for `KABINET_DEMO=1`: seeded once, into an empty database only. The accounts are
//! listed in the README. Seed rows are written directly, except orders: those in a past state
//! are written by their owner (`orders::state::past`); the running app changes every state only
//! through its owner.

pub mod catalog;
mod coupons;
mod messages;
mod reviews;
mod words;

use crate::auth::ssr::hash_password;
use crate::club::ssr as club;
use crate::error::AppError;
use crate::ids::{OrderId, UserId};
use crate::orders::state::past;
use crate::orders::{OrderStatus, TrackingKind};
use crate::platform::{now, AppState};
use crate::zone::Zone;
use sqlx::SqlitePool;

/// The demo shopper.
pub const DEMO_EMAIL: &str = "demo@kabinet.local";
pub const DEMO_MEMBER_ID: i64 = 100_000_001;
pub const DEMO_PASSWORD: &str = "demo-pass-2026";
/// Store owners: `seller1@kabinet.local` … `seller40@kabinet.local`, one password.
pub const SELLER_PASSWORD: &str = "seller-pass-2026";
pub const SELLERS: i64 = 40;
/// The platform's moderator (`/admin`).
pub const MODERATOR_EMAIL: &str = "moderator@kabinet.local";
pub const MODERATOR_PASSWORD: &str = "moderator-pass-2026";

pub async fn seed(state: &AppState) -> Result<(), AppError> {
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&state.pool)
        .await?;
    if users > 0 {
        return Ok(());
    }
    let started = std::time::Instant::now();
    let pool = &state.pool;
    let demo_hash = hash_password(state, DEMO_PASSWORD.to_string()).await?;
    let shopper = insert_user(pool, DEMO_MEMBER_ID, "Юлия", DEMO_EMAIL, &demo_hash).await?;
    // One hash for every demo seller: they share the password, and 40 hashes would be slow.
    let seller_hash = hash_password(state, SELLER_PASSWORD.to_string()).await?;
    let mut owners = Vec::new();
    for i in 1..=SELLERS {
        let email = format!("seller{i}@kabinet.local");
        let name = format!("Продавец {i}");
        owners.push(insert_user(pool, 200_000_000 + i, &name, &email, &seller_hash).await?);
    }
    let moderator_hash = hash_password(state, MODERATOR_PASSWORD.to_string()).await?;
    let moderator = insert_user(
        pool,
        900_000_001,
        "Модератор",
        MODERATOR_EMAIL,
        &moderator_hash,
    )
    .await?;
    crate::auth::staff::set_role(
        pool,
        crate::ids::UserId(moderator),
        crate::auth::staff::Role::Moderator,
    )
    .await?;
    catalog::generate(pool, state.config.demo_scale, &owners).await?;
    history(pool, shopper).await?;
    coupons::seed(pool, shopper).await?;
    reviews::seed(pool, shopper, &seller_hash).await?;
    let bulk = state.config.demo_conversations as i64;
    messages::seed(pool, shopper, &owners, bulk).await?;
    if state.config.demo_orders > 0 {
        bulk_orders(pool, shopper, owners[0], state.config.demo_orders).await?;
    }
    tracing::info!(
        "demo data seeded in {:?}: {DEMO_EMAIL} / member ID {DEMO_MEMBER_ID}; sellers seller1..{SELLERS}@kabinet.local",
        started.elapsed()
    );
    Ok(())
}

async fn insert_user(
    pool: &SqlitePool,
    member_id: i64,
    name: &str,
    email: &str,
    hash: &str,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO users (member_id, name, email, password_hash, lang, email_confirmed_at, created_at)
         VALUES (?, ?, ?, ?, 'ru', ?, ?) RETURNING id",
    )
    .bind(member_id)
    .bind(name)
    .bind(email)
    .bind(hash)
    .bind(now())
    .bind(now())
    .fetch_one(pool)
    .await?)
}

/// The demo shopper's addresses and orders in every state, from the first two stores (whose
/// owners are seller1 and seller2).
async fn history(pool: &SqlitePool, user_id: i64) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    for (default, city, street, postcode) in [
        (1, "Москва", "ул. Тверская, д. 7", "125009"),
        (0, "Санкт-Петербург", "Невский пр., д. 28", "191186"),
    ] {
        sqlx::query(
            "INSERT INTO addresses (user_id, recipient, country, region, city, street, flat,
                    postcode, phone, is_default, created_at)
             VALUES (?, 'Юлия Иванова', 'RU', ?, ?, ?, '12', ?, '+79001234567', ?, ?)",
        )
        .bind(user_id)
        .bind(city)
        .bind(city)
        .bind(street)
        .bind(postcode)
        .bind(default)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    }
    let day = 86_400;
    let t = now();
    // Two orders in every state over the last two weeks, and before them a year of received
    // orders: the club level above 1, and reviews whose 30 days have passed.
    let mut plan: Vec<(i64, OrderStatus, i64)> = OrderStatus::ALL
        .iter()
        .cycle()
        .take(14)
        .enumerate()
        .map(|(k, s)| (k as i64, *s, t - (k as i64 + 1) * day))
        .collect();
    plan.extend((0..8).map(|j| (14 + j, OrderStatus::Completed, t - (40 + 40 * j) * day)));
    for (k, status, created) in plan {
        let status = &status;
        let store_id = k % 2 + 1;
        let (product_id, price): (i64, i64) = sqlx::query_as(
            "SELECT id, effective_price FROM products WHERE store_id = ? ORDER BY id LIMIT 1 OFFSET ?",
        )
        .bind(store_id)
        .bind(k / 2)
        .fetch_one(&mut *tx)
        .await?;
        let qty = k % 3 + 1;
        // Recent deliveries stay inside the 15-day protection period.
        let paid = (!matches!(
            status,
            OrderStatus::AwaitingPayment | OrderStatus::Cancelled
        ))
        .then_some(created + 3600);
        let shipped = matches!(
            status,
            OrderStatus::Shipped
                | OrderStatus::Delivered
                | OrderStatus::Completed
                | OrderStatus::Closed
        )
        .then_some(created + day);
        let delivered = matches!(
            status,
            OrderStatus::Delivered | OrderStatus::Completed | OrderStatus::Closed
        )
        .then_some(created + 2 * day);
        // Recent unpaid orders, so the background task does not cancel them at once.
        let created = if *status == OrderStatus::AwaitingPayment {
            t - 3600 * (k + 1)
        } else {
            created
        };
        let order_id = past::insert_past_in(
            &mut tx,
            &past::PastOrder {
                number: 5_100_000_000_000_000 + k * 7_919_007,
                user_id,
                store_id,
                key: format!("demo-{k}"),
                status: *status,
                total: price * qty,
                tracking: shipped.map(|_| format!("RR{:09}RU", 100_000 + k)),
                created,
                paid,
                shipped,
                delivered,
            },
        )
        .await?;
        if *status != OrderStatus::Cancelled {
            // As a real order would have: the stock is taken (and given back if it cancels).
            sqlx::query("UPDATE products SET stock = MAX(0, stock - ?) WHERE id = ?")
                .bind(qty)
                .bind(product_id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO order_items (order_id, product_id, title_ru, title_en, unit_price, quantity)
             SELECT ?, id, title_ru, title_en, ?, ? FROM products WHERE id = ?",
        )
        .bind(order_id)
        .bind(price)
        .bind(qty)
        .bind(product_id)
        .execute(&mut *tx)
        .await?;
        // A paid order has its payment, so a dispute or a cancellation can refund it.
        if let Some(at) = paid {
            sqlx::query(
                "INSERT INTO payments (order_id, amount, method, created_at) VALUES (?, ?, 'card', ?)",
            )
            .bind(order_id)
            .bind(price * qty)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            // The club counts the day of the purchase and, once received, the order.
            let (user, order) = (UserId(user_id), OrderId(order_id));
            club::order_paid_in(&mut tx, user, order, at, Zone::MOSCOW).await?;
            if *status == OrderStatus::Completed {
                club::order_completed_in(&mut tx, order, created + 4 * day).await?;
            }
        }
        let mut events = vec![];
        if let Some(s) = shipped {
            events.push((TrackingKind::HandedToCarrier, s));
            events.push((TrackingKind::InTransit, s + day / 2));
        }
        if let Some(d) = delivered {
            events.push((TrackingKind::AtPickupPoint, d - 3600));
            events.push((TrackingKind::Delivered, d));
        }
        for (kind, at) in events {
            sqlx::query("INSERT INTO tracking_events (order_id, kind, note, created_at) VALUES (?, ?, '', ?)")
                .bind(order_id)
                .bind(kind.code())
                .bind(at)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// `count` orders for benchmarks, written by two set-based statements: every hundredth belongs to
/// the demo shopper, the rest to the 40 sellers as buyers; one item each. None is unpaid or
/// delivered, so the background task leaves them alone.
async fn bulk_orders(
    pool: &SqlitePool,
    shopper: i64,
    first_seller: i64,
    count: u32,
) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    past::insert_bulk_in(&mut tx, shopper, first_seller, count).await?;
    // The demo shopper's points history grows with the orders: one row per bulk order of theirs.
    club::insert_bulk_history_in(&mut tx, UserId(shopper), count / 100, now()).await?;
    sqlx::query(
        "INSERT INTO order_items (order_id, product_id, title_ru, title_en, unit_price, quantity)
         SELECT o.id, p.id, p.title_ru, p.title_en, 1000, 1
         FROM orders o JOIN products p ON p.id = 1 + o.id % 2000
         WHERE o.number >= 2000000000000000",
    )
    .execute(&mut *tx)
    .await?;
    // Product 1 was bought in 1,000 of the completed orders, and each has a review: the product
    // page's bench row (`bench::market`).
    sqlx::query(
        "UPDATE order_items SET product_id = 1,
                title_ru = (SELECT title_ru FROM products WHERE id = 1),
                title_en = (SELECT title_en FROM products WHERE id = 1)
         WHERE id IN (SELECT i.id FROM order_items i JOIN orders o ON o.id = i.order_id
                      WHERE o.number >= 2000000000000000 AND o.status = ? AND o.user_id <> ?
                      ORDER BY i.id LIMIT 1000)",
    )
    .bind(OrderStatus::Completed)
    .bind(shopper)
    .execute(&mut *tx)
    .await?;
    crate::reviews::ssr::insert_bulk_in(&mut tx, 1, OrderStatus::Completed, now()).await?;
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(pool).await?;
    Ok(())
}
