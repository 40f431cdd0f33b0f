//! Pieces shared by the review pages: texts, the stars picker, a review's stars and photos.

use super::*;
use crate::error::Field;
use crate::i18n::Lang;
use crate::texts;

texts! {
    pub enum R {
        Title => "Отзывы", "Reviews";
        Awaiting => "Ожидают отзыва", "Awaiting review";
        Mine => "Мои отзывы", "My reviews";
        Tabs => "Отзывы: разделы", "Review tabs";
        FindOrder => "Найти заказ по номеру", "Find an order by number";
        Find => "Найти", "Find";
        Reset => "Сбросить", "Clear";
        BadQuery => "Номер заказа — 16 цифр.", "An order number has 16 digits.";
        NoneAwaiting => "Нет товаров, ожидающих отзыва. Отзыв можно оставить после подтверждения получения заказа.",
                        "Nothing is awaiting a review. You can review items once receipt of the order is confirmed.";
        NoneMine => "Вы ещё не написали ни одного отзыва.", "You have not written any reviews yet.";
        NothingFound => "По этому номеру заказа ничего не найдено.", "Nothing found for this order number.";
        Order => "Заказ №", "Order No. ";
        Received => "Получен", "Received";
        Store => "Магазин", "Store";
        Leave => "Оставить отзыв", "Leave a review";
        Open => "Открыть отзыв", "Open the review";
        EditOrAdd => "Изменить или дополнить", "Edit or add to it";
        Write => "Отзыв о товаре", "Review the product";
        Stars => "Оценка", "Rating";
        StarWord => "из 5", "of 5";
        Text => "Текст отзыва", "Review text";
        TextHint => "До 5000 символов.", "Up to 5,000 characters.";
        Photos => "Фото", "Photos";
        PhotosHint => "До 5 фото JPEG, PNG или WebP, каждое до 5 МБ.", "Up to 5 JPEG, PNG or WebP photos, 5 MB each.";
        ShowName => "Показывать моё имя в отзыве", "Show my name with the review";
        Send => "Опубликовать отзыв", "Publish review";
        Sending => "Отправляем…", "Sending…";
        NotYet => "Отзыв можно будет оставить после подтверждения получения заказа.",
                  "You can review this item once receipt of the order is confirmed.";
        Already => "Вы уже оставили отзыв на этот товар:", "You have already reviewed this item:";
        NotFound => "Отзыв не найден.", "Review not found.";
        LineNotFound => "Товар в заказе не найден.", "Order item not found.";
        Written => "Отзыв опубликован. Спасибо! +5 баллов клуба.", "Your review is published. Thank you! +5 club points.";
        Edited => "Отзыв изменён.", "Your review was changed.";
        FollowedUp => "Дополнение добавлено.", "Your follow-up was added.";
        EditTitle => "Изменить отзыв", "Edit the review";
        Save => "Сохранить изменения", "Save changes";
        FollowUpTitle => "Дополнить отзыв", "Add to the review";
        FollowUpText => "Текст дополнения", "Follow-up text";
        AddFollowUp => "Добавить дополнение", "Add follow-up";
        DaysLeft => "Изменить или дополнить отзыв можно ещё", "You can edit or add to the review for";
        Closed => "30 дней после получения заказа прошли: отзыв больше нельзя изменить или дополнить.",
                  "30 days have passed since the order was received: the review can no longer be edited or added to.";
        History => "История отзыва", "Review history";
        EditedMark => "изменён", "edited";
        FollowUpOn => "Дополнение от", "Follow-up of";
        Reply => "Ответ магазина", "The store's reply";
        Shopper => "Покупатель", "Shopper";
        Product => "Товар", "Product";
        PhotoAlt => "Фото из отзыва", "Photo from the review";
        Back => "← Все отзывы", "← All reviews";
        ReviewsCount => "Отзывы покупателей", "Customer reviews";
        Average => "Средняя оценка", "Average rating";
        NoReviews => "Отзывов пока нет.", "No reviews yet.";
        Distribution => "Распределение оценок", "Ratings breakdown";
    }
}

pub fn loading() -> impl IntoView {
    view! { <p class="loading" aria-busy="true">"…"</p> }
}

/// "★★★★☆" with the number for screen readers.
#[component]
pub fn StarsShown(stars: u8) -> impl IntoView {
    let lang = use_lang_here();
    let full = "★".repeat(stars as usize);
    let empty = "☆".repeat(5usize.saturating_sub(stars as usize));
    view! {
        <span class="stars" data-stars=stars.to_string()
            aria-label=format!("{}: {stars} {}", R::Stars.get(lang), R::StarWord.get(lang))>
            <span aria-hidden="true">{full}{empty}</span>
        </span>
    }
}

fn use_lang_here() -> Lang {
    crate::i18n::use_lang()
}

/// Five radio buttons in a fieldset, each with its visible label.
#[component]
pub fn StarsPicker(
    #[prop(optional)] current: Option<u8>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang_here();
    let msg = move || {
        error
            .get()
            .filter(|e| e.field() == Some(Field::Stars))
            .map(|e| e.message(lang))
    };
    view! {
        <fieldset class="field stars-picker">
            <legend>{R::Stars.get(lang)}</legend>
            {(1..=5u8).rev().map(|s| {
                let id = format!("stars-{s}");
                view! { <div class="field-check">
                    <input type="radio" id=id.clone() name="stars" value=s.to_string() checked=current == Some(s)/>
                    <label for=id>{format!("{s} {}", "★".repeat(s as usize))}</label>
                </div> }
            }).collect_view()}
            <p class="field-error" id="stars-error" role="alert">{msg}</p>
        </fieldset>
    }
}

/// A review's photos, each a link to the full-size image.
#[component]
pub fn ReviewPhotos(id: ReviewId, count: u8) -> impl IntoView {
    let lang = use_lang_here();
    (count > 0).then(|| {
        view! {
            <ul class="review-photos">
                {(1..=count).map(|n| {
                    let src = format!("/reviews/{id}/photos/{n}");
                    view! { <li><a href=src.clone()><img src=src.clone() alt=format!("{} {n}", R::PhotoAlt.get(lang))
                        width="96" height="96" loading="lazy"/></a></li> }
                }).collect_view()}
            </ul>
        }
    })
}
