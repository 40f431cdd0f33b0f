//! The "disputes" e-mail when a deadline moved a dispute on (the store did not answer, an offer
//! or a refusal was left standing, the platform decided): sent by the job after the dispute's
//! transaction has committed, through `notify`, so it is logged and skipped when the shopper
//! switched disputes off. A failure is only logged: the decision stands.

use super::{DisputeStatus, StepKind};
use crate::i18n::Lang;
use crate::ids::{DisputeId, UserId};
use crate::money::Money;
use crate::notify::{ssr::send_to, MailKind};
use crate::platform::AppState;

pub async fn moved_on(state: &AppState, id: DisputeId) {
    let row: Result<Option<(UserId, DisputeStatus, i64, StepKind)>, sqlx::Error> =
        sqlx::query_as(
            "SELECT d.user_id, d.status, d.refunded,
                    (SELECT kind FROM dispute_steps WHERE dispute_id = d.id ORDER BY id DESC LIMIT 1)
             FROM disputes d WHERE d.id = ?",
        )
        .bind(id)
        .fetch_optional(&state.pool)
        .await;
    let (user, status, refunded, step) = match row {
        Ok(Some(row)) => row,
        Ok(None) => return,
        Err(e) => {
            tracing::warn!(%id, error = ?e, "dispute e-mail not sent");
            return;
        }
    };
    let link = format!("{}/account/disputes/{id}", state.config.public_url);
    send_to(state, user, MailKind::Disputes, |lang| {
        let why = step.label(lang);
        let outcome = match (lang, status) {
            (Lang::Ru, DisputeStatus::Refunded) => {
                format!("Вам возвращено {}.", Money(refunded).format(lang))
            }
            (Lang::En, DisputeStatus::Refunded) => {
                format!("{} has been refunded to you.", Money(refunded).format(lang))
            }
            (Lang::Ru, _) => "Спор закрыт без возврата денег.".to_string(),
            (Lang::En, _) => "The dispute is closed without a refund.".to_string(),
        };
        match lang {
            Lang::Ru => (
                format!("Спор № {id}: решение — Kabinet"),
                format!(
                    "Здравствуйте!\n\nПо спору № {id}: {why}.\n{outcome}\n\nПодробности: {link}\n"
                ),
            ),
            Lang::En => (
                format!("Dispute {id}: decision — Kabinet"),
                format!("Hello!\n\nOn dispute {id}: {why}.\n{outcome}\n\nDetails: {link}\n"),
            ),
        }
    })
    .await;
}
