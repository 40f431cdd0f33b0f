//! Set-up shared by the report, translation and moderation tests: a store with products in two
//! categories, a moderator, shoppers whose ratings count (confirmed, one received order), and
//! the report form as the browser sends it.

use crate::helpers::*;
use app::error::AppError;
use reqwest::multipart::{Form, Part};
use reqwest::Client;

pub(crate) struct Market {
    pub(crate) app: TestApp,
    pub store: i64,
    /// A jacket in category 1, a lamp in category 2.
    pub product: i64,
    pub other: i64,
}

pub(crate) async fn market() -> Market {
    let app = spawn_app().await;
    let store = app.store("Лавка", None).await;
    let product = app
        .product(store, "Куртка зимняя", "Winter jacket", 5000, 10)
        .await;
    sqlx::query(
        "INSERT INTO categories (id, parent_id, slug, name_ru, name_en, position)
         VALUES (2, NULL, 'lamps', 'Лампы', 'Lamps', 1)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let other = app
        .product(store, "Лампа настольная", "Desk lamp", 900, 5)
        .await;
    sqlx::query("UPDATE products SET category_id = 2 WHERE id = ?")
        .bind(other)
        .execute(&app.pool)
        .await
        .unwrap();
    Market {
        app,
        store,
        product,
        other,
    }
}

/// A signed-in moderator.
pub(crate) async fn moderator(app: &TestApp, email: &str) -> (Client, i64) {
    let (c, id) = app.shopper(email).await;
    sqlx::query("UPDATE users SET role = 'moderator' WHERE id = ?")
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    (c, id)
}

/// Makes a shopper's ratings count: a confirmed e-mail and one received order.
pub(crate) async fn make_eligible(app: &TestApp, user: i64, store: i64) {
    sqlx::query("UPDATE users SET email_confirmed_at = 1 WHERE id = ?")
        .bind(user)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO orders (number, user_id, store_id, checkout_key, status, items_total, total,
                ship_recipient, ship_country, ship_region, ship_city, ship_street, ship_flat,
                ship_postcode, ship_phone, created_at, completed_at)
         VALUES (1000000000000000 + ?, ?, ?, 'k', 'completed', 100, 100, 'И', 'RU', 'М', 'М',
                 'у', '', '101000', '+79000000000', 0, 0)",
    )
    .bind(user)
    .bind(user)
    .bind(store)
    .execute(&app.pool)
    .await
    .unwrap();
}

/// A valid copyright report on `target` ("product:ID"), with `files` as (name, bytes).
pub(crate) fn report_form(target: &str, files: Vec<(&str, Vec<u8>)>) -> Form {
    let mut f = Form::new()
        .text("target", target.to_string())
        .text("kind", "copyright")
        .text("banned", "")
        .text("holder", "ООО «Правообладатель», info@example.ru")
        .text("registration", "")
        .text("country", "ru")
        .text("basis", "ru_civil_1259")
        .text("basis_text", "")
        .text("argument", "Фотографии товара скопированы с нашего сайта.");
    for (name, bytes) in files {
        f = f.part("photos", Part::bytes(bytes).file_name(name.to_string()));
    }
    f
}

/// The same form with one field changed.
pub(crate) fn report_with(target: &str, field: &str, value: &str) -> Form {
    let mut pairs = vec![
        ("target", target.to_string()),
        ("kind", "copyright".to_string()),
        ("banned", String::new()),
        ("holder", "ООО «Правообладатель»".to_string()),
        ("registration", String::new()),
        ("country", "ru".to_string()),
        ("basis", "ru_civil_1259".to_string()),
        ("basis_text", String::new()),
        ("argument", "Фотографии скопированы.".to_string()),
    ];
    for p in pairs.iter_mut() {
        if p.0 == field {
            p.1 = value.to_string();
        }
    }
    let mut f = Form::new();
    for (k, v) in pairs {
        f = f.text(k, v);
    }
    f
}

pub(crate) async fn file(app: &TestApp, c: &Client, f: Form) -> Result<i64, AppError> {
    let res = c
        .post(app.url("/api/file_report"))
        .multipart(f)
        .send()
        .await
        .unwrap();
    decode(res).await.map(|v| v.as_i64().unwrap())
}

pub(crate) fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}
