//! `/account/reports` (the list), `/account/reports/new?product=…|store=…` (the form) and
//! `/account/reports/{id}`. Plain forms throughout: they work before and without the WASM.

use super::*;
use crate::error::Field;
use crate::forms::{FormAlert, Toast};
use crate::i18n::{use_lang, Lang};
use crate::layout::AccountShell;
use crate::paging::{page_href, Pager};
use crate::texts;
use crate::widgets::format_date_time;
use leptos_router::hooks::{use_params_map, use_query_map};

texts! {
    pub enum R {
        Title => "Жалобы", "Reports";
        New => "Пожаловаться", "File a report";
        NewTitle => "Жалоба на нарушение", "Report an infringement";
        Empty => "Вы ещё не подавали жалоб. Пожаловаться можно на странице товара или магазина.",
                 "You have not filed any reports. You can report from a product's or a store's page.";
        Case => "Жалоба №", "Report no.";
        Date => "Дата", "Date";
        Product => "Товар", "Product";
        Store => "Магазин", "Store";
        Kind => "Вид нарушения", "Kind";
        Status => "Статус", "Status";
        Reason => "Причина решения", "Reason for the decision";
        Banned => "Запрещённая категория (для запрещённых товаров)", "Prohibited category (prohibited items)";
        BannedNone => "— не относится —", "— not applicable —";
        Holder => "Правообладатель: имя или название, контакты (для жалоб на права)", "Right holder: name and contact details (IP complaints)";
        Registration => "Номер регистрации права (для товарного знака и патента)", "Registration number of the right (trademarks and patents)";
        Country => "Юрисдикция (страна)", "Jurisdiction (country)";
        Basis => "Правовое основание", "Legal basis";
        BasisText => "Пояснение к основанию", "Details of the legal basis";
        Argument => "Суть нарушения (до 5 000 символов)", "Your argument (up to 5,000 characters)";
        Files => "Доказательства: до 5 файлов — изображения JPEG, PNG, WebP или PDF, каждый до 5 МБ",
                 "Evidence: up to 5 files — JPEG, PNG or WebP pictures or PDFs, each up to 5 MB";
        Send => "Отправить жалобу", "Send the report";
        Filed => "Жалоба отправлена. Мы сообщим о решении в сообщениях и по почте.",
                 "Your report was sent. We will tell you the decision in your messages and by e-mail.";
        Retract => "Отозвать жалобу", "Withdraw the report";
        Retracted => "Жалоба отозвана.", "The report was withdrawn.";
        Argued => "Доводы", "Argument";
        Evidence => "Доказательства", "Evidence";
        File => "Файл", "File";
        History => "История", "History";
        Back => "Все жалобы", "All reports";
        Rules => "Жалоба рассматривается модератором площадки. Если она удовлетворена, товар снимается с продажи. На один товар можно подать одну жалобу каждого вида, пока она рассматривается; не больше 5 жалоб в сутки.",
                 "A platform moderator reviews the report. If it is upheld, the product is withdrawn from sale. One open report of each kind per product; at most 5 reports a day.";
    }
}

fn loading() -> impl IntoView {
    view! { <p class="loading" aria-busy="true">"…"</p> }
}

/// The query's error, if the form came back with one.
fn query_error() -> Signal<Option<AppError>> {
    let q = use_query_map();
    Signal::derive(move || q.read().get("error").and_then(|c| AppError::from_code(&c)))
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let data = Resource::new(move || q.read().get("page"), list_reports);
    view! {
        <AccountShell>
            <h1>{R::Title.get(lang)}</h1>
            <p>{R::Rules.get(lang)}</p>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    let d = data.await?;
                    Ok::<_, AppError>(if d.items.is_empty() {
                        view! { <div class="empty-state">{R::Empty.get(lang)}</div> }.into_any()
                    } else {
                        view! {
                            <ReportTable items=d.items.clone() base="/account/reports"/>
                            <Pager page=d.page pages=d.pages href=move |p| page_href("/account/reports", &[], p)/>
                        }.into_any()
                    })
                })}
            </Transition>
        </AccountShell>
    }
    .into_any()
}

/// A table of reports: case number (linked under `base`), date, product or store, kind, status.
#[component]
pub fn ReportTable(items: Vec<ReportLine>, base: &'static str) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="table-wrap"><table class="table" data-testid="reports">
            <thead><tr><th scope="col">{R::Case.get(lang)}</th><th scope="col">{R::Date.get(lang)}</th>
                <th scope="col">{R::Product.get(lang)}</th><th scope="col">{R::Kind.get(lang)}</th>
                <th scope="col">{R::Status.get(lang)}</th></tr></thead>
            <tbody>
                {items.into_iter().map(|r| view! {
                    <tr data-testid="report-row">
                        <td><a href=format!("{base}/{}", r.id)>{r.id.to_string()}</a></td>
                        <td>{format_date_time(r.created_at, lang)}</td>
                        <td>{target_name(&r, lang)}</td>
                        <td>{r.kind.label(lang)}</td>
                        <td data-testid="report-status">{r.status.label(lang)}
                            {(!r.reason.is_empty()).then(|| view! { <br/><small>{r.reason.clone()}</small> })}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
}

fn target_name(r: &ReportLine, lang: Lang) -> String {
    match &r.product {
        Some((_, title)) => title.clone(),
        None => format!("{} {}", R::Store.get(lang), r.store.1),
    }
}

#[component]
pub fn NewReportPage() -> impl IntoView {
    let lang = use_lang();
    let q = use_query_map();
    let target = move || {
        let q = q.read();
        match (q.get("product"), q.get("store")) {
            (Some(p), _) => format!("product:{p}"),
            (None, Some(s)) => format!("store:{s}"),
            _ => String::new(),
        }
    };
    let draft = Resource::new(target, load_report_draft);
    // The error of the last submission with JavaScript, else the one a plain post came back with.
    let sent_error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let from_query = query_error();
    let error = Signal::derive(move || sent_error.get().or_else(|| from_query.get()));
    view! {
        <AccountShell>
            <h1>{R::NewTitle.get(lang)}</h1>
            <FormAlert error/>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match draft.await {
                        Ok(d) => view! { <ReportForm d error sent_error pending/> }.into_any(),
                        Err(e) => view! { <div class="empty-state" role="alert">{e.message(lang)}</div> }.into_any(),
                    }
                })}
            </Transition>
        </AccountShell>
    }
    .into_any()
}

#[component]
fn ReportForm(
    d: ReportDraft,
    error: Signal<Option<AppError>>,
    sent_error: RwSignal<Option<AppError>>,
    pending: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    // With JavaScript the form is sent in place: a refusal keeps everything typed.
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        crate::images::submit::send(
            ev,
            sent_error,
            pending,
            crate::images::submit::Files::PhotosOrPdf,
            file_report,
            |id, _| crate::forms::navigate_hard(&format!("/account/reports/{id}?filed=1")),
        );
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, sent_error);
    };
    let at = move |f: Field| {
        move || {
            error
                .get()
                .filter(|e| e.field() == Some(f))
                .map(|e| e.message(lang))
        }
    };
    view! {
        <p class="order-head">
            {match d.product.clone() {
                Some((id, title)) => view! { {R::Product.get(lang)}": "<a href=format!("/product/{id}")>{title}</a>" · " }.into_any(),
                None => ().into_any(),
            }}
            {R::Store.get(lang)}": "<a href=format!("/store/{}", d.store.0)>{d.store.1.clone()}</a>
        </p>
        <form class="form" method="post" action="/api/file_report" enctype="multipart/form-data"
            novalidate on:submit=on_submit>
            <input type="hidden" name="target" value=d.target.code()/>
            <div class="field">
                <label for="kind">{R::Kind.get(lang)}</label>
                <select id="kind" name="kind" required>
                    {ReportKind::ALL.iter().map(|k| view! { <option value=k.code()>{k.label(lang)}</option> }).collect_view()}
                </select>
                <p class="field-error" role="alert">{at(Field::Kind)}</p>
            </div>
            <div class="field">
                <label for="banned">{R::Banned.get(lang)}</label>
                <select id="banned" name="banned">
                    <option value="">{R::BannedNone.get(lang)}</option>
                    {Banned::ALL.iter().map(|b| view! { <option value=b.code()>{b.label(lang)}</option> }).collect_view()}
                </select>
                <p class="field-error" role="alert">{at(Field::Banned)}</p>
            </div>
            <div class="field">
                <label for="holder">{R::Holder.get(lang)}</label>
                <input id="holder" name="holder" type="text" maxlength=SHORT_MAX.to_string() autocomplete="off"/>
                <p class="field-error" role="alert">{at(Field::Holder)}</p>
            </div>
            <div class="field">
                <label for="registration">{R::Registration.get(lang)}</label>
                <input id="registration" name="registration" type="text" maxlength=SHORT_MAX.to_string() autocomplete="off"/>
                <p class="field-error" role="alert">{at(Field::Registration)}</p>
            </div>
            <div class="field">
                <label for="country">{R::Country.get(lang)}</label>
                <select id="country" name="country" required>
                    {Country::ALL.iter().map(|c| view! { <option value=c.code()>{c.label(lang)}</option> }).collect_view()}
                </select>
                <p class="field-error" role="alert">{at(Field::Country)}</p>
            </div>
            <div class="field">
                <label for="basis">{R::Basis.get(lang)}</label>
                <select id="basis" name="basis" required>
                    {ReportKind::ALL.iter().map(|k| view! {
                        <optgroup label=k.label(lang)>
                            {Basis::ALL.iter().filter(|b| b.fits(*k) && **b != Basis::OtherBasis)
                                .map(|b| view! { <option value=b.code()>{b.label(lang)}</option> }).collect_view()}
                        </optgroup>
                    }).collect_view()}
                    <option value=Basis::OtherBasis.code()>{Basis::OtherBasis.label(lang)}</option>
                </select>
                <p class="field-error" role="alert">{at(Field::Basis)}</p>
            </div>
            <div class="field">
                <label for="basis_text">{R::BasisText.get(lang)}</label>
                <input id="basis_text" name="basis_text" type="text" maxlength=NOTE_MAX.to_string() autocomplete="off"/>
                <p class="field-error" role="alert">{at(Field::BasisText)}</p>
            </div>
            <div class="field">
                <label for="argument">{R::Argument.get(lang)}</label>
                <textarea id="argument" name="argument" rows="6" required maxlength=ARGUMENT_MAX.to_string()></textarea>
                <p class="field-error" role="alert">{at(Field::Argument)}</p>
            </div>
            <div class="field">
                <label for="photos">{R::Files.get(lang)}</label>
                <input id="photos" name="photos" type="file" multiple
                    accept="image/jpeg,image/png,image/webp,application/pdf"/>
                <p class="field-error" role="alert">{at(Field::Photos)}</p>
            </div>
            <button type="submit" class="btn btn-primary" disabled=move || pending.get()
                aria-busy=move || pending.get().to_string()>{R::Send.get(lang)}</button>
        </form>
    }
    .into_any()
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let q = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, load_report);
    let error = query_error();
    view! {
        <AccountShell>
            <p><a href="/account/reports">{R::Back.get(lang)}</a></p>
            <Show when=move || q.read().get("filed").is_some()><Toast text=R::Filed.get(lang).to_string()/></Show>
            <Show when=move || q.read().get("retracted").is_some()><Toast text=R::Retracted.get(lang).to_string()/></Show>
            <FormAlert error/>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    let r = data.await?;
                    let retractable = r.line.status == ReportStatus::Received;
                    let id = r.line.id;
                    Ok::<_, AppError>(view! {
                        <ReportFacts r base="/account/reports"/>
                        {retractable.then(|| view! {
                            <form method="post" action="/api/retract_report">
                                <input type="hidden" name="id" value=id.to_string()/>
                                <button type="submit" class="btn">{R::Retract.get(lang)}</button>
                            </form>
                        })}
                    }.into_any())
                })}
            </Transition>
        </AccountShell>
    }
    .into_any()
}

/// A report in full: for its reporter and, in the console, for staff (`base` links the files).
#[component]
pub fn ReportFacts(r: ReportDetail, base: &'static str) -> impl IntoView {
    let lang = use_lang();
    let id = r.line.id;
    let row = |label: R, value: String| view! { <dt>{label.get(lang)}</dt><dd>{value}</dd> };
    view! {
        <h1>{format!("{} {id}", R::Case.get(lang))}</h1>
        <dl class="facts" data-testid="report">
            {row(R::Date, format_date_time(r.line.created_at, lang))}
            <dt>{R::Product.get(lang)}</dt>
            <dd>{match r.line.product.clone() {
                Some((pid, title)) => view! { <a href=format!("/product/{pid}")>{title}</a> }.into_any(),
                None => view! { <a href=format!("/store/{}", r.line.store.0)>{format!("{} {}", R::Store.get(lang), r.line.store.1)}</a> }.into_any(),
            }}</dd>
            {row(R::Kind, r.line.kind.label(lang).to_string())}
            {r.banned.map(|b| row(R::Banned, b.label(lang).to_string()))}
            {(!r.holder.is_empty()).then(|| row(R::Holder, r.holder.clone()))}
            {(!r.registration.is_empty()).then(|| row(R::Registration, r.registration.clone()))}
            {row(R::Country, r.country.label(lang).to_string())}
            {row(R::Basis, r.basis.label(lang).to_string())}
            {(!r.basis_text.is_empty()).then(|| row(R::BasisText, r.basis_text.clone()))}
            <dt>{R::Status.get(lang)}</dt>
            <dd data-testid="report-status">{r.line.status.label(lang)}</dd>
            {(!r.line.reason.is_empty()).then(|| view! { <dt>{R::Reason.get(lang)}</dt><dd data-testid="report-reason">{r.line.reason.clone()}</dd> })}
        </dl>
        <h2>{R::Argued.get(lang)}</h2>
        <p class="description">{r.argument.clone()}</p>
        {(!r.files.is_empty()).then(|| view! {
            <h2>{R::Evidence.get(lang)}</h2>
            <ul class="evidence" data-testid="evidence">
                {r.files.iter().map(|f| {
                    let href = format!("{base}/{id}/files/{}", f.n);
                    let name = format!("{} {}{}", R::File.get(lang), f.n, if f.pdf { " (PDF)" } else { "" });
                    if f.pdf {
                        view! { <li><a href=href download>{name}</a></li> }.into_any()
                    } else {
                        let src = href.clone();
                        view! { <li><a href=href download><img src=src alt=name width="160" height="120" class="evidence-photo"/></a></li> }.into_any()
                    }
                }).collect_view()}
            </ul>
        })}
        <h2>{R::History.get(lang)}</h2>
        <ul class="history">
            {r.log.iter().map(|l| view! {
                <li>{format_date_time(l.at, lang)}" — "{l.status.label(lang)}
                    {l.by.clone().map(|b| format!(" ({b})"))}
                    {(!l.reason.is_empty()).then(|| format!(": {}", l.reason))}</li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
