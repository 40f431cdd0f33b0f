//! Dispute storage and state changes: the one writer of `disputes.status`. Every change is one
//! `BEGIN IMMEDIATE` transaction that moves the dispute (its `from` states in the `WHERE`, see
//! [`Transition`]), its steps, and through `orders::state` the order and any refund, together.

use super::*;
use crate::error::Context;
use crate::ids::{DisputeId, OrderId, Party, StoreId, UserId};
use crate::money::Money;
use crate::orders::state as order_state;
use crate::orders::OrderStatus;
use crate::platform::db::{move_state, Binds};
use crate::platform::now;
use sqlx::{Arguments, SqliteConnection, SqlitePool};

mod deadlines;
mod read;
mod transitions;
pub use deadlines::run_due;
pub use read::{buyer_rating, detail, list, on_order, photo, steps, steps_of_order};
pub use transitions::*;

use DisputeStatus as S;

/// The `WHERE` clause and id that limit a query to `party`'s disputes.
fn party_clause(party: Party) -> (&'static str, i64) {
    match party {
        Party::Shopper(id) => ("d.user_id = ?", id.get()),
        Party::Store(id) => ("d.store_id = ?", id.get()),
    }
}

/// The shopper's club level at `at`: the deadlines of a dispute are those of the level when it
/// opens.
pub async fn club_level(
    conn: &mut SqliteConnection,
    user_id: UserId,
    at: i64,
) -> Result<ClubLevel, AppError> {
    crate::club::ssr::level_in(conn, user_id, at).await
}

/// The order facts a dispute depends on.
#[derive(sqlx::FromRow)]
struct OrderFacts {
    id: OrderId,
    store_id: StoreId,
    store_name: String,
    status: OrderStatus,
    delivered_at: Option<i64>,
    completed_at: Option<i64>,
    paid: i64,
    refunded: i64,
    existing: Option<i64>,
    withdrawn: i64,
}

async fn order_facts(
    conn: &mut SqliteConnection,
    user_id: UserId,
    number: OrderNumber,
) -> Result<OrderFacts, AppError> {
    sqlx::query_as(
        "SELECT o.id, o.store_id, s.name AS store_name, o.status, o.delivered_at, o.completed_at,
                COALESCE((SELECT amount FROM payments p WHERE p.order_id = o.id), 0) AS paid,
                COALESCE((SELECT SUM(amount) FROM refunds r WHERE r.order_id = o.id), 0) AS refunded,
                (SELECT id FROM disputes d WHERE d.order_id = o.id AND d.status <> ?1) AS existing,
                (SELECT COUNT(*) FROM disputes d WHERE d.order_id = o.id AND d.status = ?1)
                    AS withdrawn
         FROM orders o JOIN stores s ON s.id = o.store_id
         WHERE o.number = ?2 AND o.user_id = ?3 AND o.deleted_at IS NULL AND o.purged_at IS NULL",
    )
    .bind(S::Withdrawn)
    .bind(number.get())
    .bind(user_id)
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)
}

/// What the "open a dispute" form shows for one of the shopper's orders.
pub async fn draft(
    pool: &SqlitePool,
    user_id: UserId,
    number: OrderNumber,
) -> Result<DisputeDraft, AppError> {
    let mut conn = pool.acquire().await?;
    let o = order_facts(&mut conn, user_id, number).await?;
    draft_of(o, number, now())
}

fn draft_of(o: OrderFacts, number: OrderNumber, t: i64) -> Result<DisputeDraft, AppError> {
    let status = o.status;
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
        withdrawn: o.withdrawn,
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
pub async fn open(
    pool: &SqlitePool,
    user_id: UserId,
    new: NewDispute,
) -> Result<DisputeId, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let o = order_facts(&mut tx, user_id, new.number).await?;
    let (order_id, store_id) = (o.id, o.store_id);
    let t = now();
    let asked = draft_of(o, new.number, t)?
        .amount_to_open(new.amount)?
        .cents();
    let level = club_level(&mut tx, user_id, t).await?;
    let id: DisputeId = sqlx::query_scalar(
        "INSERT INTO disputes (order_id, user_id, store_id, reason, refund_asked, return_goods,
                               description, status, club_level, deadline, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(order_id)
    .bind(user_id)
    .bind(store_id)
    .bind(new.reason)
    .bind(asked)
    .bind(new.return_goods as i64)
    .bind(&new.description)
    .bind(S::AwaitingStore)
    .bind(level.get() as i64)
    .bind(t + deadlines(level).store_answer * DAY)
    .bind(t)
    .fetch_one(&mut *tx)
    .await?;
    step(&mut tx, id, StepKind::Opened, Some(asked), "", t).await?;
    crate::images::store_in(
        &mut tx,
        crate::images::PhotoTable::Dispute,
        id.get(),
        &new.photos,
    )
    .await?;
    order_state::set_disputed_in(&mut tx, order_id, true).await?;
    tx.commit().await?;
    Ok(id)
}

async fn step(
    conn: &mut SqliteConnection,
    dispute_id: DisputeId,
    kind: StepKind,
    amount: Option<i64>,
    note: &str,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO dispute_steps (dispute_id, kind, amount, note, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(dispute_id)
    .bind(kind)
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
    id: DisputeId,
    order_id: OrderId,
    status: DisputeStatus,
    reason: DisputeReason,
    refund_asked: i64,
    offer_amount: Option<i64>,
    store_answered_at: Option<i64>,
    club_level: i64,
    deadline: i64,
}

async fn current(
    conn: &mut SqliteConnection,
    party: Option<Party>,
    id: DisputeId,
) -> Result<(Current, DisputeStatus), AppError> {
    let (clause, owner) = party.map_or(("? = 0", 0), party_clause);
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
    let status = row.status;
    Ok((row, status))
}

/// Moves the dispute along `t` (a transition to `Refunded`), then refunds `amount` (capped at
/// what was paid and not yet refunded; an order refunded in full is closed by `orders::state`).
async fn refund_in(
    conn: &mut SqliteConnection,
    d: &Current,
    t: Transition,
    amount: i64,
    kind: StepKind,
    at: i64,
) -> Result<(), AppError> {
    apply(
        conn,
        d.id,
        t,
        ", closed_at = ?",
        Box::new(move |a| a.add(at)),
    )
    .await?;
    let why = order_state::RefundFor::Dispute(d.id);
    let refunded = order_state::refund_in(conn, d.order_id, Money(amount), why, at).await?;
    sqlx::query("UPDATE disputes SET refunded = ? WHERE id = ?")
        .bind(refunded.cents())
        .bind(d.id)
        .execute(&mut *conn)
        .await?;
    order_state::set_disputed_in(conn, d.order_id, false).await?;
    step(conn, d.id, kind, Some(refunded.cents()), "", at).await
}

/// Closes the dispute without money (rejected or withdrawn); the order is no longer disputed.
async fn close_in(
    conn: &mut SqliteConnection,
    d: &Current,
    t: Transition,
    kind: StepKind,
    at: i64,
) -> Result<(), AppError> {
    apply(
        conn,
        d.id,
        t,
        ", refunded = 0, closed_at = ?",
        Box::new(move |a| a.add(at)),
    )
    .await?;
    order_state::set_disputed_in(conn, d.order_id, false).await?;
    step(conn, d.id, kind, None, "", at).await
}

/// Waits for the other side: moves along `t` with a new deadline `days` from `at`.
async fn wait_in(
    conn: &mut SqliteConnection,
    d: &Current,
    t: Transition,
    days: i64,
    at: i64,
) -> Result<(), AppError> {
    let deadline = at + days * DAY;
    apply(
        conn,
        d.id,
        t,
        ", deadline = ?",
        Box::new(move |a| a.add(deadline)),
    )
    .await
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

pub async fn answer(
    pool: &SqlitePool,
    store_id: StoreId,
    id: DisputeId,
    a: Answer,
) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (d, _) = current(&mut tx, Some(Party::Store(store_id)), id).await?;
    let t = now();
    let terms = deadlines(ClubLevel::new(d.club_level));
    match a {
        Answer::Accept => {
            let asked = d.refund_asked;
            refund_in(&mut tx, &d, STORE_ACCEPT, asked, StepKind::StoreAccepted, t).await?
        }
        Answer::Refuse { reason } => {
            wait_in(&mut tx, &d, REFUSE, terms.shopper_reply, t).await?;
            sqlx::query("UPDATE disputes SET store_note = ?, store_answered_at = ? WHERE id = ?")
                .bind(&reason)
                .bind(t)
                .bind(d.id)
                .execute(&mut *tx)
                .await?;
            step(&mut tx, d.id, StepKind::StoreRefused, None, &reason, t).await?;
        }
        Answer::Offer { amount, note } => {
            wait_in(&mut tx, &d, OFFER, terms.shopper_reply, t).await?;
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
            let offered = Some(amount.cents());
            step(&mut tx, d.id, StepKind::StoreOffered, offered, &note, t).await?;
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
    user_id: UserId,
    id: DisputeId,
    m: Move,
) -> Result<(), AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (d, _) = current(&mut tx, Some(Party::Shopper(user_id)), id).await?;
    let t = now();
    match m {
        Move::AcceptOffer => {
            let offer = d.offer_amount.unwrap_or(0);
            refund_in(&mut tx, &d, TAKE_OFFER, offer, StepKind::OfferAccepted, t).await?;
        }
        Move::Escalate => {
            let days = deadlines(ClubLevel::new(d.club_level)).platform_review;
            wait_in(&mut tx, &d, ESCALATE, days, t).await?;
            step(&mut tx, d.id, StepKind::Escalated, None, "", t).await?;
        }
        Move::Withdraw => close_in(&mut tx, &d, WITHDRAW, StepKind::Withdrawn, t).await?,
    }
    tx.commit().await?;
    Ok(())
}
