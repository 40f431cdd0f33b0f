//! The shopper's order list (`/account/orders`) and the deleted-orders bin: tabs by state with
//! counts, search, keyset pages (fast for a shopper with thousands of orders).

use super::{OrderStatus, OrderSummary};
use crate::error::AppError;
use crate::i18n::Lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Orders per page.
#[cfg(feature = "ssr")]
const PAGE_SIZE: i64 = crate::paging::size::ORDERS as i64;

/// The list's tabs: everything, or one state ("awaiting confirmation" is "delivered").
pub const TABS: [Option<OrderStatus>; 6] = [
    None,
    Some(OrderStatus::AwaitingPayment),
    Some(OrderStatus::AwaitingShipment),
    Some(OrderStatus::Shipped),
    Some(OrderStatus::Delivered),
    Some(OrderStatus::Completed),
];

pub fn tab_label(tab: Option<OrderStatus>, lang: Lang) -> &'static str {
    match tab {
        None => lang.pick("Все заказы", "All orders"),
        Some(OrderStatus::Delivered) => lang.pick("Ожидают подтверждения", "Awaiting confirmation"),
        Some(s) => s.label(lang),
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderList {
    /// Orders per tab (not deleted), in `TABS` order.
    pub counts: Vec<(Option<OrderStatus>, i64)>,
    /// Orders with a dispute in progress (the "disputes" tab).
    pub disputed: i64,
    pub items: Vec<OrderSummary>,
    /// The cursor of the next page, when there is one.
    pub next: Option<String>,
}

/// What the account home shows of the orders: counts per tab and the latest few.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewData {
    /// Orders per tab (not deleted), in `TABS` order.
    pub counts: Vec<(Option<OrderStatus>, i64)>,
    pub latest: Vec<OrderSummary>,
}

/// Orders the account home shows.
pub const OVERVIEW_SIZE: i64 = 3;

/// The tab of orders with a dispute in progress (`?status=disputes`).
pub const DISPUTES_TAB: &str = "disputes";

/// A page of the list. `after` is the cursor the previous page ended with.
#[server(prefix = "/api", endpoint = "list_orders")]
pub async fn list_orders(
    status: Option<String>,
    q: Option<String>,
    after: Option<String>,
) -> Result<OrderList, AppError> {
    let crate::context::Ctx {
        state,
        lang,
        viewer,
        ..
    } = crate::context::ctx()?;
    let user_id = viewer.ok_or(AppError::NotSignedIn)?.id;
    let filter = ssr::Filter {
        user_id,
        status: status.as_deref().and_then(OrderStatus::parse),
        disputed: status.as_deref() == Some(DISPUTES_TAB),
        search: q.map(|q| q.trim().to_string()).filter(|q| !q.is_empty()),
        after: after.as_deref().and_then(ssr::parse_cursor),
        deleted: false,
    };
    ssr::list(&state.pool, lang, &filter).await
}

/// The account home's view of the orders: one count query and the latest three, nothing more
/// (the page is rendered on every visit to `/account`).
#[server(prefix = "/api", endpoint = "order_overview")]
pub async fn load_overview() -> Result<OverviewData, AppError> {
    let cx = crate::context::ctx()?;
    ssr::overview(cx.pool(), cx.lang, cx.user()?).await
}

/// A page of the bin.
#[server(prefix = "/api", endpoint = "list_deleted_orders")]
pub async fn list_deleted_orders(after: Option<String>) -> Result<OrderList, AppError> {
    let crate::context::Ctx {
        state,
        lang,
        viewer,
        ..
    } = crate::context::ctx()?;
    let user_id = viewer.ok_or(AppError::NotSignedIn)?.id;
    let filter = ssr::Filter {
        user_id,
        status: None,
        disputed: false,
        search: None,
        after: after.as_deref().and_then(ssr::parse_cursor),
        deleted: true,
    };
    ssr::list(&state.pool, lang, &filter).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::orders::ssr::{SummaryRow, SUMMARY_COLUMNS};
    use sqlx::{QueryBuilder, Sqlite, SqlitePool};

    pub struct Filter {
        pub user_id: crate::ids::UserId,
        pub status: Option<OrderStatus>,
        /// Only orders with a dispute in progress.
        pub disputed: bool,
        pub search: Option<String>,
        /// (created_at, id) of the last order of the previous page; for the bin, deleted_at.
        pub after: Option<(i64, i64)>,
        pub deleted: bool,
    }

    pub fn parse_cursor(s: &str) -> Option<(i64, i64)> {
        let (t, id) = s.split_once('.')?;
        Some((t.parse().ok()?, id.parse().ok()?))
    }

    /// `%`, `_` and `\` typed by a shopper match only themselves.
    fn like_pattern(s: &str) -> String {
        let mut out = String::from("%");
        for c in s.chars().take(100) {
            if matches!(c, '%' | '_' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('%');
        out
    }

    /// The list query. Its plan is checked by a test: it must walk an index in order.
    pub fn query(f: &Filter) -> QueryBuilder<'static, Sqlite> {
        query_with_limit(f, PAGE_SIZE + 1)
    }

    fn query_with_limit(f: &Filter, limit: i64) -> QueryBuilder<'static, Sqlite> {
        let key = if f.deleted {
            "o.deleted_at"
        } else {
            "o.created_at"
        };
        let mut qb = QueryBuilder::new(format!(
            "SELECT {SUMMARY_COLUMNS}, {key} AS sort_key FROM orders o
             JOIN stores s ON s.id = o.store_id JOIN users u ON u.id = o.user_id
             WHERE o.user_id = "
        ));
        qb.push_bind(f.user_id);
        if f.deleted {
            qb.push(" AND o.deleted_at IS NOT NULL AND o.purged_at IS NULL");
        } else {
            qb.push(" AND o.deleted_at IS NULL");
        }
        if let Some(status) = f.status {
            qb.push(" AND o.status = ").push_bind(status);
        }
        if f.disputed {
            qb.push(" AND o.in_dispute = 1");
        }
        if let Some(text) = &f.search {
            let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            if digits.len() == 16 && digits.chars().all(|c| c.is_ascii_digit()) {
                qb.push(" AND o.number = ")
                    .push_bind(digits.parse::<i64>().unwrap_or(0));
            } else {
                // SQLite's LIKE folds ASCII case only: try the text as typed, in lower case and
                // capitalised, which covers how titles and store names are written.
                let lower = text.to_lowercase();
                let mut capital: String =
                    lower.chars().take(1).flat_map(char::to_uppercase).collect();
                capital.extend(lower.chars().skip(1));
                let mut variants = vec![text.clone(), lower, capital];
                variants.dedup();
                qb.push(" AND (0");
                for v in variants {
                    let like = like_pattern(&v);
                    qb.push(" OR s.name LIKE ")
                        .push_bind(like.clone())
                        .push(" ESCAPE '\\' OR EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id AND (i.title_ru LIKE ")
                        .push_bind(like.clone())
                        .push(" ESCAPE '\\' OR i.title_en LIKE ")
                        .push_bind(like)
                        .push(" ESCAPE '\\'))");
                }
                qb.push(")");
            }
        }
        if let Some((t, id)) = f.after {
            // The first bound lets SQLite start the index walk at the cursor; the rest breaks
            // ties between orders placed in the same second.
            qb.push(format!(" AND {key} <= "))
                .push_bind(t)
                .push(format!(" AND ({key} < "))
                .push_bind(t)
                .push(format!(" OR ({key} = "))
                .push_bind(t)
                .push(" AND o.id < ")
                .push_bind(id)
                .push("))");
        }
        qb.push(format!(" ORDER BY {key} DESC, o.id DESC LIMIT "))
            .push_bind(limit);
        qb
    }

    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        summary: SummaryRow,
        sort_key: i64,
    }

    pub async fn list(pool: &SqlitePool, lang: Lang, f: &Filter) -> Result<OrderList, AppError> {
        let mut rows: Vec<Row> = query(f).build_query_as().fetch_all(pool).await?;
        let more = rows.len() as i64 > PAGE_SIZE;
        rows.truncate(PAGE_SIZE as usize);
        let mut items = Vec::with_capacity(rows.len());
        let mut last_key = None;
        for r in rows {
            last_key = Some(r.sort_key);
            items.push(r.summary.summary(lang)?);
        }
        // In the bin, pages are keyed by the deletion time.
        if f.deleted {
            if let (Some(last), Some(key)) = (items.last_mut(), last_key) {
                let id = last.cursor.split_once('.').map(|(_, id)| id.to_string());
                last.cursor = format!("{key}.{}", id.unwrap_or_default());
            }
        }
        let next = more
            .then(|| items.last().map(|o| o.cursor.clone()))
            .flatten();
        let (counts, disputed) = counts(pool, f.user_id).await?;
        Ok(OrderList {
            counts,
            disputed,
            items,
            next,
        })
    }

    /// Counts per tab and the latest orders, for the account home.
    pub async fn overview(
        pool: &SqlitePool,
        lang: Lang,
        user_id: crate::ids::UserId,
    ) -> Result<OverviewData, AppError> {
        let f = Filter {
            user_id,
            status: None,
            disputed: false,
            search: None,
            after: None,
            deleted: false,
        };
        let rows: Vec<Row> = query_with_limit(&f, OVERVIEW_SIZE)
            .build_query_as()
            .fetch_all(pool)
            .await?;
        let latest = rows
            .into_iter()
            .map(|r| r.summary.summary(lang))
            .collect::<Result<_, _>>()?;
        let (counts, _) = counts(pool, user_id).await?;
        Ok(OverviewData { counts, latest })
    }

    /// Orders per tab, not counting deleted ones, and how many have a dispute in progress: one
    /// pass over the shopper's orders.
    pub async fn counts(
        pool: &SqlitePool,
        user_id: crate::ids::UserId,
    ) -> Result<(Vec<(Option<OrderStatus>, i64)>, i64), AppError> {
        let rows: Vec<(OrderStatus, i64, i64)> = sqlx::query_as(
            "SELECT status, COUNT(*), SUM(in_dispute) FROM orders
             WHERE user_id = ? AND deleted_at IS NULL GROUP BY status",
        )
        .bind(user_id)
        .fetch_all(pool)
        .await?;
        let n = |s: OrderStatus| rows.iter().find(|(c, ..)| *c == s).map_or(0, |r| r.1);
        let counts = TABS
            .iter()
            .map(|t| match t {
                None => (None, rows.iter().map(|r| r.1).sum()),
                Some(s) => (Some(*s), n(*s)),
            })
            .collect();
        Ok((counts, rows.iter().map(|r| r.2).sum()))
    }

    /// `EXPLAIN QUERY PLAN` of the list query (without a search), one line per step.
    pub async fn plan(pool: &SqlitePool, f: &Filter) -> Result<Vec<String>, AppError> {
        let sql = format!("EXPLAIN QUERY PLAN {}", query(f).sql());
        if f.search.is_some() {
            // The binds below mirror `query` without a search.
            return Err(AppError::Internal);
        }
        let mut q = sqlx::query_as::<_, (i64, i64, i64, String)>(&sql).bind(f.user_id);
        if let Some(s) = f.status {
            q = q.bind(s);
        }
        if let Some((t, id)) = f.after {
            q = q.bind(t).bind(t).bind(t).bind(id);
        }
        let rows = q.bind(PAGE_SIZE + 1).fetch_all(pool).await?;
        Ok(rows.into_iter().map(|r| r.3).collect())
    }
}
