//! Row ids as types: a store id cannot be passed where a user id is expected. Transparent in
//! JSON and in SQL (`sqlx(transparent)`), parsed once from URLs.

use crate::error::AppError;
use serde::{Deserialize, Serialize};

macro_rules! ids {
    ($($(#[$meta:meta])* $name:ident;)*) => {$(
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);

        impl $name {
            /// Parses an id from a URL segment or form field; anything else is "not found".
            pub fn parse(raw: &str) -> Result<$name, AppError> {
                raw.trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .map($name)
                    .ok_or(AppError::NotFound)
            }

            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

ids! {
    /// A shopper's account (`users.id`); never shown: pages show the member ID.
    UserId;
    /// A store (`stores.id`).
    StoreId;
    /// An order row (`orders.id`); pages use the 16-digit order number instead.
    OrderId;
    /// A dispute (`disputes.id`), shown as "№ id".
    DisputeId;
    /// A product (`products.id`).
    ProductId;
    /// A saved address (`addresses.id`).
    AddressId;
    /// A product review (`reviews.id`).
    ReviewId;
    /// A conversation in the message center (`conversations.id`).
    ConversationId;
    /// An e-mail in a shopper's e-mail log (`mail_log.id`).
    MailId;
    /// A shopper's public profile (`users.public_id`, random): the only number that names a
    /// shopper to others.
    ProfileId;
    /// A shopper's report (`reports.id`), shown as its case number.
    ReportId;
    /// A translation proposal (`translation_proposals.id`).
    ProposalId;
    /// One of a shopper's passkeys (`passkeys.id`).
    PasskeyId;
}

/// Whose objects a query may see: a shopper's own, or a store's. Every read and change of an
/// order or a dispute names one, so another's object answers "not found".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    Shopper(UserId),
    Store(StoreId),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_from_urls_and_anything_else_is_not_found() {
        assert_eq!(OrderId::parse(" 42 "), Ok(OrderId(42)));
        for bad in ["", "0", "-1", "4x", "99999999999999999999"] {
            assert_eq!(DisputeId::parse(bad), Err(AppError::NotFound), "{bad}");
        }
        assert_eq!(serde_json::to_string(&StoreId(7)).unwrap(), "7");
    }
}
