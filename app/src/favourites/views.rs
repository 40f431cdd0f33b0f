//! `/account/stores`: the followed stores and the store search.

use super::*;
use crate::catalog::{ProductGrid, StoreCard, StoreResults};
use crate::i18n::use_lang;
use crate::layout::AccountShell;
use crate::paging::{page_href, Pager};
use crate::texts;
use leptos_router::hooks::use_query_map;

texts! {
    pub enum F {
        Title => "Любимые магазины", "Favourite stores";
        Empty => "Вы пока ни на один магазин не подписаны. Найдите магазин по названию или подпишитесь на странице магазина.",
                 "You follow no store yet. Find one by name below, or follow one from its page.";
        Find => "Найти магазин", "Find a store";
        Name => "Название магазина", "Store name";
        Search => "Найти", "Search";
        Newest => "Новинки магазина", "The store's newest products";
    }
}

#[component]
pub fn FavouriteStoresPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let data = Resource::new(move || q.read().get("page"), load_favourites);
    let text = move || q.read().get("q").unwrap_or_default();
    view! {
        <AccountShell>
            <h1>{F::Title.get(lang)}</h1>
            <section class="card">
                <h2>{F::Find.get(lang)}</h2>
                <form method="get" action="/account/stores" class="form form-inline" role="search">
                    <label for="store-q">{F::Name.get(lang)}</label>
                    <input id="store-q" name="q" type="search" value=text maxlength="100"/>
                    <button type="submit" class="btn">{F::Search.get(lang)}</button>
                </form>
            </section>
            // Searching shows the stores found; an empty search the followed stores.
            <Show when=move || text().trim().is_empty() fallback=|| view! { <StoreResults path="/account/stores"/> }>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    let d = data.await?;
                    if d.items.is_empty() {
                        return Ok::<_, AppError>(view! { <div class="empty-state">{F::Empty.get(lang)}</div> }.into_any());
                    }
                    Ok(view! {
                        <ul class="store-list" data-testid="favourite-stores">
                            {d.items.into_iter().map(|f| view! {
                                <li><StoreCard store=f.store>
                                    {(!f.newest.is_empty()).then(|| view! {
                                        <h3 class="visually-hidden">{F::Newest.get(lang)}</h3>
                                        <ProductGrid items=f.newest.clone() no_hearts=true/>
                                    })}
                                </StoreCard></li>
                            }).collect_view()}
                        </ul>
                        <Pager page=d.page pages=d.pages href=|p| page_href("/account/stores", &[], p)/>
                    }.into_any())
                })}
            </Transition>
            </Show>
        </AccountShell>
    }
}
