//! `/account/settings/security`: change the password and the e-mail, two-step sign-in, the
//! sessions and the sign-in history. Every control is a plain form (works without JavaScript).

use super::forms::{done_flag, form_error, Input};
use super::sessions_views::{History, Sessions};
use super::two_step_views::TwoStepBlock;
use super::*;
use crate::auth::security::TwoStep;
use crate::error::Field;
use crate::forms::{FormAlert, Toast};
use crate::i18n::use_lang;
use crate::layout::{AccountShell, SettingsTabs};
use crate::texts;
use leptos_router::hooks::use_query_map;

texts! {
    pub enum S {
        Title => "Безопасность", "Security";
        PasswordTitle => "Смена пароля", "Change password";
        Current => "Текущий пароль", "Current password";
        New => "Новый пароль", "New password";
        NewHint => "От 8 до 128 символов; не из списка распространённых. Все другие сеансы завершатся.",
                   "8 to 128 characters, not a common one. Every other session will end.";
        Code => "Код двухэтапного входа", "Two-step sign-in code";
        CodeHint => "Из приложения-аутентификатора или код восстановления.", "From your authenticator app, or a recovery code.";
        SavePassword => "Сменить пароль", "Change password";
        EmailTitle => "Смена e-mail", "Change e-mail";
        EmailNow => "Сейчас:", "Now:";
        EmailPending => "Ждёт подтверждения по ссылке в письме:", "Waiting for the link in the e-mail to:";
        NewEmail => "Новый e-mail", "New e-mail";
        EmailHint => "На новый адрес придёт ссылка; до её открытия действует прежний адрес.",
                     "A link goes to the new address; the old one stays in force until it is opened.";
        SaveEmail => "Сменить e-mail", "Change e-mail";
        DonePassword => "Пароль изменён. Другие сеансы завершены, на e-mail отправлено уведомление.",
                        "Password changed. Other sessions have ended; an e-mail notice has been sent.";
        DoneEmail => "Если адрес свободен, на него отправлена ссылка для подтверждения. Прежний адрес действует до её открытия.",
                     "If the address is free, a confirmation link has been sent to it. The old address stays in force until then.";
        DoneEmailChanged => "E-mail изменён.", "E-mail changed.";
        DoneSession => "Сеанс завершён.", "The session has ended.";
        DoneSessions => "Все другие сеансы завершены.", "Every other session has ended.";
        DoneTwoStepOn => "Двухэтапный вход включён.", "Two-step sign-in is on.";
        DoneTwoStepOff => "Двухэтапный вход выключен.", "Two-step sign-in is off.";
        DoneLinked => "Сервис привязан: теперь через него можно входить.", "Service linked: you can now sign in with it.";
        DoneUnlinked => "Сервис отвязан.", "Service removed.";
        DoneCodes => "Новые коды восстановления созданы; прежние больше не действуют.",
                     "New recovery codes made; the old ones no longer work.";
    }
}

#[component]
pub fn SecurityPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let data = Resource::new(|| (), |_| load_security());
    let social = Resource::new(|| (), |_| crate::auth::social::social_settings());
    let keys = Resource::new(|| (), |_| crate::auth::passkeys::passkeys());
    let social_error = form_error("social");
    let passkey_error = form_error("passkeys");
    let done = done_flag();
    let toast = move || {
        let text = match done.get().as_deref() {
            Some("password") => S::DonePassword,
            Some("email") => S::DoneEmail,
            Some("session") => S::DoneSession,
            Some("sessions") => S::DoneSessions,
            Some("two_step_on") => S::DoneTwoStepOn,
            Some("two_step_off") => S::DoneTwoStepOff,
            Some("codes") => S::DoneCodes,
            Some("linked") => S::DoneLinked,
            Some("unlinked") => S::DoneUnlinked,
            _ if q.read().get("email_changed").is_some() => S::DoneEmailChanged,
            Some(other) => {
                let text = crate::auth::passkeys::done_text(other, lang)?;
                return Some(view! { <Toast text=text.to_string()/> });
            }
            _ => return None,
        };
        Some(view! { <Toast text=text.get(lang).to_string()/> })
    };
    view! {
        <AccountShell>
            <h1>{S::Title.get(lang)}</h1>
            <SettingsTabs/>
            {toast}
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    let d = data.await?;
                    let providers = social.await?;
                    let keys = keys.await?;
                    let two_step_on = matches!(d.two_step, TwoStep::On { .. });
                    Ok::<_, AppError>(view! {
                        <PasswordForm two_step_on/>
                        <EmailForm email=d.email.clone() pending=d.pending_email.clone() two_step_on/>
                        <TwoStepBlock state=d.two_step.clone() fresh_codes=d.fresh_codes.clone()/>
                        <crate::auth::passkeys::PasskeysBlock keys error=passkey_error/>
                        <crate::auth::social::ProvidersBlock data=providers error=social_error/>
                        <Sessions sessions=d.sessions.clone()/>
                        <History entries=d.history.clone()/>
                    }.into_any())
                })}
            </Transition>
        </AccountShell>
    }
    .into_any()
}

/// The code field, shown when two-step sign-in is on.
#[component]
fn CodeInput(form: &'static str, on: bool, error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    on.then(|| {
        view! {
            <Input form label=S::Code.get(lang) name="code" field=Field::OneTimeCode error
                autocomplete="one-time-code" max_len=64 hint=S::CodeHint.get(lang)/>
        }
    })
}

#[component]
fn PasswordForm(two_step_on: bool) -> impl IntoView {
    let lang = use_lang();
    let error = form_error("password");
    view! {
        <section class="settings-block" id="password" aria-labelledby="password-title">
            <h2 id="password-title">{S::PasswordTitle.get(lang)}</h2>
            <FormAlert error/>
            <form class="form" method="post" action="/api/change_password" novalidate>
                <Input form="password" label=S::Current.get(lang) name="current_password"
                    field=Field::CurrentPassword error kind="password" autocomplete="current-password" max_len=128/>
                <Input form="password" label=S::New.get(lang) name="password" field=Field::Password error
                    kind="password" autocomplete="new-password" max_len=128 hint=S::NewHint.get(lang)/>
                <CodeInput form="password" on=two_step_on error/>
                <button type="submit" class="btn btn-primary">{S::SavePassword.get(lang)}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn EmailForm(email: String, pending: Option<String>, two_step_on: bool) -> impl IntoView {
    let lang = use_lang();
    let error = form_error("email");
    view! {
        <section class="settings-block" id="email" aria-labelledby="email-title">
            <h2 id="email-title">{S::EmailTitle.get(lang)}</h2>
            <p>{S::EmailNow.get(lang)}" "<strong data-testid="current-email">{email}</strong></p>
            {pending.map(|p| view! {
                <p class="alert alert-info" data-testid="pending-email">{S::EmailPending.get(lang)}" "{p}</p>
            })}
            <FormAlert error/>
            <form class="form" method="post" action="/api/change_email" novalidate>
                <Input form="email" label=S::NewEmail.get(lang) name="email" field=Field::Email error
                    kind="email" autocomplete="email" max_len=254 hint=S::EmailHint.get(lang)/>
                <Input form="email" label=S::Current.get(lang) name="current_password"
                    field=Field::CurrentPassword error kind="password" autocomplete="current-password" max_len=128/>
                <CodeInput form="email" on=two_step_on error/>
                <button type="submit" class="btn btn-primary">{S::SaveEmail.get(lang)}</button>
            </form>
        </section>
    }
    .into_any()
}
