//! Finding a store by name: the search page's "stores" tab and the favourite-stores page.

use super::StoreSummary;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A page of stores found by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreHits {
    pub items: Vec<StoreSummary>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
}

/// Stores whose name has the words of `q` (any word form, as in product search).
#[server(prefix = "/api", endpoint = "search_stores")]
pub async fn search_stores(q: Option<String>, page: Option<String>) -> Result<StoreHits, AppError> {
    let cx = crate::context::ctx()?;
    let user = cx.viewer.as_ref().map(|v| v.id);
    let page = crate::paging::parse_page(page.as_deref());
    let deadline = cx.state.config.search_deadline;
    let text = q.as_deref().unwrap_or_default();
    super::stores::search_stores(cx.pool(), text, user, page, deadline).await
}
