//! The shopper's order page (`/account/orders/{number}`), assembled here because it reads two
//! sections: the order (from `orders`) and its disputes (from `disputes`). Neither of those
//! imports the other's pages, and `orders` does not import `disputes` at all.

mod views;

pub use views::*;

use crate::disputes::OrderDisputes;
use crate::error::AppError;
use crate::orders::OrderDetail;
#[cfg(feature = "ssr")]
use crate::orders::{OrderNumber, OrderStatus};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPageData {
    pub order: OrderDetail,
    pub disputes: OrderDisputes,
    /// The lines of a received order with their reviews (empty before receipt).
    pub reviews: Vec<crate::reviews::LineReview>,
}

/// One of the signed-in shopper's orders with its disputes; "not found" for anyone else's.
#[server(prefix = "/api", endpoint = "order_detail")]
pub async fn load_order_page(number: String) -> Result<OrderPageData, AppError> {
    let number = OrderNumber::parse(&number)?;
    let cx = crate::context::ctx()?;
    let user = cx.user()?;
    let party = crate::ids::Party::Shopper(user);
    let mut order = crate::orders::ssr::detail(cx.pool(), cx.lang, party, number).await?;
    // The deadline the confirm job keeps: a delivered order confirms itself at its end.
    if let (OrderStatus::Delivered, Some(at)) = (order.status, order.delivered_at) {
        let by = at + cx.state.config.auto_confirm_after.as_secs() as i64;
        order.confirm_by = Some(by);
        order.confirm_days_left = Some(crate::disputes::days_left(by, crate::platform::now()));
    }
    let disputes = crate::disputes::ssr::on_order(cx.pool(), user, number).await?;
    let now = crate::platform::now();
    let reviews = crate::reviews::ssr::on_order(cx.pool(), cx.lang, user, number, now).await?;
    Ok(OrderPageData {
        order,
        disputes,
        reviews,
    })
}
