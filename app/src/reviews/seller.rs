//! The seller console's reviews (`/seller/reviews`): the store's reviews, unanswered first, and
//! one reply per review (written or changed). Another store's review is "not found".

use super::product::ReviewItem;
use super::views::loading;
use super::*;
use crate::forms::{FormAlert, Toast};
use crate::i18n::use_lang;
use crate::paging::{page_href, Pager};
use crate::texts;
use leptos_router::hooks::use_query_map;

texts! {
    pub enum S {
        Title => "Отзывы о товарах магазина", "Reviews of the store's products";
        Unanswered => "Без ответа:", "Unanswered:";
        Empty => "Отзывов пока нет.", "No reviews yet.";
        Reply => "Ответ магазина", "The store's reply";
        Send => "Ответить", "Reply";
        Change => "Изменить ответ", "Change the reply";
        Replied => "Ответ опубликован.", "Your reply is published.";
        Product => "Товар", "Product";
    }
}

#[component]
pub fn SellerReviews() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let reply = ServerAction::<ReplyReview>::new();
    // With JavaScript the last reply's error; without, the one posted back for the form `?form=`
    // names (shown under that review's reply field).
    let error = Signal::derive(move || match reply.value().get() {
        Some(Err(e)) => Some(e),
        _ => None,
    });
    let posted = move |id: String| {
        move || {
            let q = q.read();
            (q.get("form").as_deref() == Some(id.as_str()))
                .then(|| q.get("error").and_then(|c| AppError::from_code(&c)))
                .flatten()
                .map(|e| e.message(lang))
        }
    };
    let data = Resource::new(
        move || (q.read().get("page"), reply.version().get()),
        |(page, _)| load_store_reviews(page),
    );
    let replied = move || {
        matches!(reply.value().get(), Some(Ok(_)))
            || (reply.value().get().is_none() && q.read().get("replied").is_some())
    };
    view! {
        <crate::seller::SellerNav/>
        <h1>{S::Title.get(lang)}</h1>
        <Show when=replied><Toast text=S::Replied.get(lang).to_string()/></Show>
        <FormAlert error/>
        <p class="field-error" role="alert">{move || error.get().filter(|e| e.field().is_some()).map(|e| e.message(lang))}</p>
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                let l = match data.await {
                    Ok(l) => l,
                    Err(e) => return view! { <div class="empty-state">{e.message(lang)}</div> }.into_any(),
                };
                if l.items.is_empty() {
                    return view! { <div class="empty-state" data-testid="seller-reviews-empty">{S::Empty.get(lang)}</div> }.into_any();
                }
                view! {
                    <p>{S::Unanswered.get(lang)}" "<strong data-testid="unanswered">{l.unanswered}</strong></p>
                    <div class="review-list" data-testid="seller-reviews">
                        {l.items.into_iter().map(|r| {
                            let id = r.id;
                            let field_id = format!("reply-{id}");
                            let has_reply = r.reply.is_some();
                            let current = r.reply.clone().unwrap_or_default();
                            let product = format!("/product/{}", r.product_id);
                            let title = r.title.clone();
                            view! {
                                <div class="seller-review" data-testid="seller-review">
                                    <p><a href=product>{S::Product.get(lang)}": "{title}</a></p>
                                    <ul class="review-list"><ReviewItem r/></ul>
                                    <ActionForm action=reply attr:class="form">
                                        <input type="hidden" name="id" value=id.to_string()/>
                                        <div class="field">
                                            <label for=field_id.clone()>{S::Reply.get(lang)}</label>
                                            <textarea id=field_id name="reply" rows="3" required
                                                maxlength=REPLY_MAX.to_string() aria-describedby=format!("reply-{id}-error")>{current}</textarea>
                                            <p class="field-error" id=format!("reply-{id}-error") role="alert">{posted(id.to_string())}</p>
                                        </div>
                                        <button type="submit" class="btn btn-primary">
                                            {if has_reply { S::Change.get(lang) } else { S::Send.get(lang) }}</button>
                                    </ActionForm>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                    <Pager page=l.page pages=l.pages href=move |p| page_href("/seller/reviews", &[], p)/>
                }.into_any()
            })}
        </Transition>
    }
}
