//! Orders: their states (owned by [`state`]), numbers and tracking, the list and the bin, the
//! shopper's actions, and the order body both order pages show. The shopper's order page, which
//! also shows disputes, is assembled by `order_page`; the jobs that move orders live in `jobs`.

pub mod actions;
pub mod list;
mod list_views;
#[cfg(feature = "ssr")]
pub mod mails;
mod model;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod state;
mod views;

pub use actions::*;
pub use list::*;
pub use list_views::*;
pub use model::*;
pub use views::*;

use crate::error::AppError;
use leptos::prelude::*;

/// Simulated payment of one order awaiting payment.
#[server(prefix = "/api", endpoint = "pay_order")]
pub async fn pay_order(number: String) -> Result<u32, AppError> {
    let back = format!(
        "/account/orders/{}",
        crate::web::query_escape(number.trim())
    );
    let result = async {
        let number = OrderNumber::parse(&number)?;
        let cx = crate::context::ctx()?;
        let paid = ssr::pay(
            cx.pool(),
            cx.user()?,
            ssr::Payable::One(number),
            cx.zone,
            crate::money::Money(0),
        )
        .await?;
        if paid > 0 {
            mails::paid(&cx, paid).await;
        }
        Ok(paid)
    }
    .await;
    crate::platform::answer(result, |_| format!("{back}?paid=1"), &back)
}
