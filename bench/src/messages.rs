//! The message center of the demo shopper with 5,000 conversations (`KABINET_DEMO_CONVERSATIONS`
//! on the 200,000-product server): the list's first and 100th page as server-rendered pages and
//! through the server function, a conversation, and the header's unread count that every open
//! page asks for. One connection (goal p50 ≤ 10 ms) beside 16.

use crate::{get_ok, load, row, ADDR};
use std::time::Duration;

async fn post_ok(c: reqwest::Client, path: &str, form: &[(&str, &str)], cookie: &str) -> bool {
    let res = c
        .post(format!("http://{ADDR}{path}"))
        .header("cookie", cookie)
        .form(form)
        .send()
        .await;
    match res {
        Ok(r) => {
            let ok = r.status().is_success();
            r.bytes().await.is_ok() && ok
        }
        Err(_) => false,
    }
}

pub async fn rows(cookie: &str) {
    let dur = Duration::from_secs(3);
    for (label, conns) in [("one connection", 1), ("16 connections", 16)] {
        for page in ["1", "100"] {
            let ck = cookie.to_string();
            let s = load(conns, dur, move |c| {
                get_ok(
                    c,
                    format!("http://{ADDR}/account/messages?page={page}"),
                    Some(ck.clone()),
                )
            })
            .await;
            row(
                &format!("GET /account/messages?page={page}, 5k conv., {label}"),
                &s,
            );
        }
    }
    let ck = cookie.to_string();
    let s = load(1, dur, move |c| {
        let ck = ck.clone();
        async move { post_ok(c, "/api/inbox", &[("page", "1")], &ck).await }
    })
    .await;
    row("POST /api/inbox, 5k conversations, one connection", &s);
    let ck = cookie.to_string();
    let s = load(1, dur, move |c| {
        let ck = ck.clone();
        async move { post_ok(c, "/api/unread", &[], &ck).await }
    })
    .await;
    row("POST /api/unread (the header's poll), one connection", &s);
    let ck = cookie.to_string();
    let s = load(1, dur, move |c| {
        let ck = ck.clone();
        async move { post_ok(c, "/api/thread", &[("id", "2500")], &ck).await }
    })
    .await;
    row("POST /api/thread (one conversation), one connection", &s);
}
