//! Pages outside the account and the catalogue: not found.

use crate::i18n::use_lang;
use crate::texts;
use leptos::prelude::*;

texts! {
    pub enum T {
        NotFoundTitle => "Страница не найдена", "Page not found";
        NotFoundText => "Такой страницы нет. Проверьте адрес или вернитесь на главную.",
                        "There is no such page. Check the address or go back home.";
        Home => "На главную", "Home";
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
