//! Every [`AppError`] variant in one place: its payload, HTTP status, form field, `?error=` code
//! and message in both languages. The `app_errors!` macro (in `error.rs`) turns this table into
//! the enum and all its methods, so a new variant cannot miss any of them.
//!
//! A payload value is written `name: Type = example`: the example goes into
//! [`AppError::examples`], which the tests walk. Messages are `&str` or `String` expressions and
//! may use the payload names (as references, hence `*max`).

use crate::field::Field;
use crate::i18n::Lang;
use crate::money::Money;

app_errors! {
    #[error("required: {0:?}")]
    Required(field: Field = Field::Email) => {
        status: UNPROCESSABLE_ENTITY, field: Some(*field), code: "required",
        ru: match field {
            Field::Confirm => "Отметьте галочку, чтобы подтвердить.".into(),
            f => format!("Заполните поле «{}».", f.label(Lang::Ru)),
        },
        en: match field {
            Field::Confirm => "Tick the box to confirm.".into(),
            f => format!("Please fill in the {}.", f.label(Lang::En)),
        },
    },
    #[error("too long: {0:?} > {1}")]
    TooLong(field: Field = Field::Name, max: u32 = 100) => {
        status: UNPROCESSABLE_ENTITY, field: Some(*field), code: "too_long",
        ru: format!("Поле «{}» длиннее {max} символов.", field.label(Lang::Ru)),
        en: format!("The {} is longer than {max} characters.", field.label(Lang::En)),
    },
    #[error("invalid e-mail")]
    InvalidEmail => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Email), code: "InvalidEmail",
        ru: "Введите e-mail в виде name@example.ru.",
        en: "Enter an e-mail like name@example.com.",
    },
    #[error("invalid login id")]
    InvalidLoginId => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::LoginId), code: "InvalidLoginId",
        ru: "Введите e-mail или member ID (9 цифр).",
        en: "Enter your e-mail or member ID (9 digits).",
    },
    #[error("invalid name")]
    InvalidName => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Name), code: "InvalidName",
        ru: "Имя содержит недопустимые символы.",
        en: "The name has characters that are not allowed.",
    },
    #[error("password too short")]
    PasswordTooShort => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Password), code: "PasswordTooShort",
        ru: "Пароль должен быть не короче 8 символов.",
        en: "The password needs at least 8 characters.",
    },
    /// The password is among the most common ones, or made of the shopper's name, e-mail or
    /// the site's name: the first thing a guesser tries.
    #[error("password too common")]
    PasswordCommon => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Password), code: "PasswordCommon",
        ru: "Этот пароль слишком распространён или содержит ваше имя, e-mail или название сайта — его легко подобрать. Придумайте другой.",
        en: "This password is too common or is made of your name, e-mail or the site's name, so it is easy to guess. Choose another one.",
    },
    #[error("terms not accepted")]
    TermsNotAccepted => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Terms), code: "TermsNotAccepted",
        ru: "Примите условия использования.",
        en: "Please accept the terms of use.",
    },
    #[error("e-mail already registered")]
    EmailTaken => {
        status: CONFLICT, field: Some(Field::Email), code: "EmailTaken",
        ru: "Этот e-mail уже зарегистрирован. Войдите или восстановите пароль.",
        en: "This e-mail is already registered. Sign in or reset your password.",
    },
    #[error("invalid credentials")]
    InvalidCredentials => {
        status: UNAUTHORIZED, field: None, code: "InvalidCredentials",
        ru: "Неверный e-mail, member ID или пароль.",
        en: "Wrong e-mail, member ID or password.",
    },
    #[error("throttled for {minutes} min")]
    Throttled { minutes: u32 = 12 } => {
        status: TOO_MANY_REQUESTS, field: None, code: "throttled",
        ru: format!("Слишком много попыток входа. Попробуйте снова через {minutes} мин. Войти можно и сейчас: восстановите пароль — ссылка из письма работает, даже пока вход приостановлен."),
        en: format!("Too many sign-in attempts. Try again in {minutes} min. You can get in right away by resetting your password: the e-mailed link works even while sign-in is paused."),
    },
    /// Registrations from one network are limited per hour (`KABINET_REGISTRATIONS_PER_HOUR`).
    #[error("too many registrations from this network")]
    TooManyRegistrations => {
        status: TOO_MANY_REQUESTS, field: None, code: "TooManyRegistrations",
        ru: "Из вашей сети создано слишком много аккаунтов. Попробуйте снова через час.",
        en: "Too many accounts have been created from your network. Please try again in an hour.",
    },
    /// Recovery e-mails to one address are limited per hour (`KABINET_RECOVERY_MAILS_PER_HOUR`).
    #[error("too many recovery e-mails to this address")]
    TooManyRecoveryMails => {
        status: TOO_MANY_REQUESTS, field: Some(Field::Email), code: "TooManyRecoveryMails",
        ru: "На этот адрес уже отправлено несколько писем. Проверьте почту (и папку «Спам») или попробуйте снова через час.",
        en: "Several e-mails have already been sent to this address. Check your inbox (and spam folder) or try again in an hour.",
    },
    #[error("link invalid or expired")]
    LinkInvalid => {
        status: GONE, field: None, code: "LinkInvalid",
        ru: "Ссылка недействительна или устарела. Запросите новую.",
        en: "This link is invalid or has expired. Ask for a new one.",
    },
    #[error("not signed in")]
    NotSignedIn => {
        status: UNAUTHORIZED, field: None, code: "NotSignedIn",
        ru: "Войдите, чтобы продолжить.",
        en: "Please sign in to continue.",
    },
    #[error("forbidden")]
    Forbidden => {
        status: FORBIDDEN, field: None, code: "Forbidden",
        ru: "Это действие недоступно.",
        en: "This action is not allowed.",
    },
    #[error("not found")]
    NotFound => {
        status: NOT_FOUND, field: None, code: "NotFound",
        ru: "Не найдено.",
        en: "Not found.",
    },
    #[error("invalid quantity")]
    InvalidQuantity => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Quantity), code: "InvalidQuantity",
        ru: "Укажите количество — целое число от 1 до 999.",
        en: "Enter a quantity: a whole number from 1 to 999.",
    },
    #[error("only {available} in stock")]
    NotEnoughStock { available: u32 = 3 } => {
        status: CONFLICT, field: Some(Field::Quantity), code: "stock",
        ru: match available {
            0 => "Товар закончился.".into(),
            n => format!("В наличии только {n} шт."),
        },
        en: match available {
            0 => "This product is out of stock.".into(),
            n => format!("Only {n} left in stock."),
        },
    },
    #[error("product unavailable")]
    ProductUnavailable => {
        status: CONFLICT, field: None, code: "ProductUnavailable",
        ru: "Товар больше не продаётся.",
        en: "This product is no longer available.",
    },
    #[error("nothing selected in the cart")]
    CartEmpty => {
        status: UNPROCESSABLE_ENTITY, field: None, code: "CartEmpty",
        ru: "Выберите в корзине товары для заказа.",
        en: "Select the items to order in your cart.",
    },
    #[error("invalid postcode")]
    InvalidPostcode => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Postcode), code: "InvalidPostcode",
        ru: "Индекс в России — 6 цифр, например 101000.",
        en: "A Russian postcode has 6 digits, e.g. 101000; others 3–10 letters or digits.",
    },
    #[error("invalid phone")]
    InvalidPhone => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Phone), code: "InvalidPhone",
        ru: "Телефон в международном формате: +7 900 123-45-67.",
        en: "Phone in international form: +7 900 123-45-67.",
    },
    #[error("invalid choice: {0:?}")]
    InvalidChoice(field: Field = Field::Country) => {
        status: UNPROCESSABLE_ENTITY, field: Some(*field), code: "choice",
        ru: format!("Выберите значение из списка: {}.", field.label(Lang::Ru)),
        en: format!("Choose a {} from the list.", field.label(Lang::En)),
    },
    /// The order is not in a state that allows this action (already paid, shipped…).
    #[error("order state does not allow this")]
    OrderState => {
        status: CONFLICT, field: None, code: "OrderState",
        ru: "Состояние заказа изменилось — обновите страницу.",
        en: "The order's state has changed. Reload the page.",
    },
    /// Not a sum of money like 12.50, or not above zero.
    #[error("invalid amount")]
    InvalidAmount => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Amount), code: "InvalidAmount",
        ru: "Укажите сумму больше нуля, например 12,50.",
        en: "Enter an amount above zero, e.g. 12.50.",
    },
    /// More than may be refunded (cents).
    #[error("refund above {max}")]
    RefundTooHigh { max: i64 = 1250 } => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Amount), code: "refund_max",
        ru: format!(
            "Сумма больше оплаченной: вернуть можно не больше {}.",
            Money(*max).format(Lang::Ru)
        ),
        en: format!(
            "That is more than was paid: at most {} can be refunded.",
            Money(*max).format(Lang::En)
        ),
    },
    /// A store's partial offer must be below what the shopper asked (cents asked).
    #[error("offer not below {asked}")]
    OfferNotBelowAsked { asked: i64 = 990 } => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Amount), code: "offer_below",
        ru: format!(
            "Частичный возврат должен быть меньше запрошенных {}.",
            Money(*asked).format(Lang::Ru)
        ),
        en: format!("A partial refund must be below the {} asked.", Money(*asked).format(Lang::En)),
    },
    /// A photo that is not a JPEG, PNG or WebP image (or is damaged).
    #[error("photo is not an image")]
    PhotoNotImage => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Photos), code: "PhotoNotImage",
        ru: "Фото должно быть изображением JPEG, PNG или WebP.",
        en: "A photo must be a JPEG, PNG or WebP image.",
    },
    /// The shopper is already sending a form with photos.
    #[error("an upload is already in progress")]
    UploadInProgress => {
        status: TOO_MANY_REQUESTS, field: Some(Field::Photos), code: "UploadInProgress",
        ru: "Предыдущая отправка фотографий ещё не закончилась. Дождитесь её и попробуйте снова.",
        en: "Your previous photo upload has not finished yet. Wait for it, then try again.",
    },
    /// A photo file over 5 MB.
    #[error("photo too large")]
    PhotoTooLarge => {
        status: PAYLOAD_TOO_LARGE, field: Some(Field::Photos), code: "PhotoTooLarge",
        ru: "Каждое фото — не больше 5 МБ.",
        en: "Each photo must be 5 MB or smaller.",
    },
    /// A photo with more pixels than is allowed (also what a decompression bomb gets).
    #[error("photo has too many pixels")]
    PhotoTooManyPixels => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Photos), code: "PhotoTooManyPixels",
        ru: "Фото слишком большого разрешения: не больше 8192 точек по стороне и 40 Мп.",
        en: "The photo's resolution is too high: at most 8192 pixels a side and 40 MP.",
    },
    #[error("more than 5 photos")]
    TooManyPhotos => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Photos), code: "TooManyPhotos",
        ru: "Можно приложить не больше 5 фото.",
        en: "You can attach up to 5 photos.",
    },
    /// A dispute can be opened from shipment until 15 days after delivery or confirmation.
    #[error("dispute window closed")]
    DisputeWindow => {
        status: CONFLICT, field: None, code: "DisputeWindow",
        ru: "Спор можно открыть после отправки заказа и до 15 дней после получения.",
        en: "A dispute can be opened once the order has shipped and until 15 days after delivery.",
    },
    #[error("a dispute is already open")]
    DisputeExists => {
        status: CONFLICT, field: None, code: "DisputeExists",
        ru: "По этому заказу уже открыт спор.",
        en: "This order already has a dispute.",
    },
    /// Withdrawn twice: a dispute is opened again at most once after a withdrawal.
    #[error("dispute already reopened once")]
    DisputeReopenUsed => {
        status: CONFLICT, field: None, code: "DisputeReopenUsed",
        ru: "Спор по этому заказу уже открывали повторно после отзыва и снова отозвали. Открыть его ещё раз нельзя.",
        en: "A dispute on this order was already reopened once after being withdrawn, and withdrawn again. It cannot be opened again.",
    },
    /// Too many orders await payment: stock is not held for ever by one account.
    #[error("too many unpaid orders")]
    TooManyUnpaidOrders { max: u32 = 5 } => {
        status: CONFLICT, field: None, code: "TooManyUnpaidOrders",
        ru: format!("У вас уже {max} неоплаченных заказов. Оплатите или отмените их, чтобы оформить новый."),
        en: format!("You already have {max} unpaid orders. Pay for or cancel them to place a new one."),
    },
    /// The dispute is not in a state that allows this (answered, closed…).
    #[error("dispute state does not allow this")]
    DisputeState => {
        status: CONFLICT, field: None, code: "DisputeState",
        ru: "Состояние спора изменилось — обновите страницу.",
        en: "The dispute's state has changed. Reload the page.",
    },
    /// Too many requests are waiting for the same scarce resource (password hashing).
    #[error("server busy")]
    Busy => {
        status: SERVICE_UNAVAILABLE, field: None, code: "Busy",
        ru: "Сервер сейчас перегружен. Повторите через минуту.",
        en: "The server is busy right now. Please try again in a minute.",
    },
    /// A query ran past its deadline (`KABINET_SEARCH_DEADLINE_MS`) and was interrupted.
    #[error("query took too long")]
    TooSlow => {
        status: SERVICE_UNAVAILABLE, field: None, code: "TooSlow",
        ru: "Поиск занял слишком много времени и был остановлен. Уточните запрос или повторите позже.",
        en: "The search took too long and was stopped. Make it more specific or try again later.",
    },
    /// Stars are a whole number from 1 to 5.
    #[error("stars outside 1-5")]
    InvalidStars => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Stars), code: "InvalidStars",
        ru: "Поставьте оценку от 1 до 5 звёзд.",
        en: "Choose a rating from 1 to 5 stars.",
    },
    /// A review is written for a line of a received order only.
    #[error("order not received yet")]
    ReviewNotYet => {
        status: CONFLICT, field: None, code: "ReviewNotYet",
        ru: "Отзыв можно оставить после того, как получение заказа подтверждено.",
        en: "You can review a product once receipt of the order is confirmed.",
    },
    /// One review per order line; the second submission gets this.
    #[error("line already reviewed")]
    ReviewExists => {
        status: CONFLICT, field: None, code: "ReviewExists",
        ru: "Вы уже оставили отзыв на этот товар из заказа. Его можно изменить или дополнить.",
        en: "You have already reviewed this item of the order. You can edit it or add to it.",
    },
    /// Edits and follow-ups end 30 days after receipt was confirmed.
    #[error("review window closed")]
    ReviewWindowClosed => {
        status: CONFLICT, field: None, code: "ReviewWindowClosed",
        ru: "Изменить или дополнить отзыв можно только в течение 30 дней после получения заказа.",
        en: "A review can be edited or added to only within 30 days after the order was received.",
    },
    /// Messages per sender are limited per minute (`messages::FLOOD_PER_MINUTE`).
    #[error("too many messages")]
    TooManyMessages => {
        status: TOO_MANY_REQUESTS, field: Some(Field::Message), code: "TooManyMessages",
        ru: "Вы отправляете сообщения слишком часто. Подождите минуту и отправьте снова — текст сохранён.",
        en: "You are sending messages too fast. Wait a minute and send again — your text is kept.",
    },
    /// A shopper writing to their own store.
    #[error("message to own store")]
    OwnStore => {
        status: UNPROCESSABLE_ENTITY, field: None, code: "OwnStore",
        ru: "Это ваш собственный магазин: написать ему нельзя.",
        en: "This is your own store: you cannot write to it.",
    },
    /// The discount price must be below the price.
    #[error("discount not below price")]
    DiscountNotBelow => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::DiscountPrice), code: "DiscountNotBelow",
        ru: "Цена со скидкой должна быть ниже обычной цены.",
        en: "The discount price must be below the price.",
    },
    /// Settings: the current password typed to change the password or e-mail is wrong (counted
    /// like a failed sign-in).
    #[error("current password wrong")]
    CurrentPasswordWrong => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::CurrentPassword), code: "CurrentPasswordWrong",
        ru: "Текущий пароль введён неверно.",
        en: "The current password is wrong.",
    },
    /// A two-step code that is wrong, already used (the same 30-second code twice) or a
    /// recovery code that was used or never issued.
    #[error("two-step code invalid")]
    CodeInvalid => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::OneTimeCode), code: "CodeInvalid",
        ru: "Код неверный или уже использован. Введите новый код из приложения или неиспользованный код восстановления.",
        en: "The code is wrong or has been used. Enter a new code from the app or an unused recovery code.",
    },
    /// The sign-in waiting for its second step is gone (ten minutes passed, or it was used).
    #[error("second step expired")]
    SecondStepExpired => {
        status: GONE, field: None, code: "SecondStepExpired",
        ru: "Время на ввод кода истекло. Войдите снова.",
        en: "The time to enter the code has run out. Please sign in again.",
    },
    /// The new e-mail is the one the account already has.
    #[error("e-mail unchanged")]
    EmailUnchanged => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Email), code: "EmailUnchanged",
        ru: "Это и так ваш e-mail.",
        en: "This already is your e-mail.",
    },
    /// A number in a form (the seller's coupon, the gift-card amount) is out of its range.
    #[error("out of range: {0:?}")]
    OutOfRange(field: Field = Field::Percent) => {
        status: UNPROCESSABLE_ENTITY, field: Some(*field), code: "OutOfRange",
        ru: match field {
            Field::Amount => "Скидка — сумма больше нуля и меньше минимальной суммы заказа.".into(),
            Field::Percent => "Процент — целое число от 1 до 100.".into(),
            Field::MinOrder => "Минимальная сумма — число, например 25 или 25,50.".into(),
            Field::Ends => "Окончание — не раньше начала и не дольше года.".into(),
            Field::Quantity => "Количество — целое число от 1 до 1 000 000, или пусто (без ограничения).".into(),
            Field::PerShopper => "На покупателя — от 1 до 20.".into(),
            Field::Gift => "Сумма с сертификата — число не меньше нуля, например 12,50.".into(),
            f => format!("Проверьте поле «{}».", f.label(Lang::Ru)),
        },
        en: match field {
            Field::Amount => "The discount is an amount above zero and below the minimum order.".into(),
            Field::Percent => "The percentage is a whole number from 1 to 100.".into(),
            Field::MinOrder => "The minimum order is a number, such as 25 or 25.50.".into(),
            Field::Ends => "The end is not before the start and at most a year later.".into(),
            Field::Quantity => "The quantity is a whole number from 1 to 1,000,000, or empty (no limit).".into(),
            Field::PerShopper => "Per shopper: from 1 to 20.".into(),
            Field::Gift => "The gift card amount is a number not below zero, e.g. 12.50.".into(),
            f => format!("Check the {}.", f.label(Lang::En)),
        },
    },
    /// Claimed past its window or after the store ended it.
    #[error("coupon no longer given")]
    CouponClosed => {
        status: CONFLICT, field: None, code: "CouponClosed",
        ru: "Этот купон больше не выдаётся.",
        en: "This coupon is no longer given out.",
    },
    /// Every coupon of this kind has been claimed.
    #[error("coupon all claimed")]
    CouponGone => {
        status: CONFLICT, field: None, code: "CouponGone",
        ru: "Купоны закончились: все уже разобрали.",
        en: "None left: every coupon has been claimed.",
    },
    /// The shopper already holds as many as one may.
    #[error("coupon limit per shopper")]
    CouponLimit { max: u32 = 1 } => {
        status: CONFLICT, field: None, code: "CouponLimit",
        ru: format!("Вы уже получили этот купон (не больше {max} на покупателя)."),
        en: format!("You already have this coupon (at most {max} per shopper)."),
    },
    /// A special coupon's condition (new shopper, club level) is not met.
    #[error("coupon condition not met")]
    CouponCondition => {
        status: FORBIDDEN, field: None, code: "CouponCondition",
        ru: "Этот купон только для покупателей, которые подходят под его условие.",
        en: "This coupon is only for shoppers who meet its condition.",
    },
    /// No coupon has this code (or it is not a code at all).
    #[error("unknown coupon code")]
    CouponCode => {
        status: NOT_FOUND, field: Some(Field::Code), code: "CouponCode",
        ru: "Купона с таким кодом нет. Проверьте код.",
        en: "There is no coupon with this code. Check the code.",
    },
    /// Codes entered past the hourly limit (`coupons::ssr::CODE_ENTRIES_PER_HOUR`).
    #[error("too many code entries")]
    TooManyCodeEntries => {
        status: TOO_MANY_REQUESTS, field: Some(Field::Code), code: "TooManyCodeEntries",
        ru: "Слишком много попыток ввести код. Попробуйте через час.",
        en: "Too many code attempts. Try again in an hour.",
    },
    /// The chosen coupon was used by another checkout meanwhile.
    #[error("coupon already used")]
    CouponUsed => {
        status: CONFLICT, field: None, code: "CouponUsed",
        ru: "Этот купон уже использован в другом заказе. Заказ не оформлен — проверьте выбор купонов.",
        en: "This coupon has already been used on another order. Nothing was placed: check your coupons.",
    },
    /// The chosen coupon does not apply (minimum, window) to this order any more.
    #[error("coupon does not apply")]
    CouponNotApplicable => {
        status: CONFLICT, field: None, code: "CouponNotApplicable",
        ru: "Выбранный купон не подходит к этому заказу (сумма или срок). Заказ не оформлен — проверьте выбор купонов.",
        en: "The chosen coupon does not apply to this order (total or dates). Nothing was placed: check your coupons.",
    },
    /// A coupon id the shopper does not hold (tampered with, or another's).
    #[error("coupon not in wallet")]
    CouponUnavailable => {
        status: NOT_FOUND, field: None, code: "CouponUnavailable",
        ru: "Такого купона нет в вашем кошельке.",
        en: "There is no such coupon in your wallet.",
    },
    /// No gift card has this code, or it is another shopper's.
    #[error("unknown gift card code")]
    GiftCardCode => {
        status: NOT_FOUND, field: Some(Field::Code), code: "GiftCardCode",
        ru: "Сертификата с таким кодом нет. Проверьте код.",
        en: "There is no gift card with this code. Check the code.",
    },
    /// The shopper redeemed this card already.
    #[error("gift card already redeemed")]
    GiftCardRedeemed => {
        status: CONFLICT, field: Some(Field::Code), code: "GiftCardRedeemed",
        ru: "Этот сертификат уже активирован в вашем кабинете.",
        en: "You have already redeemed this gift card.",
    },
    /// The card expired before it was redeemed.
    #[error("gift card expired")]
    GiftCardExpired => {
        status: CONFLICT, field: Some(Field::Code), code: "GiftCardExpired",
        ru: "Срок действия этого сертификата истёк.",
        en: "This gift card has expired.",
    },
    /// More asked from gift cards than their balance (another tab may have spent it).
    #[error("gift card balance short")]
    GiftCardBalance { available: i64 = 1250 } => {
        status: CONFLICT, field: Some(Field::Gift), code: "GiftCardBalance",
        ru: format!(
            "На подарочных сертификатах доступно {}. Оплата не прошла — укажите сумму не больше этой.",
            Money(*available).format(Lang::Ru)
        ),
        en: format!(
            "Your gift cards hold {}. Nothing was paid: enter at most that amount.",
            Money(*available).format(Lang::En)
        ),
    },
    /// The reported product is withdrawn from sale already.
    #[error("report on a withdrawn product")]
    ReportWithdrawnProduct => {
        status: CONFLICT, field: None, code: "ReportWithdrawnProduct",
        ru: "Этот товар уже снят с продажи — жаловаться на него не нужно.",
        en: "This product is already withdrawn from sale: there is nothing to report.",
    },
    /// The shopper has an open report of this kind on the product (or store).
    #[error("report already open")]
    ReportOpen => {
        status: CONFLICT, field: Some(Field::Kind), code: "ReportOpen",
        ru: "Вы уже подали жалобу этого вида, и она ещё рассматривается. Дождитесь решения.",
        en: "You already filed a report of this kind and it is still open. Please wait for the decision.",
    },
    /// Too many reports in the last 24 hours.
    #[error("report daily limit")]
    ReportDailyLimit(max: i64 = 5) => {
        status: TOO_MANY_REQUESTS, field: None, code: "ReportDailyLimit",
        ru: format!("За сутки можно подать не больше {max} жалоб. Попробуйте завтра."),
        en: format!("You can file at most {max} reports a day. Please try again tomorrow."),
    },
    /// An evidence file says it is a PDF but is not a whole one, or is neither a picture nor a PDF.
    #[error("evidence is not a picture or a pdf")]
    EvidenceNotPdf => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Photos), code: "EvidenceNotPdf",
        ru: "Доказательства — это изображения JPEG, PNG или WebP или документы PDF. Один из файлов не является ни тем, ни другим.",
        en: "Evidence must be JPEG, PNG or WebP pictures or PDF documents. One of the files is neither.",
    },
    /// The report is already being reviewed (or decided): it can no longer be withdrawn.
    #[error("report not retractable")]
    ReportNotRetractable => {
        status: CONFLICT, field: None, code: "ReportNotRetractable",
        ru: "Жалобу можно отозвать, только пока она не взята на рассмотрение.",
        en: "A report can be withdrawn only until a moderator takes it up.",
    },
    /// Markup in a text field: texts are plain text.
    #[error("html in {0:?}")]
    HtmlNotAllowed(field: Field = Field::Argument) => {
        status: UNPROCESSABLE_ENTITY, field: Some(*field), code: "html",
        ru: format!("Поле «{}» должно быть простым текстом, без HTML-тегов.", field.label(Lang::Ru)),
        en: format!("The {} must be plain text, without HTML tags.", field.label(Lang::En)),
    },
    /// The proposed translation is the text already shown.
    #[error("proposal same as the current text")]
    ProposalSame => {
        status: UNPROCESSABLE_ENTITY, field: Some(Field::Proposal), code: "ProposalSame",
        ru: "Ваш вариант совпадает с текущим текстом. Измените его или пропустите текст.",
        en: "Your version is the same as the current text. Change it or skip this text.",
    },
    /// The shopper already has a pending proposal for this text.
    #[error("proposal pending")]
    ProposalPending => {
        status: CONFLICT, field: Some(Field::Proposal), code: "ProposalPending",
        ru: "Ваш вариант этого текста уже ждёт решения.",
        en: "Your version of this text is already waiting for a decision.",
    },
    /// Rating one's own proposal.
    #[error("rating own proposal")]
    RateOwnProposal => {
        status: FORBIDDEN, field: Some(Field::Stars), code: "RateOwnProposal",
        ru: "Свой вариант перевода оценивать нельзя.",
        en: "You cannot rate your own translation.",
    },
    /// Ratings count from confirmed accounts with a received order only.
    #[error("not eligible to rate")]
    RatingNotEligible => {
        status: FORBIDDEN, field: Some(Field::Stars), code: "RatingNotEligible",
        ru: "Оценивать переводы могут покупатели с подтверждённой почтой и хотя бы одним полученным заказом.",
        en: "Translations can be rated by shoppers with a confirmed e-mail and at least one received order.",
    },
    /// A moderator's decision on something decided already (another moderator, or the rule).
    #[error("already decided")]
    AlreadyDecided => {
        status: CONFLICT, field: None, code: "AlreadyDecided",
        ru: "Решение уже принято — обновите страницу.",
        en: "This has already been decided: reload the page.",
    },
    /// Sign-in through a provider that is not configured (or not a provider at all).
    #[error("sign-in provider not configured")]
    SocialUnknown => {
        status: NOT_FOUND, field: None, code: "SocialUnknown",
        ru: "Вход через этот сервис недоступен.",
        en: "Signing in with this service is not available.",
    },
    /// A provider's answer with a `state` that is wrong, used, expired or started in another
    /// browser: nothing is done with it.
    #[error("provider sign-in state invalid")]
    SocialState => {
        status: BAD_REQUEST, field: None, code: "SocialState",
        ru: "Вход через внешний сервис не завершён: ссылка устарела, уже использована или открыта в другом браузере. Начните вход заново.",
        en: "The sign-in with the external service did not complete: the link has expired, was used already or was opened in another browser. Please start again.",
    },
    /// The provider answered with an error (the shopper cancelled, `error=access_denied`).
    #[error("provider refused")]
    SocialDenied => {
        status: FORBIDDEN, field: None, code: "SocialDenied",
        ru: "Вход отменён на стороне сервиса. Ничего не изменено.",
        en: "The sign-in was cancelled at the service. Nothing has changed.",
    },
    /// The code exchange or the ID token failed its checks (audience, issuer, nonce, expiry,
    /// signature, PKCE): the cause is in the log.
    #[error("provider sign-in not verified")]
    SocialFailed => {
        status: BAD_REQUEST, field: None, code: "SocialFailed",
        ru: "Не удалось подтвердить вход через внешний сервис. Ничего не изменено; попробуйте ещё раз.",
        en: "The sign-in with the external service could not be verified. Nothing has changed; please try again.",
    },
    /// A first sign-in whose e-mail the provider has not verified: no account is made from it.
    #[error("provider e-mail not verified")]
    SocialEmailUnverified => {
        status: UNPROCESSABLE_ENTITY, field: None, code: "SocialEmailUnverified",
        ru: "Сервис не подтвердил ваш e-mail, поэтому аккаунт не создан. Подтвердите адрес в сервисе или зарегистрируйтесь с паролем и привяжите сервис в настройках безопасности.",
        en: "The service has not verified your e-mail, so no account was created. Verify the address at the service, or register with a password and link the service in the security settings.",
    },
    /// The provider identity is already linked to another account.
    #[error("provider identity linked to another account")]
    SocialLinkedElsewhere => {
        status: CONFLICT, field: None, code: "SocialLinkedElsewhere",
        ru: "Этот аккаунт сервиса уже привязан к другому аккаунту Kabinet. Ничего не изменено.",
        en: "This service account is already linked to another Kabinet account. Nothing has changed.",
    },
    /// The account already has another identity at this provider.
    #[error("provider already linked")]
    SocialAlreadyLinked => {
        status: CONFLICT, field: None, code: "SocialAlreadyLinked",
        ru: "К аккаунту уже привязан другой аккаунт этого сервиса. Сначала отвяжите его.",
        en: "Another account at this service is already linked. Remove it first.",
    },
    /// Removing the only way left to sign in (no password, no other provider).
    #[error("last way to sign in")]
    SocialLastWay => {
        status: CONFLICT, field: None, code: "SocialLastWay",
        ru: "Это единственный способ входа в аккаунт. Сначала задайте пароль (ссылка «Забыли пароль?» на странице входа), привяжите другой сервис или добавьте ключ доступа.",
        en: "This is the only way to sign in to the account. Set a password first (\"Forgot your password?\" on the sign-in page), link another service or add a passkey.",
    },
    /// The wait for the existing account's password is gone (ten minutes, or used).
    #[error("provider link wait expired")]
    SocialLinkExpired => {
        status: GONE, field: None, code: "SocialLinkExpired",
        ru: "Время на привязку истекло. Войдите через сервис снова.",
        en: "The time to link has run out. Sign in with the service again.",
    },
    /// Provider sign-ins started from one network are limited per hour.
    #[error("too many provider sign-ins from this network")]
    TooManySocialStarts => {
        status: TOO_MANY_REQUESTS, field: None, code: "TooManySocialStarts",
        ru: "Из вашей сети начато слишком много входов через внешние сервисы. Попробуйте позже.",
        en: "Too many sign-ins with external services have been started from your network. Please try later.",
    },
    /// Passkeys need a host name (browsers refuse WebAuthn on a bare IP address).
    #[error("no WebAuthn relying party for this address")]
    PasskeyUnavailable => {
        status: BAD_REQUEST, field: None, code: "PasskeyUnavailable",
        ru: "Ключи доступа на этом адресе недоступны: откройте сайт по имени (например, localhost), а не по IP-адресу.",
        en: "Passkeys are not available at this address: open the site by its name (such as localhost), not by an IP address.",
    },
    /// The ceremony's five minutes ran out, or it was finished already.
    #[error("passkey ceremony expired or used")]
    PasskeyExpired => {
        status: GONE, field: None, code: "PasskeyExpired",
        ru: "Время на подтверждение ключом истекло. Попробуйте ещё раз.",
        en: "The time to confirm with the passkey ran out. Please try again.",
    },
    /// The browser's answer failed verification (signature, origin, challenge, counter): the
    /// cause is in the log.
    #[error("passkey not verified")]
    PasskeyFailed => {
        status: BAD_REQUEST, field: None, code: "PasskeyFailed",
        ru: "Ключ доступа не прошёл проверку. Ничего не изменено; попробуйте ещё раз.",
        en: "The passkey could not be verified. Nothing has changed; please try again.",
    },
    /// A passkey this site does not know (removed, or made for another account).
    #[error("unknown passkey")]
    PasskeyUnknown => {
        status: UNAUTHORIZED, field: None, code: "PasskeyUnknown",
        ru: "Этот ключ доступа не привязан ни к одному аккаунту. Войдите с паролем и добавьте ключ в настройках безопасности.",
        en: "This passkey is not linked to any account. Sign in with your password and add the passkey in the security settings.",
    },
    /// The authenticator already holds a passkey of this account.
    #[error("passkey already registered")]
    PasskeyRegistered => {
        status: CONFLICT, field: None, code: "PasskeyRegistered",
        ru: "Этот ключ доступа уже добавлен к аккаунту.",
        en: "This passkey has already been added to the account.",
    },
    /// An account holds at most ten passkeys.
    #[error("too many passkeys")]
    TooManyPasskeys => {
        status: CONFLICT, field: None, code: "TooManyPasskeys",
        ru: "К аккаунту можно добавить не больше 10 ключей доступа. Удалите ненужный.",
        en: "An account can hold at most 10 passkeys. Remove one you no longer use.",
    },
    /// Passkey sign-ins started from one network are limited per hour.
    #[error("too many passkey sign-ins from this network")]
    TooManyPasskeyStarts => {
        status: TOO_MANY_REQUESTS, field: None, code: "TooManyPasskeyStarts",
        ru: "Из вашей сети начато слишком много входов с ключом доступа. Попробуйте позже.",
        en: "Too many passkey sign-ins have been started from your network. Please try later.",
    },
    /// Something failed on the server; details are in the server log only.
    #[error("internal error")]
    Internal => {
        status: INTERNAL_SERVER_ERROR, field: None, code: "Internal",
        ru: "Что-то пошло не так. Попробуйте ещё раз.",
        en: "Something went wrong. Please try again.",
    },
    /// The request never reached the server function (network, bad encoding). It is made in the
    /// browser, so no `?error=` redirect carries it and `from_code` does not read it back.
    #[error("request failed")]
    Request => {
        status: BAD_REQUEST, field: None, code: "Request" not_read_back,
        ru: "Не удалось связаться с сервером. Проверьте соединение.",
        en: "Could not reach the server. Check your connection.",
    },
}
