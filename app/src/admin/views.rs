//! `/admin` (the two queues) and `/admin/reports/{id}` (a report, its evidence, the decision).

use super::*;
use crate::forms::{FormAlert, Toast};
use crate::i18n::{use_lang, Lang};
use crate::paging::{page_href, Pager};
use crate::reports::{ReportFacts, ReportStatus, ReportTable};
use crate::texts;
use crate::translate::{Contribution, ProposalStatus};
use crate::widgets::format_date_time;
use leptos_router::hooks::{use_params_map, use_query_map};

texts! {
    pub enum A {
        Title => "Модерация", "Moderation";
        Reports => "Жалобы, ждущие решения", "Reports waiting for a decision";
        Proposals => "Предложения переводов, ждущие решения", "Translation proposals waiting for a decision";
        NoReports => "Жалоб в очереди нет.", "No reports in the queue.";
        NoProposals => "Предложений в очереди нет.", "No proposals in the queue.";
        Take => "Взять на рассмотрение", "Take up";
        Uphold => "Удовлетворить", "Uphold";
        Reject => "Отклонить", "Reject";
        Accept => "Принять", "Accept";
        Reason => "Причина решения", "Reason for the decision";
        Decide => "Решение", "Decision";
        Decided => "Решение сохранено.", "Decision saved.";
        Queue => "К очереди", "Back to the queue";
        Reporter => "Заявитель", "Reporter";
        Was => "Сейчас", "Now";
        Proposed => "Предложено", "Proposed";
        Ratings => "Оценок", "Ratings";
        Upheld => "Удовлетворённая жалоба на товар снимает его с продажи.", "An upheld report on a product withdraws it from sale.";
    }
}

fn loading() -> impl IntoView {
    view! { <p class="loading" aria-busy="true">"…"</p> }
}

/// Anything but "not found" is shown as a message; "not found" is the site's 404 page.
fn refused(e: AppError, lang: Lang) -> AnyView {
    if e == AppError::NotFound {
        view! { <crate::pages::NotFound/> }.into_any()
    } else {
        view! { <div class="empty-state" role="alert">{e.message(lang)}</div> }.into_any()
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let data = Resource::new(
        move || (q.read().get("reports"), q.read().get("proposals")),
        |(r, p)| load_queues(r, p),
    );
    let error = Signal::derive(move || q.read().get("error").and_then(|c| AppError::from_code(&c)));
    view! {
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                let d = match data.await {
                    Ok(d) => d,
                    Err(e) => return refused(e, lang),
                };
                let pp = d.proposals.page;
                let rp = d.reports.page;
                view! {
                    <div class="admin">
                        <h1>{A::Title.get(lang)}</h1>
                        <Show when=move || q.read().get("decided").is_some()><Toast text=A::Decided.get(lang).to_string()/></Show>
                        <FormAlert error/>
                        <section aria-labelledby="queue-reports">
                            <h2 id="queue-reports">{A::Reports.get(lang)}</h2>
                            {if d.reports.items.is_empty() {
                                view! { <p>{A::NoReports.get(lang)}</p> }.into_any()
                            } else {
                                view! { <ReportTable items=d.reports.items.clone() base="/admin/reports"/> }.into_any()
                            }}
                            <Pager page=rp pages=d.reports.pages href=move |p| page_href("/admin",
                                &[("proposals".to_string(), pp.to_string())], p).replace("page=", "reports=")/>
                        </section>
                        <section aria-labelledby="queue-proposals">
                            <h2 id="queue-proposals">{A::Proposals.get(lang)}</h2>
                            {if d.proposals.items.is_empty() {
                                view! { <p>{A::NoProposals.get(lang)}</p> }.into_any()
                            } else {
                                view! { <ul class="proposal-queue">
                                    {d.proposals.items.clone().into_iter().map(|p| view! { <ProposalItem p/> }).collect_view()}
                                </ul> }.into_any()
                            }}
                            <Pager page=pp pages=d.proposals.pages href=move |p| page_href("/admin",
                                &[("reports".to_string(), rp.to_string())], p).replace("page=", "proposals=")/>
                        </section>
                    </div>
                }.into_any()
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn ProposalItem(p: Contribution) -> impl IntoView {
    let lang = use_lang();
    let rid = format!("reason-p{}", p.id);
    view! {
        <li class="card" data-testid="queued-proposal">
            <p><a href=format!("/product/{}", p.product)>{p.title.clone()}</a>" · "{p.part.label(lang)}
                " · "{format_date_time(p.created_at, lang)}" · "{A::Ratings.get(lang)}": "{p.votes}</p>
            <dl class="facts">
                <dt>{A::Was.get(lang)}</dt><dd lang=p.part.lang().code()>{p.replaced.clone()}</dd>
                <dt>{A::Proposed.get(lang)}</dt><dd lang=p.part.lang().code() data-testid="proposed-text">{p.text.clone()}</dd>
            </dl>
            <form class="form" method="post" action="/api/decide_proposal">
                <input type="hidden" name="id" value=p.id.to_string()/>
                <div class="field">
                    <label for=rid.clone()>{A::Reason.get(lang)}</label>
                    <input id=rid name="reason" type="text" required maxlength="2000" autocomplete="off"/>
                </div>
                <button type="submit" class="btn btn-primary" name="decision" value=ProposalStatus::Accepted.code()>{A::Accept.get(lang)}</button>
                " "
                <button type="submit" class="btn" name="decision" value=ProposalStatus::Declined.code()>{A::Reject.get(lang)}</button>
            </form>
        </li>
    }
}

#[component]
pub fn AdminReportPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let q = use_query_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        load_admin_report,
    );
    let error = Signal::derive(move || q.read().get("error").and_then(|c| AppError::from_code(&c)));
    view! {
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                let r = match data.await {
                    Ok(r) => r,
                    Err(e) => return refused(e, lang),
                };
                let id = r.line.id;
                let status = r.line.status;
                let reporter = r.reporter.clone().unwrap_or_default();
                view! {
                    <div class="admin">
                        <p><a href="/admin">{A::Queue.get(lang)}</a></p>
                        <Show when=move || q.read().get("decided").is_some()><Toast text=A::Decided.get(lang).to_string()/></Show>
                        <FormAlert error/>
                        <ReportFacts r base="/account/reports"/>
                        <p>{A::Reporter.get(lang)}": "{reporter}</p>
                        {(status == ReportStatus::Received).then(|| view! {
                            <form method="post" action="/api/take_report">
                                <input type="hidden" name="id" value=id.to_string()/>
                                <button type="submit" class="btn">{A::Take.get(lang)}</button>
                            </form>
                        })}
                        {matches!(status, ReportStatus::Received | ReportStatus::Reviewing).then(|| view! {
                            <h2>{A::Decide.get(lang)}</h2>
                            <p>{A::Upheld.get(lang)}</p>
                            <form class="form" method="post" action="/api/decide_report">
                                <input type="hidden" name="id" value=id.to_string()/>
                                <div class="field">
                                    <label for="reason">{A::Reason.get(lang)}</label>
                                    <textarea id="reason" name="reason" rows="3" required maxlength="2000"></textarea>
                                </div>
                                <button type="submit" class="btn btn-primary" name="decision" value=ReportStatus::Upheld.code()>{A::Uphold.get(lang)}</button>
                                " "
                                <button type="submit" class="btn" name="decision" value=ReportStatus::Dismissed.code()>{A::Reject.get(lang)}</button>
                            </form>
                        })}
                    </div>
                }.into_any()
            })}
        </Transition>
    }
    .into_any()
}
