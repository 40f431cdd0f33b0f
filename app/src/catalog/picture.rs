//! Product pictures, drawn as SVG from the product id: no downloads, no files, and the same
//! picture every time, so browsers may cache them for a year.

use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::StatusCode;

/// `GET /img/p/{id}/{n}.svg`
pub async fn product_picture(Path((id, file)): Path<(u64, String)>) -> Response {
    let Some(n) = file
        .strip_suffix(".svg")
        .and_then(|n| n.parse::<u64>().ok())
        .filter(|n| (1..=5).contains(n))
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    (
        [
            (CONTENT_TYPE, "image/svg+xml"),
            (CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        draw(id, n),
    )
        .into_response()
}

/// splitmix64: a few well-mixed numbers from one seed.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The SVG for picture `n` of product `id`.
pub fn draw(id: u64, n: u64) -> String {
    let seed = mix(id);
    let view = mix(seed ^ n);
    let hue = seed % 360;
    let hue2 = (hue + 30 + view % 60) % 360;
    let shape = seed % 4;
    let (cx, cy) = (
        200 + (view % 41) as i64 - 20,
        190 + ((view >> 8) % 41) as i64 - 20,
    );
    let rot = (view >> 16) % 40;
    let body = match shape {
        0 => format!(
            r#"<rect x="{}" y="{}" width="180" height="180" rx="28"/>"#,
            cx - 90,
            cy - 90
        ),
        1 => format!(r#"<circle cx="{cx}" cy="{cy}" r="100"/>"#),
        2 => format!(
            r#"<path d="M{} {} L{} {} L{} {} Z"/>"#,
            cx,
            cy - 110,
            cx + 110,
            cy + 80,
            cx - 110,
            cy + 80
        ),
        _ => format!(r#"<ellipse cx="{cx}" cy="{cy}" rx="120" ry="80"/>"#),
    };
    let dots: String = (0..5)
        .map(|i| {
            let r = mix(view + i);
            format!(
                r#"<circle cx="{}" cy="{}" r="{}" fill-opacity="0.35"/>"#,
                40 + r % 320,
                40 + (r >> 12) % 320,
                6 + (r >> 24) % 18
            )
        })
        .collect();
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl({hue},70%,92%)"/><stop offset="1" stop-color="hsl({hue2},60%,80%)"/></linearGradient></defs><rect width="400" height="400" fill="url(#g)"/><g fill="hsl({hue2},55%,40%)">{dots}</g><g fill="hsl({hue},60%,45%)" transform="rotate({rot} 200 200)">{body}</g></svg>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_product_always_gets_the_same_picture_and_views_differ() {
        assert_eq!(draw(42, 1), draw(42, 1));
        assert_ne!(draw(42, 1), draw(42, 2));
        assert_ne!(draw(42, 1), draw(43, 1));
        assert!(draw(7, 3).starts_with("<svg"));
    }
}
