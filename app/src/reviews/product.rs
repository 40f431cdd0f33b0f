//! The product page's reviews (`catalog` shows this block): average stars, count, distribution
//! 5→1, and the newest reviews paged by `?reviews_page=`, each with its follow-ups, photos and the
//! store's reply. All user text is shown as text.

use super::views::{loading, ReviewPhotos, StarsShown, R};
use super::*;
use crate::i18n::use_lang;
use crate::paging::Pager;
use crate::widgets::{format_date, Stars};
use leptos_router::hooks::use_query_map;

#[component]
pub fn ProductReviewsBlock(product_id: i64) -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let data = Resource::new(
        move || q.read().get("reviews_page"),
        move |page| load_product_reviews(product_id, page),
    );
    view! {
        <section class="product-reviews" id="reviews" aria-labelledby="reviews-title">
            <h2 id="reviews-title">{R::ReviewsCount.get(lang)}</h2>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => view! { <Reviews p product_id/> }.into_any(),
                        Err(e) => view! { <p class="alert alert-error">{e.message(lang)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Reviews(p: ProductReviews, product_id: i64) -> impl IntoView {
    let lang = use_lang();
    if p.count == 0 {
        return view! { <p class="empty-state" data-testid="no-reviews">{R::NoReviews.get(lang)}</p> }.into_any();
    }
    let count = p.count;
    view! {
        <div class="review-stats" data-testid="review-stats">
            <p>{R::Average.get(lang)}": " <Stars rating_x10=p.average_x10/>
                " · "<span data-testid="review-count">{count}</span></p>
            <table class="review-distribution" aria-label=R::Distribution.get(lang)>
                <tbody>
                    {p.distribution.iter().enumerate().map(|(i, n)| {
                        let stars = 5 - i;
                        let pct = if count > 0 { n * 100 / count } else { 0 };
                        view! { <tr data-testid=format!("dist-{stars}")>
                            <th scope="row">{format!("{stars} ★")}</th>
                            <td><meter min="0" max="100" value=pct.to_string()>{format!("{pct}%")}</meter></td>
                            <td>{*n}</td>
                        </tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <ul class="review-list" data-testid="product-reviews">
            {p.items.into_iter().map(|r| view! { <ReviewItem r/> }).collect_view()}
        </ul>
        <Pager page=p.page pages=p.pages
            href=move |n| format!("/product/{product_id}?reviews_page={n}#reviews")/>
    }
    .into_any()
}

/// One review as the public (and the store) see it.
#[component]
pub fn ReviewItem(r: PublicReview) -> impl IntoView {
    let lang = use_lang();
    let author = r
        .author
        .clone()
        .unwrap_or_else(|| R::Shopper.get(lang).to_string());
    view! {
        <li class="review-item" id=format!("review-{}", r.id) data-testid="public-review">
            <p class="muted"><strong>{author}</strong>{format!(" · {}", format_date(r.created_at, lang))}
                {r.edited.then(|| view! { " · "<span class="badge" data-testid="edited">{R::EditedMark.get(lang)}</span> })}
            </p>
            <StarsShown stars=r.stars/>
            <p class="review-body">{r.body.clone()}</p>
            <ReviewPhotos id=r.id count=r.photos/>
            {r.follow_ups.iter().map(|f| view! {
                <div class="review-follow-up" data-testid="follow-up">
                    <p class="muted">{format!("{} {}", R::FollowUpOn.get(lang), format_date(f.at, lang))}</p>
                    <p>{f.body.clone()}</p>
                </div>
            }).collect_view()}
            {r.reply.clone().map(|reply| view! {
                <div class="review-reply" data-testid="review-reply">
                    <p><strong>{R::Reply.get(lang)}</strong>{r.replied_at.map(|t| format!(" · {}", format_date(t, lang)))}</p>
                    <p>{reply}</p>
                </div>
            })}
        </li>
    }
}
