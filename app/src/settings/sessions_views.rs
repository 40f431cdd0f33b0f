//! The sessions list (sign out one, or all others) and the sign-in history.

use super::forms::form_error;
use crate::auth::security::{SessionInfo, SignInEntry, SignInResult};
use crate::forms::FormAlert;
use crate::i18n::use_lang;
use crate::texts;
use crate::widgets::format_date_time;
use leptos::prelude::*;

texts! {
    pub enum D {
        SessionsTitle => "Где выполнен вход", "Where you're signed in";
        Device => "Устройство", "Device";
        Network => "Сеть", "Network";
        Started => "Вход", "Signed in";
        LastSeen => "Последняя активность", "Last active";
        Unknown => "неизвестно", "unknown";
        ThisDevice => "Это устройство", "This device";
        SignOut => "Выйти", "Sign out";
        SignOutOf => "Завершить сеанс:", "End the session:";
        SignOutOthers => "Выйти на всех других устройствах", "Sign out everywhere else";
        HistoryTitle => "История входов", "Sign-in history";
        HistoryHint => "Последние 50 попыток входа в аккаунт.", "The last 50 attempts to sign in to your account.";
        NoHistory => "Попыток входа пока не было.", "No sign-in attempts yet.";
        When => "Когда", "When";
        Result => "Итог", "Result";
    }
}

fn or_unknown(text: String, lang: crate::i18n::Lang) -> String {
    if text.is_empty() {
        D::Unknown.get(lang).to_string()
    } else {
        text
    }
}

#[component]
pub fn Sessions(sessions: Vec<SessionInfo>) -> impl IntoView {
    let lang = use_lang();
    let error = form_error("sessions");
    let others = sessions.iter().filter(|s| !s.current).count();
    view! {
        <section class="settings-block" id="sessions" aria-labelledby="sessions-title">
            <h2 id="sessions-title">{D::SessionsTitle.get(lang)}</h2>
            <FormAlert error/>
            <div class="table-scroll">
                <table class="orders-table" data-testid="sessions">
                    <thead><tr>
                        <th scope="col">{D::Device.get(lang)}</th>
                        <th scope="col">{D::Network.get(lang)}</th>
                        <th scope="col">{D::Started.get(lang)}</th>
                        <th scope="col">{D::LastSeen.get(lang)}</th>
                        <th scope="col"><span class="visually-hidden">{D::SignOut.get(lang)}</span></th>
                    </tr></thead>
                    <tbody>
                        {sessions.into_iter().map(|s| {
                            let device = or_unknown(s.device, lang);
                            let label = format!("{} {device}", D::SignOutOf.get(lang));
                            view! {
                                <tr data-testid="session" data-current=s.current.then_some("1")>
                                    <td>{device.clone()}
                                        {s.current.then(|| view! { " "<strong class="badge">{D::ThisDevice.get(lang)}</strong> })}
                                    </td>
                                    <td>{or_unknown(s.network, lang)}</td>
                                    <td>{format_date_time(s.started_at, lang)}</td>
                                    <td>{format_date_time(s.last_seen_at, lang)}</td>
                                    <td>{(!s.current).then(|| view! {
                                        <form method="post" action="/api/end_session">
                                            <input type="hidden" name="id" value=s.id.clone()/>
                                            <button type="submit" class="btn" aria-label=label.clone()>{D::SignOut.get(lang)}</button>
                                        </form>
                                    })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(others > 0).then(|| view! {
                <form method="post" action="/api/end_other_sessions">
                    <button type="submit" class="btn">{D::SignOutOthers.get(lang)}</button>
                </form>
            })}
        </section>
    }
    .into_any()
}

#[component]
pub fn History(entries: Vec<SignInEntry>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="settings-block" id="history" aria-labelledby="history-title">
            <h2 id="history-title">{D::HistoryTitle.get(lang)}</h2>
            <p class="field-hint">{D::HistoryHint.get(lang)}</p>
            {if entries.is_empty() {
                view! { <p class="empty-state">{D::NoHistory.get(lang)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="orders-table" data-testid="sign-in-history">
                            <thead><tr>
                                <th scope="col">{D::When.get(lang)}</th>
                                <th scope="col">{D::Device.get(lang)}</th>
                                <th scope="col">{D::Network.get(lang)}</th>
                                <th scope="col">{D::Result.get(lang)}</th>
                            </tr></thead>
                            <tbody>
                                {entries.into_iter().map(|e| view! {
                                    <tr data-testid="sign-in" data-result=e.result.code()
                                        class:sign-in-failed=e.result != SignInResult::Ok>
                                        <td>{format_date_time(e.at, lang)}</td>
                                        <td>{or_unknown(e.device, lang)}</td>
                                        <td>{or_unknown(e.network, lang)}</td>
                                        <td>{e.result.label(lang)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}
