//! Returns and disputes (`/account/disputes`): the shopper opens one on a shipped or received
//! order (reason, refund asked, return of goods, description, photos), the store answers in the
//! seller console, the shopper accepts an offer or escalates, and the platform decides when
//! deadlines pass. Refunds never exceed what was paid.

#[cfg(feature = "ssr")]
pub mod mails;
mod model;
mod open_form;
/// The shared photo pipeline (`crate::images`), under the name the dispute code uses.
#[cfg(feature = "ssr")]
pub use crate::images as photos;
#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use model::*;
pub use open_form::OpenDisputePage;
pub use views::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::Field;
#[cfg(feature = "ssr")]
use crate::orders::OrderNumber;
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

/// Photos per dispute, each file as sent at most 5 MB (checked by the browser and the server).
pub use crate::images::{MAX_BYTES, MAX_PHOTOS};

/// A dispute id from a URL or a form; anything else is "not found".
pub fn parse_id(input: &str) -> Result<crate::ids::DisputeId, AppError> {
    crate::ids::DisputeId::parse(input)
}

/// The longest description kept.
pub const DESCRIPTION_MAX: usize = 2000;

/// What the "open a dispute" form needs: the order, what can be refunded, the window.
#[server(prefix = "/api", endpoint = "dispute_draft")]
pub async fn load_dispute_draft(number: String) -> Result<DisputeDraft, AppError> {
    let number = OrderNumber::parse(&number)?;
    let user_id = crate::context::ctx()?.user()?;
    ssr::draft(&crate::platform::state()?.pool, user_id, number).await
}

/// Opens a dispute from the multipart form (photos included). Answers with the dispute's id.
#[server(prefix = "/api", endpoint = "open_dispute", input = MultipartFormData)]
pub async fn open_dispute(data: MultipartData) -> Result<crate::ids::DisputeId, AppError> {
    let mut back = "/account/disputes".to_string();
    let result = async {
        let user_id = crate::context::ctx()?.user()?;
        let state = crate::platform::state()?;
        let _one = crate::images::one_upload(&state, user_id)?;
        let pool = state.pool.clone();
        // The order is checked before a photo is read or an upload slot taken.
        let check = |number: String| {
            let pool = pool.clone();
            async move {
                let number = OrderNumber::parse(&number)?;
                ssr::draft(&pool, user_id, number)
                    .await?
                    .amount_to_open(None)
                    .map(|_| ())
            }
        };
        let data = data.into_inner().ok_or(AppError::Request)?;
        let mut form = crate::images::form::read(data, "number", check).await;
        let number = OrderNumber::parse(form.text("number"))?;
        back = format!("/account/orders/{number}/dispute");
        if let Some(e) = form.refusal.take() {
            return Err(e);
        }
        let reason = DisputeReason::from_form(form.text("reason"))?;
        let amount = match form.text("refund") {
            "full" => None,
            "partial" => Some(crate::money::Money::parse_amount(form.text("amount"))?),
            _ => return Err(AppError::InvalidChoice(Field::Refund)),
        };
        let description = form.text("description").trim().to_string();
        if description.is_empty() {
            return Err(AppError::Required(Field::Description));
        }
        if description.chars().count() > DESCRIPTION_MAX {
            return Err(AppError::TooLong(
                Field::Description,
                DESCRIPTION_MAX as u32,
            ));
        }
        // Cheap checks first: no photo is decoded for an order that cannot be disputed.
        ssr::draft(&pool, user_id, number)
            .await?
            .amount_to_open(amount)?;
        let return_goods = form.checked("return_goods");
        let photos = photos::clean_all(form.photos).await?;
        let new = ssr::NewDispute {
            number,
            reason,
            amount,
            return_goods,
            description,
            photos,
        };
        let id = ssr::open(&pool, user_id, new).await?;
        let link = format!("{}/account/disputes/{id}", state.config.public_url);
        let kind = crate::notify::MailKind::Disputes;
        crate::notify::ssr::send_to(&state, user_id, kind, |lang| match lang {
            crate::i18n::Lang::Ru => (
                format!("Спор № {id} открыт — Kabinet"),
                format!("Здравствуйте!\n\nВы открыли спор № {id} по заказу № {number}. Магазин ответит в срок, указанный на странице спора: {link}\n"),
            ),
            crate::i18n::Lang::En => (
                format!("Dispute {id} opened — Kabinet"),
                format!("Hello!\n\nYou have opened dispute {id} on order {number}. The store will answer by the deadline shown on the dispute's page: {link}\n"),
            ),
        })
        .await;
        Ok(id)
    }
    .await;
    crate::platform::answer(
        result,
        |id| format!("/account/disputes/{id}?opened=1"),
        &back,
    )
}

/// A page of the shopper's disputes, newest first.
#[server(prefix = "/api", endpoint = "list_disputes")]
pub async fn list_disputes(page: Option<String>) -> Result<DisputeList, AppError> {
    let user_id = crate::context::ctx()?.user()?;
    let page = crate::paging::parse_page(page.as_deref());
    let pool = crate::platform::state()?.pool.clone();
    ssr::list(&pool, crate::ids::Party::Shopper(user_id), false, page).await
}

/// One of the shopper's disputes.
#[server(prefix = "/api", endpoint = "dispute")]
pub async fn load_dispute(id: String) -> Result<DisputeDetail, AppError> {
    let id = parse_id(&id)?;
    let user_id = crate::context::ctx()?.user()?;
    let pool = crate::platform::state()?.pool.clone();
    ssr::detail(&pool, crate::ids::Party::Shopper(user_id), id).await
}

/// The shopper's move: `accept_offer`, `escalate` or `withdraw`. Answers with the move made.
#[server(prefix = "/api", endpoint = "move_dispute")]
pub async fn move_dispute(id: String, step: String) -> Result<String, AppError> {
    let back = format!("/account/disputes/{}", crate::web::query_escape(id.trim()));
    let result = async {
        let id = parse_id(&id)?;
        let m = match step.as_str() {
            "accept_offer" => ssr::Move::AcceptOffer,
            "escalate" => ssr::Move::Escalate,
            "withdraw" => ssr::Move::Withdraw,
            _ => return Err(AppError::InvalidChoice(Field::Answer)),
        };
        let user_id = crate::context::ctx()?.user()?;
        let pool = crate::platform::state()?.pool.clone();
        ssr::shopper_move(&pool, user_id, id, m).await?;
        Ok(step.clone())
    }
    .await;
    crate::platform::answer(
        result,
        |step| format!("{back}?done={}", crate::web::query_escape(step)),
        &back,
    )
}

/// `GET /account/disputes/{id}/photos/{n}`: a photo, for the dispute's shopper or store only.
#[cfg(feature = "ssr")]
pub async fn photo_handler(
    axum::extract::State(state): axum::extract::State<crate::platform::AppState>,
    viewer: Option<axum::Extension<crate::context::Viewer>>,
    axum::extract::Path((id, n)): axum::extract::Path<(String, String)>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use http::header::{CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
    let (Some(axum::Extension(viewer)), Ok(id), Ok(n)) = (viewer, parse_id(&id), n.parse::<i64>())
    else {
        return http::StatusCode::NOT_FOUND.into_response();
    };
    match ssr::photo(&state.pool, viewer.id, viewer.store_id, id, n).await {
        Ok(jpeg) => (
            [
                (CONTENT_TYPE, "image/jpeg"),
                (X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            jpeg,
        )
            .into_response(),
        Err(e) => e.status().into_response(),
    }
}
