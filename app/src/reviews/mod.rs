//! Reviews (`/account/reviews`): a shopper reviews each line of a received order (1–5 stars,
//! text, up to five photos, name shown or not), edits it and adds follow-ups for 30 days after
//! receipt; the store replies in its console (`/seller/reviews`); the product page shows the
//! statistics and the newest reviews with the store's replies. The first review of a line earns
//! club points (`club::ssr::review_written_in`) in the review's own transaction.

mod account;
mod detail;
mod model;
mod product;
mod seller;
#[cfg(feature = "ssr")]
pub mod ssr;
mod views;
mod write;

pub use account::ReviewsPage;
pub use detail::ReviewPage;
pub use model::*;
pub use product::ProductReviewsBlock;
pub use seller::SellerReviews;
pub use write::WriteReviewPage;

use crate::error::AppError;
use crate::ids::ReviewId;
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

/// A review id from a URL or a form; anything else is "not found".
pub fn parse_id(input: &str) -> Result<ReviewId, AppError> {
    ReviewId::parse(input)
}

/// An order line id from a URL or a form; anything else is "not found".
pub fn parse_line(input: &str) -> Result<i64, AppError> {
    input
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or(AppError::NotFound)
}

/// `/account/reviews`: a tab (`awaiting` or `mine`), an order number searched for, a page.
#[server(prefix = "/api", endpoint = "review_lists")]
pub async fn load_review_lists(
    tab: Option<String>,
    q: Option<String>,
    page: Option<String>,
) -> Result<ReviewLists, AppError> {
    let cx = crate::context::ctx()?;
    let user = cx.user()?;
    let tab = Tab::parse(tab.as_deref());
    let page = crate::paging::parse_page(page.as_deref());
    let query = q.unwrap_or_default();
    ssr::lists(cx.pool(), cx.lang, user, tab, query.trim(), page).await
}

/// What the "write a review" page shows about one of the shopper's order lines.
#[server(prefix = "/api", endpoint = "review_draft")]
pub async fn review_draft(line: String) -> Result<WriteDraft, AppError> {
    let line = parse_line(&line)?;
    let cx = crate::context::ctx()?;
    let user = cx.user()?;
    ssr::draft(cx.pool(), cx.lang, user, line).await
}

/// Writes the review of an order line from the multipart form (photos included). Answers with
/// the review's id.
#[server(prefix = "/api", endpoint = "write_review", input = MultipartFormData)]
pub async fn write_review(data: MultipartData) -> Result<ReviewId, AppError> {
    let mut back = "/account/reviews".to_string();
    let result = async {
        let user = crate::context::ctx()?.user()?;
        let state = crate::platform::state()?;
        let _one = crate::images::one_upload(&state, user)?;
        let pool = state.pool.clone();
        // The order line is checked before a photo is read or an upload slot taken.
        let check = |line: String| {
            let pool = pool.clone();
            async move { ssr::check_writable(&pool, user, parse_line(&line)?).await }
        };
        let data = data.into_inner().ok_or(AppError::Request)?;
        let form = crate::images::form::read(data, "line", check).await;
        let line = parse_line(form.text("line"))?;
        back = format!("/account/reviews/write/{line}");
        if let Some(e) = form.refusal {
            return Err(e);
        }
        let stars = parse_stars(form.text("stars"))?;
        let text = parse_text(form.text("text"))?;
        // Cheap checks first: no photo is decoded for a line that cannot be reviewed.
        ssr::check_writable(&pool, user, line).await?;
        let show_name = form.checked("show_name");
        let photos = crate::images::clean_all(form.photos).await?;
        let new = ssr::NewReview {
            line,
            stars,
            text,
            show_name,
            photos,
        };
        ssr::write(&pool, user, new, crate::platform::now()).await
    }
    .await;
    crate::platform::answer(
        result,
        |id| format!("/account/reviews/{id}?done=written"),
        &back,
    )
}

/// One of the shopper's reviews with its history.
#[server(prefix = "/api", endpoint = "my_review")]
pub async fn load_my_review(id: String) -> Result<ReviewDetail, AppError> {
    let id = parse_id(&id)?;
    let cx = crate::context::ctx()?;
    let user = cx.user()?;
    ssr::detail(cx.pool(), cx.lang, user, id, crate::platform::now()).await
}

/// Edits a review (stars, text, name shown) within 30 days of receipt.
#[server(prefix = "/api", endpoint = "edit_review")]
pub async fn edit_review(
    id: String,
    stars: Option<String>,
    text: String,
    show_name: Option<String>,
) -> Result<(), AppError> {
    let back = format!("/account/reviews/{}", crate::web::query_escape(id.trim()));
    let result = async {
        let id = parse_id(&id)?;
        let stars = parse_stars(stars.as_deref().unwrap_or_default())?;
        let text = parse_text(&text)?;
        let user = crate::context::ctx()?.user()?;
        let pool = crate::platform::state()?.pool.clone();
        let edit = ssr::Edit {
            stars,
            text,
            show_name: show_name.is_some_and(|s| !s.is_empty()),
        };
        ssr::edit(&pool, user, id, edit, crate::platform::now()).await
    }
    .await;
    crate::platform::answer(result, |_| format!("{back}?done=edited"), &back)
}

/// Adds a follow-up ("дополнить отзыв") within 30 days of receipt.
#[server(prefix = "/api", endpoint = "follow_up_review")]
pub async fn follow_up_review(id: String, text: String) -> Result<(), AppError> {
    let back = format!("/account/reviews/{}", crate::web::query_escape(id.trim()));
    let result = async {
        let id = parse_id(&id)?;
        let text = parse_text(&text)?;
        let user = crate::context::ctx()?.user()?;
        let pool = crate::platform::state()?.pool.clone();
        ssr::follow_up(&pool, user, id, text, crate::platform::now()).await
    }
    .await;
    crate::platform::answer(
        result,
        |_| format!("{back}?done=followed_up"),
        &format!("{back}?form=follow_up"),
    )
}

/// A product's review statistics and one page of its reviews, newest first. Public.
#[server(prefix = "/api", endpoint = "product_reviews")]
pub async fn load_product_reviews(
    product: i64,
    page: Option<String>,
) -> Result<ProductReviews, AppError> {
    let page = crate::paging::parse_page(page.as_deref());
    let pool = crate::platform::state()?.pool.clone();
    ssr::for_product(&pool, product, page).await
}

/// The seller console: the store's reviews, unanswered first.
#[server(prefix = "/api", endpoint = "store_reviews")]
pub async fn load_store_reviews(page: Option<String>) -> Result<StoreReviews, AppError> {
    let cx = crate::context::ctx()?;
    let store = cx.store()?;
    let page = crate::paging::parse_page(page.as_deref());
    ssr::for_store(cx.pool(), cx.lang, store, page).await
}

/// The store's reply to a review of one of its products (written or changed).
#[server(prefix = "/api", endpoint = "reply_review")]
pub async fn reply_review(id: String, reply: String) -> Result<(), AppError> {
    let back = "/seller/reviews".to_string();
    let result = async {
        let id = parse_id(&id)?;
        let reply = parse_reply(&reply)?;
        let store = crate::context::ctx()?.store()?;
        let pool = crate::platform::state()?.pool.clone();
        ssr::reply(&pool, store, id, reply, crate::platform::now()).await?;
        Ok(id)
    }
    .await;
    crate::platform::answer(
        result,
        |id| format!("{back}?replied={id}#review-{id}"),
        &format!("{back}?form={}", crate::web::query_escape(id.trim())),
    )
    .map(|_| ())
}

/// `GET /reviews/{id}/photos/{n}`: a review's photo. Reviews are public, so anyone may see the
/// photos of an existing review; nothing else is served.
#[cfg(feature = "ssr")]
pub async fn photo_handler(
    axum::extract::State(state): axum::extract::State<crate::platform::AppState>,
    axum::extract::Path((id, n)): axum::extract::Path<(String, String)>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use http::header::{CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
    let (Ok(id), Ok(n)) = (parse_id(&id), n.parse::<i64>()) else {
        return http::StatusCode::NOT_FOUND.into_response();
    };
    match ssr::photo(&state.pool, id, n).await {
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
