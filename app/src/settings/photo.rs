//! The profile photo: uploaded through the shared safe pipeline (`images`: decoded by content,
//! size and pixel limits before decoding, re-encoded, metadata dropped), then cut to a centred
//! square of [`PHOTO_SIDE`] pixels. Shown in the header's greeting and on the profile page;
//! served to its owner at `/account/settings/photo`.

use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

/// The stored square's side, in pixels.
pub const PHOTO_SIDE: u32 = 256;

/// Saves the photo posted in the multipart field `photos` (the first file), replacing the old one.
#[server(prefix = "/api", endpoint = "save_photo", input = MultipartFormData)]
pub async fn save_photo(data: MultipartData) -> Result<(), AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        let user = cx.user()?;
        let _one = crate::images::one_upload(&cx.state, user)?;
        let data = data.into_inner().ok_or(AppError::Request)?;
        let form = crate::images::form::read(data, "photo", |_| async { Ok(()) }).await;
        if let Some(e) = form.refusal {
            return Err(e);
        }
        let bytes = form
            .photos
            .into_iter()
            .next()
            .ok_or(AppError::Required(crate::error::Field::Photos))?;
        let clean = crate::images::clean_all(vec![bytes])
            .await?
            .pop()
            .ok_or(AppError::Internal)?;
        let jpeg = tokio::task::spawn_blocking(move || square(&clean.jpeg))
            .await
            .map_err(|_| AppError::Internal)??;
        crate::auth::profile::set_photo(&cx, Some(jpeg)).await
    }
    .await;
    crate::platform::answer(
        result,
        |_| format!("{}?done=photo", super::PROFILE),
        &format!("{}?form=photo", super::PROFILE),
    )
}

/// Removes the photo.
#[server(prefix = "/api", endpoint = "remove_photo")]
pub async fn remove_photo() -> Result<(), AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        crate::auth::profile::set_photo(&cx, None).await
    }
    .await;
    crate::platform::answer(
        result,
        |_| format!("{}?done=photo_removed", super::PROFILE),
        &format!("{}?form=photo", super::PROFILE),
    )
}

/// A centred square of the cleaned photo (our own JPEG, at most 2048 px a side), as JPEG.
#[cfg(feature = "ssr")]
fn square(jpeg: &[u8]) -> Result<Vec<u8>, AppError> {
    use image::imageops::FilterType;
    let img = image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg)
        .map_err(|_| AppError::PhotoNotImage)?;
    let small = img.resize_to_fill(PHOTO_SIDE, PHOTO_SIDE, FilterType::Triangle);
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&small.to_rgb8())
        .map_err(|_| AppError::Internal)?;
    Ok(out)
}

/// `GET /account/settings/photo`: the signed-in shopper's own photo (404 without one).
#[cfg(feature = "ssr")]
pub async fn photo_handler(
    axum::extract::State(state): axum::extract::State<crate::platform::AppState>,
    viewer: Option<axum::Extension<crate::context::Viewer>>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
    let Some(axum::Extension(viewer)) = viewer else {
        return http::StatusCode::NOT_FOUND.into_response();
    };
    match crate::auth::profile::photo(&state, viewer.id).await {
        Ok(Some(jpeg)) => (
            [
                (CONTENT_TYPE, "image/jpeg"),
                (X_CONTENT_TYPE_OPTIONS, "nosniff"),
                (CACHE_CONTROL, "private, no-cache"),
            ],
            jpeg,
        )
            .into_response(),
        Ok(None) => http::StatusCode::NOT_FOUND.into_response(),
        Err(e) => e.status().into_response(),
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_wide_photo_becomes_a_centred_square() {
        let img = image::RgbImage::from_pixel(600, 300, image::Rgb([10, 200, 10]));
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
            .encode_image(&img)
            .unwrap();
        let out = square(&jpeg).unwrap();
        let back = image::load_from_memory(&out).unwrap();
        assert_eq!((back.width(), back.height()), (PHOTO_SIDE, PHOTO_SIDE));
    }
}
