//! The order page, and the order body (items, address, totals, tracking) the seller console
//! shows too.

use super::*;
use crate::addresses::country_name;
use crate::forms::{use_form_error, FormAlert, SubmitButton, Toast};
use crate::i18n::use_lang;
use crate::layout::AccountShell;
use crate::texts;
use crate::widgets::format_date_time;
use leptos_router::hooks::{use_params_map, use_query_map};

texts! {
    pub enum T {
        Order => "Заказ №", "Order no.";
        Placed => "Оформлен", "Placed";
        Store => "Магазин", "Store";
        Status => "Статус", "Status";
        Items => "Товары", "Items";
        Qty => "Кол-во", "Qty";
        Price => "Цена", "Price";
        Sum => "Сумма", "Sum";
        Total => "Итого", "Total";
        Shipping => "Доставка", "Shipping";
        Address => "Адрес доставки", "Shipping address";
        Payment => "Оплата", "Payment";
        PaidAt => "Оплачен", "Paid";
        NotPaid => "Не оплачен", "Not paid";
        Tracking => "Отслеживание", "Tracking";
        Carrier => "Служба доставки", "Carrier";
        TrackNo => "Трек-номер", "Tracking number";
        NoTracking => "Сведений об отправке пока нет.", "No shipping information yet.";
        Pay => "Оплатить", "Pay";
        Paid => "Оплата прошла.", "Payment done.";
        NotFound => "Заказ не найден.", "Order not found.";
        OrderPlaced => "Заказ оформлен", "Order placed";
        OrderPaid => "Заказ оплачен", "Order paid";
        OrderShipped => "Заказ отправлен", "Order shipped";
        OrderCompleted => "Получение подтверждено", "Receipt confirmed";
        OrderCancelled => "Заказ отменён", "Order cancelled";
    }
}

#[component]
pub fn OrderBody(order: OrderDetail) -> impl IntoView {
    let lang = use_lang();
    let a = order.address.clone();
    // The timeline: order milestones and tracking events, oldest first.
    let mut timeline: Vec<(i64, String)> =
        vec![(order.created_at, T::OrderPlaced.get(lang).into())];
    if let Some(t) = order.paid_at {
        timeline.push((t, T::OrderPaid.get(lang).into()));
    }
    for e in &order.events {
        let text = if e.note.is_empty() {
            e.kind.label(lang).to_string()
        } else {
            format!("{} — {}", e.kind.label(lang), e.note)
        };
        timeline.push((e.at, text));
    }
    if let Some(t) = order.completed_at {
        timeline.push((t, T::OrderCompleted.get(lang).into()));
    }
    if let Some(t) = order.cancelled_at {
        timeline.push((t, T::OrderCancelled.get(lang).into()));
    }
    timeline.sort_by_key(|(t, _)| *t);
    view! {
        <p class="order-head">
            {T::Placed.get(lang)}" "{format_date_time(order.created_at, lang)}" · "
            {T::Store.get(lang)}": "<a href=format!("/store/{}", order.store_id)>{order.store_name.clone()}</a>" · "
            {T::Status.get(lang)}": "<strong class="badge" data-testid="order-status">{order.status.label(lang)}</strong>
        </p>
        <section class="card">
            <h2>{T::Items.get(lang)}</h2>
            <table class="orders-table">
                <thead><tr><th>{T::Items.get(lang)}</th><th>{T::Price.get(lang)}</th><th>{T::Qty.get(lang)}</th><th>{T::Sum.get(lang)}</th></tr></thead>
                <tbody>{order.items.iter().map(|i| view! {
                    <tr>
                        <td><a href=format!("/product/{}", i.product_id)>{i.title.clone()}</a></td>
                        <td>{i.unit_price.format(lang)}</td>
                        <td>{i.quantity}</td>
                        <td>{i.unit_price.times(i.quantity).format(lang)}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
            <p>{T::Shipping.get(lang)}": "{order.shipping.format(lang)}</p>
            <p>{T::Total.get(lang)}": "<strong data-testid="order-total">{order.total.format(lang)}</strong></p>
        </section>
        <section class="card">
            <h2>{T::Address.get(lang)}</h2>
            <p>{a.recipient.clone()}<br/>{a.street.clone()}{(!a.flat.is_empty()).then(|| format!(", {}", a.flat))}<br/>
                {format!("{}, {}, {}, {}", a.city, a.region, country_name(&a.country, lang), a.postcode)}<br/>{a.phone.clone()}</p>
            <h2>{T::Payment.get(lang)}</h2>
            <p>{match order.paid_at {
                Some(t) => format!("{} {}", T::PaidAt.get(lang), format_date_time(t, lang)),
                None => T::NotPaid.get(lang).to_string(),
            }}</p>
        </section>
        <section class="card">
            <h2>{T::Tracking.get(lang)}</h2>
            {order.tracking_number.clone().map(|n| view! {
                <p>{T::Carrier.get(lang)}": "{order.carrier.clone().unwrap_or_default()}" · "
                    {T::TrackNo.get(lang)}": "<strong data-testid="tracking-number">{n}</strong></p>
            })}
            <ol class="timeline">
                {timeline.into_iter().rev().map(|(t, text)| view! {
                    <li><time>{format_date_time(t, lang)}</time>" "<span>{text}</span></li>
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let q = use_query_map();
    let pay = ServerAction::<PayOrder>::new();
    let error = use_form_error(pay);
    let number = move || params.read().get("number").unwrap_or_default();
    let data = Resource::new(
        move || (number(), pay.version().get()),
        |(n, _)| load_order(n),
    );
    let paid = move || matches!(pay.value().get(), Some(Ok(_))) || q.read().get("paid").is_some();
    view! {
        <AccountShell>
            <h1>{move || format!("{}{}", T::Order.get(lang), number())}</h1>
            <Show when=paid><Toast text=T::Paid.get(lang).to_string()/></Show>
            <FormAlert error/>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(order) => {
                            let can_pay = order.status == OrderStatus::AwaitingPayment;
                            let n = order.number.to_string();
                            view! {
                                {can_pay.then(|| view! {
                                    <ActionForm action=pay>
                                        <input type="hidden" name="number" value=n.clone()/>
                                        <SubmitButton action=pay label=T::Pay.get(lang)/>
                                    </ActionForm>
                                })}
                                <OrderBody order/>
                            }.into_any()
                        }
                        Err(_) => view! { <div class="empty-state">{T::NotFound.get(lang)}</div> }.into_any(),
                    }
                })}
            </Transition>
        </AccountShell>
    }
}
