//! The shopper's system notices of an order's moves, written in the transition's transaction.

use crate::error::AppError;
use crate::ids::{OrderId, UserId};
use crate::messages::ssr::{notice_in, Notice};
use crate::messages::NoticeKind;
use sqlx::sqlite::SqliteConnection;

/// The shopper's system notice of a shipment or a delivery, in the transition's transaction.
pub(super) async fn tell_buyer_in(
    conn: &mut SqliteConnection,
    id: OrderId,
    kind: NoticeKind,
    at: i64,
) -> Result<(), AppError> {
    let (user, number, carrier, tracking): (UserId, i64, Option<String>, Option<String>) =
        sqlx::query_as("SELECT user_id, number, carrier, tracking_number FROM orders WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    let (carrier, tracking) = (carrier.unwrap_or_default(), tracking.unwrap_or_default());
    let (ru, en) = match kind {
        NoticeKind::OrderShipped => (
            format!("Заказ № {number} отправлен: {carrier}, трек-номер {tracking}."),
            format!("Order № {number} has been shipped: {carrier}, tracking number {tracking}."),
        ),
        _ => (
            format!("Заказ № {number} доставлен. Проверьте его и подтвердите получение."),
            format!("Order № {number} has been delivered. Check it and confirm receipt."),
        ),
    };
    let notice = Notice {
        kind,
        ru,
        en,
        link: format!("/account/orders/{number}"),
        dedup: format!("{}:{id}", kind.code()),
    };
    notice_in(conn, user, &notice, at).await.map(|_| ())
}
