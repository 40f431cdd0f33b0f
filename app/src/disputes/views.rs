//! The shopper's dispute pages: the list, one dispute, and the form that opens one.

use super::*;
use crate::forms::{use_form_error, FormAlert, Toast};
use crate::i18n::{use_lang, Lang};
use crate::layout::AccountShell;
use crate::paging::{page_href, Pager};
use crate::texts;
use crate::widgets::{days_left_text, format_date, format_date_time};
use leptos_router::hooks::{use_params_map, use_query_map};

texts! {
    pub enum D {
        Title => "Возвраты и споры", "Returns and disputes";
        Empty => "Споров нет. Открыть спор можно на странице заказа после его отправки.",
                 "No disputes. You can open one from an order's page once it has shipped.";
        Dispute => "Спор №", "Dispute no. ";
        Order => "Заказ №", "Order no. ";
        No => "№", "No. ";
        Store => "Магазин", "Store";
        Buyer => "Покупатель", "Buyer";
        Status => "Статус", "Status";
        Deadline => "Следующий срок", "Next deadline";
        Asked => "Запрошен возврат", "Refund asked";
        Reason => "Причина", "Reason";
        ReturnGoods => "Вернуть товар продавцу", "Return the goods to the seller";
        Returning => "Товар возвращается продавцу", "The goods go back to the seller";
        NotReturning => "Товар остаётся у покупателя", "The buyer keeps the goods";
        Description => "Описание проблемы", "What went wrong";
        Photos => "Фото", "Photos";
        PhotosHint => "До 5 фото JPEG, PNG или WebP, каждое до 5 МБ. Данные о месте съёмки удаляются.",
                      "Up to 5 JPEG, PNG or WebP photos, 5 MB each. Location data is removed.";
        Refund => "Сколько вернуть", "Refund asked";
        Full => "Полный возврат", "Full refund";
        Partial => "Частичный возврат", "Partial refund";
        Amount => "Сумма частичного возврата", "Partial refund amount";
        UpTo => "Не больше", "At most";
        Open => "Открыть спор", "Open a dispute";
        Sending => "Отправляем…", "Sending…";
        Opened => "Спор открыт. Магазин ответит в указанный срок.", "Dispute opened. The store will answer by the deadline.";
        Existing => "По этому заказу уже есть спор:", "This order already has a dispute:";
        NotYet => "Спор можно открыть после отправки заказа. До отправки заказ можно отменить.",
                  "A dispute can be opened once the order has shipped; until then you can cancel it.";
        Closed => "Срок открытия спора по этому заказу истёк.", "The time to open a dispute on this order is over.";
        WindowCloses => "Открыть спор можно до", "A dispute can be opened until";
        Waiting => "Ждём", "Waiting for";
        Until => "до", "until";
        StoreAnswer => "Ответ магазина", "The store's answer";
        Offer => "Предложение магазина", "The store's offer";
        Refunded => "Возвращено", "Refunded";
        Steps => "Ход спора", "Dispute history";
        AcceptOffer => "Принять предложение", "Accept the offer";
        Escalate => "Передать спор площадке", "Escalate to the platform";
        Withdraw => "Отозвать спор", "Withdraw the dispute";
        Accepted => "Предложение принято, деньги возвращены.", "Offer accepted; the money is refunded.";
        Escalated => "Спор передан площадке.", "The dispute is escalated to the platform.";
        Withdrawn => "Спор отозван.", "The dispute is withdrawn.";
        NotFound => "Спор не найден.", "Dispute not found.";
        Level => "Сроки по уровню клуба", "Deadlines for club level";
        Actions => "Действия со спором", "Dispute actions";
        ToOrder => "К заказу", "To the order";
    }
}

pub(super) fn loading() -> impl IntoView {
    view! { <p class="loading" aria-busy="true">"…"</p> }
}

/// "until 3 Dec 2026 (4 days left)"; the days are counted on the server.
pub fn deadline_text(at: i64, left: i64, lang: Lang) -> String {
    format!(
        "{} {} ({})",
        D::Until.get(lang),
        format_date(at, lang),
        days_left_text(left, lang)
    )
}

#[component]
pub fn DisputesPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let data = Resource::new(move || q.read().get("page"), list_disputes);
    view! {
        <AccountShell>
            <h1>{D::Title.get(lang)}</h1>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    let list = data.await?;
                    if list.items.is_empty() {
                        return Ok::<_, AppError>(view! { <div class="empty-state">{D::Empty.get(lang)}</div> }.into_any());
                    }
                    Ok(view! {
                        <DisputeTable items=list.items.clone() seller=false/>
                        <Pager page=list.page pages=list.pages href=|p| page_href("/account/disputes", &[], p)/>
                    }.into_any())
                })}
            </Transition>
        </AccountShell>
    }
}

/// Disputes as a table, for the shopper or the store.
#[component]
pub fn DisputeTable(items: Vec<DisputeSummary>, seller: bool) -> impl IntoView {
    let lang = use_lang();
    let base = if seller {
        "/seller/disputes"
    } else {
        "/account/disputes"
    };
    view! {
        <table class="orders-table">
            <thead><tr>
                <th>{D::Dispute.get(lang)}</th><th>{D::Order.get(lang)}</th>
                <th>{if seller { D::Buyer.get(lang) } else { D::Store.get(lang) }}</th>
                <th>{D::Status.get(lang)}</th><th>{D::Deadline.get(lang)}</th><th>{D::Asked.get(lang)}</th>
            </tr></thead>
            <tbody>{items.into_iter().map(|d| view! {
                <tr data-testid="dispute-row">
                    <td><a href=format!("{base}/{}", d.id)>{format!("{}{}", D::No.get(lang), d.id)}</a></td>
                    <td>{d.order_number.to_string()}</td>
                    <td>{if seller { d.buyer_name.clone() } else { d.store_name.clone() }}</td>
                    <td><span class="badge">{d.status.label(lang)}</span></td>
                    <td>{d.deadline.zip(d.days_left).map(|(t, left)| deadline_text(t, left, lang)).unwrap_or_else(|| "—".into())}</td>
                    <td>{d.refund_asked.format(lang)}</td>
                </tr>
            }).collect_view()}</tbody>
        </table>
    }
    .into_any()
}

/// What both sides see of a dispute: the claim, the answer, photos, deadline and history.
#[component]
pub fn DisputeBody(d: DisputeDetail, seller: bool) -> impl IntoView {
    let lang = use_lang();
    let s = d.summary.clone();
    let order_href = if seller {
        format!("/seller/orders/{}", s.order_number)
    } else {
        format!("/account/orders/{}", s.order_number)
    };
    view! {
        <p class="order-head">
            {D::Order.get(lang)}<a href=order_href>{s.order_number.to_string()}</a>" · "
            {D::Store.get(lang)}": "{s.store_name.clone()}" · "
            {D::Status.get(lang)}": "<strong class="badge" data-testid="dispute-status">{s.status.label(lang)}</strong>
        </p>
        {s.deadline.zip(s.days_left).zip(s.status.waiting_for(lang, seller)).map(|((t, left), who)| view! {
            <p class="alert alert-info" data-testid="dispute-deadline">
                {D::Waiting.get(lang)}" "{who}" "<strong>{deadline_text(t, left, lang)}</strong>". "
                {format!("{} {}.", D::Level.get(lang), d.club_level)}
            </p>
        })}
        <section class="card">
            <dl class="facts">
                <dt>{D::Reason.get(lang)}</dt><dd>{s.reason.label(lang)}</dd>
                <dt>{D::Asked.get(lang)}</dt><dd data-testid="refund-asked">{s.refund_asked.format(lang)}</dd>
                <dt>{D::ReturnGoods.get(lang)}</dt>
                <dd>{if d.return_goods { D::Returning.get(lang) } else { D::NotReturning.get(lang) }}</dd>
                <dt>{D::Description.get(lang)}</dt><dd class="prewrap">{d.description.clone()}</dd>
                {d.offer.map(|o| view! { <dt>{D::Offer.get(lang)}</dt><dd data-testid="offer">{o.format(lang)}</dd> })}
                {d.store_note.clone().map(|n| view! { <dt>{D::StoreAnswer.get(lang)}</dt><dd>{n}</dd> })}
                {(s.refunded.cents() > 0).then(|| view! {
                    <dt>{D::Refunded.get(lang)}</dt><dd data-testid="dispute-refunded">{s.refunded.format(lang)}</dd>
                })}
            </dl>
            {(!d.photos.is_empty()).then(|| view! {
                <h2>{D::Photos.get(lang)}</h2>
                <ul class="photo-list">{d.photos.iter().map(|n| {
                    let src = format!("/account/disputes/{}/photos/{n}", s.id);
                    view! { <li><a href=src.clone()><img src=src.clone() alt=format!("{} {n}", D::Photos.get(lang))
                        width="120" height="120" loading="lazy"/></a></li> }
                }).collect_view()}</ul>
            })}
        </section>
        <section class="card">
            <h2>{D::Steps.get(lang)}</h2>
            <ol class="timeline" data-testid="dispute-steps">
                {d.steps.iter().rev().map(|st| view! {
                    <li><time>{format_date_time(st.at, lang)}</time>" "<span>{st.text(lang)}</span></li>
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

#[component]
pub fn DisputePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let q = use_query_map();
    let act = ServerAction::<MoveDispute>::new();
    let error = use_form_error(act);
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(
        move || (id(), act.version().get()),
        |(id, _)| load_dispute(id),
    );
    let done = move || {
        let step = match act.value().get() {
            Some(Ok(step)) => Some(step),
            _ => q.read().get("done"),
        };
        match step.as_deref() {
            Some("accept_offer") => Some(D::Accepted),
            Some("escalate") => Some(D::Escalated),
            Some("withdraw") => Some(D::Withdrawn),
            _ => q.read().get("opened").map(|_| D::Opened),
        }
    };
    view! {
        <AccountShell>
            <h1>{move || format!("{}{}", D::Dispute.get(lang), id())}</h1>
            {move || done().map(|d| view! { <Toast text=d.get(lang).to_string()/> })}
            <FormAlert error/>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    let d = match data.await {
                        Ok(d) => d,
                        Err(_) => return view! { <div class="empty-state">{D::NotFound.get(lang)}</div> }.into_any(),
                    };
                    use DisputeStatus as S;
                    let st = d.summary.status;
                    let id = d.summary.id.to_string();
                    let button = move |step: &'static str, label: D, class: &'static str| {
                        let id = id.clone();
                        view! {
                            <ActionForm action=act>
                                <input type="hidden" name="id" value=id/>
                                <input type="hidden" name="step" value=step/>
                                <button type="submit" class=class disabled=move || act.pending().get()>{label.get(lang)}</button>
                            </ActionForm>
                        }
                    };
                    view! {
                        <div class="actions" role="group" aria-label=D::Actions.get(lang)>
                            {(st == S::Offered).then(|| button("accept_offer", D::AcceptOffer, "btn btn-primary"))}
                            {matches!(st, S::AwaitingStore | S::Offered | S::Refused)
                                .then(|| button("escalate", D::Escalate, "btn"))}
                            {st.is_open().then(|| button("withdraw", D::Withdraw, "btn btn-danger"))}
                            <a class="btn" href=format!("/account/messages/new?order={}", d.summary.order_number)
                                data-testid="write-to-seller">{lang.pick("Написать продавцу", "Write to the seller")}</a>
                        </div>
                        <DisputeBody d seller=false/>
                    }.into_any()
                })}
            </Transition>
        </AccountShell>
    }
}
