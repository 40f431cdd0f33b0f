//! With JavaScript, a form with files (photos, or a report's evidence) is checked in the browser
//! first (count, size, type) and then sent as the same multipart request the plain form makes:
//! an error stays next to its field and nothing typed is lost. Without JavaScript the form posts
//! itself and the server answers with a redirect.

use super::{MAX_BYTES, MAX_PHOTOS};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::MultipartData;
use std::future::Future;
use wasm_bindgen::JsCast;

/// What the form's file field (`id="photos"`) takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Files {
    /// JPEG, PNG or WebP pictures.
    Photos,
    /// Those, or PDF documents (a report's evidence; the server checks the PDF itself).
    PhotosOrPdf,
}

/// Sends the submitted form through `call` (the section's multipart server function); on
/// success `done` runs with its answer and the form (typically a full load of the next page, or
/// the form emptied for the next message).
pub fn send<T, Fut>(
    ev: leptos::ev::SubmitEvent,
    error: RwSignal<Option<AppError>>,
    pending: RwSignal<bool>,
    files: Files,
    call: impl FnOnce(MultipartData) -> Fut + 'static,
    done: impl FnOnce(T, web_sys::HtmlFormElement) + 'static,
) where
    T: 'static,
    Fut: Future<Output = Result<T, AppError>> + 'static,
{
    ev.prevent_default();
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return;
    };
    if let Some(e) = check_files(files) {
        error.set(Some(e));
        return;
    }
    let Ok(data) = web_sys::FormData::new_with_form(&form) else {
        return;
    };
    pending.set(true);
    error.set(None);
    leptos::task::spawn_local(async move {
        match call(data.into()).await {
            Ok(v) => done(v, form),
            Err(e) => {
                error.set(Some(e));
                pending.set(false);
            }
        }
    });
}

fn check_files(files: Files) -> Option<AppError> {
    let input = web_sys::window()?
        .document()?
        .get_element_by_id("photos")?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?;
    let list = input.files()?;
    if list.length() as usize > MAX_PHOTOS {
        return Some(AppError::TooManyPhotos);
    }
    (0..list.length())
        .filter_map(|i| list.get(i))
        .find_map(|f| {
            let picture = matches!(
                f.type_().as_str(),
                "image/jpeg" | "image/png" | "image/webp"
            );
            let pdf = f.type_() == "application/pdf";
            if f.size() > MAX_BYTES as f64 {
                Some(AppError::PhotoTooLarge)
            } else if files == Files::Photos && !picture {
                Some(AppError::PhotoNotImage)
            } else if files == Files::PhotosOrPdf && !picture && !pdf {
                Some(AppError::EvidenceNotPdf)
            } else {
                None
            }
        })
}
