//! Small helpers for URLs, shared by the server and the browser.

/// Percent-encodes a query-string value (everything but RFC 3986 unreserved characters).
pub fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `path` with `key=value` added to its query string.
pub fn with_query(path: &str, key: &str, value: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}{key}={}", query_escape(value))
}

/// `path` plus `search` as leptos_router reports them (`search` comes without its `?`).
pub fn path_and_query(path: &str, search: &str) -> String {
    if search.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{search}")
    }
}

/// The sign-in page that returns to `next` afterwards.
pub fn login_url(next: &str) -> String {
    if next == "/" {
        "/login".into()
    } else {
        with_query("/login", "next", next)
    }
}

/// Text for a `<textarea>`'s `inner_html`: Leptos writes a textarea's children into the server's
/// HTML as they are (a saved `</textarea>` would end the element there), so saved text goes in
/// escaped.
pub fn textarea_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_escaped_and_appended() {
        assert_eq!(
            with_query("/login", "next", "/a?b=c&d"),
            "/login?next=/a%3Fb%3Dc%26d"
        );
        assert_eq!(
            with_query("/login?next=/", "error", "x y"),
            "/login?next=/&error=x%20y"
        );
        assert_eq!(login_url("/account"), "/login?next=/account");
        assert_eq!(path_and_query("/search", "q=x"), "/search?q=x");
        assert_eq!(path_and_query("/login", ""), "/login");
    }
}
