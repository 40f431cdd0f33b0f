//! The club (`/account/club`): a ledger of points earned by buying and reviewing, five levels by
//! the points of the last twelve months, and the privileges each level brings (price-drop
//! alerts, faster refunds, faster dispute review). The ledger is this module's alone: orders,
//! refunds and reviews call its `ssr::*_in` functions inside their own transactions.

#[cfg(feature = "ssr")]
pub mod ssr;

use serde::{Deserialize, Serialize};

crate::code_enum! {
    /// What a row of the points ledger counts.
    PointsKind {
        Purchase => "purchase", "Заказ получен", "Order received";
        Refund => "refund", "Возврат денег по заказу", "Refund on an order";
        Review => "review", "Отзыв", "Review";
        ReviewRemoved => "review_removed", "Отзыв удалён", "Review removed";
        PurchaseDay => "purchase_day", "День с покупкой", "Day with a purchase";
        Translation => "translation", "Спасибо за перевод", "Thanks for a translation";
    }
}

/// A shopper's club level, 1 to 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Level(u8);

impl Level {
    pub const FIRST: Level = Level(1);
    pub const TOP: Level = Level(5);

    /// Any number, clamped to 1–5 (a level read back from a row).
    pub fn new(level: i64) -> Level {
        Level(level.clamp(1, 5) as u8)
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// The level that `points` (earned in the last twelve months) reach.
    pub fn for_points(points: i64) -> Level {
        let reached = LEVELS.iter().filter(|l| points >= l.threshold).count();
        Level::new(reached as i64)
    }

    /// This level's row of [`LEVELS`].
    pub fn terms(self) -> &'static LevelTerms {
        &LEVELS[(self.0 - 1) as usize]
    }

    /// The next level up, if any.
    pub fn next(self) -> Option<Level> {
        (self < Level::TOP).then(|| Level(self.0 + 1))
    }
}

/// What a level needs and what it gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LevelTerms {
    pub ru: &'static str,
    pub en: &'static str,
    /// Points earned in the last twelve months from which the level applies.
    pub threshold: i64,
    /// The wish list and the cart send a message when a saved product's price falls.
    pub price_drop_alerts: bool,
    /// The store has less time to answer a dispute before the platform refunds.
    pub faster_refunds: bool,
    /// The platform decides an escalated dispute sooner.
    pub faster_review: bool,
}

/// The one table of levels. Thresholds spread the demo shoppers over the levels: a shopper who
/// completes an order of about $60 a month reaches level 2 in a few months, level 3 takes about
/// $500 a year, level 5 a heavy buyer's $4,000.
pub const LEVELS: [LevelTerms; 5] = [
    LevelTerms {
        ru: "Новичок",
        en: "Newcomer",
        threshold: 0,
        price_drop_alerts: false,
        faster_refunds: false,
        faster_review: false,
    },
    LevelTerms {
        ru: "Серебро",
        en: "Silver",
        threshold: 100,
        price_drop_alerts: true,
        faster_refunds: false,
        faster_review: false,
    },
    LevelTerms {
        ru: "Золото",
        en: "Gold",
        threshold: 500,
        price_drop_alerts: true,
        faster_refunds: true,
        faster_review: false,
    },
    LevelTerms {
        ru: "Платина",
        en: "Platinum",
        threshold: 1500,
        price_drop_alerts: true,
        faster_refunds: true,
        faster_review: true,
    },
    LevelTerms {
        ru: "Бриллиант",
        en: "Diamond",
        threshold: 4000,
        price_drop_alerts: true,
        faster_refunds: true,
        faster_review: true,
    },
];

/// Points per event.
pub const REVIEW_POINTS: i64 = 5;
pub const PURCHASE_DAY_POINTS: i64 = 5;
/// Thanks for an accepted translation (`translate`), once per proposal.
pub const TRANSLATION_POINTS: i64 = 20;
/// Cents per point of a completed order (one point per whole dollar).
pub const CENTS_PER_POINT: i64 = 100;
/// The window the level counts points over.
pub const LEVEL_WINDOW_SECS: i64 = 365 * 86_400;

/// The club at a glance: the account home and the club page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClubSummary {
    pub level: Level,
    /// Earned in the last twelve months: what the level counts.
    pub points_year: i64,
    /// Every point ever earned, less those taken back.
    pub points_total: i64,
}

impl ClubSummary {
    pub fn of(points_year: i64, points_total: i64) -> ClubSummary {
        ClubSummary {
            level: Level::for_points(points_year),
            points_year,
            points_total,
        }
    }

    /// The next level and the points still missing, if any level is left.
    pub fn to_next(&self) -> Option<(Level, i64)> {
        let next = self.level.next()?;
        Some((next, (next.terms().threshold - self.points_year).max(0)))
    }

    /// How far towards the next level, 0–100 (100 at the top).
    pub fn progress_percent(&self) -> u8 {
        let Some(next) = self.level.next() else {
            return 100;
        };
        let from = self.level.terms().threshold;
        let span = (next.terms().threshold - from).max(1);
        (((self.points_year - from).clamp(0, span) * 100) / span) as u8
    }
}

/// One row of the points history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsRow {
    pub kind: PointsKind,
    pub points: i64,
    pub at: i64,
    /// The order the row is about (linked), if any.
    pub order_number: Option<i64>,
}

/// A page of the points history, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsHistory {
    pub rows: Vec<PointsRow>,
    pub page: u32,
    pub pages: u32,
    pub total: i64,
}

/// What the club knows of a shopper's record: orders received, reviews written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClubRecord {
    pub deals: i64,
    pub reviews: i64,
}

/// The signed-in shopper's level and points (the account home).
#[leptos::server(prefix = "/api", endpoint = "club_summary")]
pub async fn load_club_summary() -> Result<ClubSummary, crate::error::AppError> {
    let cx = crate::context::ctx()?;
    ssr::summary(cx.pool(), cx.user()?, crate::platform::now()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_starts_at_its_threshold() {
        assert_eq!(Level::for_points(-20), Level::FIRST);
        assert_eq!(Level::for_points(0), Level::FIRST);
        assert_eq!(Level::for_points(99), Level::new(1));
        assert_eq!(Level::for_points(100), Level::new(2));
        assert_eq!(Level::for_points(499), Level::new(2));
        assert_eq!(Level::for_points(500), Level::new(3));
        assert_eq!(Level::for_points(1500), Level::new(4));
        assert_eq!(Level::for_points(3999), Level::new(4));
        assert_eq!(Level::for_points(4000), Level::TOP);
        assert_eq!(Level::for_points(1_000_000), Level::TOP);
        assert_eq!(Level::TOP.next(), None);
        assert_eq!(Level::FIRST.next(), Some(Level::new(2)));
    }

    #[test]
    fn progress_counts_from_the_current_threshold_to_the_next() {
        let s = ClubSummary::of(300, 320);
        assert_eq!(s.level, Level::new(2));
        assert_eq!(s.to_next(), Some((Level::new(3), 200)));
        assert_eq!(s.progress_percent(), 50);
        let top = ClubSummary::of(9000, 9000);
        assert_eq!((top.to_next(), top.progress_percent()), (None, 100));
        assert_eq!(ClubSummary::of(-5, 0).progress_percent(), 0);
    }

    #[test]
    fn privileges_only_grow_with_the_level() {
        for pair in LEVELS.windows(2) {
            assert!(pair[0].threshold < pair[1].threshold);
            assert!(pair[0].price_drop_alerts <= pair[1].price_drop_alerts);
            assert!(pair[0].faster_refunds <= pair[1].faster_refunds);
            assert!(pair[0].faster_review <= pair[1].faster_review);
        }
        assert!(Level::new(3).terms().faster_refunds && !Level::new(3).terms().faster_review);
        assert!(Level::new(4).terms().faster_review);
    }
}
