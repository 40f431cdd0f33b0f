//! Writing reviews: the review, its history, its photos, the product's rating and the club
//! points move together in one `BEGIN IMMEDIATE` transaction, so a hundred parallel submissions
//! of one review leave one review and one +5 row; the rest are told it already exists.

use super::*;
use crate::ids::OrderId;
use crate::images::CleanPhoto;
use sqlx::SqliteConnection;

/// A review as checked by the server function.
pub struct NewReview {
    pub line: i64,
    pub stars: u8,
    pub text: String,
    pub show_name: bool,
    pub photos: Vec<CleanPhoto>,
}

/// An edit: the new stars and text, and whether the name is shown.
pub struct Edit {
    pub stars: u8,
    pub text: String,
    pub show_name: bool,
}

#[derive(sqlx::FromRow)]
struct LineFacts {
    order_id: OrderId,
    product_id: i64,
    store_id: StoreId,
    completed_at: Option<i64>,
    existing: Option<ReviewId>,
}

/// Writes the review of one of the shopper's order lines; answers with its id.
pub async fn write(
    pool: &SqlitePool,
    user_id: UserId,
    new: NewReview,
    now: i64,
) -> Result<ReviewId, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let f: LineFacts = sqlx::query_as(
        "SELECT o.id AS order_id, oi.product_id, o.store_id, o.completed_at,
                (SELECT id FROM reviews r WHERE r.order_item_id = oi.id) AS existing
         FROM order_items oi JOIN orders o ON o.id = oi.order_id
         WHERE oi.id = ? AND o.user_id = ? AND o.purged_at IS NULL",
    )
    .bind(new.line)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if f.completed_at.is_none() {
        return Err(AppError::ReviewNotYet);
    }
    if f.existing.is_some() {
        return Err(AppError::ReviewExists);
    }
    let id: ReviewId = sqlx::query_scalar(
        "INSERT INTO reviews (order_item_id, order_id, user_id, product_id, store_id, stars, body,
                              show_name, photos, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(new.line)
    .bind(f.order_id)
    .bind(user_id)
    .bind(f.product_id)
    .bind(f.store_id)
    .bind(new.stars as i64)
    .bind(&new.text)
    .bind(new.show_name)
    .bind(new.photos.len() as i64)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => AppError::ReviewExists,
        e => AppError::from(e),
    })?;
    add_entry(
        &mut tx,
        id,
        EntryKind::Written,
        Some(new.stars),
        &new.text,
        now,
    )
    .await?;
    crate::images::store_in(
        &mut tx,
        crate::images::PhotoTable::Review,
        id.get(),
        &new.photos,
    )
    .await?;
    rate_product(&mut tx, f.product_id).await?;
    crate::club::ssr::review_written_in(&mut tx, user_id, f.order_id, new.line, now).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct ReviewFacts {
    product_id: i64,
    stars: i64,
    body: String,
    completed_at: i64,
}

/// The shopper's review, locked for a change within its window (`ReviewWindowClosed` after).
async fn editable(
    conn: &mut SqliteConnection,
    user_id: UserId,
    id: ReviewId,
    now: i64,
) -> Result<ReviewFacts, AppError> {
    let f: ReviewFacts = sqlx::query_as(
        "SELECT r.product_id, r.stars, r.body, o.completed_at
         FROM reviews r JOIN orders o ON o.id = r.order_id
         WHERE r.id = ? AND r.user_id = ? AND o.completed_at IS NOT NULL",
    )
    .bind(id)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    if window_left(f.completed_at, now).is_none() {
        return Err(AppError::ReviewWindowClosed);
    }
    Ok(f)
}

/// Changes a review's stars, text and name choice; a changed text or rating is kept in the
/// history and marks the review "edited".
pub async fn edit(
    pool: &SqlitePool,
    user_id: UserId,
    id: ReviewId,
    e: Edit,
    now: i64,
) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let f = editable(&mut tx, user_id, id, now).await?;
    let changed = f.stars != e.stars as i64 || f.body != e.text;
    sqlx::query(
        "UPDATE reviews SET stars = ?, body = ?, show_name = ?,
                edited_at = CASE WHEN ? THEN ? ELSE edited_at END
         WHERE id = ?",
    )
    .bind(e.stars as i64)
    .bind(&e.text)
    .bind(e.show_name)
    .bind(changed)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if changed {
        add_entry(&mut tx, id, EntryKind::Edited, Some(e.stars), &e.text, now).await?;
        rate_product(&mut tx, f.product_id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Adds a follow-up to a review (it earns no points).
pub async fn follow_up(
    pool: &SqlitePool,
    user_id: UserId,
    id: ReviewId,
    text: String,
    now: i64,
) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    editable(&mut tx, user_id, id, now).await?;
    add_entry(&mut tx, id, EntryKind::FollowUp, None, &text, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The store's reply to a review of its own product; another store's review is "not found".
pub async fn reply(
    pool: &SqlitePool,
    store_id: StoreId,
    id: ReviewId,
    text: String,
    now: i64,
) -> Result<(), AppError> {
    let done =
        sqlx::query("UPDATE reviews SET reply = ?, replied_at = ? WHERE id = ? AND store_id = ?")
            .bind(&text)
            .bind(now)
            .bind(id)
            .bind(store_id)
            .execute(pool)
            .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

async fn add_entry(
    conn: &mut SqliteConnection,
    id: ReviewId,
    kind: EntryKind,
    stars: Option<u8>,
    body: &str,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO review_entries (review_id, kind, stars, body, created_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(kind)
    .bind(stars.map(i64::from))
    .bind(body)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A product with reviews is rated by them: its cards and page show their average.
async fn rate_product(conn: &mut SqliteConnection, product_id: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE products SET rating_x10 = COALESCE(
             (SELECT CAST(ROUND(AVG(stars) * 10) AS INTEGER) FROM reviews WHERE product_id = ?1),
             rating_x10)
         WHERE id = ?1",
    )
    .bind(product_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Benchmarks' demo data only (`KABINET_DEMO_ORDERS`): a review on every line of `product` in a
/// completed order that has none, in one set-based statement (no points: the bench measures the
/// product page, not the club).
pub async fn insert_bulk_in(
    conn: &mut SqliteConnection,
    product_id: i64,
    completed: crate::orders::OrderStatus,
    at: i64,
) -> Result<u64, AppError> {
    let done = sqlx::query(
        "INSERT INTO reviews (order_item_id, order_id, user_id, product_id, store_id, stars, body,
                show_name, created_at)
         SELECT i.id, o.id, o.user_id, i.product_id, o.store_id, 3 + i.id % 3,
                'Отзыв покупателя № ' || i.id, i.id % 2, ? - i.id % 100000
         FROM order_items i JOIN orders o ON o.id = i.order_id
         WHERE i.product_id = ? AND o.status = ?
         ON CONFLICT DO NOTHING",
    )
    .bind(at)
    .bind(product_id)
    .bind(completed)
    .execute(&mut *conn)
    .await?;
    rate_product(conn, product_id).await?;
    Ok(done.rows_affected())
}
