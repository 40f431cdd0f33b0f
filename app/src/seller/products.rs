//! The store's products and prices (`/seller/products`): a price or discount change applies at
//! once, and a lower price tells the shoppers who keep the product in their wish list or cart
//! (the club privilege, `wishlist::alerts`) right away, not at the next job pass.

use super::SellerNav;
use crate::error::AppError;
use crate::forms::{FormAlert, Toast};
use crate::i18n::use_lang;
use crate::money::Money;
use crate::paging::{page_href, Pager};
use crate::texts;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

texts! {
    pub enum P {
        Title => "Товары и цены", "Products and prices";
        Price => "Цена, $", "Price, $";
        Discount => "Цена со скидкой, $ (пусто — без скидки)", "Discount price, $ (empty: none)";
        Save => "Сохранить", "Save";
        Stock => "В наличии: ", "In stock: ";
        Withdrawn => "Снят с продажи", "Withdrawn from sale";
        Saved => "Цена сохранена.", "Price saved.";
        Alerted => "Покупателей, получивших уведомление о снижении цены: ", "Shoppers told about the price drop: ";
        Empty => "В магазине нет товаров.", "The store has no products.";
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreProduct {
    pub id: i64,
    pub title: String,
    pub price: Money,
    pub discount_price: Option<Money>,
    pub stock: i64,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreProducts {
    pub items: Vec<StoreProduct>,
    pub page: u32,
    pub pages: u32,
}

#[server(prefix = "/api", endpoint = "store_products")]
pub async fn load_store_products(page: Option<String>) -> Result<StoreProducts, AppError> {
    let store = super::require_store()?;
    let cx = crate::context::ctx()?;
    let page = crate::paging::parse_page(page.as_deref());
    super::ssr::products(cx.pool(), cx.lang, store, page).await
}

/// Sets a product's price and discount price; a drop sends the alerts at once. Answers how many
/// shoppers were told.
#[server(prefix = "/api", endpoint = "set_price")]
pub async fn set_price(
    product_id: String,
    price: String,
    discount_price: Option<String>,
    page: Option<String>,
) -> Result<u32, AppError> {
    let page = crate::paging::parse_page(page.as_deref());
    let back = format!("/seller/products?page={page}");
    let result = async {
        let id = crate::ids::ProductId::parse(&product_id)?;
        let price = Money::parse_amount(&price)?;
        let discount = match discount_price.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => Some(Money::parse_amount(d)?),
        };
        let store = super::require_store()?;
        let state = crate::platform::state()?;
        super::ssr::set_price(&state.pool, store, id, price, discount).await?;
        // The price is saved; alerts that fail are left to the job (the product stays queued
        // only if its transaction did not commit) and never turn the edit into an error.
        let told = crate::wishlist::alerts::run_product(&state, id, crate::platform::now()).await;
        Ok(told.unwrap_or_else(|e| {
            tracing::warn!(product = %id, error = ?e, "price-drop alerts");
            0
        }))
    }
    .await;
    crate::platform::answer(
        result,
        |n| format!("{back}&saved={}&alerted={n}", product_id.trim()),
        &back,
    )
}

#[component]
pub fn SellerProducts() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let data = Resource::new(move || q.read().get("page"), load_store_products);
    let error = Signal::derive(move || q.read().get("error").and_then(|c| AppError::from_code(&c)));
    view! {
        <SellerNav/>
        <h1>{P::Title.get(lang)}</h1>
        <FormAlert error/>
        {move || q.read().get("alerted").and_then(|n| n.parse::<u32>().ok()).map(|n| view! {
            <Toast text=format!("{} {}{n}", P::Saved.get(lang), P::Alerted.get(lang))/>
        })}
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                let d = data.await?;
                if d.items.is_empty() {
                    return Ok::<_, AppError>(view! { <div class="empty-state">{P::Empty.get(lang)}</div> }.into_any());
                }
                let page = d.page;
                Ok(view! {
                    <ul class="seller-products">
                        {d.items.into_iter().map(|p| {
                            let (pid, did) = (format!("price-{}", p.id), format!("discount-{}", p.id));
                            view! {
                                <li class="card seller-product" data-testid="seller-product" data-product=p.id>
                                    <p><a href=format!("/product/{}", p.id)>{p.title.clone()}</a></p>
                                    <p class="product-meta">{P::Stock.get(lang)}{p.stock}
                                        {(!p.active).then(|| view! { " · "{P::Withdrawn.get(lang)} })}</p>
                                    <form class="form price-form" method="post" action="/api/set_price">
                                        <input type="hidden" name="product_id" value=p.id/>
                                        <input type="hidden" name="page" value=page/>
                                        <label for=pid.clone()>{P::Price.get(lang)}</label>
                                        <input id=pid type="text" name="price" inputmode="decimal" required
                                            value=p.price.plain()/>
                                        <label for=did.clone()>{P::Discount.get(lang)}</label>
                                        <input id=did type="text" name="discount_price" inputmode="decimal"
                                            value=p.discount_price.map(|d| d.plain()).unwrap_or_default()/>
                                        <button type="submit" class="btn">{P::Save.get(lang)}</button>
                                    </form>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <Pager page=d.page pages=d.pages href=|p| page_href("/seller/products", &[], p)/>
                }.into_any())
            })}
        </Transition>
    }
}
