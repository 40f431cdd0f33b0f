//! Coupons (`/account/coupons`): the wallet with its tabs, claiming on store, product and home
//! pages or by code, the "expires soon" flag and notice, and the store's own coupons in the
//! seller console. Checkout weighs the held coupons (`rules.rs`) and marks the chosen ones used;
//! a cancelled order gives them back.

mod model;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use model::*;
pub use views::*;

use crate::error::{AppError, Field};
use crate::money::Money;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A store's coupon in its console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreCoupon {
    pub id: CouponId,
    pub code: String,
    pub terms: Terms,
    pub starts_at: i64,
    pub ends_at: i64,
    pub quantity: Option<i64>,
    pub claimed: i64,
    pub used: i64,
    pub ended: bool,
}

/// One page of the signed-in shopper's wallet.
#[server(prefix = "/api", endpoint = "coupons")]
pub async fn load_wallet(tab: Option<String>, page: Option<String>) -> Result<Wallet, AppError> {
    let cx = crate::context::ctx()?;
    let tab = tab.as_deref().and_then(Tab::parse).unwrap_or(Tab::All);
    let page = crate::paging::parse_page(page.as_deref());
    ssr::wallet(cx.pool(), cx.user()?, tab, page, crate::platform::now()).await
}

/// The coupons a store's pages (`store` = its id) or the home page (none) offer.
#[server(prefix = "/api", endpoint = "coupon_offers")]
pub async fn coupon_offers(store: Option<String>) -> Result<Vec<Offer>, AppError> {
    let cx = crate::context::ctx()?;
    let store = match store.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(crate::ids::StoreId::parse(s)?),
        None => None,
    };
    let user = cx.viewer.as_ref().map(|v| v.id);
    ssr::offers(cx.pool(), store, user, crate::platform::now()).await
}

/// "Получить купон": claims coupon `coupon_id`, then back to `back` with `?coupon=1`.
#[server(prefix = "/api", endpoint = "claim_coupon")]
pub async fn claim_coupon(coupon_id: String, back: Option<String>) -> Result<(), AppError> {
    let back = crate::domain::safe_next(back.as_deref());
    let result = async {
        let id = crate::ids::ProductId::parse(&coupon_id).map(|p| CouponId(p.get()))?;
        let cx = crate::context::ctx()?;
        ssr::claim(cx.pool(), cx.user()?, id, crate::platform::now())
            .await
            .map(|_| ())
    }
    .await;
    let done = crate::web::with_query(&back, "coupon", "1");
    crate::platform::answer(result, |_| done.clone(), &back)
}

/// Enters a coupon code in the wallet.
#[server(prefix = "/api", endpoint = "redeem_coupon")]
pub async fn redeem_coupon(code: String) -> Result<(), AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        ssr::redeem(cx.pool(), cx.user()?, &code, crate::platform::now())
            .await
            .map(|_| ())
    }
    .await;
    crate::platform::answer(
        result,
        |_| "/account/coupons?added=1".into(),
        "/account/coupons",
    )
}

/// The signed-in store's coupons.
#[server(prefix = "/api", endpoint = "store_coupons")]
pub async fn store_coupons() -> Result<Vec<StoreCoupon>, AppError> {
    let cx = crate::context::ctx()?;
    ssr::of_store(cx.pool(), cx.store()?).await
}

/// A date from the console's `<input type="date">` (the store's day starts at midnight UTC).
fn parse_day(raw: &str, field: Field) -> Result<i64, AppError> {
    let bad = || AppError::OutOfRange(field);
    let mut parts = raw.trim().splitn(3, '-').map(|p| p.parse::<i64>());
    let (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    if !(2000..=2100).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(bad());
    }
    // Days from 1970-01-01 (the civil-from-days inverse, proleptic Gregorian).
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Ok((era * 146_097 + doe - 719_468) * 86_400)
}

/// Parses the console's new-coupon form: every amount positive, a percentage 1–100 with a cap,
/// an end after the start (the end day is included), a quantity of at least one.
#[allow(clippy::too_many_arguments)]
pub fn parse_new_coupon(
    amount: &str,
    percent: &str,
    min_order: &str,
    starts: &str,
    ends: &str,
    quantity: &str,
    per_shopper: &str,
) -> Result<(Terms, i64, i64, Option<i64>, i64), AppError> {
    let amount = Money::parse_amount(amount).map_err(|_| AppError::OutOfRange(Field::Amount))?;
    if amount.cents() <= 0 {
        return Err(AppError::OutOfRange(Field::Amount));
    }
    let percent = match percent.trim() {
        "" => None,
        p => match p.parse::<u32>() {
            Ok(n) if (1..=100).contains(&n) => Some(n),
            _ => return Err(AppError::OutOfRange(Field::Percent)),
        },
    };
    let min_order = match min_order.trim() {
        "" => Money(0),
        m => Money::parse_amount(m).map_err(|_| AppError::OutOfRange(Field::MinOrder))?,
    };
    if percent.is_none() && min_order.cents() > 0 && amount.cents() >= min_order.cents() {
        return Err(AppError::OutOfRange(Field::Amount));
    }
    let starts_at = parse_day(starts, Field::Starts)?;
    let ends_at = parse_day(ends, Field::Ends)? + 86_400;
    if ends_at <= starts_at || ends_at - starts_at > 366 * 86_400 {
        return Err(AppError::OutOfRange(Field::Ends));
    }
    let quantity = match quantity.trim() {
        "" => None,
        q => match q.parse::<i64>() {
            Ok(n) if (1..=1_000_000).contains(&n) => Some(n),
            _ => return Err(AppError::OutOfRange(Field::Quantity)),
        },
    };
    let per_shopper = match per_shopper.trim() {
        "" => 1,
        p => match p.parse::<i64>() {
            Ok(n) if (1..=20).contains(&n) => n,
            _ => return Err(AppError::OutOfRange(Field::PerShopper)),
        },
    };
    let terms = Terms {
        amount,
        percent,
        min_order,
    };
    Ok((terms, starts_at, ends_at, quantity, per_shopper))
}

/// The store creates a coupon.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "create_coupon")]
pub async fn create_coupon(
    amount: String,
    percent: Option<String>,
    min_order: Option<String>,
    starts: String,
    ends: String,
    quantity: Option<String>,
    per_shopper: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let cx = crate::context::ctx()?;
        let store = cx.store()?;
        let (terms, starts_at, ends_at, quantity, per_shopper) = parse_new_coupon(
            &amount,
            percent.as_deref().unwrap_or(""),
            min_order.as_deref().unwrap_or(""),
            &starts,
            &ends,
            quantity.as_deref().unwrap_or(""),
            per_shopper.as_deref().unwrap_or(""),
        )?;
        let new = ssr::NewCoupon {
            terms,
            starts_at,
            ends_at,
            quantity,
            per_shopper,
        };
        ssr::create(&cx.state, store, &new, crate::platform::now())
            .await
            .map(|_| ())
    }
    .await;
    crate::platform::answer(
        result,
        |_| "/seller/coupons?created=1".into(),
        "/seller/coupons",
    )
}

/// The store ends one of its coupons: no more claims.
#[server(prefix = "/api", endpoint = "end_coupon")]
pub async fn end_coupon(coupon_id: String) -> Result<(), AppError> {
    let result = async {
        let id = crate::ids::ProductId::parse(&coupon_id).map(|p| CouponId(p.get()))?;
        let cx = crate::context::ctx()?;
        ssr::end(cx.pool(), cx.store()?, id, crate::platform::now()).await
    }
    .await;
    crate::platform::answer(
        result,
        |_| "/seller/coupons?ended=1".into(),
        "/seller/coupons",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_dates_are_utc_days_and_the_end_day_is_included() {
        assert_eq!(parse_day("2024-02-29", Field::Starts), Ok(1_709_164_800));
        assert_eq!(parse_day("2026-11-30", Field::Starts), Ok(1_795_996_800));
        assert_eq!(parse_day("2000-03-01", Field::Starts), Ok(951_868_800));
        assert!(parse_day("2026-13-01", Field::Starts).is_err());
        assert!(parse_day("soon", Field::Starts).is_err());
    }

    #[test]
    fn the_console_refuses_bad_coupons() {
        let ok = |a, p, m, q| parse_new_coupon(a, p, m, "2026-12-01", "2026-12-10", q, "");
        assert!(ok("5", "", "20", "").is_ok());
        assert_eq!(
            ok("0", "", "", "").unwrap_err(),
            AppError::OutOfRange(Field::Amount)
        );
        assert_eq!(
            ok("-5", "", "", "").unwrap_err(),
            AppError::OutOfRange(Field::Amount)
        );
        assert_eq!(
            ok("5", "101", "", "").unwrap_err(),
            AppError::OutOfRange(Field::Percent)
        );
        assert_eq!(
            ok("5", "0", "", "").unwrap_err(),
            AppError::OutOfRange(Field::Percent)
        );
        assert_eq!(
            ok("5", "", "", "0").unwrap_err(),
            AppError::OutOfRange(Field::Quantity)
        );
        assert_eq!(
            ok("30", "", "20", "").unwrap_err(),
            AppError::OutOfRange(Field::Amount)
        );
        let backwards = parse_new_coupon("5", "", "", "2026-12-10", "2026-12-01", "", "");
        assert_eq!(backwards.unwrap_err(), AppError::OutOfRange(Field::Ends));
        let (terms, s, e, q, per) = ok("15", "10", "", "100").unwrap();
        assert_eq!(terms.percent, Some(10));
        assert_eq!(e - s, 10 * 86_400);
        assert_eq!((q, per), (Some(100), 1));
    }
}
