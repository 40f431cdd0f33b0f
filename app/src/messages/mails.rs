//! The "messages" e-mail: a store wrote to the shopper. Sent once per conversation until the
//! shopper reads it (`ssr::Sent::tell`), through `notify`, so it is logged and skipped when the
//! shopper switched messages off. After the message has committed; a failure is only logged.

use crate::i18n::Lang;
use crate::ids::{ConversationId, UserId};
use crate::notify::{ssr::send_to, MailKind};
use crate::platform::AppState;

pub async fn store_wrote(state: &AppState, shopper: UserId, conversation: ConversationId) {
    let store: Result<Option<String>, sqlx::Error> = sqlx::query_scalar(
        "SELECT s.name FROM conversations c JOIN stores s ON s.id = c.store_id WHERE c.id = ?",
    )
    .bind(conversation)
    .fetch_optional(&state.pool)
    .await;
    let store = match store {
        Ok(Some(name)) => name,
        Ok(None) => return,
        Err(e) => {
            tracing::warn!(error = ?e, "message e-mail not sent");
            return;
        }
    };
    let link = format!(
        "{}/account/messages/{conversation}",
        state.config.public_url
    );
    send_to(state, shopper, MailKind::Messages, |lang| match lang {
        Lang::Ru => (
            format!("Новое сообщение от магазина «{store}» — Kabinet"),
            format!(
                "Здравствуйте!\n\nМагазин «{store}» написал вам. Прочитать и ответить: {link}\n"
            ),
        ),
        Lang::En => (
            format!("New message from {store} — Kabinet"),
            format!("Hello!\n\nThe store {store} has written to you. Read and reply: {link}\n"),
        ),
    })
    .await;
}
