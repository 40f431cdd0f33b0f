//! Demo reviews: the demo shopper's in every state (one awaiting, one editable with a
//! follow-up, two past their 30 days, one of them edited and answered by the store), and other
//! demo shoppers' reviews on the first products of the first two stores. Orders are written by
//! their owner (`orders::state::past`), reviews through `reviews::ssr` as the app writes them
//! (so the product ratings and the club points follow), at the dates they would have had.

use crate::error::AppError;
use crate::ids::{ReviewId, StoreId, UserId};
use crate::orders::state::past;
use crate::orders::OrderStatus;
use crate::platform::now;
use crate::reviews::ssr as reviews;
use sqlx::SqlitePool;

const DAY: i64 = 86_400;

/// Other shoppers who reviewed products: name, whether they show it.
const REVIEWERS: &[(&str, bool)] = &[
    ("Анна", true),
    ("Борис", false),
    ("Вера", true),
    ("Григорий", false),
    ("Дарья", true),
    ("Егор", true),
];

const TEXTS: &[(u8, &str)] = &[
    (
        5,
        "Отличный товар, пришёл быстро, упаковано надёжно. Рекомендую.",
    ),
    (
        4,
        "Хорошее качество за свои деньги. Доставка чуть задержалась.",
    ),
    (5, "Пользуюсь неделю — всё работает, как в описании."),
    (
        3,
        "Нормально, но ожидала большего: цвет немного отличается от фото.",
    ),
    (2, "Пришёл с небольшим дефектом, магазин предложил скидку."),
    (5, "Брала в подарок — все довольны!"),
];

/// A completed order of one product, placed `days_ago` days ago: its line's id.
async fn completed_order(
    pool: &SqlitePool,
    user_id: i64,
    store_id: i64,
    product_id: i64,
    number: i64,
    days_ago: i64,
) -> Result<i64, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let price: i64 = sqlx::query_scalar("SELECT effective_price FROM products WHERE id = ?")
        .bind(product_id)
        .fetch_one(&mut *tx)
        .await?;
    let created = now() - days_ago * DAY;
    let order_id = past::insert_past_in(
        &mut tx,
        &past::PastOrder {
            number,
            user_id,
            store_id,
            key: format!("demo-review-{number}"),
            status: OrderStatus::Completed,
            total: price,
            tracking: Some(format!("RR{:09}RU", number % 1_000_000_000)),
            created,
            paid: Some(created + 3600),
            shipped: Some(created + DAY),
            delivered: Some(created + 2 * DAY),
        },
    )
    .await?;
    sqlx::query(
        "INSERT INTO payments (order_id, amount, method, created_at) VALUES (?, ?, 'card', ?)",
    )
    .bind(order_id)
    .bind(price)
    .bind(created + 3600)
    .execute(&mut *tx)
    .await?;
    let line: i64 = sqlx::query_scalar(
        "INSERT INTO order_items (order_id, product_id, title_ru, title_en, unit_price, quantity)
         SELECT ?, id, title_ru, title_en, ?, 1 FROM products WHERE id = ? RETURNING id",
    )
    .bind(order_id)
    .bind(price)
    .bind(product_id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(line)
}

/// When the order of `line` was received.
async fn received_at(pool: &SqlitePool, line: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT o.completed_at FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE oi.id = ?",
    )
    .bind(line)
    .fetch_one(pool)
    .await?)
}

async fn review(
    pool: &SqlitePool,
    user_id: i64,
    line: i64,
    (stars, text): (u8, &str),
    show_name: bool,
    at: i64,
) -> Result<ReviewId, AppError> {
    let new = reviews::NewReview {
        line,
        stars,
        text: text.to_string(),
        show_name,
        photos: vec![],
    };
    reviews::write(pool, UserId(user_id), new, at).await
}

async fn store_of(pool: &SqlitePool, product_id: i64) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT store_id FROM products WHERE id = ?")
            .bind(product_id)
            .fetch_one(pool)
            .await?,
    )
}

pub async fn seed(pool: &SqlitePool, shopper: i64, hash: &str) -> Result<(), AppError> {
    // The demo shopper: the newest received order is reviewed (and still editable), the next one
    // waits for a review.
    let recent: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT oi.id, o.completed_at FROM orders o JOIN order_items oi ON oi.order_id = o.id
         WHERE o.user_id = ? AND o.completed_at IS NOT NULL ORDER BY o.completed_at DESC, oi.id",
    )
    .bind(shopper)
    .fetch_all(pool)
    .await?;
    if let Some((line, at)) = recent.first() {
        let id = review(pool, shopper, *line, TEXTS[1], true, at + 3600).await?;
        reviews::follow_up(
            pool,
            UserId(shopper),
            id,
            "Дополняю: через неделю всё так же хорошо.".into(),
            now(),
        )
        .await?;
    }
    // Two older orders, past their 30 days: one review edited and answered, one as written.
    let (p1, p2): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT id FROM products WHERE store_id = 1 ORDER BY id LIMIT 1 OFFSET 10),
                (SELECT id FROM products WHERE store_id = 2 ORDER BY id LIMIT 1 OFFSET 10)",
    )
    .fetch_one(pool)
    .await?;
    let old = completed_order(pool, shopper, 1, p1, 5_200_000_000_000_001, 60).await?;
    let at = received_at(pool, old).await?;
    let id = review(pool, shopper, old, TEXTS[3], true, at + DAY).await?;
    let edit = reviews::Edit {
        stars: 4,
        text: "Цвет всё-таки отличается, но к нему быстро привыкаешь. Ставлю четыре.".into(),
        show_name: true,
    };
    reviews::edit(pool, UserId(shopper), id, edit, at + 10 * DAY).await?;
    reviews::reply(
        pool,
        StoreId(1),
        id,
        "Спасибо! Уточнили описание цвета на странице товара.".into(),
        at + 11 * DAY,
    )
    .await?;
    let older = completed_order(pool, shopper, 2, p2, 5_200_000_000_000_002, 45).await?;
    let at = received_at(pool, older).await?;
    review(pool, shopper, older, TEXTS[0], false, at + 2 * DAY).await?;

    // Other shoppers' reviews on the first three products of stores 1 and 2.
    let products: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM (SELECT id FROM products WHERE store_id = 1 ORDER BY id LIMIT 3)
         UNION ALL SELECT id FROM (SELECT id FROM products WHERE store_id = 2 ORDER BY id LIMIT 3)",
    )
    .fetch_all(pool)
    .await?;
    for (i, (name, show)) in REVIEWERS.iter().enumerate() {
        let i = i as i64;
        let user_id: i64 = sqlx::query_scalar(
            "INSERT INTO users (member_id, name, email, password_hash, lang, email_confirmed_at, created_at)
             VALUES (?, ?, ?, ?, 'ru', ?, ?) RETURNING id",
        )
        .bind(300_000_001 + i)
        .bind(*name)
        .bind(format!("buyer{}@kabinet.local", i + 1))
        .bind(hash)
        .bind(now())
        .bind(now())
        .fetch_one(pool)
        .await?;
        for (j, product) in products.iter().enumerate() {
            let j = j as i64;
            let store = store_of(pool, *product).await?;
            let number = 5_300_000_000_000_000 + i * 100 + j;
            let line =
                completed_order(pool, user_id, store, *product, number, 20 + i * 3 + j).await?;
            let at = received_at(pool, line).await?;
            let text = TEXTS[((i + j) % TEXTS.len() as i64) as usize];
            let id = review(pool, user_id, line, text, *show, at + DAY).await?;
            if text.0 <= 3 || (i + j) % 3 == 0 {
                reviews::reply(
                    pool,
                    StoreId(store),
                    id,
                    "Спасибо за отзыв! Будем рады видеть вас снова.".into(),
                    at + 2 * DAY,
                )
                .await?;
            }
        }
    }
    Ok(())
}
