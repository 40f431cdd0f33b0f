//! The heart (a plain form on product cards and the product page) and `/account/wishlist`.

use super::*;
use crate::context::use_viewer;
use crate::forms::Toast;
use crate::i18n::use_lang;
use crate::layout::AccountShell;
use crate::paging::{page_href, Pager};
use crate::texts;
use crate::widgets::format_date;
use leptos_router::hooks::{use_location, use_query_map};

texts! {
    pub enum W {
        Title => "Мои желания", "My wish list";
        Add => "Добавить в желания:", "Add to wish list:";
        Remove => "Убрать из желаний:", "Remove from wish list:";
        Empty => "Список желаний пуст. Нажмите ♡ на карточке товара, чтобы сохранить его здесь.",
                 "Your wish list is empty. Press ♡ on a product to keep it here.";
        Added => "Добавлен", "Added";
        WasPrice => "Цена при добавлении", "Price when added";
        NowPrice => "Цена сейчас", "Price now";
        Dropped => "Цена снизилась на", "Price dropped by";
        SoldOut => "Нет в наличии", "Sold out";
        Gone => "Больше не продаётся", "No longer available";
        ToCart => "В корзину", "Move to cart";
        Delete => "Удалить", "Remove";
        Moved => "Товар перенесён в корзину.", "Moved to your cart.";
        Store => "Магазин", "Store";
    }
}

/// ♡ / ♥: adds or removes `product_id` and comes back to this page. A guest is sent to sign in.
#[component]
pub fn Heart(product_id: i64, wished: bool, #[prop(into)] title: String) -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let back = crate::web::path_and_query(
        &location.pathname.get_untracked(),
        &location.search.get_untracked(),
    );
    let label = format!(
        "{} {title}",
        if wished { W::Remove } else { W::Add }.get(lang)
    );
    let glyph = if wished { "♥" } else { "♡" };
    if use_viewer().is_none() {
        let href = format!("/login?next={}", crate::web::query_escape(&back));
        return view! {
            <a class="heart" href=href aria-label=label><span aria-hidden="true">{glyph}</span></a>
        }
        .into_any();
    }
    view! {
        <form method="post" action="/api/toggle_wish" class="heart-form">
            <input type="hidden" name="product_id" value=product_id/>
            <input type="hidden" name="on" value=if wished { "0" } else { "1" }/>
            <input type="hidden" name="back" value=back/>
            <button type="submit" class="heart" aria-pressed=wished.to_string() aria-label=label
                data-testid="heart">
                <span aria-hidden="true">{glyph}</span>
            </button>
        </form>
    }
    .into_any()
}

/// The heart of one product, with its own state (the product page).
#[component]
pub fn WishButton(product_id: i64, #[prop(into)] title: String) -> impl IntoView {
    let wished = Resource::new(move || product_id, |id| wished_among(id.to_string()));
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let title = title.clone();
                Suspend::new(async move {
                    let on = wished.await.unwrap_or_default().contains(&product_id);
                    view! { <Heart product_id wished=on title/> }
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn WishlistPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let data = Resource::new(move || q.read().get("page"), load_wishlist);
    view! {
        <AccountShell>
            <h1>{W::Title.get(lang)}</h1>
            <Show when=move || q.read().get("moved").is_some()><Toast text=W::Moved.get(lang).to_string()/></Show>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    let d = data.await?;
                    if d.items.is_empty() {
                        return Ok::<_, AppError>(view! { <div class="empty-state">{W::Empty.get(lang)}</div> }.into_any());
                    }
                    Ok(view! {
                        <ul class="wish-list">
                            {d.items.into_iter().map(|i| view! { <WishRow item=i/> }).collect_view()}
                        </ul>
                        <Pager page=d.page pages=d.pages href=|p| page_href("/account/wishlist", &[], p)/>
                    }.into_any())
                })}
            </Transition>
        </AccountShell>
    }
}

#[component]
fn WishRow(item: WishItem) -> impl IntoView {
    let lang = use_lang();
    let i = item;
    let dropped = i.dropped_by();
    view! {
        <li class="card wish-item" data-testid="wish-item">
            <a href=format!("/product/{}", i.product_id) class="wish-picture">
                <img src=format!("/img/p/{}/1.svg", i.product_id) alt="" width="96" height="96" loading="lazy"/>
            </a>
            <div class="wish-body">
                <a href=format!("/product/{}", i.product_id) class="product-title">{i.title.clone()}</a>
                <p class="product-meta">{W::Store.get(lang)}": "
                    <a href=format!("/store/{}", i.store_id)>{i.store_name.clone()}</a>
                    " · "{W::Added.get(lang)}" "{format_date(i.added_at, lang)}</p>
                <dl class="wish-prices">
                    <dt>{W::WasPrice.get(lang)}</dt><dd>{i.price_when_added.format(lang)}</dd>
                    <dt>{W::NowPrice.get(lang)}</dt><dd data-testid="price-now">{i.price_now.format(lang)}</dd>
                </dl>
                {dropped.map(|d| view! { <p class="badge badge-good" data-testid="price-dropped">
                    {format!("{} {}", W::Dropped.get(lang), d.format(lang))}</p> })}
                {(!i.available).then(|| view! { <p class="badge" data-testid="gone">{W::Gone.get(lang)}</p> })}
                {(i.available && !i.in_stock).then(|| view! { <p class="badge" data-testid="sold-out">{W::SoldOut.get(lang)}</p> })}
            </div>
            <div class="wish-actions">
                {i.in_stock.then(|| view! {
                    <form method="post" action="/api/wish_to_cart">
                        <input type="hidden" name="product_id" value=i.product_id/>
                        <button type="submit" class="btn btn-primary">{W::ToCart.get(lang)}</button>
                    </form>
                })}
                <form method="post" action="/api/toggle_wish">
                    <input type="hidden" name="product_id" value=i.product_id/>
                    <input type="hidden" name="on" value="0"/>
                    <input type="hidden" name="back" value="/account/wishlist"/>
                    <button type="submit" class="btn" aria-label=format!("{} {}", W::Remove.get(lang), i.title)>
                        {W::Delete.get(lang)}</button>
                </form>
            </div>
        </li>
    }
}
