//! `/account/reviews/{id}`: one of the shopper's reviews, the days left to change it, the edit
//! and follow-up forms while allowed, its history and the store's reply.

use super::views::{loading, ReviewPhotos, StarsPicker, StarsShown, R};
use super::*;
use crate::error::Field;
use crate::forms::field_error;
use crate::forms::{use_form_error_in, FormAlert, SubmitButton, Toast};
use crate::i18n::use_lang;
use crate::layout::AccountShell;
use crate::widgets::{days_left_text, format_date, format_date_time};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ReviewPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let q = use_query_map();
    let edit = ServerAction::<EditReview>::new();
    let follow = ServerAction::<FollowUpReview>::new();
    let edit_error = use_form_error_in(edit, None);
    let follow_error = use_form_error_in(follow, Some("follow_up"));
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(
        move || (id(), edit.version().get(), follow.version().get()),
        |(id, ..)| load_my_review(id),
    );
    let done = move || {
        if matches!(edit.value().get(), Some(Ok(_))) {
            return Some(R::Edited);
        }
        if matches!(follow.value().get(), Some(Ok(_))) {
            return Some(R::FollowedUp);
        }
        match q.read().get("done").as_deref() {
            Some("written") => Some(R::Written),
            Some("edited") => Some(R::Edited),
            Some("followed_up") => Some(R::FollowedUp),
            _ => None,
        }
    };
    view! {
        <AccountShell>
            <p><a href="/account/reviews?tab=mine">{R::Back.get(lang)}</a></p>
            {move || done().map(|d| view! { <Toast text=d.get(lang).to_string()/> })}
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    let d = match data.await {
                        Ok(d) => d,
                        Err(_) => return view! { <div class="empty-state">{R::NotFound.get(lang)}</div> }.into_any(),
                    };
                    let r = d.review;
                    let id = r.id.to_string();
                    let window = match r.days_left {
                        Some(left) => view! { <p class="alert alert-info" data-testid="days-left">
                            {R::DaysLeft.get(lang)}" "<strong>{days_left_text(left, lang)}</strong></p> }.into_any(),
                        None => view! { <p class="alert alert-info" data-testid="window-closed">{R::Closed.get(lang)}</p> }.into_any(),
                    };
                    let body = r.body.clone();
                    let (stars, show_name) = (r.stars, r.show_name);
                    let (id1, id2) = (id.clone(), id);
                    let forms = r.days_left.is_some().then(move || view! {
                        <section aria-labelledby="edit-title">
                            <h2 id="edit-title">{R::EditTitle.get(lang)}</h2>
                            <FormAlert error=edit_error/>
                            <ActionForm action=edit attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="id" value=id1/>
                                <StarsPicker current=stars error=edit_error/>
                                <div class="field">
                                    <label for="text">{R::Text.get(lang)}</label>
                                    <textarea id="text" name="text" rows="6" required maxlength=TEXT_MAX.to_string()
                                        aria-describedby="text-error" inner_html=crate::web::textarea_text(&body)></textarea>
                                    <p class="field-error" id="text-error" role="alert">{field_error(edit_error, Field::Text, lang)}</p>
                                </div>
                                <div class="field-check">
                                    <input type="checkbox" id="show_name" name="show_name" value="1" checked=show_name/>
                                    <label for="show_name">{R::ShowName.get(lang)}</label>
                                </div>
                                <SubmitButton action=edit label=R::Save.get(lang)/>
                            </ActionForm>
                        </section>
                        <section aria-labelledby="follow-title">
                            <h2 id="follow-title">{R::FollowUpTitle.get(lang)}</h2>
                            <FormAlert error=follow_error/>
                            <ActionForm action=follow attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="id" value=id2/>
                                <div class="field">
                                    <label for="follow-text">{R::FollowUpText.get(lang)}</label>
                                    <textarea id="follow-text" name="text" rows="4" required maxlength=TEXT_MAX.to_string()
                                        aria-describedby="follow-text-error"></textarea>
                                    <p class="field-error" id="follow-text-error" role="alert">{field_error(follow_error, Field::Text, lang)}</p>
                                </div>
                                <SubmitButton action=follow label=R::AddFollowUp.get(lang)/>
                            </ActionForm>
                        </section>
                    });
                    view! {
                        <h1>{r.title.clone()}</h1>
                        <p class="muted">
                            <a href=format!("/account/orders/{}", r.number)>{format!("{}{}", R::Order.get(lang), r.number)}</a>
                            {format!(" · {}: {} · ", R::Store.get(lang), r.store_name)}
                            <a href=format!("/product/{}", r.product_id)>{R::Product.get(lang)}</a>
                        </p>
                        {window}
                        <article class="review" data-testid="review">
                            <StarsShown stars=r.stars/>
                            {r.edited_at.map(|_| view! { <span class="badge">{R::EditedMark.get(lang)}</span> })}
                            <p class="review-body" data-testid="review-body">{r.body.clone()}</p>
                            <ReviewPhotos id=r.id count=r.photos/>
                            {d.entries.iter().filter(|e| e.kind == EntryKind::FollowUp).map(|e| view! {
                                <div class="review-follow-up" data-testid="follow-up">
                                    <p class="muted">{format!("{} {}", R::FollowUpOn.get(lang), format_date(e.at, lang))}</p>
                                    <p>{e.body.clone()}</p>
                                </div>
                            }).collect_view()}
                            {r.reply.clone().map(|reply| view! {
                                <div class="review-reply" data-testid="review-reply">
                                    <p><strong>{R::Reply.get(lang)}</strong>
                                        {r.replied_at.map(|t| format!(" · {}", format_date(t, lang)))}</p>
                                    <p>{reply}</p>
                                </div>
                            })}
                        </article>
                        {forms}
                        <details class="review-history">
                            <summary>{R::History.get(lang)}</summary>
                            <ol>
                                {d.entries.iter().map(|e| view! {
                                    <li>
                                        <p class="muted">{format!("{} · {}", e.kind.label(lang), format_date_time(e.at, lang))}
                                            {e.stars.map(|s| format!(" · {s} ★"))}</p>
                                        <p>{e.body.clone()}</p>
                                    </li>
                                }).collect_view()}
                            </ol>
                        </details>
                    }.into_any()
                })}
            </Transition>
        </AccountShell>
    }
}
