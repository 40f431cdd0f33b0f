//! The checkout's coupon arithmetic, apart from the database so that it can be tested on
//! hand-made baskets: whether a held coupon applies, the best one, and the platform coupon's
//! split over the store orders.
//!
//! The rules:
//! - each store's order takes at most one of that store's coupons, on its items' total;
//! - the whole checkout takes at most one platform coupon, on the total after the store coupons;
//!   its discount is split over the orders in proportion to their totals, rounded down to the
//!   cent, the remaining cents on the largest order;
//! - "best" is the largest discount; between equals, the one that ends first (then the older).

use super::model::*;
use crate::error::AppError;
use crate::ids::StoreId;
use crate::money::Money;

/// A coupon in the shopper's wallet, as checkout weighs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldCoupon {
    pub id: HeldId,
    pub store_id: Option<StoreId>,
    pub terms: Terms,
    pub starts_at: i64,
    pub ends_at: i64,
    pub used: bool,
}

/// One store's part of the basket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub store_id: StoreId,
    pub store_name: String,
    pub subtotal: Money,
}

/// What `h` takes off an order of `base` at `now`, or why it cannot.
pub fn check(h: &HeldCoupon, base: Money, now: i64) -> Result<Money, NotApplicable> {
    if h.used {
        Err(NotApplicable::Used)
    } else if now < h.starts_at {
        Err(NotApplicable::StartsOn(h.starts_at))
    } else if now >= h.ends_at {
        Err(NotApplicable::Expired)
    } else if base.cents() < h.terms.min_order.cents() {
        Err(NotApplicable::MoreNeeded(Money(
            h.terms.min_order.cents() - base.cents(),
        )))
    } else {
        Ok(h.terms.discount_on(base))
    }
}

/// Splits `amount` over `totals` in proportion, to the cent; the remainder goes to the largest.
pub fn split(amount: Money, totals: &[Money]) -> Vec<Money> {
    let sum: i128 = totals.iter().map(|t| t.cents() as i128).sum();
    if sum <= 0 {
        return vec![Money(0); totals.len()];
    }
    let mut shares: Vec<Money> = totals
        .iter()
        .map(|t| Money((amount.cents() as i128 * t.cents() as i128 / sum) as i64))
        .collect();
    let given: i64 = shares.iter().map(|s| s.cents()).sum();
    let largest = (0..totals.len())
        .max_by_key(|i| (totals[*i].cents(), std::cmp::Reverse(*i)))
        .unwrap_or(0);
    shares[largest] = Money(shares[largest].cents() + amount.cents() - given);
    shares
}

/// The candidates among `held` (already filtered by giver) for an order of `base`.
fn candidates<'a>(
    held: impl Iterator<Item = &'a HeldCoupon>,
    base: Money,
    now: i64,
) -> Vec<Candidate> {
    let mut list: Vec<Candidate> = held
        .map(|h| Candidate {
            id: h.id,
            terms: h.terms,
            ends_at: h.ends_at,
            result: check(h, base, now),
        })
        .collect();
    // Usable ones first, the best on top; then the others, the soonest to start or end first.
    list.sort_by_key(|c| match c.result {
        Ok(d) => (0, -d.cents(), c.ends_at, c.id.0),
        Err(_) => (1, 0, c.ends_at, c.id.0),
    });
    list
}

/// The best usable candidate (the list is sorted by [`candidates`]).
fn best(list: &[Candidate]) -> Option<HeldId> {
    list.first()
        .filter(|c| matches!(c.result, Ok(d) if d.cents() > 0))
        .map(|c| c.id)
}

/// Resolves one choice: the best when the shopper made none, and an explicit one checked. With
/// `strict` (placing the order) an explicit coupon that does not apply refuses the checkout;
/// without (showing the page) it falls back to the best.
fn resolve(
    list: &[Candidate],
    choice: Option<Option<HeldId>>,
    strict: bool,
) -> Result<Option<HeldId>, AppError> {
    match choice {
        None => Ok(best(list)),
        Some(None) => Ok(None),
        Some(Some(id)) => match list.iter().find(|c| c.id == id).map(|c| c.result) {
            Some(Ok(_)) => Ok(Some(id)),
            _ if !strict => Ok(best(list)),
            Some(Err(NotApplicable::Used)) => Err(AppError::CouponUsed),
            Some(Err(_)) => Err(AppError::CouponNotApplicable),
            None => Err(AppError::CouponUnavailable),
        },
    }
}

fn discount_of(list: &[Candidate], id: Option<HeldId>) -> Money {
    id.and_then(|id| list.iter().find(|c| c.id == id))
        .and_then(|c| c.result.ok())
        .unwrap_or(Money(0))
}

/// Every coupon decision of a checkout of `groups` with the shopper's `held` coupons.
pub fn quote(
    held: &[HeldCoupon],
    groups: &[Group],
    choices: &Choices,
    now: i64,
    strict: bool,
) -> Result<Quote, AppError> {
    let mut stores = Vec::new();
    let mut chosen = Choices::default();
    for g in groups {
        let list = candidates(
            held.iter().filter(|h| h.store_id == Some(g.store_id)),
            g.subtotal,
            now,
        );
        let pick = resolve(&list, choices.store(g.store_id), strict)?;
        let discount = discount_of(&list, pick);
        chosen.stores.push((g.store_id, pick));
        stores.push(StoreQuote {
            store_id: g.store_id,
            store_name: g.store_name.clone(),
            subtotal: g.subtotal,
            options: list,
            chosen: pick,
            discount,
            total: Money(g.subtotal.cents() - discount.cents()),
        });
    }
    let after_stores: Vec<Money> = stores.iter().map(|s| s.total).collect();
    let base = Money(after_stores.iter().map(|m| m.cents()).sum());
    let platform = candidates(held.iter().filter(|h| h.store_id.is_none()), base, now);
    let platform_chosen = resolve(&platform, choices.platform, strict)?;
    chosen.platform = Some(platform_chosen);
    let platform_discount = discount_of(&platform, platform_chosen);
    for (s, share) in stores
        .iter_mut()
        .zip(split(platform_discount, &after_stores))
    {
        s.discount = s.discount.plus(share);
        s.total = Money(s.total.cents() - share.cents());
    }
    Ok(Quote {
        total: Money(stores.iter().map(|s| s.total.cents()).sum()),
        stores,
        platform,
        platform_chosen,
        platform_discount,
        choices: chosen.encode(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_000_000;

    fn coupon(
        id: i64,
        store: Option<i64>,
        amount: i64,
        percent: Option<u32>,
        min: i64,
    ) -> HeldCoupon {
        HeldCoupon {
            id: HeldId(id),
            store_id: store.map(StoreId),
            terms: Terms {
                amount: Money(amount),
                percent,
                min_order: Money(min),
            },
            starts_at: NOW - 10,
            ends_at: NOW + 10,
            used: false,
        }
    }

    fn group(store: i64, subtotal: i64) -> Group {
        Group {
            store_id: StoreId(store),
            store_name: format!("S{store}"),
            subtotal: Money(subtotal),
        }
    }

    #[test]
    fn the_split_is_proportional_to_the_cent_with_the_remainder_on_the_largest() {
        let shares = split(Money(1_000), &[Money(3_333), Money(3_333), Money(3_334)]);
        assert_eq!(shares, vec![Money(333), Money(333), Money(334)]);
        let shares = split(Money(100), &[Money(1), Money(1), Money(1)]);
        assert_eq!(shares.iter().map(|m| m.cents()).sum::<i64>(), 100);
        assert_eq!(shares, vec![Money(34), Money(33), Money(33)]);
        assert_eq!(
            split(Money(0), &[Money(5), Money(0)]),
            vec![Money(0), Money(0)]
        );
    }

    #[test]
    fn the_best_store_coupon_is_the_largest_discount_that_applies() {
        let held = [
            coupon(1, Some(7), 500, None, 2_000),
            coupon(2, Some(7), 2_000, Some(10), 0), // 10% of 3,000 = 300
            coupon(3, Some(7), 900, None, 5_000),   // needs 2,000 more
            coupon(4, Some(8), 5_000, None, 0),     // another store's
        ];
        let q = quote(&held, &[group(7, 3_000)], &Choices::default(), NOW, false).unwrap();
        assert_eq!(q.stores[0].chosen, Some(HeldId(1)));
        assert_eq!(q.stores[0].discount, Money(500));
        assert_eq!(q.stores[0].options.len(), 3);
        let c3 = q.stores[0]
            .options
            .iter()
            .find(|c| c.id == HeldId(3))
            .unwrap();
        assert_eq!(c3.result, Err(NotApplicable::MoreNeeded(Money(2_000))));
    }

    #[test]
    fn equal_discounts_prefer_the_coupon_that_ends_first() {
        let mut late = coupon(1, None, 500, None, 0);
        late.ends_at = NOW + 100;
        let soon = coupon(2, None, 500, None, 0);
        let q = quote(
            &[late, soon],
            &[group(7, 3_000)],
            &Choices::default(),
            NOW,
            false,
        )
        .unwrap();
        assert_eq!(q.platform_chosen, Some(HeldId(2)));
    }

    #[test]
    fn the_platform_coupon_applies_after_store_coupons_and_is_split() {
        let held = [
            coupon(1, Some(7), 1_000, None, 0),
            coupon(2, None, 1_000, None, 5_000),
        ];
        let groups = [group(7, 4_000), group(8, 2_000)];
        let q = quote(&held, &groups, &Choices::default(), NOW, false).unwrap();
        // 3,000 + 2,000 after the store coupon: the platform's 1,000 is split 600 / 400.
        assert_eq!(q.platform_chosen, Some(HeldId(2)));
        assert_eq!(q.stores[0].discount, Money(1_600));
        assert_eq!(q.stores[1].discount, Money(400));
        assert_eq!(q.total, Money(4_000));
        assert_eq!(q.choices, "s7=1&s8=0&p=2");
        // Without the store coupon the platform minimum is still met and the split changes.
        let choices = Choices::parse("s7=0");
        let q = quote(&held, &groups, &choices, NOW, false).unwrap();
        assert_eq!(q.stores[0].discount, Money(667));
        assert_eq!(q.stores[1].discount, Money(333));
    }

    #[test]
    fn an_explicit_choice_is_checked_when_placing() {
        let mut used = coupon(1, Some(7), 500, None, 0);
        used.used = true;
        let mut upcoming = coupon(2, Some(7), 500, None, 0);
        upcoming.starts_at = NOW + 5;
        let held = [used, upcoming, coupon(3, Some(7), 100, None, 0)];
        let groups = [group(7, 3_000)];
        let placing = |c: &str| quote(&held, &groups, &Choices::parse(c), NOW, true);
        assert_eq!(placing("s7=1").unwrap_err(), AppError::CouponUsed);
        assert_eq!(placing("s7=2").unwrap_err(), AppError::CouponNotApplicable);
        assert_eq!(placing("s7=99").unwrap_err(), AppError::CouponUnavailable);
        assert_eq!(placing("s7=3").unwrap().stores[0].discount, Money(100));
        assert_eq!(placing("s7=0").unwrap().stores[0].discount, Money(0));
        // Showing the page, a stale choice falls back to the best.
        let shown = quote(&held, &groups, &Choices::parse("s7=1"), NOW, false).unwrap();
        assert_eq!(shown.stores[0].chosen, Some(HeldId(3)));
    }

    #[test]
    fn window_edges_start_inclusive_end_exclusive() {
        let c = coupon(1, None, 500, None, 0);
        assert_eq!(check(&c, Money(1_000), NOW - 10), Ok(Money(500)));
        assert_eq!(
            check(&c, Money(1_000), NOW - 11),
            Err(NotApplicable::StartsOn(NOW - 10))
        );
        assert_eq!(check(&c, Money(1_000), NOW + 9), Ok(Money(500)));
        assert_eq!(
            check(&c, Money(1_000), NOW + 10),
            Err(NotApplicable::Expired)
        );
    }

    #[test]
    fn the_minimum_is_inclusive() {
        let c = coupon(1, None, 500, None, 2_000);
        assert_eq!(check(&c, Money(2_000), NOW), Ok(Money(500)));
        assert_eq!(
            check(&c, Money(1_999), NOW),
            Err(NotApplicable::MoreNeeded(Money(1)))
        );
    }
}
