//! The one error type server functions return. Every variant has a user-facing message in both
//! languages; internal details are logged on the server and never sent.
//!
//! The variants and everything about them live in one table, `error/table.rs`; the
//! `app_errors!` macro below turns it into [`AppError`] and its methods.

use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};
#[cfg(feature = "ssr")]
use std::{fmt::Display, panic::Location};

pub use crate::field::Field;
pub use table::AppError;

/// Builds [`AppError`] from the table in `error/table.rs`. Each row is
///
/// ```text
/// /// docs, then the thiserror text for logs
/// #[error("…")]
/// Name                                   // no payload, or
/// Name(a: Type = example, …)             // tuple payload, or
/// Name { a: Type = example, … }          // struct payload
///     => {
///     status: CONFLICT,                  // an http::StatusCode constant (ssr only)
///     field: Some(Field::Email),         // where the form shows it, or None
///     code: "stock",                     // `?error=` code; payload values follow: `stock.3`
///     ru: "…",                           // &str or String; may use the payload names
///     en: "…",
/// },
/// ```
///
/// `code: "…" not_read_back` marks a code that [`AppError::from_code`] does not parse.
macro_rules! app_errors {
    // `from_code` gets the arm unless the row says `not_read_back`.
    (@read_back [] $($arm:tt)*) => { $($arm)* };
    (@read_back [not_read_back] $($arm:tt)*) => {};

    ($(
        $(#[$meta:meta])*
        $name:ident
        $( ( $($tb:ident : $tt:ty = $tex:expr),+ ) )?
        $( { $($sb:ident : $st:ty = $sex:expr),+ } )?
        => {
            status: $status:ident, field: $field:expr, code: $code:literal $($flag:ident)?,
            ru: $ru:expr,
            en: $en:expr $(,)?
        }
    ),+ $(,)?) => {
        #[derive(
            Clone, Debug, PartialEq, Eq,
            ::serde::Serialize, ::serde::Deserialize, ::thiserror::Error,
        )]
        pub enum AppError {
            $( $(#[$meta])* $name $( ( $($tt),+ ) )? $( { $($sb: $st),+ } )?, )+
        }

        impl AppError {
            /// The field this error should be shown next to, if any.
            #[allow(unused_variables)]
            pub fn field(&self) -> Option<$crate::field::Field> {
                match self {
                    $( AppError::$name $( ( $($tb),+ ) )? $( { $($sb),+ } )? => $field, )+
                }
            }

            /// The message a shopper sees.
            pub fn message(&self, lang: $crate::i18n::Lang) -> String {
                match self {
                    $( AppError::$name $( ( $($tb),+ ) )? $( { $($sb),+ } )? => match lang {
                        $crate::i18n::Lang::Ru => $crate::error::text($ru),
                        $crate::i18n::Lang::En => $crate::error::text($en),
                    }, )+
                }
            }

            /// A short code carried in a redirect URL (`?error=`) after a form posted without
            /// JavaScript: the row's code, then each payload value after a dot.
            pub fn code(&self) -> String {
                use $crate::error::CodePart;
                match self {
                    $( AppError::$name $( ( $($tb),+ ) )? $( { $($sb),+ } )? => {
                        #[allow(unused_mut)]
                        let mut code = String::from($code);
                        $( $( code.push('.'); code.push_str(&$tb.to_part()); )+ )?
                        $( $( code.push('.'); code.push_str(&$sb.to_part()); )+ )?
                        code
                    } )+
                }
            }

            /// Reads back [`AppError::code`]; unknown codes are ignored.
            pub fn from_code(code: &str) -> Option<AppError> {
                use $crate::error::CodePart;
                let mut parts = code.split('.');
                let head = parts.next()?;
                $( app_errors!(@read_back [$($flag)?]
                    if head == $code {
                        return Some(AppError::$name
                            $( ( $( <$tt>::from_part(parts.next()?)? ),+ ) )?
                            $( { $( $sb: <$st>::from_part(parts.next()?)? ),+ } )?);
                    }
                ); )+
                None
            }

            /// One value of every variant, in table order (the table's examples), for tests
            /// and docs.
            pub fn examples() -> Vec<AppError> {
                vec![$( AppError::$name $( ( $($tex),+ ) )? $( { $($sb: $sex),+ } )? ),+]
            }
        }

        #[cfg(feature = "ssr")]
        impl AppError {
            /// The HTTP status a server function answers with when it fails with this error.
            pub fn status(&self) -> ::http::StatusCode {
                match self {
                    $( AppError::$name { .. } => ::http::StatusCode::$status, )+
                }
            }
        }
    };
}

mod table;

/// A table message, written as `&str` or `String`.
fn text(s: impl Into<String>) -> String {
    s.into()
}

/// A payload value as it is written in an error code, after a dot.
trait CodePart: Sized {
    fn to_part(&self) -> String;
    fn from_part(part: &str) -> Option<Self>;
}

impl CodePart for Field {
    fn to_part(&self) -> String {
        self.code().into()
    }
    fn from_part(part: &str) -> Option<Self> {
        Field::from_code(part)
    }
}

impl CodePart for u32 {
    fn to_part(&self) -> String {
        self.to_string()
    }
    fn from_part(part: &str) -> Option<Self> {
        part.parse().ok()
    }
}

impl CodePart for i64 {
    fn to_part(&self) -> String {
        self.to_string()
    }
    fn from_part(part: &str) -> Option<Self> {
        part.parse().ok()
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        tracing::warn!(error = %value, "server function failed outside its body");
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Request,
            _ => AppError::Internal,
        }
    }
}

/// `?` on a database result: logs the cause with the `file:line:column` of that `?` (the caller,
/// thanks to `#[track_caller]`); the shopper only sees [`AppError::Internal`].
#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    #[track_caller]
    fn from(cause: sqlx::Error) -> Self {
        database_failed(Location::caller(), &cause, None)
    }
}

/// Names what a failed query was about, for the log:
/// `query.fetch_one(db).await.context(format_args!("order {id} detail"))?`.
#[cfg(feature = "ssr")]
pub trait Context<T> {
    fn context(self, what: impl Display) -> Result<T, AppError>;
}

#[cfg(feature = "ssr")]
impl<T> Context<T> for Result<T, sqlx::Error> {
    #[track_caller]
    fn context(self, what: impl Display) -> Result<T, AppError> {
        match self {
            Ok(value) => Ok(value),
            Err(cause) => Err(database_failed(Location::caller(), &cause, Some(&what))),
        }
    }
}

#[cfg(feature = "ssr")]
fn database_failed(at: &Location<'_>, cause: &sqlx::Error, what: Option<&dyn Display>) -> AppError {
    if crate::platform::db::is_interrupt(cause) {
        // A deadline ran out (`platform::db::Deadlined`): the request's fault, not the database's.
        tracing::warn!(%at, "query interrupted at its deadline");
        return AppError::TooSlow;
    }
    match what {
        Some(what) => tracing::error!(%at, %what, error = %cause, "database error"),
        None => tracing::error!(%at, error = %cause, "database error"),
    }
    AppError::Internal
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_error_survives_the_no_javascript_redirect_code() {
        for e in AppError::examples() {
            let back = AppError::from_code(&e.code());
            if e == AppError::Request {
                // Marked `not_read_back` in the table: made in the browser, never redirected.
                assert_eq!(back, None);
            } else {
                assert_eq!(back, Some(e.clone()), "{e:?} as {}", e.code());
            }
        }
        assert_eq!(AppError::from_code("<script>"), None);
        assert_eq!(AppError::from_code("too_long.name"), None);
        assert_eq!(AppError::from_code("choice.nope"), None);
    }

    #[test]
    fn codes_in_old_links_still_read_back() {
        let old = [
            ("required.email", AppError::Required(Field::Email)),
            ("required.sure", AppError::Required(Field::Confirm)),
            ("too_long.name.100", AppError::TooLong(Field::Name, 100)),
            ("throttled.12", AppError::Throttled { minutes: 12 }),
            ("stock.3", AppError::NotEnoughStock { available: 3 }),
            ("refund_max.1250", AppError::RefundTooHigh { max: 1250 }),
            (
                "offer_below.990",
                AppError::OfferNotBelowAsked { asked: 990 },
            ),
            ("choice.country", AppError::InvalidChoice(Field::Country)),
            ("OrderState", AppError::OrderState),
            ("PhotoTooLarge", AppError::PhotoTooLarge),
        ];
        for (code, e) in old {
            assert_eq!(e.code(), code);
            assert_eq!(AppError::from_code(code), Some(e));
        }
    }

    #[test]
    fn an_error_without_payload_is_coded_by_its_name() {
        for e in AppError::examples() {
            if !e.code().contains('.') {
                assert_eq!(e.code(), format!("{e:?}"));
            }
        }
    }

    #[test]
    fn examples_hold_each_variant_once_with_its_own_code() {
        let all = AppError::examples();
        let kinds: std::collections::HashSet<_> = all.iter().map(std::mem::discriminant).collect();
        assert_eq!(kinds.len(), all.len());
        let heads: std::collections::HashSet<_> = all
            .iter()
            .map(|e| e.code().split('.').next().unwrap().to_string())
            .collect();
        assert_eq!(heads.len(), all.len());
    }

    #[test]
    fn every_error_has_a_message_in_each_language() {
        for e in AppError::examples() {
            let (ru, en) = (e.message(Lang::Ru), e.message(Lang::En));
            assert!(!ru.is_empty() && !en.is_empty(), "{e:?}");
            assert_ne!(ru, en, "{e:?}");
        }
    }

    #[test]
    fn a_confirm_box_and_an_empty_stock_have_their_own_messages() {
        let confirm = AppError::Required(Field::Confirm);
        assert_eq!(confirm.message(Lang::En), "Tick the box to confirm.");
        assert_eq!(
            confirm.message(Lang::Ru),
            "Отметьте галочку, чтобы подтвердить."
        );
        let gone = AppError::NotEnoughStock { available: 0 };
        assert_eq!(gone.message(Lang::En), "This product is out of stock.");
        assert_eq!(gone.message(Lang::Ru), "Товар закончился.");
        let few = AppError::NotEnoughStock { available: 2 };
        assert_eq!(few.message(Lang::En), "Only 2 left in stock.");
    }

    #[test]
    fn throttling_says_how_many_minutes_in_both_languages() {
        let e = AppError::Throttled { minutes: 7 };
        assert!(e.message(Lang::Ru).contains("через 7 мин"));
        assert!(e.message(Lang::En).contains("in 7 min"));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn only_internal_is_a_server_error() {
        for e in AppError::examples() {
            let is_500 = e.status() == http::StatusCode::INTERNAL_SERVER_ERROR;
            assert_eq!(is_500, e == AppError::Internal, "{e:?}");
        }
    }
}

/// What `From<sqlx::Error>` and [`Context`] write to the log, caught by a test subscriber.
#[cfg(all(test, feature = "ssr"))]
mod log_tests {
    use super::*;
    use std::fmt::{Debug, Write};
    use std::sync::{Arc, Mutex};
    use tracing::{field, span, Event, Metadata};

    /// Every event logged on this thread, one line of `name=value` each.
    #[derive(Clone, Default)]
    struct Log(Arc<Mutex<String>>);

    impl field::Visit for Log {
        fn record_debug(&mut self, field: &field::Field, value: &dyn Debug) {
            write!(self.0.lock().unwrap(), "{field}={value:?} ").unwrap();
        }
    }

    impl tracing::Subscriber for Log {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &span::Attributes<'_>) -> span::Id {
            span::Id::from_u64(1)
        }
        fn record(&self, _: &span::Id, _: &span::Record<'_>) {}
        fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}
        fn event(&self, event: &Event<'_>) {
            event.record(&mut self.clone());
            self.0.lock().unwrap().push('\n');
        }
        fn enter(&self, _: &span::Id) {}
        fn exit(&self, _: &span::Id) {}
    }

    fn logged(run: impl FnOnce()) -> String {
        let log = Log::default();
        tracing::subscriber::with_default(log.clone(), run);
        let text = log.0.lock().unwrap().clone();
        text
    }

    fn failing_query() -> Result<u32, sqlx::Error> {
        Err(sqlx::Error::RowNotFound)
    }

    #[test]
    fn a_database_error_logs_the_line_of_its_question_mark() {
        fn load(line: &mut u32) -> Result<u32, AppError> {
            *line = line!() + 1;
            let n = failing_query()?;
            Ok(n)
        }
        let mut line = 0;
        let log = logged(|| assert_eq!(load(&mut line), Err(AppError::Internal)));
        assert!(log.contains(&format!("at={}:{line}:", file!())), "{log}");
        assert!(log.contains("no rows returned"), "{log}");
        assert_eq!(log.lines().count(), 1, "{log}");
    }

    #[test]
    fn context_names_the_object_and_its_line_in_the_log() {
        fn load(id: i64, line: &mut u32) -> Result<u32, AppError> {
            *line = line!() + 1;
            let n = failing_query().context(format_args!("order {id} detail"))?;
            Ok(n)
        }
        let mut line = 0;
        let log = logged(|| assert_eq!(load(123, &mut line), Err(AppError::Internal)));
        assert!(log.contains("what=order 123 detail"), "{log}");
        assert!(log.contains(&format!("at={}:{line}:", file!())), "{log}");
        assert!(log.contains("no rows returned"), "{log}");
        assert_eq!(log.lines().count(), 1, "{log}");
    }
}
