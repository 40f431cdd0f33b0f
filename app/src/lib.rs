//! Kabinet: a marketplace shopper's personal account. Components and server functions shared by
//! the server (`ssr`) and the WASM front end (`hydrate`). Each account section is a module.

// Shared plumbing: no section imports another through these (see ARCHITECTURE.md).
pub mod codes;
pub mod context;
pub mod domain;
pub mod error;
pub mod field;
pub mod forms;
pub mod i18n;
pub mod ids;
pub mod images;
pub mod layout;
pub mod money;
pub mod pages;
pub mod paging;
#[cfg(feature = "ssr")]
pub mod platform;
pub mod routes;
pub mod web;
pub mod widgets;
pub mod zone;

// Sections, each with its types and server functions (`mod.rs`), SQL (`ssr`) and views.
pub mod account;
pub mod addresses;
pub mod admin;
pub mod auth;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod club;
pub mod club_page;
pub mod coupons;
pub mod disputes;
pub mod favourites;
pub mod follows;
pub mod giftcards;
pub mod messages;
pub mod notify;
pub mod order_page;
pub mod orders;
pub mod recent;
pub mod reports;
pub mod reviews;
pub mod seller;
pub mod settings;
pub mod translate;
pub mod wishlist;

// Server-only work outside requests.
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod jobs;

#[cfg(test)]
mod architecture;

use crate::i18n::use_lang;
use crate::layout::{Footer, Header};
use crate::zone::use_zone;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::Lazy;
use leptos_router::{path, SsrMode};

/// The HTML document, rendered on the server only.
#[cfg(feature = "ssr")]
pub fn shell(options: leptos::config::LeptosOptions) -> impl IntoView {
    use leptos_meta::{HashedStylesheet, MetaTags};
    let parts = use_context::<http::request::Parts>();
    let lang = parts
        .as_ref()
        .map(|p| context::request_lang(&p.headers))
        .unwrap_or_default();
    provide_context(lang);
    let zone = use_zone();
    provide_context(zone);
    // No zone remembered yet: the browser's own becomes the cookie, for the next page.
    let learn_zone = zone::zone_unknown()
        .then(|| view! { <script nonce=leptos::nonce::use_nonce() inner_html=zone::BROWSER_ZONE_SCRIPT></script> });
    let viewer = context::viewer_script_json(
        &parts.and_then(|p| p.extensions.get::<context::Viewer>().cloned()),
    );
    view! {
        <!DOCTYPE html>
        <html lang=lang.code() data-tz=zone.minutes()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options=options.clone()/>
                <HashedStylesheet options id="leptos"/>
                <MetaTags/>
                <script id=context::VIEWER_SCRIPT_ID type="application/json" inner_html=viewer></script>
                <script nonce=leptos::nonce::use_nonce() inner_html=routes::STALE_CHUNK_SCRIPT></script>
                <script nonce=leptos::nonce::use_nonce() inner_html=layout::MENU_SCRIPT></script>
                {learn_zone}
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = use_lang();
    provide_context(lang);
    provide_context(use_zone());
    context::provide_viewer();
    messages::provide_unread();

    // Tests (and people) can tell when the page has become interactive.
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-hydrated", "");
        }
    });

    // Async rendering: every page arrives complete, so it also works without JavaScript.
    view! {
        <Title text="Kabinet"/>
        <Router>
            <Header/>
            <main id="main" class="page">
                <Routes fallback=pages::NotFound>
                    <Route path=path!("/") view={Lazy::<routes::HomeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/search") view={Lazy::<routes::SearchRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/product/:id") view={Lazy::<routes::ProductRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/store/:id") view={Lazy::<routes::StoreRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/cart") view={Lazy::<routes::CartRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/checkout") view={Lazy::<routes::CheckoutRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/checkout/pay/:key") view={Lazy::<routes::PayRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/seller") view={Lazy::<routes::SellerHomeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/seller/orders/:number") view={Lazy::<routes::SellerOrderRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/seller/disputes") view={Lazy::<routes::SellerDisputesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/seller/disputes/:id") view={Lazy::<routes::SellerDisputeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/seller/messages") view={Lazy::<routes::SellerMessagesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/seller/messages/:id") view={Lazy::<routes::SellerConversationRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/seller/products") view={Lazy::<routes::SellerProductsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/seller/coupons") view={Lazy::<routes::SellerCouponsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/seller/reviews") view={Lazy::<routes::SellerReviewsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/login") view={Lazy::<routes::LoginRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/login/code") view={Lazy::<routes::LoginCodeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/login/link") view={Lazy::<routes::LoginLinkRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/email/change/:token") view={Lazy::<routes::EmailChangeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/shopper/:id") view={Lazy::<routes::PublicProfileRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/settings/subscriptions") view={Lazy::<routes::SubscriptionsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/settings/profile") view={Lazy::<routes::ProfileRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/settings/security") view={Lazy::<routes::SecurityRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/settings/notifications") view={Lazy::<routes::NotificationsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/settings/notifications/:id") view={Lazy::<routes::MailRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/register") view={Lazy::<routes::RegisterRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/password/forgot") view={Lazy::<routes::ForgotRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/password/reset/:token") view={Lazy::<routes::ResetRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/email/confirm/:token") view={Lazy::<routes::ConfirmEmailRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/help/signin") view={Lazy::<routes::SignInHelpRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account") view={Lazy::<routes::AccountRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/addresses") view={Lazy::<routes::AddressesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/addresses/new") view={Lazy::<routes::AddressNewRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/addresses/:id") view={Lazy::<routes::AddressEditRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/orders") view={Lazy::<routes::OrdersRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/orders/deleted") view={Lazy::<routes::DeletedOrdersRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/orders/:number") view={Lazy::<routes::OrderRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/orders/:number/dispute") view={Lazy::<routes::OpenDisputeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/disputes") view={Lazy::<routes::DisputesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/disputes/:id") view={Lazy::<routes::DisputeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/club") view={Lazy::<routes::ClubRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/recent") view={Lazy::<routes::RecentRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/stores") view={Lazy::<routes::FavouriteStoresRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/wishlist") view={Lazy::<routes::WishlistRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/coupons") view={Lazy::<routes::CouponsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/coupons/gift-cards") view={Lazy::<routes::GiftCardsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/messages") view={Lazy::<routes::MessagesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/messages/new") view={Lazy::<routes::NewMessageRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/messages/:id") view={Lazy::<routes::ConversationRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/reports") view={Lazy::<routes::ReportsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/reports/new") view={Lazy::<routes::NewReportRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/reports/:id") view={Lazy::<routes::ReportRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/translate") view={Lazy::<routes::TranslateRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/translate/mine") view={Lazy::<routes::ContributionsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view={Lazy::<routes::AdminRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/reports/:id") view={Lazy::<routes::AdminReportRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/reviews") view={Lazy::<routes::ReviewsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/reviews/write/:line") view={Lazy::<routes::WriteReviewRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/reviews/:id") view={Lazy::<routes::ReviewRoute>::new()} ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}
