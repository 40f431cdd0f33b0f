//! Search: words (FTS5 over the titles of the products on sale), a category, "discounted only",
//! five orders, pages.
//!
//! At 200,000 products a common word matches ~10,000 of them. What things cost there (SQLite
//! 3.46, one connection, warm; 2026-11-30): counting the matches in the FTS index ~1 ms; bm25
//! ~1 µs per match; looking a match up in `products` ~1.5 µs (wide rows, mostly outside the page
//! cache), in the `products_search_keys` covering index ~0.6 µs; walking a sort index while
//! probing the set of matches ~0.5 µs per index entry. Hence:
//! - the count comes from the FTS index alone unless a filter needs the products' columns;
//! - relevance ranks every match (an exact bm25 order needs every score), reading the
//!   tie-breakers from the covering index;
//! - price, date and orders walk the index that serves the order and stop after the page, when
//!   the matches are common enough that this beats sorting them all ([`plan`]). The walk has a
//!   budget: matches bunched further along the index than expected fall back to the sort, so a
//!   request never walks more than about twice what sorting the matches would cost.
//!
//! Every path returns the same rows in the same order as the plain query (the test
//! `fast_search_matches_the_plain_query` compares them).

use super::{categories, CardRow, CARD_COLUMNS};
use crate::catalog::{ProductCard, SearchResults, Sort};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::paging::{offset, page_count, size};
use crate::platform::db::Deadlined;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};
use std::time::Duration;

pub struct SearchQuery {
    pub text: String,
    /// A category slug; its subcategories are included.
    pub category: Option<String>,
    pub discounted: bool,
    pub sort: Sort,
    pub page: u32,
}

impl SearchQuery {
    fn filtered(&self) -> bool {
        self.category.is_some() || self.discounted
    }
}

/// The category and discount conditions on `p` (a `products` row).
fn push_filters(qb: &mut QueryBuilder<'_, Sqlite>, q: &SearchQuery) {
    if let Some(slug) = &q.category {
        qb.push(" AND p.category_id IN (SELECT c.id FROM categories c WHERE c.slug = ")
            .push_bind(slug.clone())
            .push(" OR c.parent_id = (SELECT id FROM categories WHERE slug = ")
            .push_bind(slug.clone())
            .push("))");
    }
    if q.discounted {
        qb.push(" AND p.discount_price IS NOT NULL");
    }
}

/// `ORDER BY` for a sort; `rank` is FTS5's bm25 of the match (relevance with words only).
fn order_by(sort: Sort, words: bool) -> &'static str {
    match (sort, words) {
        (Sort::Relevance, true) => "f.rank, p.orders_count DESC, p.id",
        (Sort::Relevance, false) | (Sort::Orders, _) => "p.orders_count DESC, p.id",
        (Sort::PriceAsc, _) => "p.effective_price, p.id",
        (Sort::PriceDesc, _) => "p.effective_price DESC, p.id",
        (Sort::Newest, _) => "p.created_at DESC, p.id DESC",
    }
}

/// The index that lists products in a sort's order, its first column, and the comparison that
/// keeps the entries up to a given value of that column (a prefix of the order).
fn sort_index(sort: Sort) -> Option<(&'static str, &'static str, &'static str)> {
    match sort {
        Sort::Relevance => None,
        Sort::PriceAsc => Some(("products_by_price", "effective_price", "<=")),
        Sort::PriceDesc => Some(("products_by_price_desc", "effective_price", ">=")),
        Sort::Orders => Some(("products_by_orders", "orders_count", ">=")),
        Sort::Newest => Some(("products_by_created", "created_at", ">=")),
    }
}

/// How to read one page of text matches in a column's order.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Walk the order's index from its start, probing the matches; with a budget, at most about
    /// that many index entries.
    Walk { budget: Option<i64> },
    /// Look every match up and sort them.
    Sort,
}

/// `need` rows (the page and those before it) out of `total` that pass the filters among
/// `matches` FTS matches, in an index of about `entries` products.
pub(crate) fn plan(need: i64, total: i64, matches: i64, entries: i64) -> Plan {
    // Entries walked before `need` rows pass, if they are spread evenly along the index.
    let expected = need.saturating_mul(entries) / total.max(1);
    if expected > matches {
        return Plan::Sort;
    }
    // Room for an uneven spread; past it, sorting the matches is cheaper anyway.
    let budget = expected.saturating_mul(2).saturating_add(256);
    Plan::Walk {
        budget: (budget < entries).then_some(budget),
    }
}

fn empty(categories: Vec<crate::catalog::Category>) -> SearchResults {
    SearchResults {
        items: vec![],
        total: 0,
        page: 1,
        pages: 1,
        categories,
    }
}

/// One page of results. Every query runs on a [`Deadlined`] connection: past `deadline`
/// (`KABINET_SEARCH_DEADLINE_MS`) SQLite interrupts it and the answer is `TooSlow`; a request
/// dropped meanwhile (the stalled-render retry) leaves nothing running.
pub async fn search(
    pool: &SqlitePool,
    lang: Lang,
    q: &SearchQuery,
    deadline: Duration,
) -> Result<SearchResults, AppError> {
    let categories = categories(pool, lang).await?;
    let mut conn = Deadlined::acquire(pool, deadline).await?;
    let result = search_on(&mut conn, lang, q, categories).await;
    conn.finish().await;
    result
}

async fn search_on(
    conn: &mut SqliteConnection,
    lang: Lang,
    q: &SearchQuery,
    categories: Vec<crate::catalog::Category>,
) -> Result<SearchResults, AppError> {
    let fts = crate::catalog::stem::match_expression(&q.text);
    let Some(expr) = fts else {
        if q.category.is_none() && !q.text.trim().is_empty() {
            // Only punctuation was typed: nothing can match.
            return Ok(empty(categories));
        }
        return browse(conn, lang, q, categories).await;
    };

    // The FTS index holds exactly the products on sale: without filters it counts alone.
    let matches: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM products_fts WHERE products_fts MATCH ?")
            .bind(&expr)
            .fetch_one(&mut *conn)
            .await?;
    let total = if q.filtered() && matches > 0 {
        let mut count = QueryBuilder::<Sqlite>::new(
            "SELECT COUNT(*) FROM products_fts f
             JOIN products p INDEXED BY products_search_keys ON p.id = f.rowid
             WHERE products_fts MATCH ",
        );
        count.push_bind(expr.clone()).push(" AND p.active = 1");
        push_filters(&mut count, q);
        count.build_query_scalar().fetch_one(&mut *conn).await?
    } else {
        matches
    };
    let pages = page_count(total, size::PRODUCTS);
    let page = q.page.min(pages);
    let skip = offset(page, size::PRODUCTS);
    let want = (total - skip).clamp(0, size::PRODUCTS as i64);
    if want == 0 {
        return Ok(SearchResults {
            items: vec![],
            total,
            page,
            pages,
            categories,
        });
    }

    let mut ids = None;
    if let Some((index, column, upto)) = sort_index(q.sort) {
        let entries: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM products")
            .fetch_one(&mut *conn)
            .await?;
        if let Plan::Walk { budget } = plan(skip + want, total, matches, entries) {
            let walk = Walk {
                index,
                column,
                upto,
                skip,
                want,
            };
            ids = walk.run(conn, q, &expr, budget).await?;
        }
    }
    let ids = match ids {
        Some(ids) => ids,
        None => sorted_matches(conn, q, &expr, skip).await?,
    };
    Ok(SearchResults {
        items: cards_by_id(conn, lang, &ids).await?,
        total,
        page,
        pages,
        categories,
    })
}

/// One page of matches the plain way: every match looked up (in the covering index), sorted.
async fn sorted_matches(
    conn: &mut SqliteConnection,
    q: &SearchQuery,
    expr: &str,
    skip: i64,
) -> Result<Vec<i64>, AppError> {
    let mut qb = QueryBuilder::<Sqlite>::new(
        "SELECT p.id FROM products_fts f
         JOIN products p INDEXED BY products_search_keys ON p.id = f.rowid
         WHERE products_fts MATCH ",
    );
    qb.push_bind(expr.to_string()).push(" AND p.active = 1");
    push_filters(&mut qb, q);
    qb.push(" ORDER BY ")
        .push(order_by(q.sort, true))
        .push(" LIMIT ")
        .push_bind(size::PRODUCTS as i64)
        .push(" OFFSET ")
        .push_bind(skip);
    Ok(qb.build_query_scalar().fetch_all(conn).await?)
}

/// A page read by walking the index of the order.
struct Walk {
    index: &'static str,
    /// The index's first column, which bounds a walk with a budget.
    column: &'static str,
    /// Keeps the entries up to a value of `column`.
    upto: &'static str,
    skip: i64,
    want: i64,
}

impl Walk {
    /// The page, or `None` when the budget ran out before it was complete.
    async fn run(
        &self,
        conn: &mut SqliteConnection,
        q: &SearchQuery,
        expr: &str,
        budget: Option<i64>,
    ) -> Result<Option<Vec<i64>>, AppError> {
        let order = order_by(q.sort, true);
        // The `column` value `budget` entries along: the walk stops after its last entry.
        let mut last = None;
        if let Some(budget) = budget {
            last = sqlx::query_scalar::<_, i64>(&format!(
                "SELECT p.{} FROM products p INDEXED BY {} ORDER BY {order} LIMIT 1 OFFSET ?",
                self.column, self.index
            ))
            .bind(budget)
            .fetch_optional(&mut *conn)
            .await?;
        }
        let mut qb = QueryBuilder::<Sqlite>::new(format!(
            "SELECT p.id FROM products p INDEXED BY {} WHERE p.id IN
             (SELECT rowid FROM products_fts WHERE products_fts MATCH ",
            self.index
        ));
        qb.push_bind(expr.to_string()).push(")");
        if let Some(last) = last {
            qb.push(format!(" AND p.{} {} ", self.column, self.upto))
                .push_bind(last);
        }
        qb.push(" AND p.active = 1");
        push_filters(&mut qb, q);
        qb.push(" ORDER BY ")
            .push(order)
            .push(" LIMIT ")
            .push_bind(self.want)
            .push(" OFFSET ")
            .push_bind(self.skip);
        let ids: Vec<i64> = qb.build_query_scalar().fetch_all(conn).await?;
        Ok((ids.len() as i64 == self.want).then_some(ids))
    }
}

/// No words: the catalogue (or a category of it) through the products' own indexes.
async fn browse(
    conn: &mut SqliteConnection,
    lang: Lang,
    q: &SearchQuery,
    categories: Vec<crate::catalog::Category>,
) -> Result<SearchResults, AppError> {
    let from = " FROM products p JOIN stores s ON s.id = p.store_id WHERE p.active = 1";
    let mut count = QueryBuilder::<Sqlite>::new(format!("SELECT COUNT(*){from}"));
    push_filters(&mut count, q);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;

    let mut qb = QueryBuilder::<Sqlite>::new(format!("SELECT {CARD_COLUMNS}{from}"));
    push_filters(&mut qb, q);
    qb.push(" ORDER BY ").push(order_by(q.sort, false));
    let pages = page_count(total, size::PRODUCTS);
    let page = q.page.min(pages);
    qb.push(" LIMIT ")
        .push_bind(size::PRODUCTS as i64)
        .push(" OFFSET ")
        .push_bind(offset(page, size::PRODUCTS));
    let rows: Vec<CardRow> = qb.build_query_as().fetch_all(conn).await?;
    Ok(SearchResults {
        items: rows.into_iter().map(|r| r.card(lang)).collect(),
        total,
        page,
        pages,
        categories,
    })
}

/// Cards for these products, in the order given.
async fn cards_by_id(
    conn: &mut SqliteConnection,
    lang: Lang,
    ids: &[i64],
) -> Result<Vec<ProductCard>, AppError> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut qb = QueryBuilder::<Sqlite>::new(format!(
        "SELECT {CARD_COLUMNS} FROM products p JOIN stores s ON s.id = p.store_id WHERE p.id IN ("
    ));
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    qb.push(")");
    let rows: Vec<CardRow> = qb.build_query_as().fetch_all(conn).await?;
    let mut cards: Vec<ProductCard> = rows.into_iter().map(|r| r.card(lang)).collect();
    cards.sort_by_key(|c| ids.iter().position(|id| *id == c.id));
    Ok(cards)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_matches_walk_the_index_rare_ones_are_sorted() {
        // 8,000 of 200,000 match: page 1 needs ~600 entries of the index.
        assert_eq!(
            plan(24, 8_000, 8_000, 200_000),
            Plan::Walk {
                budget: Some(1_456)
            }
        );
        // Page 50 of the same: ~30,000 entries, more than the 8,000 matches to sort.
        assert_eq!(plan(1_200, 8_000, 8_000, 200_000), Plan::Sort);
        // A filter that leaves few of the matches: sorting them is cheaper.
        assert_eq!(plan(24, 100, 8_000, 200_000), Plan::Sort);
        // A small catalogue: the budget would cover the whole index, so none is set.
        assert_eq!(plan(24, 50, 80, 100), Plan::Walk { budget: None });
    }
}
