//! Photos sent by shoppers (dispute evidence, review photos): whatever arrives is decoded (JPEG, PNG or WebP, judged by content, not by
//! name), checked for size and pixel count before any pixels are allocated, turned upright and
//! re-encoded as a fresh JPEG. Nothing of the original file survives, metadata (GPS…) included.

use crate::error::AppError;
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};
use std::io::Cursor;
use std::sync::{Arc, LazyLock};
use tokio::sync::Semaphore;

pub use super::MAX_BYTES;
/// Per side, and in all (a 40 MP photo is larger than phone cameras take by default).
pub const MAX_SIDE: u32 = 8192;
pub const MAX_PIXELS: u64 = 40_000_000;
/// The decoded picture, in bytes: 40 MP of 8-bit RGBA. A 16-bit PNG of that many pixels (a few
/// hundred kilobytes of zeros) would need twice as much, and is refused before decoding.
pub const MAX_DECODED: u64 = MAX_PIXELS * 4;
/// What is kept: the long side scaled down to this.
pub const STORED_SIDE: u32 = 2048;

/// A photo ready to store.
#[derive(Debug)]
pub struct CleanPhoto {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Decodes and re-encodes one photo. CPU-heavy: call it off the async runtime.
pub fn clean(bytes: &[u8]) -> Result<CleanPhoto, AppError> {
    if bytes.len() > MAX_BYTES {
        return Err(AppError::PhotoTooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| AppError::PhotoNotImage)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(AppError::PhotoNotImage);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED + (64 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    let (w, h) = decoder.dimensions();
    // `from_decoder` does not hold the picture itself to `max_alloc`: check its size here.
    if w as u64 * h as u64 > MAX_PIXELS || decoder.total_bytes() > MAX_DECODED {
        return Err(AppError::PhotoTooManyPixels);
    }
    let orientation = decoder.orientation().map_err(refusal)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    // Shrink first (area sampling, no full-size intermediate), then turn the small copy upright.
    if img.width().max(img.height()) > STORED_SIDE {
        img = img.thumbnail(STORED_SIDE, STORED_SIDE);
    }
    img.apply_orientation(orientation);
    let rgb = flatten(img);
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 85)
        .encode_image(&rgb)
        .map_err(|e| {
            tracing::error!(error = %e, "photo not encoded");
            AppError::Internal
        })?;
    Ok(CleanPhoto {
        jpeg,
        width: rgb.width(),
        height: rgb.height(),
    })
}

/// Transparent pixels become white, not black.
fn flatten(img: DynamicImage) -> image::RgbImage {
    if !img.color().has_alpha() {
        return img.to_rgb8();
    }
    let rgba = img.to_rgba8();
    image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let mix = |c: u8| ((c as u32 * a as u32 + 255 * (255 - a as u32)) / 255) as u8;
        image::Rgb([mix(r), mix(g), mix(b)])
    })
}

fn refusal(e: ImageError) -> AppError {
    match e {
        ImageError::Limits(_) => AppError::PhotoTooManyPixels,
        _ => AppError::PhotoNotImage,
    }
}

/// Two photos decode at a time, whatever the number of uploads. The permit travels with the
/// blocking task, so a client that hangs up does not free a slot while its photo still decodes.
static DECODERS: LazyLock<Arc<Semaphore>> = LazyLock::new(|| Arc::new(Semaphore::new(2)));

/// Uploads read into memory at once (each up to `guard::UPLOAD_LIMIT`); more wait their turn
/// before their body is read.
static UPLOADS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(8));

/// How long an upload waits for a turn before the answer is "busy": a flood of uploads gets a
/// refusal, not a queue of connections that grows without bound.
pub const UPLOAD_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Waits (at most [`UPLOAD_WAIT`]) for a turn to read an upload's photos; the turn ends when
/// the permit is dropped.
pub async fn upload_turn() -> Result<tokio::sync::SemaphorePermit<'static>, AppError> {
    match tokio::time::timeout(UPLOAD_WAIT, UPLOADS.acquire()).await {
        Ok(permit) => permit.map_err(|_| AppError::Internal),
        Err(_) => {
            tracing::warn!("upload slots full");
            Err(AppError::Busy)
        }
    }
}

/// One shopper's upload in progress; the next may start when it is dropped.
pub struct OneUpload {
    state: crate::platform::AppState,
    user: i64,
}

impl Drop for OneUpload {
    fn drop(&mut self) {
        if let Ok(mut set) = self.state.uploading.lock() {
            set.remove(&self.user);
        }
    }
}

/// One upload at a time per shopper (`UploadInProgress` otherwise): one account cannot take
/// every upload slot.
pub fn one_upload(
    state: &crate::platform::AppState,
    user: crate::ids::UserId,
) -> Result<OneUpload, AppError> {
    let mut set = state.uploading.lock().map_err(|_| AppError::Internal)?;
    if set.insert(user.get()) {
        Ok(OneUpload {
            state: state.clone(),
            user: user.get(),
        })
    } else {
        Err(AppError::UploadInProgress)
    }
}

/// Cleans every photo on the blocking pool; the first refusal wins.
pub async fn clean_all(files: Vec<Vec<u8>>) -> Result<Vec<CleanPhoto>, AppError> {
    let mut out = Vec::with_capacity(files.len());
    for bytes in files {
        let permit = DECODERS
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| AppError::Internal)?;
        let photo = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            clean(&bytes)
        })
        .await
        .map_err(|_| AppError::Internal)??;
        out.push(photo);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(w, h, image::Rgba([200, 10, 10, 0]));
        let mut out = Vec::new();
        DynamicImage::ImageRgba8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn a_transparent_png_becomes_a_white_jpeg() {
        let p = clean(&png(30, 20)).unwrap();
        assert_eq!((p.width, p.height), (30, 20));
        assert_eq!(image::guess_format(&p.jpeg).unwrap(), ImageFormat::Jpeg);
        let back = image::load_from_memory(&p.jpeg).unwrap().to_rgb8();
        assert!(back.get_pixel(5, 5).0.iter().all(|c| *c > 240));
    }

    #[test]
    fn text_and_svg_are_not_photos() {
        for bad in [
            &b"<svg xmlns='http://www.w3.org/2000/svg'/>"[..],
            b"<html></html>",
            b"",
        ] {
            assert_eq!(clean(bad).unwrap_err(), AppError::PhotoNotImage);
        }
    }
}
