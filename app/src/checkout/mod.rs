//! Checkout (`/checkout`): pick an address, see one order per store, place them, pay.

#[cfg(feature = "ssr")]
mod mails;
#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use views::*;

use crate::addresses::Address;
use crate::cart::Cart;
use crate::error::AppError;
use crate::orders::OrderSummary;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutView {
    pub addresses: Vec<Address>,
    /// Only the selected lines.
    pub cart: Cart,
    /// A fresh key for this checkout page: submitting it twice places the orders once.
    pub key: String,
}

#[server(prefix = "/api", endpoint = "checkout")]
pub async fn checkout() -> Result<CheckoutView, AppError> {
    let user_id = crate::context::ctx()?.user()?;
    let crate::context::Ctx { state, lang, .. } = crate::context::ctx()?;
    let mut cart = crate::cart::ssr::load(&state.pool, lang, user_id).await?;
    for g in &mut cart.groups {
        g.lines.retain(|l| l.selected);
    }
    cart.groups.retain(|g| !g.lines.is_empty());
    Ok(CheckoutView {
        addresses: crate::addresses::ssr::list(&state.pool, user_id).await?,
        cart,
        key: ssr::new_key(),
    })
}

/// Places one order per store for the selected cart lines. Prices come from the catalogue, never
/// from the request. Returns the checkout key (the payment page's address).
#[server(prefix = "/api", endpoint = "place_order")]
pub async fn place_order(
    checkout_key: String,
    address_id: Option<i64>,
) -> Result<String, AppError> {
    let result = async {
        let key = ssr::parse_key(&checkout_key)?;
        let address_id = address_id.ok_or(AppError::Required(crate::error::Field::Address))?;
        let cx = crate::context::ctx()?;
        let placed = ssr::place(cx.pool(), cx.user()?, &key, address_id).await?;
        let pay = format!("{}/checkout/pay/{key}", cx.state.config.public_url);
        if let Err(e) = mails::placed(&cx, &placed, &pay).await {
            tracing::error!(error = ?e, "order e-mail not sent");
        }
        Ok(key)
    }
    .await;
    crate::platform::answer(result, |key| format!("/checkout/pay/{key}"), "/checkout")
}

/// The orders of one checkout (the payment page).
#[server(prefix = "/api", endpoint = "checkout_orders")]
pub async fn checkout_orders(key: String) -> Result<Vec<OrderSummary>, AppError> {
    let key = ssr::parse_key(&key).map_err(|_| AppError::NotFound)?;
    let user_id = crate::context::ctx()?.user()?;
    let crate::context::Ctx { state, lang, .. } = crate::context::ctx()?;
    ssr::orders_of(&state.pool, lang, user_id, &key).await
}

/// Simulated payment: "Оплатить" pays every order of the checkout still awaiting payment.
#[server(prefix = "/api", endpoint = "pay_checkout")]
pub async fn pay_checkout(key: String) -> Result<u32, AppError> {
    let back = format!("/checkout/pay/{}", crate::web::query_escape(&key));
    let result = async {
        let key = ssr::parse_key(&key).map_err(|_| AppError::NotFound)?;
        let cx = crate::context::ctx()?;
        let payable = crate::orders::ssr::Payable::Checkout(key);
        let paid = crate::orders::ssr::pay(cx.pool(), cx.user()?, payable, cx.zone).await?;
        if paid > 0 {
            crate::orders::mails::paid(&cx, paid).await;
        }
        Ok(paid)
    }
    .await;
    crate::platform::answer(result, |_| format!("{back}?paid=1"), &back)
}
