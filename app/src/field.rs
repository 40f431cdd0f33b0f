//! Form fields that errors can point at, with their `?error=` codes and names for messages.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// A form field an error belongs to, so the message can be shown next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    Name,
    Email,
    LoginId,
    Password,
    Terms,
    Quantity,
    Recipient,
    Country,
    Region,
    City,
    Street,
    Flat,
    Postcode,
    Phone,
    Address,
    Carrier,
    Tracking,
    Note,
    Kind,
    Confirm,
    Reason,
    Refund,
    Amount,
    Description,
    Photos,
    Answer,
    Stars,
    Text,
    Reply,
    Message,
    Price,
    DiscountPrice,
    CurrentPassword,
    /// A two-step sign-in code (from the app, or a recovery code); its forms' field is `code`.
    OneTimeCode,
    About,
    Code,
    Percent,
    MinOrder,
    Starts,
    Ends,
    PerShopper,
    Gift,
    Argument,
    Holder,
    Registration,
    Basis,
    BasisText,
    Banned,
    Proposal,
    PasskeyName,
}

impl Field {
    const ALL: [Field; 50] = [
        Field::Name,
        Field::Email,
        Field::LoginId,
        Field::Password,
        Field::Terms,
        Field::Quantity,
        Field::Recipient,
        Field::Country,
        Field::Region,
        Field::City,
        Field::Street,
        Field::Flat,
        Field::Postcode,
        Field::Phone,
        Field::Address,
        Field::Carrier,
        Field::Tracking,
        Field::Note,
        Field::Kind,
        Field::Confirm,
        Field::Reason,
        Field::Refund,
        Field::Amount,
        Field::Description,
        Field::Photos,
        Field::Answer,
        Field::Stars,
        Field::Text,
        Field::Reply,
        Field::Message,
        Field::Price,
        Field::DiscountPrice,
        Field::CurrentPassword,
        Field::OneTimeCode,
        Field::About,
        Field::Code,
        Field::Percent,
        Field::MinOrder,
        Field::Starts,
        Field::Ends,
        Field::PerShopper,
        Field::Gift,
        Field::Argument,
        Field::Holder,
        Field::Registration,
        Field::Basis,
        Field::BasisText,
        Field::Banned,
        Field::Proposal,
        Field::PasskeyName,
    ];

    /// The form field name: also how the field is named in `?error=` codes.
    pub fn code(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Email => "email",
            Field::LoginId => "login",
            Field::Password => "password",
            Field::Terms => "terms",
            Field::Quantity => "quantity",
            Field::Recipient => "recipient",
            Field::Country => "country",
            Field::Region => "region",
            Field::City => "city",
            Field::Street => "street",
            Field::Flat => "flat",
            Field::Postcode => "postcode",
            Field::Phone => "phone",
            Field::Address => "address_id",
            Field::Carrier => "carrier",
            Field::Tracking => "tracking_number",
            Field::Note => "note",
            Field::Kind => "kind",
            Field::Confirm => "sure",
            Field::Reason => "reason",
            Field::Refund => "refund",
            Field::Amount => "amount",
            Field::Description => "description",
            Field::Photos => "photos",
            Field::Answer => "answer",
            Field::Stars => "stars",
            Field::Text => "text",
            Field::Reply => "reply",
            Field::Message => "message",
            Field::Price => "price",
            Field::DiscountPrice => "discount_price",
            Field::CurrentPassword => "current_password",
            Field::OneTimeCode => "otp",
            Field::About => "about",
            Field::Code => "code",
            Field::Percent => "percent",
            Field::MinOrder => "min_order",
            Field::Starts => "starts",
            Field::Ends => "ends",
            Field::PerShopper => "per_shopper",
            Field::Gift => "gift",
            Field::Argument => "argument",
            Field::Holder => "holder",
            Field::Registration => "registration",
            Field::Basis => "basis",
            Field::BasisText => "basis_text",
            Field::Banned => "banned",
            Field::Proposal => "proposal",
            Field::PasskeyName => "passkey_name",
        }
    }

    pub(crate) fn from_code(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == s)
    }

    pub(crate) fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::Name => lang.pick("имя", "name"),
            Field::Email => lang.pick("e-mail", "e-mail"),
            Field::LoginId => lang.pick("e-mail или member ID", "e-mail or member ID"),
            Field::Password => lang.pick("пароль", "password"),
            Field::Terms => lang.pick("условия", "terms"),
            Field::Quantity => lang.pick("количество", "quantity"),
            Field::Recipient => lang.pick("получатель", "recipient"),
            Field::Country => lang.pick("страна", "country"),
            Field::Region => lang.pick("регион", "region"),
            Field::City => lang.pick("город", "city"),
            Field::Street => lang.pick("улица, дом", "street and house"),
            Field::Flat => lang.pick("квартира", "flat"),
            Field::Postcode => lang.pick("индекс", "postcode"),
            Field::Phone => lang.pick("мобильный телефон", "mobile phone"),
            Field::Address => lang.pick("адрес доставки", "shipping address"),
            Field::Carrier => lang.pick("служба доставки", "carrier"),
            Field::Tracking => lang.pick("трек-номер", "tracking number"),
            Field::Note => lang.pick("комментарий", "note"),
            Field::Kind => lang.pick("событие", "event"),
            Field::Confirm => lang.pick("подтверждение", "confirmation"),
            Field::Reason => lang.pick("причина", "reason"),
            Field::Refund => lang.pick("возврат", "refund"),
            Field::Amount => lang.pick("сумма", "amount"),
            Field::Description => lang.pick("описание", "description"),
            Field::Photos => lang.pick("фото", "photos"),
            Field::Answer => lang.pick("ответ", "answer"),
            Field::Stars => lang.pick("оценка", "rating"),
            Field::Text => lang.pick("текст отзыва", "review text"),
            Field::Reply => lang.pick("ответ магазина", "store's reply"),
            Field::Message => lang.pick("сообщение", "message"),
            Field::Price => lang.pick("цена", "price"),
            Field::DiscountPrice => lang.pick("цена со скидкой", "discount price"),
            Field::CurrentPassword => lang.pick("текущий пароль", "current password"),
            Field::OneTimeCode => lang.pick("код", "code"),
            Field::About => lang.pick("о себе", "about me"),
            Field::Code => lang.pick("код купона", "coupon code"),
            Field::Percent => lang.pick("процент", "percentage"),
            Field::MinOrder => lang.pick("минимальная сумма заказа", "minimum order"),
            Field::Starts => lang.pick("начало", "start"),
            Field::Ends => lang.pick("окончание", "end"),
            Field::PerShopper => lang.pick("на покупателя", "per shopper"),
            Field::Gift => lang.pick("сумма с сертификата", "gift card amount"),
            Field::Argument => lang.pick("доводы", "argument"),
            Field::Holder => lang.pick("правообладатель", "right holder"),
            Field::Registration => lang.pick("номер регистрации права", "registration number"),
            Field::Basis => lang.pick("правовое основание", "legal basis"),
            Field::BasisText => lang.pick("пояснение к основанию", "basis details"),
            Field::Banned => lang.pick("запрещённая категория", "prohibited category"),
            Field::Proposal => lang.pick("ваш перевод", "your translation"),
            Field::PasskeyName => lang.pick("название ключа", "passkey name"),
        }
    }
}

/// A free-text field as sent: trimmed, required or not, at most `max` characters, and plain
/// text (a `<` that opens a tag is refused: pages show texts as text, and a moderator should
/// never have to read markup).
pub fn plain_text(
    field: Field,
    raw: &str,
    max: usize,
    required: bool,
) -> Result<String, crate::error::AppError> {
    use crate::error::AppError;
    let text = raw.trim();
    if required && text.is_empty() {
        return Err(AppError::Required(field));
    }
    if text.chars().count() > max {
        return Err(AppError::TooLong(field, max as u32));
    }
    let tag = text.as_bytes().windows(2).any(|w| {
        w[0] == b'<' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'/' | b'!' | b'?'))
    });
    if tag {
        return Err(AppError::HtmlNotAllowed(field));
    }
    Ok(text.to_string())
}
