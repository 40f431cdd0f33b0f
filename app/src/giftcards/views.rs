//! `/account/coupons/gift-cards`: redeem a code, the balance, each card and the history.

use super::*;
use crate::coupons::C;
use crate::error::Field;
use crate::forms::{field_error, use_form_error, FormAlert, SubmitButton, Toast};
use crate::i18n::use_lang;
use crate::layout::AccountShell;
use crate::paging::{page_href, Pager};
use crate::texts;
use crate::widgets::{format_date_in, format_date_time_in};
use crate::zone::use_zone;
use leptos::form::ActionForm;
use leptos_router::hooks::use_query_map;

texts! {
    pub enum G {
        Title => "Подарочные сертификаты", "Gift cards";
        Balance => "Баланс сертификатов", "Gift card balance";
        CodeLabel => "Код сертификата", "Gift card code";
        Redeem => "Активировать", "Redeem";
        Redeemed => "Сертификат активирован: сумма на балансе.", "Gift card redeemed: the amount is in your balance.";
        Card => "Сертификат …", "Card …";
        Of => "из", "of";
        Until => "действует до", "valid until";
        Expired => "Срок истёк", "Expired";
        History => "История", "History";
        When => "Когда", "When";
        What => "Что", "What";
        Amount => "Сумма", "Amount";
        Order => "заказ", "order";
        Empty => "Сертификатов пока нет. Введите код сертификата, чтобы пополнить баланс.",
                 "No gift cards yet. Enter a gift card's code to add it to your balance.";
        Spend => "Сертификаты можно использовать при оплате заказа.", "Gift cards can pay for orders on the payment page.";
    }
}

#[component]
pub fn GiftCardsPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let redeem = ServerAction::<RedeemGiftCard>::new();
    let error = use_form_error(redeem);
    let data = Resource::new(
        move || (q.read().get("page"), redeem.version().get()),
        |(page, _)| load_gift_cards(page),
    );
    let added =
        move || matches!(redeem.value().get(), Some(Ok(_))) || q.read().get("added").is_some();
    let code_error = field_error(error, Field::Code, lang);
    view! {
        <AccountShell>
            <p><a href="/account/coupons">{C::Title.get(lang)}</a></p>
            <h1>{G::Title.get(lang)}</h1>
            <Show when=added><Toast text=G::Redeemed.get(lang).to_string()/></Show>
            <FormAlert error/>
            <ActionForm action=redeem attr:class="form inline-form">
                <div class="field">
                    <label for="gift-code">{G::CodeLabel.get(lang)}</label>
                    <input id="gift-code" name="code" required maxlength="60" autocomplete="off"
                        aria-describedby="gift-code-hint"/>
                    <p id="gift-code-hint" class="field-hint">{C::CodeHint.get(lang)}</p>
                    <p class="field-error" role="alert">{code_error}</p>
                </div>
                <SubmitButton action=redeem label=G::Redeem.get(lang)/>
            </ActionForm>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    let w = data.await?;
                    Ok::<_, AppError>(view! { <GiftBody w/> })
                })}
            </Transition>
        </AccountShell>
    }
}

#[component]
fn GiftBody(w: GiftWallet) -> impl IntoView {
    let lang = use_lang();
    let zone = use_zone();
    if w.cards.is_empty() {
        return view! { <div class="empty-state">{G::Empty.get(lang)}</div> }.into_any();
    }
    let now = w.now;
    view! {
        <p class="card gift-balance">{G::Balance.get(lang)}": "
            <strong data-testid="gift-balance">{w.balance.format(lang)}</strong>
            <br/><small>{G::Spend.get(lang)}</small></p>
        <ul class="coupon-list">
            {w.cards.into_iter().map(|c| view! {
                <li class="card coupon" data-testid="gift-card">
                    <p class="coupon-terms">{format!("{}{}", G::Card.get(lang), c.last4)}</p>
                    <p>{format!("{} {} {}", c.balance.format(lang), G::Of.get(lang), c.amount.format(lang))}</p>
                    {if c.expires_at <= now {
                        view! { <p class="badge">{G::Expired.get(lang)}</p> }.into_any()
                    } else {
                        view! { <p class="coupon-window">{format!("{} {}", G::Until.get(lang), format_date_in(c.expires_at - 1, lang, zone))}</p> }.into_any()
                    }}
                </li>
            }).collect_view()}
        </ul>
        <h2>{G::History.get(lang)}</h2>
        <table class="orders-table">
            <thead><tr><th>{G::When.get(lang)}</th><th>{G::What.get(lang)}</th><th>{G::Amount.get(lang)}</th></tr></thead>
            <tbody>{w.moves.into_iter().map(|m| view! {
                <tr data-testid="gift-move">
                    <td>{format_date_time_in(m.at, lang, zone)}</td>
                    <td>{m.kind.label(lang)}" ("{G::Card.get(lang)}{m.last4.clone()}")"
                        {m.order.map(|n| view! { ", "{G::Order.get(lang)}" "<a href=format!("/account/orders/{n}")>{n.to_string()}</a> })}</td>
                    <td>{if m.amount.cents() > 0 { format!("+{}", m.amount.format(lang)) } else { m.amount.format(lang) }}</td>
                </tr>
            }).collect_view()}</tbody>
        </table>
        <Pager page=w.page pages=w.pages href=|p| page_href("/account/coupons/gift-cards", &[], p)/>
    }.into_any()
}
