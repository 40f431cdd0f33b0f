//! What the shopper's and the store's pages share: the conversation list, one conversation's
//! messages with the reply form, and the page that keeps a conversation up to date.

use super::*;
use crate::error::Field;
use crate::forms::{field_error, FormAlert};
use crate::i18n::use_lang;
use crate::texts;
use crate::widgets::format_date_time;

texts! {
    pub enum M {
        Title => "Сообщения", "Messages";
        StoreTitle => "Сообщения покупателей", "Messages from shoppers";
        Empty => "Сообщений пока нет. Написать продавцу можно со страницы товара или заказа.",
                 "No messages yet. You can write to a seller from a product or an order page.";
        StoreEmpty => "Покупатели вам пока не писали.", "No shopper has written to you yet.";
        Notices => "Kabinet — уведомления", "Kabinet notices";
        Order => "Заказ № ", "Order № ";
        Product => "Товар: ", "Product: ";
        You => "Вы", "You";
        Earlier => "Более ранние сообщения", "Earlier messages";
        Latest => "К последним сообщениям", "To the latest messages";
        Reply => "Ответить", "Reply";
        Text => "Сообщение (до 2000 символов)", "Message (up to 2,000 characters)";
        Photos => "Фото (до 5, JPEG, PNG или WebP, до 5 МБ)", "Photos (up to 5, JPEG, PNG or WebP, 5 MB each)";
        Send => "Отправить", "Send";
        Sending => "Отправляем…", "Sending…";
        Open => "Открыть", "Open";
        Back => "Все сообщения", "All messages";
        NoReply => "На уведомления не отвечают: вопросы о заказе задайте продавцу со страницы заказа.",
                   "Notices cannot be answered: ask the seller about an order from the order page.";
        Live => "Новые сообщения появляются сами, пока страница открыта.",
                "New messages appear by themselves while this page is open.";
    }
}

/// What a conversation is about, linked for the shopper (a seller sees the order in the console).
#[component]
pub fn TopicLine(topic: Topic, #[prop(optional)] store: bool) -> impl IntoView {
    let lang = use_lang();
    match topic {
        Topic::Order { number } => {
            let href = if store {
                format!("/seller/orders/{number}")
            } else {
                format!("/account/orders/{number}")
            };
            view! { <a href=href>{format!("{}{number}", M::Order.get(lang))}</a> }.into_any()
        }
        Topic::Product { id, title } => view! {
            {M::Product.get(lang)}<a href=format!("/product/{id}")>{title}</a>
        }
        .into_any(),
        Topic::System => view! { <span>{M::Notices.get(lang)}</span> }.into_any(),
    }
}

/// The conversation list (`base`: `/account/messages` or `/seller/messages`).
#[component]
pub fn ConversationList(items: Vec<ConversationLine>, base: &'static str) -> impl IntoView {
    let lang = use_lang();
    let store = base.starts_with("/seller");
    view! {
        <ul class="conversations">
            {items.into_iter().map(|c| {
                let unread = c.unread;
                let cls = if unread > 0 { "card conversation unread" } else { "card conversation" };
                let who = if c.topic == Topic::System { M::Notices.get(lang).to_string() } else { c.with.clone() };
                let from = match (c.last_from, store) {
                    (Sender::Buyer, false) | (Sender::Store, true) => format!("{}: ", M::You.get(lang)),
                    _ => String::new(),
                };
                view! {
                    <li class=cls data-testid="conversation">
                        <a class="conversation-link" href=format!("{base}/{}", c.id)>
                            <span class="conversation-with">{who}</span>
                            {(unread > 0).then(|| view! {
                                <span class="unread-badge" data-testid="conversation-unread">{unread}</span>
                            })}
                        </a>
                        <p class="conversation-topic">
                            {(c.topic != Topic::System).then(|| view! { <TopicLine topic=c.topic.clone() store/> })}
                        </p>
                        <p class="conversation-last">{from}{c.last_text.clone()}</p>
                        <p class="product-meta">{format_date_time(c.last_at, lang)}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The messages of a conversation, oldest first; the viewer's own on the right.
#[component]
pub fn MessageList(thread: Thread, store: bool) -> impl IntoView {
    let lang = use_lang();
    let id = thread.id;
    let mine = if store { Sender::Store } else { Sender::Buyer };
    let with = thread.with.clone();
    view! {
        <ol class="messages" data-testid="messages" aria-live="polite">
            {thread.messages.into_iter().map(|m| {
                let who = match m.from {
                    f if f == mine => M::You.get(lang).to_string(),
                    Sender::System => Sender::System.label(lang).to_string(),
                    _ => with.clone(),
                };
                let msg = m.id;
                view! {
                    <li class="message" class:mine=m.from == mine id=format!("m{}", m.id) data-testid="message">
                        <p class="message-meta">{who}" · "{format_date_time(m.at, lang)}</p>
                        <p class="message-text">{m.text}</p>
                        {m.link.map(|href| view! { <p><a href=href>{M::Open.get(lang)}</a></p> })}
                        {(!m.photos.is_empty()).then(|| view! {
                            <p class="message-photos">
                                {m.photos.into_iter().map(|n| {
                                    let src = format!("/messages/{id}/photos/{msg}/{n}");
                                    let href = src.clone();
                                    view! { <a href=href><img src=src alt=format!("{} {n}", lang.pick("Фото", "Photo")) width="96" height="96" loading="lazy"/></a> }
                                }).collect_view()}
                            </p>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
        <span id="latest"></span>
    }
}

/// The reply form: a plain multipart form (works without JavaScript: the server redirects back
/// to the conversation); with JavaScript it is sent in place and the conversation asks again.
#[component]
pub fn ReplyForm(
    /// The conversation, or none for a new one about `about`.
    conversation: Option<ConversationId>,
    #[prop(default = None)] about: Option<About>,
    #[prop(optional)] store: bool,
    /// Called after a message was sent in place, with its conversation.
    on_sent: Callback<ConversationId>,
) -> impl IntoView {
    let lang = use_lang();
    let q = leptos_router::hooks::use_query_map();
    let error =
        RwSignal::new(q.with_untracked(|q| q.get("error").and_then(|c| AppError::from_code(&c))));
    let pending = RwSignal::new(false);
    let to = match (conversation, about) {
        (Some(c), _) => Target::Existing(c).key(),
        (None, Some(a)) => Target::New(a).key(),
        (None, None) => String::new(),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        crate::images::submit::send(
            ev,
            error,
            pending,
            crate::images::submit::Files::Photos,
            move |data| async move {
                if store {
                    store_reply(data).await
                } else {
                    send_message(data).await
                }
            },
            move |id, form| {
                form.reset();
                pending.set(false);
                on_sent.run(id);
            },
        );
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, on_sent, store);
    };
    view! {
        <form class="form reply-form" method="post"
            action=if store { "/api/store_reply" } else { "/api/send_message" }
            enctype="multipart/form-data" on:submit=submit>
            <FormAlert error=error.into()/>
            <input type="hidden" name="to" value=to/>
            <div class="field">
                <label for="message-text">{M::Text.get(lang)}</label>
                <textarea id="message-text" name="text" rows="4" maxlength="2000" required
                    aria-describedby="message-error"></textarea>
                <p class="field-error" id="message-error" role="alert">{field_error(error.into(), Field::Message, lang)}</p>
            </div>
            <div class="field">
                <label for="photos">{M::Photos.get(lang)}</label>
                <input id="photos" name="photos" type="file" multiple accept="image/jpeg,image/png,image/webp"
                    aria-describedby="photos-error"/>
                <p class="field-error" id="photos-error" role="alert">{field_error(error.into(), Field::Photos, lang)}</p>
            </div>
            <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                {move || if pending.get() { M::Sending.get(lang) } else { M::Send.get(lang) }}
            </button>
        </form>
    }
}

/// A conversation page for the shopper or the store: the heading and the reply form once, and
/// the messages, asked again every few seconds while the page is open so that the other side's
/// answer appears (what is being typed in the form is not touched).
#[component]
pub fn ThreadPage(id: Signal<String>, store: bool) -> impl IntoView {
    let lang = use_lang();
    let q = leptos_router::hooks::use_query_map();
    let tick = RwSignal::new(0u32);
    let side = store.then(|| "1".to_string());
    let side2 = side.clone();
    let head = Resource::new(
        move || (id.get(), q.read().get("before")),
        move |(id, before)| load_thread(id, before, side.clone()),
    );
    let live = Resource::new(
        move || (id.get(), q.read().get("before"), tick.get()),
        move |(id, before, _)| load_thread(id, before, side2.clone()),
    );
    poll(tick, POLL_MS);
    let base = if store {
        "/seller/messages"
    } else {
        "/account/messages"
    };
    let on_sent = Callback::new(move |_| tick.update(|t| *t = t.wrapping_add(1)));
    view! {
        <p><a href=base>{M::Back.get(lang)}</a></p>
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                let t = match head.await {
                    Ok(t) => t,
                    Err(e) => return view! { <div class="empty-state" data-testid="thread-error">{e.message(lang)}</div> }.into_any(),
                };
                let cid = t.id;
                let paged = q.read_untracked().get("before").is_some();
                view! {
                    <h1>{if t.topic == Topic::System { M::Notices.get(lang).to_string() } else { t.with.clone() }}</h1>
                    <p class="conversation-topic">
                        {(t.topic != Topic::System).then(|| view! { <TopicLine topic=t.topic.clone() store/> })}
                    </p>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let t = live.await?;
                            #[cfg(feature = "hydrate")]
                            if t.unread_before > 0 {
                                refresh_unread();
                            }
                            let earlier = t.earlier.map(|b| view! {
                                <p><a href=format!("{base}/{cid}?before={b}")>{M::Earlier.get(lang)}</a></p>
                            });
                            Ok::<_, AppError>(view! { {earlier}<MessageList thread=t store/> })
                        })}
                    </Transition>
                    {paged.then(|| view! { <p><a href=format!("{base}/{cid}")>{M::Latest.get(lang)}</a></p> })}
                    {if t.can_reply() {
                        view! {
                            <h2>{M::Reply.get(lang)}</h2>
                            <ReplyForm conversation=Some(cid) store on_sent/>
                            <p class="hint">{M::Live.get(lang)}</p>
                        }.into_any()
                    } else {
                        view! { <p class="hint">{M::NoReply.get(lang)}</p> }.into_any()
                    }}
                }.into_any()
            })}
        </Suspense>
    }
}
