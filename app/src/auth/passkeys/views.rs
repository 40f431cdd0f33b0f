//! The security page's passkey block (list, add, remove) and the sign-in page's passkey
//! button. Adding and signing in need JavaScript (WebAuthn is a browser API): those controls
//! appear once the page is hydrated, and until then a note says so; removing is a plain form.

use super::PasskeyInfo;
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use crate::texts;
use crate::widgets::format_date_time;
use leptos::prelude::*;

texts! {
    pub enum K {
        Title => "Ключи доступа", "Passkeys";
        About => "Ключ доступа (passkey) хранится на вашем устройстве или в менеджере паролей и открывается отпечатком, лицом или PIN-кодом. С ним вход не требует ни пароля, ни кода: он сам по себе двухэтапный.",
                 "A passkey is kept on your device or in your password manager and unlocked with your fingerprint, face or PIN. Signing in with it needs neither password nor code: it is two steps in itself.";
        None => "Ключей доступа пока нет.", "No passkeys yet.";
        Added => "добавлен", "added";
        LastUsed => "последний вход", "last sign-in";
        Never => "ещё не использовался", "not used yet";
        Remove => "Удалить", "Remove";
        Name => "Название ключа", "Passkey name";
        NameHint => "Чтобы отличать ключи: например, «Телефон» или «Ноутбук». До 60 символов.",
                    "To tell your passkeys apart, such as \"Phone\" or \"Laptop\". Up to 60 characters.";
        DefaultName => "Мой ключ", "My passkey";
        Add => "Добавить ключ доступа", "Add a passkey";
        Working => "Подтвердите на устройстве…", "Confirm on your device…";
        NoScript => "Чтобы добавить ключ или войти с ним, включите JavaScript: ключи доступа работают через браузер.",
                    "To add a passkey or sign in with one, turn on JavaScript: passkeys work through the browser.";
        Unsupported => "Этот браузер не поддерживает ключи доступа. Обновите его или войдите другим способом.",
                       "This browser does not support passkeys. Update it or sign in another way.";
        Cancelled => "Действие с ключом отменено. Ничего не изменено.", "The passkey request was cancelled. Nothing has changed.";
        Exists => "Ключ на этом устройстве уже добавлен к аккаунту.", "A passkey on this device is already added to the account.";
        Failed => "Не удалось обратиться к ключу доступа. Попробуйте ещё раз.", "The passkey could not be reached. Please try again.";
        SignIn => "Войти с ключом доступа", "Sign in with a passkey";
        DoneAdded => "Ключ доступа добавлен: теперь с ним можно входить без пароля.", "Passkey added: you can now sign in with it, without a password.";
        DoneRemoved => "Ключ доступа удалён.", "Passkey removed.";
    }
}

/// The browser side's refusal, as the shopper reads it.
#[cfg(feature = "hydrate")]
fn refusal_text(r: super::browser::Refusal, lang: Lang) -> String {
    use super::browser::Refusal;
    match r {
        Refusal::Unsupported => K::Unsupported,
        Refusal::Cancelled => K::Cancelled,
        Refusal::Exists => K::Exists,
        Refusal::Failed => K::Failed,
    }
    .get(lang)
    .to_string()
}

/// The toast for `?done=` values this block produces.
pub fn done_text(done: &str, lang: Lang) -> Option<&'static str> {
    match done {
        "passkey_added" => Some(K::DoneAdded.get(lang)),
        "passkey_removed" => Some(K::DoneRemoved.get(lang)),
        _ => None,
    }
}

/// True once the page runs in the browser (after hydration): the controls that need WebAuthn.
fn hydrated() -> ReadSignal<bool> {
    let (ready, set_ready) = signal(false);
    Effect::new(move |_| set_ready.set(true));
    ready
}

#[component]
pub fn PasskeysBlock(keys: Vec<PasskeyInfo>, error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    let empty = keys.is_empty();
    let message = move || error.get().map(|e| e.message(lang));
    view! {
        <section class="settings-block" id="passkeys" aria-labelledby="passkeys-title">
            <h2 id="passkeys-title">{K::Title.get(lang)}</h2>
            <p class="field-hint">{K::About.get(lang)}</p>
            <Show when=move || message().is_some()>
                <div class="alert alert-error" role="alert">{message}</div>
            </Show>
            {empty.then(|| view! { <p>{K::None.get(lang)}</p> })}
            <ul class="passkeys" data-testid="passkeys">
                {keys.into_iter().map(|k| view! { <PasskeyRow key=k/> }).collect_view()}
            </ul>
            <AddPasskey/>
        </section>
    }
    .into_any()
}

#[component]
fn PasskeyRow(key: PasskeyInfo) -> impl IntoView {
    let lang = use_lang();
    let used = match key.last_used_at {
        Some(t) => format!("{} {}", K::LastUsed.get(lang), format_date_time(t, lang)),
        None => K::Never.get(lang).to_string(),
    };
    let label = format!("{} «{}»", K::Remove.get(lang), key.name);
    view! {
        <li data-testid="passkey">
            <strong>{key.name.clone()}</strong>
            {format!(" — {} {}, {used}", K::Added.get(lang), format_date_time(key.created_at, lang))}
            <form method="post" action="/api/passkey_remove" class="inline-form">
                <input type="hidden" name="id" value=key.id.get().to_string()/>
                <button type="submit" class="btn btn-small" aria-label=label>{K::Remove.get(lang)}</button>
            </form>
        </li>
    }
}

/// Name, then the browser's dialog; the page reloads with the new list.
#[component]
fn AddPasskey() -> impl IntoView {
    let lang = use_lang();
    let ready = hydrated();
    let (name, set_name) = signal(K::DefaultName.get(lang).to_string());
    let (busy, set_busy) = signal(false);
    let (problem, set_problem) = signal(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            set_busy.set(true);
            set_problem.set(None);
            let name = name.get_untracked();
            leptos::task::spawn_local(async move {
                let out = add_passkey(name, lang).await;
                set_busy.set(false);
                match out {
                    Ok(()) => crate::forms::navigate_hard(
                        "/account/settings/security?done=passkey_added#passkeys",
                    ),
                    Err(text) => set_problem.set(Some(text)),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (name, set_busy, set_problem, lang);
    };
    view! {
        <p class="field-hint" data-testid="passkey-needs-js" hidden=move || ready.get()>{K::NoScript.get(lang)}</p>
        <form class="form passkey-add" hidden=move || !ready.get() on:submit=add novalidate>
            <div class="field">
                <label for="passkey-name">{K::Name.get(lang)}</label>
                <input id="passkey-name" name="name" type="text" maxlength="60" autocomplete="off"
                    aria-describedby="passkey-name-hint passkey-problem"
                    prop:value=name on:input=move |ev| set_name.set(event_target_value(&ev))/>
                <p class="field-hint" id="passkey-name-hint">{K::NameHint.get(lang)}</p>
            </div>
            <p class="field-error" id="passkey-problem" role="alert">{move || problem.get()}</p>
            <button type="submit" class="btn btn-primary" disabled=busy aria-busy=move || busy.get().to_string()>
                {move || if busy.get() { K::Working.get(lang) } else { K::Add.get(lang) }}
            </button>
        </form>
    }
}

#[cfg(feature = "hydrate")]
async fn add_passkey(name: String, lang: Lang) -> Result<(), String> {
    use super::{browser, passkey_add_finish, passkey_add_start};
    if !browser::supported() {
        return Err(K::Unsupported.get(lang).to_string());
    }
    let ceremony = passkey_add_start(name).await.map_err(|e| e.message(lang))?;
    let answer = browser::ceremony(&ceremony.options, true)
        .await
        .map_err(|r| refusal_text(r, lang))?;
    passkey_add_finish(ceremony.token, answer)
        .await
        .map(|_| ())
        .map_err(|e| e.message(lang))
}

/// "Sign in with a passkey" on `/login`: no account to type; the browser offers this site's
/// passkeys. Shown once the page runs in the browser.
#[component]
pub fn PasskeySignIn(#[prop(into)] next: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    let ready = hydrated();
    let (busy, set_busy) = signal(false);
    let (problem, set_problem) = signal(None::<String>);
    let start = move |_| {
        #[cfg(feature = "hydrate")]
        {
            set_busy.set(true);
            set_problem.set(None);
            let next = next.get_untracked();
            leptos::task::spawn_local(async move {
                match sign_in(next, lang).await {
                    Ok(to) => crate::forms::navigate_hard(&to),
                    Err(text) => {
                        set_busy.set(false);
                        set_problem.set(Some(text));
                    }
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (next, set_busy, set_problem);
    };
    view! {
        <div class="passkey-signin" hidden=move || !ready.get()>
            <button type="button" class="btn btn-social" data-testid="passkey-sign-in"
                disabled=busy aria-busy=move || busy.get().to_string() on:click=start>
                {move || if busy.get() { K::Working.get(lang) } else { K::SignIn.get(lang) }}
            </button>
            <Show when=move || problem.get().is_some()>
                <div class="alert alert-error" role="alert">{move || problem.get()}</div>
            </Show>
        </div>
    }
}

#[cfg(feature = "hydrate")]
async fn sign_in(next: String, lang: Lang) -> Result<String, String> {
    use super::{browser, passkey_sign_in_finish, passkey_sign_in_start};
    if !browser::supported() {
        return Err(K::Unsupported.get(lang).to_string());
    }
    let ceremony = passkey_sign_in_start().await.map_err(|e| e.message(lang))?;
    let answer = browser::ceremony(&ceremony.options, false)
        .await
        .map_err(|r| refusal_text(r, lang))?;
    passkey_sign_in_finish(ceremony.token, answer, Some(next))
        .await
        .map_err(|e| e.message(lang))
}
