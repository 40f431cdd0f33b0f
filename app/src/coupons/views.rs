//! The wallet (`/account/coupons`) and the "Получить купон" strip of store, product and home
//! pages.

use super::*;
use crate::context::use_viewer;
use crate::forms::{field_error, use_form_error, FormAlert, SubmitButton, Toast};
use crate::i18n::{use_lang, Lang};
use crate::layout::AccountShell;
use crate::paging::{page_href, Pager};
use crate::texts;
use crate::widgets::format_date_in;
use crate::zone::{use_zone, Zone};
use leptos::form::ActionForm;
use leptos_router::hooks::{use_location, use_query_map};

texts! {
    pub enum C {
        Title => "Мои купоны", "My coupons";
        Tabs => "Купоны по состоянию", "Coupons by state";
        Empty => "Здесь пока нет купонов. Получите их на страницах магазинов и товаров или введите код.",
                 "No coupons here yet. Get them on store and product pages, or enter a code.";
        CodeLabel => "Код купона", "Coupon code";
        CodeHint => "Регистр и пробелы не важны.", "Case and spaces do not matter.";
        AddCode => "Добавить купон", "Add coupon";
        Added => "Купон добавлен в кошелёк.", "The coupon is in your wallet.";
        Platform => "Купон Kabinet", "Kabinet coupon";
        StoreCoupon => "Купон магазина", "Store coupon";
        Valid => "Действует", "Valid";
        From => "с", "from";
        To => "по", "to";
        ExpiresIn => "Истекает через", "Expires in";
        Days => "дн.", "day(s)";
        UsedOn => "Использован в заказе", "Used on order";
        Code => "Код:", "Code:";
        Offers => "Купоны", "Coupons";
        Get => "Получить купон", "Get coupon";
        Have => "Купон у вас", "You have it";
        Left => "осталось", "left";
        SignInToGet => "Войдите, чтобы получить", "Sign in to get it";
        Claimed => "Купон получен — он в вашем кошельке.", "Coupon received: it is in your wallet.";
        ToWallet => "Мои купоны", "My coupons";
        GiftCards => "Подарочные сертификаты →", "Gift cards →";
    }
}

/// "5,00 $ off orders from 25,00 $", the giver, the special condition and the window: the
/// lines every coupon card shows.
#[component]
fn CouponFace(
    giver: Giver,
    terms: Terms,
    special: Option<Special>,
    starts_at: i64,
    ends_at: i64,
) -> impl IntoView {
    let lang = use_lang();
    let zone = use_zone();
    let giver = match giver {
        Giver::Platform => view! { <span class="coupon-giver">{C::Platform.get(lang)}</span> }.into_any(),
        Giver::Store { id, name } => view! {
            <span class="coupon-giver">{C::StoreCoupon.get(lang)}" "<a href=format!("/store/{id}")>{name}</a></span>
        }.into_any(),
    };
    view! {
        <p class="coupon-terms" data-testid="coupon-terms">{terms.describe(lang)}</p>
        <p class="coupon-meta">{giver}</p>
        {special.map(|s| view! { <p class="badge" data-testid="coupon-special">{s.text(lang)}</p> })}
        <p class="coupon-window">{window_text(starts_at, ends_at, lang, zone)}</p>
    }
}

fn window_text(starts_at: i64, ends_at: i64, lang: Lang, zone: Zone) -> String {
    // The last second of the window is the day shown as "to".
    format!(
        "{} {} {} {} {}",
        C::Valid.get(lang),
        C::From.get(lang),
        format_date_in(starts_at, lang, zone),
        C::To.get(lang),
        format_date_in(ends_at - 1, lang, zone)
    )
}

#[component]
pub fn WalletPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let redeem = ServerAction::<RedeemCoupon>::new();
    let error = use_form_error(redeem);
    let data = Resource::new(
        move || {
            (
                q.read().get("tab"),
                q.read().get("page"),
                redeem.version().get(),
            )
        },
        |(tab, page, _)| load_wallet(tab, page),
    );
    let added =
        move || matches!(redeem.value().get(), Some(Ok(_))) || q.read().get("added").is_some();
    let code_error = field_error(error, Field::Code, lang);
    view! {
        <AccountShell>
            <h1>{C::Title.get(lang)}</h1>
            <p><a href="/account/coupons/gift-cards" data-testid="gift-cards-link">{C::GiftCards.get(lang)}</a></p>
            <Show when=added><Toast text=C::Added.get(lang).to_string()/></Show>
            <FormAlert error/>
            <ActionForm action=redeem attr:class="form inline-form coupon-code-form">
                <div class="field">
                    <label for="coupon-code">{C::CodeLabel.get(lang)}</label>
                    <input id="coupon-code" name="code" required maxlength="40" autocomplete="off"
                        aria-describedby="coupon-code-hint" autocapitalize="characters"/>
                    <p id="coupon-code-hint" class="field-hint">{C::CodeHint.get(lang)}</p>
                    <p class="field-error" role="alert">{code_error}</p>
                </div>
                <SubmitButton action=redeem label=C::AddCode.get(lang)/>
            </ActionForm>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    let w = data.await?;
                    Ok::<_, AppError>(view! { <WalletBody w/> })
                })}
            </Transition>
        </AccountShell>
    }
}

#[component]
fn WalletBody(w: Wallet) -> impl IntoView {
    let lang = use_lang();
    let now = w.now;
    let tab = w.tab;
    let tabs = w.counts.iter().map(|(t, n)| {
        let href = if *t == Tab::All { "/account/coupons".to_string() } else { format!("/account/coupons?tab={}", t.code()) };
        view! {
            <li><a href=href aria-current=(*t == tab).then_some("page") data-testid=format!("tab-{}", t.code())>
                {t.label(lang)}" "<span class="count">{*n}</span></a></li>
        }
    }).collect_view();
    let list = if w.coupons.is_empty() {
        view! { <div class="empty-state">{C::Empty.get(lang)}</div> }.into_any()
    } else {
        view! {
            <ul class="coupon-list">
                {w.coupons.into_iter().map(|c| view! { <WalletCard c now/> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let query: Vec<(String, String)> = (tab != Tab::All)
        .then(|| ("tab".to_string(), tab.code().to_string()))
        .into_iter()
        .collect();
    view! {
        <nav aria-label=C::Tabs.get(lang)><ul class="tabs">{tabs}</ul></nav>
        {list}
        <Pager page=w.page pages=w.pages href=move |p| page_href("/account/coupons", &query, p)/>
    }
}

#[component]
fn WalletCard(c: WalletCoupon, now: i64) -> impl IntoView {
    let lang = use_lang();
    let flag = (c.tab == Tab::Valid)
        .then(|| days_left(now, c.ends_at))
        .flatten();
    view! {
        <li class=format!("card coupon coupon-{}", c.tab.code()) data-testid="wallet-coupon">
            <p class="badge coupon-state" data-testid="coupon-tab">{c.tab.label(lang)}</p>
            <CouponFace giver=c.giver terms=c.terms special=c.special starts_at=c.starts_at ends_at=c.ends_at/>
            {flag.map(|d| view! {
                <p class="badge badge-warn" data-testid="expires-soon">
                    {format!("{} {d} {}", C::ExpiresIn.get(lang), C::Days.get(lang))}</p>
            })}
            <p class="coupon-code"><small>{C::Code.get(lang)}" "<code>{c.code.clone()}</code></small></p>
            {(!c.orders.is_empty()).then(|| view! {
                <p data-testid="coupon-orders">{C::UsedOn.get(lang)}" "
                    {c.orders.iter().map(|n| view! {
                        <a href=format!("/account/orders/{n}")>{n.to_string()}</a>" "
                    }).collect_view()}</p>
            })}
        </li>
    }
}

/// The coupons a store's pages or the home page offer (`offers`, from the page's own data), each
/// with "Получить купон": plain forms that come back to this page with `?coupon=1` or
/// `?error=`, the same with JavaScript or without. Nothing at all when there are none.
#[component]
pub fn CouponStrip(offers: Vec<OfferLine>) -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let location = use_location();
    let back = location.pathname.get_untracked();
    let signed_in = use_viewer().is_some();
    let claimed = move || q.read().get("coupon").is_some();
    let error = move || {
        q.read()
            .get("error")
            .and_then(|c| AppError::from_code(&c))
            .map(|e| e.message(lang))
    };
    (!offers.is_empty()).then(|| view! {
        <section class="card coupon-offers" aria-labelledby="coupon-offers-title">
            <h2 id="coupon-offers-title">{C::Offers.get(lang)}</h2>
            <Show when=claimed>
                <p class="toast" role="status">{C::Claimed.get(lang)}" "
                    <a href="/account/coupons">{C::ToWallet.get(lang)}</a></p>
            </Show>
            {move || error().map(|m| view! { <p class="alert alert-error" role="alert">{m}</p> })}
            <ul class="coupon-list">
                {offers.into_iter().map(|o| view! { <OfferCard o back=back.clone() signed_in/> }).collect_view()}
            </ul>
        </section>
    })
}

#[component]
fn OfferCard(o: OfferLine, back: String, signed_in: bool) -> impl IntoView {
    let lang = use_lang();
    let action = if o.held {
        view! { <p class="badge badge-good" data-testid="coupon-held">{C::Have.get(lang)}</p> }
            .into_any()
    } else if !signed_in {
        view! { <a class="btn" href=crate::web::login_url(&back)>{C::SignInToGet.get(lang)}</a> }
            .into_any()
    } else {
        let label = format!("{}: {}", C::Get.get(lang), o.terms);
        view! {
            <form method="post" action="/api/claim_coupon">
                <input type="hidden" name="coupon_id" value=o.id/>
                <input type="hidden" name="back" value=back/>
                <button type="submit" class="btn btn-primary" aria-label=label>{C::Get.get(lang)}</button>
            </form>
        }.into_any()
    };
    view! {
        <li class="card coupon" data-testid="coupon-offer">
            <p class="coupon-terms" data-testid="coupon-terms">{o.terms}</p>
            <p class="coupon-meta"><span class="coupon-giver">{o.giver}
                {o.store.map(|(id, name)| view! { " "<a href=format!("/store/{id}")>{name}</a> })}</span></p>
            {o.special.map(|s| view! { <p class="badge" data-testid="coupon-special">{s}</p> })}
            <p class="coupon-window">{o.window}</p>
            {o.left.map(|n| view! { <p class="coupon-left"><small>{format!("{} {n}", C::Left.get(lang))}</small></p> })}
            {action}
        </li>
    }
}
