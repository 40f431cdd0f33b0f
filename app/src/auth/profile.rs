//! The profile's fields on `users` (auth owns the table): name, "about me", whether the name is
//! public, the photo. Server only; `settings` checks the values and calls these.

use crate::context::Ctx;
use crate::error::AppError;
use crate::ids::UserId;
use crate::platform::AppState;

/// The profile's name, "about me", and whether the name is public.
pub async fn profile(cx: &Ctx) -> Result<(String, String, bool), AppError> {
    Ok(
        sqlx::query_as("SELECT name, about, name_public FROM users WHERE id = ?")
            .bind(cx.user()?)
            .fetch_one(cx.pool())
            .await?,
    )
}

/// Saves the profile (both already checked by the caller).
pub async fn save_profile(
    cx: &Ctx,
    name: &str,
    about: &str,
    name_public: bool,
) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET name = ?, about = ?, name_public = ? WHERE id = ?")
        .bind(name)
        .bind(about)
        .bind(name_public)
        .bind(cx.user()?)
        .execute(cx.pool())
        .await?;
    Ok(())
}

/// Sets (or, with `None`, removes) the profile photo: a cleaned square JPEG.
pub async fn set_photo(cx: &Ctx, jpeg: Option<Vec<u8>>) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET photo = ? WHERE id = ?")
        .bind(jpeg)
        .bind(cx.user()?)
        .execute(cx.pool())
        .await?;
    Ok(())
}

pub async fn photo(state: &AppState, user: UserId) -> Result<Option<Vec<u8>>, AppError> {
    Ok(
        sqlx::query_scalar::<_, Option<Vec<u8>>>("SELECT photo FROM users WHERE id = ?")
            .bind(user)
            .fetch_optional(&state.pool)
            .await?
            .flatten(),
    )
}
