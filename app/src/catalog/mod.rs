//! The catalogue: home page rows, search, product and store pages, following a store.
//! Server functions here; SQL in `ssr`; pages in `views`.

mod grid;
#[cfg(feature = "ssr")]
pub mod picture;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod stem;
mod store_search;
mod store_views;
#[cfg(feature = "ssr")]
pub mod stores;
mod text;
mod views;

pub use grid::ProductGrid;
pub use store_search::*;
pub use store_views::{StoreCard, StoreList, StoreResults};
pub use text::ProductText;
pub use views::*;

use crate::error::AppError;

/// How many viewed products a shopper's history keeps ("recently viewed").
pub const VIEWS_KEPT: i64 = 500;
use crate::money::Money;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub parent_id: Option<i64>,
}

/// A product as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductCard {
    pub id: i64,
    pub title: String,
    pub price: Money,
    /// The price before the discount, when there is one.
    pub old_price: Option<Money>,
    pub rating_x10: i64,
    pub orders: i64,
    pub store_id: i64,
    pub store_name: String,
    pub in_stock: bool,
}

/// How search results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    #[default]
    Relevance,
    PriceAsc,
    PriceDesc,
    Orders,
    Newest,
}

impl Sort {
    pub const ALL: [Sort; 5] = [
        Sort::Relevance,
        Sort::PriceAsc,
        Sort::PriceDesc,
        Sort::Orders,
        Sort::Newest,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
            Sort::Orders => "orders",
            Sort::Newest => "newest",
        }
    }

    /// Unknown codes fall back to relevance.
    pub fn parse(code: &str) -> Sort {
        Sort::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .unwrap_or_default()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub items: Vec<ProductCard>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    pub categories: Vec<Category>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreSummary {
    pub id: i64,
    pub name: String,
    pub rating_x10: i64,
    pub followers: i64,
    pub opened_at: i64,
    pub products: i64,
    /// The signed-in shopper follows it.
    pub following: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub price: Money,
    pub old_price: Option<Money>,
    pub stock: i64,
    pub active: bool,
    pub rating_x10: i64,
    pub orders: i64,
    pub pictures: i64,
    pub category: Category,
    pub store: StoreSummary,
    /// The store's coupons to claim, as HTML (`coupons::ssr::offers_html`).
    pub offers: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorePage {
    pub store: StoreSummary,
    pub items: Vec<ProductCard>,
    pub page: u32,
    pub pages: u32,
    /// The store's coupons to claim, as HTML (`coupons::ssr::offers_html`).
    pub offers: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeRows {
    pub categories: Vec<Category>,
    pub deals: Vec<ProductCard>,
    pub popular: Vec<ProductCard>,
    pub newest: Vec<ProductCard>,
    /// The platform's coupons to claim, as HTML (`coupons::ssr::offers_html`).
    pub offers: String,
}

/// Categories, the biggest discounts, the most ordered and the newest products.
#[server(prefix = "/api", endpoint = "home_rows")]
pub async fn load_home() -> Result<HomeRows, AppError> {
    let cx = crate::context::ctx()?;
    let mut rows = ssr::home_rows(cx.pool(), cx.lang).await?;
    rows.offers = offers_for(&cx, None, "/").await?;
    Ok(rows)
}

/// The coupons page `back` offers (one store's, or the platform's: `None`), as HTML.
#[cfg(feature = "ssr")]
async fn offers_for(
    cx: &crate::context::Ctx,
    store: Option<crate::ids::StoreId>,
    back: &str,
) -> Result<String, AppError> {
    use crate::coupons::ssr;
    let user = cx.viewer.as_ref().map(|v| v.id);
    let now = crate::platform::now();
    let lines = ssr::offer_lines(cx.pool(), store, user, cx.lang, cx.zone, now).await?;
    Ok(ssr::offers_html(&lines, back, user.is_some(), cx.lang))
}

/// Searches the catalogue. Every argument is optional text, as it comes from the address bar.
#[server(prefix = "/api", endpoint = "search")]
pub async fn search(
    q: Option<String>,
    category: Option<String>,
    discounted: Option<String>,
    sort: Option<String>,
    page: Option<String>,
) -> Result<SearchResults, AppError> {
    let crate::context::Ctx { state, lang, .. } = crate::context::ctx()?;
    let query = ssr::SearchQuery {
        text: q.unwrap_or_default(),
        category: category.filter(|c| !c.is_empty()),
        discounted: discounted.is_some_and(|d| !d.is_empty() && d != "0"),
        sort: Sort::parse(sort.as_deref().unwrap_or_default()),
        page: crate::paging::parse_page(page.as_deref()),
    };
    crate::platform::with_status(
        ssr::search(&state.pool, lang, &query, state.config.search_deadline).await,
    )
}

/// A product page. Viewing it while signed in records the view for "recently viewed".
#[server(prefix = "/api", endpoint = "product")]
pub async fn product(id: i64) -> Result<ProductDetail, AppError> {
    let crate::context::Ctx { state, lang, .. } = crate::context::ctx()?;
    let user_id = crate::context::ctx()?.viewer.map(|v| v.id);
    let mut detail = ssr::product(&state.pool, lang, id, user_id).await?;
    if let Some(user_id) = user_id {
        ssr::record_view(&state.pool, user_id, id).await?;
    }
    let store = crate::ids::StoreId(detail.store.id);
    let back = format!("/product/{id}");
    detail.offers = offers_for(&crate::context::ctx()?, Some(store), &back).await?;
    Ok(detail)
}

#[server(prefix = "/api", endpoint = "store_page")]
pub async fn load_store(id: i64, page: Option<String>) -> Result<StorePage, AppError> {
    let crate::context::Ctx { state, lang, .. } = crate::context::ctx()?;
    let user_id = crate::context::ctx()?.viewer.map(|v| v.id);
    let mut page = stores::store_page(
        &state.pool,
        lang,
        id,
        user_id,
        crate::paging::parse_page(page.as_deref()),
    )
    .await?;
    let store = crate::ids::StoreId(page.store.id);
    let back = format!("/store/{id}");
    page.offers = offers_for(&crate::context::ctx()?, Some(store), &back).await?;
    Ok(page)
}

/// Follows (`follow` = "1") or unfollows a store, then goes back to `back`.
#[server(prefix = "/api", endpoint = "follow_store")]
pub async fn follow_store(
    store_id: i64,
    follow: String,
    back: Option<String>,
) -> Result<bool, AppError> {
    let back = crate::domain::safe_next(back.as_deref());
    let result = async {
        let user_id = crate::context::ctx()?.user()?;
        let state = crate::platform::state()?;
        stores::set_following(&state.pool, user_id, store_id, follow == "1").await
    }
    .await;
    crate::platform::answer(result, |_| back.clone(), &back)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_sort_orders_mean_relevance() {
        assert_eq!(Sort::parse("price_desc"), Sort::PriceDesc);
        assert_eq!(Sort::parse("<x>"), Sort::Relevance);
    }
}
