//! `/shopper/{id}` (anyone) and `/account/settings/subscriptions`. Plain forms throughout.

use super::*;
use crate::context::use_viewer;
use crate::forms::{FormAlert, Toast};
use crate::i18n::{use_lang, Lang};
use crate::layout::{AccountShell, SettingsTabs};
use crate::texts;
use leptos_router::hooks::{use_params_map, use_query_map};

texts! {
    pub enum F {
        Shopper => "Покупатель", "Shopper";
        Reviews => "Отзывов:", "Reviews:";
        Followers => "Подписчиков:", "Followers:";
        Follow => "Подписаться", "Follow";
        Unfollow => "Отписаться", "Unfollow";
        Own => "Это ваш публичный профиль.", "This is your public profile.";
        Edit => "Изменить", "Edit";
        SignInToFollow => "Войдите, чтобы подписаться.", "Sign in to follow.";
        Title => "Подписки и подписчики", "Following and followers";
        Stores => "Магазины, на которые вы подписаны", "Stores you follow";
        Shoppers => "Покупатели, на которых вы подписаны", "Shoppers you follow";
        MyFollowers => "Ваши подписчики", "Your followers";
        None => "Пока никого.", "No one yet.";
        MyProfile => "Ваш публичный профиль", "Your public profile";
        Unfollowed => "Подписка отменена.", "Unfollowed.";
    }
}

fn shown_name(name: &Option<String>, lang: Lang) -> String {
    name.clone()
        .unwrap_or_else(|| F::Shopper.get(lang).to_string())
}

#[component]
pub fn PublicProfilePage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        load_public_profile,
    );
    let q = use_query_map();
    let error = Signal::derive(move || q.read().get("error").and_then(|c| AppError::from_code(&c)));
    view! {
        <FormAlert error/>
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                let p = data.await?;
                Ok::<_, AppError>(view! { <ProfileCard p/> }.into_any())
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn ProfileCard(p: PublicProfile) -> impl IntoView {
    let lang = use_lang();
    let signed_in = use_viewer().is_some();
    let name = shown_name(&p.name, lang);
    let follow = if p.own {
        view! { <p>{F::Own.get(lang)}" "<a href="/account/settings/profile">{F::Edit.get(lang)}</a></p> }.into_any()
    } else if signed_in {
        let (value, label) = if p.following {
            ("0", F::Unfollow)
        } else {
            ("1", F::Follow)
        };
        view! {
            <form method="post" action="/api/follow_shopper">
                <input type="hidden" name="id" value=p.id.to_string()/>
                <input type="hidden" name="follow" value=value/>
                <button type="submit" class="btn btn-primary">{label.get(lang)}</button>
            </form>
        }
        .into_any()
    } else {
        let login = crate::web::login_url(&format!("/shopper/{}", p.id));
        view! { <p><a href=login>{F::SignInToFollow.get(lang)}</a></p> }.into_any()
    };
    view! {
        <article class="public-profile" data-testid="public-profile">
            {p.photo.then(|| view! {
                <img class="profile-photo" src=format!("/shopper/{}/photo", p.id) alt="" width="128" height="128"/>
            })}
            <h1>{name}</h1>
            {(!p.about.is_empty()).then(|| view! { <p class="about">{p.about.clone()}</p> })}
            <p>{F::Reviews.get(lang)}" "{p.reviews}" · "{F::Followers.get(lang)}" "
                <span data-testid="followers">{p.followers}</span></p>
            {follow}
        </article>
    }
    .into_any()
}

#[component]
pub fn SubscriptionsPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let data = Resource::new(|| (), |_| load_subscriptions());
    view! {
        <AccountShell>
            <h1>{F::Title.get(lang)}</h1>
            <SettingsTabs/>
            <Show when=move || q.read().get("done").is_some()><Toast text=F::Unfollowed.get(lang).to_string()/></Show>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    let d = data.await?;
                    Ok::<_, AppError>(view! {
                        <p><a href=format!("/shopper/{}", d.own)>{F::MyProfile.get(lang)}</a></p>
                        <StoreList stores=d.stores.clone()/>
                        <Shoppers title=F::Shoppers list=d.following.clone() unfollow=true/>
                        <Shoppers title=F::MyFollowers list=d.followers.clone() unfollow=false/>
                    }.into_any())
                })}
            </Transition>
        </AccountShell>
    }
    .into_any()
}

#[component]
fn StoreList(stores: Vec<(StoreId, String)>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="settings-block" aria-labelledby="stores-title">
            <h2 id="stores-title">{F::Stores.get(lang)}</h2>
            {if stores.is_empty() {
                view! { <p>{F::None.get(lang)}</p> }.into_any()
            } else {
                view! {
                    <ul class="follow-list" data-testid="followed-stores">
                        {stores.into_iter().map(|(id, name)| view! {
                            <li>
                                <a href=format!("/store/{id}")>{name.clone()}</a>
                                <form method="post" action="/api/follow_store">
                                    <input type="hidden" name="store_id" value=id.to_string()/>
                                    <input type="hidden" name="follow" value="0"/>
                                    <input type="hidden" name="back" value="/account/settings/subscriptions"/>
                                    <button type="submit" class="btn" aria-label=format!("{} {name}", F::Unfollow.get(lang))>
                                        {F::Unfollow.get(lang)}</button>
                                </form>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn Shoppers(title: F, list: Vec<ShopperLine>, unfollow: bool) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="settings-block">
            <h2>{title.get(lang)}</h2>
            {if list.is_empty() {
                view! { <p>{F::None.get(lang)}</p> }.into_any()
            } else {
                view! {
                    <ul class="follow-list">
                        {list.into_iter().map(|s| {
                            let name = shown_name(&s.name, lang);
                            view! {
                                <li data-testid="shopper-line">
                                    <a href=format!("/shopper/{}", s.id)>{name.clone()}</a>
                                    {unfollow.then(|| view! {
                                        <form method="post" action="/api/unfollow_shopper">
                                            <input type="hidden" name="id" value=s.id.to_string()/>
                                            <button type="submit" class="btn" aria-label=format!("{} {name}", F::Unfollow.get(lang))>
                                                {F::Unfollow.get(lang)}</button>
                                        </form>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}
