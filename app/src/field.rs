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
}

impl Field {
    const ALL: [Field; 29] = [
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
        }
    }
}
