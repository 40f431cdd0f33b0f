//! The demo shopper's messages: a conversation with a store about a product that the store has
//! answered (so the header shows an unread count on the first visit), and, for benchmarks, many
//! more (`KABINET_DEMO_CONVERSATIONS`).

use crate::error::AppError;
use crate::ids::{Party, StoreId, UserId};
use crate::messages::ssr::{insert_bulk_in, send, NewMessage};
use crate::messages::{About, Target};
use crate::platform::now;
use sqlx::SqlitePool;

pub async fn seed(
    pool: &SqlitePool,
    shopper: i64,
    sellers: &[i64],
    bulk: i64,
) -> Result<(), AppError> {
    let shopper = UserId(shopper);
    if bulk > 0 {
        let mut conn = pool.acquire().await?;
        insert_bulk_in(&mut conn, shopper, bulk, 3, now() - 3_600).await?;
    }
    // The first product of store 2: its seller answers.
    let (product, store): (i64, i64) =
        sqlx::query_as("SELECT id, store_id FROM products WHERE store_id = 2 ORDER BY id LIMIT 1")
            .fetch_one(pool)
            .await?;
    let about = Target::New(About::Product(crate::ids::ProductId(product)));
    let ask = NewMessage {
        party: Party::Shopper(shopper),
        author: shopper,
        target: about,
        text: "Здравствуйте! Подскажите, есть ли этот товар в другом цвете?".into(),
        photos: Vec::new(),
    };
    let id = send(pool, ask, now() - 600).await?.id;
    let answer = NewMessage {
        party: Party::Store(StoreId(store)),
        author: UserId(sellers[1]),
        target: Target::Existing(id),
        text: "Добрый день! Да, есть чёрный и белый — выберите цвет в комментарии к заказу.".into(),
        photos: Vec::new(),
    };
    send(pool, answer, now() - 300).await?;
    Ok(())
}
