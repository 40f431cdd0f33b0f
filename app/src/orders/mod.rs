//! Orders: their states, numbers and tracking, the order page, and the background task that
//! cancels unpaid orders and confirms delivered ones.

pub mod actions;
pub mod list;
mod list_views;
mod model;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod tasks;
mod views;

pub use actions::*;
pub use list::*;
pub use list_views::*;
pub use model::*;
pub use views::*;

use crate::error::AppError;
use leptos::prelude::*;

/// One of the signed-in shopper's orders.
#[server(prefix = "/api", endpoint = "order_detail")]
pub async fn load_order(number: String) -> Result<OrderDetail, AppError> {
    let number = OrderNumber::parse(&number)?;
    let (_, user_id) = crate::auth::require_user().await?;
    let (state, lang) = crate::catalog::ssr::context()?;
    let mut order = ssr::detail(&state.pool, lang, ssr::Owner::Shopper(user_id), number).await?;
    // The deadline the background task keeps: a delivered order confirms itself at its end.
    if let (OrderStatus::Delivered, Some(at)) = (order.status, order.delivered_at) {
        let by = at + state.config.auto_confirm_after.as_secs() as i64;
        order.confirm_by = Some(by);
        order.confirm_days_left = Some(((by - crate::platform::now()).max(0) + 86_399) / 86_400);
    }
    Ok(order)
}

/// Simulated payment of one order awaiting payment.
#[server(prefix = "/api", endpoint = "pay_order")]
pub async fn pay_order(number: String) -> Result<u32, AppError> {
    let back = format!(
        "/account/orders/{}",
        crate::web::query_escape(number.trim())
    );
    let result = async {
        let number = OrderNumber::parse(&number)?;
        let (_, user_id) = crate::auth::require_user().await?;
        let pool = crate::platform::state()?.pool;
        ssr::pay(&pool, user_id, ssr::Payable::One(number)).await
    }
    .await;
    crate::platform::answer(result, |_| format!("{back}?paid=1"), &back)
}
