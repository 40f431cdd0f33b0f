//! What disputes read: lists for the shopper and the store, one dispute with its steps, every
//! step of an order's disputes for its timeline, and the photos.

use super::party_clause;
use crate::codes::sql_list;
use crate::disputes::*;
use crate::ids::{DisputeId, Party, StoreId, UserId};
use crate::money::Money;
use crate::orders::OrderNumber;
use crate::platform::now;
use sqlx::{SqliteConnection, SqlitePool};

#[derive(sqlx::FromRow)]
pub struct SummaryRow {
    id: DisputeId,
    number: i64,
    store_name: String,
    buyer_name: String,
    reason: DisputeReason,
    status: DisputeStatus,
    refund_asked: i64,
    refunded: i64,
    deadline: i64,
    created_at: i64,
}

pub const SUMMARY_COLUMNS: &str = "d.id, o.number, s.name AS store_name, u.name AS buyer_name,
    d.reason, d.status, d.refund_asked, d.refunded, d.deadline, d.created_at";

impl SummaryRow {
    fn summary(self) -> Result<DisputeSummary, AppError> {
        let status = self.status;
        Ok(DisputeSummary {
            id: self.id,
            order_number: OrderNumber::new(self.number).ok_or(AppError::Internal)?,
            store_name: self.store_name,
            buyer_name: self.buyer_name,
            reason: self.reason,
            status,
            refund_asked: Money(self.refund_asked),
            refunded: Money(self.refunded),
            deadline: status.is_open().then_some(self.deadline),
            days_left: status.is_open().then(|| days_left(self.deadline, now())),
            created_at: self.created_at,
        })
    }
}

const FROM: &str = "FROM disputes d JOIN orders o ON o.id = d.order_id
    JOIN stores s ON s.id = d.store_id JOIN users u ON u.id = d.user_id";

/// A page of disputes, newest first: the shopper's, or a store's (open ones only, or all).
pub async fn list(
    pool: &SqlitePool,
    party: Party,
    open_only: bool,
    page: u32,
) -> Result<DisputeList, AppError> {
    let (clause, owner) = party_clause(party);
    let open_clause = format!("d.status IN ({})", sql_list(&OPEN, DisputeStatus::code));
    let open: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM disputes d WHERE {clause} AND {open_clause}"
    ))
    .bind(owner)
    .fetch_one(pool)
    .await?;
    let filter = if open_only {
        open_clause.as_str()
    } else {
        "1 = 1"
    };
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM disputes d WHERE {clause} AND {filter}"
    ))
    .bind(owner)
    .fetch_one(pool)
    .await?;
    let pages = crate::paging::page_count(total, crate::paging::size::DISPUTES);
    let page = page.min(pages).max(1);
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "SELECT {SUMMARY_COLUMNS} {FROM} WHERE {clause} AND {filter}
         ORDER BY d.created_at DESC, d.id DESC LIMIT ? OFFSET ?"
    ))
    .bind(owner)
    .bind(crate::paging::size::DISPUTES as i64)
    .bind(crate::paging::offset(page, crate::paging::size::DISPUTES))
    .fetch_all(pool)
    .await?;
    Ok(DisputeList {
        items: rows
            .into_iter()
            .map(SummaryRow::summary)
            .collect::<Result<_, _>>()?,
        open,
        page,
        pages,
    })
}

pub async fn steps(
    conn: &mut SqliteConnection,
    dispute_id: DisputeId,
) -> Result<Vec<DisputeStep>, AppError> {
    let rows: Vec<(StepKind, Option<i64>, String, i64)> = sqlx::query_as(
        "SELECT kind, amount, note, created_at FROM dispute_steps WHERE dispute_id = ? ORDER BY id",
    )
    .bind(dispute_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(kind, amount, note, at)| DisputeStep {
            kind,
            amount: amount.map(Money),
            note,
            at,
        })
        .collect())
}

/// Every step of every dispute of one order, oldest first (for the order's timeline), and the
/// dispute in progress, if any (a withdrawn one only when there is no other). `party` must own
/// the order: anyone else's gets nothing.
pub async fn steps_of_order(
    pool: &SqlitePool,
    party: Party,
    number: OrderNumber,
) -> Result<(Vec<DisputeStep>, Option<(DisputeId, DisputeStatus)>), AppError> {
    let (clause, owner) = crate::orders::ssr::party_clause(party);
    let mut conn = pool.acquire().await?;
    let disputes: Vec<(DisputeId, DisputeStatus)> = sqlx::query_as(&format!(
        "SELECT d.id, d.status FROM disputes d JOIN orders o ON o.id = d.order_id
         WHERE o.number = ? AND {clause} ORDER BY d.id"
    ))
    .bind(number.get())
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    let mut all = Vec::new();
    let mut latest = None;
    for (id, status) in disputes {
        all.extend(steps(&mut conn, id).await?);
        if status != DisputeStatus::Withdrawn || latest.is_none() {
            latest = Some((id, status));
        }
    }
    Ok((all, latest))
}

/// What the shopper's order page shows about disputes: every step, the latest dispute, and
/// whether (and until when) one can be opened now.
pub async fn on_order(
    pool: &SqlitePool,
    user_id: UserId,
    number: OrderNumber,
) -> Result<OrderDisputes, AppError> {
    let (steps, latest) = steps_of_order(pool, Party::Shopper(user_id), number).await?;
    // A deleted order (in the bin) cannot be disputed: `draft` does not find it.
    let t = now();
    let (can_open, closes) = match super::draft(pool, user_id, number).await {
        Ok(d) => {
            let can =
                open_refusal(d.window, d.refundable, d.existing.is_some(), d.withdrawn).is_none();
            match d.window {
                Window::Open { closes: Some(c) } if can => (true, Some((c, days_left(c, t)))),
                _ => (can, None),
            }
        }
        Err(AppError::NotFound) => (false, None),
        Err(e) => return Err(e),
    };
    Ok(OrderDisputes {
        steps,
        latest,
        can_open,
        closes,
    })
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    return_goods: i64,
    description: String,
    offer_amount: Option<i64>,
    store_note: Option<String>,
    club_level: i64,
    paid: i64,
}

pub async fn detail(
    pool: &SqlitePool,
    party: Party,
    id: DisputeId,
) -> Result<DisputeDetail, AppError> {
    let (clause, owner) = party_clause(party);
    let mut conn = pool.acquire().await?;
    let row: DetailRow = sqlx::query_as(&format!(
        "SELECT {SUMMARY_COLUMNS}, d.return_goods, d.description, d.offer_amount, d.store_note,
                d.club_level,
                COALESCE((SELECT amount FROM payments p WHERE p.order_id = d.order_id), 0) AS paid
         {FROM} WHERE d.id = ? AND {clause}"
    ))
    .bind(id)
    .bind(owner)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let photos: Vec<i64> = sqlx::query_scalar(
        "SELECT position FROM dispute_photos WHERE dispute_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let summary = row.summary.summary()?;
    Ok(DisputeDetail {
        summary,
        return_goods: row.return_goods == 1,
        description: row.description,
        offer: row.offer_amount.map(Money),
        store_note: row.store_note,
        paid: Money(row.paid),
        club_level: row.club_level as u8,
        photos,
        steps: steps(&mut conn, id).await?,
    })
}

/// One photo's JPEG bytes, for the dispute's shopper or store only.
pub async fn photo(
    pool: &SqlitePool,
    user_id: UserId,
    store_id: Option<StoreId>,
    id: DisputeId,
    position: i64,
) -> Result<Vec<u8>, AppError> {
    sqlx::query_scalar(
        "SELECT p.jpeg FROM dispute_photos p JOIN disputes d ON d.id = p.dispute_id
         WHERE p.dispute_id = ? AND p.position = ? AND (d.user_id = ? OR d.store_id = ?)",
    )
    .bind(id)
    .bind(position)
    .bind(user_id)
    .bind(store_id.map_or(-1, StoreId::get))
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)
}

/// The buyer's record: the club's counts and their disputes by outcome.
pub async fn buyer_rating(
    conn: &mut SqliteConnection,
    user_id: UserId,
) -> Result<BuyerRating, AppError> {
    let club = crate::club::ssr::record(conn, user_id).await?;
    let (disputes, refunded, rejected, withdrawn): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE status = ?), COUNT(*) FILTER (WHERE status = ?),
                COUNT(*) FILTER (WHERE status = ?)
         FROM disputes WHERE user_id = ?",
    )
    .bind(DisputeStatus::Refunded)
    .bind(DisputeStatus::Rejected)
    .bind(DisputeStatus::Withdrawn)
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(BuyerRating {
        deals: club.deals,
        reviews: club.reviews,
        disputes,
        refunded,
        rejected,
        withdrawn,
        in_progress: disputes - refunded - rejected - withdrawn,
    })
}
