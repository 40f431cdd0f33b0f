//! Reading a multipart form with photos: text fields with a size cap, and up to five files in the
//! `photos` field, each counted as it streams in and refused past 5 MB. The whole body is also
//! capped by the server (`guard::limit_bodies`).

use super::{MAX_BYTES, MAX_PHOTOS};
use crate::error::AppError;

/// The form as sent, before checking.
#[derive(Default)]
pub struct PhotoForm {
    fields: Vec<(String, String)>,
    pub photos: Vec<Vec<u8>>,
    /// Why the form cannot be taken, found while reading (the fields read so far are kept).
    pub refusal: Option<AppError>,
    /// The upload slot taken to read the photos (held until the form is dropped: through the
    /// decoding too).
    pub turn: Option<tokio::sync::SemaphorePermit<'static>>,
}

impl PhotoForm {
    /// A text field's value ("" when absent); a field sent twice counts by its last value.
    pub fn text(&self, name: &str) -> &str {
        self.fields
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// A checkbox: present and not empty.
    pub fn checked(&self, name: &str) -> bool {
        !self.text(name).is_empty()
    }
}

/// Text fields longer than this are cut off here and refused by the checks.
const MAX_TEXT: usize = 64 * 1024;
/// Text fields kept at most (a form has a handful).
const MAX_FIELDS: usize = 32;

/// Reads every part. A refusal found on the way (too many or too large photos) is kept until the
/// body has been read to its end, so a browser posting the form sees the answer instead of a
/// reset connection.
///
/// Before the first file part (the forms put their text fields first), `check` is called with
/// the value of the text field `key` (the order or order line the form is about): it refuses
/// another shopper's order, or one that cannot take the form, before any photo is read. Only
/// then is an upload slot taken ([`super::upload_turn`], with its timeout). A refusal there
/// stops the reading at once: the rest of the body is not waited for.
pub async fn read<F, Fut>(mut mp: multer::Multipart<'static>, key: &str, check: F) -> PhotoForm
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = Result<(), AppError>>,
{
    let mut form = PhotoForm::default();
    let mut refusal: Option<AppError> = None;
    let mut check = Some(check);
    'parts: loop {
        let mut field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                refusal.get_or_insert(stream_error(e));
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        // A browser sends a file part with an empty name when no file was chosen: not a file
        // (a text-only message takes no upload slot).
        let is_file = field.file_name().is_some_and(|n| !n.is_empty());
        if is_file {
            if let Some(check) = check.take() {
                let gate = match check(form.text(key).to_string()).await {
                    Ok(()) => super::upload_turn()
                        .await
                        .map(|turn| form.turn = Some(turn)),
                    Err(e) => Err(e),
                };
                if let Err(e) = gate {
                    form.refusal = Some(e);
                    return form;
                }
            }
        }
        let cap = if is_file { MAX_BYTES } else { MAX_TEXT };
        let mut data = Vec::new();
        let mut over = false;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) if !over => {
                    if data.len() + chunk.len() > cap {
                        over = true;
                        data = Vec::new();
                    } else {
                        data.extend_from_slice(&chunk);
                    }
                }
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(e) => {
                    refusal.get_or_insert(stream_error(e));
                    break 'parts;
                }
            }
        }
        if name == "photos" && is_file {
            // A browser sends one empty part when no file was chosen.
            if over {
                refusal.get_or_insert(AppError::PhotoTooLarge);
            } else if !data.is_empty() {
                if form.photos.len() == MAX_PHOTOS {
                    refusal.get_or_insert(AppError::TooManyPhotos);
                } else {
                    form.photos.push(data);
                }
            }
            continue;
        }
        if over {
            refusal.get_or_insert(AppError::Request);
        }
        if form.fields.len() < MAX_FIELDS {
            form.fields
                .push((name, String::from_utf8_lossy(&data).into_owned()));
        }
    }
    if let Some(check) = check.take() {
        // No file part: the form is still checked, with no slot needed.
        if let Err(e) = check(form.text(key).to_string()).await {
            refusal.get_or_insert(e);
        }
    }
    form.refusal = refusal;
    form
}

/// The body stopped early: cut off by the size cap, or the connection went away.
fn stream_error(e: multer::Error) -> AppError {
    tracing::info!(error = %e, "photo form not read");
    match e {
        multer::Error::StreamReadFailed(_) | multer::Error::StreamSizeExceeded { .. } => {
            AppError::PhotoTooLarge
        }
        _ => AppError::Request,
    }
}
