//! Catalogue pages: home, search, product, store.

use super::*;
use crate::cart::AddToCart;
use crate::error::Field;
use crate::forms::{use_form_error, FormAlert, InputField, SubmitButton, Toast};
use crate::i18n::use_lang;
use crate::paging::{page_href, Pager};
use crate::texts;
use crate::widgets::{count_word, format_date, Price, Stars};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

texts! {
    pub enum T {
        HomeTitle => "Покупки и личный кабинет", "Shopping and your account";
        Categories => "Категории", "Categories";
        Deals => "Скидки дня", "Deals of the day";
        Popular => "Популярное", "Popular";
        Newest => "Новинки", "New arrivals";
        SearchTitle => "Поиск", "Search";
        ResultsFor => "Результаты по запросу", "Results for";
        Found => "Найдено товаров:", "Products found:";
        NothingFound => "Ничего не найдено. Попробуйте другие слова или уберите фильтры.",
                        "Nothing found. Try other words or remove the filters.";
        Category => "Категория", "Category";
        AllCategories => "Все категории", "All categories";
        OnlyDiscounted => "Только со скидкой", "Discounted only";
        SortBy => "Сортировка", "Sort by";
        Relevance => "По релевантности", "Relevance";
        PriceAsc => "Сначала дешевле", "Price: low to high";
        PriceDesc => "Сначала дороже", "Price: high to low";
        Orders => "По заказам", "Most ordered";
        NewestSort => "Новинки", "Newest";
        Apply => "Применить", "Apply";
        OutOfStock => "Нет в наличии", "Out of stock";
        Withdrawn => "Товар больше не продаётся", "No longer sold";
        InStock => "В наличии:", "In stock:";
        Pcs => "шт.", "pcs";
        Quantity => "Количество", "Quantity";
        AddToCart => "В корзину", "Add to cart";
        WishHint => "В список желаний", "Wish list";
        Added => "Товар добавлен в корзину.", "Added to your cart.";
        GoToCart => "Перейти в корзину", "Go to cart";
        Store => "Магазин", "Store";
        Follow => "Подписаться на магазин", "Follow store";
        Unfollow => "Отписаться", "Unfollow";
        OpenedAt => "Открыт", "Opened";
        Description => "Описание", "Description";
        Picture => "Фото товара", "Product picture";
        NotFound => "Товар не найден.", "Product not found.";
        StoreNotFound => "Магазин не найден.", "Store not found.";
        StoreEmpty => "В этом магазине пока нет товаров.", "This store has no products yet.";
    }
}

pub(super) fn orders_word(n: i64, lang: crate::i18n::Lang) -> &'static str {
    count_word(n, lang, ["заказ", "заказа", "заказов"], ["order", "orders"])
}

pub(super) fn loading() -> impl IntoView {
    view! { <p class="loading" aria-busy="true">"…"</p> }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let rows = Resource::new(|| (), |_| load_home());
    view! {
        <h1 class="visually-hidden">{T::HomeTitle.get(lang)}</h1>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                rows.await.map(|r| view! {
                    <nav class="categories" aria-label=T::Categories.get(lang)>
                        <ul>{r.categories.into_iter().map(|c| view! {
                            <li><a href=format!("/search?category={}", c.slug)>{c.name}</a></li>
                        }).collect_view()}</ul>
                    </nav>
                    <crate::coupons::CouponStrip html=r.offers/>
                    <h2>{T::Deals.get(lang)}</h2>
                    <ProductGrid items=r.deals/>
                    <h2>{T::Popular.get(lang)}</h2>
                    <ProductGrid items=r.popular/>
                    <h2>{T::Newest.get(lang)}</h2>
                    <ProductGrid items=r.newest/>
                })
            })}
        </Suspense>
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let get = move |k: &str| q.read().get(k).unwrap_or_default();
    let stores = move || get("tab") == "stores";
    view! {
        <h1>{move || {
            let text = get("q");
            if text.trim().is_empty() { T::SearchTitle.get(lang).to_string() }
            else { format!("{} «{}»", T::ResultsFor.get(lang), text.trim()) }
        }}</h1>
        {move || view! { <super::store_views::SearchTabs stores=stores()/> }}
        <Show when=stores fallback=|| view! { <ProductResults/> }>
            <StoreResults path="/search"/>
        </Show>
    }
}

/// The products found, with the filters and pages.
#[component]
fn ProductResults() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let get = move |k: &str| q.read().get(k).unwrap_or_default();
    let results = Resource::new(
        move || {
            (
                get("q"),
                get("category"),
                get("discounted"),
                get("sort"),
                get("page"),
            )
        },
        |(text, category, discounted, sort, page)| {
            search(
                Some(text),
                Some(category),
                Some(discounted),
                Some(sort),
                Some(page),
            )
        },
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let r = results.await?;
                let query: Vec<(String, String)> = q.get_untracked().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
                Ok::<_, AppError>(view! {
                    <SearchFilters categories=r.categories.clone()/>
                    <p class="result-count">{T::Found.get(lang)}" "<strong data-testid="result-count">{r.total}</strong></p>
                    {if r.items.is_empty() {
                        view! { <div class="empty-state">{T::NothingFound.get(lang)}</div> }.into_any()
                    } else {
                        view! { <ProductGrid items=r.items/> }.into_any()
                    }}
                    <Pager page=r.page pages=r.pages href=move |p| page_href("/search", &query, p)/>
                })
            })}
        </Suspense>
    }
}

/// Filter form: a GET form, so it works without JavaScript and the URL can be shared.
#[component]
fn SearchFilters(categories: Vec<Category>) -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let get = move |k: &str| q.read_untracked().get(k).unwrap_or_default();
    let (text, category, sort) = (get("q"), get("category"), get("sort"));
    let discounted = !get("discounted").is_empty();
    let sorts = [
        (Sort::Relevance, T::Relevance),
        (Sort::PriceAsc, T::PriceAsc),
        (Sort::PriceDesc, T::PriceDesc),
        (Sort::Orders, T::Orders),
        (Sort::Newest, T::NewestSort),
    ];
    view! {
        <form class="filters" method="get" action="/search">
            <input type="hidden" name="q" value=text/>
            <div class="field">
                <label for="category">{T::Category.get(lang)}</label>
                <select id="category" name="category">
                    <option value="">{T::AllCategories.get(lang)}</option>
                    {categories.into_iter().map(|c| {
                        let name = if c.parent_id.is_some() { format!("— {}", c.name) } else { c.name };
                        view! { <option value=c.slug.clone() selected=c.slug == category>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="sort">{T::SortBy.get(lang)}</label>
                <select id="sort" name="sort">
                    {sorts.into_iter().map(|(s, label)| view! {
                        <option value=s.code() selected=s.code() == sort>{label.get(lang)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field field-check">
                <input type="checkbox" id="discounted" name="discounted" value="1" checked=discounted/>
                <label for="discounted">{T::OnlyDiscounted.get(lang)}</label>
            </div>
            <button type="submit" class="btn">{T::Apply.get(lang)}</button>
        </form>
    }
    .into_any()
}

#[component]
pub fn ProductPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let follow = ServerAction::<FollowStore>::new();
    let detail = Resource::new(
        move || (id(), follow.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => product(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(p) => view! { <ProductView p follow/> }.into_any(),
                    Err(_) => view! { <NotFoundNote text=T::NotFound.get(lang)/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NotFoundNote(text: &'static str) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! { <div class="empty-state"><p>{text}</p></div> }
}

#[component]
fn ProductView(p: ProductDetail, follow: ServerAction<FollowStore>) -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddToCart>::new();
    let error = use_form_error(add);
    let q = use_query_map();
    let added = move || {
        matches!(add.value().get(), Some(Ok(_)))
            || (add.value().get().is_none() && q.read().get("added").is_some())
    };
    let buyable = p.active && p.stock > 0;
    view! {
        <article class="product">
            <div class="gallery">
                {(1..=p.pictures).map(|n| view! {
                    <img src=format!("/img/p/{}/{n}.svg", p.id)
                        alt=format!("{} {n}", T::Picture.get(lang))
                        width=if n == 1 { "400" } else { "96" } height=if n == 1 { "400" } else { "96" }
                        class=if n == 1 { "gallery-main" } else { "gallery-thumb" }/>
                }).collect_view()}
            </div>
            <div class="product-info">
                <p class="breadcrumb"><a href=format!("/search?category={}", p.category.slug)>{p.category.name.clone()}</a></p>
                <h1>{p.title.clone()}</h1>
                <p><Stars rating_x10=p.rating_x10/>" · "{p.orders}" "{orders_word(p.orders, lang)}</p>
                <p class="product-price"><Price price=p.price old_price=p.old_price/></p>
                <Show when=added>
                    <Toast text=T::Added.get(lang).to_string()/>
                    <a class="btn" href="/cart">{T::GoToCart.get(lang)}</a>
                </Show>
                {if !p.active {
                    view! { <p class="alert alert-error">{T::Withdrawn.get(lang)}</p> }.into_any()
                } else if p.stock == 0 {
                    view! { <p class="alert alert-error">{T::OutOfStock.get(lang)}</p> }.into_any()
                } else {
                    view! { <p data-testid="stock">{T::InStock.get(lang)}" "{p.stock}" "{T::Pcs.get(lang)}</p> }.into_any()
                }}
                <Show when=move || buyable>
                    <FormAlert error/>
                    <ActionForm action=add attr:class="form form-inline" attr:novalidate=true>
                        <input type="hidden" name="product_id" value=p.id/>
                        <InputField label=T::Quantity.get(lang) name="quantity" field=Field::Quantity
                            error kind="number" value="1".to_string() required=true/>
                        <SubmitButton action=add label=T::AddToCart.get(lang)/>
                    </ActionForm>
                </Show>
                {p.active.then(|| view! {
                    <div class="wish-line">
                        <crate::wishlist::WishButton product_id=p.id title=p.title.clone()/>
                        <span>{T::WishHint.get(lang)}</span>
                    </div>
                })}
                <StoreBox store=p.store.clone() follow/>
                // The coupons as the server built them; a claim's refusal shows in the alert above.
                <div inner_html=p.offers.clone()></div>
                <p><a class="btn" href=format!("/account/messages/new?product={}", p.id) data-testid="write-to-seller">
                    {lang.pick("Написать продавцу", "Write to the seller")}</a>" "
                    <a href=format!("/account/reports/new?product={}", p.id) data-testid="report-product">
                    {lang.pick("Пожаловаться на товар", "Report this product")}</a></p>
                <h2>{T::Description.get(lang)}</h2>
                <p class="description">{p.description.clone()}</p>
            </div>
        </article>
        <crate::reviews::ProductReviewsBlock product_id=p.id/>
    }
    .into_any()
}

/// The store's name, rating and followers, and the follow button.
#[component]
fn StoreBox(store: StoreSummary, follow: ServerAction<FollowStore>) -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let back = move || crate::web::path_and_query(&location.pathname.get(), &location.search.get());
    view! {
        <section class="card store-box" aria-label=T::Store.get(lang)>
            <h2><a href=format!("/store/{}", store.id)>{store.name.clone()}</a></h2>
            <p>
                <Stars rating_x10=store.rating_x10/>" · "
                <span data-testid="followers">{store.followers}</span>" "
                {count_word(store.followers, lang, ["подписчик", "подписчика", "подписчиков"], ["follower", "followers"])}" · "
                {store.products}" "{count_word(store.products, lang, ["товар", "товара", "товаров"], ["product", "products"])}" · "
                {T::OpenedAt.get(lang)}" "{format_date(store.opened_at, lang)}
            </p>
            <ActionForm action=follow>
                <input type="hidden" name="store_id" value=store.id/>
                <input type="hidden" name="back" value=back/>
                <input type="hidden" name="follow" value=if store.following { "0" } else { "1" }/>
                <button type="submit" class="btn" aria-pressed=store.following.to_string()>
                    {if store.following { T::Unfollow.get(lang) } else { T::Follow.get(lang) }}
                </button>
            </ActionForm>
            <FormAlert error=use_form_error(follow)/>
        </section>
    }
    .into_any()
}

#[component]
pub fn StorePageView() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let q = use_query_map();
    let follow = ServerAction::<FollowStore>::new();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let data = Resource::new(
        move || (id(), q.read().get("page"), follow.version().get()),
        |(id, page, _)| async move {
            match id {
                Some(id) => load_store(id, page).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(s) => {
                        let path = format!("/store/{}", s.store.id);
                        view! {
                            <h1>{s.store.name.clone()}</h1>
                            <StoreBox store=s.store.clone() follow/>
                            <crate::coupons::CouponStrip html=s.offers.clone()/>
                            {if s.items.is_empty() {
                                view! { <div class="empty-state">{T::StoreEmpty.get(lang)}</div> }.into_any()
                            } else {
                                view! { <ProductGrid items=s.items/> }.into_any()
                            }}
                            <Pager page=s.page pages=s.pages href=move |p| page_href(&path, &[], p)/>
                            <p><a href=format!("/account/reports/new?store={}", s.store.id) data-testid="report-store">
                                {lang.pick("Пожаловаться на магазин", "Report this store")}</a></p>
                        }.into_any()
                    }
                    Err(_) => view! { <NotFoundNote text=T::StoreNotFound.get(lang)/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
