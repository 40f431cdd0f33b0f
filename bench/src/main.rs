//! `make bench`: starts the release server on loopback with a fresh database and prints load
//! figures. A plain Rust load generator (reqwest, keep-alive connections) drives it.

mod coupons;
mod market;
mod messages;
mod sizes;
mod soak;
mod wrk;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const ADDR: &str = "127.0.0.1:3200";
const PASSWORD: &str = "Bench-Password-2026";

struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

#[derive(Default)]
struct Stats {
    count: usize,
    elapsed: Duration,
    lat: Vec<Duration>,
}

impl Stats {
    fn rps(&self) -> f64 {
        self.count as f64 / self.elapsed.as_secs_f64()
    }
    fn pct(&self, p: f64) -> f64 {
        if self.lat.is_empty() {
            return f64::NAN;
        }
        let mut v = self.lat.clone();
        v.sort();
        let i = ((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1;
        v[i].as_secs_f64() * 1000.0
    }
}

fn client(cookie: Option<&str>) -> reqwest::Client {
    let mut h = reqwest::header::HeaderMap::new();
    h.insert("origin", format!("http://{ADDR}").parse().unwrap());
    if let Some(c) = cookie {
        h.insert("cookie", c.parse().unwrap());
    }
    reqwest::Client::builder()
        .default_headers(h)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(256)
        .build()
        .unwrap()
}

/// `conns` loops, each sending one request after the other for `dur`.
async fn load<F, Fut>(conns: usize, dur: Duration, make: F) -> Stats
where
    F: Fn(reqwest::Client) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let make = Arc::new(make);
    let start = Instant::now();
    let mut tasks = vec![];
    for _ in 0..conns {
        let make = make.clone();
        tasks.push(tokio::spawn(async move {
            let c = client(None);
            let mut lat = vec![];
            while start.elapsed() < dur {
                let t = Instant::now();
                assert!(make(c.clone()).await, "request failed");
                lat.push(t.elapsed());
            }
            lat
        }));
    }
    let mut s = Stats::default();
    for t in tasks {
        s.lat.extend(t.await.unwrap());
    }
    s.elapsed = start.elapsed();
    s.count = s.lat.len();
    s
}

async fn get_ok(c: reqwest::Client, url: String, cookie: Option<String>) -> bool {
    let mut r = c.get(url);
    if let Some(ck) = cookie {
        r = r.header("cookie", ck);
    }
    match r.send().await {
        Ok(res) => res.status().is_success() && res.bytes().await.is_ok(),
        Err(_) => false,
    }
}

async fn sign_in(c: &reqwest::Client, login: &str) -> Option<String> {
    sign_in_as(c, login, PASSWORD).await
}

async fn sign_in_as(c: &reqwest::Client, login: &str, password: &str) -> Option<String> {
    let res = c
        .post(format!("http://{ADDR}/api/login"))
        .form(&[("login", login), ("password", password)])
        .send()
        .await
        .map_err(|e| eprintln!("sign-in request: {e}"))
        .ok()?;
    let ok = res.status().is_success();
    if !ok {
        eprintln!("sign-in answered {}", res.status());
    }
    let cookie = res
        .headers()
        .get("set-cookie")?
        .to_str()
        .ok()?
        .split(';')
        .next()?
        .to_string();
    ok.then_some(cookie)
}

/// Starts the release server with a fresh database and the demo catalogue at `scale`, and waits
/// until it answers (seeding happens before it listens).
async fn start_server(bin: &str, dir: &Path, db: &str, scale: u32, orders: u32) -> Server {
    let t = Instant::now();
    let server = Server(
        Command::new(bin)
            .env(
                "DATABASE_URL",
                format!("sqlite://{}?mode=rwc", dir.join(db).display()),
            )
            .env("KABINET_MAIL_DIR", dir.join("mail"))
            .env("KABINET_DEMO", "1")
            .env("KABINET_DEMO_SCALE", scale.to_string())
            .env("KABINET_DEMO_ORDERS", orders.to_string())
            // The demo shopper's message center at benchmark size, with the big catalogue.
            .env(
                "KABINET_DEMO_CONVERSATIONS",
                if scale > 1 { "5000" } else { "0" },
            )
            .env("LEPTOS_SITE_ADDR", ADDR)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join(format!("{db}.log"))).unwrap())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin}: {e}")),
    );
    let c = client(None);
    let mut up = false;
    for _ in 0..6000 {
        if get_ok(c.clone(), format!("http://{ADDR}/healthz"), None).await {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        up,
        "the server did not answer within 10 minutes; see {}",
        dir.display()
    );
    println!(
        "(server up with the demo catalogue × {scale} and {orders} extra orders in {:.1} s)",
        t.elapsed().as_secs_f64()
    );
    server
}

fn row(name: &str, s: &Stats) {
    println!(
        "{name:<44} {:>9.0} req/s   p50 {:>7.2} ms   p99 {:>7.2} ms   ({} requests)",
        s.rps(),
        s.pct(0.50),
        s.pct(0.99),
        s.count
    );
}

fn brotli_size(pkg: &Path, ext: &str) -> u64 {
    std::fs::read_dir(pkg)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(&format!(".{ext}.br")))
                .filter_map(|p| p.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// Deletes a finished run's databases (about 1 GB after the 200,000-product one) and keeps the
/// server logs beside them.
fn remove_databases(dir: &Path) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.contains(".db") && !name.ends_with(".log") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[tokio::main]
async fn main() {
    let started = Instant::now();
    let bin = std::env::var("SERVER_BIN").unwrap_or_else(|_| "target/release/server".into());
    let site =
        PathBuf::from(std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into()));
    let dir = std::env::temp_dir().join(format!("kabinet-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // `bench soak` (`make soak`): the load and crash suite, on a server of its own.
    if std::env::args().nth(1).as_deref() == Some("soak") {
        soak::run(&bin, &dir).await;
        remove_databases(&dir);
        println!("(logs in {})", dir.display());
        return;
    }
    let server = start_server(&bin, &dir, "bench.db", 1, 0).await;

    // `bench sizes`: the first-load table only, failing over the budget (`make sizes`).
    let budget = std::env::var("KABINET_SIZE_BUDGET")
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or(sizes::BUDGET);
    // The server reads the current build's file hashes from `hash.txt` beside its binary.
    let hash_file = Path::new(&bin).with_file_name("hash.txt");
    let rows = sizes::measure(&site.join("pkg"), &hash_file).await;
    sizes::print(&rows, budget);
    let over = sizes::over_budget(&rows, budget);
    if std::env::args().nth(1).as_deref() == Some("sizes") {
        drop(server);
        remove_databases(&dir);
        if !over.is_empty() {
            eprintln!("{} route(s) over the first-load budget", over.len());
            std::process::exit(1);
        }
        return;
    }
    println!();

    let c = client(None);
    // 16 shoppers, so that 16 sign-ins in flight are 16 people (one account's parallel attempts
    // count against its throttling limit by design).
    for i in 0..16 {
        let email = format!("bench{i}@example.ru");
        let res = c
            .post(format!("http://{ADDR}/api/register"))
            .form(&[
                ("name", "Bench"),
                ("email", email.as_str()),
                ("password", PASSWORD),
                ("terms", "on"),
            ])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "register: {}", res.status());
    }
    let cookie = sign_in(&c, "bench0@example.ru").await.expect("sign in");

    let pkg = site.join("pkg");
    let static_file = std::fs::read_dir(&pkg)
        .ok()
        .and_then(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .find(|n| n.ends_with(".css"))
        })
        .expect("a built CSS file under site/pkg: run `make build` first");

    let dur = Duration::from_secs(4);
    let conns = 32;
    println!(
        "Kabinet bench — release build, loopback, {conns} connections, {}s per row\n",
        dur.as_secs()
    );
    let trivial = load(conns, dur, |c| {
        get_ok(c, format!("http://{ADDR}/healthz"), None)
    })
    .await;
    row("GET /healthz (trivial axum handler, ceiling)", &trivial);
    let login_page = load(conns, dur, |c| {
        get_ok(c, format!("http://{ADDR}/login"), None)
    })
    .await;
    row("GET /login (SSR page)", &login_page);
    let ck = cookie.clone();
    let account = load(conns, dur, move |c| {
        get_ok(c, format!("http://{ADDR}/account"), Some(ck.clone()))
    })
    .await;
    row("GET /account (signed in, SSR + session)", &account);
    let sf = static_file.clone();
    let stat = load(conns, dur, move |c| {
        get_ok(c, format!("http://{ADDR}/pkg/{sf}"), None)
    })
    .await;
    row(&format!("GET /pkg/{static_file} (static)"), &stat);
    let one = load(1, Duration::from_secs(2), move |c| {
        get_ok(c, format!("http://{ADDR}/pkg/{static_file}"), None)
    })
    .await;
    row("  same file, one connection (Nagle check)", &one);
    println!(
        "\nratio to the ceiling: /login {:.2}, /account {:.2}",
        login_page.rps() / trivial.rps(),
        account.rps() / trivial.rps()
    );

    // The same two pages under wrk, whose own cost per request is far below the server's: the
    // goal is `/account` (the demo shopper, signed in) at 15 % of `/healthz` or more.
    let demo = sign_in_as(&c, "demo@kabinet.local", "demo-pass-2026")
        .await
        .expect("demo sign-in");
    match (
        wrk::run("/healthz", None),
        wrk::run("/account", Some(&demo)),
    ) {
        (Some(ceiling), Some(home)) => {
            println!();
            wrk::row("wrk: GET /healthz", &ceiling);
            wrk::row("wrk: GET /account (demo shopper)", &home);
            println!(
                "ratio to the ceiling under wrk: /account {:.3} (goal 0.15)",
                home.rps / ceiling.rps
            );
        }
        _ => println!("\n(wrk rows skipped: install wrk with `scripts/setup.sh bench`)"),
    }

    let idle = load(1, Duration::from_secs(3), |c| {
        get_ok(c, format!("http://{ADDR}/login"), None)
    })
    .await;
    let probe = tokio::spawn(load(1, Duration::from_secs(5), |c| {
        get_ok(c, format!("http://{ADDR}/login"), None)
    }));
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let sign_ins = load(16, Duration::from_secs(5), move |c| {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % 16;
        async move { sign_in(&c, &format!("bench{i}@example.ru")).await.is_some() }
    })
    .await;
    let busy = probe.await.unwrap();
    println!();
    row("POST /api/login, 16 sign-ins in flight", &sign_ins);
    println!(
        "GET /login p99 idle {:.2} ms, during the sign-in load {:.2} ms",
        idle.pct(0.99),
        busy.pct(0.99)
    );
    println!(
        "\nbrotli size of the site's WASM + JS: {:.1} KiB (wasm {} B, js {} B)",
        (brotli_size(&pkg, "wasm") + brotli_size(&pkg, "js")) as f64 / 1024.0,
        brotli_size(&pkg, "wasm"),
        brotli_size(&pkg, "js")
    );

    println!();
    market::search_rows("demo catalogue, 2,000 products").await;
    market::checkout_row().await;
    coupons::checkout_with_coupons_row().await;
    drop(server);

    println!();
    let _big = start_server(&bin, &dir, "bench-200k.db", 100, 1_000_000).await;
    market::search_rows("200,000 products").await;
    market::order_rows().await;
    drop(_big);
    remove_databases(&dir);
    println!(
        "\n(server logs in {}; whole bench {:.0} s)",
        dir.display(),
        started.elapsed().as_secs_f64()
    );
}
