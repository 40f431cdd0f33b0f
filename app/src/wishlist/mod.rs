//! The wish list (`/account/wishlist`): a heart on product cards and the product page adds or
//! removes a product (a plain form: works without JavaScript); the list shows the price when
//! added and today's, "price dropped", "sold out" and "no longer available"; move to the cart;
//! remove; paged. Private to the shopper.

#[cfg(feature = "ssr")]
pub mod alerts;
#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use views::*;

use crate::error::AppError;
use crate::money::Money;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A wish list holds at most this many products.
pub const MAX_ITEMS: i64 = 10_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WishItem {
    pub product_id: i64,
    pub title: String,
    pub store_id: i64,
    pub store_name: String,
    pub added_at: i64,
    pub price_when_added: Money,
    pub price_now: Money,
    pub available: bool,
    pub in_stock: bool,
}

impl WishItem {
    /// How much cheaper it is than when it was added, if it is.
    pub fn dropped_by(&self) -> Option<Money> {
        let d = self.price_when_added.cents() - self.price_now.cents();
        (d > 0).then_some(Money(d))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WishList {
    pub items: Vec<WishItem>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
}

/// A page of the signed-in shopper's wish list, the latest added first.
#[server(prefix = "/api", endpoint = "wishlist")]
pub async fn load_wishlist(page: Option<String>) -> Result<WishList, AppError> {
    let cx = crate::context::ctx()?;
    let page = crate::paging::parse_page(page.as_deref());
    ssr::list(cx.pool(), cx.lang, cx.user()?, page).await
}

/// Which of `ids` (comma-separated product ids) are in the shopper's wish list; none for a guest.
#[server(prefix = "/api", endpoint = "wished")]
pub async fn wished_among(ids: String) -> Result<Vec<i64>, AppError> {
    let cx = crate::context::ctx()?;
    let Some(user) = cx.viewer.as_ref().map(|v| v.id) else {
        return Ok(Vec::new());
    };
    let ids: Vec<i64> = ids
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .take(100)
        .collect();
    ssr::wished_among(cx.pool(), user, &ids).await
}

/// Adds (`on` = "1") or removes a product, then goes back to `back`.
#[server(prefix = "/api", endpoint = "toggle_wish")]
pub async fn toggle_wish(
    product_id: String,
    on: String,
    back: Option<String>,
) -> Result<bool, AppError> {
    let back = crate::domain::safe_next(back.as_deref());
    let result = async {
        let id = crate::ids::ProductId::parse(&product_id)?;
        let cx = crate::context::ctx()?;
        ssr::set(cx.pool(), cx.user()?, id, on == "1").await
    }
    .await;
    crate::platform::answer(result, |_| back.clone(), &back)
}

/// Puts one unit in the cart and takes the product off the wish list.
#[server(prefix = "/api", endpoint = "wish_to_cart")]
pub async fn wish_to_cart(product_id: String) -> Result<(), AppError> {
    let result = async {
        let id = crate::ids::ProductId::parse(&product_id)?;
        let cx = crate::context::ctx()?;
        let user = cx.user()?;
        let one = crate::money::Quantity::parse("1")?;
        crate::cart::ssr::add(cx.pool(), user, id.get(), one).await?;
        ssr::set(cx.pool(), user, id, false).await.map(|_| ())
    }
    .await;
    crate::platform::answer(
        result,
        |_| "/account/wishlist?moved=1".into(),
        "/account/wishlist",
    )
}
