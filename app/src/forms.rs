//! Form building blocks shared by every section: labelled fields with their error next to them,
//! the form-level alert, and the success notice (toast).

use crate::error::{AppError, Field};
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The error to show for a form: the last JavaScript submission's, or the one a plain form post
/// brought back in `?error=`.
pub fn use_form_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    use_form_error_in(action, None)
}

/// Like [`use_form_error`] for a page with several forms: `?error=` counts for this one only when
/// `?form=` names it (`None`: the page's main form, posted back without `form`).
pub fn use_form_error_in<S>(
    action: ServerAction<S>,
    form: Option<&'static str>,
) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let query = use_query_map();
    Signal::derive(move || match action.value().get() {
        Some(Err(e)) => Some(e),
        Some(Ok(_)) => None,
        None => {
            let q = query.read();
            (q.get("form").as_deref() == form)
                .then(|| q.get("error").and_then(|c| AppError::from_code(&c)))
                .flatten()
        }
    })
}

/// When a JavaScript submission succeeds with a URL, load that page in full (the header and
/// everything else then reflect the new session).
pub fn follow_on_success<S>(action: ServerAction<S>)
where
    S: ServerFn<Output = String, Error = AppError> + Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(url)) = action.value().get() {
            navigate_hard(&url);
        }
    });
}

/// A full page load (not client-side routing).
pub fn navigate_hard(_url: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(_url);
    }
}

/// A labelled input with its error message under it.
#[component]
pub fn InputField(
    /// Visible label text.
    label: &'static str,
    /// Form field name (also the element id).
    name: &'static str,
    /// Which errors belong here.
    field: Field,
    error: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] max_len: Option<usize>,
    /// Called with the value on every keystroke (browser only).
    #[prop(optional, into)]
    on_input: Option<Callback<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let msg = move || {
        error
            .get()
            .filter(|e| e.field() == Some(field))
            .map(|e| e.message(lang))
    };
    let err_id = format!("{name}-error");
    let hint_id = format!("{name}-hint");
    let described = match hint {
        Some(_) => format!("{err_id} {hint_id}"),
        None => err_id.clone(),
    };
    view! {
        <div class="field" class:field-invalid=move || msg().is_some()>
            <label for=name>{label}</label>
            <input
                id=name
                name=name
                type=kind
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                required=required
                value=value
                maxlength=max_len.map(|n| n.to_string())
                aria-invalid=move || msg().is_some().then_some("true")
                aria-describedby=described
                on:input=move |ev| {
                    if let Some(cb) = on_input {
                        cb.run(event_target_value(&ev));
                    }
                }
            />
            {hint.map(|h| view! { <p class="field-hint" id=hint_id.clone()>{h}</p> })}
            <p class="field-error" id=err_id role="alert">{msg}</p>
        </div>
    }
}

/// Errors that belong to no single field (wrong password, too many attempts…).
#[component]
pub fn FormAlert(error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    let msg = move || {
        error
            .get()
            .filter(|e| e.field().is_none())
            .map(|e| e.message(lang))
    };
    // Signed out meanwhile (another tab, an ended session): offer the way back in.
    let location = leptos_router::hooks::use_location();
    let sign_in = move || {
        matches!(error.get(), Some(AppError::NotSignedIn)).then(|| {
            let here = crate::web::path_and_query(&location.pathname.get(), &location.search.get());
            let href = crate::web::login_url(&crate::domain::safe_next(Some(&here)));
            view! { " "<a href=href>{lang.pick("Войти", "Sign in")}</a> }
        })
    };
    view! {
        <Show when=move || msg().is_some()>
            <div class="alert alert-error" role="alert">{msg}{sign_in}</div>
        </Show>
    }
}

/// A short success notice at the top of the page (also without JavaScript).
#[component]
pub fn Toast(text: String) -> impl IntoView {
    view! { <div class="toast" role="status" aria-live="polite">{text}</div> }
}

/// The submit button, busy while the request runs.
#[component]
pub fn SubmitButton<S>(action: ServerAction<S>, label: &'static str) -> impl IntoView
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    view! {
        <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()
            aria-busy=move || action.pending().get().then_some("true")>
            {label}
        </button>
    }
}

/// The error of one field, or none.
pub fn field_error(
    error: Signal<Option<AppError>>,
    field: Field,
    lang: Lang,
) -> impl Fn() -> Option<String> + Send + Sync + Copy + 'static {
    move || {
        error
            .get()
            .filter(|e| e.field() == Some(field))
            .map(|e| e.message(lang))
    }
}
