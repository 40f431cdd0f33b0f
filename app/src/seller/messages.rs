//! The store's inbox in the seller console (`/seller/messages`): the conversations shoppers
//! started with this store, newest first, and the answer. A store sees only its own; another
//! store's conversation is "not found".

use super::SellerNav;
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::messages::{load_store_inbox, ConversationList, ThreadPage, M};
use crate::paging::{page_href, Pager};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn SellerMessages() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let inbox = Resource::new(move || q.read().get("page"), load_store_inbox);
    view! {
        <SellerNav/>
        <h1>{M::StoreTitle.get(lang)}</h1>
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                let d = inbox.await?;
                if d.items.is_empty() {
                    return Ok::<_, AppError>(view! { <div class="empty-state">{M::StoreEmpty.get(lang)}</div> }.into_any());
                }
                Ok(view! {
                    <ConversationList items=d.items base="/seller/messages"/>
                    <Pager page=d.page pages=d.pages href=|p| page_href("/seller/messages", &[], p)/>
                }.into_any())
            })}
        </Transition>
    }
}

#[component]
pub fn SellerConversationPage() -> impl IntoView {
    let params = use_params_map();
    let id = Signal::derive(move || params.read().get("id").unwrap_or_default());
    view! {
        <SellerNav/>
        <ThreadPage id store=true/>
    }
}
