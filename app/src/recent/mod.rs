//! Recently viewed (`/account/recent`): the products the shopper opened, the latest view of each,
//! grouped by day; "find similar", only discounted, a category filter; remove one, clear all,
//! pause the recording. The catalogue records views (`catalog::ssr::record_view`, which keeps the
//! last 500 per shopper and honours the pause); this section reads and removes them.

#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use views::*;

use crate::catalog::{Category, ProductCard};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub use crate::catalog::VIEWS_KEPT;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentItem {
    pub card: ProductCard,
    pub viewed_at: i64,
    /// The product's category, for "find similar".
    pub category_slug: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentList {
    pub items: Vec<RecentItem>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    /// Top-level categories, for the filter.
    pub categories: Vec<Category>,
    /// Views are not being recorded.
    pub paused: bool,
}

/// A page of the signed-in shopper's recently viewed products, newest view first.
#[server(prefix = "/api", endpoint = "recent")]
pub async fn load_recent(
    category: Option<String>,
    discounted: Option<String>,
    page: Option<String>,
) -> Result<RecentList, AppError> {
    let cx = crate::context::ctx()?;
    let filter = ssr::Filter {
        category: category.filter(|c| !c.trim().is_empty()),
        discounted: discounted.is_some_and(|d| !d.is_empty() && d != "0"),
        page: crate::paging::parse_page(page.as_deref()),
    };
    ssr::list(cx.pool(), cx.lang, cx.user()?, &filter).await
}

/// Removes one product from the history.
#[server(prefix = "/api", endpoint = "remove_viewed")]
pub async fn remove_viewed(product_id: String) -> Result<(), AppError> {
    let result = async {
        let id = crate::ids::ProductId::parse(&product_id)?;
        let cx = crate::context::ctx()?;
        ssr::remove(cx.pool(), cx.user()?, Some(id)).await
    }
    .await;
    crate::platform::answer(
        result,
        |_| "/account/recent?removed=1".into(),
        "/account/recent",
    )
}

/// Empties the history.
#[server(prefix = "/api", endpoint = "clear_viewed")]
pub async fn clear_viewed() -> Result<(), AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        ssr::remove(cx.pool(), cx.user()?, None).await
    }
    .await;
    crate::platform::answer(
        result,
        |_| "/account/recent?cleared=1".into(),
        "/account/recent",
    )
}

/// Pauses (`pause` = "1") or resumes the recording of views.
#[server(prefix = "/api", endpoint = "pause_views")]
pub async fn pause_views(pause: String) -> Result<(), AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        ssr::set_paused(cx.pool(), cx.user()?, pause == "1").await
    }
    .await;
    crate::platform::answer(result, |_| "/account/recent".into(), "/account/recent")
}
