//! Pages outside the account: home, search results, not found.

use crate::i18n::use_lang;
use crate::layout::use_viewer;
use crate::texts;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

texts! {
    pub enum T {
        HomeTitle => "Личный кабинет покупателя", "Your shopper account";
        HomeLead => "Заказы, возвраты, купоны, адреса и настройки — всё в одном месте.",
                    "Orders, returns, coupons, addresses and settings, all in one place.";
        OpenAccount => "Перейти в кабинет", "Open my account";
        SignIn => "Войти", "Sign in";
        Register => "Зарегистрироваться", "Register";
        SearchTitle => "Поиск", "Search";
        NothingFound => "Ничего не найдено по запросу", "Nothing found for";
        EmptyQuery => "Введите, что вы ищете, в строку поиска.", "Type what you are looking for in the search box.";
        NotFoundTitle => "Страница не найдена", "Page not found";
        NotFoundText => "Такой страницы нет. Проверьте адрес или вернитесь на главную.",
                        "There is no such page. Check the address or go back home.";
        Home => "На главную", "Home";
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let viewer = use_viewer().0;
    view! {
        <section class="hero">
            <h1>{T::HomeTitle.get(lang)}</h1>
            <p>{T::HomeLead.get(lang)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match viewer.await {
                        Ok(Some(_)) => view! {
                            <a class="btn btn-primary" href="/account">{T::OpenAccount.get(lang)}</a>
                        }.into_any(),
                        _ => view! {
                            <a class="btn btn-primary" href="/login">{T::SignIn.get(lang)}</a>
                            " "
                            <a class="btn" href="/register">{T::Register.get(lang)}</a>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let query = move || q.read().get("q").unwrap_or_default().trim().to_string();
    view! {
        <h1>{T::SearchTitle.get(lang)}</h1>
        <div class="empty-state">
            {move || {
                let text = query();
                if text.is_empty() {
                    T::EmptyQuery.get(lang).to_string()
                } else {
                    format!("{} «{text}».", T::NothingFound.get(lang))
                }
            }}
        </div>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <div class="empty-state">
            <h1>{T::NotFoundTitle.get(lang)}</h1>
            <p>{T::NotFoundText.get(lang)}</p>
            <a class="btn" href="/">{T::Home.get(lang)}</a>
        </div>
    }
}
