//! Gift cards' SQL: the only code that writes `gift_cards.balance` and `gift_card_moves`. Every
//! change of a balance is one conditional `UPDATE` plus its move, inside the caller's
//! `BEGIN IMMEDIATE` transaction, so two tabs cannot spend the same money.

use super::*;
use crate::ids::{OrderId, UserId};
use crate::paging::{offset, page_count};
use sha2::{Digest, Sha256};
use sqlx::{SqliteConnection, SqlitePool};

/// History rows per page.
pub const PAGE_SIZE: u32 = 20;
/// Code entries one shopper may make in an hour: a code cannot be found by trying.
pub const CODE_ENTRIES_PER_HOUR: u32 = 10;

/// A code as typed (any case, spaces and dashes ignored), or `GiftCardCode`.
fn normalise(raw: &str) -> Result<String, AppError> {
    let code: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.len() < 8 || code.len() > 40 || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(AppError::GiftCardCode);
    }
    Ok(code)
}

fn hash(code: &str) -> String {
    Sha256::digest(code.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Issues a card (the platform sells them; here: the demo data and tests).
pub async fn issue_in(
    conn: &mut SqliteConnection,
    code: &str,
    amount: Money,
    expires_at: i64,
    at: i64,
) -> Result<(), AppError> {
    let code = normalise(code)?;
    sqlx::query(
        "INSERT INTO gift_cards (code_hash, last4, amount, balance, expires_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(hash(&code))
    .bind(&code[code.len() - 4..])
    .bind(amount.cents())
    .bind(amount.cents())
    .bind(expires_at)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Redeems a card into `user`'s balance. Another shopper's card answers like an unknown code.
pub async fn redeem(pool: &SqlitePool, user: UserId, raw: &str, now: i64) -> Result<(), AppError> {
    if !crate::auth::limits::take(pool, "gift_code", &user.to_string(), CODE_ENTRIES_PER_HOUR)
        .await?
    {
        tracing::warn!(user = %user, "gift card code entries over the hourly limit");
        return Err(AppError::TooManyCodeEntries);
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    redeem_in(&mut tx, user, raw, now).await?;
    tx.commit().await?;
    Ok(())
}

/// [`redeem`] inside the caller's transaction, without the throttle (the demo data uses it).
pub async fn redeem_in(
    conn: &mut SqliteConnection,
    user: UserId,
    raw: &str,
    now: i64,
) -> Result<(), AppError> {
    let code_hash = hash(&normalise(raw)?);
    let card: Option<(i64, Option<UserId>, i64, i64)> = sqlx::query_as(
        "SELECT id, user_id, balance, expires_at FROM gift_cards WHERE code_hash = ?",
    )
    .bind(&code_hash)
    .fetch_optional(&mut *conn)
    .await?;
    let (id, balance) = match card {
        None => return Err(AppError::GiftCardCode),
        Some((_, Some(owner), _, _)) if owner == user => return Err(AppError::GiftCardRedeemed),
        Some((_, Some(_), _, _)) => return Err(AppError::GiftCardCode),
        Some((_, None, _, expires)) if expires <= now => return Err(AppError::GiftCardExpired),
        Some((id, None, balance, _)) => (id, balance),
    };
    sqlx::query(
        "UPDATE gift_cards SET user_id = ?, redeemed_at = ? WHERE id = ? AND user_id IS NULL",
    )
    .bind(user)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    add_move(conn, id, balance, MoveKind::Redeemed, None, now).await
}

async fn add_move(
    conn: &mut SqliteConnection,
    card: i64,
    amount: i64,
    kind: MoveKind,
    order: Option<OrderId>,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO gift_card_moves (card_id, amount, kind, order_id, at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(card)
    .bind(amount)
    .bind(kind)
    .bind(order)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// What `user`'s cards can pay at `now`.
pub async fn balance_in(
    conn: &mut SqliteConnection,
    user: UserId,
    now: i64,
) -> Result<Money, AppError> {
    let cents: i64 = sqlx::query_scalar(
        "SELECT COALESCE(SUM(balance), 0) FROM gift_cards WHERE user_id = ? AND expires_at > ?",
    )
    .bind(user)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(Money(cents))
}

/// Takes `amount` from `user`'s cards for `order`, the soonest to expire first. Refused
/// (`GiftCardBalance`, nothing taken: the caller's transaction rolls back) when the balance is
/// short, e.g. another tab spent it meanwhile.
pub async fn spend_in(
    conn: &mut SqliteConnection,
    user: UserId,
    order: OrderId,
    amount: Money,
    at: i64,
) -> Result<(), AppError> {
    let cards: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, balance FROM gift_cards WHERE user_id = ? AND expires_at > ? AND balance > 0
         ORDER BY expires_at, id",
    )
    .bind(user)
    .bind(at)
    .fetch_all(&mut *conn)
    .await?;
    let available: i64 = cards.iter().map(|(_, b)| b).sum();
    if available < amount.cents() {
        return Err(AppError::GiftCardBalance {
            available: available.max(0),
        });
    }
    let mut left = amount.cents();
    for (id, balance) in cards {
        if left == 0 {
            break;
        }
        let take = left.min(balance);
        let moved = sqlx::query(
            "UPDATE gift_cards SET balance = balance - ?1 WHERE id = ?2 AND balance >= ?1",
        )
        .bind(take)
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if moved != 1 {
            return Err(AppError::GiftCardBalance {
                available: available.max(0),
            });
        }
        add_move(conn, id, -take, MoveKind::Spent, Some(order), at).await?;
        left -= take;
    }
    Ok(())
}

/// After a refund of `order` (inside the refund's transaction): the gift-card part due back is
/// what the refunds exceed the card part by, up to what the cards paid; what was not yet
/// returned goes back to the cards it came from. Recomputed from the payments and refunds, so a
/// second call returns nothing more.
pub async fn refund_in(
    conn: &mut SqliteConnection,
    order: OrderId,
    at: i64,
) -> Result<Money, AppError> {
    let (paid, gift, refunded, returned): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT p.amount, p.gift_amount,
                COALESCE((SELECT SUM(amount) FROM refunds r WHERE r.order_id = p.order_id), 0),
                COALESCE((SELECT SUM(amount) FROM gift_card_moves m
                          WHERE m.order_id = p.order_id AND m.kind = ?), 0)
         FROM payments p WHERE p.order_id = ?",
    )
    .bind(MoveKind::Refunded)
    .bind(order)
    .fetch_optional(&mut *conn)
    .await?
    .unwrap_or((0, 0, 0, 0));
    let due = (refunded - (paid - gift)).clamp(0, gift) - returned;
    if due <= 0 {
        return Ok(Money(0));
    }
    // Back to the cards in the order they paid, each up to what it gave.
    let spent: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT card_id, -SUM(amount) FROM gift_card_moves WHERE order_id = ? AND kind = ?
         GROUP BY card_id ORDER BY MIN(id)",
    )
    .bind(order)
    .bind(MoveKind::Spent)
    .fetch_all(&mut *conn)
    .await?;
    let mut left = due;
    for (card, gave) in spent {
        let back: i64 = sqlx::query_scalar(
            "SELECT COALESCE(SUM(amount), 0) FROM gift_card_moves WHERE order_id = ? AND card_id = ? AND kind = ?",
        )
        .bind(order)
        .bind(card)
        .bind(MoveKind::Refunded)
        .fetch_one(&mut *conn)
        .await?;
        let part = left.min(gave - back);
        if part <= 0 {
            continue;
        }
        sqlx::query("UPDATE gift_cards SET balance = balance + ? WHERE id = ?")
            .bind(part)
            .bind(card)
            .execute(&mut *conn)
            .await?;
        add_move(conn, card, part, MoveKind::Refunded, Some(order), at).await?;
        left -= part;
    }
    Ok(Money(due - left))
}

#[derive(sqlx::FromRow)]
struct MoveRow {
    last4: String,
    amount: i64,
    kind: MoveKind,
    number: Option<i64>,
    at: i64,
}

/// The shopper's cards (the soonest to expire first) and a page of their history.
pub async fn wallet(
    pool: &SqlitePool,
    user: UserId,
    page: u32,
    now: i64,
) -> Result<GiftWallet, AppError> {
    let cards: Vec<(String, i64, i64, Option<i64>, i64)> = sqlx::query_as(
        "SELECT last4, amount, balance, redeemed_at, expires_at FROM gift_cards
         WHERE user_id = ? ORDER BY expires_at <= ?, expires_at, id",
    )
    .bind(user)
    .bind(now)
    .fetch_all(pool)
    .await?;
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM gift_card_moves m JOIN gift_cards g ON g.id = m.card_id
         WHERE g.user_id = ?",
    )
    .bind(user)
    .fetch_one(pool)
    .await?;
    let moves: Vec<MoveRow> = sqlx::query_as(
        "SELECT g.last4, m.amount, m.kind, o.number, m.at
         FROM gift_card_moves m JOIN gift_cards g ON g.id = m.card_id
         LEFT JOIN orders o ON o.id = m.order_id
         WHERE g.user_id = ? ORDER BY m.at DESC, m.id DESC LIMIT ? OFFSET ?",
    )
    .bind(user)
    .bind(PAGE_SIZE)
    .bind(offset(page, PAGE_SIZE))
    .fetch_all(pool)
    .await?;
    let balance = cards.iter().filter(|c| c.4 > now).map(|c| c.2).sum();
    Ok(GiftWallet {
        balance: Money(balance),
        cards: cards
            .into_iter()
            .map(
                |(last4, amount, balance, redeemed_at, expires_at)| GiftCard {
                    last4,
                    amount: Money(amount),
                    balance: Money(balance),
                    redeemed_at: redeemed_at.unwrap_or(0),
                    expires_at,
                },
            )
            .collect(),
        moves: moves
            .into_iter()
            .map(|m| GiftMove {
                last4: m.last4,
                amount: Money(m.amount),
                kind: m.kind,
                order: m.number.and_then(OrderNumber::new),
                at: m.at,
            })
            .collect(),
        page,
        pages: page_count(total, PAGE_SIZE),
        now,
    })
}
