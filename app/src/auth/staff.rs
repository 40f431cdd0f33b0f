//! Platform staff: `users.role` (a moderator sees the moderation console, `/admin`). Staff
//! checks answer "not found" to everyone else, so a shopper cannot tell a staff page exists.

use crate::error::AppError;
use crate::ids::UserId;
use sqlx::SqlitePool;

crate::code_enum!(Role {
    Shopper => "shopper", "Покупатель", "Shopper";
    Moderator => "moderator", "Модератор", "Moderator";
});

pub async fn role(pool: &SqlitePool, user: UserId) -> Result<Role, AppError> {
    Ok(
        sqlx::query_scalar::<_, Role>("SELECT role FROM users WHERE id = ?")
            .bind(user)
            .fetch_optional(pool)
            .await?
            .unwrap_or(Role::Shopper),
    )
}

pub async fn is_staff(pool: &SqlitePool, user: UserId) -> Result<bool, AppError> {
    Ok(role(pool, user).await? == Role::Moderator)
}

/// The staff member's id, or "not found" for anyone else.
pub async fn staff(pool: &SqlitePool, user: UserId) -> Result<UserId, AppError> {
    if is_staff(pool, user).await? {
        Ok(user)
    } else {
        Err(AppError::NotFound)
    }
}

/// Makes an account staff (demo data and tests).
pub async fn set_role(pool: &SqlitePool, user: UserId, role: Role) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET role = ? WHERE id = ?")
        .bind(role)
        .bind(user)
        .execute(pool)
        .await?;
    Ok(())
}
