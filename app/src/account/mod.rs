//! Account home (`/account`): the shopper's name, member ID and e-mail. The counters of later
//! sections join it as they are built.

use crate::context::use_viewer;
use crate::forms::Toast;
use crate::i18n::use_lang;
use crate::layout::AccountShell;
use crate::texts;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

texts! {
    pub enum T {
        Title => "Мой кабинет", "My account";
        MemberId => "Member ID", "Member ID";
        Email => "E-mail", "E-mail";
        Confirmed => "подтверждён", "confirmed";
        NotConfirmed => "не подтверждён — ссылка в письме после регистрации",
                        "not confirmed — see the link in your welcome e-mail";
        JustConfirmed => "E-mail подтверждён.", "E-mail confirmed.";
        SignInFirst => "Войдите, чтобы открыть кабинет.", "Sign in to open your account.";
        SignIn => "Войти", "Sign in";
        Club => "Клуб", "Club";
        Level => "уровень", "level";
        Points => "баллов за 12 месяцев", "points in 12 months";
        Wishlist => "Мои желания", "My wish list";
        AwaitingReview => "Ждут отзыва", "Awaiting review";
        Coupons => "Действующие купоны", "Valid coupons";
        Expiring => "истекают в ближайшие 3 дня:", "expiring within 3 days:";
    }
}

/// What the account home counts besides orders, in one call.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HomeCounts {
    pub club: crate::club::ClubSummary,
    pub wishlist: i64,
    /// Valid coupons, and how many of them end within three days.
    pub coupons: (i64, i64),
    /// Lines of received orders without a review.
    pub awaiting_review: i64,
    /// Unread messages and the last three conversations.
    pub unread: i64,
    pub latest: Vec<crate::messages::ConversationLine>,
}

#[leptos::server(prefix = "/api", endpoint = "home_counts")]
pub async fn load_home_counts() -> Result<HomeCounts, crate::error::AppError> {
    use crate::ids::Party;
    let cx = crate::context::ctx()?;
    let user = cx.user()?;
    Ok(HomeCounts {
        club: crate::club::ssr::summary(cx.pool(), user, crate::platform::now()).await?,
        wishlist: crate::wishlist::ssr::count(cx.pool(), user).await?,
        coupons: crate::coupons::ssr::summary(cx.pool(), user, crate::platform::now()).await?,
        awaiting_review: crate::reviews::ssr::awaiting_count(cx.pool(), user).await?,
        unread: crate::messages::ssr::unread(cx.pool(), user, None)
            .await?
            .mine,
        latest: crate::messages::ssr::lines(cx.pool(), cx.lang, Party::Shopper(user), 3, 0).await?,
    })
}

/// The club's level and points, and the wish list, linked to their pages.
#[component]
fn HomeLines() -> impl IntoView {
    let lang = use_lang();
    let counts = Resource::new(|| (), |_| load_home_counts());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                counts.await.ok().map(|c| {
                    let s = c.club;
                    let t = s.level.terms();
                    view! {
                        <p class="card club-line" data-testid="club-line">
                            <a href="/account/club">{T::Club.get(lang)}</a>": "
                            {format!("{} {} · {} · {} {}", T::Level.get(lang), s.level.get(),
                                lang.pick(t.ru, t.en), s.points_year, T::Points.get(lang))}
                        </p>
                        <p class="card" data-testid="awaiting-review-line">
                            <a href="/account/reviews">{T::AwaitingReview.get(lang)}</a>": "{c.awaiting_review}
                        </p>
                        <p class="card" data-testid="wishlist-line">
                            <a href="/account/wishlist">{T::Wishlist.get(lang)}</a>": "{c.wishlist}
                        </p>
                        <p class="card" data-testid="coupons-line">
                            <a href="/account/coupons?tab=valid">{T::Coupons.get(lang)}</a>": "{c.coupons.0}
                            {(c.coupons.1 > 0).then(|| view! {
                                " · "<strong class="badge badge-warn">{format!("{} {}", T::Expiring.get(lang), c.coupons.1)}</strong>
                            })}
                        </p>
                        <crate::messages::HomeMessages unread=c.unread latest=c.latest/>
                    }
                })
            })}
        </Transition>
    }
}

#[component]
pub fn AccountHome() -> impl IntoView {
    let lang = use_lang();
    let viewer = use_viewer();
    let q = use_query_map();
    view! {
        <AccountShell>
            <Show when=move || q.read().get("confirmed").is_some()>
                <Toast text=T::JustConfirmed.get(lang).to_string()/>
            </Show>
            {match viewer {
                Some(user) => view! {
                    <h1>{T::Title.get(lang)}</h1>
                    <div class="card profile">
                        <p class="profile-name">{user.name.clone()}</p>
                        <dl>
                            <dt>{T::MemberId.get(lang)}</dt>
                            <dd data-testid="member-id">{user.member_id.to_string()}</dd>
                            <dt>{T::Email.get(lang)}</dt>
                            <dd>
                                {user.email.clone()}" "
                                <span class="badge">{if user.email_confirmed {
                                    T::Confirmed.get(lang)
                                } else {
                                    T::NotConfirmed.get(lang)
                                }}</span>
                            </dd>
                        </dl>
                    </div>
                    <HomeLines/>
                    <crate::orders::OrderOverview/>
                }.into_any(),
                None => view! {
                    <p>{T::SignInFirst.get(lang)}" "
                        <a href="/login?next=/account">{T::SignIn.get(lang)}</a></p>
                }.into_any(),
            }}
        </AccountShell>
    }
}
