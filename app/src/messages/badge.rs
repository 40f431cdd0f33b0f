//! The unread counts in the header, the buyer menu and the account navigation: one resource per
//! page for all of them, asked again every few seconds while the page is open (and visible), so
//! a reply shows up without a reload.

use super::*;

/// How often the header asks for the unread count (milliseconds).
pub const HEADER_POLL_MS: u64 = 8_000;

/// The page's unread counts and the signal that asks again.
#[derive(Clone, Copy)]
pub struct UnreadCounts {
    counts: Resource<Unread>,
    tick: RwSignal<u32>,
}

/// Sets up the counts for a signed-in viewer (the app calls it once, under the router).
pub fn provide_unread() {
    if crate::context::use_viewer().is_none() {
        return;
    }
    let tick = RwSignal::new(0u32);
    let counts = Resource::new(
        move || tick.get(),
        |_| async { unread_count().await.unwrap_or_default() },
    );
    provide_context(UnreadCounts { counts, tick });
    poll(tick, HEADER_POLL_MS);
}

/// Moves `tick` on every `ms` milliseconds while the page is open and its tab visible (in the
/// browser only), so resources that read it ask again; stops when the page goes.
pub fn poll(tick: RwSignal<u32>, ms: u64) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let every = std::time::Duration::from_millis(ms);
        if let Ok(handle) = set_interval_with_handle(
            move || {
                if page_visible() {
                    tick.update(|t| *t = t.wrapping_add(1));
                }
            },
            every,
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (tick, ms);
}

/// Asks for the counts again now (after reading or sending).
pub fn refresh_unread() {
    if let Some(u) = use_context::<UnreadCounts>() {
        u.tick.update(|t| *t = t.wrapping_add(1));
    }
}

#[cfg(feature = "hydrate")]
fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| !d.hidden())
}

/// The number of unread messages (the shopper's, or with `store` the store's), shown only when
/// there are some.
#[component]
pub fn UnreadBadge(#[prop(optional)] store: bool) -> impl IntoView {
    let Some(u) = use_context::<UnreadCounts>() else {
        return ().into_any();
    };
    let lang = crate::i18n::use_lang();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let c = u.counts.await;
                let n = if store { c.store } else { c.mine };
                (n > 0).then(|| {
                    let label = format!("{n} {}", lang.pick("непрочитанных", "unread"));
                    let title = label.clone();
                    view! {
                        <span class="unread-badge" data-testid=if store { "store-unread" } else { "unread" }
                            title=title>
                            <span aria-hidden="true">{n}</span>
                            <span class="visually-hidden">{label}</span>
                        </span>
                    }
                })
            })}
        </Transition>
    }
    .into_any()
}
