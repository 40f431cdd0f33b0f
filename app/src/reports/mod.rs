//! Reports (`/account/reports`): a shopper's complaint about a product or a store — an
//! intellectual property right (copyright, trademark, patent) or a prohibited item — with the
//! right holder, the jurisdiction, the legal basis, the argument and up to five evidence files
//! (pictures through the safe pipeline, checked PDFs served as downloads). This section owns
//! `reports.status`: the transitions are in `ssr/write.rs`; the moderation console (`admin`)
//! calls them.

mod model;
#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use model::*;
pub use views::*;

use crate::error::AppError;
use crate::ids::ReportId;
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

/// What the report form shows: the product (or store) reported. A missing product is "not
/// found", a withdrawn one is refused.
#[server(prefix = "/api", endpoint = "report_draft")]
pub async fn load_report_draft(target: String) -> Result<ReportDraft, AppError> {
    let result = async {
        let target = Target::parse(&target)?;
        let cx = crate::context::ctx()?;
        cx.user()?;
        ssr::draft(cx.pool(), target).await
    }
    .await;
    crate::platform::with_status(result)
}

/// Files a report from the multipart form (evidence included). Answers with its case number.
#[server(prefix = "/api", endpoint = "file_report", input = MultipartFormData)]
pub async fn file_report(data: MultipartData) -> Result<ReportId, AppError> {
    let mut back = "/account/reports".to_string();
    let result = async {
        let user = crate::context::ctx()?.user()?;
        let state = crate::platform::state()?;
        let _one = crate::images::one_upload(&state, user)?;
        let pool = state.pool.clone();
        // The target and the limits are checked before a file is read or an upload slot taken.
        let check = |target: String| {
            let pool = pool.clone();
            async move {
                let target = Target::parse(&target)?;
                ssr::draft(&pool, target).await?;
                ssr::check_limit(&pool, user).await
            }
        };
        let data = data.into_inner().ok_or(AppError::Request)?;
        let mut form = crate::images::form::read(data, "target", check).await;
        let target = Target::parse(form.text("target"))?;
        back = target.form_url();
        if let Some(e) = form.refusal.take() {
            return Err(e);
        }
        let text = ReportText::check(|name| form.text(name).to_string())?;
        let files = ssr::evidence(std::mem::take(&mut form.photos)).await?;
        let id = ssr::file(&pool, user, target, text, files).await?;
        Ok(id)
    }
    .await;
    crate::platform::answer(result, |id| format!("/account/reports/{id}?filed=1"), &back)
}

/// A page of the shopper's reports, newest first.
#[server(prefix = "/api", endpoint = "list_reports")]
pub async fn list_reports(page: Option<String>) -> Result<ReportList, AppError> {
    let cx = crate::context::ctx()?;
    let page = crate::paging::parse_page(page.as_deref());
    crate::platform::with_status(ssr::list(cx.pool(), cx.user()?, page).await)
}

/// One of the shopper's reports (another's is "not found").
#[server(prefix = "/api", endpoint = "report")]
pub async fn load_report(id: String) -> Result<ReportDetail, AppError> {
    let result = async {
        let id = ReportId::parse(&id)?;
        let cx = crate::context::ctx()?;
        ssr::detail(cx.pool(), Some(cx.user()?), id).await
    }
    .await;
    crate::platform::with_status(result)
}

/// Withdraws the shopper's report while it is only received.
#[server(prefix = "/api", endpoint = "retract_report")]
pub async fn retract_report(id: String) -> Result<(), AppError> {
    let back = format!("/account/reports/{}", crate::web::query_escape(id.trim()));
    let result = async {
        let id = ReportId::parse(&id)?;
        let cx = crate::context::ctx()?;
        ssr::retract(cx.pool(), cx.user()?, id).await
    }
    .await;
    crate::platform::answer(result, |_| format!("{back}?retracted=1"), &back)
}

/// `GET /account/reports/{id}/files/{n}`: an evidence file, to the reporter and staff only. A
/// PDF is always a download; a picture is a re-encoded JPEG.
#[cfg(feature = "ssr")]
pub async fn file_handler(
    axum::extract::State(state): axum::extract::State<crate::platform::AppState>,
    viewer: Option<axum::Extension<crate::context::Viewer>>,
    axum::extract::Path((id, n)): axum::extract::Path<(String, String)>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
    let (Some(axum::Extension(viewer)), Ok(id), Ok(n)) =
        (viewer, ReportId::parse(&id), n.parse::<i64>())
    else {
        return http::StatusCode::NOT_FOUND.into_response();
    };
    match ssr::file_bytes(&state.pool, viewer.id, id, n).await {
        Ok((content_type, bytes)) => {
            let ext = if content_type == ssr::PDF {
                "pdf"
            } else {
                "jpg"
            };
            let disposition = format!("attachment; filename=\"report-{id}-{n}.{ext}\"");
            (
                [
                    (CONTENT_TYPE, content_type.to_string()),
                    (X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                    (CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => e.status().into_response(),
    }
}
