//! The cart page. Each control is its own small form, so the page works without JavaScript.

use super::*;
use crate::error::Field;
use crate::forms::{use_form_error, FormAlert, Toast};
use crate::i18n::use_lang;
use crate::texts;
use crate::widgets::Price;
use leptos_router::hooks::use_query_map;

texts! {
    pub enum T {
        Title => "Корзина", "Cart";
        Empty => "В корзине пока пусто.", "Your cart is empty.";
        ToShop => "Перейти к покупкам", "Start shopping";
        Store => "Магазин", "Store";
        Quantity => "Количество", "Quantity";
        Update => "Обновить", "Update";
        Remove => "Удалить", "Remove";
        Removed => "Товар удалён из корзины.", "Item removed from your cart.";
        Select => "Выбрать для заказа", "Select to order";
        Selected => "Выбран", "Selected";
        NotSelected => "Не выбран", "Not selected";
        SelectAll => "Выбрать всё", "Select all";
        UnselectAll => "Снять выбор", "Unselect all";
        Unavailable => "Товар недоступен", "Unavailable";
        SoldOut => "Нет в наличии", "Out of stock";
        OnlyLeft => "Осталось только", "Only left:";
        Total => "Итого к оплате", "Total";
        Units => "Товаров выбрано:", "Items selected:";
        Checkout => "Оформить заказ", "Check out";
        Each => "за шт.", "each";
    }
}

#[component]
pub fn CartPage() -> impl IntoView {
    let lang = use_lang();
    let set_q = ServerAction::<SetCartQuantity>::new();
    let remove = ServerAction::<RemoveFromCart>::new();
    let select = ServerAction::<SelectCartLines>::new();
    let q = use_query_map();
    let data = Resource::new(
        move || {
            (
                set_q.version().get(),
                remove.version().get(),
                select.version().get(),
            )
        },
        |_| load_cart(),
    );
    let error = use_form_error(set_q);
    // Which line's quantity was sent last, so its error shows next to it.
    let last_line = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        if let Some(input) = set_q.input().get() {
            last_line.set(Some(input.product_id));
        }
    });
    let removed =
        move || matches!(remove.value().get(), Some(Ok(_))) || q.read().get("removed").is_some();
    view! {
        <h1>{T::Title.get(lang)}</h1>
        <Show when=removed><Toast text=T::Removed.get(lang).to_string()/></Show>
        <FormAlert error/>
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                let cart = data.await?;
                if cart.is_empty() {
                    return Ok::<_, AppError>(view! {
                        <div class="empty-state">
                            <p>{T::Empty.get(lang)}</p>
                            <a class="btn btn-primary" href="/">{T::ToShop.get(lang)}</a>
                        </div>
                    }.into_any());
                }
                let all_selected = cart.lines().all(|l| l.selected);
                Ok(view! {
                    <ActionForm action=select attr:class="select-all">
                        <input type="hidden" name="selected" value=if all_selected { "0" } else { "1" }/>
                        <button type="submit" class="btn btn-link">
                            {if all_selected { T::UnselectAll.get(lang) } else { T::SelectAll.get(lang) }}
                        </button>
                    </ActionForm>
                    {cart.groups.iter().cloned().map(|g| view! {
                        <section class="card cart-store">
                            <h2>{T::Store.get(lang)}": "<a href=format!("/store/{}", g.store_id)>{g.store_name.clone()}</a></h2>
                            <ul class="cart-lines">
                                {g.lines.into_iter().map(|l| view! {
                                    <CartLineView line=l set_q remove select error last_line/>
                                }).collect_view()}
                            </ul>
                        </section>
                    }).collect_view()}
                    <aside class="card cart-summary">
                        <p>{T::Units.get(lang)}" "<span data-testid="selected-units">{cart.selected_units()}</span></p>
                        <p class="cart-total">{T::Total.get(lang)}": "
                            <strong data-testid="cart-total">{cart.total().format(lang)}</strong></p>
                        {if cart.selected_units() > 0 {
                            view! { <a class="btn btn-primary" href="/checkout">{T::Checkout.get(lang)}</a> }.into_any()
                        } else {
                            view! { <button type="button" class="btn btn-primary" disabled=true>{T::Checkout.get(lang)}</button> }.into_any()
                        }}
                    </aside>
                }.into_any())
            })}
        </Transition>
    }
}

#[component]
fn CartLineView(
    line: CartLine,
    set_q: ServerAction<SetCartQuantity>,
    remove: ServerAction<RemoveFromCart>,
    select: ServerAction<SelectCartLines>,
    error: Signal<Option<AppError>>,
    last_line: RwSignal<Option<i64>>,
) -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let id = line.product_id;
    let qty_id = format!("quantity-{id}");
    // The quantity error belongs to the line it was typed into.
    let my_error = move || {
        let mine = match last_line.get() {
            Some(line) => line == id,
            None => q.read().get("line").and_then(|l| l.parse::<i64>().ok()) == Some(id),
        };
        error
            .get()
            .filter(|e| mine && e.field() == Some(Field::Quantity))
            .map(|e| e.message(lang))
    };
    let problem = line.problem.map(|p| match p {
        LineProblem::Unavailable => T::Unavailable.get(lang).to_string(),
        LineProblem::SoldOut => T::SoldOut.get(lang).to_string(),
        LineProblem::OnlyLeft(n) => format!("{} {n}", T::OnlyLeft.get(lang)),
    });
    let select_label = format!("{}: {}", T::Select.get(lang), line.title);
    let remove_label = format!("{}: {}", T::Remove.get(lang), line.title);
    view! {
        <li class="cart-line" class:cart-line-problem=line.problem.is_some() data-testid="cart-line">
            <ActionForm action=select attr:class="cart-select">
                <input type="hidden" name="product_id" value=id/>
                <input type="hidden" name="selected" value=if line.selected { "0" } else { "1" }/>
                <button type="submit" class="check" role="checkbox" aria-checked=line.selected.to_string()
                    aria-label=select_label>
                    {if line.selected { "☑" } else { "☐" }}
                </button>
            </ActionForm>
            <img src=format!("/img/p/{id}/1.svg") alt="" width="72" height="72"/>
            <div class="cart-line-info">
                <a href=format!("/product/{id}")>{line.title.clone()}</a>
                <p><Price price=line.unit_price old_price=line.old_price/>" "{T::Each.get(lang)}</p>
                {problem.map(|p| view! { <p class="alert alert-error" role="status">{p}</p> })}
            </div>
            <ActionForm action=set_q attr:class="cart-qty" attr:novalidate=true>
                <input type="hidden" name="product_id" value=id/>
                <label for=qty_id.clone()>{T::Quantity.get(lang)}</label>
                <input id=qty_id.clone() name="quantity" type="number" min="1" max=line.stock.max(1)
                    value=line.quantity aria-invalid=move || my_error().is_some().then_some("true")/>
                <button type="submit" class="btn">{T::Update.get(lang)}</button>
                <p class="field-error" role="alert">{my_error}</p>
            </ActionForm>
            <strong class="cart-line-total">{line.line_total().format(lang)}</strong>
            <ActionForm action=remove>
                <input type="hidden" name="product_id" value=id/>
                <button type="submit" class="btn btn-link" aria-label=remove_label>
                    {T::Remove.get(lang)}
                </button>
            </ActionForm>
        </li>
    }
    .into_any()
}
