//! `make soak`: 200 simulated shoppers for 60 s against the release server on loopback (browse,
//! search, cart, checkout and pay, their orders, disputes, sign out and in; 100–300 ms between
//! clicks), printing p50/p99 per kind and failing on any 5xx; then the database is checked. Then
//! the crash test: the same load on the same database, `kill -9` of the server in the middle, a
//! restart, and the same checks: nothing the shoppers saw committed is lost, nothing half-written
//! remains.
//!
//! Checks (`verify`): SQLite's integrity check; every checkout a shopper saw placed has its orders;
//! no stock below zero and, for every product, the stock at the start equals today's stock plus
//! what live (not cancelled) orders hold; every payment equals its order's total; refunds never
//! exceed payments; an order awaiting payment has no payment and a paid one has one.

mod check;

use crate::{Stats, ADDR, PASSWORD};
use check::{stock, verify};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SHOPPERS: usize = 200;
const KINDS: [&str; 7] = [
    "browse", "search", "cart", "checkout", "orders", "disputes", "sign-in",
];
/// What a shopper does, in turn: mostly looking, sometimes buying; signing out and in again
/// every 28th step (each sign-in costs an argon2 hash, the scarcest resource on two cores).
const ROUND: [&str; 14] = [
    "browse", "search", "browse", "cart", "orders", "browse", "search", "checkout", "disputes",
    "browse", "orders", "search", "cart", "browse",
];
/// A shopper reads a page before the next click: 100 to 300 ms.
fn think(k: usize) -> Duration {
    Duration::from_millis(100 + (k * 37 % 200) as u64)
}

/// What the shoppers saw: latencies per kind, server errors, and the checkouts placed.
#[derive(Default)]
struct Seen {
    lat: BTreeMap<&'static str, Vec<Duration>>,
    server_errors: Vec<String>,
    placed: Vec<String>,
}

fn start(bin: &str, db: &Path, log: &Path) -> Child {
    Command::new(bin)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", db.display()),
        )
        .env("KABINET_MAIL_DIR", db.with_file_name("mail"))
        .env("KABINET_DEMO", "1")
        .env("KABINET_REGISTRATIONS_PER_HOUR", "100000")
        .env("LEPTOS_SITE_ADDR", ADDR)
        .env("RUST_LOG", "warn")
        .stdout(std::fs::File::create(log).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"))
}

async fn wait_up() {
    let c = crate::client(None);
    for _ in 0..3000 {
        if crate::get_ok(c.clone(), format!("http://{ADDR}/healthz"), None).await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not come up");
}

/// A POST answered: `Err` carries the status for a refusal (4xx is an answer, 5xx an error).
async fn post(c: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> Result<String, u16> {
    let res = c
        .post(format!("http://{ADDR}{path}"))
        .form(form)
        .send()
        .await
        .map_err(|_| 0u16)?;
    let status = res.status();
    let body = res.text().await.map_err(|_| 0u16)?;
    if status.is_success() {
        Ok(body)
    } else {
        if status.is_server_error() {
            static SHOWN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            if SHOWN.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < 3 {
                eprintln!("{path} answered {status}: {}", &body[..body.len().min(300)]);
            }
        }
        Err(status.as_u16())
    }
}

async fn get(c: &reqwest::Client, path: &str) -> Result<(), u16> {
    let res = c
        .get(format!("http://{ADDR}{path}"))
        .send()
        .await
        .map_err(|_| 0u16)?;
    let status = res.status();
    res.bytes().await.map_err(|_| 0u16)?;
    if status.is_server_error() {
        Err(status.as_u16())
    } else {
        Ok(())
    }
}

/// A shopper's own client (cookies kept), registered and with an address.
async fn shopper(i: usize, round: &str) -> Option<(reqwest::Client, String, String)> {
    let mut h = reqwest::header::HeaderMap::new();
    h.insert("origin", format!("http://{ADDR}").parse().unwrap());
    let c = reqwest::Client::builder()
        .default_headers(h)
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let email = format!("soak-{round}-{i}@example.ru");
    let form = [
        ("name", "Soak"),
        ("email", email.as_str()),
        ("password", PASSWORD),
        ("terms", "on"),
    ];
    post(&c, "/api/register", &form).await.ok()?;
    let address = [
        ("recipient", "Soak Shopper"),
        ("country", "RU"),
        ("region", "Москва"),
        ("city", "Москва"),
        ("street", "ул. Тверская, д. 7"),
        ("postcode", "125009"),
        ("phone", "+79001234567"),
    ];
    let address = post(&c, "/api/save_address", &address).await.ok()?;
    Some((c, email, address))
}

/// One step of kind `kind` for shopper `i`; `Err` is a server error (5xx or no answer).
async fn step(
    c: &reqwest::Client,
    kind: &'static str,
    k: usize,
    products: &[String],
    email: &str,
    address: &str,
    placed: &Mutex<Vec<String>>,
) -> Result<(), String> {
    let product = &products[k % products.len()];
    let server = |path: &str, s: u16| (s >= 500 || s == 0).then(|| format!("{kind} {path} {s}"));
    let r = match kind {
        "browse" => get(c, &format!("/product/{product}")).await.err(),
        "search" => get(c, "/search?q=наушники").await.err(),
        "cart" => post(
            c,
            "/api/add_to_cart",
            &[("product_id", product), ("quantity", "1")],
        )
        .await
        .err(),
        "checkout" => {
            let _ = post(
                c,
                "/api/add_to_cart",
                &[("product_id", product), ("quantity", "1")],
            )
            .await;
            let view = post(c, "/api/checkout", &[]).await;
            let key = view
                .as_deref()
                .ok()
                .and_then(|v| v.split("\"key\":\"").nth(1))
                .and_then(|k| k.split('"').next())
                .unwrap_or_default()
                .to_string();
            match post(
                c,
                "/api/place_order",
                &[("checkout_key", &key), ("address_id", address)],
            )
            .await
            {
                Ok(_) => {
                    placed.lock().unwrap().push(key.clone());
                    post(c, "/api/pay_checkout", &[("key", &key)]).await.err()
                }
                Err(s) => {
                    // Sold out or the unpaid cap: an answer; clear the cart and go on.
                    let _ = post(c, "/api/remove_from_cart", &[("product_id", product)]).await;
                    Some(s)
                }
            }
        }
        "orders" => post(c, "/api/list_orders", &[]).await.err(),
        "disputes" => get(c, "/account/disputes").await.err(),
        _ => {
            let _ = post(c, "/api/logout", &[]).await;
            post(c, "/api/login", &[("login", email), ("password", PASSWORD)])
                .await
                .err()
        }
    };
    match r.and_then(|s| server(kind, s)) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// `SHOPPERS` shoppers for `dur`, each doing kinds in turn.
async fn run_load(
    round: &'static str,
    dur: Duration,
    products: Arc<Vec<String>>,
    started: Arc<tokio::sync::Notify>,
) -> Seen {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let placed = Arc::new(Mutex::new(Vec::new()));
    let mut ready = Vec::new();
    for i in 0..SHOPPERS {
        ready.push(tokio::spawn(shopper(i, round)));
    }
    let mut clients = Vec::new();
    for r in ready {
        if let Some(s) = r.await.unwrap() {
            clients.push(s);
        }
    }
    assert!(
        clients.len() == SHOPPERS,
        "only {} shoppers registered",
        clients.len()
    );
    let start = Instant::now();
    started.notify_one();
    let mut tasks = Vec::new();
    for (i, (c, email, address)) in clients.into_iter().enumerate() {
        let (seen, placed, products) = (seen.clone(), placed.clone(), products.clone());
        tasks.push(tokio::spawn(async move {
            let mut k = i * 7919;
            while start.elapsed() < dur {
                k += 1;
                tokio::time::sleep(think(k)).await;
                let kind = if k % 28 == 0 {
                    "sign-in"
                } else {
                    ROUND[k % ROUND.len()]
                };
                let t = Instant::now();
                let r = step(&c, kind, k, &products, &email, &address, &placed).await;
                let failed = {
                    let mut s = seen.lock().unwrap();
                    match r {
                        Ok(()) => {
                            s.lat.entry(kind).or_default().push(t.elapsed());
                            false
                        }
                        Err(e) => {
                            s.server_errors.push(e);
                            true
                        }
                    }
                };
                if failed {
                    // The crash test's dead server: do not spin.
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }));
    }
    for t in tasks {
        // A task ends early only when the server went away (the crash test).
        let _ = t.await;
    }
    let mut s = std::mem::take(&mut *seen.lock().unwrap());
    s.placed = std::mem::take(&mut *placed.lock().unwrap());
    s
}

fn print(seen: &Seen, dur: Duration) {
    for kind in KINDS {
        let lat = seen.lat.get(kind).cloned().unwrap_or_default();
        let s = Stats {
            count: lat.len(),
            elapsed: dur,
            lat,
        };
        println!(
            "  {kind:<10} {:>7} done   {:>7.1}/s   p50 {:>8.2} ms   p99 {:>8.2} ms",
            s.count,
            s.rps(),
            s.pct(0.5),
            s.pct(0.99)
        );
    }
    println!(
        "  checkouts placed: {}; server errors: {}",
        seen.placed.len(),
        seen.server_errors.len()
    );
    let mut kinds = BTreeMap::<&str, usize>::new();
    for e in &seen.server_errors {
        *kinds.entry(e.as_str()).or_default() += 1;
    }
    for (e, n) in kinds {
        println!("    {n} × {e}");
    }
}

pub async fn run(bin: &str, dir: &Path) {
    let db = dir.join("soak.db");
    let log = dir.join("soak.log");
    let mut server = start(bin, &db, &log);
    wait_up().await;
    let products = Arc::new(crate::market::in_stock_products().await);
    assert!(products.len() > 50, "not enough products in stock");
    let totals = stock(&db).await;

    let dur = Duration::from_secs(60);
    println!(
        "soak: {SHOPPERS} shoppers for {} s on loopback",
        dur.as_secs()
    );
    let seen = run_load("a", dur, products.clone(), Arc::default()).await;
    print(&seen, dur);
    let _ = server.kill();
    let _ = server.wait();
    verify(&db, &totals, &seen.placed).await;
    assert!(
        seen.server_errors.is_empty(),
        "server errors: {:?}",
        &seen.server_errors[..seen.server_errors.len().min(10)]
    );
    println!("  database checked: integrity, every placed checkout, stock, money");

    // The crash: the same load, and the server killed (SIGKILL) half-way through.
    let mut server = start(bin, &db, &dir.join("soak-crash.log"));
    wait_up().await;
    let started = Arc::new(tokio::sync::Notify::new());
    let load = tokio::spawn(run_load(
        "b",
        Duration::from_secs(30),
        products.clone(),
        started.clone(),
    ));
    started.notified().await;
    tokio::time::sleep(Duration::from_secs(15)).await;
    let _ = server.kill();
    let _ = server.wait();
    let seen = load.await.unwrap();
    println!(
        "crash: killed with SIGKILL at 15 s of load; {} checkouts placed before it",
        seen.placed.len()
    );
    let mut server = start(bin, &db, &dir.join("soak-restart.log"));
    wait_up().await;
    let _ = server.kill();
    let _ = server.wait();
    verify(&db, &totals, &seen.placed).await;
    println!("  after the restart: integrity, every placed checkout, stock, money all hold");
}
