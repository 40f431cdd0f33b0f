//! The message center (`/account/messages`): conversations between a shopper and a store, each
//! about one order or one product, and the shopper's system notices (order shipped and
//! delivered, dispute moves, price drops). Unread counts in the header, the buyer menu and the
//! account home; opening a conversation marks it read; replies with up to five photos; new
//! messages appear while the page is open (the page asks every few seconds; the state is in the
//! database, so any number of server processes can answer). The store's side is the seller
//! console's inbox (`seller::messages`). Only `ssr` writes the tables.

mod badge;
#[cfg(feature = "ssr")]
mod mails;
mod model;
#[cfg(feature = "ssr")]
pub mod ssr;
mod thread;
mod views;

pub use badge::*;
pub use model::*;
pub use thread::*;
pub use views::*;

use crate::error::AppError;
use crate::ids::ConversationId;
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

/// The signed-in shopper's conversations, newest first.
#[server(prefix = "/api", endpoint = "inbox")]
pub async fn load_inbox(page: Option<String>) -> Result<Inbox, AppError> {
    let cx = crate::context::ctx()?;
    let page = crate::paging::parse_page(page.as_deref());
    let party = crate::ids::Party::Shopper(cx.user()?);
    ssr::inbox(cx.pool(), cx.lang, party, page).await
}

/// The signed-in seller's store inbox, newest first.
#[server(prefix = "/api", endpoint = "store_inbox")]
pub async fn load_store_inbox(page: Option<String>) -> Result<Inbox, AppError> {
    let cx = crate::context::ctx()?;
    let page = crate::paging::parse_page(page.as_deref());
    let party = crate::ids::Party::Store(cx.store()?);
    ssr::inbox(cx.pool(), cx.lang, party, page).await
}

/// One conversation of the shopper (`store` empty) or of the seller's store (`store` = "1"):
/// the latest messages, or those before message `before`. Reading the latest marks them read.
#[server(prefix = "/api", endpoint = "thread")]
pub async fn load_thread(
    id: String,
    before: Option<String>,
    store: Option<String>,
) -> Result<Thread, AppError> {
    let id = ConversationId::parse(&id)?;
    let before = before.and_then(|b| b.trim().parse::<i64>().ok());
    let cx = crate::context::ctx()?;
    let party = party_of(&cx, store.as_deref())?;
    ssr::thread(cx.pool(), cx.lang, party, id, before).await
}

/// Unread messages for the header: the shopper's own, plus the store's for a seller. A guest
/// has none.
#[server(prefix = "/api", endpoint = "unread")]
pub async fn unread_count() -> Result<Unread, AppError> {
    let cx = crate::context::ctx()?;
    let Some(viewer) = cx.viewer.as_ref() else {
        return Ok(Unread::default());
    };
    ssr::unread(cx.pool(), viewer.id, viewer.store_id).await
}

/// What a new conversation will be about (the page that starts one).
#[server(prefix = "/api", endpoint = "message_draft")]
pub async fn message_draft(
    product: Option<String>,
    order: Option<String>,
) -> Result<Draft, AppError> {
    let about = About::parse(product.as_deref(), order.as_deref())?;
    let cx = crate::context::ctx()?;
    ssr::draft(cx.pool(), cx.lang, cx.viewer()?, about).await
}

/// The shopper sends a message from the multipart form: field `to` names the conversation
/// (`c<id>`) or what a new one is about (`p<product id>`, `o<order number>`). Text up to 2,000
/// characters, up to five photos. Answers with the conversation's id.
#[server(prefix = "/api", endpoint = "send_message", input = MultipartFormData)]
pub async fn send_message(data: MultipartData) -> Result<ConversationId, AppError> {
    send_from(data, false).await
}

/// The seller's store answers one of its conversations (`to` = `c<id>`): the same form.
#[server(prefix = "/api", endpoint = "store_reply", input = MultipartFormData)]
pub async fn store_reply(data: MultipartData) -> Result<ConversationId, AppError> {
    send_from(data, true).await
}

#[cfg(feature = "ssr")]
async fn send_from(data: MultipartData, store: bool) -> Result<ConversationId, AppError> {
    let base = if store {
        "/seller/messages"
    } else {
        "/account/messages"
    };
    let mut back = base.to_string();
    let result = async {
        let cx = crate::context::ctx()?;
        let author = cx.user()?;
        let party = party_of(&cx, store.then_some("1"))?;
        // The conversation (or the order or product of a new one) and the flood limit are
        // checked before a photo is read or an upload slot taken.
        let pool = cx.pool().clone();
        let check = move |to: String| async move {
            ssr::check_can_send(&pool, party, author, &Target::parse(&to)?).await
        };
        let data = data.into_inner().ok_or(AppError::Request)?;
        let form = crate::images::form::read(data, "to", check).await;
        let target = Target::parse(form.text("to"))?;
        back = match target {
            Target::Existing(id) => format!("{base}/{id}"),
            Target::New(about) => format!("{base}/new?{}", about.query()),
        };
        if let Some(e) = form.refusal {
            return Err(e);
        }
        let text = parse_text(form.text("text"))?;
        // Decoding photos is the costly part: one shopper's at a time (a text message, which
        // two tabs may send at once, needs no turn).
        let _one = match form.photos.is_empty() {
            true => None,
            false => Some(crate::images::one_upload(&cx.state, author)?),
        };
        let photos = crate::images::clean_all(form.photos).await?;
        let new = ssr::NewMessage {
            party,
            author,
            target,
            text,
            photos,
        };
        let sent = ssr::send(cx.pool(), new, crate::platform::now()).await?;
        if let Some(shopper) = sent.tell {
            mails::store_wrote(&cx.state, shopper, sent.id).await;
        }
        Ok(sent.id)
    }
    .await;
    crate::platform::answer(result, |id| format!("{base}/{id}#latest"), &back)
}

/// The shopper, or (asked for with `store`) the seller's store.
#[cfg(feature = "ssr")]
fn party_of(cx: &crate::context::Ctx, store: Option<&str>) -> Result<crate::ids::Party, AppError> {
    Ok(match store {
        Some(s) if !s.is_empty() => crate::ids::Party::Store(cx.store()?),
        _ => crate::ids::Party::Shopper(cx.user()?),
    })
}

/// `GET /messages/{conversation}/photos/{message}/{n}`: a message's photo, for the two sides of
/// the conversation only (anyone else: 404).
#[cfg(feature = "ssr")]
pub async fn photo_handler(
    axum::extract::State(state): axum::extract::State<crate::platform::AppState>,
    viewer: Option<axum::Extension<crate::context::Viewer>>,
    axum::extract::Path((id, message, n)): axum::extract::Path<(String, String, String)>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
    let parsed = (
        viewer,
        ConversationId::parse(&id),
        message.parse::<i64>(),
        n.parse::<i64>(),
    );
    let (Some(axum::Extension(viewer)), Ok(id), Ok(message), Ok(n)) = parsed else {
        return http::StatusCode::NOT_FOUND.into_response();
    };
    match ssr::photo(&state.pool, &viewer, id, message, n).await {
        Ok(jpeg) => (
            [
                (CONTENT_TYPE, "image/jpeg"),
                (X_CONTENT_TYPE_OPTIONS, "nosniff"),
                (CACHE_CONTROL, "private, max-age=3600"),
            ],
            jpeg,
        )
            .into_response(),
        Err(e) => e.status().into_response(),
    }
}
