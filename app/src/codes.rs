//! Enums stored in the database and carried in URLs as short codes (order states, dispute
//! reasons, tracking kinds…). One declaration gives the code, the parse, both labels and, on the
//! server, the `sqlx` type, so a state column is read and written as its Rust enum: a typo in a
//! state is a compile error, an unknown code in the database a decode error.

/// Declares a code enum: `Variant => "code", "русская метка", "English label";`.
#[macro_export]
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal, $ru:literal, $en:literal;)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type))]
        pub enum $name {
            $(#[cfg_attr(feature = "ssr", sqlx(rename = $code))] $variant),*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The value stored in the database and used in URLs.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }

            pub fn parse(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)* _ => None }
            }

            pub fn label(self, lang: $crate::i18n::Lang) -> &'static str {
                match self { $($name::$variant => lang.pick($ru, $en)),* }
            }
        }
    };
}

/// `'a', 'b'` for an SQL `IN (…)` list, built from the codes (never typed by hand).
pub fn sql_list<T: Copy>(items: &[T], code: impl Fn(T) -> &'static str) -> String {
    items
        .iter()
        .map(|i| format!("'{}'", code(*i)))
        .collect::<Vec<_>>()
        .join(", ")
}
