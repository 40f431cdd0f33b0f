//! Seller console pages.

use super::*;
use crate::error::Field;
use crate::forms::{use_form_error, FormAlert, InputField, SubmitButton, Toast};
use crate::i18n::use_lang;
use crate::orders::{OrderBody, TrackingKind};
use crate::paging::{page_href, Pager};
use crate::texts;
use crate::widgets::format_date;
use leptos_router::hooks::{use_params_map, use_query_map};

texts! {
    pub enum T {
        Title => "Кабинет продавца", "Seller console";
        Reliability => "Надёжность покупателя", "Buyer reliability";
        Deals => "полученных заказов", "orders received";
        Reviews => "отзывов", "reviews";
        Disputes => "споров", "disputes";
        WithRefund => "с возвратом денег", "with a refund";
        States => "Заказы по статусам", "Orders by status";
        Empty => "Заказов в этом статусе нет.", "No orders in this state.";
        Number => "Заказ №", "Order no.";
        Date => "Дата", "Date";
        Buyer => "Покупатель", "Buyer";
        Items => "Товары", "Items";
        Total => "Сумма", "Total";
        NotSeller => "Этот раздел — для владельцев магазинов.", "This section is for store owners.";
        Ship => "Отправить заказ", "Ship the order";
        Carrier => "Служба доставки", "Carrier";
        TrackNo => "Трек-номер", "Tracking number";
        MarkShipped => "Отметить отправленным", "Mark as shipped";
        Shipped => "Заказ отмечен отправленным.", "The order is marked as shipped.";
        AddEvent => "Добавить событие доставки", "Add a tracking event";
        Event => "Событие", "Event";
        Note => "Комментарий", "Note";
        Add => "Добавить", "Add";
        EventAdded => "Событие добавлено.", "Event added.";
        Back => "← Все заказы", "← All orders";
        NotFound => "Заказ не найден.", "Order not found.";
    }
}

fn loading() -> impl IntoView {
    view! { <p class="loading" aria-busy="true">"…"</p> }
}

#[component]
pub fn SellerHome() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let data = Resource::new(
        move || (q.read().get("status"), q.read().get("page")),
        |(status, page)| list_seller_orders(status, page),
    );
    view! {
        <super::SellerNav/>
        <h1>{T::Title.get(lang)}</h1>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let s = match data.await {
                    Ok(s) => s,
                    Err(_) => return view! { <div class="empty-state">{T::NotSeller.get(lang)}</div> }.into_any(),
                };
                let status = s.status;
                view! {
                    <p class="store-name">{s.store_name.clone()}</p>
                    <nav class="tabs" aria-label=T::States.get(lang)>
                        <ul>{s.counts.iter().map(|(st, n)| view! {
                            <li><a href=format!("/seller?status={}", st.code())
                                aria-current=(*st == status).then_some("page")>
                                {format!("{} ({n})", st.label(lang))}</a></li>
                        }).collect_view()}</ul>
                    </nav>
                    {if s.items.is_empty() {
                        view! { <div class="empty-state">{T::Empty.get(lang)}</div> }.into_any()
                    } else {
                        view! {
                            <table class="orders-table">
                                <thead><tr><th>{T::Number.get(lang)}</th><th>{T::Date.get(lang)}</th>
                                    <th>{T::Buyer.get(lang)}</th><th>{T::Items.get(lang)}</th><th>{T::Total.get(lang)}</th></tr></thead>
                                <tbody>{s.items.iter().map(|o| view! {
                                    <tr data-testid="seller-order">
                                        <td><a href=format!("/seller/orders/{}", o.number)>{o.number.to_string()}</a></td>
                                        <td>{format_date(o.created_at, lang)}</td>
                                        <td>{o.buyer_name.clone()}</td>
                                        <td>{format!("{} × {}", o.first_title, o.units)}</td>
                                        <td>{o.total.format(lang)}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                            </table>
                        }.into_any()
                    }}
                    <Pager page=s.page pages=s.pages href=move |p| page_href("/seller",
                        &[("status".to_string(), status.code().to_string())], p)/>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn SellerOrderPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let q = use_query_map();
    let ship = ServerAction::<ShipOrder>::new();
    let event = ServerAction::<AddTrackingEvent>::new();
    let ship_error = use_form_error(ship);
    let event_error = crate::forms::use_form_error_in(event, Some("event"));
    let number = move || params.read().get("number").unwrap_or_default();
    let data = Resource::new(
        move || (number(), ship.version().get(), event.version().get()),
        |(n, _, _)| seller_order(n),
    );
    let shipped =
        move || matches!(ship.value().get(), Some(Ok(_))) || q.read().get("shipped").is_some();
    let added =
        move || matches!(event.value().get(), Some(Ok(_))) || q.read().get("event").is_some();
    view! {
        <p><a href="/seller">{T::Back.get(lang)}</a></p>
        <h1>{move || format!("{}{}", T::Number.get(lang), number())}</h1>
        <Show when=shipped><Toast text=T::Shipped.get(lang).to_string()/></Show>
        <Show when=added><Toast text=T::EventAdded.get(lang).to_string()/></Show>
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                let SellerOrderData { order, steps, buyer } = match data.await {
                    Ok(o) => o,
                    Err(_) => return view! { <div class="empty-state">{T::NotFound.get(lang)}</div> }.into_any(),
                };
                let n = order.number.to_string();
                let n2 = n.clone();
                let status = order.status;
                let b = buyer;
                view! {
                    <p class="buyer-rating" data-testid="buyer-reliability">{format!(
                        "{}: {} {}, {} {}, {} {} ({} {})",
                        T::Reliability.get(lang), b.deals, T::Deals.get(lang), b.reviews, T::Reviews.get(lang),
                        b.disputes, T::Disputes.get(lang), b.refunded, T::WithRefund.get(lang))}</p>
                    {(status == OrderStatus::AwaitingShipment).then(|| view! {
                        <section class="card">
                            <h2>{T::Ship.get(lang)}</h2>
                            <FormAlert error=ship_error/>
                            <ActionForm action=ship attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="number" value=n.clone()/>
                                <InputField label=T::Carrier.get(lang) name="carrier" field=Field::Carrier
                                    error=ship_error required=true max_len=60/>
                                <InputField label=T::TrackNo.get(lang) name="tracking_number" field=Field::Tracking
                                    error=ship_error required=true max_len=40/>
                                <SubmitButton action=ship label=T::MarkShipped.get(lang)/>
                            </ActionForm>
                        </section>
                    })}
                    {(status == OrderStatus::Shipped).then(|| view! {
                        <section class="card">
                            <h2>{T::AddEvent.get(lang)}</h2>
                            <FormAlert error=event_error/>
                            <ActionForm action=event attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="number" value=n2.clone()/>
                                <div class="field">
                                    <label for="kind">{T::Event.get(lang)}</label>
                                    <select id="kind" name="kind" aria-describedby="kind-error">
                                        {TrackingKind::ALL.iter().map(|k| view! {
                                            <option value=k.code()>{k.label(lang)}</option>
                                        }).collect_view()}
                                    </select>
                                    <p class="field-error" id="kind-error" role="alert">{move || event_error.get()
                                        .filter(|e| e.field() == Some(Field::Kind)).map(|e| e.message(lang))}</p>
                                </div>
                                <InputField label=T::Note.get(lang) name="note" field=Field::Note
                                    error=event_error max_len=200/>
                                <SubmitButton action=event label=T::Add.get(lang)/>
                            </ActionForm>
                        </section>
                    })}
                    <OrderBody order more=steps.iter().map(|s| (s.at, s.text(lang))).collect()/>
                }.into_any()
            })}
        </Transition>
    }
}
