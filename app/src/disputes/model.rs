//! Dispute types: reasons, states, steps, the deadline table by club level, and the window in
//! which an order can be disputed.

use crate::error::{AppError, Field};
use crate::i18n::Lang;
use crate::money::Money;
use crate::orders::{OrderNumber, OrderStatus};
use serde::{Deserialize, Serialize};

crate::code_enum!(DisputeReason {
    NotReceived => "not_received", "Заказ не получен", "Order not received";
    NotAsDescribed => "not_as_described", "Не соответствует описанию", "Not as described";
    Damaged => "damaged", "Товар повреждён", "Item damaged";
    WrongItem => "wrong_item", "Прислали не тот товар", "Wrong item sent";
    Other => "other", "Другое", "Other";
});

crate::code_enum!(DisputeStatus {
    AwaitingStore => "awaiting_store", "Ожидает ответа магазина", "Awaiting the store's answer";
    Offered => "offered", "Магазин предложил частичный возврат", "The store offers a partial refund";
    Refused => "refused", "Магазин отказал", "The store refused";
    Escalated => "escalated", "На рассмотрении площадки", "Under review by the platform";
    Refunded => "refunded", "Закрыт: деньги возвращены", "Closed: refunded";
    Rejected => "rejected", "Закрыт без возврата", "Closed without a refund";
    Withdrawn => "withdrawn", "Отозван покупателем", "Withdrawn by the buyer";
});

crate::code_enum!(StepKind {
    Opened => "opened", "Открыт спор", "Dispute opened";
    StoreAccepted => "store_accepted", "Магазин согласился на возврат", "The store accepted the refund";
    StoreRefused => "store_refused", "Магазин отказал", "The store refused";
    StoreOffered => "store_offered", "Магазин предложил частичный возврат", "The store offered a partial refund";
    OfferAccepted => "offer_accepted", "Покупатель принял предложение", "The buyer accepted the offer";
    Escalated => "escalated", "Спор передан площадке", "Dispute escalated to the platform";
    Withdrawn => "withdrawn", "Спор отозван", "Dispute withdrawn";
    DecidedRefund => "decided_refund", "Решение площадки: вернуть деньги", "Platform decision: refund";
    DecidedRejected => "decided_rejected", "Решение площадки: без возврата", "Platform decision: no refund";
    StoreSilent => "store_silent", "Магазин не ответил вовремя — деньги возвращены", "The store did not answer in time: refunded";
    OfferExpired => "offer_expired", "Срок ответа истёк — предложение магазина принято", "Reply time ran out: the store's offer was taken";
    NotEscalated => "not_escalated", "Отказ не оспорен вовремя — спор закрыт", "The refusal was not escalated in time: closed";
});

/// Still waiting for somebody: the store, the shopper or the platform.
pub const OPEN: [DisputeStatus; 4] = [
    DisputeStatus::AwaitingStore,
    DisputeStatus::Offered,
    DisputeStatus::Refused,
    DisputeStatus::Escalated,
];

impl DisputeStatus {
    pub fn is_open(self) -> bool {
        OPEN.contains(&self)
    }

    /// Who has to act before the deadline.
    pub fn waiting_for(self, lang: Lang, seller: bool) -> Option<&'static str> {
        use DisputeStatus as S;
        Some(match (self, seller) {
            (S::AwaitingStore, false) => lang.pick("ответ магазина", "the store's answer"),
            (S::AwaitingStore, true) => lang.pick("ваш ответ", "your answer"),
            (S::Offered | S::Refused, false) => lang.pick("ваш ответ", "your answer"),
            (S::Offered | S::Refused, true) => lang.pick("ответ покупателя", "the buyer's answer"),
            (S::Escalated, _) => lang.pick("решение площадки", "the platform's decision"),
            _ => return None,
        })
    }
}

impl DisputeReason {
    pub fn from_form(code: &str) -> Result<DisputeReason, AppError> {
        DisputeReason::parse(code.trim()).ok_or(AppError::InvalidChoice(Field::Reason))
    }
}

/// A shopper's club level, 1 to 5 (the club's own type).
pub use crate::club::Level as ClubLevel;

/// A buyer's record, for the club page and (as a short "buyer reliability" line) for the store
/// that ships to them: orders received and reviews written (from the club's ledger), disputes
/// opened and how they ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuyerRating {
    pub deals: i64,
    pub reviews: i64,
    pub disputes: i64,
    pub refunded: i64,
    pub rejected: i64,
    pub withdrawn: i64,
    pub in_progress: i64,
}

/// How long each side has, in days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    /// The store answers; silence past it refunds the shopper in full.
    pub store_answer: i64,
    /// The shopper answers an offer or a refusal.
    pub shopper_reply: i64,
    /// The platform reviews an escalated dispute.
    pub platform_review: i64,
}

/// The one deadline table. Levels 3–4 get faster refunds (the store has less time before the
/// platform refunds), level 4 a faster review; level 5 keeps level 4's terms.
pub const DEADLINES: [Deadlines; 5] = [
    Deadlines {
        store_answer: 5,
        shopper_reply: 5,
        platform_review: 7,
    },
    Deadlines {
        store_answer: 5,
        shopper_reply: 5,
        platform_review: 7,
    },
    Deadlines {
        store_answer: 3,
        shopper_reply: 5,
        platform_review: 7,
    },
    Deadlines {
        store_answer: 3,
        shopper_reply: 5,
        platform_review: 3,
    },
    Deadlines {
        store_answer: 3,
        shopper_reply: 5,
        platform_review: 3,
    },
];

pub fn deadlines(level: ClubLevel) -> Deadlines {
    DEADLINES[(level.get() - 1) as usize]
}

pub const DAY: i64 = 86_400;

/// How long after delivery (or confirmation, whichever is later) a dispute may still be opened.
pub const WINDOW_DAYS: i64 = 15;

/// Whether an order can be disputed now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Window {
    /// Not shipped yet (cancel instead).
    NotYet,
    /// Open; closes at that time once the order has been delivered or confirmed.
    Open {
        closes: Option<i64>,
    },
    Closed,
}

pub fn dispute_window(
    status: OrderStatus,
    delivered_at: Option<i64>,
    completed_at: Option<i64>,
    now: i64,
) -> Window {
    use OrderStatus as S;
    match status {
        S::AwaitingPayment | S::AwaitingShipment => Window::NotYet,
        S::Cancelled | S::Closed => Window::Closed,
        S::Shipped | S::Delivered | S::Completed => {
            match delivered_at
                .max(completed_at)
                .map(|t| t + WINDOW_DAYS * DAY)
            {
                Some(closes) if closes < now => Window::Closed,
                closes => Window::Open { closes },
            }
        }
    }
}

/// What the shopper's order page shows about an order's disputes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDisputes {
    /// Every step of every dispute of the order, oldest first.
    pub steps: Vec<DisputeStep>,
    /// The latest dispute (a withdrawn one only when there is no other).
    pub latest: Option<(crate::ids::DisputeId, DisputeStatus)>,
    /// A dispute can be opened now.
    pub can_open: bool,
    /// When the window closes, and the whole days left (once delivered or confirmed).
    pub closes: Option<(i64, i64)>,
}

/// Whole days left until `at` (rounded up), never negative.
pub fn days_left(at: i64, now: i64) -> i64 {
    ((at - now).max(0) + DAY - 1) / DAY
}

/// One step of a dispute, for its page and the order's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeStep {
    pub kind: StepKind,
    pub amount: Option<Money>,
    pub note: String,
    pub at: i64,
}

impl DisputeStep {
    pub fn text(&self, lang: Lang) -> String {
        let mut text = self.kind.label(lang).to_string();
        if let Some(a) = self.amount {
            text = format!("{text}: {}", a.format(lang));
        }
        if !self.note.is_empty() {
            text = format!("{text} — «{}»", self.note);
        }
        text
    }
}

/// A dispute as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeSummary {
    pub id: crate::ids::DisputeId,
    pub order_number: OrderNumber,
    pub store_name: String,
    pub buyer_name: String,
    pub reason: DisputeReason,
    pub status: DisputeStatus,
    pub refund_asked: Money,
    pub refunded: Money,
    /// The next deadline, while the dispute is open, and the whole days left until it.
    pub deadline: Option<i64>,
    pub days_left: Option<i64>,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeList {
    pub items: Vec<DisputeSummary>,
    /// Open disputes (the seller console's first tab).
    pub open: i64,
    pub page: u32,
    pub pages: u32,
}

/// A dispute with everything its page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeDetail {
    pub summary: DisputeSummary,
    pub return_goods: bool,
    pub description: String,
    pub offer: Option<Money>,
    pub store_note: Option<String>,
    /// Paid for the order, and what may still be refunded.
    pub paid: Money,
    pub club_level: u8,
    /// Photo positions (1–5), served at `/account/disputes/{id}/photos/{n}`.
    pub photos: Vec<i64>,
    pub steps: Vec<DisputeStep>,
}

/// What the "open a dispute" form needs to know about the order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeDraft {
    pub number: OrderNumber,
    pub store_name: String,
    pub status: OrderStatus,
    /// The most that can be asked back (paid, less refunds).
    pub refundable: Money,
    pub window: Window,
    /// Whole days left until the window closes.
    pub days_left: Option<i64>,
    /// The dispute already open for this order.
    pub existing: Option<i64>,
    /// Disputes of this order the shopper withdrew.
    pub withdrawn: i64,
}

/// A withdrawn dispute may be opened again once: after a second withdrawal the order cannot be
/// disputed any more (each opening asks the store to answer within its deadline).
pub const REOPENS_AFTER_WITHDRAWAL: i64 = 1;

/// Why no dispute can be opened on an order now, if none can: outside its window, nothing left
/// to refund, a dispute already there, or withdrawn twice. The one rule for the order page, the form and `open`.
pub fn open_refusal(
    window: Window,
    refundable: Money,
    existing: bool,
    withdrawn: i64,
) -> Option<AppError> {
    if !matches!(window, Window::Open { .. }) || refundable.cents() <= 0 {
        Some(AppError::DisputeWindow)
    } else if existing {
        Some(AppError::DisputeExists)
    } else if withdrawn > REOPENS_AFTER_WITHDRAWAL {
        Some(AppError::DisputeReopenUsed)
    } else {
        None
    }
}

impl DisputeDraft {
    /// Whether a dispute asking `amount` (`None`: everything refundable) may be opened now;
    /// answers the amount to refund.
    pub fn amount_to_open(&self, amount: Option<Money>) -> Result<Money, AppError> {
        if let Some(e) = open_refusal(
            self.window,
            self.refundable,
            self.existing.is_some(),
            self.withdrawn,
        ) {
            return Err(e);
        }
        match amount {
            Some(a) if a > self.refundable => Err(AppError::RefundTooHigh {
                max: self.refundable.cents(),
            }),
            Some(a) => Ok(a),
            None => Ok(self.refundable),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_opens_at_shipment_and_closes_fifteen_days_after_delivery_or_confirmation() {
        let now = 100 * DAY;
        assert_eq!(
            dispute_window(OrderStatus::AwaitingShipment, None, None, now),
            Window::NotYet
        );
        assert_eq!(
            dispute_window(OrderStatus::Shipped, None, None, now),
            Window::Open { closes: None }
        );
        let delivered = now - 10 * DAY;
        assert_eq!(
            dispute_window(OrderStatus::Delivered, Some(delivered), None, now),
            Window::Open {
                closes: Some(delivered + 15 * DAY)
            }
        );
        // Confirmed later than delivered: counted from the confirmation.
        assert_eq!(
            dispute_window(
                OrderStatus::Completed,
                Some(now - 40 * DAY),
                Some(now - 14 * DAY),
                now
            ),
            Window::Open {
                closes: Some(now + DAY)
            }
        );
        assert_eq!(
            dispute_window(
                OrderStatus::Completed,
                Some(now - 40 * DAY),
                Some(now - 16 * DAY),
                now
            ),
            Window::Closed
        );
        assert_eq!(
            dispute_window(OrderStatus::Cancelled, None, None, now),
            Window::Closed
        );
    }

    #[test]
    fn higher_club_levels_get_shorter_deadlines() {
        let one = deadlines(ClubLevel::FIRST);
        let three = deadlines(ClubLevel::new(3));
        let four = deadlines(ClubLevel::new(4));
        assert!(three.store_answer < one.store_answer);
        assert_eq!(three.platform_review, one.platform_review);
        assert!(four.platform_review < three.platform_review);
        assert_eq!(ClubLevel::new(9).get(), 5);
        assert_eq!(days_left(10 * DAY + 1, 0), 11);
        assert_eq!(days_left(0, 5), 0);
    }
}
