//! Improve translation (`/account/translate`): product texts (titles and descriptions, Russian ↔
//! English) one at a time, from different categories, never one the shopper has seen; rate the
//! current text or another shopper's proposal (1–5), propose a better text, or skip. "My
//! contributions" (`/account/translate/mine`) lists the shopper's proposals.
//!
//! The acceptance rule: a proposal is accepted by a moderator, or automatically as soon as at
//! least [`ACCEPT_VOTES`] eligible shoppers other than its author rated it and its average is at
//! least [`ACCEPT_MARGIN`] star above the current text's (an unrated current text counts as 3).
//! Eligible: a confirmed e-mail and at least one received (completed) order; nobody else may
//! rate. The rule runs in the vote's own `BEGIN IMMEDIATE` transaction, so concurrent votes
//! accept once. An accepted text replaces the product's (and its search index), and its author
//! gets [`crate::club::TRANSLATION_POINTS`] club points, once per proposal. This section owns
//! `translation_proposals.status` (`ssr/write.rs`).

#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use views::*;

use crate::catalog::ProductText;
use crate::error::AppError;
use crate::ids::{ProductId, ProposalId};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Eligible ratings a proposal needs before the rule can accept it.
pub const ACCEPT_VOTES: i64 = 3;
/// How many stars the proposal's average must be above the current text's.
pub const ACCEPT_MARGIN: i64 = 1;
/// The average an unrated current text counts as.
pub const UNRATED_AVERAGE: i64 = 3;

crate::code_enum!(ProposalStatus {
    Pending => "pending", "Ждёт решения", "Pending";
    Accepted => "accepted", "Принят", "Accepted";
    Declined => "declined", "Отклонён", "Rejected";
});

/// Another shopper's proposal for the text on the card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: ProposalId,
    pub text: String,
    pub own: bool,
    /// The viewer's rating of it, if any.
    pub mine: Option<i64>,
}

/// One text to look at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub product: ProductId,
    /// The product's title in the viewer's language, for the link.
    pub title: String,
    pub part: ProductText,
    /// The same text in the other language.
    pub source: String,
    pub current: String,
    /// Ratings of the current text: how many, and the average × 10.
    pub votes: i64,
    pub average_x10: i64,
    pub mine: Option<i64>,
    pub candidates: Vec<Candidate>,
}

/// One of the shopper's proposals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    pub id: ProposalId,
    pub product: ProductId,
    pub title: String,
    pub part: ProductText,
    pub text: String,
    pub replaced: String,
    pub status: ProposalStatus,
    pub reason: String,
    pub votes: i64,
    pub average_x10: i64,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contributions {
    pub items: Vec<Contribution>,
    pub page: u32,
    pub pages: u32,
}

#[cfg(feature = "ssr")]
fn parse_text(product: &str, part: &str) -> Result<(ProductId, ProductText), AppError> {
    let product = ProductId::parse(product)?;
    let part = ProductText::parse(part.trim()).ok_or(AppError::NotFound)?;
    Ok((product, part))
}

#[cfg(feature = "ssr")]
fn card_url(product: &str, part: &str) -> String {
    format!(
        "/account/translate?product={}&part={}",
        crate::web::query_escape(product.trim()),
        crate::web::query_escape(part.trim())
    )
}

/// The card asked for (`product` and `part`), else the next text the shopper has not seen;
/// `None` when none is left.
#[server(prefix = "/api", endpoint = "translate_card")]
pub async fn load_card(
    product: Option<String>,
    part: Option<String>,
) -> Result<Option<Card>, AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        let user = cx.user()?;
        let asked = match (product.as_deref(), part.as_deref()) {
            (Some(p), Some(t)) if !p.is_empty() => Some(parse_text(p, t)?),
            _ => None,
        };
        ssr::card(cx.pool(), user, cx.lang, asked).await
    }
    .await;
    crate::platform::with_status(result)
}

/// Rates the current text (`target` 0) or a proposal (its id), 1–5. The card is then seen.
#[server(prefix = "/api", endpoint = "rate_text")]
pub async fn rate_text(
    product: String,
    part: String,
    target: String,
    stars: Option<String>,
) -> Result<bool, AppError> {
    let back = card_url(&product, &part);
    let result = async {
        let (product, part) = parse_text(&product, &part)?;
        let target: i64 = target.trim().parse().map_err(|_| AppError::NotFound)?;
        let stars = stars
            .as_deref()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .filter(|s| (1..=5).contains(s))
            .ok_or(AppError::Required(crate::error::Field::Stars))?;
        let cx = crate::context::ctx()?;
        ssr::rate(&cx.state, cx.user()?, product, part, target, stars).await
    }
    .await;
    crate::platform::answer(
        result,
        |accepted| {
            if *accepted {
                "/account/translate?rated=accepted".to_string()
            } else {
                "/account/translate?rated=1".to_string()
            }
        },
        &back,
    )
}

/// Proposes a better text for one part of a product.
#[server(prefix = "/api", endpoint = "propose_text")]
pub async fn propose_text(
    product: String,
    part: String,
    text: String,
) -> Result<ProposalId, AppError> {
    let back = card_url(&product, &part);
    let result = async {
        let (product, part) = parse_text(&product, &part)?;
        let cx = crate::context::ctx()?;
        ssr::propose(cx.pool(), cx.user()?, product, part, &text).await
    }
    .await;
    crate::platform::answer(
        result,
        |_| "/account/translate/mine?proposed=1".to_string(),
        &back,
    )
}

/// Skips the card: it is not shown again.
#[server(prefix = "/api", endpoint = "skip_text")]
pub async fn skip_text(product: String, part: String) -> Result<(), AppError> {
    let back = card_url(&product, &part);
    let result = async {
        let (product, part) = parse_text(&product, &part)?;
        let cx = crate::context::ctx()?;
        ssr::skip(cx.pool(), cx.user()?, product, part).await
    }
    .await;
    crate::platform::answer(result, |_| "/account/translate".to_string(), &back)
}

/// A page of the shopper's proposals, newest first.
#[server(prefix = "/api", endpoint = "my_contributions")]
pub async fn my_contributions(page: Option<String>) -> Result<Contributions, AppError> {
    let cx = crate::context::ctx()?;
    let page = crate::paging::parse_page(page.as_deref());
    crate::platform::with_status(ssr::contributions(cx.pool(), cx.user()?, cx.lang, page).await)
}
