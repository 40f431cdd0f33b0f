//! The order body (items, address, totals, payment, the timeline) that both order pages show:
//! the shopper's (`order_page`) and the seller console's.

use super::*;
use crate::addresses::country_name;
use crate::i18n::use_lang;
use crate::texts;
use crate::widgets::format_date_time;

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
    }
}

/// `more`: timeline entries from other sections (a dispute's steps), as (time, text).
#[component]
pub fn OrderBody(order: OrderDetail, #[prop(optional)] more: Vec<(i64, String)>) -> impl IntoView {
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
    timeline.extend(more);
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
            {order.coupons.iter().map(|(what, amount)| view! {
                <p data-testid="order-coupon">{what.clone()}": "<strong>{format!("−{}", amount.format(lang))}</strong></p>
            }).collect_view()}
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
