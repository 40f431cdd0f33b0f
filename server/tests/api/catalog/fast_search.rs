//! The search's fast paths (index walks, covering-index sorts) against the plain query.

use super::search;
use crate::helpers::*;

/// The plain query for a search: every match joined to its product, filtered, sorted.
/// Returns the page's ids, the total, the page shown and the number of pages.
async fn plain_search(
    app: &TestApp,
    text: &str,
    filters: &[(&str, &str)],
    sort: &str,
    page: u32,
) -> (Vec<i64>, i64, u32, u32) {
    let expr = app::catalog::stem::match_expression(text).unwrap();
    let mut cond = String::new();
    let mut binds = vec![expr];
    for (k, v) in filters {
        match *k {
            "category" => {
                cond.push_str(
                    " AND p.category_id IN (SELECT id FROM categories
                      WHERE slug = ? OR parent_id = (SELECT id FROM categories WHERE slug = ?))",
                );
                binds.push(v.to_string());
                binds.push(v.to_string());
            }
            "discounted" => cond.push_str(" AND p.discount_price IS NOT NULL"),
            _ => unreachable!(),
        }
    }
    let from = format!(
        "FROM products p JOIN products_fts f ON f.rowid = p.id
         WHERE products_fts MATCH ? AND p.active = 1{cond}"
    );
    let sql = format!("SELECT COUNT(*) {from}");
    let mut count = sqlx::query_scalar::<_, i64>(&sql);
    for b in &binds {
        count = count.bind(b.clone());
    }
    let total = count.fetch_one(&app.pool).await.unwrap();
    let pages = ((total + 23) / 24).clamp(1, 50) as u32;
    let page = page.min(pages);
    let order = match sort {
        "relevance" => "f.rank, p.orders_count DESC, p.id",
        "price_asc" => "COALESCE(p.discount_price, p.price), p.id",
        "price_desc" => "COALESCE(p.discount_price, p.price) DESC, p.id",
        "orders" => "p.orders_count DESC, p.id",
        "newest" => "p.created_at DESC, p.id DESC",
        _ => unreachable!(),
    };
    let sql = format!(
        "SELECT p.id {from} ORDER BY {order} LIMIT 24 OFFSET {}",
        (page - 1) * 24
    );
    let mut ids = sqlx::query_scalar::<_, i64>(&sql);
    for b in &binds {
        ids = ids.bind(b.clone());
    }
    (ids.fetch_all(&app.pool).await.unwrap(), total, page, pages)
}

/// Every search through the server against [`plain_search`]: words common and rare, matches
/// bunched at one end of an order, both filters, all orders, pages near and far.
async fn compare_with_plain_queries(app: &TestApp) -> usize {
    let mut compared = 0;
    for text in [
        "кружка",
        "плед",
        "дорогой",
        "кружка синяя",
        "mug",
        "кружка дорогой",
    ] {
        for filters in [
            vec![],
            vec![("category", "top")],
            vec![("category", "sub")],
            vec![("discounted", "1")],
            vec![("category", "top"), ("discounted", "1")],
        ] {
            for sort in ["relevance", "price_asc", "price_desc", "orders", "newest"] {
                for page in [1, 2, 3, 7, 20, 99] {
                    let page_s = page.to_string();
                    let mut form = vec![("q", text), ("sort", sort), ("page", page_s.as_str())];
                    form.extend(filters.iter().copied());
                    let r = search(app, &form).await;
                    let ids: Vec<i64> = r["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|i| i["id"].as_i64().unwrap())
                        .collect();
                    let (want, total, page, pages) =
                        plain_search(app, text, &filters, sort, page).await;
                    let case = format!("{text:?} {filters:?} {sort} page {page}");
                    assert_eq!(ids, want, "items of {case}");
                    assert_eq!(r["total"], total, "total of {case}");
                    assert_eq!(r["page"], page, "page of {case}");
                    assert_eq!(r["pages"], pages, "pages of {case}");
                    compared += 1;
                }
            }
        }
    }
    compared
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fast_search_matches_the_plain_query() {
    let app = spawn_app().await;
    let s = app.store("Магазин", None).await;
    let mut cats = vec![1];
    for (slug, parent) in [("top", None), ("sub", Some("top")), ("side", None)] {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO categories (parent_id, slug, name_ru, name_en, position)
             VALUES ((SELECT id FROM categories WHERE slug = ?), ?, ?, ?, 1) RETURNING id",
        )
        .bind(parent)
        .bind(slug)
        .bind(slug)
        .bind(slug)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        cats.push(id);
    }
    // 1,200 products. "кружка" in 60% of them (twice in some, with more or fewer other words,
    // so bm25 differs), "дорогой" in 20%: the dearest ones, bunched at the end of the price order.
    // Prices, dates and order counts repeat, so the tie-breakers decide.
    let mut tx = app.pool.begin().await.unwrap();
    for i in 0..1200_i64 {
        let dear = i % 5 == 4;
        let mut words = vec![];
        if i % 5 < 3 {
            words.push("Кружка");
        }
        if i % 11 == 0 {
            words.push("кружка");
        }
        if i % 7 == 0 {
            words.push("плед");
        }
        if dear {
            words.push("дорогой");
        }
        words.extend(
            ["синяя", "большая", "керамика"]
                .iter()
                .take((i % 4) as usize),
        );
        let price = if dear {
            100_000 + i % 13 * 100
        } else {
            100 + i * 37 % 50 * 10
        };
        sqlx::query(
            "INSERT INTO products (store_id, category_id, title_ru, title_en, description_ru,
                    description_en, price, discount_price, stock, rating_x10, orders_count,
                    active, created_at)
             VALUES (?, ?, ?, ?, '', '', ?, ?, ?, 45, ?, ?, ?)",
        )
        .bind(s)
        .bind(cats[(i % 4) as usize])
        .bind(format!("{} {i}", words.join(" ")))
        .bind(if i % 3 == 0 { "Mug" } else { "Thing" })
        .bind(price)
        .bind((i % 3 == 0).then_some(price * 8 / 10))
        .bind(if i % 13 == 0 { 0 } else { 5 })
        .bind(i * 31 % 17)
        .bind(i64::from(i % 17 != 0))
        .bind(i * 7919 % 200)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    assert_eq!(compare_with_plain_queries(&app).await, 900);

    // Products withdrawn, back on sale, sold out, repriced and ordered: still the same answers.
    for sql in [
        "UPDATE products SET active = 0 WHERE id % 19 = 0",
        "UPDATE products SET active = 1 WHERE id % 34 = 0",
        "UPDATE products SET stock = 0 WHERE id % 23 = 0",
        "UPDATE products SET price = price + 7, discount_price = NULL WHERE id % 29 = 0",
        "UPDATE products SET orders_count = orders_count + 5 WHERE id % 31 = 0",
    ] {
        sqlx::query(sql).execute(&app.pool).await.unwrap();
    }
    compare_with_plain_queries(&app).await;
}
