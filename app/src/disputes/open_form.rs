//! `/account/orders/{number}/dispute`: the form that opens a dispute, and its script.

use super::views::{deadline_text, loading, D};
use super::*;
use crate::error::Field;
use crate::forms::FormAlert;
use crate::i18n::use_lang;
use crate::layout::AccountShell;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/account/orders/{number}/dispute`: the form that opens a dispute.
#[component]
pub fn OpenDisputePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let q = use_query_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let draft = Resource::new(number, load_dispute_draft);
    // The error of the last submission with JavaScript, else the one a plain post came back with.
    let sent_error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let error = Signal::derive(move || {
        sent_error
            .get()
            .or_else(|| q.read().get("error").and_then(|c| AppError::from_code(&c)))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        crate::images::submit::send(
            ev,
            sent_error,
            pending,
            crate::images::submit::Files::Photos,
            open_dispute,
            |id, _| crate::forms::navigate_hard(&format!("/account/disputes/{id}?opened=1")),
        );
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let at = move |f: Field| {
        move || {
            error
                .get()
                .filter(|e| e.field() == Some(f))
                .map(|e| e.message(lang))
        }
    };
    view! {
        <AccountShell>
            <h1>{D::Open.get(lang)}</h1>
            <FormAlert error/>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    let d = match draft.await {
                        Ok(d) => d,
                        Err(e) => return view! { <div class="empty-state">{e.message(lang)}</div> }.into_any(),
                    };
                    let head = view! {
                        <p class="order-head">{D::Order.get(lang)}
                            <a href=format!("/account/orders/{}", d.number)>{d.number.to_string()}</a>
                            " · "{D::Store.get(lang)}": "{d.store_name.clone()}</p>
                    };
                    if let Some(id) = d.existing {
                        return view! { {head}<p class="alert alert-info">{D::Existing.get(lang)}" "
                            <a href=format!("/account/disputes/{id}")>{format!("{}{id}", D::No.get(lang))}</a></p> }.into_any();
                    }
                    if d.withdrawn > super::model::REOPENS_AFTER_WITHDRAWAL {
                        return view! { {head}<p class="alert alert-info">{AppError::DisputeReopenUsed.message(lang)}</p> }.into_any();
                    }
                    let closes = match d.window {
                        Window::NotYet => return view! { {head}<p class="alert alert-info">{D::NotYet.get(lang)}</p> }.into_any(),
                        Window::Closed => return view! { {head}<p class="alert alert-info">{D::Closed.get(lang)}</p> }.into_any(),
                        Window::Open { closes } => closes,
                    };
                    let max = d.refundable.format(lang);
                    view! {
                        {head}
                        {closes.zip(d.days_left).map(|(t, left)| view! { <p class="alert alert-info" data-testid="window-closes">
                            {D::WindowCloses.get(lang)}" "<strong>{deadline_text(t, left, lang)}</strong></p> })}
                        <form class="form" method="post" action="/api/open_dispute" enctype="multipart/form-data"
                            novalidate on:submit=on_submit>
                            <input type="hidden" name="number" value=d.number.to_string()/>
                            <fieldset class="field">
                                <legend>{D::Reason.get(lang)}</legend>
                                {DisputeReason::ALL.iter().enumerate().map(|(i, r)| {
                                    let id = format!("reason-{}", r.code());
                                    view! { <div class="field-check">
                                        <input type="radio" id=id.clone() name="reason" value=r.code() checked=i == 0/>
                                        <label for=id>{r.label(lang)}</label></div> }
                                }).collect_view()}
                                <p class="field-error" role="alert">{at(Field::Reason)}</p>
                            </fieldset>
                            <fieldset class="field">
                                <legend>{D::Refund.get(lang)}</legend>
                                <div class="field-check"><input type="radio" id="refund-full" name="refund" value="full" checked/>
                                    <label for="refund-full">{format!("{} ({max})", D::Full.get(lang))}</label></div>
                                <div class="field-check"><input type="radio" id="refund-partial" name="refund" value="partial"/>
                                    <label for="refund-partial">{D::Partial.get(lang)}</label></div>
                                <label for="amount">{D::Amount.get(lang)}</label>
                                <input id="amount" name="amount" type="text" inputmode="decimal" autocomplete="off"
                                    aria-describedby="amount-hint amount-error"/>
                                <p class="field-hint" id="amount-hint">{format!("{} {max}", D::UpTo.get(lang))}</p>
                                <p class="field-error" id="amount-error" role="alert">{at(Field::Amount)}</p>
                                <p class="field-error" role="alert">{at(Field::Refund)}</p>
                            </fieldset>
                            <div class="field-check">
                                <input type="checkbox" id="return_goods" name="return_goods" value="1"/>
                                <label for="return_goods">{D::ReturnGoods.get(lang)}</label>
                            </div>
                            <div class="field">
                                <label for="description">{D::Description.get(lang)}</label>
                                <textarea id="description" name="description" rows="5" required
                                    maxlength=DESCRIPTION_MAX.to_string() aria-describedby="description-error"></textarea>
                                <p class="field-error" id="description-error" role="alert">{at(Field::Description)}</p>
                            </div>
                            <div class="field">
                                <label for="photos">{D::Photos.get(lang)}</label>
                                <input id="photos" name="photos" type="file" multiple
                                    accept="image/jpeg,image/png,image/webp" aria-describedby="photos-hint photos-error"/>
                                <p class="field-hint" id="photos-hint">{D::PhotosHint.get(lang)}</p>
                                <p class="field-error" id="photos-error" role="alert">{at(Field::Photos)}</p>
                            </div>
                            <button type="submit" class="btn btn-primary" disabled=move || pending.get()
                                aria-busy=move || pending.get().then_some("true")>
                                {move || if pending.get() { D::Sending.get(lang) } else { D::Open.get(lang) }}
                            </button>
                        </form>
                    }.into_any()
                })}
            </Transition>
        </AccountShell>
    }
}
