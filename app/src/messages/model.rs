//! The message center's types: who wrote, what a conversation is about, and the pages' data.

use crate::error::{AppError, Field};
use crate::ids::{ConversationId, ProductId};
use serde::{Deserialize, Serialize};

/// A message is at most this many characters.
pub const MAX_TEXT: usize = 2_000;
/// A sender may send at most this many messages in a minute (flooding a store, or a shopper).
pub const FLOOD_PER_MINUTE: i64 = 10;
/// Conversations per page of the list and the inbox.
pub const CONVERSATIONS_PER_PAGE: u32 = 20;
/// Messages shown at once in a conversation; older ones are a link away.
pub const MESSAGES_PER_PAGE: i64 = 50;
/// How often an open page asks for new messages (milliseconds).
pub const POLL_MS: u64 = 5_000;

crate::code_enum!(Sender {
    Buyer => "buyer", "Покупатель", "Shopper";
    Store => "store", "Магазин", "Store";
    System => "system", "Kabinet", "Kabinet";
});

crate::code_enum!(NoticeKind {
    OrderShipped => "order_shipped", "Заказ отправлен", "Order shipped";
    OrderDelivered => "order_delivered", "Заказ доставлен", "Order delivered";
    DisputeMoved => "dispute_moved", "Спор", "Dispute";
    PriceDropped => "price_dropped", "Цена снизилась", "Price dropped";
    CouponExpiring => "coupon_expiring", "Купон скоро истечёт", "Coupon expiring";
    Moderation => "moderation", "Решение модератора", "Moderator's decision";
});

/// What a new conversation is about: one of the shopper's orders, or a product.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum About {
    Order(crate::domain::OrderNumber),
    Product(ProductId),
}

impl About {
    /// From the page's query or the form: an order number wins over a product id.
    pub fn parse(product: Option<&str>, order: Option<&str>) -> Result<About, AppError> {
        match (order.map(str::trim), product.map(str::trim)) {
            (Some(o), _) if !o.is_empty() => crate::domain::OrderNumber::parse(o).map(About::Order),
            (_, Some(p)) if !p.is_empty() => ProductId::parse(p).map(About::Product),
            _ => Err(AppError::NotFound),
        }
    }
}

impl About {
    /// The new-message page's query for it.
    pub fn query(self) -> String {
        match self {
            About::Order(n) => format!("order={n}"),
            About::Product(p) => format!("product={p}"),
        }
    }
}

/// Where a message goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Existing(ConversationId),
    New(About),
}

impl Target {
    /// The form's `to`: `c<conversation id>`, `p<product id>` or `o<order number>`.
    pub fn parse(to: &str) -> Result<Target, AppError> {
        let to = to.trim();
        let rest = to.get(1..).unwrap_or_default();
        match to.chars().next() {
            Some('c') => ConversationId::parse(rest).map(Target::Existing),
            Some('p') => ProductId::parse(rest).map(|p| Target::New(About::Product(p))),
            Some('o') => {
                crate::domain::OrderNumber::parse(rest).map(|o| Target::New(About::Order(o)))
            }
            _ => Err(AppError::NotFound),
        }
    }

    /// The form's `to` for it.
    pub fn key(self) -> String {
        match self {
            Target::Existing(c) => format!("c{c}"),
            Target::New(About::Product(p)) => format!("p{p}"),
            Target::New(About::Order(o)) => format!("o{o}"),
        }
    }
}

/// The message's text: trimmed, 1 to 2,000 characters, kept as plain text.
pub fn parse_text(raw: &str) -> Result<String, AppError> {
    let text = raw.trim().replace("\r\n", "\n");
    if text.is_empty() {
        return Err(AppError::Required(Field::Message));
    }
    if text.chars().count() > MAX_TEXT {
        return Err(AppError::TooLong(Field::Message, MAX_TEXT as u32));
    }
    Ok(text)
}

/// What a conversation is about, as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Topic {
    Order { number: String },
    Product { id: i64, title: String },
    System,
}

/// A line of the conversation list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationLine {
    pub id: ConversationId,
    /// The store (for the shopper) or the shopper (for the store); empty for system notices.
    pub with: String,
    pub store_id: Option<i64>,
    pub topic: Topic,
    pub last_from: Sender,
    /// The start of the last message.
    pub last_text: String,
    pub last_at: i64,
    pub unread: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub items: Vec<ConversationLine>,
    pub total: i64,
    pub unread: i64,
    pub page: u32,
    pub pages: u32,
}

/// One message as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: i64,
    pub from: Sender,
    pub text: String,
    /// A system notice's page (an order, a dispute, a product).
    pub link: Option<String>,
    pub at: i64,
    /// Positions of its photos (1–5).
    pub photos: Vec<i64>,
}

/// A conversation page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thread {
    pub id: ConversationId,
    pub with: String,
    pub store_id: Option<i64>,
    pub topic: Topic,
    /// Oldest first.
    pub messages: Vec<Message>,
    /// Set when older messages exist: the `before` of the page with them.
    pub earlier: Option<i64>,
    /// What this side had unread before this read (the header then asks again).
    pub unread_before: i64,
}

impl Thread {
    /// System notices cannot be answered.
    pub fn can_reply(&self) -> bool {
        self.topic != Topic::System
    }

    pub fn last_id(&self) -> i64 {
        self.messages.last().map_or(0, |m| m.id)
    }
}

/// The page that starts a conversation: to whom, about what (and the conversation that already
/// exists for it, if any).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub store_id: i64,
    pub store_name: String,
    pub topic: Topic,
    pub existing: Option<ConversationId>,
}

/// Unread messages: the shopper's, and a seller's store's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unread {
    pub mine: i64,
    pub store: i64,
}

/// The start of a text for a list line.
pub fn snippet(text: &str) -> String {
    const MAX: usize = 120;
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX {
        one_line
    } else {
        let cut: String = one_line.chars().take(MAX).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_trimmed_and_between_one_and_two_thousand_characters() {
        assert_eq!(parse_text("  привет \r\n ").unwrap(), "привет");
        assert_eq!(parse_text(" \n "), Err(AppError::Required(Field::Message)));
        assert!(parse_text(&"я".repeat(2_000)).is_ok());
        assert_eq!(
            parse_text(&"я".repeat(2_001)),
            Err(AppError::TooLong(Field::Message, 2_000))
        );
    }

    #[test]
    fn an_order_number_wins_over_a_product_and_nothing_is_not_found() {
        assert!(matches!(
            About::parse(Some("5"), Some("")),
            Ok(About::Product(ProductId(5)))
        ));
        assert_eq!(About::parse(None, None), Err(AppError::NotFound));
        assert_eq!(About::parse(Some("x"), None), Err(AppError::NotFound));
    }

    #[test]
    fn a_target_is_read_back_from_its_key_and_anything_else_is_not_found() {
        for t in [
            Target::Existing(ConversationId(7)),
            Target::New(About::Product(ProductId(5))),
        ] {
            assert_eq!(Target::parse(&t.key()), Ok(t));
        }
        for bad in ["", "c", "x5", "c-1", "p0", "o123"] {
            assert_eq!(Target::parse(bad), Err(AppError::NotFound), "{bad}");
        }
    }

    #[test]
    fn a_snippet_is_one_line_and_cut_with_an_ellipsis() {
        assert_eq!(snippet("a\n\nb"), "a b");
        let long = snippet(&"слово ".repeat(100));
        assert!(long.ends_with('…') && long.chars().count() <= 121);
    }
}
