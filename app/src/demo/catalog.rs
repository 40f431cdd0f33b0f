//! The demo catalogue: categories, stores, products and coupons from a fixed seed, so every run
//! produces the same shop. `scale` multiplies stores and products.

use super::words::*;
use crate::error::AppError;
use sqlx::SqlitePool;

/// A small deterministic generator (splitmix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

pub const STORES_PER_SCALE: i64 = 40;
pub const PRODUCTS_PER_SCALE: i64 = 2000;
/// 2026-01-01: the catalogue's notion of "now" for opening and listing dates.
const EPOCH: i64 = 1_767_225_600;

/// Inserts everything in one transaction. `owners` are the user ids of the first stores' owners.
pub async fn generate(pool: &SqlitePool, scale: u32, owners: &[i64]) -> Result<(), AppError> {
    let mut rng = Rng::new(20_261_125);
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;

    // Categories: the leaves keep their nouns for product titles.
    let mut leaves: Vec<(i64, &Sub)> = Vec::new();
    for (i, top) in CATEGORIES.iter().enumerate() {
        let top_id: i64 = sqlx::query_scalar(
            "INSERT INTO categories (parent_id, slug, name_ru, name_en, position)
             VALUES (NULL, ?, ?, ?, ?) RETURNING id",
        )
        .bind(top.slug)
        .bind(top.ru)
        .bind(top.en)
        .bind(i as i64)
        .fetch_one(&mut *tx)
        .await?;
        for (j, sub) in top.subs.iter().enumerate() {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO categories (parent_id, slug, name_ru, name_en, position)
                 VALUES (?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(top_id)
            .bind(sub.slug)
            .bind(sub.ru)
            .bind(sub.en)
            .bind(j as i64)
            .fetch_one(&mut *tx)
            .await?;
            leaves.push((id, sub));
        }
    }

    let stores = STORES_PER_SCALE * scale as i64;
    let mut store_ids = Vec::with_capacity(stores as usize);
    for i in 0..stores {
        let name = format!(
            "{} {}{}",
            STORE_FIRST[(i as usize) % STORE_FIRST.len()],
            STORE_SECOND[(i as usize / STORE_FIRST.len()) % STORE_SECOND.len()],
            if i >= 40 {
                format!(" {}", i / 40 + 1)
            } else {
                String::new()
            }
        );
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO stores (owner_user_id, name, rating_x10, followers, opened_at)
             VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(owners.get(i as usize).copied())
        .bind(name)
        .bind(rng.range(40, 50))
        .bind(rng.range(50, 90_000))
        .bind(EPOCH - rng.range(30, 3000) * 86_400)
        .fetch_one(&mut *tx)
        .await?;
        store_ids.push(id);
    }

    for i in 0..PRODUCTS_PER_SCALE * scale as i64 {
        let (category_id, sub) = *rng.pick(&leaves);
        let (noun_ru, noun_en) = *rng.pick(sub.nouns);
        let brand = rng.pick(BRANDS);
        let model = format!(
            "{}{}",
            (b'A' + (rng.next_u64() % 26) as u8) as char,
            rng.range(10, 990)
        );
        let (color_ru, color_en) = *rng.pick(COLORS);
        let (feat_ru, feat_en) = *rng.pick(FEATURES);
        let price =
            [99, 499, 1_999, 4_999, 19_999][(rng.next_u64() % 5) as usize] + rng.range(0, 4_000);
        let discount = rng
            .chance(35)
            .then(|| price * rng.range(55, 95) / 100)
            .filter(|d| *d > 0 && *d < price);
        let stock = if rng.chance(3) { 0 } else { rng.range(1, 500) };
        let warranty = rng.range(1, 24);
        sqlx::query(
            "INSERT INTO products (store_id, category_id, title_ru, title_en, description_ru,
                    description_en, price, discount_price, stock, rating_x10, orders_count, pictures,
                    created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(store_ids[(rng.next_u64() % store_ids.len() as u64) as usize])
        .bind(category_id)
        .bind(format!("{noun_ru} {brand} {model}, {color_ru}"))
        .bind(format!("{brand} {model} {noun_en}, {color_en}"))
        .bind(format!(
            "{noun_ru} {brand} {model}. Цвет: {color_ru}. {feat_ru}. Гарантия продавца {warranty} мес."
        ))
        .bind(format!(
            "{brand} {model} {noun_en}. Colour: {color_en}. {feat_en}. Seller warranty: {warranty} months."
        ))
        .bind(price)
        .bind(discount)
        .bind(stock)
        .bind(rng.range(30, 50))
        .bind(rng.range(0, 60) * rng.range(0, 80))
        .bind(rng.range(1, 4))
        .bind(EPOCH - i % 365 * 86_400 - rng.range(0, 86_399))
        .execute(&mut *tx)
        .await?;
    }

    // Coupons: platform-wide ones and one per store, some already over, some yet to start.
    let now = crate::platform::now();
    let day = 86_400;
    let platform = [
        ("KABINET5", 500, 2_500, now - 10 * day, now + 20 * day, 0),
        ("KABINET15", 1_500, 10_000, now - day, now + 2 * day, 0),
        ("WINTER30", 3_000, 20_000, now + 5 * day, now + 40 * day, 0),
        ("AUTUMN10", 1_000, 5_000, now - 60 * day, now - 30 * day, 0),
        ("NEWBUYER", 300, 0, now - 100 * day, now + 365 * day, 1),
    ];
    for (code, discount, min, starts, ends, special) in platform {
        insert_coupon(&mut tx, None, code, discount, min, starts, ends, special).await?;
    }
    for (i, store_id) in store_ids.iter().enumerate().take(200) {
        let starts = now - rng.range(-10, 30) * day;
        let ends = starts + rng.range(3, 60) * day;
        let code = format!("STORE{}", i + 1);
        insert_coupon(
            &mut tx,
            Some(*store_id),
            &code,
            rng.range(1, 10) * 100,
            rng.range(5, 40) * 100,
            starts,
            ends,
            0,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn insert_coupon(
    tx: &mut sqlx::SqliteConnection,
    store_id: Option<i64>,
    code: &str,
    discount: i64,
    min_order: i64,
    starts: i64,
    ends: i64,
    special: i64,
) -> Result<(), AppError> {
    let title_ru = match store_id {
        None => format!("Купон Kabinet на {} $", discount / 100),
        Some(_) => format!("Купон магазина на {} $", discount / 100),
    };
    let title_en = match store_id {
        None => format!("Kabinet coupon: ${} off", discount / 100),
        Some(_) => format!("Store coupon: ${} off", discount / 100),
    };
    sqlx::query(
        "INSERT INTO coupons (store_id, code, title_ru, title_en, discount, min_order, starts_at,
                ends_at, special) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(store_id)
    .bind(code)
    .bind(title_ru)
    .bind(title_en)
    .bind(discount)
    .bind(min_order)
    .bind(starts)
    .bind(ends)
    .bind(special)
    .execute(tx)
    .await?;
    Ok(())
}
