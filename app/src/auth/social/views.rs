//! The provider buttons (`/login`, `/register`), the page that links an identity to the account
//! with its e-mail (`/login/link`) and the security page's provider block. Every control is a
//! plain form: the buttons post to `/auth/{provider}`, which sends the browser to the provider.

use super::{social_buttons, social_link_wait, LinkWait, ProviderSettings, SocialLink};
use crate::error::{AppError, Field};
use crate::forms::{follow_on_success, use_form_error, FormAlert, InputField, SubmitButton};
use crate::i18n::use_lang;
use crate::texts;
use crate::widgets::format_date_time;
use leptos::prelude::*;

texts! {
    pub enum P {
        Or => "или", "or";
        SignInWith => "Войти через", "Sign in with";
        LinkTitle => "Этот e-mail уже зарегистрирован", "This e-mail already has an account";
        LinkText => "У аккаунта с адресом {email} уже есть пароль. Чтобы входить через {provider}, войдите один раз с паролем этого аккаунта — после этого {provider} будет к нему привязан.",
                    "An account with {email} already exists. To sign in with {provider}, sign in once with that account's password: {provider} is then linked to it.";
        LinkOther => "Аккаунт создан через другой сервис? Войдите через него и привяжите этот сервис в настройках безопасности.",
                     "Was the account made through another service? Sign in with it and link this one in the security settings.";
        Password => "Пароль", "Password";
        Code => "Код двухэтапного входа", "Two-step sign-in code";
        LinkButton => "Войти и привязать", "Sign in and link";
        LinkGone => "Привязка не ожидается: время истекло или она уже выполнена.", "Nothing is waiting to be linked: the time ran out or it is done.";
        SignInAgain => "Ко входу", "Go to sign-in";
        BlockTitle => "Вход через внешние сервисы", "Sign in with other services";
        NoneLinked => "Ни один сервис не привязан.", "No service is linked.";
        Linked => "привязан", "linked";
        LastUsed => "последний вход", "last sign-in";
        Unlink => "Отвязать", "Remove";
        Add => "Привязать", "Link";
        NoPassword => "У аккаунта нет пароля: последний сервис отвязать нельзя. Пароль можно задать через «Забыли пароль?» на странице входа.",
                      "The account has no password, so its last service cannot be removed. Set a password through \"Forgot your password?\" on the sign-in page.";
    }
}

/// "Войти через Google" etc. for each configured provider; nothing when none is.
#[component]
pub fn ProviderButtons(#[prop(into)] next: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    let buttons = Resource::new(|| (), |_| social_buttons());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let buttons = buttons.await.unwrap_or_default();
                (!buttons.is_empty()).then(|| view! {
                    <div class="social-signin" data-testid="social-signin">
                        {buttons.into_iter().map(|b| {
                            let label = format!("{} {}", P::SignInWith.get(lang), b.name());
                            view! {
                                <form method="post" action=format!("/auth/{}", b.provider.code())>
                                    <input type="hidden" name="next" value=next/>
                                    <button type="submit" class="btn btn-social"
                                        data-provider=b.provider.code()>{label}</button>
                                </form>
                            }
                        }).collect_view()}
                        <p class="social-or">{P::Or.get(lang)}</p>
                    </div>
                })
            })}
        </Suspense>
    }
    .into_any()
}

/// `/login/link`: the existing account's password before the provider is linked.
#[component]
pub fn LinkAccountPage() -> impl IntoView {
    let lang = use_lang();
    let wait = Resource::new(|| (), |_| social_link_wait());
    view! {
        <div class="auth-card">
            <h1>{P::LinkTitle.get(lang)}</h1>
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    match wait.await {
                        Ok(Some(w)) => view! { <LinkForm wait=w/> }.into_any(),
                        _ => view! {
                            <div class="alert alert-info" role="status">{P::LinkGone.get(lang)}</div>
                            <p><a class="btn" href="/login">{P::SignInAgain.get(lang)}</a></p>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
    .into_any()
}

#[component]
fn LinkForm(wait: LinkWait) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<SocialLink>::new();
    follow_on_success(action);
    let error = use_form_error(action);
    let expired = move || matches!(error.get(), Some(AppError::SocialLinkExpired));
    let text = P::LinkText
        .get(lang)
        .replace("{email}", &wait.email)
        .replace("{provider}", &wait.provider.name());
    view! {
        <FormAlert error/>
        <Show when=expired>
            <p><a class="btn" href="/login">{P::SignInAgain.get(lang)}</a></p>
        </Show>
        <p data-testid="link-text">{text}</p>
        <ActionForm action attr:class="form" attr:novalidate=true>
            <InputField label=P::Password.get(lang) name="current_password" field=Field::CurrentPassword
                error kind="password" autocomplete="current-password" required=true/>
            {wait.two_step.then(|| view! {
                <InputField label=P::Code.get(lang) name="code" field=Field::OneTimeCode error
                    autocomplete="one-time-code" required=true max_len=64/>
            })}
            <SubmitButton action label=P::LinkButton.get(lang)/>
        </ActionForm>
        <p class="field-hint">{P::LinkOther.get(lang)}</p>
    }
    .into_any()
}

/// The security page's block: linked providers (remove) and configured ones (link).
#[component]
pub fn ProvidersBlock(data: ProviderSettings, error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    let only_way = !data.has_password && data.linked.len() == 1;
    view! {
        <section class="settings-block" id="providers" aria-labelledby="providers-title">
            <h2 id="providers-title">{P::BlockTitle.get(lang)}</h2>
            <FormAlert error/>
            {data.linked.is_empty().then(|| view! { <p>{P::NoneLinked.get(lang)}</p> })}
            <ul class="linked-providers" data-testid="linked-providers">
                {data.linked.into_iter().map(|l| {
                    let name = l.provider.label(lang);
                    let used = l.last_used_at.map(|t| format!(", {} {}", P::LastUsed.get(lang), format_date_time(t, lang)));
                    view! {
                        <li data-provider=l.provider.code()>
                            <strong>{name}</strong>
                            {format!(" — {} {}", P::Linked.get(lang), format_date_time(l.linked_at, lang))}
                            {used}
                            <form method="post" action="/api/social_unlink" class="inline-form">
                                <input type="hidden" name="provider" value=l.provider.code()/>
                                <button type="submit" class="btn btn-small"
                                    aria-label=format!("{} {name}", P::Unlink.get(lang))>{P::Unlink.get(lang)}</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {only_way.then(|| view! { <p class="field-hint">{P::NoPassword.get(lang)}</p> })}
            <div class="social-add">
                {data.available.into_iter().map(|b| view! {
                    <form method="post" action=format!("/auth/{}", b.provider.code()) class="inline-form">
                        <input type="hidden" name="link" value="1"/>
                        <button type="submit" class="btn" data-provider=b.provider.code()>
                            {format!("{} {}", P::Add.get(lang), b.name())}
                        </button>
                    </form>
                }).collect_view()}
            </div>
        </section>
    }
    .into_any()
}
