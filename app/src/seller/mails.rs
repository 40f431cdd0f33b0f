//! E-mails to the shopper when the store moves their order on: shipped, delivered. Sent through
//! `notify` as "orders" e-mails (skipped when the shopper switched those off), after the
//! transition has committed; a failure to send is logged, never undoes the transition.

use crate::domain::OrderNumber;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ids::{StoreId, UserId};
use crate::notify::{ssr::send, MailKind};
use crate::platform::mail::Mail;
use crate::platform::AppState;

#[derive(Clone, Copy)]
pub enum OrderEvent {
    Shipped,
    Delivered,
}

/// Tells the order's shopper, in their language.
pub async fn order_event(state: &AppState, store: StoreId, number: OrderNumber, event: OrderEvent) {
    if let Err(e) = try_send(state, store, number, event).await {
        tracing::error!(error = ?e, "order e-mail not sent");
    }
}

async fn try_send(
    state: &AppState,
    store: StoreId,
    number: OrderNumber,
    event: OrderEvent,
) -> Result<(), AppError> {
    let (user, email, lang): (UserId, String, String) = sqlx::query_as(
        "SELECT u.id, u.email, u.lang FROM orders o JOIN users u ON u.id = o.user_id
         WHERE o.number = ? AND o.store_id = ?",
    )
    .bind(number.get())
    .bind(store)
    .fetch_one(&state.pool)
    .await?;
    let link = format!("{}/account/orders/{number}", state.config.public_url);
    let (subject, body) = match (Lang::parse(&lang).unwrap_or_default(), event) {
        (Lang::Ru, OrderEvent::Shipped) => (
            format!("Заказ № {number} отправлен — Kabinet"),
            format!("Здравствуйте!\n\nМагазин отправил ваш заказ № {number}. Отследить его: {link}\n"),
        ),
        (Lang::En, OrderEvent::Shipped) => (
            format!("Order {number} shipped — Kabinet"),
            format!("Hello!\n\nThe store has shipped your order {number}. Track it: {link}\n"),
        ),
        (Lang::Ru, OrderEvent::Delivered) => (
            format!("Заказ № {number} доставлен — Kabinet"),
            format!(
                "Здравствуйте!\n\nВаш заказ № {number} доставлен. Проверьте его и подтвердите получение: {link}\n"
            ),
        ),
        (Lang::En, OrderEvent::Delivered) => (
            format!("Order {number} delivered — Kabinet"),
            format!("Hello!\n\nYour order {number} has been delivered. Check it and confirm receipt: {link}\n"),
        ),
    };
    let mail = Mail {
        to: email,
        subject,
        body,
    };
    send(state, user, MailKind::Orders, mail).await?;
    Ok(())
}
