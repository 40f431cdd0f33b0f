//! `/account/reviews`: the tabs "awaiting review" and "my reviews", the order-number search and
//! the pager. Plain links and a GET form: it all works before (and without) the WASM.

use super::views::{loading, StarsShown, R};
use super::*;
use crate::forms::Toast;
use crate::i18n::use_lang;
use crate::layout::AccountShell;
use crate::paging::{page_href, Pager};
use crate::widgets::format_date;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReviewsPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let data = Resource::new(
        move || {
            let q = q.read();
            (q.get("tab"), q.get("q"), q.get("page"))
        },
        |(tab, query, page)| load_review_lists(tab, query, page),
    );
    let done = move || q.read().get("done");
    view! {
        <AccountShell>
            <h1>{R::Title.get(lang)}</h1>
            {move || (done().as_deref() == Some("written")).then(|| view! { <Toast text=R::Written.get(lang).to_string()/> })}
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(l) => view! { <Lists l/> }.into_any(),
                        Err(e) => view! { <div class="empty-state">{e.message(lang)}</div> }.into_any(),
                    }
                })}
            </Transition>
        </AccountShell>
    }
}

#[component]
fn Lists(l: ReviewLists) -> impl IntoView {
    let lang = use_lang();
    let query = l.query.clone();
    let tab_href = move |t: Tab| {
        let mut parts = vec![format!("tab={}", t.code())];
        if !query.is_empty() {
            parts.push(format!("q={}", crate::web::query_escape(&query)));
        }
        format!("/account/reviews?{}", parts.join("&"))
    };
    let tab = l.tab;
    let tab_link = move |t: Tab, text: R, count: i64| {
        view! {
            <li><a href=tab_href(t) aria-current=(tab == t).then_some("page") data-testid=format!("tab-{}", t.code())>
                {format!("{} ({count})", text.get(lang))}</a></li>
        }
    };
    let bad_query = !l.query.is_empty() && crate::orders::OrderNumber::parse(&l.query).is_err();
    let searching = !l.query.is_empty();
    let query_pairs = vec![
        ("tab".to_string(), tab.code().to_string()),
        ("q".to_string(), l.query.clone()),
    ];
    let empty_text = match (searching, tab) {
        (true, _) => R::NothingFound,
        (false, Tab::Awaiting) => R::NoneAwaiting,
        (false, Tab::Mine) => R::NoneMine,
    };
    let list = match tab {
        Tab::Awaiting if !l.awaiting.is_empty() => view! { <AwaitingList items=l.awaiting/> }.into_any(),
        Tab::Mine if !l.mine.is_empty() => view! { <MineList items=l.mine/> }.into_any(),
        _ => view! { <div class="empty-state" data-testid="reviews-empty"><p>{empty_text.get(lang)}</p></div> }.into_any(),
    };
    view! {
        <nav class="tabs" aria-label=R::Tabs.get(lang)>
            <ul>
                {tab_link(Tab::Awaiting, R::Awaiting, l.awaiting_count)}
                {tab_link(Tab::Mine, R::Mine, l.mine_count)}
            </ul>
        </nav>
        <form class="form form-inline" method="get" action="/account/reviews" role="search">
            <input type="hidden" name="tab" value=tab.code()/>
            <div class="field">
                <label for="review-q">{R::FindOrder.get(lang)}</label>
                <input id="review-q" name="q" type="search" inputmode="numeric" value=l.query.clone()
                    aria-describedby="review-q-error"/>
                <p class="field-error" id="review-q-error" role="alert">{bad_query.then(|| R::BadQuery.get(lang))}</p>
            </div>
            <button type="submit" class="btn">{R::Find.get(lang)}</button>
            {searching.then(|| view! { <a class="btn" href=format!("/account/reviews?tab={}", tab.code())>{R::Reset.get(lang)}</a> })}
        </form>
        {list}
        <Pager page=l.page pages=l.pages href=move |p| page_href("/account/reviews", &query_pairs, p)/>
    }
}

#[component]
fn AwaitingList(items: Vec<AwaitingLine>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="review-list" data-testid="awaiting-list">
            {items.into_iter().map(|a| view! {
                <li class="review-item" data-testid="awaiting-line">
                    <a class="product-title" href=format!("/product/{}", a.product_id)>{a.title.clone()}</a>
                    <p class="muted">
                        <a href=format!("/account/orders/{}", a.number)>{format!("{}{}", R::Order.get(lang), a.number)}</a>
                        {format!(" · {} {} · {}: {}", R::Received.get(lang), format_date(a.received_at, lang),
                            R::Store.get(lang), a.store_name)}
                    </p>
                    <a class="btn btn-primary" href=format!("/account/reviews/write/{}", a.line)>{R::Leave.get(lang)}</a>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn MineList(items: Vec<MyReview>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="review-list" data-testid="my-reviews">
            {items.into_iter().map(|r| view! {
                <li class="review-item" data-testid="my-review">
                    <a class="product-title" href=format!("/product/{}", r.product_id)>{r.title.clone()}</a>
                    <p class="muted">
                        <a href=format!("/account/orders/{}", r.number)>{format!("{}{}", R::Order.get(lang), r.number)}</a>
                        {format!(" · {} · {}", format_date(r.created_at, lang), r.store_name)}
                        {r.edited_at.map(|_| format!(" · {}", R::EditedMark.get(lang)))}
                    </p>
                    <StarsShown stars=r.stars/>
                    <p class="review-body">{r.body.clone()}</p>
                    {r.reply.clone().map(|reply| view! {
                        <div class="review-reply" data-testid="review-reply"><strong>{R::Reply.get(lang)}": "</strong>{reply}</div>
                    })}
                    <p>
                        <a class="btn" href=format!("/account/reviews/{}", r.id)>
                            {if r.days_left.is_some() { R::EditOrAdd.get(lang) } else { R::Open.get(lang) }}</a>
                        {r.days_left.map(|d| format!(" {}", crate::widgets::days_left_text(d, lang)))}
                    </p>
                </li>
            }).collect_view()}
        </ul>
    }
}
