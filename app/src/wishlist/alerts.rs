//! Price-drop alerts, the club privilege (`club::LevelTerms::price_drop_alerts`). A product whose
//! price goes down is queued by the `products_price_dropped` trigger (migration 0011) with the
//! price before the drop. Taking it off the queue (the seller's price edit at once, else the
//! job's next pass) and telling the shoppers is one transaction, so the two cannot both send.
//!
//! A shopper is told when today's price is below the lowest they have seen: the price before
//! the drop, the price when they added it to the wish list, and the last alert's price. So a drop
//! undone before the pass tells no one, and each drop is told once. At most one alert a day per
//! shopper and product ([`COOLDOWN_SECS`]): a store nudging its price down a cent at a time
//! cannot flood anyone. The message goes to the shopper's system notices, and by e-mail (a
//! "price drops" e-mail, which the shopper can switch off).

use crate::error::AppError;
use crate::i18n::Lang;
use crate::ids::{ProductId, UserId};
use crate::messages::ssr::{notice_in, Notice};
use crate::messages::NoticeKind;
use crate::money::Money;
use crate::notify::{ssr::send, MailKind};
use crate::platform::mail::Mail;
use crate::platform::AppState;

/// A shopper told about a product's drop is not told again about it for this long.
pub const COOLDOWN_SECS: i64 = 86_400;

#[derive(sqlx::FromRow)]
struct Holder {
    user_id: UserId,
    email: String,
    lang: String,
    seen: i64,
    last_sent: Option<i64>,
}

/// Tells the shoppers about `product`'s drop, if it is queued. Returns how many were told.
pub async fn run_product(state: &AppState, product: ProductId, at: i64) -> Result<u32, AppError> {
    let mut tx = state.pool.begin_with("BEGIN IMMEDIATE").await?;
    let queued: Option<(i64, i64)> = sqlx::query_as(
        "DELETE FROM price_drops_pending WHERE product_id = ? RETURNING old_price, queued_at",
    )
    .bind(product)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((old_price, queued_at)) = queued else {
        return Ok(0);
    };
    let (now_price, active, title_ru, title_en): (i64, i64, String, String) = sqlx::query_as(
        "SELECT effective_price, active, title_ru, title_en FROM products WHERE id = ?",
    )
    .bind(product)
    .fetch_one(&mut *tx)
    .await?;
    if active == 0 || now_price >= old_price {
        tx.commit().await?;
        return Ok(0);
    }
    let holders: Vec<Holder> = sqlx::query_as(
        "SELECT u.id AS user_id, u.email, u.lang,
                MIN(?2, COALESCE(w.price_when_added, ?2), COALESCE(a.price, ?2)) AS seen,
                a.sent_at AS last_sent
         FROM (SELECT user_id FROM wishlist_items WHERE product_id = ?1
               UNION SELECT user_id FROM cart_items WHERE product_id = ?1 AND added_at <= ?3) h
         JOIN users u ON u.id = h.user_id
         LEFT JOIN wishlist_items w ON w.user_id = h.user_id AND w.product_id = ?1
         LEFT JOIN price_alerts_sent a ON a.user_id = h.user_id AND a.product_id = ?1",
    )
    .bind(product)
    .bind(old_price)
    .bind(queued_at)
    .fetch_all(&mut *tx)
    .await?;
    // A title of any length stays within a message's 2,000 characters.
    let (title_ru, title_en) = (
        crate::messages::snippet(&title_ru),
        crate::messages::snippet(&title_en),
    );
    let mut mails = Vec::new();
    let fresh = |h: &Holder| h.last_sent.is_none_or(|t| t <= at - COOLDOWN_SECS);
    for h in holders
        .into_iter()
        .filter(|h| now_price < h.seen && fresh(h))
    {
        let level = crate::club::ssr::level_in(&mut tx, h.user_id, at).await?;
        if !level.terms().price_drop_alerts {
            continue;
        }
        let (was, now) = (Money(h.seen), Money(now_price));
        let text = |lang: Lang| {
            let title = lang.pick(&title_ru, &title_en);
            match lang {
                Lang::Ru => format!(
                    "Цена на «{title}» снизилась: было {}, стало {}.",
                    was.format(lang),
                    now.format(lang)
                ),
                Lang::En => format!(
                    "The price of “{title}” dropped from {} to {}.",
                    was.format(lang),
                    now.format(lang)
                ),
            }
        };
        let notice = Notice {
            kind: NoticeKind::PriceDropped,
            ru: text(Lang::Ru),
            en: text(Lang::En),
            link: format!("/product/{product}"),
            dedup: format!("drop:{product}:{}:{queued_at}:{now_price}", h.user_id),
        };
        if !notice_in(&mut tx, h.user_id, &notice, at).await? {
            continue;
        }
        sqlx::query(
            "INSERT INTO price_alerts_sent (user_id, product_id, price, sent_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (user_id, product_id) DO UPDATE SET price = excluded.price,
                 sent_at = excluded.sent_at",
        )
        .bind(h.user_id)
        .bind(product)
        .bind(now_price)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let lang = Lang::parse(&h.lang).unwrap_or_default();
        mails.push((
            h.user_id,
            Mail {
                to: h.email,
                subject: lang.pick("Цена снизилась", "Price dropped").to_string(),
                body: format!(
                    "{}\n\n{}/product/{product}\n",
                    text(lang),
                    state.config.public_url
                ),
            },
        ));
    }
    tx.commit().await?;
    let told = mails.len() as u32;
    // After the commit: the notices stand whatever happens to an e-mail. Each goes through
    // `notify`, so it is in the shopper's log, and skipped when they switched price drops off.
    for (user, mail) in mails {
        if let Err(e) = send(state, user, MailKind::PriceDrops, mail).await {
            tracing::warn!(%product, error = ?e, "price-drop e-mail not sent");
        }
    }
    Ok(told)
}

/// The job's pass: every queued product, oldest first. Returns how many shoppers were told.
pub async fn run_pending(state: &AppState, at: i64) -> Result<u32, AppError> {
    let queued: Vec<ProductId> = sqlx::query_scalar(
        "SELECT product_id FROM price_drops_pending ORDER BY queued_at LIMIT 500",
    )
    .fetch_all(&state.pool)
    .await?;
    let mut told = 0;
    for product in queued {
        // One product's failure does not hold back the others queued after it.
        match run_product(state, product, at).await {
            Ok(n) => told += n,
            Err(e) => tracing::warn!(%product, error = ?e, "price-drop alert failed"),
        }
    }
    Ok(told)
}
