//! `/account/translate` (one text at a time) and `/account/translate/mine`. Plain forms.

use super::*;
use crate::error::Field;
use crate::forms::{FormAlert, Toast};
use crate::i18n::{use_lang, Lang};
use crate::layout::AccountShell;
use crate::paging::{page_href, Pager};
use crate::texts;
use crate::widgets::format_date_time;
use leptos_router::hooks::use_query_map;

texts! {
    pub enum X {
        Title => "Улучшить перевод", "Improve translation";
        Mine => "Мои предложения", "My contributions";
        Card => "Текст для проверки", "Text to check";
        Intro => "Оцените перевод текста товара или предложите свой. Тексты показываются по одному, из разных категорий; просмотренные не повторяются.",
                 "Rate the translation of a product's text or propose your own. Texts come one at a time, from different categories; you never see one twice.";
        Rule => "Правило принятия: предложение принимает модератор — или оно принимается само, когда его оценили не меньше 3 покупателей (с подтверждённой почтой и хотя бы одним полученным заказом, кроме автора), и его средняя оценка хотя бы на 1 балл выше, чем у текущего текста (текст без оценок считается на 3). Автор принятого перевода получает 20 баллов клуба.",
                 "The rule: a moderator accepts a proposal, or it is accepted by itself once at least 3 shoppers (with a confirmed e-mail and at least one received order, not its author) rated it and its average is at least 1 star above the current text's (a text without ratings counts as 3). The author of an accepted translation gets 20 club points.";
        Source => "Оригинал", "Original";
        Current => "Текущий перевод", "Current translation";
        Ratings => "Оценок:", "Ratings:";
        Average => "средняя", "average";
        YourRating => "Ваша оценка:", "Your rating:";
        Rate => "Оценить", "Rate";
        Stars => "Оценка от 1 до 5", "Rating from 1 to 5";
        Proposals => "Предложения других покупателей", "Other shoppers' proposals";
        Own => "Это ваше предложение.", "This is your proposal.";
        Propose => "Предложить свой перевод (до 2 000 символов)", "Propose your translation (up to 2,000 characters)";
        Send => "Предложить", "Propose";
        Skip => "Пропустить", "Skip";
        Done => "Вы посмотрели все тексты. Спасибо!", "You have seen every text. Thank you!";
        Rated => "Спасибо за оценку!", "Thank you for your rating!";
        Accepted => "Спасибо! Ваша оценка помогла принять перевод.", "Thank you! Your rating got the translation accepted.";
        Proposed => "Спасибо! Ваше предложение ждёт оценок и решения.", "Thank you! Your proposal awaits ratings and a decision.";
        Empty => "Вы ещё ничего не предлагали.", "You have not proposed anything yet.";
        Product => "Товар", "Product";
        Part => "Текст", "Text";
        Yours => "Ваш вариант", "Your version";
        Status => "Статус", "Status";
        Date => "Дата", "Date";
        Next => "Следующий текст", "Next text";
    }
}

fn loading() -> impl IntoView {
    view! { <p class="loading" aria-busy="true">"…"</p> }
}

#[component]
fn Tabs() -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="tabs"><a href="/account/translate">{X::Card.get(lang)}</a>" · "
            <a href="/account/translate/mine">{X::Mine.get(lang)}</a></p>
    }
}

#[component]
pub fn TranslatePage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let asked = move || (q.read().get("product"), q.read().get("part"));
    let data = Resource::new(asked, |(product, part)| load_card(product, part));
    let error = Signal::derive(move || q.read().get("error").and_then(|c| AppError::from_code(&c)));
    let rated = move || q.read().get("rated");
    view! {
        <AccountShell>
            <h1>{X::Title.get(lang)}</h1>
            <Tabs/>
            <p>{X::Intro.get(lang)}</p>
            <p class="field-hint" data-testid="rule">{X::Rule.get(lang)}</p>
            <Show when=move || rated().is_some()>
                <Toast text=if rated().as_deref() == Some("accepted") { X::Accepted.get(lang) } else { X::Rated.get(lang) }.to_string()/>
            </Show>
            <FormAlert error/>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    let card = data.await?;
                    Ok::<_, AppError>(match card {
                        Some(c) => view! { <CardView c error/> }.into_any(),
                        None => view! { <div class="empty-state">{X::Done.get(lang)}</div> }.into_any(),
                    })
                })}
            </Transition>
        </AccountShell>
    }
    .into_any()
}

/// A 1–5 rating form for the current text (`target` 0) or a proposal.
fn rate_form(c: &Card, target: i64, mine: Option<i64>, lang: Lang) -> AnyView {
    let name = format!("stars-{target}");
    view! {
        <form class="form form-inline" method="post" action="/api/rate_text" data-testid=format!("rate-{target}")>
            <input type="hidden" name="product" value=c.product.to_string()/>
            <input type="hidden" name="part" value=c.part.code()/>
            <input type="hidden" name="target" value=target.to_string()/>
            <fieldset class="stars-choice">
                <legend>{X::Stars.get(lang)}</legend>
                {(1..=5).map(|n| {
                    let id = format!("{name}-{n}");
                    view! {
                        <input type="radio" id=id.clone() name="stars" value=n.to_string() checked=mine == Some(n)/>
                        <label for=id>{n}</label>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="btn">{X::Rate.get(lang)}</button>
        </form>
    }
    .into_any()
}

#[component]
fn CardView(c: Card, error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    let max = c.part.max_chars();
    let proposal_error = move || {
        error
            .get()
            .filter(|e| e.field() == Some(Field::Proposal))
            .map(|e| e.message(lang))
    };
    let average = format!("{}.{}", c.average_x10 / 10, c.average_x10 % 10);
    view! {
        <article class="card translate-card" data-testid="translate-card">
            <p>{X::Product.get(lang)}": "<a href=format!("/product/{}", c.product)>{c.title.clone()}</a>
                " · "<span data-testid="part">{c.part.label(lang)}</span></p>
            <h2>{X::Source.get(lang)}</h2>
            <p lang=c.part.source().lang().code()>{c.source.clone()}</p>
            <h2>{X::Current.get(lang)}</h2>
            <p lang=c.part.lang().code() data-testid="current">{c.current.clone()}</p>
            <p>{X::Ratings.get(lang)}" "{c.votes}
                {(c.votes > 0).then(|| format!(", {} {average}", X::Average.get(lang)))}</p>
            {rate_form(&c, 0, c.mine, lang)}
            {(!c.candidates.is_empty()).then(|| view! {
                <h2>{X::Proposals.get(lang)}</h2>
                <ul class="candidates">
                    {c.candidates.iter().map(|p| view! {
                        <li data-testid="candidate">
                            <p lang=c.part.lang().code()>{p.text.clone()}</p>
                            {if p.own {
                                view! { <p class="field-hint">{X::Own.get(lang)}</p> }.into_any()
                            } else {
                                rate_form(&c, p.id.get(), p.mine, lang)
                            }}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <form class="form" method="post" action="/api/propose_text">
                <input type="hidden" name="product" value=c.product.to_string()/>
                <input type="hidden" name="part" value=c.part.code()/>
                <div class="field">
                    <label for="proposal">{X::Propose.get(lang)}</label>
                    <textarea id="proposal" name="text" rows="4" required maxlength=max.to_string()
                        lang=c.part.lang().code() aria-describedby="proposal-error"
                        inner_html=crate::web::textarea_text(&c.current)></textarea>
                    <p class="field-error" id="proposal-error" role="alert">{proposal_error}</p>
                </div>
                <button type="submit" class="btn btn-primary">{X::Send.get(lang)}</button>
            </form>
            <form method="post" action="/api/skip_text">
                <input type="hidden" name="product" value=c.product.to_string()/>
                <input type="hidden" name="part" value=c.part.code()/>
                <button type="submit" class="btn">{X::Skip.get(lang)}</button>
            </form>
        </article>
    }
    .into_any()
}

#[component]
pub fn ContributionsPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let data = Resource::new(move || q.read().get("page"), my_contributions);
    view! {
        <AccountShell>
            <h1>{X::Mine.get(lang)}</h1>
            <Tabs/>
            <Show when=move || q.read().get("proposed").is_some()><Toast text=X::Proposed.get(lang).to_string()/></Show>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    let d = data.await?;
                    Ok::<_, AppError>(if d.items.is_empty() {
                        view! { <div class="empty-state">{X::Empty.get(lang)}</div> }.into_any()
                    } else {
                        view! {
                            <ProposalTable items=d.items.clone()/>
                            <Pager page=d.page pages=d.pages href=move |p| page_href("/account/translate/mine", &[], p)/>
                        }.into_any()
                    })
                })}
            </Transition>
        </AccountShell>
    }
    .into_any()
}

/// Proposals in a table: product, part, text, ratings, status (with the reason), date.
#[component]
pub fn ProposalTable(items: Vec<Contribution>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="table-wrap"><table class="table" data-testid="proposals">
            <thead><tr><th scope="col">{X::Product.get(lang)}</th><th scope="col">{X::Part.get(lang)}</th>
                <th scope="col">{X::Yours.get(lang)}</th><th scope="col">{X::Ratings.get(lang)}</th>
                <th scope="col">{X::Status.get(lang)}</th><th scope="col">{X::Date.get(lang)}</th></tr></thead>
            <tbody>
                {items.into_iter().map(|p| view! {
                    <tr data-testid="proposal-row">
                        <td><a href=format!("/product/{}", p.product)>{p.title.clone()}</a></td>
                        <td>{p.part.label(lang)}</td>
                        <td lang=p.part.lang().code()>{p.text.clone()}</td>
                        <td>{p.votes}{(p.votes > 0).then(|| format!(" ({}.{})", p.average_x10 / 10, p.average_x10 % 10))}</td>
                        <td data-testid="proposal-status">{p.status.label(lang)}
                            {(!p.reason.is_empty()).then(|| view! { <br/><small>{p.reason.clone()}</small> })}</td>
                        <td>{format_date_time(p.created_at, lang)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
}
