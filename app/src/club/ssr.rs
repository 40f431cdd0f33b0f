//! The points ledger: every write to `points_ledger` is here. Each `*_in` function runs inside
//! the caller's transaction (the order's confirmation, the refund, the review), and inserts with
//! `ON CONFLICT DO NOTHING` on the event's source, so an event counted twice counts once.

use super::{
    ClubRecord, ClubSummary, Level, PointsHistory, PointsKind, PointsRow, CENTS_PER_POINT,
    LEVEL_WINDOW_SECS, PURCHASE_DAY_POINTS, REVIEW_POINTS, TRANSLATION_POINTS,
};
use crate::error::{AppError, Context};
use crate::ids::{OrderId, UserId};
use crate::paging::{offset, page_count, size};
use crate::zone::Zone;
use sqlx::sqlite::SqliteConnection;
use sqlx::SqlitePool;

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

/// An accepted translation proposal: its author's thanks, once per proposal (`source`).
pub async fn translation_thanked_in(
    conn: &mut SqliteConnection,
    user_id: UserId,
    proposal: i64,
    at: i64,
) -> Result<bool, AppError> {
    let row = Row {
        user_id,
        kind: PointsKind::Translation,
        source: proposal,
        points: TRANSLATION_POINTS,
        order_id: None,
        at,
    };
    add(conn, row).await
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

/// Benchmarks' demo data only (`KABINET_DEMO_ORDERS`): `rows` days with a purchase, one a day
/// going back from `at`, in one set-based statement.
pub async fn insert_bulk_history_in(
    conn: &mut SqliteConnection,
    user_id: UserId,
    rows: u32,
    at: i64,
) -> Result<(), AppError> {
    if rows == 0 {
        return Ok(());
    }
    sqlx::query(
        "WITH RECURSIVE seq(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM seq WHERE k < ?)
         INSERT INTO points_ledger (user_id, kind, source, points, created_at)
         SELECT ?, ?, ? - k, ?, ? - k * 86400 FROM seq WHERE true
         ON CONFLICT (user_id, kind, source) DO NOTHING",
    )
    .bind(rows as i64)
    .bind(user_id)
    .bind(PointsKind::PurchaseDay)
    .bind(local_day(at, Zone::UTC))
    .bind(PURCHASE_DAY_POINTS)
    .bind(at)
    .execute(&mut *conn)
    .await?;
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

/// The shopper's points (the last twelve months and in all) and level, in one pass over the
/// index.
pub async fn summary(pool: &SqlitePool, user_id: UserId, at: i64) -> Result<ClubSummary, AppError> {
    let (year, total): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN created_at > ? THEN points END), 0),
                COALESCE(SUM(points), 0)
         FROM points_ledger WHERE user_id = ?",
    )
    .bind(at - LEVEL_WINDOW_SECS)
    .bind(user_id)
    .fetch_one(pool)
    .await?;
    Ok(ClubSummary::of(year, total))
}

/// A page of the points history, newest first.
pub async fn history(
    pool: &SqlitePool,
    user_id: UserId,
    page: u32,
) -> Result<PointsHistory, AppError> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM points_ledger WHERE user_id = ?")
        .bind(user_id)
        .fetch_one(pool)
        .await?;
    let pages = page_count(total, size::POINTS);
    let page = page.min(pages);
    let rows: Vec<(PointsKind, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT l.kind, l.points, l.created_at, o.number
         FROM points_ledger l LEFT JOIN orders o ON o.id = l.order_id
         WHERE l.user_id = ?
         ORDER BY l.created_at DESC, l.id DESC LIMIT ? OFFSET ?",
    )
    .bind(user_id)
    .bind(size::POINTS)
    .bind(offset(page, size::POINTS))
    .fetch_all(pool)
    .await?;
    let rows = rows
        .into_iter()
        .map(|(kind, points, at, order_number)| PointsRow {
            kind,
            points,
            at,
            order_number,
        })
        .collect();
    Ok(PointsHistory {
        rows,
        page,
        pages,
        total,
    })
}

/// Orders received (counted once each) and reviews written (less those removed), from the
/// ledger.
pub async fn record(conn: &mut SqliteConnection, user_id: UserId) -> Result<ClubRecord, AppError> {
    let (deals, reviews): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*) FILTER (WHERE kind = ?),
                COUNT(*) FILTER (WHERE kind = ?) - COUNT(*) FILTER (WHERE kind = ?)
         FROM points_ledger WHERE user_id = ?",
    )
    .bind(PointsKind::Purchase)
    .bind(PointsKind::Review)
    .bind(PointsKind::ReviewRemoved)
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(ClubRecord { deals, reviews })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_bench_history_writes_one_row_a_day_once() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
        let pool = crate::platform::db::connect(&url).await.unwrap();
        sqlx::query(
            "INSERT INTO users (id, email, name, member_id, password_hash, created_at)
             VALUES (1, 'a@b.c', 'A', 100000009, 'x', 0)",
        )
        .execute(&pool)
        .await
        .unwrap();
        let mut conn = pool.acquire().await.unwrap();
        let at = 1_795_991_400;
        for _ in 0..2 {
            insert_bulk_history_in(&mut conn, UserId(1), 30, at)
                .await
                .unwrap();
        }
        let (rows, points): (i64, i64) =
            sqlx::query_as("SELECT COUNT(*), SUM(points) FROM points_ledger")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
        assert_eq!((rows, points), (30, 150));
        assert_eq!(
            points_in_window(&mut conn, UserId(1), at).await.unwrap(),
            150
        );
    }

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
