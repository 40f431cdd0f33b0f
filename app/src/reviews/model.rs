//! What the review pages show: the shopper's two lists, one review with its history, a
//! product's reviews with their statistics, and a store's reviews.

use crate::ids::{ReviewId, StoreId};
use crate::orders::OrderNumber;
use serde::{Deserialize, Serialize};

/// The longest review text and follow-up kept, and the longest reply of a store.
pub const TEXT_MAX: usize = 5000;
pub const REPLY_MAX: usize = 2000;
/// Edits and follow-ups are taken until this many days after receipt was confirmed.
pub const WINDOW_DAYS: i64 = 30;

crate::code_enum! {
    /// What a version of a review's text was.
    EntryKind {
        Written => "written", "Отзыв", "Review";
        Edited => "edited", "Изменён", "Edited";
        FollowUp => "follow_up", "Дополнение", "Follow-up";
    }
}

/// The tabs of `/account/reviews`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tab {
    Awaiting,
    Mine,
}

impl Tab {
    pub fn parse(s: Option<&str>) -> Tab {
        match s {
            Some("mine") => Tab::Mine,
            _ => Tab::Awaiting,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Tab::Awaiting => "awaiting",
            Tab::Mine => "mine",
        }
    }
}

/// A line of a received order without a review yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwaitingLine {
    pub line: i64,
    pub product_id: i64,
    pub title: String,
    pub number: OrderNumber,
    pub store_name: String,
    pub received_at: i64,
}

/// One of the shopper's reviews, as listed and on its own page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyReview {
    pub id: ReviewId,
    pub line: i64,
    pub product_id: i64,
    pub title: String,
    pub number: OrderNumber,
    pub store_name: String,
    pub stars: u8,
    pub body: String,
    pub show_name: bool,
    pub photos: u8,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub reply: Option<String>,
    pub replied_at: Option<i64>,
    /// Days left to edit or add to it; `None` once the 30 days have passed.
    pub days_left: Option<i64>,
}

/// `/account/reviews`: the tab shown, both tabs' counts, and one page of the tab's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewLists {
    pub tab: Tab,
    /// The order number searched for, as typed ("" for none).
    pub query: String,
    pub awaiting_count: i64,
    pub mine_count: i64,
    pub awaiting: Vec<AwaitingLine>,
    pub mine: Vec<MyReview>,
    pub page: u32,
    pub pages: u32,
}

/// What the "write a review" page needs about the line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriteDraft {
    pub line: i64,
    pub product_id: i64,
    pub title: String,
    pub number: OrderNumber,
    pub store_name: String,
    /// Receipt confirmed: a review may be written.
    pub received: bool,
    /// The line's review, when there is one already.
    pub existing: Option<ReviewId>,
}

/// A version of a review's text, with its date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub kind: EntryKind,
    pub stars: Option<u8>,
    pub body: String,
    pub at: i64,
}

/// One of the shopper's reviews with every version of its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDetail {
    pub review: MyReview,
    pub entries: Vec<Entry>,
}

/// A follow-up shown under the review it adds to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub body: String,
    pub at: i64,
}

/// A review as everyone sees it on the product page (and the store in its console).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicReview {
    pub id: ReviewId,
    /// The shopper's name when they chose to show it; otherwise "Shopper".
    pub author: Option<String>,
    pub stars: u8,
    pub body: String,
    pub created_at: i64,
    pub edited: bool,
    pub follow_ups: Vec<FollowUp>,
    pub photos: u8,
    pub reply: Option<String>,
    pub replied_at: Option<i64>,
    /// For the store: the product and the order the review is about.
    pub product_id: i64,
    pub title: String,
}

/// The product page's reviews: statistics and one page, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductReviews {
    pub count: i64,
    /// The average in tenths of a star (45 = 4.5).
    pub average_x10: i64,
    /// How many reviews gave 5, 4, 3, 2 and 1 stars, in that order.
    pub distribution: [i64; 5],
    pub items: Vec<PublicReview>,
    pub page: u32,
    pub pages: u32,
}

/// The seller console's reviews: the store's, unanswered first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreReviews {
    pub store_id: StoreId,
    pub unanswered: i64,
    pub items: Vec<PublicReview>,
    pub page: u32,
    pub pages: u32,
}

/// A line of an order as the order page shows it: review it, or see (and edit) its review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineReview {
    pub line: i64,
    pub title: String,
    pub review: Option<ReviewId>,
    /// Days left to edit the review; `None` once closed (or with no review).
    pub days_left: Option<i64>,
}

/// Days left until `end` (a part of a day counts as a day), 0 once passed.
pub fn days_left(end: i64, now: i64) -> i64 {
    ((end - now).max(0) + 86_399) / 86_400
}

/// Stars from a form: a whole number from 1 to 5.
pub fn parse_stars(raw: &str) -> Result<u8, crate::error::AppError> {
    raw.trim()
        .parse::<u8>()
        .ok()
        .filter(|s| (1..=5).contains(s))
        .ok_or(crate::error::AppError::InvalidStars)
}

/// A review's (or follow-up's) text: trimmed, required, at most 5,000 characters.
pub fn parse_text(raw: &str) -> Result<String, crate::error::AppError> {
    use crate::error::{AppError, Field};
    let text = raw.trim().to_string();
    if text.is_empty() {
        return Err(AppError::Required(Field::Text));
    }
    if text.chars().count() > TEXT_MAX {
        return Err(AppError::TooLong(Field::Text, TEXT_MAX as u32));
    }
    Ok(text)
}

/// A store's reply: trimmed, required, at most 2,000 characters.
pub fn parse_reply(raw: &str) -> Result<String, crate::error::AppError> {
    use crate::error::{AppError, Field};
    let text = raw.trim().to_string();
    if text.is_empty() {
        return Err(AppError::Required(Field::Reply));
    }
    if text.chars().count() > REPLY_MAX {
        return Err(AppError::TooLong(Field::Reply, REPLY_MAX as u32));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{AppError, Field};

    #[test]
    fn stars_are_one_to_five_and_text_is_required_and_capped() {
        assert_eq!(parse_stars(" 5 "), Ok(5));
        for bad in ["0", "6", "", "x", "-1", "4.5"] {
            assert_eq!(parse_stars(bad), Err(AppError::InvalidStars), "{bad}");
        }
        assert_eq!(parse_text("  "), Err(AppError::Required(Field::Text)));
        assert!(parse_text(&"я".repeat(5000)).is_ok());
        assert_eq!(
            parse_text(&"я".repeat(5001)),
            Err(AppError::TooLong(Field::Text, 5000))
        );
    }

    #[test]
    fn days_left_counts_a_started_day_as_a_day() {
        assert_eq!(days_left(100 * 86_400, 70 * 86_400), 30);
        assert_eq!(days_left(100 * 86_400, 100 * 86_400 - 1), 1);
        assert_eq!(days_left(100 * 86_400, 100 * 86_400), 0);
        assert_eq!(days_left(100 * 86_400, 101 * 86_400), 0);
    }
}
