//! The frame around every page: header (logo, search, greeting and buyer menu, language switch),
//! the account's left-hand navigation, and the footer (with the time zone choice).

use crate::auth::Logout;
use crate::context::{use_viewer, Viewer};
use crate::forms::follow_on_success;
use crate::i18n::{use_lang, Lang};
use crate::messages::UnreadBadge;
use crate::texts;
use crate::zone::use_zone;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// A link clicked with the mouse in the buyer menu keeps the focus after client-side navigation,
/// and `:focus-within` would hold the menu open over the next page: the click gives the focus up
/// (keyboard users, who open the menu by focus, press Enter, which is not a mouse click). Plain
/// JavaScript in the page head, so it costs the WASM nothing.
pub const MENU_SCRIPT: &str = r#"document.addEventListener("click",function(e){var a=e.target.closest&&e.target.closest(".buyer-menu .menu a");if(a&&e.detail>0)setTimeout(function(){a.blur()},0)});"#;

texts! {
    pub enum L {
        Skip => "Перейти к содержимому", "Skip to content";
        Search => "Поиск", "Search";
        SearchPlaceholder => "Товары, магазины", "Products, stores";
        Find => "Найти", "Find";
        SignIn => "Войти", "Sign in";
        Register => "Регистрация", "Register";
        Hello => "Привет, ", "Hello, ";
        MyAccount => "Мой кабинет", "My account";
        SignOut => "Выйти", "Sign out";
        Overview => "Обзор", "Overview";
        Orders => "Мои заказы", "My orders";
        DeletedOrders => "Удалённые заказы", "Deleted orders";
        Disputes => "Возвраты и споры", "Returns and disputes";
        Reviews => "Отзывы", "Reviews";
        Addresses => "Адреса доставки", "Shipping addresses";
        Club => "Клуб", "Club";
        Recent => "Вы недавно смотрели", "Recently viewed";
        Stores => "Любимые магазины", "Favourite stores";
        Wishlist => "Мои желания", "My wish list";
        Coupons => "Мои купоны", "My coupons";
        Messages => "Сообщения", "Messages";
        Reports => "Жалобы", "Reports";
        Translate => "Улучшить перевод", "Improve translation";
        Settings => "Настройки", "Settings";
        Profile => "Личные данные", "Personal information";
        Security => "Безопасность", "Security";
        Notifications => "Уведомления", "Notifications";
        Subscriptions => "Подписки", "Following";
        SettingsNav => "Настройки", "Settings";
        Cart => "Корзина", "Cart";
        Seller => "Кабинет продавца", "Seller console";
        AccountNav => "Разделы кабинета", "Account sections";
        BuyerMenu => "Меню покупателя", "Buyer menu";
        Help => "Помощь со входом", "Sign-in help";
        Language => "Язык", "Language";
        TimeZone => "Часовой пояс", "Time zone";
        SaveZone => "Сохранить", "Save";
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let viewer = use_viewer();
    // On the results page the box keeps what was searched for.
    let location = use_location();
    let query = leptos_router::hooks::use_query_map();
    let searched = move || {
        (location.pathname.get() == "/search")
            .then(|| query.read().get("q"))
            .flatten()
    };
    view! {
        <a class="skip-link" href="#main">{L::Skip.get(lang)}</a>
        <header class="site-header">
            <a class="logo" href="/">"Kabinet"</a>
            <form class="search" action="/search" method="get" role="search">
                <label for="q">{L::Search.get(lang)}</label>
                <input id="q" name="q" type="search" placeholder=L::SearchPlaceholder.get(lang) value=searched/>
                <button type="submit" class="btn">{L::Find.get(lang)}</button>
            </form>
            <nav class="user-nav">
                {match viewer {
                    Some(user) => view! { <BuyerMenu user/> }.into_any(),
                    None => view! { <GuestLinks/> }.into_any(),
                }}
                <LangSwitch/>
            </nav>
        </header>
    }
}

#[component]
fn GuestLinks() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let next = move || {
        let here = crate::web::path_and_query(&location.pathname.get(), &location.search.get());
        crate::web::query_escape(&crate::domain::safe_next(Some(&here)))
    };
    view! {
        <a class="btn btn-link" href=move || format!("/login?next={}", next())>{L::SignIn.get(lang)}</a>
        <a class="btn btn-primary" href=move || format!("/register?next={}", next())>{L::Register.get(lang)}</a>
    }
}

#[component]
fn BuyerMenu(user: Viewer) -> impl IntoView {
    let lang = use_lang();
    let logout = ServerAction::<Logout>::new();
    follow_on_success(logout);
    view! {
            <a class="mail-link" href="/account/messages" data-testid="header-messages">
                <span aria-hidden="true">"✉"</span>
                <span class="visually-hidden">{L::Messages.get(lang)}</span>
                <UnreadBadge/>
            </a>
        <div class="buyer-menu">
            <a class="greeting" href="/account" aria-haspopup="true">
                {user.photo.then(|| view! {
                    <img class="avatar" src="/account/settings/photo" alt="" width="28" height="28" data-testid="header-photo"/>
                })}
                {format!("{}{}", L::Hello.get(lang), user.name)}
            </a>
            <ul class="menu" aria-label=L::BuyerMenu.get(lang)>
                <li><a href="/account">{L::MyAccount.get(lang)}</a></li>
                <li><a href="/account/orders">{L::Orders.get(lang)}</a></li>
                <li><a href="/account/messages">{L::Messages.get(lang)}" "<UnreadBadge/></a></li>
                <li><a href="/cart">{L::Cart.get(lang)}</a></li>
                <li><a href="/account/wishlist">{L::Wishlist.get(lang)}</a></li>
                <li><a href="/account/coupons">{L::Coupons.get(lang)}</a></li>
                <li><a href="/account/stores">{L::Stores.get(lang)}</a></li>
                <li><a href="/account/reports">{L::Reports.get(lang)}</a></li>
                <li><a href="/account/translate">{L::Translate.get(lang)}</a></li>
                <li><a href="/account/addresses">{L::Addresses.get(lang)}</a></li>
                <li><a href="/account/settings/profile">{L::Settings.get(lang)}</a></li>
                {user.store_id.map(|_| view! { <li><a href="/seller">{L::Seller.get(lang)}</a></li> })}
                <li>
                    <ActionForm action=logout>
                        <button type="submit" class="menu-button">{L::SignOut.get(lang)}</button>
                    </ActionForm>
                </li>
            </ul>
        </div>
    }
}

/// A form that posts the other language; the server remembers it in a cookie and comes back.
#[component]
fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let here = move || crate::web::path_and_query(&location.pathname.get(), &location.search.get());
    let (other, label) = match lang {
        Lang::Ru => (Lang::En, "English"),
        Lang::En => (Lang::Ru, "Русский"),
    };
    view! {
        <form class="lang-switch" method="post" action="/lang">
            <input type="hidden" name="next" value=here/>
            <button type="submit" name="lang" value=other.code() lang=other.code()
                title=L::Language.get(lang)>{label}</button>
        </form>
    }
}

/// The account frame: left-hand navigation and the section's content.
#[component]
pub fn AccountShell(children: Children) -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let link = move |href: &'static str, text: L| {
        let current = move || (location.pathname.get() == href).then_some("page");
        view! { <li><a href=href aria-current=current>{text.get(lang)}</a></li> }
    };
    view! {
        <div class="account">
            <nav class="account-nav" aria-label=L::AccountNav.get(lang)>
                <ul>
                    {link("/account", L::Overview)}
                    {link("/account/orders", L::Orders)}
                    {link("/account/orders/deleted", L::DeletedOrders)}
                    {link("/account/disputes", L::Disputes)}
                    <li><a href="/account/messages"
                        aria-current=move || location.pathname.get().starts_with("/account/messages").then_some("page")>
                        {L::Messages.get(lang)}" "<UnreadBadge/></a></li>
                    {link("/account/reviews", L::Reviews)}
                    {link("/account/club", L::Club)}
                    {link("/account/wishlist", L::Wishlist)}
                    {link("/account/coupons", L::Coupons)}
                    {link("/account/recent", L::Recent)}
                    {link("/account/stores", L::Stores)}
                    {link("/account/addresses", L::Addresses)}
                    {link("/account/reports", L::Reports)}
                    {link("/account/translate", L::Translate)}
                    {link("/account/settings/profile", L::Profile)}
                    {link("/account/settings/security", L::Security)}
                    <li><a href="/account/settings/notifications"
                        aria-current=move || location.pathname.get().starts_with("/account/settings/notifications").then_some("page")>
                        {L::Notifications.get(lang)}</a></li>
                    {link("/account/settings/subscriptions", L::Subscriptions)}
                </ul>
            </nav>
            <section class="account-main">{children()}</section>
        </div>
    }
}

/// The settings pages' tabs, under each one's heading.
#[component]
pub fn SettingsTabs() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let tab = move |href: &'static str, text: L| {
        let current = move || location.pathname.get().starts_with(href).then_some("page");
        view! { <li><a href=href aria-current=current>{text.get(lang)}</a></li> }
    };
    view! {
        <nav class="settings-tabs" aria-label=L::SettingsNav.get(lang)>
            <ul>
                {tab("/account/settings/profile", L::Profile)}
                {tab("/account/settings/security", L::Security)}
                {tab("/account/settings/notifications", L::Notifications)}
                {tab("/account/settings/subscriptions", L::Subscriptions)}
            </ul>
        </nav>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let lang = use_lang();
    view! {
        <footer class="site-footer">
            <a href="/help/signin">{L::Help.get(lang)}</a>
            <ZonePicker/>
            <span>"© Kabinet"</span>
        </footer>
    }
}

/// The time zone dates are shown in: a plain form the server remembers in a cookie, like
/// [`LangSwitch`], so it works without JavaScript.
#[component]
fn ZonePicker() -> impl IntoView {
    let lang = use_lang();
    let current = use_zone();
    let location = use_location();
    let here = move || crate::web::path_and_query(&location.pathname.get(), &location.search.get());
    // Some 40 options on every page: their HTML is built once per language (`zone.rs`).
    let options = crate::zone::options_html(lang, current);
    view! {
        <form class="tz-form" method="post" action="/tz">
            <input type="hidden" name="next" value=here/>
            <label for="tz-select">{L::TimeZone.get(lang)}</label>
            <select id="tz-select" name="tz" inner_html=options></select>
            <button type="submit" class="btn">{L::SaveZone.get(lang)}</button>
        </form>
    }
}
