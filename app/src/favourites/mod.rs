//! Favourite stores (`/account/stores`): the stores the shopper follows, each with its newest
//! products, unfollow; and finding any store by name. Following is the catalogue's
//! (`catalog::follow_store`, which also keeps the store's follower count).

#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use views::*;

use crate::catalog::{ProductCard, StoreSummary};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Newest products shown under each followed store.
pub const NEWEST: i64 = 4;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FavouriteStore {
    pub store: StoreSummary,
    pub newest: Vec<ProductCard>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FavouriteStores {
    pub items: Vec<FavouriteStore>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
}

/// A page of the stores the signed-in shopper follows, the latest followed first.
#[server(prefix = "/api", endpoint = "favourite_stores")]
pub async fn load_favourites(page: Option<String>) -> Result<FavouriteStores, AppError> {
    let cx = crate::context::ctx()?;
    let page = crate::paging::parse_page(page.as_deref());
    ssr::followed(cx.pool(), cx.lang, cx.user()?, page).await
}
