//! The product card grid, shared by the catalogue's pages and other sections' lists.

use super::*;
use crate::i18n::use_lang;
use crate::widgets::{Price, Stars};
use views::{loading, orders_word, T};

/// A grid of product cards, each with its wish-list heart (the signed-in shopper's hearts are
/// filled from one query for the whole grid). `no_hearts` leaves them out (small nested grids).
#[component]
pub fn ProductGrid(items: Vec<ProductCard>, #[prop(optional)] no_hearts: bool) -> impl IntoView {
    if no_hearts {
        return grid(items, None).into_any();
    }
    if crate::context::use_viewer().is_none() {
        return grid(items, Some(Vec::new())).into_any();
    }
    let ids = items
        .iter()
        .map(|p| p.id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let wished = Resource::new(move || ids.clone(), crate::wishlist::wished_among);
    view! {
        <Suspense fallback=loading>
            {move || {
                let items = items.clone();
                Suspend::new(async move { grid(items, Some(wished.await.unwrap_or_default())) })
            }}
        </Suspense>
    }
    .into_any()
}

/// The cards; `wished`, when given, draws a heart on each (filled for the ids it holds).
fn grid(items: Vec<ProductCard>, wished: Option<Vec<i64>>) -> AnyView {
    let lang = use_lang();
    view! {
        <ul class="product-grid">
            {items.into_iter().map(|p| view! {
                <li class="product-card">
                    {wished.as_ref().map(|w| view! {
                        <crate::wishlist::Heart product_id=p.id wished=w.contains(&p.id) title=p.title.clone()/>
                    })}
                    <a href=format!("/product/{}", p.id) class="product-link">
                        <img src=format!("/img/p/{}/1.svg", p.id) alt="" width="200" height="200" loading="lazy"/>
                        <span class="product-title">{p.title.clone()}</span>
                    </a>
                    <Price price=p.price old_price=p.old_price/>
                    <span class="product-meta">
                        <Stars rating_x10=p.rating_x10/>" · "{p.orders}" "{orders_word(p.orders, lang)}
                    </span>
                    <a class="product-store" href=format!("/store/{}", p.store_id)>{p.store_name.clone()}</a>
                    {(!p.in_stock).then(|| view! { <span class="badge">{T::OutOfStock.get(lang)}</span> })}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
