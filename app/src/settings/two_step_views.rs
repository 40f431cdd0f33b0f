//! Two-step sign-in on the security page: turn on (QR code and key, confirmed by a first code),
//! the recovery codes shown once, new codes, turn off (with a code).

use super::forms::{form_error, Input};
use crate::auth::security::TwoStep;
use crate::error::Field;
use crate::forms::FormAlert;
use crate::i18n::use_lang;
use crate::texts;
use leptos::prelude::*;

texts! {
    pub enum W {
        Title => "Двухэтапный вход", "Two-step sign-in";
        Why => "После пароля вход спросит 6-значный код из приложения-аутентификатора (Google Authenticator, Яндекс Ключ, Aegis и др.). Контрольный вопрос мы не используем: ответы на такие вопросы легко узнать или подобрать, и стандарт OWASP ASVS 5.0 (требование 6.4.2) их запрещает.",
               "After the password, signing in asks for a 6-digit code from an authenticator app (Google Authenticator, Aegis and others). We don't use a security question: its answers are easy to find out or guess, and OWASP ASVS 5.0 (requirement 6.4.2) rules them out.";
        Off => "Выключен.", "Off.";
        TurnOn => "Включить двухэтапный вход", "Turn on two-step sign-in";
        Scan => "1. Отсканируйте QR-код приложением-аутентификатором или введите ключ вручную.",
                "1. Scan the QR code with your authenticator app, or type the key in by hand.";
        QrAlt => "QR-код для приложения-аутентификатора", "QR code for the authenticator app";
        Key => "Ключ:", "Key:";
        Enter => "2. Введите код, который показывает приложение.", "2. Enter the code the app shows.";
        Code => "Код из приложения", "Code from the app";
        Confirm => "Подтвердить и включить", "Confirm and turn on";
        On => "Включён. Неиспользованных кодов восстановления:", "On. Unused recovery codes:";
        CodesTitle => "Коды восстановления", "Recovery codes";
        CodesOnce => "Сохраните эти коды сейчас: мы показываем их один раз. Каждый код действует один раз, если нет доступа к приложению.",
                     "Save these codes now: they are shown only once. Each works once, when you can't use the app.";
        CodeForNew => "Код — чтобы создать новые коды восстановления", "Code — to make new recovery codes";
        CodeForOff => "Код — чтобы выключить двухэтапный вход", "Code — to turn two-step sign-in off";
        NewCodes => "Создать новые коды восстановления", "Make new recovery codes";
        TurnOff => "Выключить двухэтапный вход", "Turn off two-step sign-in";
    }
}

#[component]
pub fn TwoStepBlock(state: TwoStep, fresh_codes: Vec<String>) -> impl IntoView {
    let lang = use_lang();
    let error = form_error("two_step");
    let body = match state {
        TwoStep::Off => view! {
            <p data-testid="two-step-state">{W::Off.get(lang)}</p>
            <form method="post" action="/api/two_step_start">
                <button type="submit" class="btn btn-primary">{W::TurnOn.get(lang)}</button>
            </form>
        }
        .into_any(),
        TwoStep::Pending { key, qr } => view! {
            <p>{W::Scan.get(lang)}</p>
            <img class="qr" src=qr alt=W::QrAlt.get(lang) width="200" height="200"/>
            <p>{W::Key.get(lang)}" "<code data-testid="two-step-key">{key}</code></p>
            <p>{W::Enter.get(lang)}</p>
            <form class="form" method="post" action="/api/two_step_confirm" novalidate>
                <Input form="two_step" label=W::Code.get(lang) name="code" field=Field::OneTimeCode error
                    autocomplete="one-time-code" max_len=64/>
                <button type="submit" class="btn btn-primary">{W::Confirm.get(lang)}</button>
            </form>
        }
        .into_any(),
        TwoStep::On { codes_left } => view! { <OnForms codes_left/> }.into_any(),
    };
    view! {
        <section class="settings-block" id="two-step" aria-labelledby="two-step-title">
            <h2 id="two-step-title">{W::Title.get(lang)}</h2>
            <p class="field-hint">{W::Why.get(lang)}</p>
            <FormAlert error/>
            {(!fresh_codes.is_empty()).then(|| view! { <FreshCodes codes=fresh_codes.clone()/> })}
            {body}
        </section>
    }
    .into_any()
}

#[component]
fn FreshCodes(codes: Vec<String>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="alert alert-info" role="status">
            <h3>{W::CodesTitle.get(lang)}</h3>
            <p>{W::CodesOnce.get(lang)}</p>
            <ul class="recovery-codes" data-testid="recovery-codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ul>
        </div>
    }
    .into_any()
}

#[component]
fn OnForms(codes_left: i64) -> impl IntoView {
    let lang = use_lang();
    let codes_error = form_error("codes");
    let off_error = form_error("two_step");
    view! {
        <p data-testid="two-step-state">{W::On.get(lang)}" "{codes_left}</p>
        <form class="form" method="post" action="/api/recovery_codes" novalidate>
            <FormAlert error=codes_error/>
            <Input form="codes" label=W::CodeForNew.get(lang) name="code" field=Field::OneTimeCode error=codes_error
                autocomplete="one-time-code" max_len=64/>
            <button type="submit" class="btn">{W::NewCodes.get(lang)}</button>
        </form>
        <form class="form" method="post" action="/api/two_step_disable" novalidate>
            <Input form="off" label=W::CodeForOff.get(lang) name="code" field=Field::OneTimeCode error=off_error
                autocomplete="one-time-code" max_len=64/>
            <button type="submit" class="btn">{W::TurnOff.get(lang)}</button>
        </form>
    }
    .into_any()
}
