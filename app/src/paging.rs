//! Paging, once for every list: page sizes per kind of list, page numbers from the address bar,
//! page counts and offsets, links that keep the query, and the pager itself.

use crate::i18n::use_lang;
use crate::texts;
use leptos::prelude::*;

/// How many items one page of each kind of list shows.
pub mod size {
    /// Product cards: search results, a store's products.
    pub const PRODUCTS: u32 = 24;
    /// A shopper's orders (keyset pages) and a store's orders in the seller console.
    pub const ORDERS: u32 = 20;
    /// Disputes, the shopper's and a store's.
    pub const DISPUTES: u32 = 20;
    /// Stores: search results, favourite stores.
    pub const STORES: u32 = 20;
    /// Rows of the club's points history.
    pub const POINTS: u32 = 20;
    /// Reviews: the shopper's two lists, a product's, a store's.
    pub const REVIEWS: u32 = 10;
    /// A shopper's reports and translation proposals; the moderation queues.
    pub const REPORTS: u32 = 20;
}

/// No list pages further than this (deep offsets are slow and nobody reads them).
pub const MAX_PAGES: u32 = 50;

/// Page numbers from the address bar: anything odd is page 1.
pub fn parse_page(page: Option<&str>) -> u32 {
    page.and_then(|p| p.trim().parse::<u32>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
        .min(MAX_PAGES)
}

/// Number of pages for `total` items.
pub fn page_count(total: i64, size: u32) -> u32 {
    let pages = (total.max(0) as u64).div_ceil(size as u64) as u32;
    pages.clamp(1, MAX_PAGES)
}

/// The rows to skip for page `page` (1-based) of `size`.
pub fn offset(page: u32, size: u32) -> i64 {
    (page.max(1) as i64 - 1) * size as i64
}

texts! {
    pub enum P {
        Pages => "Страницы", "Pages";
        Prev => "← Назад", "← Previous";
        Next => "Вперёд →", "Next →";
        PageOf => "Страница", "Page";
        Of => "из", "of";
    }
}

/// `path?query` with `page` set (and the old `page` dropped).
pub fn page_href(path: &str, query: &[(String, String)], page: u32) -> String {
    let mut parts: Vec<String> = query
        .iter()
        .filter(|(k, v)| k != "page" && !v.is_empty())
        .map(|(k, v)| format!("{k}={}", crate::web::query_escape(v)))
        .collect();
    if page > 1 {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", parts.join("&"))
    }
}

/// Previous / next links and "page N of M". Plain links: works before hydration too.
#[component]
pub fn Pager(page: u32, pages: u32, href: impl Fn(u32) -> String) -> impl IntoView {
    let lang = use_lang();
    if pages <= 1 {
        return ().into_any();
    }
    let prev = (page > 1).then(|| href(page - 1));
    let next = (page < pages).then(|| href(page + 1));
    view! {
        <nav class="pager" aria-label=P::Pages.get(lang)>
            {prev.map(|h| view! { <a class="btn" href=h rel="prev">{P::Prev.get(lang)}</a> })}
            <span class="pager-status">
                {format!("{} {page} {} {pages}", P::PageOf.get(lang), P::Of.get(lang))}
            </span>
            {next.map(|h| view! { <a class="btn" href=h rel="next">{P::Next.get(lang)}</a> })}
        </nav>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_page_numbers_mean_the_first_page_and_pages_are_capped() {
        assert_eq!(parse_page(None), 1);
        assert_eq!(parse_page(Some("-3")), 1);
        assert_eq!(parse_page(Some("x")), 1);
        assert_eq!(parse_page(Some("7")), 7);
        assert_eq!(parse_page(Some("100000")), MAX_PAGES);
        assert_eq!(page_count(0, 24), 1);
        assert_eq!(page_count(49, 24), 3);
        assert_eq!(offset(3, 20), 40);
    }

    #[test]
    fn page_links_keep_the_query_and_replace_the_page() {
        let q = vec![
            ("q".to_string(), "куртка".to_string()),
            ("page".to_string(), "3".to_string()),
            ("sort".to_string(), String::new()),
        ];
        assert_eq!(
            page_href("/search", &q, 4),
            "/search?q=%D0%BA%D1%83%D1%80%D1%82%D0%BA%D0%B0&page=4"
        );
        assert_eq!(
            page_href("/search", &q, 1),
            "/search?q=%D0%BA%D1%83%D1%80%D1%82%D0%BA%D0%B0"
        );
    }
}
