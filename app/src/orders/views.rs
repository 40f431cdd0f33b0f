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
        Refunded => "Возвращено", "Refunded";
        Actions => "Действия с заказом", "Order actions";
        Cancel => "Отменить заказ", "Cancel order";
        ConfirmSure => "Я получил(а) заказ и всё в порядке", "I have received the order and all is well";
        Confirm => "Подтвердить получение", "Confirm receipt";
        BuyAgain => "Купить снова", "Buy again";
        Delete => "Удалить заказ", "Delete order";
        InBin => "Заказ в удалённых.", "This order is in deleted orders.";
        OpenBin => "Открыть удалённые", "Open deleted orders";
        DoneCancelled => "Заказ отменён.", "The order is cancelled.";
        DoneConfirmed => "Получение подтверждено. Спасибо!", "Receipt confirmed. Thank you!";
        Refund => "Возврат средств", "Refund";
        ConfirmBy => "Подтвердите получение до", "Confirm receipt by";
        AutoConfirm => "после этого заказ подтвердится автоматически", "after that the order confirms itself";
        OpenDispute => "Открыть спор", "Open a dispute";
        SeeDispute => "Спор по заказу", "The order's dispute";
        DisputeCloses => "Открыть спор можно до", "A dispute can be opened until";
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
    for step in &order.dispute_steps {
        timeline.push((step.at, step.text(lang)));
    }
    for (t, amount) in &order.refunds {
        timeline.push((
            *t,
            format!("{} — {}", T::Refund.get(lang), amount.format(lang)),
        ));
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
            {(order.refunded.cents() > 0).then(|| view! {
                <p>{T::Refunded.get(lang)}": "<strong data-testid="refunded">{order.refunded.format(lang)}</strong></p>
            })}
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
    let cancel = ServerAction::<CancelOrder>::new();
    let confirm = ServerAction::<ConfirmReceipt>::new();
    let buy = ServerAction::<BuyAgain>::new();
    let delete = ServerAction::<DeleteOrder>::new();
    let errors = [
        use_form_error(pay),
        use_form_error(cancel),
        use_form_error(confirm),
        use_form_error(buy),
        use_form_error(delete),
    ];
    let error = Signal::derive(move || errors.iter().find_map(|e| e.get()));
    Effect::new(move |_| {
        if matches!(buy.value().get(), Some(Ok(_))) {
            crate::forms::navigate_hard("/cart");
        }
        if matches!(delete.value().get(), Some(Ok(_))) {
            crate::forms::navigate_hard("/account/orders?deleted=1");
        }
    });
    let done = move || match q.read().get("done").as_deref() {
        _ if matches!(cancel.value().get(), Some(Ok(_))) => Some(T::DoneCancelled),
        _ if matches!(confirm.value().get(), Some(Ok(_))) => Some(T::DoneConfirmed),
        Some("cancelled") => Some(T::DoneCancelled),
        Some("confirmed") => Some(T::DoneConfirmed),
        _ => None,
    };
    let number = move || params.read().get("number").unwrap_or_default();
    let data = Resource::new(
        move || {
            (
                number(),
                pay.version().get(),
                cancel.version().get(),
                confirm.version().get(),
            )
        },
        |(n, ..)| load_order(n),
    );
    let paid = move || matches!(pay.value().get(), Some(Ok(_))) || q.read().get("paid").is_some();
    view! {
        <AccountShell>
            <h1>{move || format!("{}{}", T::Order.get(lang), number())}</h1>
            <Show when=paid><Toast text=T::Paid.get(lang).to_string()/></Show>
            {move || done().map(|d| view! { <Toast text=d.get(lang).to_string()/> })}
            <FormAlert error/>
            <p class="field-error" role="alert">{move || error.get().filter(|e| e.field().is_some()).map(|e| e.message(lang))}</p>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(order) => {
                            use OrderStatus as S;
                            let st = order.status;
                            let n = order.number;
                            let in_bin = order.deleted_at.is_some();
                            let disputed = order.dispute.is_some_and(|(_, s)| s.is_open());
                            let hidden = |n: OrderNumber| view! { <input type="hidden" name="number" value=n.to_string()/> };
                            view! {
                                {in_bin.then(|| view! {
                                    <p class="alert alert-info">{T::InBin.get(lang)}" "
                                        <a href="/account/orders/deleted">{T::OpenBin.get(lang)}</a></p>
                                })}
                                <div class="actions" role="group" aria-label=T::Actions.get(lang)>
                                    {(st == S::AwaitingPayment).then(|| view! {
                                        <ActionForm action=pay>{hidden(n)}
                                            <SubmitButton action=pay label=T::Pay.get(lang)/></ActionForm>
                                    })}
                                    {matches!(st, S::AwaitingPayment | S::AwaitingShipment).then(|| view! {
                                        <ActionForm action=cancel>{hidden(n)}
                                            <button type="submit" class="btn">{T::Cancel.get(lang)}</button></ActionForm>
                                    })}
                                    {matches!(st, S::Shipped | S::Delivered).then(|| view! {
                                        <ActionForm action=confirm attr:class="form-inline">{hidden(n)}
                                            <div class="field-check">
                                                <input type="checkbox" id="sure" name="sure" value="1"/>
                                                <label for="sure">{T::ConfirmSure.get(lang)}</label>
                                            </div>
                                            <button type="submit" class="btn btn-primary">{T::Confirm.get(lang)}</button>
                                        </ActionForm>
                                    })}
                                    {order.can_dispute.then(|| view! {
                                        <a class="btn" href=format!("/account/orders/{n}/dispute")>{T::OpenDispute.get(lang)}</a>
                                    })}
                                    {order.dispute.map(|(id, s)| view! {
                                        <a class="btn" href=format!("/account/disputes/{id}") data-testid="order-dispute">
                                            {format!("{} №{id}: {}", T::SeeDispute.get(lang), s.label(lang))}</a>
                                    })}
                                    <ActionForm action=buy>{hidden(n)}
                                        <button type="submit" class="btn">{T::BuyAgain.get(lang)}</button></ActionForm>
                                    {(!in_bin && !disputed && matches!(st, S::Completed | S::Closed | S::Cancelled)).then(|| view! {
                                        <ActionForm action=delete>{hidden(n)}
                                            <button type="submit" class="btn btn-danger">{T::Delete.get(lang)}</button></ActionForm>
                                    })}
                                </div>
                                {order.confirm_by.zip(order.confirm_days_left).map(|(by, left)| view! {
                                    <p class="alert alert-info" data-testid="confirm-by">
                                        {T::ConfirmBy.get(lang)}" "<strong>{crate::widgets::format_date(by, lang)}</strong>
                                        {format!(" ({}), ", crate::widgets::days_left_text(left, lang))}{T::AutoConfirm.get(lang)}"."
                                    </p>
                                })}
                                {order.dispute_closes.map(|(by, left)| view! {
                                    <p class="alert alert-info" data-testid="dispute-closes">
                                        {T::DisputeCloses.get(lang)}" "<strong>{crate::widgets::format_date(by, lang)}</strong>
                                        {format!(" ({})", crate::widgets::days_left_text(left, lang))}
                                    </p>
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
