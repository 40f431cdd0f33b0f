//! The seller console (`/seller`): a store owner's orders by state, shipping with a tracking
//! number, and tracking events. A seller sees and changes only their own store's orders.

mod coupons;
pub mod disputes;
#[cfg(feature = "ssr")]
mod mails;
mod messages;
mod products;
#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use coupons::SellerCoupons;
pub use disputes::{SellerDisputePage, SellerDisputes, SellerNav};
pub use messages::{SellerConversationPage, SellerMessages};
pub use products::*;
pub use views::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::orders::OrderNumber;
use crate::orders::{OrderDetail, OrderStatus, OrderSummary};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerOrders {
    pub store_name: String,
    /// How many orders the store has in each state.
    pub counts: Vec<(OrderStatus, i64)>,
    pub status: OrderStatus,
    pub items: Vec<OrderSummary>,
    pub page: u32,
    pub pages: u32,
}

/// The asking user's store, or `Forbidden` for a shopper without one.
#[cfg(feature = "ssr")]
pub fn require_store() -> Result<crate::ids::StoreId, AppError> {
    crate::context::ctx()?.store()
}

#[server(prefix = "/api", endpoint = "seller_orders")]
pub async fn list_seller_orders(
    status: Option<String>,
    page: Option<String>,
) -> Result<SellerOrders, AppError> {
    let store_id = require_store()?;
    let crate::context::Ctx { state, lang, .. } = crate::context::ctx()?;
    let status = status
        .as_deref()
        .and_then(OrderStatus::parse)
        .unwrap_or(OrderStatus::AwaitingShipment);
    let page = crate::paging::parse_page(page.as_deref());
    ssr::orders(&state.pool, lang, store_id, status, page).await
}

/// A store's order as the seller console shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerOrderData {
    pub order: OrderDetail,
    /// Its disputes' steps, for the timeline.
    pub steps: Vec<crate::disputes::DisputeStep>,
    /// The buyer's record ("buyer reliability").
    pub buyer: crate::disputes::BuyerRating,
}

/// One of the store's orders, with its disputes' steps and the buyer's record.
#[server(prefix = "/api", endpoint = "seller_order")]
pub async fn seller_order(number: String) -> Result<SellerOrderData, AppError> {
    let number = OrderNumber::parse(&number)?;
    let store_id = require_store()?;
    let crate::context::Ctx { state, lang, .. } = crate::context::ctx()?;
    let party = crate::ids::Party::Store(store_id);
    let order = crate::orders::ssr::detail(&state.pool, lang, party, number).await?;
    let (steps, _) = crate::disputes::ssr::steps_of_order(&state.pool, party, number).await?;
    let mut conn = state.pool.acquire().await?;
    let buyer_id = ssr::buyer_of(&mut conn, store_id, number).await?;
    let buyer = crate::disputes::ssr::buyer_rating(&mut conn, buyer_id).await?;
    Ok(SellerOrderData {
        order,
        steps,
        buyer,
    })
}

/// Marks a paid order shipped with the carrier and tracking number.
#[server(prefix = "/api", endpoint = "ship_order")]
pub async fn ship_order(
    number: String,
    carrier: String,
    tracking_number: String,
) -> Result<(), AppError> {
    let back = format!("/seller/orders/{}", crate::web::query_escape(number.trim()));
    let result = async {
        let number = OrderNumber::parse(&number)?;
        let carrier = ssr::parse_carrier(&carrier)?;
        let tracking = ssr::parse_tracking(&tracking_number)?;
        let store_id = require_store()?;
        let state = crate::platform::state()?;
        ssr::ship(&state.pool, store_id, number, &carrier, &tracking).await?;
        mails::order_event(&state, store_id, number, mails::OrderEvent::Shipped).await;
        Ok(())
    }
    .await;
    crate::platform::answer(result, |_| format!("{back}?shipped=1"), &back)
}

/// Adds a tracking event to a shipped order ("delivered" moves it to "delivered").
#[server(prefix = "/api", endpoint = "add_tracking_event")]
pub async fn add_tracking_event(
    number: String,
    kind: String,
    note: Option<String>,
) -> Result<(), AppError> {
    let back = format!("/seller/orders/{}", crate::web::query_escape(number.trim()));
    let result = async {
        let number = OrderNumber::parse(&number)?;
        let kind = crate::orders::TrackingKind::from_form(&kind)?;
        let note = ssr::parse_note(note.as_deref().unwrap_or_default())?;
        let store_id = require_store()?;
        let state = crate::platform::state()?;
        ssr::add_event(&state.pool, store_id, number, kind, &note).await?;
        if kind == crate::orders::TrackingKind::Delivered {
            mails::order_event(&state, store_id, number, mails::OrderEvent::Delivered).await;
        }
        Ok(())
    }
    .await;
    crate::platform::answer(
        result,
        |_| format!("{back}?event=1"),
        &format!("{back}?form=event"),
    )
}
