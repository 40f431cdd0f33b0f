//! The one error type server functions return. Every variant has a user-facing message in both
//! languages; internal details are logged on the server and never sent.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

pub use crate::field::Field;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("required: {0:?}")]
    Required(Field),
    #[error("too long: {0:?} > {1}")]
    TooLong(Field, u32),
    #[error("invalid e-mail")]
    InvalidEmail,
    #[error("invalid login id")]
    InvalidLoginId,
    #[error("invalid name")]
    InvalidName,
    #[error("password too short")]
    PasswordTooShort,
    #[error("terms not accepted")]
    TermsNotAccepted,
    #[error("e-mail already registered")]
    EmailTaken,
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("throttled for {minutes} min")]
    Throttled { minutes: u32 },
    #[error("link invalid or expired")]
    LinkInvalid,
    #[error("not signed in")]
    NotSignedIn,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid quantity")]
    InvalidQuantity,
    #[error("only {available} in stock")]
    NotEnoughStock { available: u32 },
    #[error("product unavailable")]
    ProductUnavailable,
    #[error("nothing selected in the cart")]
    CartEmpty,
    #[error("invalid postcode")]
    InvalidPostcode,
    #[error("invalid phone")]
    InvalidPhone,
    #[error("invalid choice: {0:?}")]
    InvalidChoice(Field),
    /// The order is not in a state that allows this action (already paid, shipped…).
    #[error("order state does not allow this")]
    OrderState,
    /// Not a sum of money like 12.50, or not above zero.
    #[error("invalid amount")]
    InvalidAmount,
    /// More than may be refunded (cents).
    #[error("refund above {max}")]
    RefundTooHigh { max: i64 },
    /// A store's partial offer must be below what the shopper asked (cents asked).
    #[error("offer not below {asked}")]
    OfferNotBelowAsked { asked: i64 },
    /// A photo that is not a JPEG, PNG or WebP image (or is damaged).
    #[error("photo is not an image")]
    PhotoNotImage,
    /// A photo file over 5 MB.
    #[error("photo too large")]
    PhotoTooLarge,
    /// A photo with more pixels than is allowed (also what a decompression bomb gets).
    #[error("photo has too many pixels")]
    PhotoTooManyPixels,
    #[error("more than 5 photos")]
    TooManyPhotos,
    /// A dispute can be opened from shipment until 15 days after delivery or confirmation.
    #[error("dispute window closed")]
    DisputeWindow,
    #[error("a dispute is already open")]
    DisputeExists,
    /// The dispute is not in a state that allows this (answered, closed…).
    #[error("dispute state does not allow this")]
    DisputeState,
    /// Too many requests are waiting for the same scarce resource (password hashing).
    #[error("server busy")]
    Busy,
    /// Something failed on the server; details are in the server log only.
    #[error("internal error")]
    Internal,
    /// The request never reached the server function (network, bad encoding).
    #[error("request failed")]
    Request,
}

impl AppError {
    /// The field this error should be shown next to, if any.
    pub fn field(&self) -> Option<Field> {
        match self {
            AppError::Required(f) | AppError::TooLong(f, _) => Some(*f),
            AppError::InvalidEmail | AppError::EmailTaken => Some(Field::Email),
            AppError::InvalidLoginId => Some(Field::LoginId),
            AppError::InvalidName => Some(Field::Name),
            AppError::PasswordTooShort => Some(Field::Password),
            AppError::TermsNotAccepted => Some(Field::Terms),
            AppError::InvalidQuantity | AppError::NotEnoughStock { .. } => Some(Field::Quantity),
            AppError::InvalidPostcode => Some(Field::Postcode),
            AppError::InvalidPhone => Some(Field::Phone),
            AppError::InvalidChoice(f) => Some(*f),
            AppError::InvalidAmount
            | AppError::RefundTooHigh { .. }
            | AppError::OfferNotBelowAsked { .. } => Some(Field::Amount),
            AppError::PhotoNotImage
            | AppError::PhotoTooLarge
            | AppError::PhotoTooManyPixels
            | AppError::TooManyPhotos => Some(Field::Photos),
            _ => None,
        }
    }

    /// The message a shopper sees.
    pub fn message(&self, lang: Lang) -> String {
        use AppError::*;
        match self {
            Required(Field::Confirm) => lang
                .pick(
                    "Отметьте галочку, чтобы подтвердить.",
                    "Tick the box to confirm.",
                )
                .into(),
            Required(f) => match lang {
                Lang::Ru => format!("Заполните поле «{}».", f.label(lang)),
                Lang::En => format!("Please fill in the {}.", f.label(lang)),
            },
            TooLong(f, max) => match lang {
                Lang::Ru => format!("Поле «{}» длиннее {max} символов.", f.label(lang)),
                Lang::En => format!("The {} is longer than {max} characters.", f.label(lang)),
            },
            InvalidEmail => lang
                .pick(
                    "Введите e-mail в виде name@example.ru.",
                    "Enter an e-mail like name@example.com.",
                )
                .into(),
            InvalidLoginId => lang
                .pick(
                    "Введите e-mail или member ID (9 цифр).",
                    "Enter your e-mail or member ID (9 digits).",
                )
                .into(),
            InvalidName => lang
                .pick(
                    "Имя содержит недопустимые символы.",
                    "The name has characters that are not allowed.",
                )
                .into(),
            PasswordTooShort => lang
                .pick(
                    "Пароль должен быть не короче 8 символов.",
                    "The password needs at least 8 characters.",
                )
                .into(),
            TermsNotAccepted => lang
                .pick(
                    "Примите условия использования.",
                    "Please accept the terms of use.",
                )
                .into(),
            EmailTaken => lang
                .pick(
                    "Этот e-mail уже зарегистрирован. Войдите или восстановите пароль.",
                    "This e-mail is already registered. Sign in or reset your password.",
                )
                .into(),
            InvalidCredentials => lang
                .pick(
                    "Неверный e-mail, member ID или пароль.",
                    "Wrong e-mail, member ID or password.",
                )
                .into(),
            Throttled { minutes } => match lang {
                Lang::Ru => {
                    format!("Слишком много попыток входа. Попробуйте снова через {minutes} мин.")
                }
                Lang::En => format!("Too many sign-in attempts. Try again in {minutes} min."),
            },
            LinkInvalid => lang
                .pick(
                    "Ссылка недействительна или устарела. Запросите новую.",
                    "This link is invalid or has expired. Ask for a new one.",
                )
                .into(),
            NotSignedIn => lang
                .pick("Войдите, чтобы продолжить.", "Please sign in to continue.")
                .into(),
            Forbidden => lang
                .pick("Это действие недоступно.", "This action is not allowed.")
                .into(),
            NotFound => lang.pick("Не найдено.", "Not found.").into(),
            InvalidQuantity => lang
                .pick(
                    "Укажите количество — целое число от 1 до 999.",
                    "Enter a quantity: a whole number from 1 to 999.",
                )
                .into(),
            NotEnoughStock { available: 0 } => lang
                .pick("Товар закончился.", "This product is out of stock.")
                .into(),
            NotEnoughStock { available } => match lang {
                Lang::Ru => format!("В наличии только {available} шт."),
                Lang::En => format!("Only {available} left in stock."),
            },
            ProductUnavailable => lang
                .pick(
                    "Товар больше не продаётся.",
                    "This product is no longer available.",
                )
                .into(),
            CartEmpty => lang
                .pick(
                    "Выберите в корзине товары для заказа.",
                    "Select the items to order in your cart.",
                )
                .into(),
            InvalidPostcode => lang
                .pick(
                    "Индекс в России — 6 цифр, например 101000.",
                    "A Russian postcode has 6 digits, e.g. 101000; others 3–10 letters or digits.",
                )
                .into(),
            InvalidPhone => lang
                .pick(
                    "Телефон в международном формате: +7 900 123-45-67.",
                    "Phone in international form: +7 900 123-45-67.",
                )
                .into(),
            InvalidChoice(f) => match lang {
                Lang::Ru => format!("Выберите значение из списка: {}.", f.label(lang)),
                Lang::En => format!("Choose a {} from the list.", f.label(lang)),
            },
            OrderState => lang
                .pick(
                    "Состояние заказа изменилось — обновите страницу.",
                    "The order's state has changed. Reload the page.",
                )
                .into(),
            InvalidAmount => lang
                .pick(
                    "Укажите сумму больше нуля, например 12,50.",
                    "Enter an amount above zero, e.g. 12.50.",
                )
                .into(),
            RefundTooHigh { max } => match lang {
                Lang::Ru => format!(
                    "Сумма больше оплаченной: вернуть можно не больше {}.",
                    crate::money::Money(*max).format(lang)
                ),
                Lang::En => format!(
                    "That is more than was paid: at most {} can be refunded.",
                    crate::money::Money(*max).format(lang)
                ),
            },
            OfferNotBelowAsked { asked } => match lang {
                Lang::Ru => format!(
                    "Частичный возврат должен быть меньше запрошенных {}.",
                    crate::money::Money(*asked).format(lang)
                ),
                Lang::En => format!(
                    "A partial refund must be below the {} asked.",
                    crate::money::Money(*asked).format(lang)
                ),
            },
            PhotoNotImage => lang
                .pick(
                    "Фото должно быть изображением JPEG, PNG или WebP.",
                    "A photo must be a JPEG, PNG or WebP image.",
                )
                .into(),
            PhotoTooLarge => lang
                .pick(
                    "Каждое фото — не больше 5 МБ.",
                    "Each photo must be 5 MB or smaller.",
                )
                .into(),
            PhotoTooManyPixels => lang
                .pick(
                    "Фото слишком большого разрешения: не больше 8192 точек по стороне и 40 Мп.",
                    "The photo's resolution is too high: at most 8192 pixels a side and 40 MP.",
                )
                .into(),
            TooManyPhotos => lang
                .pick("Можно приложить не больше 5 фото.", "You can attach up to 5 photos.")
                .into(),
            DisputeWindow => lang
                .pick(
                    "Спор можно открыть после отправки заказа и до 15 дней после получения.",
                    "A dispute can be opened once the order has shipped and until 15 days after delivery.",
                )
                .into(),
            DisputeExists => lang
                .pick(
                    "По этому заказу уже открыт спор.",
                    "This order already has a dispute.",
                )
                .into(),
            DisputeState => lang
                .pick(
                    "Состояние спора изменилось — обновите страницу.",
                    "The dispute's state has changed. Reload the page.",
                )
                .into(),
            Busy => lang
                .pick(
                    "Сервер сейчас перегружен. Повторите через минуту.",
                    "The server is busy right now. Please try again in a minute.",
                )
                .into(),
            Internal => lang
                .pick(
                    "Что-то пошло не так. Попробуйте ещё раз.",
                    "Something went wrong. Please try again.",
                )
                .into(),
            Request => lang
                .pick(
                    "Не удалось связаться с сервером. Проверьте соединение.",
                    "Could not reach the server. Check your connection.",
                )
                .into(),
        }
    }

    /// A short code carried in a redirect URL (`?error=`) after a form posted without JavaScript.
    pub fn code(&self) -> String {
        use AppError::*;
        match self {
            Required(f) => format!("required.{}", f.code()),
            TooLong(f, n) => format!("too_long.{}.{n}", f.code()),
            Throttled { minutes } => format!("throttled.{minutes}"),
            NotEnoughStock { available } => format!("stock.{available}"),
            RefundTooHigh { max } => format!("refund_max.{max}"),
            OfferNotBelowAsked { asked } => format!("offer_below.{asked}"),
            InvalidChoice(f) => format!("choice.{}", f.code()),
            other => format!("{other:?}"),
        }
    }

    /// Reads back [`AppError::code`]; unknown codes are ignored.
    pub fn from_code(code: &str) -> Option<AppError> {
        use AppError::*;
        let mut parts = code.split('.');
        let head = parts.next()?;
        Some(match head {
            "required" => Required(Field::from_code(parts.next()?)?),
            "too_long" => TooLong(
                Field::from_code(parts.next()?)?,
                parts.next()?.parse().ok()?,
            ),
            "throttled" => Throttled {
                minutes: parts.next()?.parse().ok()?,
            },
            "stock" => NotEnoughStock {
                available: parts.next()?.parse().ok()?,
            },
            "choice" => InvalidChoice(Field::from_code(parts.next()?)?),
            "refund_max" => RefundTooHigh {
                max: parts.next()?.parse().ok()?,
            },
            "offer_below" => OfferNotBelowAsked {
                asked: parts.next()?.parse().ok()?,
            },
            "InvalidAmount" => InvalidAmount,
            "PhotoNotImage" => PhotoNotImage,
            "PhotoTooLarge" => PhotoTooLarge,
            "PhotoTooManyPixels" => PhotoTooManyPixels,
            "TooManyPhotos" => TooManyPhotos,
            "DisputeWindow" => DisputeWindow,
            "DisputeExists" => DisputeExists,
            "DisputeState" => DisputeState,
            "InvalidQuantity" => InvalidQuantity,
            "ProductUnavailable" => ProductUnavailable,
            "CartEmpty" => CartEmpty,
            "InvalidPostcode" => InvalidPostcode,
            "InvalidPhone" => InvalidPhone,
            "OrderState" => OrderState,
            "InvalidEmail" => InvalidEmail,
            "InvalidLoginId" => InvalidLoginId,
            "InvalidName" => InvalidName,
            "PasswordTooShort" => PasswordTooShort,
            "TermsNotAccepted" => TermsNotAccepted,
            "EmailTaken" => EmailTaken,
            "InvalidCredentials" => InvalidCredentials,
            "LinkInvalid" => LinkInvalid,
            "NotSignedIn" => NotSignedIn,
            "Forbidden" => Forbidden,
            "NotFound" => NotFound,
            "Internal" => Internal,
            "Busy" => Busy,
            _ => return None,
        })
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

#[cfg(feature = "ssr")]
impl AppError {
    /// The HTTP status a server function answers with when it fails with this error.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        use AppError::*;
        match self {
            Required(_)
            | TooLong(..)
            | InvalidEmail
            | InvalidLoginId
            | InvalidName
            | PasswordTooShort
            | TermsNotAccepted
            | InvalidQuantity
            | InvalidPostcode
            | InvalidPhone
            | InvalidChoice(_)
            | CartEmpty
            | InvalidAmount
            | RefundTooHigh { .. }
            | OfferNotBelowAsked { .. }
            | PhotoNotImage
            | PhotoTooManyPixels
            | TooManyPhotos => S::UNPROCESSABLE_ENTITY,
            PhotoTooLarge => S::PAYLOAD_TOO_LARGE,
            NotEnoughStock { .. }
            | ProductUnavailable
            | OrderState
            | DisputeWindow
            | DisputeExists
            | DisputeState => S::CONFLICT,
            EmailTaken => S::CONFLICT,
            InvalidCredentials | NotSignedIn => S::UNAUTHORIZED,
            Throttled { .. } => S::TOO_MANY_REQUESTS,
            LinkInvalid => S::GONE,
            Forbidden => S::FORBIDDEN,
            NotFound => S::NOT_FOUND,
            Request => S::BAD_REQUEST,
            Busy => S::SERVICE_UNAVAILABLE,
            Internal => S::INTERNAL_SERVER_ERROR,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_survives_the_no_javascript_redirect_code() {
        let all = [
            AppError::Required(Field::Email),
            AppError::TooLong(Field::Name, 100),
            AppError::Throttled { minutes: 12 },
            AppError::InvalidCredentials,
            AppError::EmailTaken,
            AppError::LinkInvalid,
            AppError::TermsNotAccepted,
            AppError::NotEnoughStock { available: 3 },
            AppError::InvalidChoice(Field::Country),
            AppError::Required(Field::Postcode),
            AppError::OrderState,
            AppError::CartEmpty,
            AppError::RefundTooHigh { max: 1250 },
            AppError::OfferNotBelowAsked { asked: 990 },
            AppError::PhotoTooLarge,
            AppError::DisputeState,
        ];
        for e in all {
            assert_eq!(AppError::from_code(&e.code()), Some(e.clone()), "{e:?}");
        }
        assert_eq!(AppError::from_code("<script>"), None);
    }

    #[test]
    fn throttling_says_how_many_minutes_in_both_languages() {
        let e = AppError::Throttled { minutes: 7 };
        assert!(e.message(Lang::Ru).contains("через 7 мин"));
        assert!(e.message(Lang::En).contains("in 7 min"));
    }
}
