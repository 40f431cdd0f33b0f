//! The order list, the deleted-orders bin and the order card they share with account home.

use super::*;
use crate::forms::{use_form_error, FormAlert, Toast};
use crate::i18n::use_lang;
use crate::layout::AccountShell;
use crate::texts;
use crate::widgets::format_date;
use leptos_router::hooks::use_query_map;

texts! {
    pub enum L {
        Title => "Мои заказы", "My orders";
        BinTitle => "Удалённые заказы", "Deleted orders";
        Tabs => "Заказы по статусам", "Orders by status";
        Search => "Поиск по заказам", "Search orders";
        SearchHint => "Номер заказа, товар или магазин", "Order number, product or store";
        Find => "Найти", "Find";
        Empty => "Заказов здесь нет.", "No orders here.";
        NothingFound => "Ничего не найдено. Проверьте номер или название.", "Nothing found. Check the number or the name.";
        BinEmpty => "Корзина удалённых заказов пуста.", "No deleted orders.";
        BinNote => "Удалённые заказы скрыты из списка, но по-прежнему учитываются в покупках и баллах.",
                   "Deleted orders are hidden from the list but still count for purchases and points.";
        Number => "Заказ №", "Order no.";
        Store => "Магазин", "Store";
        Next => "Следующие заказы →", "More orders →";
        First => "← К началу списка", "← Back to the start";
        Deleted => "Заказ перемещён в удалённые.", "The order was moved to deleted orders.";
        Restored => "Заказ восстановлен.", "The order is back in your list.";
        Purged => "Заказ удалён навсегда.", "The order was deleted for good.";
        Restore => "Восстановить", "Restore";
        Sure => "Удалить навсегда — это нельзя отменить", "Delete for good — this cannot be undone";
        Purge => "Удалить навсегда", "Delete for good";
        ToBin => "Удалённые заказы", "Deleted orders";
        Disputes => "Споры", "Disputes";
        MobileTopUp => "Пополнение мобильного телефона доступно только в мобильном приложении.",
                       "Mobile top-up is only available in the mobile app.";
    }
}

/// One order in a list: number, date, store, first item with its picture, total, state.
#[component]
pub fn OrderCard(
    order: OrderSummary,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let lang = use_lang();
    let href = format!("/account/orders/{}", order.number);
    view! {
        <li class="card order-card" data-testid="order-card">
            <p class="order-card-head">
                <a href=href.clone()><strong>{L::Number.get(lang)}{order.number.to_string()}</strong></a>
                " · "{format_date(order.created_at, lang)}" · "{L::Store.get(lang)}": "{order.store_name.clone()}
            </p>
            <div class="order-card-body">
                <img src=format!("/img/p/{}/1.svg", order.first_product_id) alt="" width="64" height="64"/>
                <a href=href>{format!("{} × {}", order.first_title, order.units)}</a>
                <strong>{order.total.format(lang)}</strong>
                <span class="badge" data-testid="order-status">{order.status.label(lang)}</span>
            </div>
            {children.map(|c| c())}
        </li>
    }
    .into_any()
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let get = move |k: &str| q.read().get(k).filter(|v| !v.is_empty());
    let data = Resource::new(
        move || (get("status"), get("q"), get("after")),
        |(status, text, after)| list_orders(status, text, after),
    );
    view! {
        <AccountShell>
            <h1>{L::Title.get(lang)}</h1>
            <Show when=move || get("deleted").is_some()><Toast text=L::Deleted.get(lang).to_string()/></Show>
            <form class="filters" method="get" action="/account/orders" role="search">
                {move || get("status").map(|s| view! { <input type="hidden" name="status" value=s/> })}
                <div class="field">
                    <label for="order-q">{L::Search.get(lang)}</label>
                    <input id="order-q" name="q" type="search" placeholder=L::SearchHint.get(lang)
                        value=move || get("q").unwrap_or_default()/>
                </div>
                <button type="submit" class="btn">{L::Find.get(lang)}</button>
            </form>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    let list = data.await?;
                    let status = get("status");
                    let text = get("q");
                    let current = status.as_deref().and_then(OrderStatus::parse);
                    let tabs = view! {
                        <nav class="tabs" aria-label=L::Tabs.get(lang)>
                            <ul>{list.counts.iter().map(|(tab, n)| {
                                let href = match tab {
                                    Some(s) => format!("/account/orders?status={}", s.code()),
                                    None => "/account/orders".to_string(),
                                };
                                let here = *tab == current && status.as_deref() != Some(DISPUTES_TAB);
                                view! { <li><a href=href aria-current=here.then_some("page")>
                                    {format!("{} ({n})", tab_label(*tab, lang))}</a></li> }
                            }).collect_view()}
                            <li><a href=format!("/account/orders?status={DISPUTES_TAB}")
                                aria-current=(status.as_deref() == Some(DISPUTES_TAB)).then_some("page")>
                                {format!("{} ({})", L::Disputes.get(lang), list.disputed)}</a></li></ul>
                        </nav>
                    };
                    let empty = if text.is_some() { L::NothingFound } else { L::Empty };
                    let base: Vec<(String, String)> = [("status", status.clone()), ("q", text.clone())]
                        .into_iter()
                        .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
                        .collect();
                    let link = move |after: Option<&str>| {
                        let mut parts: Vec<String> = base.iter()
                            .map(|(k, v)| format!("{k}={}", crate::web::query_escape(v))).collect();
                        if let Some(a) = after { parts.push(format!("after={a}")); }
                        if parts.is_empty() { "/account/orders".into() } else { format!("/account/orders?{}", parts.join("&")) }
                    };
                    let first = get("after").is_some().then(|| link(None));
                    let next = list.next.as_deref().map(|a| link(Some(a)));
                    Ok::<_, AppError>(view! {
                        {tabs}
                        {if list.items.is_empty() {
                            view! { <div class="empty-state">{empty.get(lang)}</div> }.into_any()
                        } else {
                            view! { <ul class="order-list">{list.items.into_iter().map(|o| view! { <OrderCard order=o/> }).collect_view()}</ul> }.into_any()
                        }}
                        <nav class="pager">
                            {first.map(|h| view! { <a class="btn" href=h>{L::First.get(lang)}</a> })}
                            {next.map(|h| view! { <a class="btn" href=h rel="next">{L::Next.get(lang)}</a> })}
                        </nav>
                    })
                })}
            </Transition>
            <p><a href="/account/orders/deleted">{L::ToBin.get(lang)}</a></p>
            <p class="field-hint">{L::MobileTopUp.get(lang)}</p>
        </AccountShell>
    }
}

#[component]
pub fn DeletedOrdersPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let restore = ServerAction::<RestoreOrder>::new();
    let purge = ServerAction::<PurgeOrder>::new();
    let data = Resource::new(
        move || {
            (
                q.read().get("after"),
                restore.version().get(),
                purge.version().get(),
            )
        },
        |(after, _, _)| list_deleted_orders(after),
    );
    let restored =
        move || matches!(restore.value().get(), Some(Ok(_))) || q.read().get("restored").is_some();
    let purged =
        move || matches!(purge.value().get(), Some(Ok(_))) || q.read().get("purged").is_some();
    let restore_error = use_form_error(restore);
    let purge_only = use_form_error(purge);
    let purge_error = Signal::derive(move || purge_only.get().or_else(|| restore_error.get()));
    view! {
        <AccountShell>
            <h1>{L::BinTitle.get(lang)}</h1>
            <p class="field-hint">{L::BinNote.get(lang)}</p>
            <Show when=restored><Toast text=L::Restored.get(lang).to_string()/></Show>
            <Show when=purged><Toast text=L::Purged.get(lang).to_string()/></Show>
            <FormAlert error=purge_error/>
            <p class="field-error" role="alert">{move || purge_error.get().filter(|e| e.field().is_some()).map(|e| e.message(lang))}</p>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    let list = data.await?;
                    if list.items.is_empty() {
                        return Ok::<_, AppError>(view! { <div class="empty-state">{L::BinEmpty.get(lang)}</div> }.into_any());
                    }
                    let next = list.next.clone().map(|a| format!("/account/orders/deleted?after={a}"));
                    Ok(view! {
                        <ul class="order-list">{list.items.into_iter().map(|o| {
                            let n = o.number.to_string();
                            let n2 = n.clone();
                            let sure_id = format!("sure-{n}");
                            view! {
                                <OrderCard order=o>
                                    <div class="actions">
                                        <ActionForm action=restore>
                                            <input type="hidden" name="number" value=n.clone()/>
                                            <button type="submit" class="btn">{L::Restore.get(lang)}</button>
                                        </ActionForm>
                                        <ActionForm action=purge attr:class="form-inline">
                                            <input type="hidden" name="number" value=n2.clone()/>
                                            <div class="field-check">
                                                <input type="checkbox" id=sure_id.clone() name="sure" value="1"/>
                                                <label for=sure_id>{L::Sure.get(lang)}</label>
                                            </div>
                                            <button type="submit" class="btn btn-danger">{L::Purge.get(lang)}</button>
                                        </ActionForm>
                                    </div>
                                </OrderCard>
                            }
                        }).collect_view()}</ul>
                        {next.map(|h| view! { <nav class="pager"><a class="btn" href=h rel="next">{L::Next.get(lang)}</a></nav> })}
                    }.into_any())
                })}
            </Transition>
        </AccountShell>
    }
}

/// Account home's order block: counters by state and the last few orders.
#[component]
pub fn OrderOverview() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| load_overview());
    view! {
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                let list = data.await?;
                Ok::<_, AppError>(view! {
                    <section class="card" aria-labelledby="overview-orders">
                        <h2 id="overview-orders"><a href="/account/orders">{L::Title.get(lang)}</a></h2>
                        <ul class="counters">{list.counts.iter().filter(|(t, _)| t.is_some()).map(|(tab, n)| {
                            let href = format!("/account/orders?status={}", tab.map(|s| s.code()).unwrap_or_default());
                            view! { <li><a href=href><strong data-testid="counter">{*n}</strong>" "{tab_label(*tab, lang)}</a></li> }
                        }).collect_view()}</ul>
                        {if list.latest.is_empty() {
                            view! { <p class="empty-state">{L::Empty.get(lang)}</p> }.into_any()
                        } else {
                            view! { <ul class="order-list">{list.latest.into_iter()
                                .map(|o| view! { <OrderCard order=o/> }).collect_view()}</ul> }.into_any()
                        }}
                    </section>
                })
            })}
        </Suspense>
    }
}
