//! The coupons a store, product or home page offers: read, worded, and built into HTML.

use super::*;

#[derive(sqlx::FromRow)]
struct OfferRow {
    #[sqlx(flatten)]
    coupon: CouponRow,
    quantity: Option<i64>,
    claimed: i64,
    per_shopper: i64,
    mine: i64,
}

/// The coupons a page offers: one store's (`Some`) or the platform's, still to be had, the
/// soonest to end first; `held` for what `user` already holds as many of as allowed.
pub async fn offers(
    pool: &SqlitePool,
    store: Option<StoreId>,
    user: Option<UserId>,
    now: i64,
) -> Result<Vec<Offer>, AppError> {
    let rows: Vec<OfferRow> = sqlx::query_as(&format!(
        "SELECT {COUPON_COLUMNS}, c.quantity, c.claimed, c.per_shopper,
                (SELECT COUNT(*) FROM user_coupons uc WHERE uc.user_id = ?3 AND uc.coupon_id = c.id) AS mine
         FROM coupons c LEFT JOIN stores s ON s.id = c.store_id
         WHERE c.store_id IS ?1 AND c.ends_at > ?2 AND c.public = 1 AND c.ended_at IS NULL
           AND (c.quantity IS NULL OR c.claimed < c.quantity)
         ORDER BY c.ends_at, c.id LIMIT 12"
    ))
    .bind(store)
    .bind(now)
    .bind(user.map_or(0, |u| u.get()))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Offer {
            id: CouponId(r.coupon.coupon_id),
            giver: r.coupon.giver(),
            terms: r.coupon.terms(),
            special: r.coupon.special(),
            starts_at: r.coupon.starts_at,
            ends_at: r.coupon.ends_at,
            left: r.quantity.map(|q| q - r.claimed),
            held: r.mine >= r.per_shopper,
        })
        .collect())
}

/// [`offers`] worded for the page, in `lang` and the shopper's `zone`.
pub async fn offer_lines(
    pool: &SqlitePool,
    store: Option<StoreId>,
    user: Option<UserId>,
    lang: Lang,
    zone: crate::zone::Zone,
    now: i64,
) -> Result<Vec<OfferLine>, AppError> {
    let date = |t: i64| crate::widgets::format_date_in(t, lang, zone);
    Ok(offers(pool, store, user, now)
        .await?
        .into_iter()
        .map(|o| OfferLine {
            id: o.id.0,
            terms: o.terms.describe(lang),
            giver: match o.giver {
                Giver::Platform => lang.pick("Купон Kabinet", "Kabinet coupon").to_string(),
                Giver::Store { .. } => lang.pick("Купон магазина", "Store coupon").to_string(),
            },
            store: match o.giver {
                Giver::Platform => None,
                Giver::Store { id, name } => Some((id.get(), name)),
            },
            special: o.special.map(|s| s.text(lang)),
            window: format!(
                "{} {} {} {}",
                lang.pick("Действует с", "Valid from"),
                date(o.starts_at),
                lang.pick("по", "to"),
                date(o.ends_at - 1)
            ),
            left: o.left,
            held: o.held,
        })
        .collect())
}

/// Text for HTML (element content or a quoted attribute).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The offers of a page (`back`: its path) as finished HTML: one card per coupon with a plain
/// "Получить купон" form (a guest gets a sign-in link). Built here rather than as a view so that
/// the product page's WASM carries a string, not the strip's code (the first-load gate); every
/// value is escaped, the store's name included.
pub fn offers_html(lines: &[OfferLine], back: &str, signed_in: bool, lang: Lang) -> String {
    if lines.is_empty() {
        return String::new();
    }
    let mut html = format!(
        "<section class=\"card coupon-offers\" aria-labelledby=\"coupon-offers-title\">\
         <h2 id=\"coupon-offers-title\">{}</h2><ul class=\"coupon-list\">",
        lang.pick("Купоны", "Coupons")
    );
    for o in lines {
        html.push_str("<li class=\"card coupon\" data-testid=\"coupon-offer\">");
        html.push_str(&format!(
            "<p class=\"coupon-terms\" data-testid=\"coupon-terms\">{}</p>",
            esc(&o.terms)
        ));
        html.push_str(&format!(
            "<p class=\"coupon-meta\"><span class=\"coupon-giver\">{}",
            esc(&o.giver)
        ));
        if let Some((id, name)) = &o.store {
            html.push_str(&format!(" <a href=\"/store/{id}\">{}</a>", esc(name)));
        }
        html.push_str("</span></p>");
        if let Some(special) = &o.special {
            html.push_str(&format!(
                "<p class=\"badge\" data-testid=\"coupon-special\">{}</p>",
                esc(special)
            ));
        }
        html.push_str(&format!(
            "<p class=\"coupon-window\">{}</p>",
            esc(&o.window)
        ));
        if let Some(n) = o.left {
            html.push_str(&format!(
                "<p class=\"coupon-left\"><small>{} {n}</small></p>",
                lang.pick("осталось", "left")
            ));
        }
        let get = lang.pick("Получить купон", "Get coupon");
        if o.held {
            html.push_str(&format!(
                "<p class=\"badge badge-good\" data-testid=\"coupon-held\">{}</p>",
                lang.pick("Купон у вас", "You have it")
            ));
        } else if !signed_in {
            html.push_str(&format!(
                "<a class=\"btn\" href=\"{}\">{}</a>",
                esc(&crate::web::login_url(back)),
                lang.pick("Войдите, чтобы получить", "Sign in to get it")
            ));
        } else {
            html.push_str(&format!(
                "<form method=\"post\" action=\"/api/claim_coupon\">\
                 <input type=\"hidden\" name=\"coupon_id\" value=\"{}\"/>\
                 <input type=\"hidden\" name=\"back\" value=\"{}\"/>\
                 <button type=\"submit\" class=\"btn btn-primary\" aria-label=\"{}: {}\">{get}</button></form>",
                o.id,
                esc(back),
                get,
                esc(&o.terms)
            ));
        }
        html.push_str("</li>");
    }
    html.push_str("</ul></section>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offers_html_escapes_every_value_the_store_name_included() {
        let line = OfferLine {
            id: 7,
            terms: "Скидка 5 $ <b>".into(),
            giver: "Купон магазина".into(),
            store: Some((3, "<script>alert(1)</script>\"'&".into())),
            special: None,
            window: "с 01.01 по 02.01".into(),
            left: Some(4),
            held: false,
        };
        let html = offers_html(&[line], "/product/1?x=\"y", true, Lang::Ru);
        assert!(!html.contains("<script>") && !html.contains("<b>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
        assert!(html.contains("value=\"/product/1?x=&quot;y\""));
        assert!(html.contains("data-testid=\"coupon-offer\"") && html.contains("осталось 4"));
        assert_eq!(offers_html(&[], "/", true, Lang::Ru), "");
    }
}
