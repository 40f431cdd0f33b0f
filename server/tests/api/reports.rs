//! Reports: filing with evidence, the list, access to a report and its files, the refusals
//! (missing or withdrawn product, a second open report, the daily limit, a fake PDF, a long
//! argument, HTML, a basis of another kind), withdrawal, and the form without JavaScript.

use crate::helpers::*;
use crate::images::photo;
use crate::report_setup::*;
use app::error::{AppError, Field};
use image::ImageFormat;
use reqwest::header::{ACCEPT, CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use reqwest::StatusCode;

#[tokio::test]
async fn a_report_with_evidence_is_listed_and_its_files_go_to_the_reporter_and_staff_only() {
    let m = market().await;
    let app = &m.app;
    let (c, _) = app.shopper("reporter@example.ru").await;
    let target = format!("product:{}", m.product);
    let files = vec![("photo.png", photo(ImageFormat::Png)), ("claim.pdf", pdf())];
    let id = file(app, &c, report_form(&target, files)).await.unwrap();

    let list = app.call(&c, "list_reports", &[]).await.unwrap();
    assert_eq!(list["items"][0]["id"], id);
    assert_eq!(list["items"][0]["status"], "Received");
    assert_eq!(list["items"][0]["kind"], "Copyright");
    let (status, html) = app.page(&c, "/account/reports").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Куртка зимняя"), "the product is named");

    let detail = app
        .call(&c, "report", &[("id", &id.to_string())])
        .await
        .unwrap();
    assert_eq!(detail["files"].as_array().unwrap().len(), 2);
    assert_eq!(detail["files"][1]["pdf"], true);

    // The picture was re-encoded; the PDF is a download of its own type.
    let get = |c: reqwest::Client, n: u32| {
        let url = app.url(&format!("/account/reports/{id}/files/{n}"));
        async move { c.get(url).send().await.unwrap() }
    };
    let res = get(c.clone(), 1).await;
    assert_eq!(res.headers()[CONTENT_TYPE], "image/jpeg");
    let res = get(c.clone(), 2).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[CONTENT_TYPE], "application/pdf");
    assert!(res.headers()[CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf());

    // Another shopper sees neither the report nor its files; a moderator sees the files.
    let (other, _) = app.shopper("other@example.ru").await;
    assert_eq!(
        app.call(&other, "report", &[("id", &id.to_string())]).await,
        Err(AppError::NotFound)
    );
    assert_eq!(get(other.clone(), 2).await.status(), StatusCode::NOT_FOUND);
    let (status, _) = app.page(&other, &format!("/account/reports/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (staff, _) = moderator(app, "mod@example.ru").await;
    assert_eq!(get(staff, 2).await.status(), StatusCode::OK);
    assert_eq!(
        get(client(app), 2).await.status(),
        StatusCode::SEE_OTHER,
        "guests are sent to sign in"
    );
}

#[tokio::test]
async fn bad_reports_are_refused_with_their_reason_and_nothing_is_saved() {
    let m = market().await;
    let app = &m.app;
    let (c, _) = app.shopper("reporter@example.ru").await;
    let target = format!("product:{}", m.product);
    let t = target.as_str();
    let cases: Vec<(&str, reqwest::multipart::Form, AppError)> = vec![
        (
            "missing product",
            report_form("product:999999", vec![]),
            AppError::NotFound,
        ),
        (
            "fake PDF",
            report_form(t, vec![("x.pdf", b"%PDF-1.4 but cut off".to_vec())]),
            AppError::EvidenceNotPdf,
        ),
        (
            "neither picture nor PDF",
            report_form(t, vec![("x.pdf", b"<html>%%EOF".to_vec())]),
            AppError::EvidenceNotPdf,
        ),
        (
            "5,001-character argument",
            report_with(t, "argument", &"я".repeat(5001)),
            AppError::TooLong(Field::Argument, 5000),
        ),
        (
            "HTML in the argument",
            report_with(t, "argument", "<script>alert(1)</script>"),
            AppError::HtmlNotAllowed(Field::Argument),
        ),
        (
            "HTML in the holder",
            report_with(t, "holder", "<img src=x onerror=alert(1)>"),
            AppError::HtmlNotAllowed(Field::Holder),
        ),
        (
            "no right holder on an IP complaint",
            report_with(t, "holder", " "),
            AppError::Required(Field::Holder),
        ),
        (
            "a basis of another kind",
            report_with(t, "basis", "lanham"),
            AppError::InvalidChoice(Field::Basis),
        ),
        (
            "an unknown kind",
            report_with(t, "kind", "gossip"),
            AppError::Required(Field::Kind),
        ),
        (
            "a prohibited item without its category",
            report_with(t, "kind", "prohibited"),
            AppError::Required(Field::Banned),
        ),
    ];
    for (name, form, want) in cases {
        assert_eq!(file(app, &c, form).await, Err(want), "{name}");
    }
    let saved = app.count("SELECT COUNT(*) FROM reports").await;
    assert_eq!(saved, 0, "nothing saved");

    // A trademark needs its registration number.
    let f = report_with(t, "kind", "trademark");
    assert_eq!(
        file(app, &c, f).await,
        Err(AppError::Required(Field::Registration))
    );

    // One open report per product and kind; another kind is a new report.
    file(app, &c, report_form(t, vec![])).await.unwrap();
    assert_eq!(
        file(app, &c, report_form(t, vec![])).await,
        Err(AppError::ReportOpen)
    );
    let prohibited = report_with(t, "kind", "prohibited")
        .text("banned", "weapons")
        .text("basis", "platform_rules");
    file(app, &c, prohibited).await.unwrap();

    // A withdrawn product cannot be reported.
    sqlx::query("UPDATE products SET active = 0 WHERE id = ?")
        .bind(m.other)
        .execute(&app.pool)
        .await
        .unwrap();
    let withdrawn = format!("product:{}", m.other);
    assert_eq!(
        file(app, &c, report_form(&withdrawn, vec![])).await,
        Err(AppError::ReportWithdrawnProduct)
    );
    let (_, page) = app
        .page(&c, &format!("/account/reports/new?product={}", m.other))
        .await;
    assert!(page.contains("снят с продажи"), "the form page says why");

    // The daily limit: 5 in 24 hours (stores count too).
    for i in 0..3 {
        let s = app.store(&format!("Магазин {i}"), None).await;
        file(app, &c, report_form(&format!("store:{s}"), vec![]))
            .await
            .unwrap();
    }
    let s = app.store("Ещё один", None).await;
    assert_eq!(
        file(app, &c, report_form(&format!("store:{s}"), vec![])).await,
        Err(AppError::ReportDailyLimit(5))
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM reports").await, 5);
}

#[tokio::test]
async fn a_report_can_be_withdrawn_only_while_received() {
    let m = market().await;
    let app = &m.app;
    let (c, _) = app.shopper("reporter@example.ru").await;
    let t = format!("product:{}", m.product);
    let id = file(app, &c, report_form(&t, vec![])).await.unwrap();
    let (other, _) = app.shopper("other@example.ru").await;
    let sid = id.to_string();
    assert_eq!(
        app.call(&other, "retract_report", &[("id", &sid)]).await,
        Err(AppError::NotFound),
        "another's report"
    );
    app.call(&c, "retract_report", &[("id", &sid)])
        .await
        .unwrap();
    let d = app.call(&c, "report", &[("id", &sid)]).await.unwrap();
    assert_eq!(d["line"]["status"], "Retracted");
    // Withdrawn, the same kind may be filed again; once taken up it cannot be withdrawn.
    let id = file(app, &c, report_form(&t, vec![])).await.unwrap();
    let (staff, _) = moderator(app, "mod@example.ru").await;
    app.call(&staff, "take_report", &[("id", &id.to_string())])
        .await
        .unwrap();
    assert_eq!(
        app.call(&c, "retract_report", &[("id", &id.to_string())])
            .await,
        Err(AppError::ReportNotRetractable)
    );
}

#[tokio::test]
async fn the_form_without_javascript_comes_back_with_the_error_or_goes_to_the_report() {
    let m = market().await;
    let app = &m.app;
    let (c, _) = app.shopper("reporter@example.ru").await;
    let t = format!("product:{}", m.product);
    let (status, html) = app
        .page(&c, &format!("/account/reports/new?product={}", m.product))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"enctype="multipart/form-data""#));
    assert!(html.contains("Куртка зимняя"));
    let post = |f| {
        c.post(app.url("/api/file_report"))
            .header(ACCEPT, "text/html")
            .multipart(f)
            .send()
    };
    let res = post(report_with(&t, "argument", "")).await.unwrap();
    let to = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(
        to,
        format!(
            "/account/reports/new?product={}&error=required.argument",
            m.product
        )
    );
    let res = post(report_form(&t, vec![])).await.unwrap();
    let to = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(
        to.starts_with("/account/reports/") && to.ends_with("?filed=1"),
        "{to}"
    );
    let (status, html) = app.page(&c, to.trim_end_matches("?filed=1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Получена"));
}
