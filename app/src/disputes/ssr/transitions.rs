//! The dispute transitions: every move of `disputes.status`, each with the states it may start
//! from, and the one function that applies them.

use super::*;

/// One move of a dispute: the states it may start from and the state it ends in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transition {
    pub name: &'static str,
    pub from: &'static [DisputeStatus],
    pub to: DisputeStatus,
}

/// The store settles: its turn, or while the platform reviews (settling is always allowed;
/// arguing no longer is).
pub const STORE_ACCEPT: Transition = t(
    "store_accept",
    &[S::AwaitingStore, S::Escalated],
    S::Refunded,
);
/// The store refuses, its turn only.
pub const REFUSE: Transition = t("refuse", &[S::AwaitingStore], S::Refused);
/// The store offers a partial refund, its turn only.
pub const OFFER: Transition = t("offer", &[S::AwaitingStore], S::Offered);
/// The shopper takes the store's offer.
pub const TAKE_OFFER: Transition = t("take_offer", &[S::Offered], S::Refunded);
/// The shopper asks the platform to decide.
pub const ESCALATE: Transition = t(
    "escalate",
    &[S::AwaitingStore, S::Offered, S::Refused],
    S::Escalated,
);
/// The shopper withdraws an open dispute.
pub const WITHDRAW: Transition = t("withdraw", &OPEN, S::Withdrawn);
/// Deadline: the store did not answer; the shopper is refunded in full.
pub const STORE_SILENT: Transition = t("store_silent", &[S::AwaitingStore], S::Refunded);
/// Deadline: the shopper did not answer the offer; it is taken.
pub const OFFER_EXPIRED: Transition = t("offer_expired", &[S::Offered], S::Refunded);
/// Deadline: a refusal not escalated in time closes the dispute.
pub const NOT_ESCALATED: Transition = t("not_escalated", &[S::Refused], S::Rejected);
/// The platform's decision on an escalated dispute.
pub const DECIDE_REFUND: Transition = t("decide_refund", &[S::Escalated], S::Refunded);
pub const DECIDE_REJECT: Transition = t("decide_reject", &[S::Escalated], S::Rejected);

const fn t(name: &'static str, from: &'static [DisputeStatus], to: DisputeStatus) -> Transition {
    Transition { name, from, to }
}

/// Every transition, for the tests that walk the whole matrix.
pub const ALL: [Transition; 11] = [
    STORE_ACCEPT,
    REFUSE,
    OFFER,
    TAKE_OFFER,
    ESCALATE,
    WITHDRAW,
    STORE_SILENT,
    OFFER_EXPIRED,
    NOT_ESCALATED,
    DECIDE_REFUND,
    DECIDE_REJECT,
];

/// Moves dispute `id` along `t`, also setting `set` (`, column = ?` pairs bound by `binds`).
pub(super) async fn apply(
    conn: &mut SqliteConnection,
    id: DisputeId,
    t: Transition,
    set: &str,
    binds: Binds<'_>,
) -> Result<(), AppError> {
    let moved = move_state(conn, "disputes", id.get(), t.from, t.to, set, binds)
        .await
        .context(format_args!("dispute {id}: {}", t.name))?;
    if moved {
        tell_buyer_in(conn, id, t).await
    } else {
        tracing::debug!(dispute = %id, transition = t.name, "refused in this state");
        Err(AppError::DisputeState)
    }
}

/// The shopper's system notice of a move they did not make themselves (the store's answer, a
/// deadline, the platform's decision), in the transition's transaction.
async fn tell_buyer_in(
    conn: &mut SqliteConnection,
    id: DisputeId,
    t: Transition,
) -> Result<(), AppError> {
    use crate::messages::ssr::{notice_in, Notice};
    if [TAKE_OFFER, ESCALATE, WITHDRAW].contains(&t) {
        return Ok(());
    }
    let user: UserId = sqlx::query_scalar("SELECT user_id FROM disputes WHERE id = ?")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let at = now();
    let notice = Notice {
        kind: crate::messages::NoticeKind::DisputeMoved,
        ru: format!("Спор № {id}: {}.", t.to.label(crate::i18n::Lang::Ru)),
        en: format!("Dispute № {id}: {}.", t.to.label(crate::i18n::Lang::En)),
        link: format!("/account/disputes/{id}"),
        dedup: format!("dispute:{id}:{}", t.name),
    };
    notice_in(conn, user, &notice, at).await.map(|_| ())
}
