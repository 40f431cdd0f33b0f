//! Gift cards (подарочные сертификаты, `/account/coupons/gift-cards`): a code redeemed into the
//! shopper's balance, with its history; spent as part of a payment on the payment page (the
//! shopper chooses how much, the soonest-expiring card first); refunds of that part go back to
//! the balance (a refund returns the card part first, then the gift-card part).

#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use views::*;

use crate::domain::OrderNumber;
use crate::error::AppError;
use crate::money::Money;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

crate::code_enum!(
    /// A change of a gift card's balance.
    MoveKind {
        Redeemed => "redeemed", "Сертификат активирован", "Card redeemed";
        Spent => "spent", "Оплата заказа", "Paid for an order";
        Refunded => "refund", "Возврат на сертификат", "Refunded to the card";
    }
);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GiftCard {
    /// The code's last four characters: enough to tell cards apart.
    pub last4: String,
    pub amount: Money,
    pub balance: Money,
    pub redeemed_at: i64,
    pub expires_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GiftMove {
    pub last4: String,
    /// Positive: the balance grew.
    pub amount: Money,
    pub kind: MoveKind,
    pub order: Option<OrderNumber>,
    pub at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GiftWallet {
    /// What can be spent now (cards not expired).
    pub balance: Money,
    pub cards: Vec<GiftCard>,
    pub moves: Vec<GiftMove>,
    pub page: u32,
    pub pages: u32,
    pub now: i64,
}

/// The shopper's gift cards and one page of their history (the latest first).
#[server(prefix = "/api", endpoint = "gift_cards")]
pub async fn load_gift_cards(page: Option<String>) -> Result<GiftWallet, AppError> {
    let cx = crate::context::ctx()?;
    let page = crate::paging::parse_page(page.as_deref());
    ssr::wallet(cx.pool(), cx.user()?, page, crate::platform::now()).await
}

/// What the shopper's gift cards can pay now.
#[server(prefix = "/api", endpoint = "gift_balance")]
pub async fn gift_balance() -> Result<Money, AppError> {
    let cx = crate::context::ctx()?;
    let mut conn = cx.pool().acquire().await?;
    ssr::balance_in(&mut conn, cx.user()?, crate::platform::now()).await
}

/// Redeems a gift card's code into the shopper's balance.
#[server(prefix = "/api", endpoint = "redeem_gift_card")]
pub async fn redeem_gift_card(code: String) -> Result<(), AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        ssr::redeem(cx.pool(), cx.user()?, &code, crate::platform::now()).await
    }
    .await;
    crate::platform::answer(
        result,
        |_| "/account/coupons/gift-cards?added=1".into(),
        "/account/coupons/gift-cards",
    )
}
