//! The points ledger: every write to `points_ledger` is here. Each `*_in` function runs inside
//! the caller's transaction (the order's confirmation, the refund, the review), and inserts with
//! `ON CONFLICT DO NOTHING` on the event's source, so an event counted twice counts once.

use super::{
    Level, PointsKind, CENTS_PER_POINT, LEVEL_WINDOW_SECS, PURCHASE_DAY_POINTS, REVIEW_POINTS,
};
use crate::error::{AppError, Context};
use crate::ids::{OrderId, UserId};
use crate::zone::Zone;
use sqlx::sqlite::SqliteConnection;

/// One ledger row to add.
struct Row {
    user_id: UserId,
    kind: PointsKind,
    source: i64,
    points: i64,
    order_id: Option<OrderId>,
    at: i64,
}

/// Adds `row` unless its source was counted already. Returns whether it was added.
async fn add(conn: &mut SqliteConnection, row: Row) -> Result<bool, AppError> {
    if row.points == 0 {
        return Ok(false);
    }
    let done = sqlx::query(
        "INSERT INTO points_ledger (user_id, kind, source, points, order_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, kind, source) DO NOTHING",
    )
    .bind(row.user_id)
    .bind(row.kind)
    .bind(row.source)
    .bind(row.points)
    .bind(row.order_id)
    .bind(row.at)
    .execute(&mut *conn)
    .await
    .context(format_args!("points {:?} {}", row.kind, row.source))?;
    Ok(done.rows_affected() == 1)
}

/// The order's owner and what it is worth in points now: one per whole dollar paid and not
/// refunded.
async fn order_worth(
    conn: &mut SqliteConnection,
    order: OrderId,
) -> Result<(UserId, i64), AppError> {
    let (user_id, net): (UserId, i64) = sqlx::query_as(
        "SELECT o.user_id,
                COALESCE((SELECT amount FROM payments WHERE order_id = o.id), 0)
                - COALESCE((SELECT SUM(amount) FROM refunds WHERE order_id = o.id), 0)
         FROM orders o WHERE o.id = ?",
    )
    .bind(order)
    .fetch_one(&mut *conn)
    .await
    .context(format_args!("order {order} worth"))?;
    Ok((user_id, net.max(0) / CENTS_PER_POINT))
}

/// The order was received (by the shopper's confirmation or the end of buyer protection): its
/// points, once.
pub async fn order_completed_in(
    conn: &mut SqliteConnection,
    order: OrderId,
    at: i64,
) -> Result<(), AppError> {
    let (user_id, points) = order_worth(conn, order).await?;
    let row = Row {
        user_id,
        kind: PointsKind::Purchase,
        source: order.get(),
        points,
        order_id: Some(order),
        at,
    };
    add(conn, row).await?;
    Ok(())
}

/// Money went back on an order (refund `refund_id`, already written): if the order's points were
/// counted, the points the refunded dollars brought are taken back with a negative row.
pub async fn order_refunded_in(
    conn: &mut SqliteConnection,
    order: OrderId,
    refund_id: i64,
    at: i64,
) -> Result<(), AppError> {
    let counted: Option<i64> = sqlx::query_scalar(
        "SELECT SUM(points) FROM points_ledger
         WHERE order_id = ? AND kind IN (?, ?)
         HAVING COUNT(*) > 0",
    )
    .bind(order)
    .bind(PointsKind::Purchase)
    .bind(PointsKind::Refund)
    .fetch_optional(&mut *conn)
    .await?
    .flatten();
    let Some(counted) = counted else {
        return Ok(()); // not received yet: its points will be counted on the net amount
    };
    let (user_id, worth) = order_worth(conn, order).await?;
    if worth < counted {
        let row = Row {
            user_id,
            kind: PointsKind::Refund,
            source: refund_id,
            points: worth - counted,
            order_id: Some(order),
            at,
        };
        add(conn, row).await?;
    }
    Ok(())
}

/// The shopper paid for an order at `at`: the day's points, once per calendar day in `zone`.
pub async fn order_paid_in(
    conn: &mut SqliteConnection,
    user_id: UserId,
    order: OrderId,
    at: i64,
    zone: Zone,
) -> Result<(), AppError> {
    let row = Row {
        user_id,
        kind: PointsKind::PurchaseDay,
        source: local_day(at, zone),
        points: PURCHASE_DAY_POINTS,
        order_id: Some(order),
        at,
    };
    add(conn, row).await?;
    Ok(())
}

/// The day number (days since 1970-01-01) of `at` on the shopper's wall clock.
pub fn local_day(at: i64, zone: Zone) -> i64 {
    zone.shift(at).div_euclid(86_400)
}

/// The first review of an order line: its points, once (follow-ups and edits earn nothing).
pub async fn review_written_in(
    conn: &mut SqliteConnection,
    user_id: UserId,
    order: OrderId,
    order_item: i64,
    at: i64,
) -> Result<(), AppError> {
    let row = Row {
        user_id,
        kind: PointsKind::Review,
        source: order_item,
        points: REVIEW_POINTS,
        order_id: Some(order),
        at,
    };
    add(conn, row).await?;
    Ok(())
}

/// The review of an order line was removed: the points it brought go back, once.
pub async fn review_removed_in(
    conn: &mut SqliteConnection,
    user_id: UserId,
    order: OrderId,
    order_item: i64,
    at: i64,
) -> Result<(), AppError> {
    let earned: Option<i64> = sqlx::query_scalar(
        "SELECT points FROM points_ledger WHERE user_id = ? AND kind = ? AND source = ?",
    )
    .bind(user_id)
    .bind(PointsKind::Review)
    .bind(order_item)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(points) = earned {
        let row = Row {
            user_id,
            kind: PointsKind::ReviewRemoved,
            source: order_item,
            points: -points,
            order_id: Some(order),
            at,
        };
        add(conn, row).await?;
    }
    Ok(())
}

/// Points earned in the twelve months up to `at` (what the level counts).
pub async fn points_in_window(
    conn: &mut SqliteConnection,
    user_id: UserId,
    at: i64,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE user_id = ? AND created_at > ?",
    )
    .bind(user_id)
    .bind(at - LEVEL_WINDOW_SECS)
    .fetch_one(&mut *conn)
    .await?)
}

/// The shopper's level at `at`.
pub async fn level_in(
    conn: &mut SqliteConnection,
    user_id: UserId,
    at: i64,
) -> Result<Level, AppError> {
    Ok(Level::for_points(
        points_in_window(conn, user_id, at).await?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_with_a_purchase_is_the_shoppers_own_calendar_day() {
        // 2026-11-29 22:30 UTC is already the 30th in Moscow.
        let at = 1_795_991_400;
        assert_eq!(local_day(at, Zone::UTC) + 1, local_day(at, Zone::MOSCOW));
        assert_eq!(
            local_day(at - 3 * 3600, Zone::MOSCOW),
            local_day(at, Zone::UTC)
        );
    }
}
