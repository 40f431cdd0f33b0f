//! The shopper's pages: `/account/messages` (the list), `/account/messages/{id}` (one
//! conversation) and `/account/messages/new?product=…|order=…` (write to a store).

use super::thread::M;
use super::*;
use crate::i18n::use_lang;
use crate::layout::AccountShell;
use crate::paging::{page_href, Pager};
use crate::texts;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

texts! {
    pub enum N {
        Title => "Написать продавцу", "Write to the seller";
        To => "Магазин: ", "Store: ";
        Existing => "У вас уже есть переписка об этом — сообщение добавится в неё.",
                    "You already have a conversation about this: the message is added to it.";
        OpenExisting => "Открыть переписку", "Open the conversation";
        Unread => "Непрочитанных: ", "Unread: ";
    }
}

#[component]
pub fn MessagesPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    // Asked again every few seconds while the page is open: a new message moves its
    // conversation to the top.
    let tick = RwSignal::new(0u32);
    let inbox = Resource::new(
        move || (q.read().get("page"), tick.get()),
        |(p, _)| load_inbox(p),
    );
    poll(tick, POLL_MS);
    view! {
        <AccountShell>
            <h1>{M::Title.get(lang)}</h1>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    let d = inbox.await?;
                    if d.items.is_empty() {
                        return Ok::<_, AppError>(view! { <div class="empty-state">{M::Empty.get(lang)}</div> }.into_any());
                    }
                    Ok(view! {
                        <p data-testid="inbox-unread">{N::Unread.get(lang)}{d.unread}</p>
                        <ConversationList items=d.items base="/account/messages"/>
                        <Pager page=d.page pages=d.pages href=|p| page_href("/account/messages", &[], p)/>
                    }.into_any())
                })}
            </Transition>
        </AccountShell>
    }
}

#[component]
pub fn ConversationPage() -> impl IntoView {
    let params = use_params_map();
    let id = Signal::derive(move || params.read().get("id").unwrap_or_default());
    view! {
        <AccountShell>
            <ThreadPage id store=false/>
        </AccountShell>
    }
}

/// "Write to the seller" from a product, order or dispute page: to whom and about what, then
/// the form. A conversation that exists for it gets the message.
#[component]
pub fn NewMessagePage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let draft = Resource::new(
        move || (q.read().get("product"), q.read().get("order")),
        |(p, o)| message_draft(p, o),
    );
    let navigate = use_navigate();
    let on_sent = Callback::new(move |id: ConversationId| {
        navigate(&format!("/account/messages/{id}"), Default::default());
    });
    view! {
        <AccountShell>
            <h1>{N::Title.get(lang)}</h1>
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    let d = match draft.await {
                        Ok(d) => d,
                        Err(e) => return view! { <div class="empty-state" data-testid="draft-error">{e.message(lang)}</div> }.into_any(),
                    };
                    let about = About::parse(
                        q.read_untracked().get("product").as_deref(),
                        q.read_untracked().get("order").as_deref(),
                    ).ok();
                    view! {
                        <p>{N::To.get(lang)}<a href=format!("/store/{}", d.store_id)>{d.store_name.clone()}</a></p>
                        <p><TopicLine topic=d.topic.clone()/></p>
                        {d.existing.map(|c| view! {
                            <p class="hint">{N::Existing.get(lang)}" "
                                <a href=format!("/account/messages/{c}")>{N::OpenExisting.get(lang)}</a></p>
                        })}
                        <ReplyForm conversation=None about on_sent/>
                    }.into_any()
                })}
            </Suspense>
        </AccountShell>
    }
}

/// The account home's block: the unread count and the last three conversations.
#[component]
pub fn HomeMessages(unread: i64, latest: Vec<ConversationLine>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card home-messages" data-testid="home-messages">
            <h2><a href="/account/messages">{M::Title.get(lang)}</a></h2>
            <p>{N::Unread.get(lang)}<span data-testid="home-unread">{unread}</span></p>
            {if latest.is_empty() {
                view! { <p class="hint">{M::Empty.get(lang)}</p> }.into_any()
            } else {
                view! { <ConversationList items=latest base="/account/messages"/> }.into_any()
            }}
        </section>
    }
}
