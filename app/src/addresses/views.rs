//! Address book pages and the address form (also used at checkout).

use super::*;
use crate::error::Field;
use crate::forms::{use_form_error, use_form_error_in, FormAlert, InputField, SubmitButton, Toast};
use crate::i18n::use_lang;
use crate::layout::AccountShell;
use crate::texts;
use leptos_router::hooks::{use_params_map, use_query_map};

texts! {
    pub enum T {
        Title => "Адреса доставки", "Shipping addresses";
        Add => "Добавить адрес", "Add an address";
        NewTitle => "Новый адрес", "New address";
        EditTitle => "Изменить адрес", "Edit address";
        Empty => "Адресов пока нет. Добавьте адрес, чтобы оформлять заказы.",
                 "No addresses yet. Add one to place orders.";
        Default => "Основной", "Default";
        MakeDefault => "Сделать основным", "Make default";
        UseAsDefault => "Сделать основным адресом", "Use as my default address";
        Edit => "Изменить", "Edit";
        Delete => "Удалить", "Delete";
        Deleted => "Адрес удалён.", "Address deleted.";
        Saved => "Адрес сохранён.", "Address saved.";
        Recipient => "Получатель (имя и фамилия)", "Recipient (full name)";
        Country => "Страна", "Country";
        Region => "Регион, область", "Region";
        City => "Город", "City";
        Street => "Улица, дом", "Street and house";
        Flat => "Квартира", "Flat";
        Optional => "Необязательно.", "Optional.";
        Postcode => "Индекс", "Postcode";
        PostcodeHint => "В России — 6 цифр.", "6 digits in Russia.";
        Phone => "Мобильный телефон", "Mobile phone";
        PhoneHint => "В международном формате: +7 900 123-45-67.", "International form: +7 900 123-45-67.";
        Save => "Сохранить адрес", "Save address";
        Cancel => "Отмена", "Cancel";
        NotFound => "Адрес не найден.", "Address not found.";
    }
}

/// Add (no `address`) or edit form. Posts to `save_address`, then goes to `next`.
#[component]
pub fn AddressForm(
    #[prop(optional)] address: Option<Address>,
    #[prop(into)] next: String,
) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveAddress>::new();
    let error = use_form_error_in(save, Some("address"));
    let next_url = next.clone();
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get() {
            crate::forms::navigate_hard(&crate::web::with_query(
                &next_url,
                "saved",
                &id.to_string(),
            ));
        }
    });
    let f = address.as_ref().map(|a| a.fields.clone());
    let v = move |get: fn(&AddressFields) -> &String| f.as_ref().map(|f| get(f).clone());
    let country = v(|f| &f.country).unwrap_or_else(|| "RU".into());
    let country_error = move || {
        error
            .get()
            .filter(|e| e.field() == Some(Field::Country))
            .map(|e| e.message(lang))
    };
    view! {
        <FormAlert error/>
        <ActionForm action=save attr:class="form address-form" attr:novalidate=true>
            {address.as_ref().map(|a| view! { <input type="hidden" name="id" value=a.id/> })}
            <input type="hidden" name="next" value=next/>
            <InputField label=T::Recipient.get(lang) name="recipient" field=Field::Recipient error
                autocomplete="name" required=true max_len=100 value=v(|f| &f.recipient).unwrap_or_default()/>
            <div class="field">
                <label for="country">{T::Country.get(lang)}</label>
                <select id="country" name="country" autocomplete="country">
                    {COUNTRIES.iter().map(|(code, ru, en)| view! {
                        <option value=*code selected=*code == country>{lang.pick(ru, en)}</option>
                    }).collect_view()}
                </select>
                <p class="field-error" role="alert">{country_error}</p>
            </div>
            <InputField label=T::Region.get(lang) name="region" field=Field::Region error
                autocomplete="address-level1" required=true max_len=100 value=v(|f| &f.region).unwrap_or_default()/>
            <InputField label=T::City.get(lang) name="city" field=Field::City error
                autocomplete="address-level2" required=true max_len=100 value=v(|f| &f.city).unwrap_or_default()/>
            <InputField label=T::Street.get(lang) name="street" field=Field::Street error
                autocomplete="address-line1" required=true max_len=200 value=v(|f| &f.street).unwrap_or_default()/>
            <InputField label=T::Flat.get(lang) name="flat" field=Field::Flat error hint=T::Optional.get(lang)
                autocomplete="address-line2" max_len=20 value=v(|f| &f.flat).unwrap_or_default()/>
            <InputField label=T::Postcode.get(lang) name="postcode" field=Field::Postcode error
                hint=T::PostcodeHint.get(lang) autocomplete="postal-code" required=true max_len=12
                value=v(|f| &f.postcode).unwrap_or_default()/>
            <InputField label=T::Phone.get(lang) name="phone" field=Field::Phone error kind="tel"
                hint=T::PhoneHint.get(lang) autocomplete="tel" required=true max_len=24
                value=v(|f| &f.phone).unwrap_or_default()/>
            <div class="field field-check">
                <input type="checkbox" id="make_default" name="make_default" value="1"
                    checked=address.as_ref().is_some_and(|a| a.is_default)/>
                <label for="make_default">{T::UseAsDefault.get(lang)}</label>
            </div>
            <SubmitButton action=save label=T::Save.get(lang)/>
        </ActionForm>
    }
    .into_any()
}

#[component]
pub fn AddressesPage() -> impl IntoView {
    let lang = use_lang();
    let delete = ServerAction::<DeleteAddress>::new();
    let default = ServerAction::<SetDefaultAddress>::new();
    let q = use_query_map();
    let list = Resource::new(
        move || (delete.version().get(), default.version().get()),
        |_| addresses(),
    );
    let deleted =
        move || matches!(delete.value().get(), Some(Ok(_))) || q.read().get("deleted").is_some();
    let saved = move || q.read().get("saved").is_some();
    view! {
        <AccountShell>
            <h1>{T::Title.get(lang)}</h1>
            <Show when=deleted><Toast text=T::Deleted.get(lang).to_string()/></Show>
            <Show when=saved><Toast text=T::Saved.get(lang).to_string()/></Show>
            <FormAlert error=use_form_error(delete)/>
            <p><a class="btn btn-primary" href="/account/addresses/new">{T::Add.get(lang)}</a></p>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    let list = list.await?;
                    if list.is_empty() {
                        return Ok::<_, AppError>(view! { <div class="empty-state">{T::Empty.get(lang)}</div> }.into_any());
                    }
                    Ok(view! {
                        <ul class="address-list">
                            {list.into_iter().map(|a| {
                                let who = format!("{}, {}", a.fields.recipient, a.fields.city);
                                let (edit_label, default_label, delete_label) = (
                                    format!("{}: {who}", T::Edit.get(lang)),
                                    format!("{}: {who}", T::MakeDefault.get(lang)),
                                    format!("{}: {who}", T::Delete.get(lang)),
                                );
                                view! {
                                <li class="card address" data-testid="address">
                                    <p><strong>{a.fields.recipient.clone()}</strong>
                                        {a.is_default.then(|| view! { " "<span class="badge">{T::Default.get(lang)}</span> })}</p>
                                    <p>{a.fields.one_line(lang)}</p>
                                    <p>{a.fields.phone.clone()}</p>
                                    <div class="actions">
                                        <a class="btn" href=format!("/account/addresses/{}", a.id) aria-label=edit_label>{T::Edit.get(lang)}</a>
                                        {(!a.is_default).then(|| view! {
                                            <ActionForm action=default>
                                                <input type="hidden" name="id" value=a.id/>
                                                <button type="submit" class="btn" aria-label=default_label.clone()>{T::MakeDefault.get(lang)}</button>
                                            </ActionForm>
                                        })}
                                        <ActionForm action=delete>
                                            <input type="hidden" name="id" value=a.id/>
                                            <button type="submit" class="btn btn-danger" aria-label=delete_label>{T::Delete.get(lang)}</button>
                                        </ActionForm>
                                    </div>
                                </li>
                            }}).collect_view()}
                        </ul>
                    }.into_any())
                })}
            </Transition>
        </AccountShell>
    }
}

fn next_or_list() -> String {
    let q = use_query_map();
    crate::domain::safe_next(
        q.read_untracked()
            .get("next")
            .as_deref()
            .or(Some("/account/addresses")),
    )
}

#[component]
pub fn AddressNewPage() -> impl IntoView {
    let lang = use_lang();
    let next = next_or_list();
    view! {
        <AccountShell>
            <h1>{T::NewTitle.get(lang)}</h1>
            <AddressForm next=next.clone()/>
            <p><a href=next>{T::Cancel.get(lang)}</a></p>
        </AccountShell>
    }
}

#[component]
pub fn AddressEditPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let next = next_or_list();
    let data = Resource::new(
        move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()),
        |id| async move {
            match id {
                Some(id) => get_address(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <AccountShell>
            <h1>{T::EditTitle.get(lang)}</h1>
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || {
                    let next = next.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(a) => view! { <AddressForm address=a next/> }.into_any(),
                            Err(_) => view! { <div class="empty-state">{T::NotFound.get(lang)}</div> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </AccountShell>
    }
}
