//! `/account/settings/notifications`: the e-mail choices (one plain form) and the log, paged;
//! `/account/settings/notifications/{id}`: one e-mail as it was sent.

use super::*;
use crate::forms::Toast;
use crate::i18n::use_lang;
use crate::layout::{AccountShell, SettingsTabs};
use crate::paging::Pager;
use crate::texts;
use crate::widgets::format_date_time;
use leptos_router::hooks::{use_params_map, use_query_map};

texts! {
    pub enum N {
        Title => "Уведомления по e-mail", "E-mail notifications";
        ChoicesTitle => "Какие письма присылать", "Which e-mails to send";
        Always => "Письма о безопасности и аккаунте (вход с нового устройства, смена пароля и e-mail) приходят всегда.",
                  "Security and account e-mails (a sign-in from a new device, a changed password or e-mail) are always sent.";
        Save => "Сохранить", "Save";
        Saved => "Настройки уведомлений сохранены.", "Notification settings saved.";
        LogTitle => "Отправленные вам письма", "E-mails sent to you";
        Empty => "Писем пока не было.", "No e-mails yet.";
        Date => "Дата", "Date";
        Kind => "Тема", "Kind";
        Subject => "Заголовок", "Subject";
        Back => "← Все письма", "← All e-mails";
        Sent => "Отправлено", "Sent";
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let data = Resource::new(
        move || q.read().get("page").unwrap_or_default(),
        |p| mail_log(Some(p)),
    );
    view! {
        <AccountShell>
            <h1>{N::Title.get(lang)}</h1>
            <SettingsTabs/>
            <Show when=move || q.read().get("saved").is_some()><Toast text=N::Saved.get(lang).to_string()/></Show>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    let d = data.await?;
                    Ok::<_, AppError>(view! {
                        <Choices choices=d.choices.clone()/>
                        <h2>{N::LogTitle.get(lang)}</h2>
                        {if d.items.is_empty() {
                            view! { <div class="empty-state">{N::Empty.get(lang)}</div> }.into_any()
                        } else {
                            view! { <LogTable items=d.items.clone()/> }.into_any()
                        }}
                        <Pager page=d.page pages=d.pages href=move |p| {
                            if p > 1 { format!("{PAGE}?page={p}") } else { PAGE.to_string() }
                        }/>
                    }.into_any())
                })}
            </Transition>
        </AccountShell>
    }
    .into_any()
}

#[component]
fn Choices(choices: Vec<(MailKind, bool)>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <form class="form mail-choices" method="post" action="/api/mail_choices">
            <fieldset>
                <legend>{N::ChoicesTitle.get(lang)}</legend>
                {choices.into_iter().map(|(kind, on)| {
                    let id = format!("mail-{}", kind.code());
                    view! {
                        <div class="field field-check">
                            <input type="checkbox" id=id.clone() name=kind.code() value="on" checked=on/>
                            <label for=id>{kind.label(lang)}</label>
                        </div>
                    }
                }).collect_view()}
                <p class="field-hint">{N::Always.get(lang)}</p>
            </fieldset>
            <button type="submit" class="btn btn-primary">{N::Save.get(lang)}</button>
        </form>
    }
    .into_any()
}

#[component]
fn LogTable(items: Vec<MailLine>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="table-scroll">
            <table class="orders-table" data-testid="mail-log">
                <thead><tr>
                    <th scope="col">{N::Date.get(lang)}</th>
                    <th scope="col">{N::Kind.get(lang)}</th>
                    <th scope="col">{N::Subject.get(lang)}</th>
                </tr></thead>
                <tbody>
                    {items.into_iter().map(|m| view! {
                        <tr data-testid="mail-line">
                            <td>{format_date_time(m.sent_at, lang)}</td>
                            <td>{m.kind.label(lang)}</td>
                            <td><a href=format!("{PAGE}/{}", m.id)>{m.subject}</a></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn MailPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        load_mail_entry,
    );
    view! {
        <AccountShell>
            <p><a href=PAGE>{N::Back.get(lang)}</a></p>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    let m = data.await?;
                    Ok::<_, AppError>(view! {
                        <article class="mail-entry" data-testid="mail-entry">
                            <h1>{m.subject.clone()}</h1>
                            <p class="field-hint">{N::Sent.get(lang)}" "{format_date_time(m.sent_at, lang)}
                                " · "{m.kind.label(lang)}</p>
                            <pre class="mail-body">{m.body.clone()}</pre>
                        </article>
                    }.into_any())
                })}
            </Transition>
        </AccountShell>
    }
    .into_any()
}
