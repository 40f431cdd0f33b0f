//! The second step of a sign-in (`/login/code`) and the link to a new e-mail address
//! (`/email/change/{token}`). Plain forms before the WASM loads, server actions after.

use super::{ConfirmEmailChange, LoginCode};
use crate::error::{AppError, Field};
use crate::forms::{follow_on_success, use_form_error, FormAlert, InputField, SubmitButton};
use crate::i18n::use_lang;
use crate::texts;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

texts! {
    pub enum C {
        Title => "Двухэтапный вход", "Two-step sign-in";
        Help => "Введите 6-значный код из приложения-аутентификатора. Нет доступа к приложению — введите один из кодов восстановления.",
                "Enter the 6-digit code from your authenticator app. No access to the app? Enter one of your recovery codes.";
        Code => "Код из приложения или код восстановления", "Code from the app or recovery code";
        Continue => "Войти", "Sign in";
        Again => "Войти заново", "Sign in again";
        ChangeTitle => "Новый e-mail", "New e-mail";
        ChangeText => "Нажмите кнопку, чтобы этот адрес стал e-mail вашего аккаунта.",
                      "Press the button to make this address your account's e-mail.";
        ChangeButton => "Подтвердить новый e-mail", "Confirm new e-mail";
        LinkInvalid => "Ссылка недействительна, уже использована или устарела.", "This link is invalid, used or expired.";
    }
}

#[component]
pub fn LoginCodePage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<LoginCode>::new();
    follow_on_success(action);
    let error = use_form_error(action);
    let expired = move || matches!(error.get(), Some(AppError::SecondStepExpired));
    view! {
        <div class="auth-card">
            <h1>{C::Title.get(lang)}</h1>
            <FormAlert error/>
            <Show when=expired>
                <p><a class="btn" href="/login">{C::Again.get(lang)}</a></p>
            </Show>
            <p>{C::Help.get(lang)}</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <InputField label=C::Code.get(lang) name="code" field=Field::OneTimeCode error
                    autocomplete="one-time-code" required=true max_len=64/>
                <SubmitButton action label=C::Continue.get(lang)/>
            </ActionForm>
        </div>
    }
    .into_any()
}

#[component]
pub fn EmailChangePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let action = ServerAction::<ConfirmEmailChange>::new();
    follow_on_success(action);
    let error = use_form_error(action);
    view! {
        <div class="auth-card">
            <h1>{C::ChangeTitle.get(lang)}</h1>
            <Show when=move || error.get().is_some() fallback=move || view! {
                <p>{C::ChangeText.get(lang)}</p>
                <ActionForm action attr:class="form">
                    <input type="hidden" name="token" value=token/>
                    <SubmitButton action label=C::ChangeButton.get(lang)/>
                </ActionForm>
            }>
                <div class="alert alert-error" role="alert">{C::LinkInvalid.get(lang)}</div>
            </Show>
        </div>
    }
    .into_any()
}
