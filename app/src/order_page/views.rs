//! The shopper's order page: the order with its actions, and its disputes.

use super::*;
use crate::forms::{use_form_error, FormAlert, SubmitButton, Toast};
use crate::i18n::use_lang;
use crate::layout::AccountShell;
use crate::orders::{
    BuyAgain, CancelOrder, ConfirmReceipt, DeleteOrder, OrderBody, OrderNumber, OrderStatus,
    PayOrder, DONE_CANCELLED, DONE_CONFIRMED, T,
};
use crate::texts;
use leptos_router::hooks::{use_params_map, use_query_map};

texts! {
    pub enum D {
        OpenDispute => "Открыть спор", "Open a dispute";
        SeeDispute => "Спор по заказу", "The order's dispute";
        DisputeCloses => "Открыть спор можно до", "A dispute can be opened until";
        Reviews => "Отзывы о товарах", "Reviews of the items";
        LeaveReview => "Оставить отзыв", "Leave a review";
        EditReview => "Изменить / дополнить отзыв", "Edit / add to the review";
        SeeReview => "Мой отзыв", "My review";
    }
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
        Some(DONE_CANCELLED) => Some(T::DoneCancelled),
        Some(DONE_CONFIRMED) => Some(T::DoneConfirmed),
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
        |(n, ..)| load_order_page(n),
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
                        Ok(OrderPageData { order, disputes, reviews }) => {
                            use OrderStatus as S;
                            let st = order.status;
                            let n = order.number;
                            let in_bin = order.deleted_at.is_some();
                            let disputed = disputes.latest.is_some_and(|(_, s)| s.is_open());
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
                                    {disputes.can_open.then(|| view! {
                                        <a class="btn" href=format!("/account/orders/{n}/dispute")>{D::OpenDispute.get(lang)}</a>
                                    })}
                                    {disputes.latest.map(|(id, s)| view! {
                                        <a class="btn" href=format!("/account/disputes/{id}") data-testid="order-dispute">
                                            {format!("{} №{id}: {}", D::SeeDispute.get(lang), s.label(lang))}</a>
                                    })}
                                    <ActionForm action=buy>{hidden(n)}
                                        <button type="submit" class="btn">{T::BuyAgain.get(lang)}</button></ActionForm>
                                    <a class="btn" href=format!("/account/messages/new?order={n}") data-testid="write-to-seller">
                                        {lang.pick("Написать продавцу", "Write to the seller")}</a>
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
                                {disputes.closes.map(|(by, left)| view! {
                                    <p class="alert alert-info" data-testid="dispute-closes">
                                        {D::DisputeCloses.get(lang)}" "<strong>{crate::widgets::format_date(by, lang)}</strong>
                                        {format!(" ({})", crate::widgets::days_left_text(left, lang))}
                                    </p>
                                })}
                                {(!reviews.is_empty()).then(|| view! {
                                    <section class="order-reviews" aria-labelledby="order-reviews-title">
                                        <h2 id="order-reviews-title">{D::Reviews.get(lang)}</h2>
                                        <ul>
                                            {reviews.into_iter().map(|l| view! {
                                                <li data-testid="line-review">{l.title.clone()}" "
                                                    {match (l.review, l.days_left) {
                                                        (None, _) => view! { <a class="btn btn-primary" href=format!("/account/reviews/write/{}", l.line)>{D::LeaveReview.get(lang)}</a> }.into_any(),
                                                        (Some(id), Some(left)) => view! { <a class="btn" href=format!("/account/reviews/{id}")>{D::EditReview.get(lang)}</a>
                                                            {format!(" ({})", crate::widgets::days_left_text(left, lang))} }.into_any(),
                                                        (Some(id), None) => view! { <a href=format!("/account/reviews/{id}")>{D::SeeReview.get(lang)}</a> }.into_any(),
                                                    }}
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    </section>
                                })}
                                <OrderBody order more=disputes.steps.iter().map(|s| (s.at, s.text(lang))).collect()/>
                            }.into_any()
                        }
                        Err(_) => view! { <div class="empty-state">{T::NotFound.get(lang)}</div> }.into_any(),
                    }
                })}
            </Transition>
        </AccountShell>
    }
}
