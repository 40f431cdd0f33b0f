//! `spawn_app()`: the real server on a random port, a fresh SQLite file and mail folder each.

use app::error::AppError;
use app::platform::{AppState, Config};
use reqwest::header::{ACCEPT, ORIGIN};
use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};
use sqlx::SqlitePool;
use std::path::PathBuf;
use std::time::Duration;

pub struct TestApp {
    pub base: String,
    pub pool: SqlitePool,
    pub database_url: String,
    pub mail_dir: PathBuf,
    pub site_root: PathBuf,
    /// The server's state, for calling jobs directly.
    pub state: AppState,
    _dir: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(false).await
}

/// With `demo`, the demo catalogue and accounts are seeded first (as `KABINET_DEMO=1` does).
pub async fn spawn_app_with(demo: bool) -> TestApp {
    spawn_app_configured(demo, |_| {}).await
}

/// With settings changed by `set` after the test defaults (fresh database, mail to files, no
/// SMTP, http on loopback).
pub async fn spawn_app_configured(demo: bool, set: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let site_root = dir.path().join("site");
    std::fs::create_dir_all(site_root.join("pkg")).unwrap();
    let mut options = kabinet_server::leptos_options();
    options.site_addr = addr;
    options.site_root = site_root.to_string_lossy().into_owned().into();
    let mut config = Config::from_env(addr);
    config.database_url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("kabinet.db").display()
    );
    config.public_url = format!("http://{addr}");
    config.mail_dir = dir.path().join("mail");
    config.smtp_url = None;
    config.mail_files = true;
    config.demo = false;
    set(&mut config);
    let state = AppState::new(config.clone(), options).await.expect("state");
    if demo {
        app::demo::seed(&state).await.expect("demo data");
    }
    let pool = state.pool.clone();
    // No shutdown signal: tokio's signal handling is shared by every test's runtime, and a
    // ctrl-c listener failing when another test's runtime ends would stop this server mid-test.
    let router = kabinet_server::router(state.clone());
    tokio::spawn(kabinet_server::serve(
        listener,
        router,
        std::future::pending(),
    ));
    TestApp {
        base: format!("http://{addr}"),
        pool,
        database_url: config.database_url,
        mail_dir: config.mail_dir,
        site_root,
        state,
        _dir: dir,
    }
}

/// A browser-like client: keeps cookies, sends our Origin, does not follow redirects.
pub fn client(app: &TestApp) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(ORIGIN, app.base.parse().unwrap());
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .timeout(Duration::from_secs(30))
        .default_headers(headers)
        .build()
        .unwrap()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Calls a server function the way the WASM front end does.
    pub async fn call(
        &self,
        c: &Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> Result<serde_json::Value, AppError> {
        let res = c
            .post(self.url(&format!("/api/{endpoint}")))
            .form(form)
            .send()
            .await
            .unwrap();
        decode(res).await
    }

    /// Posts a form the way a browser without JavaScript does; returns the response.
    pub async fn post_form(&self, c: &Client, path: &str, form: &[(&str, &str)]) -> Response {
        c.post(self.url(path))
            .header(ACCEPT, "text/html,application/xhtml+xml")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    pub async fn page(&self, c: &Client, path: &str) -> (StatusCode, String) {
        let res = c.get(self.url(path)).send().await.unwrap();
        let status = res.status();
        (status, res.text().await.unwrap())
    }

    pub async fn register(
        &self,
        c: &Client,
        name: &str,
        email: &str,
        password: &str,
    ) -> Result<serde_json::Value, AppError> {
        self.call(
            c,
            "register",
            &[
                ("name", name),
                ("email", email),
                ("password", password),
                ("terms", "on"),
            ],
        )
        .await
    }

    pub async fn login(
        &self,
        c: &Client,
        login: &str,
        password: &str,
    ) -> Result<serde_json::Value, AppError> {
        self.call(c, "login", &[("login", login), ("password", password)])
            .await
    }

    /// The member ID shown on the account page.
    pub async fn member_id(&self, c: &Client) -> String {
        let (status, html) = self.page(c, "/account").await;
        assert_eq!(status, StatusCode::OK, "account page");
        let at = html
            .find("data-testid=\"member-id\">")
            .expect("member id shown")
            + 24;
        html[at..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect()
    }

    /// The newest e-mail to `to` that contains `needle`, decoded, waiting for it to be written.
    pub async fn mail_to(&self, to: &str, needle: &str) -> String {
        let to_header = format!("to: {}", to.to_lowercase());
        for _ in 0..100 {
            let found = read_mails(&self.mail_dir)
                .into_iter()
                .rev()
                .find(|m| m.to_lowercase().contains(&to_header) && m.contains(needle));
            if let Some(m) = found {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no e-mail to {to}");
    }

    /// A `SELECT COUNT(*) …` straight from the test's database.
    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.pool).await.unwrap()
    }

    /// A registered, signed-in shopper's client and user id.
    pub async fn shopper(&self, email: &str) -> (Client, i64) {
        let c = client(self);
        self.register(&c, "Покупатель", email, "Korova-Moloko-2026")
            .await
            .unwrap();
        let id = sqlx::query_scalar("SELECT id FROM users WHERE email = ?")
            .bind(email)
            .fetch_one(&self.pool)
            .await
            .unwrap();
        (c, id)
    }

    /// A store (owned by `owner`, if given) in a fresh "Тест" category.
    pub async fn store(&self, name: &str, owner: Option<i64>) -> i64 {
        sqlx::query(
            "INSERT OR IGNORE INTO categories (id, parent_id, slug, name_ru, name_en, position)
             VALUES (1, NULL, 'test', 'Тест', 'Test', 0)",
        )
        .execute(&self.pool)
        .await
        .unwrap();
        sqlx::query_scalar(
            "INSERT INTO stores (owner_user_id, name, rating_x10, followers, opened_at)
             VALUES (?, ?, 45, 0, 0) RETURNING id",
        )
        .bind(owner)
        .bind(name)
        .fetch_one(&self.pool)
        .await
        .unwrap()
    }

    /// A product: Russian and English titles, price in cents, stock.
    pub async fn product(&self, store: i64, ru: &str, en: &str, price: i64, stock: i64) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO products (store_id, category_id, title_ru, title_en, description_ru,
                    description_en, price, stock, rating_x10, created_at)
             VALUES (?, 1, ?, ?, 'Описание', 'Description', ?, ?, 45, 0) RETURNING id",
        )
        .bind(store)
        .bind(ru)
        .bind(en)
        .bind(price)
        .bind(stock)
        .fetch_one(&self.pool)
        .await
        .unwrap()
    }

    /// Saves a valid Moscow address for the client's shopper; returns its id.
    pub async fn address(&self, c: &Client) -> i64 {
        self.call(
            c,
            "save_address",
            &address_form("125009", "+7 900 123-45-67"),
        )
        .await
        .unwrap()
        .as_i64()
        .unwrap()
    }

    pub async fn add_to_cart(
        &self,
        c: &Client,
        product: i64,
        qty: &str,
    ) -> Result<serde_json::Value, AppError> {
        self.call(
            c,
            "add_to_cart",
            &[("product_id", &product.to_string()), ("quantity", qty)],
        )
        .await
    }

    /// Opens checkout and places the orders with the given address; returns the checkout key.
    pub async fn place(&self, c: &Client, address: i64) -> Result<String, AppError> {
        let view = self.call(c, "checkout", &[]).await?;
        let key = view["key"].as_str().unwrap().to_string();
        self.call(
            c,
            "place_order",
            &[("checkout_key", &key), ("address_id", &address.to_string())],
        )
        .await
        .map(|v| v.as_str().unwrap().to_string())
    }

    pub async fn stock(&self, product: i64) -> i64 {
        sqlx::query_scalar("SELECT stock FROM products WHERE id = ?")
            .bind(product)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    pub fn mail_count(&self) -> usize {
        read_mails(&self.mail_dir).len()
    }
}

pub async fn decode(res: Response) -> Result<serde_json::Value, AppError> {
    let ok = res.status().is_success();
    let text = res.text().await.unwrap();
    if ok {
        Ok(serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
    } else {
        Err(serde_json::from_str(&text).unwrap_or_else(|_| panic!("not an AppError: {text}")))
    }
}

/// Every stored message, oldest first, with its body decoded.
pub fn read_mails(dir: &std::path::Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    files.sort();
    // A file listed here may be rotated away before it is read (`KABINET_MAIL_KEEP`): skipped.
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|raw| decode_eml(&raw))
        .collect()
}

/// Headers as they are, body decoded from base64 or quoted-printable.
pub fn decode_eml(raw: &str) -> String {
    use base64::Engine;
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    let lower = head.to_lowercase();
    let body = if lower.contains("content-transfer-encoding: base64") {
        let compact: String = body.split_whitespace().collect();
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(compact)
                .unwrap(),
        )
        .unwrap()
    } else if lower.contains("content-transfer-encoding: quoted-printable") {
        let joined = body.replace("=\r\n", "");
        let mut bytes = Vec::new();
        let b = joined.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'=' && i + 2 < b.len() {
                bytes.push(
                    u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap(), 16).unwrap(),
                );
                i += 3;
            } else {
                bytes.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(bytes).unwrap()
    } else {
        body.to_string()
    };
    format!("{head}\n\n{body}")
}

/// The first link to this site in a message.
pub fn link_in(mail: &str, app: &TestApp) -> String {
    let at = mail.find(&app.base).expect("link in e-mail");
    mail[at..].split_whitespace().next().unwrap().to_string()
}

/// A complete address form with the given postcode and phone.
pub fn address_form(
    postcode: &'static str,
    phone: &'static str,
) -> Vec<(&'static str, &'static str)> {
    vec![
        ("recipient", "Юлия Иванова"),
        ("country", "RU"),
        ("region", "Москва"),
        ("city", "Москва"),
        ("street", "ул. Тверская, д. 7"),
        ("flat", "12"),
        ("postcode", postcode),
        ("phone", phone),
    ]
}
