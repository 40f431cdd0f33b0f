//! Checkout (`/checkout`): pick an address, see one order per store, place them, pay.

#[cfg(feature = "ssr")]
mod mails;
#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use views::*;

use crate::addresses::Address;
use crate::cart::Cart;
use crate::coupons::Quote;
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
    /// The coupons: the best preselected, or the shopper's choices (`coupons` below).
    pub quote: Quote,
}

/// The checkout page's data. `coupons` carries the shopper's coupon choices (`s12=5&p=0`, from
/// the page's query); the discounts are computed here from the wallet, never taken from it.
#[server(prefix = "/api", endpoint = "checkout")]
pub async fn checkout(coupons: Option<String>) -> Result<CheckoutView, AppError> {
    let user_id = crate::context::ctx()?.user()?;
    let crate::context::Ctx { state, lang, .. } = crate::context::ctx()?;
    let mut cart = crate::cart::ssr::load(&state.pool, lang, user_id).await?;
    for g in &mut cart.groups {
        g.lines.retain(|l| l.selected);
    }
    cart.groups.retain(|g| !g.lines.is_empty());
    let choices = crate::coupons::Choices::parse(coupons.as_deref().unwrap_or(""));
    let t = crate::platform::now();
    let held = {
        let mut conn = state.pool.acquire().await?;
        crate::coupons::ssr::held_in(&mut conn, user_id, t, &choices).await?
    };
    let quote = crate::coupons::rules::quote(&held, &ssr::groups_of(&cart), &choices, t, false)?;
    Ok(CheckoutView {
        addresses: crate::addresses::ssr::list(&state.pool, user_id).await?,
        cart,
        key: ssr::new_key(),
        quote,
    })
}

/// Places one order per store for the selected cart lines. Prices come from the catalogue and
/// discounts from the wallet, never from the request (`coupons` names the chosen coupons only).
/// Returns the checkout key (the payment page's address).
#[server(prefix = "/api", endpoint = "place_order")]
pub async fn place_order(
    checkout_key: String,
    address_id: Option<i64>,
    coupons: Option<String>,
) -> Result<String, AppError> {
    let result = async {
        let key = ssr::parse_key(&checkout_key)?;
        let address_id = address_id.ok_or(AppError::Required(crate::error::Field::Address))?;
        let cx = crate::context::ctx()?;
        // A store or the platform missing from the choices gets the best coupon, as the page
        // shows by default.
        let choices = crate::coupons::Choices::parse(coupons.as_deref().unwrap_or(""));
        let placed = ssr::place(cx.pool(), cx.user()?, &key, address_id, &choices).await?;
        let pay = format!("{}/checkout/pay/{key}", cx.state.config.public_url);
        if placed.now {
            if let Err(e) = mails::placed(&cx, &placed.numbers, &pay).await {
                tracing::error!(error = ?e, "order e-mail not sent");
            }
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

/// Simulated payment: "Оплатить" pays every order of the checkout still awaiting payment,
/// `gift` (an amount, optional) from the shopper's gift cards and the rest by card.
#[server(prefix = "/api", endpoint = "pay_checkout")]
pub async fn pay_checkout(key: String, gift: Option<String>) -> Result<u32, AppError> {
    let back = format!("/checkout/pay/{}", crate::web::query_escape(&key));
    let result = async {
        let key = ssr::parse_key(&key).map_err(|_| AppError::NotFound)?;
        let zero = |g: &&str| g.chars().all(|c| matches!(c, '0' | '.' | ','));
        let gift = match gift.as_deref().map(str::trim).filter(|g| !zero(g)) {
            Some(g) => crate::money::Money::parse_amount(g)
                .map_err(|_| AppError::OutOfRange(crate::error::Field::Gift))?,
            None => crate::money::Money(0),
        };
        let cx = crate::context::ctx()?;
        let payable = crate::orders::ssr::Payable::Checkout(key);
        let paid = crate::orders::ssr::pay(cx.pool(), cx.user()?, payable, cx.zone, gift).await?;
        if paid > 0 {
            crate::orders::mails::paid(&cx, paid).await;
        }
        Ok(paid)
    }
    .await;
    crate::platform::answer(result, |_| format!("{back}?paid=1"), &back)
}
