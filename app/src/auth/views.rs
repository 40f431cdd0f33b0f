//! Sign-in pages. Each works as a plain HTML form before the WASM loads and as a server action
//! after it.

use super::{ConfirmEmail, ForgotMemberId, ForgotPassword, Login, Register, ResetPassword};
use crate::domain::{password_strength, safe_next};
use crate::error::Field;
use crate::forms::{
    follow_on_success, use_form_error, use_form_error_in, FormAlert, InputField, SubmitButton,
    Toast,
};
use crate::i18n::use_lang;
use crate::texts;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

texts! {
    pub enum T {
        SignInTitle => "Вход", "Sign in";
        LoginId => "E-mail или member ID", "E-mail or member ID";
        Password => "Пароль", "Password";
        SignIn => "Войти", "Sign in";
        Forgot => "Забыли пароль или member ID?", "Forgot your password or member ID?";
        NoAccount => "Нет аккаунта? Зарегистрируйтесь", "No account? Register";
        Trouble => "Не получается войти?", "Trouble signing in?";
        Expired => "Сеанс завершён. Войдите снова — вы вернётесь туда, где были.",
                   "Your session has ended. Sign in again to go back where you were.";
        ResetDone => "Пароль изменён. Войдите с новым паролем.", "Password changed. Sign in with your new password.";
        RegisterTitle => "Регистрация", "Register";
        Name => "Имя", "Name";
        Email => "E-mail", "E-mail";
        PasswordHint => "От 8 до 128 символов.", "8 to 128 characters.";
        Terms => "Я принимаю условия использования и политику конфиденциальности",
                 "I accept the terms of use and the privacy policy";
        CreateAccount => "Создать аккаунт", "Create account";
        HaveAccount => "Уже есть аккаунт? Войдите", "Already registered? Sign in";
        Strength => "Надёжность пароля", "Password strength";
        S0 => "очень слабый", "very weak";
        S1 => "слабый", "weak";
        S2 => "средний", "fair";
        S3 => "хороший", "good";
        S4 => "надёжный", "strong";
        ForgotTitle => "Восстановление доступа", "Recover access";
        ForgotPwHelp => "Пришлём ссылку для нового пароля. Она действует 1 час.",
                        "We'll send a link to set a new password. It is valid for 1 hour.";
        SendLink => "Отправить ссылку", "Send link";
        ForgotIdTitle => "Забыли member ID?", "Forgot your member ID?";
        SendId => "Прислать member ID", "Send my member ID";
        SentPw => "Если этот e-mail зарегистрирован, мы отправили на него ссылку для восстановления пароля.",
                  "If this e-mail is registered, we have sent it a password reset link.";
        SentId => "Если этот e-mail зарегистрирован, мы отправили на него ваш member ID.",
                  "If this e-mail is registered, we have sent your member ID to it.";
        ResetTitle => "Новый пароль", "New password";
        NewPassword => "Новый пароль", "New password";
        SavePassword => "Сохранить пароль", "Save password";
        LinkInvalid => "Ссылка недействительна или устарела.", "This link is invalid or has expired.";
        AskAgain => "Запросить новую ссылку", "Ask for a new link";
        ConfirmTitle => "Подтверждение e-mail", "Confirm your e-mail";
        ConfirmText => "Нажмите кнопку, чтобы подтвердить адрес.", "Press the button to confirm your address.";
        Confirm => "Подтвердить e-mail", "Confirm e-mail";
        HelpTitle => "Не получается войти", "Trouble signing in";
    }
}

fn query_next() -> impl Fn() -> String + Copy {
    let q = use_query_map();
    move || safe_next(q.read().get("next").as_deref())
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<Login>::new();
    follow_on_success(action);
    let error = use_form_error(action);
    let q = use_query_map();
    let next = query_next();
    let flag = move |k: &str| q.read().get(k).is_some();
    view! {
        <div class="auth-card">
            <h1>{T::SignInTitle.get(lang)}</h1>
            <Show when=move || flag("expired")>
                <div class="alert alert-info" role="status">{T::Expired.get(lang)}</div>
            </Show>
            <Show when=move || flag("reset")>
                <Toast text=T::ResetDone.get(lang).to_string()/>
            </Show>
            <FormAlert error/>
            <super::ProviderButtons next=Signal::derive(next)/>
            <super::passkeys::PasskeySignIn next=Signal::derive(next)/>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="next" value=next/>
                <InputField label=T::LoginId.get(lang) name="login" field=Field::LoginId error
                    autocomplete="username" required=true max_len=254/>
                <InputField label=T::Password.get(lang) name="password" field=Field::Password error
                    kind="password" autocomplete="current-password" required=true/>
                <SubmitButton action label=T::SignIn.get(lang)/>
            </ActionForm>
            <ul class="auth-links">
                <li><a href="/password/forgot">{T::Forgot.get(lang)}</a></li>
                <li><a href=move || format!("/register?next={}", crate::web::query_escape(&next()))>
                    {T::NoAccount.get(lang)}</a></li>
                <li><a href="/help/signin">{T::Trouble.get(lang)}</a></li>
            </ul>
        </div>
    }
}

#[component]
fn StrengthMeter(password: ReadSignal<String>) -> impl IntoView {
    let lang = use_lang();
    let score = move || password_strength(&password.get());
    let word = move || {
        match score() {
            0 => T::S0,
            1 => T::S1,
            2 => T::S2,
            3 => T::S3,
            _ => T::S4,
        }
        .get(lang)
    };
    view! {
        <div class="strength" data-score=score>
            <span id="strength-label">{T::Strength.get(lang)}": "</span>
            <meter aria-labelledby="strength-label" min="0" max="4" low="2" high="3" optimum="4" value=score></meter>
            <span class="strength-word" aria-live="polite">{move || (!password.get().is_empty()).then(word)}</span>
        </div>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<Register>::new();
    follow_on_success(action);
    let error = use_form_error(action);
    let next = query_next();
    let (password, set_password) = signal(String::new());
    let terms_error = move || {
        error
            .get()
            .filter(|e| e.field() == Some(Field::Terms))
            .map(|e| e.message(lang))
    };
    view! {
        <div class="auth-card">
            <h1>{T::RegisterTitle.get(lang)}</h1>
            <FormAlert error/>
            <super::ProviderButtons next=Signal::derive(next)/>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="next" value=next/>
                <InputField label=T::Name.get(lang) name="name" field=Field::Name error
                    autocomplete="name" required=true max_len=100/>
                <InputField label=T::Email.get(lang) name="email" field=Field::Email error
                    kind="email" autocomplete="email" required=true max_len=254/>
                <InputField label=T::Password.get(lang) name="password" field=Field::Password error
                    kind="password" autocomplete="new-password" required=true
                    hint=T::PasswordHint.get(lang) on_input=move |v| set_password.set(v)/>
                <StrengthMeter password/>
                <div class="field field-check">
                    <input id="terms" name="terms" type="checkbox" value="on"
                        aria-describedby="terms-error"/>
                    <label for="terms">{T::Terms.get(lang)}</label>
                    <p class="field-error" id="terms-error" role="alert">{terms_error}</p>
                </div>
                <SubmitButton action label=T::CreateAccount.get(lang)/>
            </ActionForm>
            <ul class="auth-links">
                <li><a href=move || crate::web::login_url(&next())>{T::HaveAccount.get(lang)}</a></li>
            </ul>
        </div>
    }
}

#[component]
pub fn ForgotPage() -> impl IntoView {
    let lang = use_lang();
    let pw = ServerAction::<ForgotPassword>::new();
    let id = ServerAction::<ForgotMemberId>::new();
    let pw_error = use_form_error(pw);
    let id_error = use_form_error_in(id, Some("member_id"));
    let q = use_query_map();
    let sent = move |what: &str, action_done: bool| {
        action_done || q.read().get("sent").as_deref() == Some(what)
    };
    let pw_sent = move || sent("password", matches!(pw.value().get(), Some(Ok(()))));
    let id_sent = move || sent("member_id", matches!(id.value().get(), Some(Ok(()))));
    view! {
        <div class="auth-card">
            <h1>{T::ForgotTitle.get(lang)}</h1>
            <Show when=pw_sent><Toast text=T::SentPw.get(lang).to_string()/></Show>
            <Show when=id_sent><Toast text=T::SentId.get(lang).to_string()/></Show>
            <p>{T::ForgotPwHelp.get(lang)}</p>
            <ActionForm action=pw attr:class="form" attr:novalidate=true>
                <InputField label=T::Email.get(lang) name="email" field=Field::Email error=pw_error
                    kind="email" autocomplete="email" required=true max_len=254/>
                <SubmitButton action=pw label=T::SendLink.get(lang)/>
            </ActionForm>
            <h2>{T::ForgotIdTitle.get(lang)}</h2>
            <ActionForm action=id attr:class="form" attr:novalidate=true attr:id="forgot-id">
                <div class="field">
                    <label for="id-email">{T::Email.get(lang)}</label>
                    <input id="id-email" name="email" type="email" autocomplete="email" maxlength="254"
                        aria-describedby="id-email-error"/>
                    <p class="field-error" id="id-email-error" role="alert">
                        {move || id_error.get().map(|e| e.message(lang))}
                    </p>
                </div>
                <SubmitButton action=id label=T::SendId.get(lang)/>
            </ActionForm>
        </div>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let valid = Resource::new(token, super::reset_link_valid);
    let action = ServerAction::<ResetPassword>::new();
    follow_on_success(action);
    let error = use_form_error(action);
    let (password, set_password) = signal(String::new());
    view! {
        <div class="auth-card">
            <h1>{T::ResetTitle.get(lang)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    if valid.await.unwrap_or(false) {
                        view! {
                            <FormAlert error/>
                            <ActionForm action attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="token" value=token/>
                                <InputField label=T::NewPassword.get(lang) name="password"
                                    field=Field::Password error kind="password"
                                    autocomplete="new-password" required=true
                                    hint=T::PasswordHint.get(lang) on_input=move |v| set_password.set(v)/>
                                <StrengthMeter password/>
                                <SubmitButton action label=T::SavePassword.get(lang)/>
                            </ActionForm>
                        }.into_any()
                    } else {
                        view! { <LinkInvalid/> }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn LinkInvalid() -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="alert alert-error" role="alert">{T::LinkInvalid.get(lang)}</div>
        <p><a href="/password/forgot">{T::AskAgain.get(lang)}</a></p>
    }
}

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let action = ServerAction::<ConfirmEmail>::new();
    follow_on_success(action);
    let error = use_form_error(action);
    view! {
        <div class="auth-card">
            <h1>{T::ConfirmTitle.get(lang)}</h1>
            <Show when=move || error.get().is_some() fallback=move || view! {
                <p>{T::ConfirmText.get(lang)}</p>
                <ActionForm action attr:class="form">
                    <input type="hidden" name="token" value=token/>
                    <SubmitButton action label=T::Confirm.get(lang)/>
                </ActionForm>
            }>
                <LinkInvalid/>
            </Show>
        </div>
    }
}

#[component]
pub fn SignInHelpPage() -> impl IntoView {
    let lang = use_lang();
    let items: &[(&str, &str)] = &[
        ("Проверьте раскладку клавиатуры и Caps Lock: пароль чувствителен к регистру.",
         "Check the keyboard layout and Caps Lock: the password is case-sensitive."),
        ("Вводите e-mail, указанный при регистрации, или 9-значный member ID.",
         "Use the e-mail you registered with, or your 9-digit member ID."),
        ("Забыли пароль или member ID — восстановите их по e-mail на странице восстановления.",
         "Forgot your password or member ID? Recover them by e-mail on the recovery page."),
        ("После нескольких неудачных попыток вход временно ограничивается: подождите указанное время.",
         "After several failed attempts signing in is paused for a while: wait the time shown."),
        ("Сеанс завершается после долгого бездействия: просто войдите снова, вы вернётесь на ту же страницу.",
         "A session ends after a long idle time: sign in again and you return to the same page."),
        ("Разрешите cookie для этого сайта: без них вход невозможен.",
         "Allow cookies for this site: signing in needs them."),
    ];
    view! {
        <div class="auth-card">
            <h1>{T::HelpTitle.get(lang)}</h1>
            <ol class="help-list">
                {items.iter().map(|(ru, en)| view! { <li>{lang.pick(ru, en).to_string()}</li> }).collect_view()}
            </ol>
            <p><a href="/password/forgot">{T::Forgot.get(lang)}</a></p>
        </div>
    }
}
