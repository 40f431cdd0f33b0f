//! The settings pages' plain forms: each posts to its server function and comes back with
//! `?form=<name>&error=<code>` (or `?done=<what>`), read here.

use crate::error::{AppError, Field};
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The error the form `form` came back with, if the address names it.
pub fn form_error(form: &'static str) -> Signal<Option<AppError>> {
    let q = use_query_map();
    Signal::derive(move || {
        let q = q.read();
        (q.get("form").as_deref() == Some(form))
            .then(|| q.get("error").and_then(|c| AppError::from_code(&c)))
            .flatten()
    })
}

/// What the last form did (`?done=`).
pub fn done_flag() -> Signal<Option<String>> {
    let q = use_query_map();
    Signal::derive(move || q.read().get("done"))
}

/// A labelled input whose error is shown under it; ids are prefixed by the form so that several
/// forms on one page can have a field of the same name.
#[component]
pub fn Input(
    form: &'static str,
    label: &'static str,
    name: &'static str,
    field: Field,
    error: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] max_len: Option<usize>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let lang = use_lang();
    let id = format!("{form}-{name}");
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = match hint {
        Some(_) => format!("{err_id} {hint_id}"),
        None => err_id.clone(),
    };
    let msg = crate::forms::field_error(error, field, lang);
    view! {
        <div class="field" class:field-invalid=move || msg().is_some()>
            <label for=id.clone()>{label}</label>
            <input id=id name=name type=kind value=value
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                maxlength=max_len.map(|n| n.to_string())
                aria-invalid=move || msg().is_some().then_some("true")
                aria-describedby=described/>
            {hint.map(|h| view! { <p class="field-hint" id=hint_id.clone()>{h}</p> })}
            <p class="field-error" id=err_id role="alert">{msg}</p>
        </div>
    }
    .into_any()
}
