//! Shoppers' photos, shared by every section that takes them (disputes, reviews, messages): the limits
//! (checked in the browser and on the server), and on the server the safe pipeline that decodes
//! and re-encodes each photo (`clean`), the multipart reader of a form with photos (`form`), and
//! the insert into a photo table (`store`); in the browser, the checked multipart submit
//! (`submit`).

/// Photos per form, each file as sent at most 5 MB.
pub const MAX_PHOTOS: usize = 5;
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

#[cfg(feature = "ssr")]
mod clean;
#[cfg(feature = "ssr")]
pub mod form;
#[cfg(feature = "ssr")]
mod store;
#[cfg(feature = "hydrate")]
pub mod submit;
#[cfg(feature = "ssr")]
pub use clean::*;
#[cfg(feature = "ssr")]
pub use store::{store_in, PhotoTable};
