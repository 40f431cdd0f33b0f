//! The cart (`/cart`): signed-in shoppers only, grouped by store, prices read afresh at every view.

#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use views::*;

use crate::error::AppError;
use crate::money::Money;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Why a cart line cannot be bought as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineProblem {
    /// Withdrawn from sale.
    Unavailable,
    /// None left in stock.
    SoldOut,
    /// Fewer in stock than the quantity in the cart.
    OnlyLeft(i64),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub product_id: i64,
    pub title: String,
    /// Today's price for one unit.
    pub unit_price: Money,
    pub old_price: Option<Money>,
    pub quantity: u32,
    pub stock: i64,
    pub selected: bool,
    pub problem: Option<LineProblem>,
}

impl CartLine {
    pub fn line_total(&self) -> Money {
        self.unit_price.times(self.quantity)
    }

    /// Selected and buyable as it is.
    pub fn buyable(&self) -> bool {
        self.selected && self.problem.is_none()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartGroup {
    pub store_id: i64,
    pub store_name: String,
    pub lines: Vec<CartLine>,
}

impl CartGroup {
    /// What the selected, buyable lines of this store cost.
    pub fn subtotal(&self) -> Money {
        self.lines
            .iter()
            .filter(|l| l.buyable())
            .fold(Money(0), |sum, l| sum.plus(l.line_total()))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub groups: Vec<CartGroup>,
}

impl Cart {
    pub fn total(&self) -> Money {
        self.groups
            .iter()
            .fold(Money(0), |sum, g| sum.plus(g.subtotal()))
    }

    /// Units selected and buyable.
    pub fn selected_units(&self) -> u32 {
        self.lines()
            .filter(|l| l.buyable())
            .map(|l| l.quantity)
            .sum()
    }

    pub fn lines(&self) -> impl Iterator<Item = &CartLine> {
        self.groups.iter().flat_map(|g| g.lines.iter())
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

#[server(prefix = "/api", endpoint = "cart")]
pub async fn load_cart() -> Result<Cart, AppError> {
    let user_id = crate::context::ctx()?.user()?;
    let crate::context::Ctx { state, lang, .. } = crate::context::ctx()?;
    ssr::load(&state.pool, lang, user_id).await
}

/// Adds `quantity` of a product (on top of what is already in the cart).
#[server(prefix = "/api", endpoint = "add_to_cart")]
pub async fn add_to_cart(product_id: i64, quantity: String) -> Result<u32, AppError> {
    let back = format!("/product/{product_id}");
    let result = async {
        let quantity = crate::money::Quantity::parse(&quantity)?;
        let user_id = crate::context::ctx()?.user()?;
        let state = crate::platform::state()?;
        ssr::add(&state.pool, user_id, product_id, quantity).await
    }
    .await;
    crate::platform::answer(result, |_| format!("{back}?added=1"), &back)
}

/// Sets a line's quantity.
#[server(prefix = "/api", endpoint = "set_cart_quantity")]
pub async fn set_cart_quantity(product_id: i64, quantity: String) -> Result<u32, AppError> {
    let result = async {
        let quantity = crate::money::Quantity::parse(&quantity)?;
        let user_id = crate::context::ctx()?.user()?;
        let state = crate::platform::state()?;
        ssr::set_quantity(&state.pool, user_id, product_id, quantity).await
    }
    .await;
    let back = format!("/cart?line={product_id}");
    crate::platform::answer(result, |_| "/cart".into(), &back)
}

#[server(prefix = "/api", endpoint = "remove_from_cart")]
pub async fn remove_from_cart(product_id: i64) -> Result<(), AppError> {
    let result = async {
        let user_id = crate::context::ctx()?.user()?;
        let state = crate::platform::state()?;
        ssr::remove(&state.pool, user_id, product_id).await
    }
    .await;
    crate::platform::answer(result, |_| "/cart?removed=1".into(), "/cart")
}

/// Ticks (`selected` = "1") or unticks one line, or every line when `product_id` is absent.
#[server(prefix = "/api", endpoint = "select_cart_lines")]
pub async fn select_cart_lines(product_id: Option<i64>, selected: String) -> Result<(), AppError> {
    let result = async {
        let user_id = crate::context::ctx()?.user()?;
        let state = crate::platform::state()?;
        ssr::select(&state.pool, user_id, product_id, selected == "1").await
    }
    .await;
    crate::platform::answer(result, |_| "/cart".into(), "/cart")
}
