//! Checkout and payment pages.

use super::*;
use crate::addresses::AddressForm;
use crate::error::Field;
use crate::forms::{use_form_error, FormAlert, SubmitButton, Toast};
use crate::i18n::use_lang;
use crate::money::Money;
use crate::orders::OrderStatus;
use crate::texts;
use crate::widgets::Price;
use leptos_router::hooks::{use_params_map, use_query_map};

texts! {
    pub enum T {
        Title => "Оформление заказа", "Checkout";
        Address => "Адрес доставки", "Shipping address";
        AddAddress => "Добавить новый адрес", "Add a new address";
        NoAddress => "Добавьте адрес доставки, чтобы оформить заказ.", "Add a shipping address to place the order.";
        OrderFrom => "Заказ у магазина", "Order from";
        Subtotal => "Сумма заказа", "Order total";
        Shipping => "Доставка", "Shipping";
        Free => "бесплатно", "free";
        Total => "Итого", "Total";
        Orders => "Заказов:", "Orders:";
        Place => "Разместить заказ", "Place order";
        Nothing => "В корзине не выбрано ни одного товара.", "Nothing is selected in your cart.";
        BackToCart => "Вернуться в корзину", "Back to cart";
        Fix => "Исправьте корзину: некоторые товары недоступны или их меньше, чем нужно.",
               "Fix your cart first: some items are unavailable or short in stock.";
        PayTitle => "Оплата заказов", "Pay for your orders";
        Placed => "Заказы размещены. Оплатите их в течение 24 часов, иначе они отменятся.",
                  "Your orders are placed. Pay within 24 hours or they will be cancelled.";
        Number => "Заказ №", "Order no.";
        Status => "Статус", "Status";
        Pay => "Оплатить", "Pay";
        Paid => "Оплата прошла. Магазины получили заказы и скоро их отправят.",
                "Payment done. The stores have your orders and will ship them soon.";
        ToPay => "К оплате:", "To pay:";
        Simulated => "Оплата в демо-режиме: деньги не списываются.", "Demo payment: no money is taken.";
        NotFound => "Такой оплаты нет.", "No such payment.";
        Coupons => "Купоны", "Coupons";
        StoreCoupon => "Купон магазина", "Coupon of";
        PlatformCoupon => "Купон Kabinet на весь заказ", "Kabinet coupon for the whole checkout";
        NoCoupon => "Без купона", "No coupon";
        Apply => "Применить", "Apply";
        CannotUse => "Не подходят сейчас:", "Cannot be used now:";
        Discount => "Скидка по купонам", "Coupon discount";
        Due => "К оплате", "To pay";
        GiftPart => "Списать с подарочных сертификатов, $ — доступно", "Pay from gift cards, $ — available";
        GiftHint => "Остаток заказа оплачивается картой. 0 — не использовать сертификаты.",
                    "The rest is paid by card. 0: do not use gift cards.";
    }
}

fn loading() -> impl IntoView {
    view! { <p class="loading" aria-busy="true">"…"</p> }
}

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let lang = use_lang();
    let place = ServerAction::<PlaceOrder>::new();
    let error = use_form_error(place);
    Effect::new(move |_| {
        if let Some(Ok(key)) = place.value().get() {
            crate::forms::navigate_hard(&format!("/checkout/pay/{key}"));
        }
    });
    // The coupon choices in the address (`?s12=5&p=0`): a plain GET form changes them.
    let q = use_query_map();
    let choices = move || {
        q.read()
            .latest_values()
            .filter(|(k, _)| k.as_ref() == "p" || k.starts_with('s'))
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    };
    // Reloaded after a refused attempt: the cart shows what changed (stock, prices, coupons).
    let data = Resource::new(
        move || (place.version().get(), choices()),
        |(_, c)| checkout(Some(c)),
    );
    let alert = move || {
        error
            .get()
            .filter(|e| e.field() != Some(Field::Address))
            .map(|e| e.message(lang))
    };
    let address_error = move || {
        error
            .get()
            .filter(|e| e.field() == Some(Field::Address))
            .map(|e| e.message(lang))
    };
    view! {
        <h1>{T::Title.get(lang)}</h1>
        // Every refusal shows here, stock ones included (this page has no quantity fields).
        <Show when=move || alert().is_some()>
            <div class="alert alert-error" role="alert">{alert}</div>
        </Show>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let c = data.await?;
                if c.cart.is_empty() {
                    return Ok::<_, AppError>(view! {
                        <div class="empty-state"><p>{T::Nothing.get(lang)}</p>
                            <a class="btn" href="/cart">{T::BackToCart.get(lang)}</a></div>
                    }.into_any());
                }
                let has_problem = c.cart.lines().any(|l| l.problem.is_some());
                let no_address = c.addresses.is_empty();
                Ok(view! {
                    {has_problem.then(|| view! {
                        <p class="alert alert-error" role="alert">{T::Fix.get(lang)}" "
                            <a href="/cart">{T::BackToCart.get(lang)}</a></p>
                    })}
                    <section class="card">
                        <h2>{T::Address.get(lang)}</h2>
                        {no_address.then(|| view! { <p>{T::NoAddress.get(lang)}</p> })}
                        <details open=no_address class="add-address">
                            <summary>{T::AddAddress.get(lang)}</summary>
                            <AddressForm next="/checkout"/>
                        </details>
                    </section>
                    <CouponChoice quote=c.quote.clone()/>
                    <ActionForm action=place attr:class="form checkout-form">
                        <input type="hidden" name="checkout_key" value=c.key.clone()/>
                        <input type="hidden" name="coupons" value=c.quote.choices.clone()/>
                        {(!no_address).then(|| view! {
                            <fieldset class="card address-choice">
                                <legend>{T::Address.get(lang)}</legend>
                                {c.addresses.iter().map(|a| {
                                    let id = format!("address-{}", a.id);
                                    view! {
                                        <div class="field-check">
                                            <input type="radio" name="address_id" id=id.clone() value=a.id checked=a.is_default/>
                                            <label for=id>{format!("{} — {}", a.fields.recipient, a.fields.one_line(lang))}</label>
                                        </div>
                                    }
                                }).collect_view()}
                                <p class="field-error" role="alert">{address_error}</p>
                            </fieldset>
                        })}
                        {c.cart.groups.iter().zip(c.quote.stores.clone()).map(|(g, sq)| view! {
                            <section class="card checkout-store" data-testid="checkout-store">
                                <h2>{T::OrderFrom.get(lang)}" "{g.store_name.clone()}</h2>
                                <ul>{g.lines.iter().map(|l| view! {
                                    <li>{l.title.clone()}" × "{l.quantity}" — "
                                        <Price price=l.line_total() old_price=None/></li>
                                }).collect_view()}</ul>
                                <p>{T::Shipping.get(lang)}": "{T::Free.get(lang)}</p>
                                <p>{T::Subtotal.get(lang)}": "<strong>{g.subtotal().format(lang)}</strong></p>
                                {(sq.discount > Money(0)).then(|| view! {
                                    <p>{T::Discount.get(lang)}": "<strong data-testid="store-discount">{format!("−{}", sq.discount.format(lang))}</strong></p>
                                    <p>{T::Due.get(lang)}": "<strong>{sq.total.format(lang)}</strong></p>
                                })}
                            </section>
                        }).collect_view()}
                        <p class="checkout-total">{T::Orders.get(lang)}" "{c.cart.groups.len()}" · "
                            {T::Total.get(lang)}": "<strong data-testid="checkout-total">{c.quote.total.format(lang)}</strong></p>
                        {(!no_address && !has_problem).then(|| view! { <SubmitButton action=place label=T::Place.get(lang)/> })}
                    </ActionForm>
                }.into_any())
            })}
        </Suspense>
    }
}

/// The coupon choices: one list per store order and one for the platform coupon, the best
/// preselected; what cannot be used is listed with the reason. A plain GET form: changing a
/// choice reloads the page with it in the address (also without JavaScript).
#[component]
fn CouponChoice(quote: crate::coupons::Quote) -> impl IntoView {
    let lang = use_lang();
    let zone = crate::zone::use_zone();
    let any = quote
        .platform
        .iter()
        .chain(quote.stores.iter().flat_map(|s| s.options.iter()))
        .next()
        .is_some();
    let choice = move |name: String,
                       label: String,
                       options: Vec<crate::coupons::Candidate>,
                       chosen: Option<crate::coupons::HeldId>| {
        let id = format!("coupon-{name}");
        let (usable, not): (Vec<_>, Vec<_>) = options.into_iter().partition(|o| o.result.is_ok());
        (!(usable.is_empty() && not.is_empty())).then(|| view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <select id=id name=name>
                    <option value="0" selected=chosen.is_none()>{T::NoCoupon.get(lang)}</option>
                    {usable.into_iter().map(|o| {
                        let off = o.result.unwrap_or(Money(0));
                        view! { <option value=o.id.0 selected=chosen == Some(o.id)>
                            {format!("{} (−{})", o.terms.describe(lang), off.format(lang))}</option> }
                    }).collect_view()}
                </select>
                {(!not.is_empty()).then(|| view! {
                    <p class="field-hint">{T::CannotUse.get(lang)}</p>
                    <ul class="coupon-why">{not.into_iter().map(|o| view! {
                        <li data-testid="coupon-why">{format!("{} — {}", o.terms.describe(lang),
                            o.result.err().map(|w| w.text(lang, zone)).unwrap_or_default())}</li>
                    }).collect_view()}</ul>
                })}
            </div>
        })
    };
    any.then(|| view! {
        <form method="get" action="/checkout" class="card form checkout-coupons" data-testid="checkout-coupons">
            <h2>{T::Coupons.get(lang)}</h2>
            {quote.stores.iter().map(|s| choice(format!("s{}", s.store_id), format!("{} {}", T::StoreCoupon.get(lang), s.store_name), s.options.clone(), s.chosen)).collect_view()}
            {choice("p".into(), T::PlatformCoupon.get(lang).into(), quote.platform.clone(), quote.platform_chosen)}
            <button type="submit" class="btn">{T::Apply.get(lang)}</button>
        </form>
    })
}

/// "Pay this much from gift cards" on the payment page, when the shopper has a balance; the
/// most the cards can pay is filled in.
#[component]
fn GiftPart(due: Money, error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    let balance = Resource::new(|| (), |_| crate::giftcards::gift_balance());
    let gift_error = crate::forms::field_error(error, Field::Gift, lang);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let b = balance.await.unwrap_or_default();
                (b > Money(0)).then(|| view! {
                    <div class="field">
                        <label for="gift">{format!("{} {}", T::GiftPart.get(lang), b.format(lang))}</label>
                        <input id="gift" name="gift" inputmode="decimal" value=b.min(due).plain()
                            aria-describedby="gift-hint"/>
                        <p id="gift-hint" class="field-hint">{T::GiftHint.get(lang)}</p>
                        <p class="field-error" role="alert">{gift_error}</p>
                    </div>
                })
            })}
        </Suspense>
    }
}

#[component]
pub fn PayPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let q = use_query_map();
    let pay = ServerAction::<PayCheckout>::new();
    let error = use_form_error(pay);
    let key = move || params.read().get("key").unwrap_or_default();
    let data = Resource::new(
        move || (key(), pay.version().get()),
        |(k, _)| checkout_orders(k),
    );
    let paid = move || matches!(pay.value().get(), Some(Ok(_))) || q.read().get("paid").is_some();
    view! {
        <h1>{T::PayTitle.get(lang)}</h1>
        <Show when=paid fallback=move || view! { <p class="alert alert-info">{T::Placed.get(lang)}</p> }>
            <Toast text=T::Paid.get(lang).to_string()/>
        </Show>
        <FormAlert error/>
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                let Ok(orders) = data.await else {
                    return view! { <div class="empty-state">{T::NotFound.get(lang)}</div> }.into_any();
                };
                let due = orders.iter().filter(|o| o.status == OrderStatus::AwaitingPayment)
                    .fold(Money(0), |sum, o| sum.plus(o.total));
                view! {
                    <table class="orders-table">
                        <thead><tr><th>{T::Number.get(lang)}</th><th>{T::Status.get(lang)}</th><th>{T::Total.get(lang)}</th></tr></thead>
                        <tbody>{orders.into_iter().map(|o| view! {
                            <tr data-testid="placed-order">
                                <td><a href=format!("/account/orders/{}", o.number)>{o.number.to_string()}</a>
                                    <br/><small>{o.store_name.clone()}</small></td>
                                <td data-testid="order-status">{o.status.label(lang)}</td>
                                <td>{o.total.format(lang)}</td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table>
                    {(due > Money(0)).then(|| view! {
                        <p>{T::ToPay.get(lang)}" "<strong>{due.format(lang)}</strong></p>
                        <p class="field-hint">{T::Simulated.get(lang)}</p>
                        <ActionForm action=pay>
                            <input type="hidden" name="key" value=key/>
                            <GiftPart due error/>
                            <SubmitButton action=pay label=T::Pay.get(lang)/>
                        </ActionForm>
                    })}
                }.into_any()
            })}
        </Transition>
    }
}
