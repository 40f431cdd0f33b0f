//! The seller console's disputes (`/seller/disputes`): the store's disputes, open ones first,
//! and the answer: accept (refund what was asked), refuse with a reason, or offer a partial
//! refund. Another store's dispute is "not found".

#[cfg(feature = "ssr")]
use super::require_store;
#[cfg(feature = "ssr")]
use crate::disputes::parse_id;
use crate::disputes::{DisputeBody, DisputeDetail, DisputeList, DisputeStatus, DisputeTable};
use crate::error::{AppError, Field};
use crate::forms::{use_form_error, FormAlert, InputField, SubmitButton, Toast};
use crate::i18n::use_lang;
use crate::paging::{page_href, Pager};
use crate::texts;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[server(prefix = "/api", endpoint = "store_disputes")]
pub async fn list_store_disputes(
    all: Option<String>,
    page: Option<String>,
) -> Result<DisputeList, AppError> {
    use crate::disputes::ssr;
    let store_id = require_store()?;
    let page = crate::paging::parse_page(page.as_deref());
    let pool = crate::platform::state()?.pool.clone();
    ssr::list(
        &pool,
        crate::ids::Party::Store(store_id),
        all.is_none(),
        page,
    )
    .await
}

#[server(prefix = "/api", endpoint = "store_dispute")]
pub async fn store_dispute(id: String) -> Result<DisputeDetail, AppError> {
    use crate::disputes::ssr;
    let id = parse_id(&id)?;
    let store_id = require_store()?;
    let pool = crate::platform::state()?.pool.clone();
    ssr::detail(&pool, crate::ids::Party::Store(store_id), id).await
}

/// The store's answer: `accept`, `refuse` (with a reason in `note`) or `offer` (an `amount`
/// below what was asked, and an optional note).
#[server(prefix = "/api", endpoint = "answer_dispute")]
pub async fn answer_dispute(
    id: String,
    answer: String,
    amount: Option<String>,
    note: Option<String>,
) -> Result<(), AppError> {
    use crate::disputes::ssr::{self, Answer};
    let back = format!("/seller/disputes/{}", crate::web::query_escape(id.trim()));
    let result = async {
        let id = parse_id(&id)?;
        let note = super::ssr::parse_note(note.as_deref().unwrap_or_default())?;
        let a = match answer.as_str() {
            "accept" => Answer::Accept,
            "refuse" if note.is_empty() => return Err(AppError::Required(Field::Note)),
            "refuse" => Answer::Refuse { reason: note },
            "offer" => Answer::Offer {
                amount: crate::money::Money::parse_amount(amount.as_deref().unwrap_or_default())?,
                note,
            },
            _ => return Err(AppError::InvalidChoice(Field::Answer)),
        };
        let store_id = require_store()?;
        let state = crate::platform::state()?;
        ssr::answer(&state.pool, store_id, id, a).await?;
        super::mails::dispute_answered(&state, store_id, id).await;
        Ok(())
    }
    .await;
    crate::platform::answer(result, |_| format!("{back}?answered=1"), &back)
}

texts! {
    pub enum S {
        Title => "Споры покупателей", "Buyers' disputes";
        Tabs => "Споры", "Disputes";
        Open => "Открытые", "Open";
        All => "Все", "All";
        Empty => "Споров нет.", "No disputes.";
        NotFound => "Спор не найден.", "Dispute not found.";
        Answer => "Ответить на спор", "Answer the dispute";
        Accept => "Согласиться и вернуть запрошенную сумму", "Accept and refund what was asked";
        Refuse => "Отказать", "Refuse";
        RefuseReason => "Причина отказа", "Reason for refusing";
        Offer => "Предложить частичный возврат", "Offer a partial refund";
        Amount => "Сумма", "Amount";
        Below => "Меньше запрошенной покупателем", "Less than the buyer asked";
        Note => "Комментарий", "Note";
        Answered => "Ответ отправлен покупателю.", "Your answer was sent to the buyer.";
        Back => "← Все споры", "← All disputes";
        Orders => "Заказы", "Orders";
        Reviews => "Отзывы", "Reviews";
    }
}

/// Links between the console's two lists.
#[component]
pub fn SellerNav() -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="seller-nav"><a href="/seller">{S::Orders.get(lang)}</a>" · "
            <a href="/seller/disputes">{S::Title.get(lang)}</a>" · "
            <a href="/seller/reviews">{S::Reviews.get(lang)}</a>" · "
            <a href="/seller/messages">{lang.pick("Сообщения", "Messages")}" "<crate::messages::UnreadBadge store=true/></a>" · "
            <a href="/seller/products">{lang.pick("Товары и цены", "Products and prices")}</a>" · "
            <a href="/seller/coupons">{lang.pick("Купоны", "Coupons")}</a></p>
    }
}

#[component]
pub fn SellerDisputes() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let data = Resource::new(
        move || (q.read().get("all"), q.read().get("page")),
        |(all, page)| list_store_disputes(all, page),
    );
    view! {
        <SellerNav/>
        <h1>{S::Title.get(lang)}</h1>
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                let list = match data.await {
                    Ok(l) => l,
                    Err(e) => return view! { <div class="empty-state">{e.message(lang)}</div> }.into_any(),
                };
                let all = q.read().get("all").is_some();
                let base: Vec<(String, String)> = if all { vec![("all".into(), "1".into())] } else { vec![] };
                view! {
                    <nav class="tabs" aria-label=S::Tabs.get(lang)><ul>
                        <li><a href="/seller/disputes" aria-current=(!all).then_some("page")>
                            {format!("{} ({})", S::Open.get(lang), list.open)}</a></li>
                        <li><a href="/seller/disputes?all=1" aria-current=all.then_some("page")>{S::All.get(lang)}</a></li>
                    </ul></nav>
                    {if list.items.is_empty() {
                        view! { <div class="empty-state">{S::Empty.get(lang)}</div> }.into_any()
                    } else {
                        view! { <DisputeTable items=list.items.clone() seller=true/> }.into_any()
                    }}
                    <Pager page=list.page pages=list.pages href=move |p| page_href("/seller/disputes", &base, p)/>
                }.into_any()
            })}
        </Transition>
    }
}

#[component]
pub fn SellerDisputePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let q = use_query_map();
    let act = ServerAction::<AnswerDispute>::new();
    let error = use_form_error(act);
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(
        move || (id(), act.version().get()),
        |(id, _)| store_dispute(id),
    );
    let answered =
        move || matches!(act.value().get(), Some(Ok(_))) || q.read().get("answered").is_some();
    view! {
        <p><a href="/seller/disputes">{S::Back.get(lang)}</a></p>
        <h1>{move || format!("{}{}", crate::disputes::D::Dispute.get(lang), id())}</h1>
        <Show when=answered><Toast text=S::Answered.get(lang).to_string()/></Show>
        <FormAlert error/>
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                let d = match data.await {
                    Ok(d) => d,
                    Err(_) => return view! { <div class="empty-state">{S::NotFound.get(lang)}</div> }.into_any(),
                };
                let st = d.summary.status;
                // The store answers while it is its turn; during the platform's review it may only
                // settle by refunding what was asked.
                let can_answer = st == DisputeStatus::AwaitingStore;
                let can_settle = can_answer || st == DisputeStatus::Escalated;
                let id = d.summary.id.to_string();
                let (id2, id3) = (id.clone(), id.clone());
                view! {
                    {can_settle.then(|| view! {
                        <section class="card">
                            <h2>{S::Answer.get(lang)}</h2>
                            <ActionForm action=act>
                                <input type="hidden" name="id" value=id/>
                                <input type="hidden" name="answer" value="accept"/>
                                <SubmitButton action=act label=S::Accept.get(lang)/>
                            </ActionForm>
                            {can_answer.then(|| view! {
                            <ActionForm action=act attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="id" value=id2/>
                                <input type="hidden" name="answer" value="offer"/>
                                <InputField label=S::Amount.get(lang) name="amount" field=Field::Amount error
                                    hint=S::Below.get(lang)/>
                                <div class="field">
                                    <label for="offer-note">{S::Note.get(lang)}</label>
                                    <input id="offer-note" name="note" type="text" maxlength="200"/>
                                </div>
                                <button type="submit" class="btn">{S::Offer.get(lang)}</button>
                            </ActionForm>
                            <ActionForm action=act attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="id" value=id3/>
                                <input type="hidden" name="answer" value="refuse"/>
                                <div class="field">
                                    <label for="refuse-note">{S::RefuseReason.get(lang)}</label>
                                    <textarea id="refuse-note" name="note" rows="3" maxlength="200"
                                        aria-describedby="refuse-note-error"></textarea>
                                    <p class="field-error" id="refuse-note-error" role="alert">{move || error.get()
                                        .filter(|e| e.field() == Some(Field::Note)).map(|e| e.message(lang))}</p>
                                </div>
                                <button type="submit" class="btn btn-danger">{S::Refuse.get(lang)}</button>
                            </ActionForm>
                            })}
                        </section>
                    })}
                    <DisputeBody d seller=true/>
                }.into_any()
            })}
        </Transition>
    }
}
