//! Dispute storage and state changes. Every change is one `BEGIN IMMEDIATE` transaction that
//! re-reads the dispute, checks the state it starts from, and moves the order, the dispute, its
//! steps and any refund together.

use super::*;
use crate::money::Money;
use crate::orders::ssr::status_of;
use crate::platform::now;
use sqlx::{SqliteConnection, SqlitePool};

mod deadlines;
mod read;
pub use deadlines::run_due;
pub use read::{detail, list, order_steps, photo, steps};

/// Who is looking at a dispute: its shopper or the store it is against.
#[derive(Clone, Copy, Debug)]
pub enum Party {
    Shopper(i64),
    Store(i64),
}

impl Party {
    fn clause(self) -> (&'static str, i64) {
        match self {
            Party::Shopper(id) => ("d.user_id = ?", id),
            Party::Store(id) => ("d.store_id = ?", id),
        }
    }
}

/// The shopper's club level. The club section (a later issue) computes it; until then every
/// shopper is level 1.
pub async fn club_level(
    _conn: &mut SqliteConnection,
    _user_id: i64,
) -> Result<ClubLevel, AppError> {
    Ok(ClubLevel::FIRST)
}

pub fn dispute_status(code: &str) -> Result<DisputeStatus, AppError> {
    DisputeStatus::parse(code).ok_or_else(|| {
        tracing::error!(code, "unknown dispute status in the database");
        AppError::Internal
    })
}

/// The order facts a dispute depends on.
#[derive(sqlx::FromRow)]
struct OrderFacts {
    id: i64,
    store_id: i64,
    store_name: String,
    status: String,
    delivered_at: Option<i64>,
    completed_at: Option<i64>,
    paid: i64,
    refunded: i64,
    existing: Option<i64>,
}

async fn order_facts(
    conn: &mut SqliteConnection,
    user_id: i64,
    number: OrderNumber,
) -> Result<OrderFacts, AppError> {
    sqlx::query_as(
        "SELECT o.id, o.store_id, s.name AS store_name, o.status, o.delivered_at, o.completed_at,
                COALESCE((SELECT amount FROM payments p WHERE p.order_id = o.id), 0) AS paid,
                COALESCE((SELECT SUM(amount) FROM refunds r WHERE r.order_id = o.id), 0) AS refunded,
                (SELECT id FROM disputes d WHERE d.order_id = o.id AND d.status <> 'withdrawn') AS existing
         FROM orders o JOIN stores s ON s.id = o.store_id
         WHERE o.number = ? AND o.user_id = ? AND o.deleted_at IS NULL AND o.purged_at IS NULL",
    )
    .bind(number.get())
    .bind(user_id)
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)
}

/// What the "open a dispute" form shows for one of the shopper's orders.
pub async fn draft(
    pool: &SqlitePool,
    user_id: i64,
    number: OrderNumber,
) -> Result<DisputeDraft, AppError> {
    let mut conn = pool.acquire().await?;
    let o = order_facts(&mut conn, user_id, number).await?;
    draft_of(o, number, now())
}

fn draft_of(o: OrderFacts, number: OrderNumber, t: i64) -> Result<DisputeDraft, AppError> {
    let status = status_of(&o.status)?;
    let window = dispute_window(status, o.delivered_at, o.completed_at, t);
    Ok(DisputeDraft {
        number,
        store_name: o.store_name,
        status,
        refundable: Money(o.paid - o.refunded),
        window,
        days_left: match window {
            Window::Open { closes: Some(c) } => Some(days_left(c, t)),
            _ => None,
        },
        existing: o.existing,
    })
}

/// A checked request to open a dispute.
pub struct NewDispute {
    pub number: OrderNumber,
    pub reason: DisputeReason,
    /// `None`: everything that can still be refunded.
    pub amount: Option<Money>,
    pub return_goods: bool,
    pub description: String,
    pub photos: Vec<super::photos::CleanPhoto>,
}

/// Opens a dispute: the order must be in its window, without another dispute, and the amount
/// not above what was paid and not yet refunded. Returns the dispute's id.
pub async fn open(pool: &SqlitePool, user_id: i64, new: NewDispute) -> Result<i64, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let o = order_facts(&mut tx, user_id, new.number).await?;
    let (order_id, store_id) = (o.id, o.store_id);
    let t = now();
    let asked = draft_of(o, new.number, t)?
        .amount_to_open(new.amount)?
        .cents();
    let level = club_level(&mut tx, user_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO disputes (order_id, user_id, store_id, reason, refund_asked, return_goods,
                               description, status, club_level, deadline, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'awaiting_store', ?, ?, ?) RETURNING id",
    )
    .bind(order_id)
    .bind(user_id)
    .bind(store_id)
    .bind(new.reason.code())
    .bind(asked)
    .bind(new.return_goods as i64)
    .bind(&new.description)
    .bind(level.get() as i64)
    .bind(t + deadlines(level).store_answer * DAY)
    .bind(t)
    .fetch_one(&mut *tx)
    .await?;
    step(&mut tx, id, StepKind::Opened, Some(asked), "", t).await?;
    for (i, p) in new.photos.iter().enumerate() {
        sqlx::query(
            "INSERT INTO dispute_photos (dispute_id, position, width, height, jpeg)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(i as i64 + 1)
        .bind(p.width as i64)
        .bind(p.height as i64)
        .bind(&p.jpeg)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE orders SET in_dispute = 1 WHERE id = ?")
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

async fn step(
    conn: &mut SqliteConnection,
    dispute_id: i64,
    kind: StepKind,
    amount: Option<i64>,
    note: &str,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO dispute_steps (dispute_id, kind, amount, note, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(dispute_id)
    .bind(kind.code())
    .bind(amount)
    .bind(note)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A dispute row as the state changes need it.
#[derive(sqlx::FromRow)]
struct Current {
    id: i64,
    order_id: i64,
    status: String,
    reason: String,
    refund_asked: i64,
    offer_amount: Option<i64>,
    store_answered_at: Option<i64>,
    club_level: i64,
    deadline: i64,
}

async fn current(
    conn: &mut SqliteConnection,
    party: Option<Party>,
    id: i64,
) -> Result<(Current, DisputeStatus), AppError> {
    let (clause, owner) = party.map_or(("? = 0", 0), Party::clause);
    let sql = format!(
        "SELECT d.id, d.order_id, d.status, d.reason, d.refund_asked, d.offer_amount,
                d.store_answered_at, d.club_level, d.deadline
         FROM disputes d WHERE d.id = ? AND {clause}"
    );
    let row: Current = sqlx::query_as(&sql)
        .bind(id)
        .bind(owner)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = dispute_status(&row.status)?;
    Ok((row, status))
}

/// Refunds `amount` (capped at what was paid and not yet refunded) and closes the dispute as
/// refunded; an order refunded in full is closed.
async fn refund_in(
    conn: &mut SqliteConnection,
    d: &Current,
    amount: i64,
    kind: StepKind,
    at: i64,
) -> Result<(), AppError> {
    let (paid, refunded): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE((SELECT amount FROM payments WHERE order_id = ?1), 0),
                COALESCE((SELECT SUM(amount) FROM refunds WHERE order_id = ?1), 0)",
    )
    .bind(d.order_id)
    .fetch_one(&mut *conn)
    .await?;
    let amount = amount.min(paid - refunded);
    if amount > 0 {
        sqlx::query(
            "INSERT INTO refunds (order_id, amount, reason, created_at, dispute_id)
             VALUES (?, ?, 'dispute', ?, ?)",
        )
        .bind(d.order_id)
        .bind(amount)
        .bind(at)
        .bind(d.id)
        .execute(&mut *conn)
        .await?;
    }
    close_in(conn, d, DisputeStatus::Refunded, amount.max(0), at).await?;
    if paid > 0 && refunded + amount >= paid {
        sqlx::query("UPDATE orders SET status = 'closed', closed_at = ? WHERE id = ?")
            .bind(at)
            .bind(d.order_id)
            .execute(&mut *conn)
            .await?;
    }
    step(conn, d.id, kind, Some(amount), "", at).await
}

async fn close_in(
    conn: &mut SqliteConnection,
    d: &Current,
    status: DisputeStatus,
    refunded: i64,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query("UPDATE disputes SET status = ?, refunded = ?, closed_at = ? WHERE id = ?")
        .bind(status.code())
        .bind(refunded)
        .bind(at)
        .bind(d.id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE orders SET in_dispute = 0 WHERE id = ?")
        .bind(d.order_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn set_waiting(
    conn: &mut SqliteConnection,
    d: &Current,
    status: DisputeStatus,
    days: i64,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query("UPDATE disputes SET status = ?, deadline = ? WHERE id = ?")
        .bind(status.code())
        .bind(at + days * DAY)
        .bind(d.id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The store's answer.
pub enum Answer {
    /// Refund what the shopper asked.
    Accept,
    Refuse {
        reason: String,
    },
    /// A partial refund, below what was asked.
    Offer {
        amount: Money,
        note: String,
    },
}

pub async fn answer(pool: &SqlitePool, store_id: i64, id: i64, a: Answer) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (d, status) = current(&mut tx, Some(Party::Store(store_id)), id).await?;
    // The store answers while it is its turn. Once the platform reviews the dispute the store
    // may still settle (accept), but no longer argue: a refusal or offer made then would turn
    // "the store never answered" into an answer after the fact.
    let settles = status == DisputeStatus::Escalated && matches!(a, Answer::Accept);
    if !(status == DisputeStatus::AwaitingStore || settles) {
        return Err(AppError::DisputeState);
    }
    let t = now();
    let terms = deadlines(ClubLevel::new(d.club_level));
    match a {
        Answer::Accept => {
            refund_in(&mut tx, &d, d.refund_asked, StepKind::StoreAccepted, t).await?
        }
        Answer::Refuse { reason } => {
            sqlx::query("UPDATE disputes SET store_note = ?, store_answered_at = ? WHERE id = ?")
                .bind(&reason)
                .bind(t)
                .bind(d.id)
                .execute(&mut *tx)
                .await?;
            set_waiting(&mut tx, &d, DisputeStatus::Refused, terms.shopper_reply, t).await?;
            step(&mut tx, d.id, StepKind::StoreRefused, None, &reason, t).await?;
        }
        Answer::Offer { amount, note } => {
            if amount.cents() >= d.refund_asked {
                return Err(AppError::OfferNotBelowAsked {
                    asked: d.refund_asked,
                });
            }
            sqlx::query(
                "UPDATE disputes SET offer_amount = ?, store_note = ?, store_answered_at = ?
                 WHERE id = ?",
            )
            .bind(amount.cents())
            .bind(&note)
            .bind(t)
            .bind(d.id)
            .execute(&mut *tx)
            .await?;
            set_waiting(&mut tx, &d, DisputeStatus::Offered, terms.shopper_reply, t).await?;
            step(
                &mut tx,
                d.id,
                StepKind::StoreOffered,
                Some(amount.cents()),
                &note,
                t,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// What the shopper does with a dispute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    AcceptOffer,
    Escalate,
    Withdraw,
}

pub async fn shopper_move(
    pool: &SqlitePool,
    user_id: i64,
    id: i64,
    m: Move,
) -> Result<(), AppError> {
    use DisputeStatus as S;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (d, status) = current(&mut tx, Some(Party::Shopper(user_id)), id).await?;
    let t = now();
    match (m, status) {
        (Move::AcceptOffer, S::Offered) => {
            let offer = d.offer_amount.ok_or(AppError::DisputeState)?;
            refund_in(&mut tx, &d, offer, StepKind::OfferAccepted, t).await?;
        }
        (Move::Escalate, S::AwaitingStore | S::Offered | S::Refused) => {
            let days = deadlines(ClubLevel::new(d.club_level)).platform_review;
            set_waiting(&mut tx, &d, S::Escalated, days, t).await?;
            step(&mut tx, d.id, StepKind::Escalated, None, "", t).await?;
        }
        (Move::Withdraw, s) if s.is_open() => {
            close_in(&mut tx, &d, S::Withdrawn, 0, t).await?;
            step(&mut tx, d.id, StepKind::Withdrawn, None, "", t).await?;
        }
        _ => return Err(AppError::DisputeState),
    }
    tx.commit().await?;
    Ok(())
}
