//! Address book storage. Every query is scoped to the asking shopper.

use super::*;
use crate::ids::UserId;
use crate::platform::now;
use sqlx::{SqliteConnection, SqlitePool};

#[derive(sqlx::FromRow)]
pub struct AddressRow {
    id: i64,
    recipient: String,
    country: String,
    region: String,
    city: String,
    street: String,
    flat: String,
    postcode: String,
    phone: String,
    is_default: i64,
}

impl From<AddressRow> for Address {
    fn from(r: AddressRow) -> Address {
        Address {
            id: r.id,
            is_default: r.is_default == 1,
            fields: AddressFields {
                recipient: r.recipient,
                country: r.country,
                region: r.region,
                city: r.city,
                street: r.street,
                flat: r.flat,
                postcode: r.postcode,
                phone: r.phone,
            },
        }
    }
}

const COLUMNS: &str =
    "id, recipient, country, region, city, street, flat, postcode, phone, is_default";

pub async fn list(pool: &SqlitePool, user_id: UserId) -> Result<Vec<Address>, AppError> {
    let sql =
        format!("SELECT {COLUMNS} FROM addresses WHERE user_id = ? ORDER BY is_default DESC, id");
    let rows = sqlx::query_as::<_, AddressRow>(&sql)
        .bind(user_id)
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(Address::from).collect())
}

/// One of the shopper's addresses; another shopper's id is "not found".
pub async fn get_in(
    conn: &mut SqliteConnection,
    user_id: UserId,
    id: i64,
) -> Result<Address, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM addresses WHERE id = ? AND user_id = ?");
    sqlx::query_as::<_, AddressRow>(&sql)
        .bind(id)
        .bind(user_id)
        .fetch_optional(conn)
        .await?
        .map(Address::from)
        .ok_or(AppError::NotFound)
}

pub async fn get(pool: &SqlitePool, user_id: UserId, id: i64) -> Result<Address, AppError> {
    get_in(&mut *pool.acquire().await?, user_id, id).await
}

/// Adds or changes an address. The first address is the default; `make_default` moves the
/// default here.
pub async fn save(
    pool: &SqlitePool,
    user_id: UserId,
    id: Option<i64>,
    a: &AddressFields,
    make_default: bool,
) -> Result<i64, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM addresses WHERE user_id = ?")
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
    let id = match id {
        Some(id) => {
            get_in(&mut tx, user_id, id).await?;
            sqlx::query(
                "UPDATE addresses SET recipient = ?, country = ?, region = ?, city = ?, street = ?,
                        flat = ?, postcode = ?, phone = ?
                 WHERE id = ? AND user_id = ?",
            )
            .bind(&a.recipient)
            .bind(&a.country)
            .bind(&a.region)
            .bind(&a.city)
            .bind(&a.street)
            .bind(&a.flat)
            .bind(&a.postcode)
            .bind(&a.phone)
            .bind(id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            id
        }
        None => {
            if count >= MAX_ADDRESSES {
                return Err(AppError::Forbidden);
            }
            sqlx::query_scalar(
                "INSERT INTO addresses (user_id, recipient, country, region, city, street, flat,
                        postcode, phone, is_default, created_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?) RETURNING id",
            )
            .bind(user_id)
            .bind(&a.recipient)
            .bind(&a.country)
            .bind(&a.region)
            .bind(&a.city)
            .bind(&a.street)
            .bind(&a.flat)
            .bind(&a.postcode)
            .bind(&a.phone)
            .bind(now())
            .fetch_one(&mut *tx)
            .await?
        }
    };
    if make_default || count == 0 {
        make_default_in(&mut tx, user_id, id).await?;
    }
    tx.commit().await?;
    Ok(id)
}

async fn make_default_in(
    conn: &mut SqliteConnection,
    user_id: UserId,
    id: i64,
) -> Result<(), AppError> {
    sqlx::query("UPDATE addresses SET is_default = 0 WHERE user_id = ? AND is_default = 1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE addresses SET is_default = 1 WHERE user_id = ? AND id = ?")
        .bind(user_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn set_default(pool: &SqlitePool, user_id: UserId, id: i64) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    get_in(&mut tx, user_id, id).await?;
    make_default_in(&mut tx, user_id, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes an address; if it was the default, the oldest remaining one becomes the default.
/// Orders keep their own copy of the address, so nothing else changes.
pub async fn delete(pool: &SqlitePool, user_id: UserId, id: i64) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let was = get_in(&mut tx, user_id, id).await?;
    sqlx::query("DELETE FROM addresses WHERE id = ? AND user_id = ?")
        .bind(id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    if was.is_default {
        sqlx::query(
            "UPDATE addresses SET is_default = 1
             WHERE id = (SELECT MIN(id) FROM addresses WHERE user_id = ?)",
        )
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
