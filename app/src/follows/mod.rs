//! Shoppers' public profiles and follows between shoppers: `/shopper/{id}` (the name only if the
//! shopper allows it, the photo, "about me", the number of reviews and followers; nothing
//! private), follow and unfollow there, and `/account/settings/subscriptions`: the stores and
//! shoppers the shopper follows (unfollow) and who follows them. A profile is named by its
//! random public number, never the account's row id or member ID (which signs in).

#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use views::*;

use crate::error::AppError;
use crate::ids::{ProfileId, StoreId};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Shoppers listed per list on the subscriptions page (the newest).
pub const LISTED: i64 = 200;

/// What anyone may see of a shopper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicProfile {
    pub id: ProfileId,
    /// `None` unless the shopper shows their name.
    pub name: Option<String>,
    pub about: String,
    pub photo: bool,
    pub reviews: i64,
    pub followers: i64,
    /// The viewer follows this shopper.
    pub following: bool,
    /// The viewer is this shopper.
    pub own: bool,
}

/// A shopper in a list: their profile and what may be shown of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopperLine {
    pub id: ProfileId,
    pub name: Option<String>,
    pub photo: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscriptions {
    pub own: ProfileId,
    pub stores: Vec<(StoreId, String)>,
    pub following: Vec<ShopperLine>,
    pub followers: Vec<ShopperLine>,
}

#[server(prefix = "/api", endpoint = "public_profile")]
pub async fn load_public_profile(id: String) -> Result<PublicProfile, AppError> {
    let result = async {
        let id = ProfileId::parse(&id)?;
        let cx = crate::context::ctx()?;
        let viewer = cx.viewer.as_ref().map(|v| v.id);
        ssr::profile(cx.pool(), id, viewer).await
    }
    .await;
    crate::platform::with_status(result)
}

/// Follows (`follow` = "1") or unfollows a shopper's profile; one's own is refused.
#[server(prefix = "/api", endpoint = "follow_shopper")]
pub async fn follow_shopper(id: String, follow: String) -> Result<(), AppError> {
    let back = format!("/shopper/{}", crate::web::query_escape(id.trim()));
    let result = async {
        let id = ProfileId::parse(&id)?;
        let cx = crate::context::ctx()?;
        ssr::set_following(cx.pool(), cx.user()?, id, follow == "1").await
    }
    .await;
    crate::platform::answer(result, |_| back.clone(), &back)
}

#[server(prefix = "/api", endpoint = "subscriptions")]
pub async fn load_subscriptions() -> Result<Subscriptions, AppError> {
    let cx = crate::context::ctx()?;
    crate::platform::with_status(ssr::subscriptions(cx.pool(), cx.user()?).await)
}

/// Unfollows a shopper from the subscriptions page.
#[server(prefix = "/api", endpoint = "unfollow_shopper")]
pub async fn unfollow_shopper(id: String) -> Result<(), AppError> {
    const PAGE: &str = "/account/settings/subscriptions";
    let result = async {
        let id = ProfileId::parse(&id)?;
        let cx = crate::context::ctx()?;
        ssr::set_following(cx.pool(), cx.user()?, id, false).await
    }
    .await;
    crate::platform::answer(result, |_| format!("{PAGE}?done=unfollowed"), PAGE)
}

/// `GET /shopper/{id}/photo`: a shopper's profile photo, public like the profile.
#[cfg(feature = "ssr")]
pub async fn photo_handler(
    axum::extract::State(state): axum::extract::State<crate::platform::AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
    let Ok(id) = ProfileId::parse(&id) else {
        return http::StatusCode::NOT_FOUND.into_response();
    };
    match ssr::photo(&state.pool, id).await {
        Ok(Some(jpeg)) => (
            [
                (CONTENT_TYPE, "image/jpeg"),
                (X_CONTENT_TYPE_OPTIONS, "nosniff"),
                (CACHE_CONTROL, "public, max-age=60"),
            ],
            jpeg,
        )
            .into_response(),
        Ok(None) => http::StatusCode::NOT_FOUND.into_response(),
        Err(e) => e.status().into_response(),
    }
}
