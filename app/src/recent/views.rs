//! `/account/recent`: the history grouped by the day of the view (in the shopper's zone), with
//! its filters and the buttons that change it. Every control is a plain form.

use super::*;
use crate::forms::Toast;
use crate::i18n::use_lang;
use crate::layout::AccountShell;
use crate::paging::{page_href, Pager};
use crate::texts;
use crate::widgets::{format_date, format_date_time, Price, Stars};
use crate::zone::use_zone;
use leptos_router::hooks::use_query_map;

texts! {
    pub enum R {
        Title => "Вы недавно смотрели", "Recently viewed";
        Empty => "Здесь появятся товары, которые вы открывали.", "Products you open will appear here.";
        EmptyFiltered => "Под эти условия ничего не подходит.", "Nothing matches these filters.";
        Category => "Категория", "Category";
        All => "Все категории", "All categories";
        OnlyDiscounted => "Только со скидкой", "Discounted only";
        Apply => "Показать", "Show";
        Similar => "Найти похожие", "Find similar";
        Remove => "Удалить", "Remove";
        RemoveFrom => "Удалить из истории:", "Remove from history:";
        Clear => "Очистить историю", "Clear history";
        Pause => "Не записывать просмотры", "Stop recording views";
        Resume => "Снова записывать просмотры", "Record views again";
        Paused => "Просмотры сейчас не записываются.", "Views are not being recorded.";
        Viewed => "Просмотрено", "Viewed";
        Removed => "Товар удалён из истории.", "Removed from your history.";
        Cleared => "История просмотров очищена.", "Your viewing history is cleared.";
        Keeps => "Хранятся последние 500 просмотренных товаров.", "The last 500 products viewed are kept.";
    }
}

#[component]
pub fn RecentPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let get = move |k: &str| q.read().get(k).unwrap_or_default();
    let data = Resource::new(
        move || (get("category"), get("discounted"), get("page")),
        |(c, d, p)| load_recent(Some(c), Some(d), Some(p)),
    );
    view! {
        <AccountShell>
            <h1>{R::Title.get(lang)}</h1>
            <Show when=move || q.read().get("removed").is_some()><Toast text=R::Removed.get(lang).to_string()/></Show>
            <Show when=move || q.read().get("cleared").is_some()><Toast text=R::Cleared.get(lang).to_string()/></Show>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    let d = data.await?;
                    let query: Vec<(String, String)> = q.get_untracked().into_iter()
                        .filter(|(k, _)| k != "removed" && k != "cleared")
                        .map(|(k, v)| (k.to_string(), v)).collect();
                    let filtered = !get("category").is_empty() || !get("discounted").is_empty();
                    let any = d.total > 0 || filtered;
                    Ok::<_, AppError>(view! {
                        <RecentTools paused=d.paused has_items=any/>
                        {any.then(|| view! { <RecentFilters categories=d.categories.clone()/> })}
                        {if d.items.is_empty() {
                            let text = if filtered { R::EmptyFiltered } else { R::Empty };
                            view! { <div class="empty-state">{text.get(lang)}</div> }.into_any()
                        } else {
                            view! { <Days items=d.items.clone()/> }.into_any()
                        }}
                        <Pager page=d.page pages=d.pages href=move |p| page_href("/account/recent", &query, p)/>
                    }.into_any())
                })}
            </Transition>
        </AccountShell>
    }
}

/// Pause or resume, and clear all.
#[component]
fn RecentTools(paused: bool, has_items: bool) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="recent-tools">
            {paused.then(|| view! { <p class="alert alert-info" data-testid="views-paused">{R::Paused.get(lang)}</p> })}
            <form method="post" action="/api/pause_views">
                <input type="hidden" name="pause" value=if paused { "0" } else { "1" }/>
                <button type="submit" class="btn">{if paused { R::Resume.get(lang) } else { R::Pause.get(lang) }}</button>
            </form>
            {has_items.then(|| view! {
                <form method="post" action="/api/clear_viewed">
                    <button type="submit" class="btn">{R::Clear.get(lang)}</button>
                </form>
            })}
            <p class="field-hint">{R::Keeps.get(lang)}</p>
        </div>
    }
}

#[component]
fn RecentFilters(categories: Vec<Category>) -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let get = move |k: &str| q.read_untracked().get(k).unwrap_or_default();
    let (category, discounted) = (get("category"), !get("discounted").is_empty());
    view! {
        <form class="filters" method="get" action="/account/recent">
            <div class="field">
                <label for="recent-category">{R::Category.get(lang)}</label>
                <select id="recent-category" name="category">
                    <option value="">{R::All.get(lang)}</option>
                    {categories.into_iter().map(|c| view! {
                        <option value=c.slug.clone() selected=c.slug == category>{c.name}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field field-check">
                <input type="checkbox" id="recent-discounted" name="discounted" value="1" checked=discounted/>
                <label for="recent-discounted">{R::OnlyDiscounted.get(lang)}</label>
            </div>
            <button type="submit" class="btn">{R::Apply.get(lang)}</button>
        </form>
    }
}

/// The items under a heading per day of the view, in the shopper's time zone.
#[component]
fn Days(items: Vec<RecentItem>) -> impl IntoView {
    let lang = use_lang();
    let zone = use_zone();
    let mut days: Vec<(i64, Vec<RecentItem>)> = Vec::new();
    for item in items {
        let day = zone.shift(item.viewed_at).div_euclid(86_400);
        match days.last_mut() {
            Some((d, list)) if *d == day => list.push(item),
            _ => days.push((day, vec![item])),
        }
    }
    days.into_iter()
        .map(|(_, list)| {
            let heading = format_date(list[0].viewed_at, lang);
            view! {
                <section class="recent-day" data-testid="recent-day">
                    <h2>{heading}</h2>
                    <ul class="product-grid">
                        {list.into_iter().map(|i| view! { <RecentCard item=i/> }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
}

#[component]
fn RecentCard(item: RecentItem) -> impl IntoView {
    let lang = use_lang();
    let p = item.card;
    view! {
        <li class="product-card" data-testid="recent-item">
            <a href=format!("/product/{}", p.id) class="product-link">
                <img src=format!("/img/p/{}/1.svg", p.id) alt="" width="200" height="200" loading="lazy"/>
                <span class="product-title">{p.title.clone()}</span>
            </a>
            <Price price=p.price old_price=p.old_price/>
            <span class="product-meta"><Stars rating_x10=p.rating_x10/></span>
            <span class="product-meta">{R::Viewed.get(lang)}" "{format_date_time(item.viewed_at, lang)}</span>
            <a href=format!("/search?category={}", item.category_slug)>{R::Similar.get(lang)}</a>
            <form method="post" action="/api/remove_viewed">
                <input type="hidden" name="product_id" value=p.id/>
                <button type="submit" class="btn btn-link" aria-label=format!("{} {}", R::RemoveFrom.get(lang), p.title)>
                    {R::Remove.get(lang)}
                </button>
            </form>
        </li>
    }
}
