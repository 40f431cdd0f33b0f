//! The e-mail of a checkout: the orders placed (the payment's is `orders::mails::paid`). Sent as an "orders"
//! e-mail through `notify`, so a shopper who switched those off gets none.

use crate::context::Ctx;
use crate::domain::OrderNumber;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::notify::{ssr::send, MailKind};
use crate::platform::mail::Mail;

fn numbers(orders: &[OrderNumber]) -> String {
    orders
        .iter()
        .map(|n| format!("№ {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Orders placed" to the signed-in shopper.
pub async fn placed(cx: &Ctx, orders: &[OrderNumber], pay_link: &str) -> Result<(), AppError> {
    let viewer = cx.viewer()?;
    let list = numbers(orders);
    let (subject, body) = match cx.lang {
        Lang::Ru => (
            format!("Заказ оформлен: {list} — Kabinet"),
            format!(
                "Здравствуйте!\n\nВы оформили заказ: {list}.\n\nОплатить: {pay_link}\n\
                 Неоплаченный заказ отменяется сам через сутки.\n"
            ),
        ),
        Lang::En => (
            format!("Order placed: {list} — Kabinet"),
            format!(
                "Hello!\n\nYou have placed an order: {list}.\n\nPay here: {pay_link}\n\
                 An unpaid order cancels itself after a day.\n"
            ),
        ),
    };
    let mail = Mail {
        to: viewer.email.clone(),
        subject,
        body,
    };
    send(&cx.state, viewer.id, MailKind::Orders, mail).await?;
    Ok(())
}
