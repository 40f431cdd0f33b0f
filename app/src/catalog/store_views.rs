//! Stores as lists: the search page's "stores" tab and the favourite-stores page use the same
//! card, whose follow button is a plain form (it works before hydration and without JavaScript).

use super::*;
use crate::i18n::use_lang;
use crate::paging::{page_href, Pager};
use crate::texts;
use crate::widgets::{count_word, Stars};
use leptos_router::hooks::{use_location, use_query_map};

texts! {
    pub enum S {
        Products => "Товары", "Products";
        Stores => "Магазины", "Stores";
        WhatToFind => "Что искать", "What to search";
        Found => "Найдено магазинов:", "Stores found:";
        NothingFound => "Магазинов с таким названием нет.", "No store has that name.";
        TypeName => "Введите название магазина.", "Type a store's name.";
        Follow => "Подписаться", "Follow";
        Unfollow => "Отписаться", "Unfollow";
    }
}

/// "Products | Stores" above the search results; both keep the words typed.
#[component]
pub fn SearchTabs(stores: bool) -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let text = q.read_untracked().get("q").unwrap_or_default();
    let products = page_href("/search", &[("q".into(), text.clone())], 1);
    let store_tab = page_href(
        "/search",
        &[("q".into(), text), ("tab".into(), "stores".into())],
        1,
    );
    view! {
        <nav class="tabs" aria-label=S::WhatToFind.get(lang)>
            <ul>
                <li><a href=products aria-current=(!stores).then_some("page")>{S::Products.get(lang)}</a></li>
                <li><a href=store_tab aria-current=stores.then_some("page")>{S::Stores.get(lang)}</a></li>
            </ul>
        </nav>
    }
}

/// The stores found for `?q=`, paged (`?page=`), linked to their pages.
#[component]
pub fn StoreResults(#[prop(into)] path: String) -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let get = move |k: &str| q.read().get(k).unwrap_or_default();
    let hits = Resource::new(
        move || (get("q"), get("page")),
        |(text, page)| search_stores(Some(text), Some(page)),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || {
                let path = path.clone();
                Suspend::new(async move {
                    if get("q").trim().is_empty() {
                        return Ok::<_, AppError>(view! { <p class="empty-state">{S::TypeName.get(lang)}</p> }.into_any());
                    }
                    let r = hits.await?;
                    let query: Vec<(String, String)> = q.get_untracked().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
                    Ok(view! {
                        <p class="result-count">{S::Found.get(lang)}" "<strong data-testid="store-count">{r.total}</strong></p>
                        {if r.items.is_empty() {
                            view! { <div class="empty-state">{S::NothingFound.get(lang)}</div> }.into_any()
                        } else {
                            view! { <StoreList stores=r.items/> }.into_any()
                        }}
                        <Pager page=r.page pages=r.pages href=move |p| page_href(&path, &query, p)/>
                    }.into_any())
                })
            }}
        </Suspense>
    }
}

/// Store cards with their follow buttons.
#[component]
pub fn StoreList(stores: Vec<StoreSummary>) -> impl IntoView {
    view! {
        <ul class="store-list">
            {stores.into_iter().map(|s| view! { <li><StoreCard store=s/></li> }).collect_view()}
        </ul>
    }
}

/// One store: name (linked), rating, followers, products, and follow / unfollow.
#[component]
pub fn StoreCard(
    store: StoreSummary,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let back = crate::web::path_and_query(
        &location.pathname.get_untracked(),
        &location.search.get_untracked(),
    );
    view! {
        <article class="card store-card" data-testid="store-card">
            <h2><a href=format!("/store/{}", store.id)>{store.name.clone()}</a></h2>
            <p>
                <Stars rating_x10=store.rating_x10/>" · "
                {store.followers}" "
                {count_word(store.followers, lang, ["подписчик", "подписчика", "подписчиков"], ["follower", "followers"])}" · "
                {store.products}" "{count_word(store.products, lang, ["товар", "товара", "товаров"], ["product", "products"])}
            </p>
            {children.map(|c| c())}
            <form method="post" action="/api/follow_store">
                <input type="hidden" name="store_id" value=store.id/>
                <input type="hidden" name="back" value=back/>
                <input type="hidden" name="follow" value=if store.following { "0" } else { "1" }/>
                <button type="submit" class="btn" aria-pressed=store.following.to_string()>
                    {if store.following { S::Unfollow.get(lang) } else { S::Follow.get(lang) }}
                </button>
            </form>
        </article>
    }
}
