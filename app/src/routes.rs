//! Every page is a lazily loaded route: a first visit downloads the shared frame (header, footer,
//! router) and the chunk of that one page (`cargo leptos build --split`); other pages load their
//! chunk when the shopper goes there. The server renders every route in full either way.
//!
//! A page's component (and the client half of the server functions only it calls) is referenced
//! only from its route's lazy `view`, so its code lands in that route's chunk.

use leptos::prelude::*;

/// The stale-chunk fallback, an inline script in every page's head. A deploy replaces the hashed
/// WASM files; on Leptos 0.8 a lazy route whose chunk cannot be loaded (the file is gone, or the
/// network dropped) panics, and the panic stops the WASM (a `WebAssembly.RuntimeError` reaches
/// the page). The script then loads where the shopper was going in full (the link they clicked
/// still has the focus), or this page again: the server renders it with the current build's
/// files. At most once in ten seconds, so a broken build cannot loop. `make build` also keeps the
/// previous build's files, so this is the second line of defence. Plain JavaScript, so that it
/// costs the WASM nothing.
pub const STALE_CHUNK_SCRIPT: &str = r#"(function(){var k="kabinet-chunk-reload";function f(r){if(!(r instanceof WebAssembly.RuntimeError))return;var t=Date.now(),l=+sessionStorage.getItem(k);if(l&&t-l<1e4)return;sessionStorage.setItem(k,t);var e=document.activeElement,a=e&&e.closest&&e.closest("a[href]");if(a&&a.origin===location.origin)location.assign(a.href);else location.reload()}addEventListener("error",function(e){f(e.error)});addEventListener("unhandledrejection",function(e){f(e.reason)})})();"#;
use leptos_router::{lazy_route, LazyRoute};

macro_rules! lazy_pages {
    ($($route:ident => $module:ident :: $page:ident;)*) => {$(
        #[doc = concat!("The lazily loaded route of `", stringify!($module), "::", stringify!($page), "`.")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                use crate::$module::$page;
                view! { <$page/> }.into_any()
            }
        }
    )*};
}

lazy_pages! {
    HomeRoute => catalog::HomePage;
    SearchRoute => catalog::SearchPage;
    ProductRoute => catalog::ProductPage;
    StoreRoute => catalog::StorePageView;
    CartRoute => cart::CartPage;
    CheckoutRoute => checkout::CheckoutPage;
    PayRoute => checkout::PayPage;
    SellerHomeRoute => seller::SellerHome;
    SellerOrderRoute => seller::SellerOrderPage;
    SellerDisputesRoute => seller::SellerDisputes;
    SellerDisputeRoute => seller::SellerDisputePage;
    LoginRoute => auth::LoginPage;
    LoginLinkRoute => auth::LinkAccountPage;
    RegisterRoute => auth::RegisterPage;
    ForgotRoute => auth::ForgotPage;
    ResetRoute => auth::ResetPage;
    ConfirmEmailRoute => auth::ConfirmEmailPage;
    SignInHelpRoute => auth::SignInHelpPage;
    AccountRoute => account::AccountHome;
    AddressesRoute => addresses::AddressesPage;
    AddressNewRoute => addresses::AddressNewPage;
    AddressEditRoute => addresses::AddressEditPage;
    OrdersRoute => orders::OrdersPage;
    DeletedOrdersRoute => orders::DeletedOrdersPage;
    OrderRoute => order_page::OrderPage;
    OpenDisputeRoute => disputes::OpenDisputePage;
    DisputesRoute => disputes::DisputesPage;
    DisputeRoute => disputes::DisputePage;
    ClubRoute => club_page::ClubPage;
    RecentRoute => recent::RecentPage;
    FavouriteStoresRoute => favourites::FavouriteStoresPage;
    WishlistRoute => wishlist::WishlistPage;
    ReviewsRoute => reviews::ReviewsPage;
    WriteReviewRoute => reviews::WriteReviewPage;
    ReviewRoute => reviews::ReviewPage;
    SellerReviewsRoute => reviews::SellerReviews;
    ReportsRoute => reports::ReportsPage;
    NewReportRoute => reports::NewReportPage;
    ReportRoute => reports::ReportPage;
    TranslateRoute => translate::TranslatePage;
    ContributionsRoute => translate::ContributionsPage;
    AdminRoute => admin::AdminPage;
    AdminReportRoute => admin::AdminReportPage;
    MessagesRoute => messages::MessagesPage;
    NewMessageRoute => messages::NewMessagePage;
    ConversationRoute => messages::ConversationPage;
    SellerMessagesRoute => seller::SellerMessages;
    SellerConversationRoute => seller::SellerConversationPage;
    SellerProductsRoute => seller::SellerProducts;
    LoginCodeRoute => auth::LoginCodePage;
    EmailChangeRoute => auth::EmailChangePage;
    ProfileRoute => settings::ProfilePage;
    SecurityRoute => settings::SecurityPage;
    NotificationsRoute => notify::NotificationsPage;
    MailRoute => notify::MailPage;
    PublicProfileRoute => follows::PublicProfilePage;
    SubscriptionsRoute => follows::SubscriptionsPage;
    CouponsRoute => coupons::WalletPage;
    GiftCardsRoute => giftcards::GiftCardsPage;
    SellerCouponsRoute => seller::SellerCoupons;
}
