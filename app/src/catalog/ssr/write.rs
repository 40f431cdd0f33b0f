//! The catalogue's own changes to a product asked for by other sections, inside their
//! transactions: a withdrawal (an upheld report) and a new text (an accepted translation). The
//! search index follows through the triggers of `products_fts`.

use crate::catalog::ProductText;
use crate::error::AppError;
use crate::ids::ProductId;
use sqlx::SqliteConnection;

/// Takes the product off sale: it leaves search, carts and wish lists mark it unavailable, its
/// page says it is no longer sold. Returns whether it was on sale.
pub async fn withdraw_in(
    conn: &mut SqliteConnection,
    product: ProductId,
) -> Result<bool, AppError> {
    let done = sqlx::query("UPDATE products SET active = 0 WHERE id = ? AND active = 1")
        .bind(product)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces one part of the product's text (a title also in the search index).
pub async fn set_text_in(
    conn: &mut SqliteConnection,
    product: ProductId,
    part: ProductText,
    text: &str,
) -> Result<(), AppError> {
    let sql = format!("UPDATE products SET {} = ? WHERE id = ?", part.column());
    let done = sqlx::query(&sql)
        .bind(text)
        .bind(product)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// One part of a product's text, its category and whether it is on sale.
pub async fn text_in(
    conn: &mut SqliteConnection,
    product: ProductId,
    part: ProductText,
) -> Result<Option<(String, i64, bool)>, AppError> {
    let sql = format!(
        "SELECT {}, category_id, active = 1 FROM products WHERE id = ?",
        part.column()
    );
    Ok(sqlx::query_as(&sql)
        .bind(product)
        .fetch_optional(&mut *conn)
        .await?)
}
