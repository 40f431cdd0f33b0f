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
    pub mail_dir: PathBuf,
    pub site_root: PathBuf,
    _dir: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
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
    config.demo = false;
    let state = AppState::new(config.clone(), options).await.expect("state");
    let pool = state.pool.clone();
    // No shutdown signal: tokio's signal handling is shared by every test's runtime, and a
    // ctrl-c listener failing when another test's runtime ends would stop this server mid-test.
    let router = kabinet_server::router(state);
    tokio::spawn(kabinet_server::serve(
        listener,
        router,
        std::future::pending(),
    ));
    TestApp {
        base: format!("http://{addr}"),
        pool,
        mail_dir: config.mail_dir,
        site_root,
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
    files
        .iter()
        .map(|p| decode_eml(&std::fs::read_to_string(p).unwrap()))
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
