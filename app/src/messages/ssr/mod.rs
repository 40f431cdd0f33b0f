//! The message center's SQL. Reads here; every write (messages, notices, read marks) in
//! `write.rs`. A party sees a conversation only when it is its own (the shopper's, or the
//! store's): anyone else's answers "not found".

mod write;

pub use write::*;

use super::*;
use crate::context::Viewer;
use crate::i18n::Lang;
use crate::ids::{Party, StoreId, UserId};
use crate::paging::{offset, page_count};
use sqlx::{SqliteConnection, SqlitePool};

/// A conversation's columns and what it is about, joined once for the list and the page.
const CONVERSATION: &str = "
    SELECT c.id, c.store_id, s.name AS store_name, u.name AS user_name, o.number AS order_number,
           c.product_id, p.title_ru, p.title_en, c.buyer_unread, c.store_unread, c.last_at,
           m.sender AS last_sender, m.body AS last_body, m.body_en AS last_body_en
    FROM conversations c
    JOIN users u ON u.id = c.user_id
    LEFT JOIN stores s ON s.id = c.store_id
    LEFT JOIN orders o ON o.id = c.order_id
    LEFT JOIN products p ON p.id = c.product_id
    LEFT JOIN messages m ON m.id = c.last_message_id";

#[derive(sqlx::FromRow)]
struct Row {
    id: ConversationId,
    store_id: Option<i64>,
    store_name: Option<String>,
    user_name: String,
    order_number: Option<i64>,
    product_id: Option<i64>,
    title_ru: Option<String>,
    title_en: Option<String>,
    buyer_unread: i64,
    store_unread: i64,
    last_at: i64,
    last_sender: Option<Sender>,
    last_body: Option<String>,
    last_body_en: Option<String>,
}

impl Row {
    fn topic(&self, lang: Lang) -> Topic {
        match (self.order_number, self.product_id) {
            (Some(n), _) => Topic::Order {
                number: n.to_string(),
            },
            (None, Some(id)) => Topic::Product {
                id,
                title: lang
                    .pick(
                        self.title_ru.as_deref().unwrap_or_default(),
                        self.title_en.as_deref().unwrap_or_default(),
                    )
                    .to_string(),
            },
            (None, None) => Topic::System,
        }
    }

    fn with(&self, party: Party) -> String {
        match party {
            Party::Shopper(_) => self.store_name.clone().unwrap_or_default(),
            Party::Store(_) => self.user_name.clone(),
        }
    }

    fn line(self, lang: Lang, party: Party) -> ConversationLine {
        let last = pick_body(
            lang,
            self.last_body.as_deref(),
            self.last_body_en.as_deref(),
        );
        ConversationLine {
            id: self.id,
            with: self.with(party),
            store_id: self.store_id,
            topic: self.topic(lang),
            last_from: self.last_sender.unwrap_or(Sender::System),
            last_text: snippet(last),
            last_at: self.last_at,
            unread: match party {
                Party::Shopper(_) => self.buyer_unread,
                Party::Store(_) => self.store_unread,
            },
        }
    }
}

/// A notice's text in the page's language (stores' and shoppers' messages have one text).
fn pick_body<'a>(lang: Lang, ru: Option<&'a str>, en: Option<&'a str>) -> &'a str {
    match (lang, en) {
        (Lang::En, Some(en)) => en,
        _ => ru.unwrap_or_default(),
    }
}

/// `c.user_id = ?` or `c.store_id = ?`, and the id to bind.
fn owner_filter(party: Party) -> (&'static str, i64) {
    match party {
        Party::Shopper(u) => ("c.user_id = ?", u.get()),
        Party::Store(s) => ("c.store_id = ?", s.get()),
    }
}

/// A page of the party's conversations, newest first, with the total and the unread count.
pub async fn inbox(
    pool: &SqlitePool,
    lang: Lang,
    party: Party,
    page: u32,
) -> Result<Inbox, AppError> {
    let (filter, owner) = owner_filter(party);
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM conversations c WHERE {filter}"
    ))
    .bind(owner)
    .fetch_one(pool)
    .await?;
    let per = CONVERSATIONS_PER_PAGE;
    let pages = page_count(total, per);
    let page = page.min(pages);
    let items = lines(pool, lang, party, per as i64, offset(page, per)).await?;
    let unread = unread_of(pool, party).await?;
    Ok(Inbox {
        items,
        total,
        unread,
        page,
        pages,
    })
}

/// `limit` conversations from `skip`, newest first (the list's page, the account home's three).
pub async fn lines(
    pool: &SqlitePool,
    lang: Lang,
    party: Party,
    limit: i64,
    skip: i64,
) -> Result<Vec<ConversationLine>, AppError> {
    let (filter, owner) = owner_filter(party);
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{CONVERSATION} WHERE {filter} ORDER BY c.last_at DESC, c.id DESC LIMIT ? OFFSET ?"
    ))
    .bind(owner)
    .bind(limit)
    .bind(skip)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| r.line(lang, party)).collect())
}

/// Unread messages of one party: only conversations with some are read (a partial index).
async fn unread_of(pool: &SqlitePool, party: Party) -> Result<i64, AppError> {
    let sql = match party {
        Party::Shopper(_) => {
            "SELECT COALESCE(SUM(buyer_unread), 0) FROM conversations
             WHERE user_id = ? AND buyer_unread > 0"
        }
        Party::Store(_) => {
            "SELECT COALESCE(SUM(store_unread), 0) FROM conversations
             WHERE store_id = ? AND store_unread > 0"
        }
    };
    let (_, owner) = owner_filter(party);
    Ok(sqlx::query_scalar(sql).bind(owner).fetch_one(pool).await?)
}

/// The header's counts: the shopper's, and the store's for a seller.
pub async fn unread(
    pool: &SqlitePool,
    user: UserId,
    store: Option<StoreId>,
) -> Result<Unread, AppError> {
    let mine = unread_of(pool, Party::Shopper(user)).await?;
    let store = match store {
        Some(s) => unread_of(pool, Party::Store(s)).await?,
        None => 0,
    };
    Ok(Unread { mine, store })
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: i64,
    sender: Sender,
    body: String,
    body_en: Option<String>,
    link: Option<String>,
    created_at: i64,
}

/// One of the party's conversations: the latest messages (then marked read), or those before
/// message `before`.
pub async fn thread(
    pool: &SqlitePool,
    lang: Lang,
    party: Party,
    id: ConversationId,
    before: Option<i64>,
) -> Result<Thread, AppError> {
    let (filter, owner) = owner_filter(party);
    let row: Row = sqlx::query_as(&format!("{CONVERSATION} WHERE c.id = ? AND {filter}"))
        .bind(id)
        .bind(owner)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut rows: Vec<MessageRow> = sqlx::query_as(
        "SELECT id, sender, body, body_en, link, created_at FROM messages
         WHERE conversation_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
    )
    .bind(id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(MESSAGES_PER_PAGE + 1)
    .fetch_all(pool)
    .await?;
    let earlier = (rows.len() as i64 > MESSAGES_PER_PAGE).then(|| {
        rows.truncate(MESSAGES_PER_PAGE as usize);
        rows.last().map_or(0, |m| m.id)
    });
    rows.reverse();
    let (first, last) = (
        rows.first().map_or(0, |m| m.id),
        rows.last().map_or(0, |m| m.id),
    );
    let photos: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT f.message_id, f.position FROM message_photos f
         JOIN messages m ON m.id = f.message_id
         WHERE m.conversation_id = ? AND m.id BETWEEN ? AND ? ORDER BY f.message_id, f.position",
    )
    .bind(id)
    .bind(first)
    .bind(last)
    .fetch_all(pool)
    .await?;
    if before.is_none() && last > 0 {
        let mut conn = pool.acquire().await?;
        mark_read(&mut conn, party, id, last).await?;
    }
    let messages = rows
        .into_iter()
        .map(|m| Message {
            id: m.id,
            from: m.sender,
            text: pick_body(lang, Some(&m.body), m.body_en.as_deref()).to_string(),
            link: m.link,
            at: m.created_at,
            photos: photos
                .iter()
                .filter(|(msg, _)| *msg == m.id)
                .map(|(_, n)| *n)
                .collect(),
        })
        .collect();
    let unread_before = match party {
        Party::Shopper(_) => row.buyer_unread,
        Party::Store(_) => row.store_unread,
    };
    Ok(Thread {
        id,
        unread_before,
        with: row.with(party),
        store_id: row.store_id,
        topic: row.topic(lang),
        messages,
        earlier,
    })
}

/// The store and topic of a new conversation, checked: the order must be the shopper's own,
/// the product must exist, and the store must not be the shopper's.
pub async fn draft(
    pool: &SqlitePool,
    lang: Lang,
    viewer: &Viewer,
    about: About,
) -> Result<Draft, AppError> {
    let mut conn = pool.acquire().await?;
    let subject = subject_of(&mut conn, viewer.id, about).await?;
    if viewer.store_id.map(|s| s.get()) == Some(subject.store_id) {
        return Err(AppError::OwnStore);
    }
    let (store_name, existing): (String, Option<ConversationId>) = sqlx::query_as(
        "SELECT s.name, (SELECT id FROM conversations WHERE user_id = ? AND topic = ?)
         FROM stores s WHERE s.id = ?",
    )
    .bind(viewer.id)
    .bind(&subject.topic)
    .bind(subject.store_id)
    .fetch_one(&mut *conn)
    .await?;
    let topic = match about {
        About::Order(n) => Topic::Order {
            number: n.to_string(),
        },
        About::Product(id) => Topic::Product {
            id: id.get(),
            title: lang.pick(&subject.title_ru, &subject.title_en).to_string(),
        },
    };
    Ok(Draft {
        store_id: subject.store_id,
        store_name,
        topic,
        existing,
    })
}

/// What a new conversation is about, as rows.
pub(super) struct Subject {
    pub store_id: i64,
    pub order_id: Option<i64>,
    pub product_id: Option<i64>,
    pub topic: String,
    title_ru: String,
    title_en: String,
}

/// Finds the order (the shopper's own only) or the product a conversation is about.
pub(super) async fn subject_of(
    conn: &mut SqliteConnection,
    user: UserId,
    about: About,
) -> Result<Subject, AppError> {
    match about {
        About::Order(number) => {
            let (id, store_id): (i64, i64) = sqlx::query_as(
                "SELECT id, store_id FROM orders
                     WHERE number = ? AND user_id = ? AND purged_at IS NULL",
            )
            .bind(number.get())
            .bind(user)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(AppError::NotFound)?;
            Ok(Subject {
                store_id,
                order_id: Some(id),
                product_id: None,
                topic: format!("o{id}"),
                title_ru: String::new(),
                title_en: String::new(),
            })
        }
        About::Product(id) => {
            let (store_id, title_ru, title_en): (i64, String, String) =
                sqlx::query_as("SELECT store_id, title_ru, title_en FROM products WHERE id = ?")
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?
                    .ok_or(AppError::NotFound)?;
            Ok(Subject {
                store_id,
                order_id: None,
                product_id: Some(id.get()),
                topic: format!("p{id}"),
                title_ru,
                title_en,
            })
        }
    }
}

/// A message's photo, for a party of its conversation only.
pub async fn photo(
    pool: &SqlitePool,
    viewer: &Viewer,
    id: ConversationId,
    message: i64,
    position: i64,
) -> Result<Vec<u8>, AppError> {
    let store = viewer.store_id.map_or(0, |s| s.get());
    sqlx::query_scalar(
        "SELECT f.jpeg FROM message_photos f
         JOIN messages m ON m.id = f.message_id
         JOIN conversations c ON c.id = m.conversation_id
         WHERE c.id = ? AND m.id = ? AND f.position = ? AND (c.user_id = ? OR c.store_id = ?)",
    )
    .bind(id)
    .bind(message)
    .bind(position)
    .bind(viewer.id)
    .bind(store)
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)
}
