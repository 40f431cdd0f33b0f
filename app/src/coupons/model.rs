//! What a coupon is, as pages see it: its terms, where it sits in the wallet, and why it does not
//! apply to a basket. Shared by the server and the WASM (no SQL here).

use crate::i18n::Lang;
use crate::ids::StoreId;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// A wallet row (`user_coupons.id`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct HeldId(pub i64);

/// A coupon as issued (`coupons.id`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct CouponId(pub i64);

crate::code_enum!(
    /// A held coupon's use: written by `coupons::ssr` only.
    Use {
        Held => "held", "Не использован", "Not used";
        Used => "used", "Использован", "Used";
    }
);

crate::code_enum!(
    /// Who may claim a special coupon.
    Condition {
        NewShopper => "new_shopper", "Для новых покупателей: ещё нет оплаченных заказов",
            "For new shoppers: no paid order yet";
        ClubLevel => "club_level", "Для участников клуба от уровня", "For club members from level";
    }
);

crate::code_enum!(
    /// The wallet's tabs.
    Tab {
        All => "all", "Все", "All";
        Valid => "valid", "Действующие", "Valid";
        Upcoming => "upcoming", "Ещё не начались", "Upcoming";
        Used => "used", "Использованные", "Used";
        Expired => "expired", "Истёкшие", "Expired";
    }
);

/// Days before the end when a coupon is flagged "expires in N days" (and the notice is sent).
pub const EXPIRING_DAYS: i64 = 3;

/// How much a coupon takes off: a fixed amount, or a percentage up to a cap; from a minimum
/// order total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    /// The fixed amount off, or the percentage's cap.
    pub amount: Money,
    pub percent: Option<u32>,
    pub min_order: Money,
}

impl Terms {
    /// From the `coupons` columns: `discount`, `percent`, `min_order` (cents).
    pub fn from_columns(discount: i64, percent: Option<i64>, min_order: i64) -> Terms {
        Terms {
            amount: Money(discount),
            percent: percent.map(|p| p.clamp(0, 100) as u32),
            min_order: Money(min_order),
        }
    }

    /// The discount on an order of `base` (which has reached the minimum): never more than the
    /// order itself. A percentage is rounded down to the cent.
    pub fn discount_on(&self, base: Money) -> Money {
        let off = match self.percent {
            Some(p) => (base.cents() * p as i64 / 100).min(self.amount.cents()),
            None => self.amount.cents(),
        };
        Money(off.clamp(0, base.cents().max(0)))
    }

    /// "5,00 $ off orders from 25,00 $" / "10 % off, up to 15,00 $".
    pub fn describe(&self, lang: Lang) -> String {
        let amount = self.amount.format(lang);
        let off = match (self.percent, lang) {
            (Some(p), Lang::Ru) => format!("Скидка {p}\u{a0}% (не больше {amount})"),
            (Some(p), Lang::En) => format!("{p}% off (up to {amount})"),
            (None, Lang::Ru) => format!("Скидка {amount}"),
            (None, Lang::En) => format!("{amount} off"),
        };
        if self.min_order.cents() > 0 {
            format!(
                "{off} {} {}",
                lang.pick("при заказе от", "on orders from"),
                self.min_order.format(lang)
            )
        } else {
            format!(
                "{off} {}",
                lang.pick("без минимальной суммы", "with no minimum")
            )
        }
    }
}

/// Who gives a coupon: the platform, or a store (linked on pages).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Giver {
    Platform,
    Store { id: StoreId, name: String },
}

impl Giver {
    pub fn store_id(&self) -> Option<StoreId> {
        match self {
            Giver::Platform => None,
            Giver::Store { id, .. } => Some(*id),
        }
    }
}

/// A special coupon's condition, as shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Special {
    pub condition: Condition,
    pub level: Option<u32>,
}

impl Special {
    pub fn text(&self, lang: Lang) -> String {
        match (self.condition, self.level) {
            (Condition::ClubLevel, Some(l)) => format!("{} {l}", self.condition.label(lang)),
            (c, _) => c.label(lang).to_string(),
        }
    }
}

/// Why a held coupon does not apply to a basket now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotApplicable {
    /// This much more is needed to reach the minimum.
    MoreNeeded(Money),
    StartsOn(i64),
    Expired,
    Used,
}

impl NotApplicable {
    pub fn text(&self, lang: Lang, zone: crate::zone::Zone) -> String {
        match self {
            NotApplicable::MoreNeeded(m) => match lang {
                Lang::Ru => format!(
                    "Добавьте товаров ещё на {}, чтобы применить",
                    m.format(lang)
                ),
                Lang::En => format!("{} more to use it", m.format(lang)),
            },
            NotApplicable::StartsOn(t) => format!(
                "{} {}",
                lang.pick("Действует с", "Starts on"),
                crate::widgets::format_date_in(*t, lang, zone)
            ),
            NotApplicable::Expired => lang.pick("Срок действия истёк", "Expired").into(),
            NotApplicable::Used => lang.pick("Уже использован", "Already used").into(),
        }
    }
}

/// Whole days left until `ends_at` (rounded up), shown when [`EXPIRING_DAYS`] or fewer remain.
pub fn days_left(now: i64, ends_at: i64) -> Option<i64> {
    let left = ends_at - now;
    let days = (left + 86_399) / 86_400;
    (left > 0 && days <= EXPIRING_DAYS).then_some(days)
}

/// One coupon in the wallet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletCoupon {
    pub id: HeldId,
    pub code: String,
    pub giver: Giver,
    pub terms: Terms,
    pub special: Option<Special>,
    pub starts_at: i64,
    pub ends_at: i64,
    /// The tab it belongs to (never `All`).
    pub tab: Tab,
    /// The orders it went to, when used.
    pub orders: Vec<crate::domain::OrderNumber>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wallet {
    pub tab: Tab,
    /// Every tab with its count, in tab order.
    pub counts: Vec<(Tab, i64)>,
    pub coupons: Vec<WalletCoupon>,
    pub page: u32,
    pub pages: u32,
    /// The server's clock, for "expires in N days".
    pub now: i64,
}

/// A coupon offered on a store, product or home page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub id: CouponId,
    pub giver: Giver,
    pub terms: Terms,
    pub special: Option<Special>,
    pub starts_at: i64,
    pub ends_at: i64,
    /// How many are left in all (None: no limit).
    pub left: Option<i64>,
    /// The signed-in shopper already holds as many as they may.
    pub held: bool,
}

/// A coupon offered on a store, product or home page, already worded for the shopper (the page
/// carries text, not the coupon's model: the product page's first load stays small).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferLine {
    pub id: i64,
    /// "Скидка 5,00 $ при заказе от 25,00 $".
    pub terms: String,
    /// "Купон Kabinet", or "Купон магазина" and the store.
    pub giver: String,
    pub store: Option<(i64, String)>,
    pub special: Option<String>,
    /// "Действует с … по …".
    pub window: String,
    /// How many are left in all (None: no limit).
    pub left: Option<i64>,
    /// The signed-in shopper already holds as many as they may.
    pub held: bool,
}

/// One choice in a checkout's coupon list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: HeldId,
    pub terms: Terms,
    pub ends_at: i64,
    /// What it would take off here, or why it cannot.
    pub result: Result<Money, NotApplicable>,
}

/// The coupons of one store's order at checkout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreQuote {
    pub store_id: StoreId,
    pub store_name: String,
    pub subtotal: Money,
    pub options: Vec<Candidate>,
    pub chosen: Option<HeldId>,
    /// The store coupon's discount plus this order's share of the platform coupon.
    pub discount: Money,
    pub total: Money,
}

/// Every coupon decision of one checkout, recomputed by the server from the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub stores: Vec<StoreQuote>,
    pub platform: Vec<Candidate>,
    pub platform_chosen: Option<HeldId>,
    pub platform_discount: Money,
    pub total: Money,
    /// The choices as the place-order form sends them (`Choices::encode`).
    pub choices: String,
}

/// The shopper's coupon choices at checkout: per store and for the platform coupon. A missing
/// entry means "the best one"; `Some(None)`, "none".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choices {
    pub stores: Vec<(StoreId, Option<HeldId>)>,
    pub platform: Option<Option<HeldId>>,
}

impl Choices {
    /// From `s12=5&s13=0&p=7` (the checkout page's query or the place-order form): anything
    /// else in it is ignored; ids are checked against the wallet later.
    pub fn parse(raw: &str) -> Choices {
        let mut c = Choices::default();
        for pair in raw.split('&') {
            let Some((k, v)) = pair.split_once('=') else {
                continue;
            };
            let held = match v.trim().parse::<i64>() {
                Ok(0) => None,
                Ok(n) if n > 0 => Some(HeldId(n)),
                _ => continue,
            };
            if k == "p" {
                c.platform = Some(held);
            } else if let Some(store) = k.strip_prefix('s').and_then(|s| s.parse::<i64>().ok()) {
                if c.stores.len() < 100 && !c.stores.iter().any(|(s, _)| s.0 == store) {
                    c.stores.push((StoreId(store), held));
                }
            }
        }
        c
    }

    pub fn store(&self, id: StoreId) -> Option<Option<HeldId>> {
        self.stores.iter().find(|(s, _)| *s == id).map(|(_, h)| *h)
    }

    pub fn encode(&self) -> String {
        let id = |h: Option<HeldId>| h.map_or(0, |h| h.0);
        let mut parts: Vec<String> = self
            .stores
            .iter()
            .map(|(s, h)| format!("s{}={}", s.0, id(*h)))
            .collect();
        if let Some(p) = self.platform {
            parts.push(format!("p={}", id(p)));
        }
        parts.join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_percentage_is_rounded_down_and_capped_and_never_exceeds_the_order() {
        let pct = Terms {
            amount: Money(1_500),
            percent: Some(10),
            min_order: Money(0),
        };
        assert_eq!(pct.discount_on(Money(12_345)), Money(1_234));
        assert_eq!(pct.discount_on(Money(100_000)), Money(1_500));
        let fixed = Terms {
            amount: Money(500),
            percent: None,
            min_order: Money(0),
        };
        assert_eq!(fixed.discount_on(Money(300)), Money(300));
    }

    #[test]
    fn choices_round_trip_and_ignore_garbage() {
        let c = Choices::parse("s12=5&s13=0&p=7&x=1&s14=-3&s=2");
        assert_eq!(c.store(StoreId(12)), Some(Some(HeldId(5))));
        assert_eq!(c.store(StoreId(13)), Some(None));
        assert_eq!(c.store(StoreId(14)), None);
        assert_eq!(c.platform, Some(Some(HeldId(7))));
        assert_eq!(Choices::parse(&c.encode()), c);
    }

    #[test]
    fn the_flag_shows_in_the_last_three_days_only() {
        let day = 86_400;
        assert_eq!(days_left(0, 3 * day), Some(3));
        assert_eq!(days_left(0, 3 * day + 1), None);
        assert_eq!(days_left(0, 1), Some(1));
        assert_eq!(days_left(10, 10), None);
    }
}
