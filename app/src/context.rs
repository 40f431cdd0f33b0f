//! The request context, once for every section: who is asking ([`Viewer`], the one type for a
//! signed-in shopper), in which language, and (on the server) the application state.
//!
//! - Server functions start with [`ctx()`], then ask it for what they need: `cx.user()?` (signed
//!   in, else `NotSignedIn`), `cx.store()?` (a seller, else `Forbidden`).
//! - Pages read [`use_viewer()`]: on the server from the session the middleware resolved, in the
//!   browser from the JSON the server wrote into the page head, so both render the same header
//!   without a second async boundary.

use crate::domain::MemberId;
use crate::ids::{StoreId, UserId};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in shopper.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    /// The account's row id: on the server only, never written into the page (0 in the browser).
    #[serde(skip)]
    pub id: UserId,
    pub member_id: MemberId,
    pub name: String,
    pub email: String,
    pub email_confirmed: bool,
    /// The store this account owns, if it is a seller's.
    pub store_id: Option<StoreId>,
    /// The shopper has a profile photo (`/account/settings/photo`).
    #[serde(default)]
    pub photo: bool,
}

impl std::fmt::Debug for Viewer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Viewer")
            .field("id", &self.id)
            .field("member_id", &self.member_id)
            .finish_non_exhaustive()
    }
}

/// The page's viewer in Leptos context (guests: `None`).
#[derive(Clone, Debug, Default)]
struct PageViewer(Option<Viewer>);

/// Id of the `<script type="application/json">` that carries the viewer to the browser.
pub const VIEWER_SCRIPT_ID: &str = "kabinet-viewer";

/// Who is looking at the page being rendered.
pub fn use_viewer() -> Option<Viewer> {
    use_context::<PageViewer>().and_then(|c| c.0)
}

/// Puts the viewer into the page's context: the request's on the server, the page head's in
/// the browser.
pub fn provide_viewer() {
    #[cfg(feature = "ssr")]
    provide_context(PageViewer(
        use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Viewer>().cloned()),
    ));
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        let json = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(VIEWER_SCRIPT_ID))
            .and_then(|e| e.text_content());
        provide_context(PageViewer(
            json.and_then(|j| serde_json::from_str(&j).ok()).flatten(),
        ));
    }
}

/// The JSON for the page head; `<` is escaped so it cannot close the script element.
pub fn viewer_script_json(viewer: &Option<Viewer>) -> String {
    serde_json::to_string(viewer)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
}

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use super::Viewer;
    use crate::error::AppError;
    use crate::i18n::{Lang, LANG_COOKIE};
    use crate::ids::{StoreId, UserId};
    use crate::platform::{cookies, request_parts, state, AppState};
    use http::HeaderMap;
    use sqlx::SqlitePool;

    /// What a server function knows about its request.
    pub struct Ctx {
        pub state: AppState,
        pub lang: Lang,
        /// The shopper's time zone (the `tz` cookie, else the language's default).
        pub zone: crate::zone::Zone,
        pub viewer: Option<Viewer>,
    }

    impl Ctx {
        pub fn pool(&self) -> &SqlitePool {
            &self.state.pool
        }

        /// The signed-in shopper, or `NotSignedIn`.
        pub fn viewer(&self) -> Result<&Viewer, AppError> {
            self.viewer.as_ref().ok_or(AppError::NotSignedIn)
        }

        /// The signed-in shopper's account: every server function acting for someone asks.
        pub fn user(&self) -> Result<UserId, AppError> {
            Ok(self.viewer()?.id)
        }

        /// The signed-in seller's store, or `Forbidden` for a shopper without one.
        pub fn store(&self) -> Result<StoreId, AppError> {
            self.viewer()?.store_id.ok_or(AppError::Forbidden)
        }
    }

    /// The current request's context, inside a server function or a page rendering on the server.
    pub fn ctx() -> Result<Ctx, AppError> {
        let parts = request_parts()?;
        let lang = request_lang(&parts.headers);
        Ok(Ctx {
            state: state()?,
            lang,
            zone: crate::zone::cookie_zone(&parts.headers)
                .unwrap_or_else(|| crate::zone::Zone::default_for(lang)),
            viewer: parts.extensions.get::<Viewer>().cloned(),
        })
    }

    /// The language chosen by cookie, else Russian.
    pub fn request_lang(headers: &HeaderMap) -> Lang {
        cookies::get(headers, LANG_COOKIE)
            .and_then(|c| Lang::parse(&c))
            .unwrap_or_default()
    }
}
