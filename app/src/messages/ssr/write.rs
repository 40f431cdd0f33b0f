//! Every write to the message center's tables: a message (with its photos and the other side's
//! unread count, in one transaction), a system notice (once per event), a read mark.

use super::*;
use crate::images::CleanPhoto;

/// A message to send.
pub struct NewMessage {
    pub party: Party,
    /// Who typed it: the shopper, or the seller for the store.
    pub author: UserId,
    pub target: Target,
    pub text: String,
    pub photos: Vec<CleanPhoto>,
}

/// Marks the party's side of conversation `id` read up to message `upto`. The unread count is
/// recomputed in the same statement from what came after, so a message arriving meanwhile stays
/// unread. Nothing is written when nothing was unread.
pub async fn mark_read(
    conn: &mut SqliteConnection,
    party: Party,
    id: ConversationId,
    upto: i64,
) -> Result<(), AppError> {
    let (side, other) = match party {
        Party::Shopper(_) => ("buyer", Sender::Buyer),
        Party::Store(_) => ("store", Sender::Store),
    };
    let sql = format!(
        "UPDATE conversations SET {side}_read_upto = MAX({side}_read_upto, ?1),
            {side}_unread = (SELECT COUNT(*) FROM messages m
                WHERE m.conversation_id = conversations.id AND m.sender <> ?2
                  AND m.id > MAX(conversations.{side}_read_upto, ?1))
         WHERE id = ?3 AND {side}_unread > 0"
    );
    sqlx::query(&sql)
        .bind(upto)
        .bind(other)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The checks a message must pass before its photos are decoded: the conversation (or the order
/// or product of a new one) is the party's, and the author is within the flood limit.
pub async fn check_can_send(
    pool: &SqlitePool,
    party: Party,
    author: UserId,
    target: &Target,
) -> Result<(), AppError> {
    let mut conn = pool.acquire().await?;
    check_in(&mut conn, party, author, target, crate::platform::now())
        .await
        .map(|_| ())
}

/// Checks, and finds the conversation (`None`: a new one about `subject`).
async fn check_in(
    conn: &mut SqliteConnection,
    party: Party,
    author: UserId,
    target: &Target,
    at: i64,
) -> Result<Result<ConversationId, Subject>, AppError> {
    let sent: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE author_id = ? AND created_at > ?")
            .bind(author)
            .bind(at - 60)
            .fetch_one(&mut *conn)
            .await?;
    if sent >= FLOOD_PER_MINUTE {
        return Err(AppError::TooManyMessages);
    }
    match (target, party) {
        (Target::Existing(id), _) => {
            let (filter, owner) = owner_filter(party);
            let found: Option<ConversationId> = sqlx::query_scalar(&format!(
                "SELECT c.id FROM conversations c
                 WHERE c.id = ? AND {filter} AND c.store_id IS NOT NULL"
            ))
            .bind(id)
            .bind(owner)
            .fetch_optional(&mut *conn)
            .await?;
            found.map(Ok).ok_or(AppError::NotFound)
        }
        (Target::New(about), Party::Shopper(user)) => {
            let subject = subject_of(conn, user, *about).await?;
            let own: Option<i64> =
                sqlx::query_scalar("SELECT id FROM stores WHERE id = ? AND owner_user_id = ?")
                    .bind(subject.store_id)
                    .bind(user)
                    .fetch_optional(&mut *conn)
                    .await?;
            if own.is_some() {
                return Err(AppError::OwnStore);
            }
            Ok(Err(subject))
        }
        // A store answers; it does not start conversations.
        (Target::New(_), Party::Store(_)) => Err(AppError::NotFound),
    }
}

/// Sends a message: checks again inside the transaction, opens the conversation if it is new,
/// stores the text and photos and counts it unread for the other side. Returns the conversation.
/// A sent message's conversation, and the shopper to tell by e-mail: a store's message that is
/// the first one unread in the conversation (one e-mail until the shopper has read it).
pub struct Sent {
    pub id: ConversationId,
    pub tell: Option<UserId>,
}

pub async fn send(pool: &SqlitePool, m: NewMessage, at: i64) -> Result<Sent, AppError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let id = match check_in(&mut tx, m.party, m.author, &m.target, at).await? {
        Ok(id) => id,
        Err(subject) => {
            let Party::Shopper(user) = m.party else {
                return Err(AppError::NotFound);
            };
            sqlx::query_scalar(
                "INSERT INTO conversations
                     (user_id, store_id, order_id, product_id, topic, created_at, last_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (user_id, topic) DO UPDATE SET last_at = excluded.last_at
                 RETURNING id",
            )
            .bind(user)
            .bind(subject.store_id)
            .bind(subject.order_id)
            .bind(subject.product_id)
            .bind(&subject.topic)
            .bind(at)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?
        }
    };
    let sender = match m.party {
        Party::Shopper(_) => Sender::Buyer,
        Party::Store(_) => Sender::Store,
    };
    let message: i64 = sqlx::query_scalar(
        "INSERT INTO messages (conversation_id, sender, author_id, body, created_at)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(id)
    .bind(sender)
    .bind(m.author)
    .bind(&m.text)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    crate::images::store_in(
        &mut tx,
        crate::images::PhotoTable::Message,
        message,
        &m.photos,
    )
    .await?;
    let other = match m.party {
        Party::Shopper(_) => "store_unread",
        Party::Store(_) => "buyer_unread",
    };
    let (shopper, unread): (UserId, i64) = sqlx::query_as(&format!(
        "UPDATE conversations SET last_at = ?, last_message_id = ?, {other} = {other} + 1
         WHERE id = ? RETURNING user_id, {other}"
    ))
    .bind(at)
    .bind(message)
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    let tell = (matches!(m.party, Party::Store(_)) && unread == 1).then_some(shopper);
    Ok(Sent { id, tell })
}

/// A system notice for a shopper, written by the section where the event happens, in its
/// transaction.
pub struct Notice {
    pub kind: NoticeKind,
    pub ru: String,
    pub en: String,
    /// The page it is about (an order, a dispute, a product): built by the caller, never typed
    /// by anyone.
    pub link: String,
    /// Names the event: a second notice with the same key is not sent.
    pub dedup: String,
}

/// Puts a notice into the shopper's system conversation (opened on the first). Returns whether
/// it was sent (false: this event's notice already was).
pub async fn notice_in(
    conn: &mut SqliteConnection,
    user: UserId,
    n: &Notice,
    at: i64,
) -> Result<bool, AppError> {
    let seen: Option<i64> = sqlx::query_scalar("SELECT id FROM messages WHERE dedup = ?")
        .bind(&n.dedup)
        .fetch_optional(&mut *conn)
        .await?;
    if seen.is_some() {
        return Ok(false);
    }
    let id: ConversationId = sqlx::query_scalar(
        "INSERT INTO conversations (user_id, topic, created_at, last_at)
         VALUES (?, 'system', ?, ?)
         ON CONFLICT (user_id, topic) DO UPDATE SET last_at = excluded.last_at
         RETURNING id",
    )
    .bind(user)
    .bind(at)
    .bind(at)
    .fetch_one(&mut *conn)
    .await?;
    let message: i64 = sqlx::query_scalar(
        "INSERT INTO messages (conversation_id, sender, body, body_en, link, kind, dedup, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(id)
    .bind(Sender::System)
    .bind(&n.ru)
    .bind(&n.en)
    .bind(&n.link)
    .bind(n.kind)
    .bind(&n.dedup)
    .bind(at)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE conversations SET last_message_id = ?, buyer_unread = buyer_unread + 1
         WHERE id = ?",
    )
    .bind(message)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// Demo and benchmark data only: `count` conversations of `user` with the demo stores, one
/// message each, oldest first, the last `unread` of them unread.
pub async fn insert_bulk_in(
    conn: &mut SqliteConnection,
    user: UserId,
    count: i64,
    unread: i64,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "WITH p AS (SELECT id, store_id, row_number() OVER (ORDER BY id) AS k FROM products
                    WHERE store_id NOT IN (SELECT id FROM stores WHERE owner_user_id = ?1)
                    LIMIT ?2)
         INSERT INTO conversations (user_id, store_id, product_id, topic, created_at, last_at,
                                    buyer_unread)
         SELECT ?1, p.store_id, p.id, 'p' || p.id, ?3 - (?2 - k) * 60, ?3 - (?2 - k) * 60,
                CASE WHEN k > ?2 - ?4 THEN 1 ELSE 0 END
         FROM p WHERE true
         ON CONFLICT (user_id, topic) DO NOTHING",
    )
    .bind(user)
    .bind(count)
    .bind(at)
    .bind(unread)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO messages (conversation_id, sender, body, created_at)
         SELECT id, ?, 'Здравствуйте! Товар ещё в наличии? Когда отправите?', last_at
         FROM conversations WHERE user_id = ? AND last_message_id IS NULL",
    )
    .bind(Sender::Store)
    .bind(user)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE conversations SET last_message_id =
             (SELECT MAX(id) FROM messages m WHERE m.conversation_id = conversations.id)
         WHERE user_id = ? AND last_message_id IS NULL",
    )
    .bind(user)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
