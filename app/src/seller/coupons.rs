//! The store's coupons (`/seller/coupons`): create one (amount or percentage with a cap, the
//! minimum order, the window, how many in all and per shopper), see how many were claimed and
//! used, end one (no more claims; those claimed keep their window).

use super::SellerNav;
use crate::coupons::{CreateCoupon, EndCoupon, StoreCoupon};
use crate::error::{AppError, Field};
use crate::forms::{use_form_error, FormAlert, InputField, SubmitButton, Toast};
use crate::i18n::use_lang;
use crate::texts;
use crate::widgets::format_date_in;
use crate::zone::use_zone;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

texts! {
    pub enum K {
        Title => "Купоны магазина", "Store coupons";
        New => "Новый купон", "New coupon";
        Amount => "Скидка, $ (для процентного купона — не больше этой суммы)",
                  "Discount, $ (for a percentage: the most it takes off)";
        Percent => "Процент (пусто — фиксированная скидка)", "Percentage (empty: a fixed amount)";
        MinOrder => "Минимальная сумма заказа, $", "Minimum order, $";
        Starts => "Действует с", "Valid from";
        Ends => "Действует по (включительно)", "Valid to (inclusive)";
        Quantity => "Сколько всего (пусто — без ограничения)", "How many in all (empty: no limit)";
        PerShopper => "На одного покупателя", "Per shopper";
        Create => "Создать купон", "Create coupon";
        Created => "Купон создан и показан на страницах магазина.", "Coupon created and shown on the store's pages.";
        Ended => "Купон больше не выдаётся.", "The coupon is no longer given out.";
        End => "Прекратить выдачу", "Stop giving out";
        Claimed => "Получено", "Claimed";
        Used => "Использовано", "Used";
        Of => "из", "of";
        EndedBadge => "Выдача прекращена", "Ended";
        Empty => "У магазина нет купонов.", "The store has no coupons.";
    }
}

#[component]
pub fn SellerCoupons() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let create = ServerAction::<CreateCoupon>::new();
    let end = ServerAction::<EndCoupon>::new();
    let error = use_form_error(create);
    let end_error = use_form_error(end);
    let data = Resource::new(
        move || (create.version().get(), end.version().get()),
        |_| crate::coupons::store_coupons(),
    );
    let created =
        move || matches!(create.value().get(), Some(Ok(_))) || q.read().get("created").is_some();
    let ended = move || matches!(end.value().get(), Some(Ok(_))) || q.read().get("ended").is_some();
    view! {
        <SellerNav/>
        <h1>{K::Title.get(lang)}</h1>
        <Show when=created><Toast text=K::Created.get(lang).to_string()/></Show>
        <Show when=ended><Toast text=K::Ended.get(lang).to_string()/></Show>
        <FormAlert error/>
        <FormAlert error=end_error/>
        <section class="card">
            <h2>{K::New.get(lang)}</h2>
            <ActionForm action=create attr:class="form coupon-form">
                <InputField name="amount" label=K::Amount.get(lang) field=Field::Amount error required=true/>
                <InputField name="percent" label=K::Percent.get(lang) field=Field::Percent error/>
                <InputField name="min_order" label=K::MinOrder.get(lang) field=Field::MinOrder error/>
                <InputField name="starts" label=K::Starts.get(lang) field=Field::Starts error kind="date" required=true/>
                <InputField name="ends" label=K::Ends.get(lang) field=Field::Ends error kind="date" required=true/>
                <InputField name="quantity" label=K::Quantity.get(lang) field=Field::Quantity error/>
                <InputField name="per_shopper" label=K::PerShopper.get(lang) field=Field::PerShopper error value="1"/>
                <SubmitButton action=create label=K::Create.get(lang)/>
            </ActionForm>
        </section>
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                let list = data.await?;
                if list.is_empty() {
                    return Ok::<_, AppError>(view! { <div class="empty-state">{K::Empty.get(lang)}</div> }.into_any());
                }
                Ok(view! {
                    <ul class="coupon-list">
                        {list.into_iter().map(|c| view! { <StoreCouponRow c end/> }).collect_view()}
                    </ul>
                }.into_any())
            })}
        </Transition>
    }
}

#[component]
fn StoreCouponRow(c: StoreCoupon, end: ServerAction<EndCoupon>) -> impl IntoView {
    let lang = use_lang();
    let zone = use_zone();
    let of_all = c
        .quantity
        .map(|q| format!(" {} {q}", K::Of.get(lang)))
        .unwrap_or_default();
    view! {
        <li class="card coupon" data-testid="store-coupon">
            <p class="coupon-terms" data-testid="coupon-terms">{c.terms.describe(lang)}</p>
            <p class="coupon-window">{format!("{} — {}", format_date_in(c.starts_at, lang, zone),
                format_date_in(c.ends_at - 1, lang, zone))}" · "<code>{c.code.clone()}</code></p>
            <p data-testid="coupon-counts">{format!("{}: {}{of_all} · {}: {}", K::Claimed.get(lang), c.claimed,
                K::Used.get(lang), c.used)}</p>
            {if c.ended {
                view! { <p class="badge">{K::EndedBadge.get(lang)}</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=end>
                        <input type="hidden" name="coupon_id" value=c.id.0/>
                        <button type="submit" class="btn">{K::End.get(lang)}</button>
                    </ActionForm>
                }.into_any()
            }}
        </li>
    }
}
