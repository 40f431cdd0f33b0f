//! The e-mail of a payment: "payment received", from the order page's payment and from
//! checkout's. Sent through `notify` as an "orders" e-mail (skipped when switched off).

use crate::context::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::notify::{ssr::send, MailKind};
use crate::platform::mail::Mail;

/// "Payment received" to the signed-in shopper, once `count` orders were paid.
pub async fn paid(cx: &Ctx, count: u32) {
    if let Err(e) = try_paid(cx, count).await {
        tracing::error!(error = ?e, "payment e-mail not sent");
    }
}

async fn try_paid(cx: &Ctx, count: u32) -> Result<(), AppError> {
    let viewer = cx.viewer()?;
    let link = format!("{}/account/orders", cx.state.config.public_url);
    let (subject, body) = match cx.lang {
        Lang::Ru => (
            "Оплата получена — Kabinet".to_string(),
            format!("Здравствуйте!\n\nОплачено заказов: {count}. Магазин готовит их к отправке.\n\nВаши заказы: {link}\n"),
        ),
        Lang::En => (
            "Payment received — Kabinet".to_string(),
            format!("Hello!\n\nOrders paid: {count}. The store is getting them ready to ship.\n\nYour orders: {link}\n"),
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
