//! Languages and UI text. Russian first, English second; every string exists in both.
//!
//! Each section declares its own table with [`texts!`]; `T::Key.get(lang)` returns the string.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The UI language, remembered in the `lang` cookie.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Ru,
    En,
}

/// Name of the cookie that remembers the language.
pub const LANG_COOKIE: &str = "lang";

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// Parses a language code; anything unknown is `None`.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim() {
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the string for this language.
    pub fn pick<'a>(self, ru: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ru => ru,
            Lang::En => en,
        }
    }
}

/// The language of the page being rendered.
///
/// On the server the shell puts the request's language into context (from the cookie, see
/// `context::request_lang`); in the browser it comes from `<html lang>`, which the server wrote,
/// so hydration always sees the same language as the server.
pub fn use_lang() -> Lang {
    if let Some(lang) = use_context::<Lang>() {
        return lang;
    }
    #[cfg(feature = "ssr")]
    {
        Lang::default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        html_lang().unwrap_or_default()
    }
}

#[cfg(not(feature = "ssr"))]
fn html_lang() -> Option<Lang> {
    #[cfg(all(feature = "hydrate", target_arch = "wasm32"))]
    {
        let doc = web_sys::window()?.document()?;
        Lang::parse(&doc.document_element()?.get_attribute("lang")?)
    }
    #[cfg(not(all(feature = "hydrate", target_arch = "wasm32")))]
    {
        None
    }
}

/// Declares a table of UI strings: `Key => "русский", "English";`.
#[macro_export]
macro_rules! texts {
    ($vis:vis enum $name:ident { $($key:ident => $ru:expr, $en:expr;)* }) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        $vis enum $name { $($key),* }

        impl $name {
            /// The string in the given language.
            pub fn get(self, lang: $crate::i18n::Lang) -> &'static str {
                match self {
                    $($name::$key => lang.pick($ru, $en)),*
                }
            }

        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_round_trip_and_unknown_codes_are_refused() {
        for lang in [Lang::Ru, Lang::En] {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::default(), Lang::Ru);
    }
}
