//! Storing cleaned photos: every photo table has the same shape (its owner's id, position 1–5,
//! width, height, the JPEG), written in the owner's transaction.

use super::CleanPhoto;
use crate::error::AppError;
use sqlx::SqliteConnection;

/// The tables photos are kept in. The SQL is fixed per table: nothing sent reaches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoTable {
    Dispute,
    Review,
    Message,
}

impl PhotoTable {
    fn insert(self) -> &'static str {
        match self {
            PhotoTable::Dispute => {
                "INSERT INTO dispute_photos (dispute_id, position, width, height, jpeg)
                 VALUES (?, ?, ?, ?, ?)"
            }
            PhotoTable::Review => {
                "INSERT INTO review_photos (review_id, position, width, height, jpeg)
                 VALUES (?, ?, ?, ?, ?)"
            }
            PhotoTable::Message => {
                "INSERT INTO message_photos (message_id, position, width, height, jpeg)
                 VALUES (?, ?, ?, ?, ?)"
            }
        }
    }
}

/// Stores `photos` of row `owner`, numbered from 1 in the order sent.
pub async fn store_in(
    conn: &mut SqliteConnection,
    table: PhotoTable,
    owner: i64,
    photos: &[CleanPhoto],
) -> Result<(), AppError> {
    for (i, p) in photos.iter().enumerate() {
        sqlx::query(table.insert())
            .bind(owner)
            .bind(i as i64 + 1)
            .bind(p.width as i64)
            .bind(p.height as i64)
            .bind(&p.jpeg)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
