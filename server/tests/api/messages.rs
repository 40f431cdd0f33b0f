//! The message center: writing to a store about a product or one's own order, the store's
//! inbox and answer, unread counts (also under concurrency), who may read and write what, bad
//! input, the flood limit, photos, and the system notices of order and dispute moves.

use crate::helpers::*;
use app::error::{AppError, Field};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};

/// A store with its seller, a shopper, and one product.
pub(crate) struct Shop {
    pub(crate) app: TestApp,
    pub(crate) seller: Client,
    pub(crate) buyer: Client,
    pub(crate) store: i64,
    pub(crate) product: i64,
}

pub(crate) async fn shop() -> Shop {
    let app = spawn_app().await;
    let (seller, seller_id) = app.shopper("seller@example.ru").await;
    let store = app.store("Лавка", Some(seller_id)).await;
    let product = app.product(store, "Кружка", "Mug", 500, 50).await;
    let (buyer, _) = app.shopper("buyer@example.ru").await;
    Shop {
        app,
        seller,
        buyer,
        store,
        product,
    }
}

/// The message form as the browser sends it: `fields` are (name, value).
pub(crate) fn form(fields: &[(&str, &str)], photos: Vec<Vec<u8>>) -> Form {
    let mut f = Form::new();
    for (k, v) in fields {
        f = f.text(k.to_string(), v.to_string());
    }
    for (i, bytes) in photos.into_iter().enumerate() {
        f = f.part("photos", Part::bytes(bytes).file_name(format!("p{i}.png")));
    }
    f
}

pub(crate) async fn send(app: &TestApp, c: &Client, f: Form) -> Result<i64, AppError> {
    send_to(app, c, "send_message", f).await
}

/// `endpoint`: `send_message` (the shopper) or `store_reply` (the seller's store).
pub(crate) async fn send_to(
    app: &TestApp,
    c: &Client,
    endpoint: &str,
    f: Form,
) -> Result<i64, AppError> {
    let res = c
        .post(app.url(&format!("/api/{endpoint}")))
        .multipart(f)
        .send()
        .await
        .unwrap();
    decode(res).await.map(|v| v.as_i64().unwrap())
}

pub(crate) async fn about_product(
    app: &TestApp,
    c: &Client,
    product: i64,
    text: &str,
) -> Result<i64, AppError> {
    let to = format!("p{product}");
    send(app, c, form(&[("to", &to), ("text", text)], vec![])).await
}

pub(crate) async fn reply(
    app: &TestApp,
    c: &Client,
    id: i64,
    text: &str,
    store: bool,
) -> Result<i64, AppError> {
    let to = format!("c{id}");
    let endpoint = if store { "store_reply" } else { "send_message" };
    send_to(
        app,
        c,
        endpoint,
        form(&[("to", &to), ("text", text)], vec![]),
    )
    .await
}

pub(crate) async fn unread(app: &TestApp, c: &Client) -> (i64, i64) {
    let u = app.call(c, "unread", &[]).await.unwrap();
    (u["mine"].as_i64().unwrap(), u["store"].as_i64().unwrap())
}

pub(crate) async fn thread(
    app: &TestApp,
    c: &Client,
    id: i64,
    store: bool,
) -> Result<serde_json::Value, AppError> {
    let id = id.to_string();
    let mut args = vec![("id", id.as_str())];
    if store {
        args.push(("store", "1"));
    }
    app.call(c, "thread", &args).await
}

#[tokio::test]
async fn a_shopper_writes_about_a_product_and_the_store_answers_in_its_inbox() {
    let s = shop().await;
    let app = &s.app;
    let id = about_product(app, &s.buyer, s.product, "Есть ли синяя?")
        .await
        .unwrap();
    assert_eq!(
        unread(app, &s.seller).await,
        (0, 1),
        "the store has one unread"
    );
    let inbox = app.call(&s.seller, "store_inbox", &[]).await.unwrap();
    assert_eq!(inbox["items"][0]["with"], "Покупатель");
    assert_eq!(inbox["items"][0]["topic"]["Product"]["title"], "Кружка");
    assert_eq!(inbox["items"][0]["unread"], 1);
    // The store reads it (the unread count drops) and answers.
    let t = thread(app, &s.seller, id, true).await.unwrap();
    assert_eq!(t["messages"][0]["text"], "Есть ли синяя?");
    assert_eq!(unread(app, &s.seller).await, (0, 0));
    assert_eq!(reply(app, &s.seller, id, "Да, есть.", true).await, Ok(id));
    assert_eq!(unread(app, &s.buyer).await, (1, 0));
    let list = app.call(&s.buyer, "inbox", &[]).await.unwrap();
    assert_eq!(list["items"][0]["with"], "Лавка");
    assert_eq!(list["items"][0]["last_text"], "Да, есть.");
    assert_eq!(list["unread"], 1);
    let t = thread(app, &s.buyer, id, false).await.unwrap();
    let texts: Vec<&str> = t["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Есть ли синяя?", "Да, есть."]);
    assert_eq!(unread(app, &s.buyer).await, (0, 0), "opening marks it read");
    // A second message about the same product goes to the same conversation.
    assert_eq!(
        about_product(app, &s.buyer, s.product, "Спасибо!").await,
        Ok(id)
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM conversations").await, 1);
    // The pages render for both sides.
    let (status, html) = app.page(&s.buyer, &format!("/account/messages/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Да, есть."));
    let (status, html) = app.page(&s.seller, &format!("/seller/messages/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Спасибо!"));
}

#[tokio::test]
async fn nobody_reads_or_answers_another_partys_conversation() {
    let s = shop().await;
    let app = &s.app;
    let id = about_product(app, &s.buyer, s.product, "Вопрос")
        .await
        .unwrap();
    let (stranger, stranger_id) = app.shopper("stranger@example.ru").await;
    assert_eq!(
        thread(app, &stranger, id, false).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        reply(app, &stranger, id, "Влезу", false).await,
        Err(AppError::NotFound)
    );
    // Another store's seller: not its conversation, and a shopper is not a store at all.
    let other_store = app.store("Другая лавка", Some(stranger_id)).await;
    assert!(other_store > s.store);
    assert_eq!(
        thread(app, &stranger, id, true).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        reply(app, &stranger, id, "Мы лучше", true).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        reply(app, &s.buyer, id, "Я магазин", true).await,
        Err(AppError::Forbidden)
    );
    // A store cannot start conversations, and the photo of a conversation is the parties' only.
    let to = format!("p{}", s.product);
    let f = form(&[("to", &to), ("text", "Реклама")], vec![]);
    assert_eq!(
        send_to(app, &s.seller, "store_reply", f).await,
        Err(AppError::NotFound)
    );
    let (status, _) = app
        .page(&stranger, &format!("/messages/{id}/photos/1/1"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM messages").await,
        1,
        "nothing written"
    );
}

#[tokio::test]
async fn a_shopper_writes_only_about_their_own_order_and_never_to_their_own_store() {
    let s = shop().await;
    let app = &s.app;
    let address = app.address(&s.buyer).await;
    app.add_to_cart(&s.buyer, s.product, "1").await.unwrap();
    app.place(&s.buyer, address).await.unwrap();
    let number: i64 = app.count("SELECT number FROM orders").await;
    let n = number.to_string();
    let (other, _) = app.shopper("other@example.ru").await;
    let to = format!("o{n}");
    let f = || form(&[("to", &to), ("text", "Где мой заказ?")], vec![]);
    assert_eq!(send(app, &other, f()).await, Err(AppError::NotFound));
    let draft = app.call(&other, "message_draft", &[("order", &n)]).await;
    assert_eq!(draft, Err(AppError::NotFound));
    let id = send(app, &s.buyer, f()).await.unwrap();
    let inbox = app.call(&s.seller, "store_inbox", &[]).await.unwrap();
    assert_eq!(inbox["items"][0]["topic"]["Order"]["number"], n);
    assert_eq!(inbox["items"][0]["id"], id);
    // The seller, as a shopper, cannot write to their own store.
    let to = format!("p{}", s.product);
    let own = form(&[("to", &to), ("text", "Себе")], vec![]);
    assert_eq!(send(app, &s.seller, own).await, Err(AppError::OwnStore));
}

#[tokio::test]
async fn bad_text_is_refused_and_html_is_kept_as_text() {
    let s = shop().await;
    let app = &s.app;
    assert_eq!(
        about_product(app, &s.buyer, s.product, "   ").await,
        Err(AppError::Required(Field::Message))
    );
    assert_eq!(
        about_product(app, &s.buyer, s.product, &"я".repeat(2_001)).await,
        Err(AppError::TooLong(Field::Message, 2_000))
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM conversations").await, 0);
    let html = "<script>alert(1)</script> https://evil.example";
    let id = about_product(app, &s.buyer, s.product, html).await.unwrap();
    let (_, page) = app.page(&s.seller, &format!("/seller/messages/{id}")).await;
    assert!(!page.contains("<script>alert(1)"), "shown as text");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; https://evil.example"));
    assert!(
        !page.contains("href=\"https://evil.example"),
        "links are not made clickable"
    );
    // Without JavaScript a refusal comes back to the form with its code.
    let res = s
        .buyer
        .post(app.url("/api/send_message"))
        .header("accept", "text/html")
        .multipart(form(&[("to", &format!("c{id}")), ("text", "")], vec![]))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let to = res.headers()["location"].to_str().unwrap();
    assert_eq!(to, format!("/account/messages/{id}?error=required.message"));
}

#[tokio::test]
async fn a_flood_of_messages_is_stopped_after_ten_a_minute() {
    let s = shop().await;
    let app = &s.app;
    let id = about_product(app, &s.buyer, s.product, "1").await.unwrap();
    for i in 2..=10 {
        reply(app, &s.buyer, id, &i.to_string(), false)
            .await
            .unwrap();
    }
    assert_eq!(
        reply(app, &s.buyer, id, "11", false).await,
        Err(AppError::TooManyMessages)
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM messages").await, 10);
    // The store's answers are counted for its seller, not the shopper.
    reply(app, &s.seller, id, "Хватит", true).await.unwrap();
}

#[tokio::test]
async fn unread_counts_stay_exact_while_replies_and_reads_race() {
    let s = shop().await;
    let app = &s.app;
    let id = about_product(app, &s.buyer, s.product, "Начало")
        .await
        .unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    // Eight store answers (under the flood limit of ten) and eight reads by the shopper at once.
    for n in 0..8 {
        let (c, text) = (s.seller.clone(), format!("Ответ {n}"));
        let (base, to) = (app.url("/api/store_reply"), format!("c{id}"));
        tasks.spawn(async move {
            let f = form(&[("to", &to), ("text", &text)], vec![]);
            decode(c.post(base).multipart(f).send().await.unwrap()).await
        });
    }
    for _ in 0..8 {
        let (c, base, id) = (s.buyer.clone(), app.url("/api/thread"), id.to_string());
        tasks.spawn(async move {
            decode(
                c.post(base)
                    .form(&[("id", id.as_str())])
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        });
    }
    for r in tasks.join_all().await {
        r.unwrap();
    }
    let truth = app
        .count(&format!(
            "SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
             WHERE c.id = {id} AND m.sender = 'store' AND m.id > c.buyer_read_upto"
        ))
        .await;
    assert_eq!(
        unread(app, &s.buyer).await.0,
        truth,
        "the count is what is really unread"
    );
    thread(app, &s.buyer, id, false).await.unwrap();
    assert_eq!(unread(app, &s.buyer).await.0, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM messages WHERE sender = 'store'")
            .await,
        8
    );
}

#[tokio::test]
async fn photos_go_through_the_safe_pipeline_and_only_the_two_sides_see_them() {
    let s = shop().await;
    let app = &s.app;
    let png = crate::images::png_of_zeros(40, 30, crate::images::Pixel::Gray8);
    let to = format!("p{}", s.product);
    let f = form(&[("to", &to), ("text", "Вот фото")], vec![png.clone()]);
    let id = send(app, &s.buyer, f).await.unwrap();
    let t = thread(app, &s.seller, id, true).await.unwrap();
    let msg = t["messages"][0]["id"].as_i64().unwrap();
    assert_eq!(t["messages"][0]["photos"], serde_json::json!([1]));
    let path = format!("/messages/{id}/photos/{msg}/1");
    for c in [&s.buyer, &s.seller] {
        let res = c.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "image/jpeg");
        let bytes = res.bytes().await.unwrap();
        assert_eq!(&bytes[..2], &[0xFF, 0xD8], "re-encoded as JPEG");
    }
    let (stranger, _) = app.shopper("x@example.ru").await;
    assert_eq!(
        stranger.get(app.url(&path)).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let f = form(
        &[("to", &format!("c{id}")), ("text", "Не картинка")],
        vec![b"%PDF-1.4".to_vec()],
    );
    assert_eq!(send(app, &s.buyer, f).await, Err(AppError::PhotoNotImage));
}

#[tokio::test]
async fn a_failed_read_answers_the_status_its_error_names() {
    let s = shop().await;
    let app = &s.app;
    let id = about_product(app, &s.buyer, s.product, "Вопрос")
        .await
        .unwrap();
    let (stranger, _) = app.shopper("status@example.ru").await;
    let post = |c: &Client, path: &str, form: Vec<(&'static str, String)>| {
        c.post(app.url(path)).form(&form).send()
    };
    let other = post(&stranger, "/api/thread", vec![("id", id.to_string())])
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    let guest = client(app);
    let res = post(&guest, "/api/inbox", vec![]).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = post(&guest, "/api/list_orders", vec![]).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(decode(res).await, Err(AppError::NotSignedIn));
}
