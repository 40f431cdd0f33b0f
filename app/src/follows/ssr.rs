//! Profiles and follows in SQL. `users` is `auth`'s: read here, never written; `user_follows`
//! is this section's.

use super::*;
use crate::ids::UserId;
use crate::platform::now;
use sqlx::SqlitePool;

#[derive(sqlx::FromRow)]
struct Line {
    public_id: ProfileId,
    name: String,
    name_public: bool,
    photo: bool,
}

impl Line {
    fn line(self) -> ShopperLine {
        ShopperLine {
            id: self.public_id,
            name: self.name_public.then_some(self.name),
            photo: self.photo,
        }
    }
}

async fn user_of(pool: &SqlitePool, id: ProfileId) -> Result<UserId, AppError> {
    sqlx::query_scalar("SELECT id FROM users WHERE public_id = ?")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn profile(
    pool: &SqlitePool,
    id: ProfileId,
    viewer: Option<UserId>,
) -> Result<PublicProfile, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: UserId,
        name: String,
        name_public: bool,
        about: String,
        photo: bool,
        reviews: i64,
        followers: i64,
        following: bool,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT u.id, u.name, u.name_public, u.about, u.photo IS NOT NULL AS photo,
                (SELECT COUNT(*) FROM reviews r WHERE r.user_id = u.id) AS reviews,
                (SELECT COUNT(*) FROM user_follows f WHERE f.followed_id = u.id) AS followers,
                EXISTS (SELECT 1 FROM user_follows f
                        WHERE f.followed_id = u.id AND f.follower_id = ?) AS following
         FROM users u WHERE u.public_id = ?",
    )
    .bind(viewer)
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let r = row.ok_or(AppError::NotFound)?;
    Ok(PublicProfile {
        id,
        name: r.name_public.then_some(r.name),
        about: r.about,
        photo: r.photo,
        reviews: r.reviews,
        followers: r.followers,
        following: r.following,
        own: viewer == Some(r.id),
    })
}

pub async fn set_following(
    pool: &SqlitePool,
    user: UserId,
    id: ProfileId,
    follow: bool,
) -> Result<(), AppError> {
    let target = user_of(pool, id).await?;
    if target == user {
        return Err(AppError::Forbidden);
    }
    if follow {
        sqlx::query(
            "INSERT INTO user_follows (follower_id, followed_id, at) VALUES (?, ?, ?)
             ON CONFLICT DO NOTHING",
        )
        .bind(user)
        .bind(target)
        .bind(now())
        .execute(pool)
        .await?;
    } else {
        sqlx::query("DELETE FROM user_follows WHERE follower_id = ? AND followed_id = ?")
            .bind(user)
            .bind(target)
            .execute(pool)
            .await?;
    }
    Ok(())
}

pub async fn subscriptions(pool: &SqlitePool, user: UserId) -> Result<Subscriptions, AppError> {
    let own: ProfileId = sqlx::query_scalar("SELECT public_id FROM users WHERE id = ?")
        .bind(user)
        .fetch_one(pool)
        .await?;
    let stores: Vec<(StoreId, String)> = sqlx::query_as(
        "SELECT s.id, s.name FROM store_follows f JOIN stores s ON s.id = f.store_id
         WHERE f.user_id = ? ORDER BY f.created_at DESC LIMIT ?",
    )
    .bind(user)
    .bind(LISTED)
    .fetch_all(pool)
    .await?;
    let lines = |sql: &'static str| async move {
        sqlx::query_as::<_, Line>(sql)
            .bind(user)
            .bind(LISTED)
            .fetch_all(pool)
            .await
    };
    let following = lines(
        "SELECT u.public_id, u.name, u.name_public, u.photo IS NOT NULL AS photo
         FROM user_follows f JOIN users u ON u.id = f.followed_id
         WHERE f.follower_id = ? ORDER BY f.at DESC LIMIT ?",
    )
    .await?;
    let followers = lines(
        "SELECT u.public_id, u.name, u.name_public, u.photo IS NOT NULL AS photo
         FROM user_follows f JOIN users u ON u.id = f.follower_id
         WHERE f.followed_id = ? ORDER BY f.at DESC LIMIT ?",
    )
    .await?;
    Ok(Subscriptions {
        own,
        stores,
        following: following.into_iter().map(Line::line).collect(),
        followers: followers.into_iter().map(Line::line).collect(),
    })
}

pub async fn photo(pool: &SqlitePool, id: ProfileId) -> Result<Option<Vec<u8>>, AppError> {
    Ok(
        sqlx::query_scalar::<_, Option<Vec<u8>>>("SELECT photo FROM users WHERE public_id = ?")
            .bind(id)
            .fetch_optional(pool)
            .await?
            .flatten(),
    )
}
