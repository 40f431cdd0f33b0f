//! Marketplace rows: search latency and checkout throughput with concurrent shoppers.

use crate::{client, get_ok, load, row, sign_in, Stats, ADDR};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const QUERIES: &[&str] = &[
    "куртка",
    "наушники беспроводные",
    "чехлы",
    "jacket",
    "часы",
    "кружка",
    "плед",
    "smart watch",
    "кроссовки",
    "палатка",
    "зарядное",
    "ssd",
];

async fn post_ok(
    c: reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
    cookie: Option<&str>,
) -> Option<String> {
    let mut r = c.post(format!("http://{ADDR}{path}")).form(form);
    if let Some(ck) = cookie {
        r = r.header("cookie", ck);
    }
    let res = r.send().await.ok()?;
    let ok = res.status().is_success();
    let body = res.text().await.ok()?;
    ok.then_some(body)
}

/// Search through the server function and as a whole server-rendered page (16 connections), then
/// the server function one request at a time for three of its orders.
pub async fn search_rows(label: &str) {
    let dur = Duration::from_secs(4);
    let next = Arc::new(AtomicUsize::new(0));
    let n = next.clone();
    let api = load(16, dur, move |c| {
        let q = QUERIES[n.fetch_add(1, Ordering::Relaxed) % QUERIES.len()];
        async move { post_ok(c, "/api/search", &[("q", q)], None).await.is_some() }
    })
    .await;
    row(&format!("POST /api/search ({label})"), &api);
    let page = load(16, dur, move |c| {
        let q = QUERIES[next.fetch_add(1, Ordering::Relaxed) % QUERIES.len()];
        get_ok(
            c,
            format!("http://{ADDR}/search?q={q}&sort=price_asc"),
            None,
        )
    })
    .await;
    row(&format!("GET /search?q=…&sort=price_asc ({label})"), &page);
    // The search goal is server time without queueing: one request at a time.
    for sort in ["relevance", "price_asc", "newest"] {
        let next = Arc::new(AtomicUsize::new(0));
        let one = load(1, Duration::from_secs(3), move |c| {
            let q = QUERIES[next.fetch_add(1, Ordering::Relaxed) % QUERIES.len()];
            async move {
                let form = [("q", q), ("sort", sort)];
                post_ok(c, "/api/search", &form, None).await.is_some()
            }
        })
        .await;
        row(&format!("  one connection, sort={sort}"), &one);
    }
    // Stores by name (40 stores in the demo catalogue, 4,000 at 200,000 products); goal p50 ≤ 10 ms.
    let next = Arc::new(AtomicUsize::new(0));
    let stores = load(1, Duration::from_secs(3), move |c| {
        let q = ["sunny", "nordic tech", "royal kids", "golden"]
            [next.fetch_add(1, Ordering::Relaxed) % 4];
        async move {
            post_ok(c, "/api/search_stores", &[("q", q)], None)
                .await
                .is_some()
        }
    })
    .await;
    row(
        &format!("POST /api/search_stores ({label}), one connection"),
        &stores,
    );
}

/// Product ids that are in stock, from a few searches.
pub(crate) async fn in_stock_products() -> Vec<String> {
    let mut ids = vec![];
    for q in QUERIES {
        let body = post_ok(client(None), "/api/search", &[("q", q)], None)
            .await
            .unwrap_or_default();
        for item in body.split("{\"id\":").skip(1) {
            if item.contains("\"in_stock\":true") {
                ids.push(item.split(',').next().unwrap_or("").to_string());
            }
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

/// A POST that must succeed; else the status and the error the server gave.
pub(crate) async fn post(
    c: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
    cookie: &str,
) -> Result<String, String> {
    let res = c
        .post(format!("http://{ADDR}{path}"))
        .form(form)
        .header("cookie", cookie)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = res.status();
    let body = res.text().await.map_err(|e| e.to_string())?;
    if status.is_success() {
        Ok(body)
    } else {
        Err(format!("{path} {status}: {body}"))
    }
}

/// One order: add a product to the cart, open checkout, place it, pay it (a shopper may have
/// at most five unpaid orders, so an unpaid loop would be refused from the sixth).
async fn buy(
    c: &reqwest::Client,
    cookie: &str,
    product: &str,
    address: &str,
) -> Result<(), String> {
    post(
        c,
        "/api/add_to_cart",
        &[("product_id", product), ("quantity", "1")],
        cookie,
    )
    .await?;
    let view = post(c, "/api/checkout", &[], cookie).await?;
    let key = view
        .split("\"key\":\"")
        .nth(1)
        .and_then(|k| k.split('"').next())
        .unwrap_or_default()
        .to_string();
    post(
        c,
        "/api/place_order",
        &[("checkout_key", &key), ("address_id", address)],
        cookie,
    )
    .await?;
    post(c, "/api/pay_checkout", &[("key", &key)], cookie).await?;
    Ok(())
}

/// 16 shoppers at once, each looping: add to cart → open checkout → place the order → pay.
pub async fn checkout_row() {
    let products = Arc::new(in_stock_products().await);
    assert!(
        products.len() > 50,
        "not enough products in stock to bench checkout"
    );
    let dur = Duration::from_secs(5);
    let refused = Arc::new(Mutex::new(BTreeMap::<String, usize>::new()));
    let start = Instant::now();
    let mut tasks = vec![];
    for i in 0..16 {
        let products = products.clone();
        let refused = refused.clone();
        tasks.push(tokio::spawn(async move {
            let c = client(None);
            let cookie = sign_in(&c, &format!("bench{i}@example.ru"))
                .await
                .expect("sign in");
            let form = [
                ("recipient", "Bench Shopper"),
                ("country", "RU"),
                ("region", "Москва"),
                ("city", "Москва"),
                ("street", "ул. Тверская, д. 7"),
                ("postcode", "125009"),
                ("phone", "+79001234567"),
            ];
            let address = post(&c, "/api/save_address", &form, &cookie)
                .await
                .expect("address");
            let mut lat = vec![];
            let mut k = i * 7919;
            while start.elapsed() < dur {
                let t = Instant::now();
                k += 1;
                let product = &products[k % products.len()];
                match buy(&c, &cookie, product, &address).await {
                    Ok(()) => lat.push(t.elapsed()),
                    Err(why) => {
                        *refused.lock().unwrap().entry(why).or_default() += 1;
                        // A sold-out line would block every later checkout: take it out.
                        let _ = post(
                            &c,
                            "/api/remove_from_cart",
                            &[("product_id", product)],
                            &cookie,
                        )
                        .await;
                    }
                }
            }
            lat
        }));
    }
    let mut lat = vec![];
    for t in tasks {
        lat.extend(t.await.unwrap());
    }
    let label = "checkout: add + open + place + pay, 16 shop.";
    orders_row(label, lat, start, &refused.lock().unwrap());
}

/// Prints a row of orders (their latencies, all tasks joined), and what was refused.
pub(crate) fn orders_row(
    label: &str,
    lat: Vec<Duration>,
    start: Instant,
    refused: &BTreeMap<String, usize>,
) {
    let mut s = Stats {
        lat,
        ..Stats::default()
    };
    s.elapsed = start.elapsed();
    s.count = s.lat.len();
    println!(
        "{:<44} {:>9.0} orders/s p50 {:>7.2} ms   p99 {:>7.2} ms   ({} orders)",
        label,
        s.rps(),
        s.pct(0.50),
        s.pct(0.99),
        s.count,
    );
    for (why, n) in refused {
        let short: String = why.chars().take(160).collect();
        println!("  refused {n} times: {short}");
    }
}

/// The demo shopper's order list with 10,000 of the 1,000,000 orders: first page, a page deep
/// in the list (keyset cursor), one state's tab, and the whole server-rendered page.
pub async fn order_rows() {
    let c = client(None);
    let cookie = crate::sign_in_as(&c, "demo@kabinet.local", "demo-pass-2026")
        .await
        .expect("demo sign-in");
    let deep = post(&c, "/api/list_orders", &[], &cookie)
        .await
        .expect("orders");
    let mut after = String::new();
    let mut body = deep;
    for _ in 0..200 {
        match body
            .split("\"next\":\"")
            .nth(1)
            .and_then(|n| n.split('"').next())
        {
            Some(next) => after = next.to_string(),
            None => break,
        }
        body = post(&c, "/api/list_orders", &[("after", &after)], &cookie)
            .await
            .expect("page");
    }
    let dur = Duration::from_secs(4);
    for (label, form) in [
        ("first page", vec![]),
        ("page 200 (keyset cursor)", vec![("after", after.clone())]),
        ("tab \"shipped\"", vec![("status", "shipped".to_string())]),
    ] {
        let ck = cookie.clone();
        let s = load(16, dur, move |c| {
            let (form, ck) = (form.clone(), ck.clone());
            async move {
                let f: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                post(&c, "/api/list_orders", &f, &ck).await.is_ok()
            }
        })
        .await;
        row(&format!("POST /api/list_orders, 10k of 1M, {label}"), &s);
    }
    let club_cookie = cookie.clone();
    let s = load(16, dur, move |c| {
        get_ok(
            c,
            format!("http://{ADDR}/account/orders"),
            Some(cookie.clone()),
        )
    })
    .await;
    row("GET /account/orders (SSR), 10k of 1M orders", &s);
    club_rows(&club_cookie).await;
    crate::messages::rows(&club_cookie).await;
    product_rows().await;
}

/// A product page with 1,000 reviews (product 1 of the bench data): average, distribution and
/// the newest page of reviews, one connection (goal p50 ≤ 10 ms) and 16.
async fn product_rows() {
    for (label, conns) in [("one connection", 1), ("16 connections", 16)] {
        let s = load(conns, Duration::from_secs(3), |c| {
            get_ok(c, format!("http://{ADDR}/product/1"), None)
        })
        .await;
        row(&format!("GET /product/1, 1,000 reviews, {label}"), &s);
    }
    let s = load(1, Duration::from_secs(3), |c| {
        get_ok(c, format!("http://{ADDR}/product/1?reviews_page=50"), None)
    })
    .await;
    row("GET /product/1?reviews_page=50, one connection", &s);
}

/// The club page of the demo shopper, whose points history has 10,000 rows (one per bulk order
/// of theirs): one connection (server time, goal p50 ≤ 10 ms) and 16.
async fn club_rows(cookie: &str) {
    for (label, conns) in [("one connection", 1), ("16 connections", 16)] {
        let ck = cookie.to_string();
        let s = load(conns, Duration::from_secs(3), move |c| {
            get_ok(
                c,
                format!("http://{ADDR}/account/club?page=50"),
                Some(ck.clone()),
            )
        })
        .await;
        row(
            &format!("GET /account/club?page=50, 10k points rows, {label}"),
            &s,
        );
    }
}
