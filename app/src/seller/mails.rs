//! E-mails to the shopper when the store acts: their order shipped or delivered ("orders"), their
//! dispute answered ("disputes"). Sent through `notify` (skipped when the shopper switched the
//! kind off), after the transition has committed; a failure is logged, never undoes it.

use crate::domain::OrderNumber;
use crate::i18n::Lang;
use crate::ids::{DisputeId, StoreId, UserId};
use crate::notify::{ssr::send_to, MailKind};
use crate::platform::AppState;

#[derive(Clone, Copy)]
pub enum OrderEvent {
    Shipped,
    Delivered,
}

/// Tells the order's shopper, in their language.
pub async fn order_event(state: &AppState, store: StoreId, number: OrderNumber, event: OrderEvent) {
    let user: Result<Option<UserId>, sqlx::Error> =
        sqlx::query_scalar("SELECT user_id FROM orders WHERE number = ? AND store_id = ?")
            .bind(number.get())
            .bind(store)
            .fetch_optional(&state.pool)
            .await;
    let Ok(Some(user)) = user else {
        return;
    };
    let link = format!("{}/account/orders/{number}", state.config.public_url);
    send_to(state, user, MailKind::Orders, |lang| match (lang, event) {
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
    })
    .await;
}

/// Tells the dispute's shopper that the store has answered.
pub async fn dispute_answered(state: &AppState, store: StoreId, dispute: DisputeId) {
    let user: Result<Option<UserId>, sqlx::Error> =
        sqlx::query_scalar("SELECT user_id FROM disputes WHERE id = ? AND store_id = ?")
            .bind(dispute)
            .bind(store)
            .fetch_optional(&state.pool)
            .await;
    let Ok(Some(user)) = user else {
        return;
    };
    let link = format!("{}/account/disputes/{dispute}", state.config.public_url);
    send_to(state, user, MailKind::Disputes, |lang| match lang {
        Lang::Ru => (
            format!("Магазин ответил на спор № {dispute} — Kabinet"),
            format!("Здравствуйте!\n\nМагазин ответил на ваш спор № {dispute}. Ответ и что можно сделать дальше: {link}\n"),
        ),
        Lang::En => (
            format!("The store answered dispute {dispute} — Kabinet"),
            format!("Hello!\n\nThe store has answered your dispute {dispute}. The answer and what you can do next: {link}\n"),
        ),
    })
    .await;
}
