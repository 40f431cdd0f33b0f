//! `/account/club`: the level with progress to the next, the levels and their privileges, how
//! points are earned, the buyer's record and the points history.

use super::*;
use crate::club::{ClubSummary, Level, PointsRow, LEVELS, PURCHASE_DAY_POINTS, REVIEW_POINTS};
use crate::i18n::{use_lang, Lang};
use crate::layout::AccountShell;
use crate::paging::{page_href, Pager};
use crate::texts;
use crate::widgets::format_date_time;
use leptos_router::hooks::use_query_map;

texts! {
    pub enum C {
        Title => "Клуб покупателей", "Shoppers' club";
        Level => "Уровень", "Level";
        PointsYear => "Баллы за 12 месяцев", "Points in the last 12 months";
        PointsTotal => "Всего баллов", "Points in all";
        ToNext => "До уровня", "To level";
        Missing => "осталось", "still to earn";
        Points => "баллов", "points";
        TopLevel => "Это высший уровень клуба.", "This is the club's top level.";
        Levels => "Уровни и привилегии", "Levels and privileges";
        From => "От баллов", "From points";
        PriceAlerts => "Уведомления о снижении цены", "Price-drop alerts";
        FasterRefunds => "Ускоренный возврат денег", "Faster refunds";
        FasterReview => "Ускоренное рассмотрение споров", "Faster dispute review";
        Yours => "ваш уровень", "your level";
        Applies => "действует", "applies";
        No => "нет", "no";
        Earn => "Как получить баллы", "How to earn points";
        EarnOrder => "1 балл за каждый полный доллар полученного заказа (возврат денег забирает баллы обратно)",
                     "1 point per whole dollar of a received order (a refund takes the points back)";
        EarnReview => "баллов за первый отзыв о товаре из заказа", "points for the first review of each item ordered";
        EarnDay => "баллов за каждый день, в который вы оплатили заказ", "points for each day on which you paid for an order";
        EarnWindow => "Уровень считается по баллам за последние 12 месяцев.", "The level counts the points of the last 12 months.";
        Rating => "Рейтинг покупателя", "Buyer rating";
        Deals => "Полученных заказов", "Orders received";
        Reviews => "Написано отзывов", "Reviews written";
        Disputes => "Открыто споров", "Disputes opened";
        Refunded => "с возвратом денег", "with a refund";
        Rejected => "без возврата", "without a refund";
        Withdrawn => "отозвано", "called off";
        InProgress => "идут", "in progress";
        History => "История баллов", "Points history";
        Date => "Дата", "Date";
        Event => "Событие", "Event";
        Order => "Заказ", "Order";
        Change => "Баллы", "Points";
        Empty => "Баллов пока нет: они начисляются за полученные заказы, отзывы и дни с покупками.",
                 "No points yet: they come with received orders, reviews and days with a purchase.";
    }
}

fn level_name(level: Level, lang: Lang) -> String {
    let t = level.terms();
    format!(
        "{} {} · {}",
        C::Level.get(lang),
        level.get(),
        lang.pick(t.ru, t.en)
    )
}

#[component]
pub fn ClubPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let data = Resource::new(move || q.read().get("page"), load_club);
    view! {
        <AccountShell>
            <h1>{C::Title.get(lang)}</h1>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    let d = data.await?;
                    Ok::<_, AppError>(view! {
                        <LevelCard summary=d.summary.clone()/>
                        <LevelTable current=d.summary.level/>
                        <section class="card">
                            <h2>{C::Earn.get(lang)}</h2>
                            <ul>
                                <li>{C::EarnOrder.get(lang)}</li>
                                <li>{format!("{REVIEW_POINTS} {}", C::EarnReview.get(lang))}</li>
                                <li>{format!("{PURCHASE_DAY_POINTS} {}", C::EarnDay.get(lang))}</li>
                            </ul>
                            <p class="field-hint">{C::EarnWindow.get(lang)}</p>
                        </section>
                        <RatingCard rating=d.rating/>
                        <section>
                            <h2>{C::History.get(lang)}</h2>
                            {if d.history.rows.is_empty() {
                                view! { <div class="empty-state">{C::Empty.get(lang)}</div> }.into_any()
                            } else {
                                view! {
                                    <HistoryTable rows=d.history.rows.clone()/>
                                    <Pager page=d.history.page pages=d.history.pages
                                        href=|p| page_href("/account/club", &[], p)/>
                                }.into_any()
                            }}
                        </section>
                    }.into_any())
                })}
            </Transition>
        </AccountShell>
    }
}

#[component]
fn LevelCard(summary: ClubSummary) -> impl IntoView {
    let lang = use_lang();
    let next = summary.to_next().map(|(level, missing)| {
        view! {
            <label for="club-progress">{format!("{} {}: {} {missing} {}", C::ToNext.get(lang), level.get(),
                C::Missing.get(lang), C::Points.get(lang))}</label>
            <progress id="club-progress" max="100" value=summary.progress_percent().to_string()>
                {format!("{}%", summary.progress_percent())}</progress>
        }
    });
    view! {
        <section class="card club-card">
            <p class="club-level" data-testid="club-level">{level_name(summary.level, lang)}</p>
            <dl>
                <dt>{C::PointsYear.get(lang)}</dt><dd data-testid="club-points">{summary.points_year}</dd>
                <dt>{C::PointsTotal.get(lang)}</dt><dd>{summary.points_total}</dd>
            </dl>
            {match next {
                Some(v) => v.into_any(),
                None => view! { <p>{C::TopLevel.get(lang)}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn LevelTable(current: Level) -> impl IntoView {
    let lang = use_lang();
    let mark = move |has: bool, applies: bool| match (has, applies) {
        (true, true) => format!("✓ {}", C::Applies.get(lang)),
        (true, false) => "✓".to_string(),
        (false, _) => C::No.get(lang).to_string(),
    };
    view! {
        <section>
            <h2>{C::Levels.get(lang)}</h2>
            <div class="table-scroll">
            <table class="orders-table">
                <thead><tr>
                    <th>{C::Level.get(lang)}</th><th>{C::From.get(lang)}</th><th>{C::PriceAlerts.get(lang)}</th>
                    <th>{C::FasterRefunds.get(lang)}</th><th>{C::FasterReview.get(lang)}</th>
                </tr></thead>
                <tbody>{LEVELS.iter().enumerate().map(|(i, t)| {
                    let level = Level::new(i as i64 + 1);
                    let here = level == current;
                    let applies = level <= current;
                    view! {
                        <tr aria-current=here.then_some("true") class:current-level=here>
                            <td>{level_name(level, lang)}{here.then(|| format!(" ({})", C::Yours.get(lang)))}</td>
                            <td>{t.threshold}</td>
                            <td>{mark(t.price_drop_alerts, applies && here)}</td>
                            <td>{mark(t.faster_refunds, applies && here)}</td>
                            <td>{mark(t.faster_review, applies && here)}</td>
                        </tr>
                    }
                }).collect_view()}</tbody>
            </table>
            </div>
        </section>
    }
}

/// The buyer's record; the seller console shows the same facts in one line.
#[component]
pub fn RatingCard(rating: BuyerRating) -> impl IntoView {
    let lang = use_lang();
    let r = rating;
    view! {
        <section class="card">
            <h2>{C::Rating.get(lang)}</h2>
            <dl data-testid="buyer-rating">
                <dt>{C::Deals.get(lang)}</dt><dd>{r.deals}</dd>
                <dt>{C::Reviews.get(lang)}</dt><dd>{r.reviews}</dd>
                <dt>{C::Disputes.get(lang)}</dt>
                <dd>{format!("{} ({} {}, {} {}, {} {}, {} {})", r.disputes,
                    r.refunded, C::Refunded.get(lang), r.rejected, C::Rejected.get(lang),
                    r.withdrawn, C::Withdrawn.get(lang), r.in_progress, C::InProgress.get(lang))}</dd>
            </dl>
        </section>
    }
}

#[component]
fn HistoryTable(rows: Vec<PointsRow>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <table class="orders-table">
            <thead><tr>
                <th>{C::Date.get(lang)}</th><th>{C::Event.get(lang)}</th>
                <th>{C::Order.get(lang)}</th><th>{C::Change.get(lang)}</th>
            </tr></thead>
            <tbody>{rows.into_iter().map(|r| view! {
                <tr data-testid="points-row">
                    <td>{format_date_time(r.at, lang)}</td>
                    <td>{r.kind.label(lang)}</td>
                    <td>{r.order_number.map(|n| view! { <a href=format!("/account/orders/{n}")>{n.to_string()}</a> })}</td>
                    <td class:points-minus=r.points < 0>{format!("{:+}", r.points)}</td>
                </tr>
            }).collect_view()}</tbody>
        </table>
    }
}
