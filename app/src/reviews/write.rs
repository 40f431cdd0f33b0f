//! `/account/reviews/write/{line}`: the form that reviews one order line (multipart, with
//! photos), and its script. Without JavaScript the form posts and the server redirects.

use super::views::{loading, StarsPicker, R};
use super::*;
use crate::error::Field;
use crate::forms::field_error;
use crate::forms::FormAlert;
use crate::i18n::use_lang;
use crate::layout::AccountShell;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn WriteReviewPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let q = use_query_map();
    let line = move || params.read().get("line").unwrap_or_default();
    let draft = Resource::new(line, review_draft);
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
            write_review,
            |id, _| crate::forms::navigate_hard(&format!("/account/reviews/{id}?done=written")),
        );
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, sent_error, pending);
    };
    view! {
        <AccountShell>
            <p><a href="/account/reviews">{R::Back.get(lang)}</a></p>
            <h1>{R::Write.get(lang)}</h1>
            <FormAlert error/>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    let d = match draft.await {
                        Ok(d) => d,
                        Err(_) => return view! { <div class="empty-state">{R::LineNotFound.get(lang)}</div> }.into_any(),
                    };
                    let head = view! {
                        <p class="order-head"><strong>{d.title.clone()}</strong>" · "
                            <a href=format!("/account/orders/{}", d.number)>{format!("{}{}", R::Order.get(lang), d.number)}</a>
                            " · "{R::Store.get(lang)}": "{d.store_name.clone()}</p>
                    };
                    if let Some(id) = d.existing {
                        return view! { {head}<p class="alert alert-info">{R::Already.get(lang)}" "
                            <a href=format!("/account/reviews/{id}")>{R::Open.get(lang)}</a></p> }.into_any();
                    }
                    if !d.received {
                        return view! { {head}<p class="alert alert-info">{R::NotYet.get(lang)}</p> }.into_any();
                    }
                    view! {
                        {head}
                        <form class="form" method="post" action="/api/write_review" enctype="multipart/form-data"
                            novalidate on:submit=on_submit>
                            <input type="hidden" name="line" value=d.line.to_string()/>
                            <StarsPicker error/>
                            <div class="field">
                                <label for="text">{R::Text.get(lang)}</label>
                                <textarea id="text" name="text" rows="6" required maxlength=TEXT_MAX.to_string()
                                    aria-describedby="text-hint text-error"></textarea>
                                <p class="field-hint" id="text-hint">{R::TextHint.get(lang)}</p>
                                <p class="field-error" id="text-error" role="alert">{field_error(error, Field::Text, lang)}</p>
                            </div>
                            <div class="field">
                                <label for="photos">{R::Photos.get(lang)}</label>
                                <input id="photos" name="photos" type="file" multiple
                                    accept="image/jpeg,image/png,image/webp" aria-describedby="photos-hint photos-error"/>
                                <p class="field-hint" id="photos-hint">{R::PhotosHint.get(lang)}</p>
                                <p class="field-error" id="photos-error" role="alert">{field_error(error, Field::Photos, lang)}</p>
                            </div>
                            <div class="field-check">
                                <input type="checkbox" id="show_name" name="show_name" value="1"/>
                                <label for="show_name">{R::ShowName.get(lang)}</label>
                            </div>
                            <button type="submit" class="btn btn-primary" disabled=move || pending.get()
                                aria-busy=move || pending.get().then_some("true")>
                                {move || if pending.get() { R::Sending.get(lang) } else { R::Send.get(lang) }}
                            </button>
                        </form>
                    }.into_any()
                })}
            </Transition>
        </AccountShell>
    }
}
