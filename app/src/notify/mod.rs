//! E-mail to shoppers, once for every section: each e-mail is sent through [`ssr::send`], which
//! keeps a copy in the shopper's e-mail log and skips kinds the shopper switched off (security
//! and account e-mails cannot be). The page `/account/settings/notifications` lists the log
//! (one e-mail opens as it was sent) and the choices. A low section: it imports no other.

#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use views::*;

use crate::error::AppError;
use crate::ids::MailId;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

crate::code_enum! {
    /// What an e-mail is about: the shopper chooses which optional kinds they get.
    MailKind {
        Account => "account", "Аккаунт", "Account";
        Security => "security", "Безопасность", "Security";
        Orders => "orders", "Заказы", "Orders";
        Disputes => "disputes", "Возвраты и споры", "Returns and disputes";
        Messages => "messages", "Сообщения от магазинов", "Messages from stores";
        PriceDrops => "price_drops", "Снижение цен в списке желаний", "Price drops on my wish list";
        Promotions => "promotions", "Акции и скидки", "Promotions and sales";
        Moderation => "moderation", "Решения по жалобам и переводам", "Decisions on my reports and translations";
    }
}

impl MailKind {
    /// Kinds the shopper may switch off; account and security e-mails always go.
    pub const OPTIONAL: [MailKind; 6] = [
        MailKind::Orders,
        MailKind::Disputes,
        MailKind::Messages,
        MailKind::PriceDrops,
        MailKind::Promotions,
        MailKind::Moderation,
    ];

    pub fn optional(self) -> bool {
        MailKind::OPTIONAL.contains(&self)
    }
}

/// One line of the e-mail log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailLine {
    pub id: MailId,
    pub kind: MailKind,
    pub subject: String,
    pub sent_at: i64,
}

/// A page of the log and the shopper's choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailLogPage {
    pub items: Vec<MailLine>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    /// Each optional kind and whether the shopper gets it.
    pub choices: Vec<(MailKind, bool)>,
}

/// One e-mail as it was sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailEntry {
    pub id: MailId,
    pub kind: MailKind,
    pub subject: String,
    pub body: String,
    pub sent_at: i64,
}

const PAGE: &str = "/account/settings/notifications";

/// A page of the signed-in shopper's e-mail log, newest first, and their choices.
#[server(prefix = "/api", endpoint = "mail_log")]
pub async fn mail_log(page: Option<String>) -> Result<MailLogPage, AppError> {
    let cx = crate::context::ctx()?;
    let page = crate::paging::parse_page(page.as_deref());
    crate::platform::with_status(ssr::page(cx.pool(), cx.user()?, page).await)
}

/// One e-mail of the signed-in shopper's log; another's is "not found".
#[server(prefix = "/api", endpoint = "mail_entry")]
pub async fn load_mail_entry(id: String) -> Result<MailEntry, AppError> {
    let result = async {
        let id = MailId::parse(&id)?;
        let cx = crate::context::ctx()?;
        ssr::one(cx.pool(), cx.user()?, id).await
    }
    .await;
    crate::platform::with_status(result)
}

/// Saves which optional kinds of e-mail the shopper wants: one checkbox per kind, named by the
/// kind's code, present when ticked.
#[server(prefix = "/api", endpoint = "mail_choices")]
pub async fn save_mail_choices(
    orders: Option<String>,
    disputes: Option<String>,
    messages: Option<String>,
    price_drops: Option<String>,
    promotions: Option<String>,
    moderation: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let ticked = [
            orders,
            disputes,
            messages,
            price_drops,
            promotions,
            moderation,
        ];
        let wanted: Vec<MailKind> = MailKind::OPTIONAL
            .into_iter()
            .zip(ticked)
            .filter(|(_, on)| on.is_some())
            .map(|(k, _)| k)
            .collect();
        let cx = crate::context::ctx()?;
        ssr::set_choices(cx.pool(), cx.user()?, &wanted).await
    }
    .await;
    crate::platform::answer(result, |_| format!("{PAGE}?saved=1"), PAGE)
}
