//! The club page (`/account/club`), assembled here because it reads two sections: the club's
//! level, points and history (from `club`) and the buyer's record, whose disputes come from
//! `disputes` (which itself asks the club for levels, so the page cannot live in `club`).

mod views;

pub use views::*;

use crate::club::{ClubSummary, PointsHistory};
use crate::disputes::BuyerRating;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClubPageData {
    pub summary: ClubSummary,
    pub rating: BuyerRating,
    pub history: PointsHistory,
}

/// The signed-in shopper's club: level, points, record and a page of the points history.
#[server(prefix = "/api", endpoint = "club")]
pub async fn load_club(page: Option<String>) -> Result<ClubPageData, AppError> {
    let cx = crate::context::ctx()?;
    let user = cx.user()?;
    let page = crate::paging::parse_page(page.as_deref());
    let summary = crate::club::ssr::summary(cx.pool(), user, crate::platform::now()).await?;
    let history = crate::club::ssr::history(cx.pool(), user, page).await?;
    let mut conn = cx.pool().acquire().await?;
    let rating = crate::disputes::ssr::buyer_rating(&mut conn, user).await?;
    Ok(ClubPageData {
        summary,
        rating,
        history,
    })
}
