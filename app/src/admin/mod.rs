//! The platform's moderation console (`/admin`), for staff only (`users.role`): the queues of
//! reports and translation proposals, oldest first, a report with its evidence, and the
//! decisions, each with a reason. Thin: every change is a transition of its owner
//! (`reports::ssr`, `translate::ssr`), which records who decided and when. Anyone else gets
//! "not found", whatever the URL.

mod views;

pub use views::*;

use crate::error::AppError;
use crate::reports::{ReportDetail, ReportList};
use crate::translate::Contributions;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queues {
    pub reports: ReportList,
    pub proposals: Contributions,
}

/// The staff member asking, or "not found".
#[cfg(feature = "ssr")]
async fn staff() -> Result<(crate::context::Ctx, crate::ids::UserId), AppError> {
    let cx = crate::context::ctx()?;
    let user = crate::auth::staff::staff(cx.pool(), cx.user()?).await?;
    Ok((cx, user))
}

#[cfg(feature = "ssr")]
fn reason_text(raw: &str) -> Result<String, AppError> {
    crate::field::plain_text(
        crate::error::Field::Reason,
        raw,
        crate::reports::NOTE_MAX,
        true,
    )
}

#[server(prefix = "/api", endpoint = "admin_queues")]
pub async fn load_queues(
    reports: Option<String>,
    proposals: Option<String>,
) -> Result<Queues, AppError> {
    let result = async {
        let (cx, _) = staff().await?;
        let rp = crate::paging::parse_page(reports.as_deref());
        let pp = crate::paging::parse_page(proposals.as_deref());
        Ok(Queues {
            reports: crate::reports::ssr::queue(cx.pool(), rp).await?,
            proposals: crate::translate::ssr::queue(cx.pool(), cx.lang, pp).await?,
        })
    }
    .await;
    crate::platform::with_status(result)
}

#[server(prefix = "/api", endpoint = "admin_report")]
pub async fn load_admin_report(id: String) -> Result<ReportDetail, AppError> {
    let result = async {
        let (cx, _) = staff().await?;
        let id = crate::ids::ReportId::parse(&id)?;
        crate::reports::ssr::detail(cx.pool(), None, id).await
    }
    .await;
    crate::platform::with_status(result)
}

/// Takes a received report up (the reporter can no longer withdraw it).
#[server(prefix = "/api", endpoint = "take_report")]
pub async fn take_report(id: String) -> Result<(), AppError> {
    let back = format!("/admin/reports/{}", crate::web::query_escape(id.trim()));
    let result = async {
        let (cx, user) = staff().await?;
        let id = crate::ids::ReportId::parse(&id)?;
        crate::reports::ssr::take(cx.pool(), user, id).await
    }
    .await;
    crate::platform::answer(result, |_| back.clone(), &back)
}

/// Upholds (`decision` = the upheld state's code) or rejects a report, with the reason.
#[server(prefix = "/api", endpoint = "decide_report")]
pub async fn decide_report(id: String, decision: String, reason: String) -> Result<(), AppError> {
    use crate::reports::ReportStatus;
    let back = format!("/admin/reports/{}", crate::web::query_escape(id.trim()));
    let result = async {
        let (cx, user) = staff().await?;
        let id = crate::ids::ReportId::parse(&id)?;
        let upheld = match ReportStatus::parse(decision.trim()) {
            Some(ReportStatus::Upheld) => true,
            Some(ReportStatus::Dismissed) => false,
            _ => return Err(AppError::InvalidChoice(crate::error::Field::Kind)),
        };
        let reason = reason_text(&reason)?;
        crate::reports::ssr::decide(&cx.state, user, id, upheld, &reason).await
    }
    .await;
    crate::platform::answer(result, |_| format!("{back}?decided=1"), &back)
}

/// Accepts or rejects a proposal, with the reason.
#[server(prefix = "/api", endpoint = "decide_proposal")]
pub async fn decide_proposal(id: String, decision: String, reason: String) -> Result<(), AppError> {
    use crate::translate::ProposalStatus;
    let result = async {
        let (cx, user) = staff().await?;
        let id = crate::ids::ProposalId::parse(&id)?;
        let accept = match ProposalStatus::parse(decision.trim()) {
            Some(ProposalStatus::Accepted) => true,
            Some(ProposalStatus::Declined) => false,
            _ => return Err(AppError::InvalidChoice(crate::error::Field::Kind)),
        };
        let reason = reason_text(&reason)?;
        crate::translate::ssr::decide(&cx.state, user, id, accept, &reason).await
    }
    .await;
    crate::platform::answer(result, |_| "/admin?decided=1".to_string(), "/admin")
}
