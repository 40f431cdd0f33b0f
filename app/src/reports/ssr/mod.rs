//! Reports in SQL: the form's target, the lists, one report, its files. The state changes are in
//! `write.rs`, the only place that writes `reports.status`.

mod write;
pub use write::*;

use super::*;
use crate::auth::staff::is_staff;
use crate::ids::{ProductId, StoreId, UserId};
use crate::paging::{offset, page_count, size};
use sqlx::SqlitePool;

pub const JPEG: &str = "image/jpeg";
pub const PDF: &str = "application/pdf";

/// The target's names; a missing product or store is "not found", a withdrawn product refused.
pub async fn draft(pool: &SqlitePool, target: Target) -> Result<ReportDraft, AppError> {
    match target {
        Target::Product(id) => {
            let row: Option<(String, String, bool, StoreId, String)> = sqlx::query_as(
                "SELECT p.title_ru, p.title_en, p.active = 1, s.id, s.name
                 FROM products p JOIN stores s ON s.id = p.store_id WHERE p.id = ?",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?;
            let (ru, en, active, store, store_name) = row.ok_or(AppError::NotFound)?;
            if !active {
                return Err(AppError::ReportWithdrawnProduct);
            }
            let title = crate::context::ctx()
                .map(|cx| cx.lang.pick(&ru, &en).to_string())
                .unwrap_or(ru);
            Ok(ReportDraft {
                target,
                product: Some((id, title)),
                store: (store, store_name),
            })
        }
        Target::Store(id) => {
            let name: Option<String> = sqlx::query_scalar("SELECT name FROM stores WHERE id = ?")
                .bind(id)
                .fetch_optional(pool)
                .await?;
            Ok(ReportDraft {
                target,
                product: None,
                store: (id, name.ok_or(AppError::NotFound)?),
            })
        }
    }
}

/// Refuses a shopper over the daily limit.
pub async fn check_limit(pool: &SqlitePool, user: UserId) -> Result<(), AppError> {
    let since = crate::platform::now() - 86_400;
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE user_id = ? AND created_at > ?")
            .bind(user)
            .bind(since)
            .fetch_one(pool)
            .await?;
    if n >= DAILY_LIMIT {
        return Err(AppError::ReportDailyLimit(DAILY_LIMIT));
    }
    Ok(())
}

/// An evidence file ready to store: its type and bytes.
pub struct Evidence {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Sorts the files sent: a checked PDF is kept as it is; anything else must be a picture, and
/// is decoded and re-encoded through the photo pipeline.
pub async fn evidence(files: Vec<Vec<u8>>) -> Result<Vec<Evidence>, AppError> {
    let mut out: Vec<Option<Evidence>> = Vec::new();
    let mut pictures = Vec::new();
    for f in files {
        if f.starts_with(b"%PDF-") {
            if !is_pdf(&f) {
                return Err(AppError::EvidenceNotPdf);
            }
            out.push(Some(Evidence {
                content_type: PDF,
                bytes: f,
            }));
        } else {
            pictures.push(f);
            out.push(None);
        }
    }
    let clean = crate::images::clean_all(pictures)
        .await
        .map_err(|e| match e {
            AppError::PhotoNotImage => AppError::EvidenceNotPdf,
            e => e,
        })?;
    let mut clean = clean.into_iter();
    Ok(out
        .into_iter()
        .filter_map(|slot| match slot {
            Some(e) => Some(e),
            None => clean.next().map(|p| Evidence {
                content_type: JPEG,
                bytes: p.jpeg,
            }),
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct LineRow {
    id: ReportId,
    created_at: i64,
    product_id: Option<ProductId>,
    title_ru: Option<String>,
    title_en: Option<String>,
    store_id: StoreId,
    store_name: String,
    kind: ReportKind,
    status: ReportStatus,
    reason: String,
}

impl LineRow {
    fn line(self, lang: crate::i18n::Lang) -> ReportLine {
        let title = match (self.title_ru, self.title_en) {
            (Some(ru), Some(en)) => lang.pick(&ru, &en).to_string(),
            _ => String::new(),
        };
        ReportLine {
            id: self.id,
            created_at: self.created_at,
            product: self.product_id.map(|id| (id, title)),
            store: (self.store_id, self.store_name),
            kind: self.kind,
            status: self.status,
            reason: self.reason,
        }
    }
}

const LINE: &str = "SELECT r.id, r.created_at, r.product_id, p.title_ru, p.title_en,
        r.store_id, s.name AS store_name, r.kind, r.status, r.reason
    FROM reports r JOIN stores s ON s.id = r.store_id LEFT JOIN products p ON p.id = r.product_id";

fn lang() -> crate::i18n::Lang {
    crate::context::ctx().map(|cx| cx.lang).unwrap_or_default()
}

/// The shopper's reports, newest first (index `reports_by_user`).
pub async fn list(pool: &SqlitePool, user: UserId, page: u32) -> Result<ReportList, AppError> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE user_id = ?")
        .bind(user)
        .fetch_one(pool)
        .await?;
    let rows: Vec<LineRow> = sqlx::query_as(&format!(
        "{LINE} WHERE r.user_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?"
    ))
    .bind(user)
    .bind(size::REPORTS as i64)
    .bind(offset(page, size::REPORTS))
    .fetch_all(pool)
    .await?;
    let lang = lang();
    Ok(ReportList {
        items: rows.into_iter().map(|r| r.line(lang)).collect(),
        page,
        pages: page_count(total, size::REPORTS),
    })
}

/// The moderators' queue: reports waiting for a decision, oldest first (index `reports_queue`).
pub async fn queue(pool: &SqlitePool, page: u32) -> Result<ReportList, AppError> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE waiting = 1")
        .fetch_one(pool)
        .await?;
    let rows: Vec<LineRow> = sqlx::query_as(&format!(
        "{LINE} WHERE r.waiting = 1 ORDER BY r.created_at, r.id LIMIT ? OFFSET ?"
    ))
    .bind(size::REPORTS as i64)
    .bind(offset(page, size::REPORTS))
    .fetch_all(pool)
    .await?;
    let lang = lang();
    Ok(ReportList {
        items: rows.into_iter().map(|r| r.line(lang)).collect(),
        page,
        pages: page_count(total, size::REPORTS),
    })
}

/// One report: the reporter's own (`Some(user)`), or any for staff (`None`).
pub async fn detail(
    pool: &SqlitePool,
    owner: Option<UserId>,
    id: ReportId,
) -> Result<ReportDetail, AppError> {
    #[derive(sqlx::FromRow)]
    struct More {
        user_id: UserId,
        reporter: String,
        banned: String,
        holder: String,
        registration: String,
        country: Country,
        basis: Basis,
        basis_text: String,
        argument: String,
    }
    let more: Option<More> = sqlx::query_as(
        "SELECT r.user_id, u.name AS reporter, r.banned, r.holder, r.registration, r.country,
                r.basis, r.basis_text, r.argument
         FROM reports r JOIN users u ON u.id = r.user_id WHERE r.id = ?",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let more = more.ok_or(AppError::NotFound)?;
    if owner.is_some_and(|o| o != more.user_id) {
        return Err(AppError::NotFound);
    }
    let line: LineRow = sqlx::query_as(&format!("{LINE} WHERE r.id = ?"))
        .bind(id)
        .fetch_one(pool)
        .await?;
    let files: Vec<(i64, String)> = sqlx::query_as(
        "SELECT position, content_type FROM report_files WHERE report_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let log: Vec<(ReportStatus, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT l.status, l.reason, l.at, u.name FROM moderation_log l
         LEFT JOIN users u ON u.id = l.staff_id WHERE l.report_id = ? ORDER BY l.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let staff = owner.is_none();
    Ok(ReportDetail {
        line: line.line(lang()),
        banned: Banned::parse(&more.banned),
        holder: more.holder,
        registration: more.registration,
        country: more.country,
        basis: more.basis,
        basis_text: more.basis_text,
        argument: more.argument,
        files: files
            .into_iter()
            .map(|(n, t)| FileLine { n, pdf: t == PDF })
            .collect(),
        log: log
            .into_iter()
            .map(|(status, reason, at, by)| LogLine {
                status,
                reason,
                at,
                by: by.filter(|_| staff),
            })
            .collect(),
        reporter: staff.then_some(more.reporter),
    })
}

/// An evidence file for the reporter or staff; anyone else: "not found".
pub async fn file_bytes(
    pool: &SqlitePool,
    viewer: UserId,
    id: ReportId,
    n: i64,
) -> Result<(&'static str, Vec<u8>), AppError> {
    let row: Option<(UserId, String, Vec<u8>)> = sqlx::query_as(
        "SELECT r.user_id, f.content_type, f.bytes FROM report_files f
         JOIN reports r ON r.id = f.report_id WHERE f.report_id = ? AND f.position = ?",
    )
    .bind(id)
    .bind(n)
    .fetch_optional(pool)
    .await?;
    let (owner, content_type, bytes) = row.ok_or(AppError::NotFound)?;
    if owner != viewer && !is_staff(pool, viewer).await? {
        return Err(AppError::NotFound);
    }
    let content_type = if content_type == PDF { PDF } else { JPEG };
    Ok((content_type, bytes))
}
