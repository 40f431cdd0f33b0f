//! Cookies, in one place: read from the request's `Cookie` headers and written as `Set-Cookie`
//! values, both through the `cookie` crate. Every cookie is `Path=/; SameSite=Lax`, `Secure`
//! when the site is served over https.

use cookie::time::Duration;
use cookie::{Cookie, SameSite};
use http::HeaderMap;

/// One cookie's value from the request, if it was sent.
pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// Whether scripts may read the cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scripts {
    /// `HttpOnly`: sessions.
    Hidden,
    /// Preferences that the page may also set (language, time zone).
    Visible,
}

/// A `Set-Cookie` value; `max_age_secs` 0 deletes the cookie.
pub fn set(name: &str, value: &str, max_age_secs: u64, scripts: Scripts, secure: bool) -> String {
    Cookie::build((name.to_string(), value.to_string()))
        .path("/")
        .same_site(SameSite::Lax)
        .http_only(scripts == Scripts::Hidden)
        .secure(secure)
        .max_age(Duration::seconds(max_age_secs.min(i64::MAX as u64) as i64))
        .build()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_found_among_several_headers_and_pairs() {
        let mut h = HeaderMap::new();
        h.append(http::header::COOKIE, "a=1; lang=en".parse().unwrap());
        h.append(http::header::COOKIE, "kabinet_session=xyz".parse().unwrap());
        assert_eq!(get(&h, "lang").as_deref(), Some("en"));
        assert_eq!(get(&h, "kabinet_session").as_deref(), Some("xyz"));
        assert_eq!(get(&h, "nope"), None);
    }

    #[test]
    fn set_cookie_values_carry_every_attribute() {
        let v = set("kabinet_session", "abc", 60, Scripts::Hidden, true);
        for part in [
            "kabinet_session=abc",
            "HttpOnly",
            "SameSite=Lax",
            "Secure",
            "Path=/",
            "Max-Age=60",
        ] {
            assert!(v.contains(part), "{v} lacks {part}");
        }
        let v = set("lang", "en", 0, Scripts::Visible, false);
        assert!(
            !v.contains("HttpOnly") && !v.contains("Secure") && v.contains("Max-Age=0"),
            "{v}"
        );
    }
}
