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
        submit::send(ev, sent_error, pending);
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

/// With JavaScript: photos are checked in the browser first (count, size, type), then the form
/// is sent as the same multipart request; an error stays next to its field and nothing typed is
/// lost.
#[cfg(feature = "hydrate")]
mod submit {
    use super::*;
    use crate::images::{MAX_BYTES, MAX_PHOTOS};
    use wasm_bindgen::JsCast;

    pub fn send(
        ev: leptos::ev::SubmitEvent,
        error: RwSignal<Option<AppError>>,
        pending: RwSignal<bool>,
    ) {
        ev.prevent_default();
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        if let Some(e) = check_files() {
            error.set(Some(e));
            return;
        }
        let Ok(data) = web_sys::FormData::new_with_form(&form) else {
            return;
        };
        pending.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match write_review(data.into()).await {
                Ok(id) => {
                    crate::forms::navigate_hard(&format!("/account/reviews/{id}?done=written"))
                }
                Err(e) => {
                    error.set(Some(e));
                    pending.set(false);
                }
            }
        });
    }

    fn check_files() -> Option<AppError> {
        let input = web_sys::window()?
            .document()?
            .get_element_by_id("photos")?
            .dyn_into::<web_sys::HtmlInputElement>()
            .ok()?;
        let files = input.files()?;
        if files.length() as usize > MAX_PHOTOS {
            return Some(AppError::TooManyPhotos);
        }
        (0..files.length())
            .filter_map(|i| files.get(i))
            .find_map(|f| {
                if f.size() > MAX_BYTES as f64 {
                    Some(AppError::PhotoTooLarge)
                } else if !matches!(
                    f.type_().as_str(),
                    "image/jpeg" | "image/png" | "image/webp"
                ) {
                    Some(AppError::PhotoNotImage)
                } else {
                    None
                }
            })
    }
}
