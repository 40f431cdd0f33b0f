//! Backups of the SQLite database, safe while the server runs.
//!
//! `backup` opens its own read-only connection and runs `VACUUM INTO`: SQLite copies one read
//! transaction's snapshot (WAL mode lets writers go on meanwhile), so the copy is consistent —
//! every transaction is in it whole or not at all. The copy is written beside its destination
//! and renamed into place only after `PRAGMA integrity_check` passes on it.
//!
//! `restore` (server stopped) checks the backup the same way, keeps the current database as
//! `<db>.before-restore-<unix time>`, removes its `-wal`/`-shm` files and puts a copy of the
//! backup in its place.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// Why a backup or restore did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists: choose a new file for the backup")]
    Exists(PathBuf),
    #[error("{0} does not exist")]
    Missing(PathBuf),
    #[error("{path} failed its integrity check: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
}

/// What was copied: rows per table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub path: PathBuf,
    pub tables: Vec<(String, i64)>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}: integrity ok", self.path.display())?;
        for (table, rows) in &self.tables {
            writeln!(f, "  {table}: {rows} rows")?;
        }
        Ok(())
    }
}

/// The database file named by a `DATABASE_URL`.
pub fn database_path(database_url: &str) -> Result<PathBuf, BackupError> {
    Ok(SqliteConnectOptions::from_str(database_url)?
        .get_filename()
        .to_path_buf())
}

async fn open(path: &Path, read_only: bool) -> Result<SqliteConnection, BackupError> {
    let mut options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(read_only)
        .busy_timeout(Duration::from_secs(30));
    if !read_only {
        options = options.journal_mode(SqliteJournalMode::Delete);
    }
    Ok(options.connect().await?)
}

/// `PRAGMA integrity_check` and the row count of every table of the file at `path`.
pub async fn check(path: &Path) -> Result<Report, BackupError> {
    if !path.exists() {
        return Err(BackupError::Missing(path.into()));
    }
    let mut conn = open(path, true).await?;
    let verdict: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await?;
    if verdict != ["ok"] {
        return Err(BackupError::Corrupt {
            path: path.into(),
            detail: verdict.join("; "),
        });
    }
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'
           AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts_%' ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await?;
    let mut tables = Vec::with_capacity(names.len());
    for name in names {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{name}\""))
            .fetch_one(&mut conn)
            .await?;
        tables.push((name, n));
    }
    conn.close().await?;
    Ok(Report {
        path: path.into(),
        tables,
    })
}

/// A consistent copy of the live database at `dest` (which must not exist yet).
pub async fn backup(database_url: &str, dest: &Path) -> Result<Report, BackupError> {
    if dest.exists() {
        return Err(BackupError::Exists(dest.into()));
    }
    let source = database_path(database_url)?;
    if !source.exists() {
        return Err(BackupError::Missing(source));
    }
    let tmp = sibling(dest, ".partial");
    let _ = std::fs::remove_file(&tmp);
    let mut conn = open(&source, true).await?;
    sqlx::query("VACUUM INTO ?")
        .bind(tmp.to_string_lossy().into_owned())
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    let report = match check(&tmp).await {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, dest)?;
    Ok(Report {
        path: dest.into(),
        ..report
    })
}

/// Puts the backup at `src` in place of the database (the server must be stopped).
pub async fn restore(database_url: &str, src: &Path) -> Result<Report, BackupError> {
    let report = check(src).await?;
    let target = database_path(database_url)?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = sibling(&target, ".restoring");
    std::fs::copy(src, &tmp)?;
    std::fs::File::open(&tmp)?.sync_all()?;
    if target.exists() {
        // Folds the WAL of the current database into it before it is set aside.
        if let Ok(mut conn) = open(&target, false).await {
            let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&mut conn)
                .await;
            let _ = conn.close().await;
        }
        let kept = sibling(
            &target,
            &format!(".before-restore-{}", app::platform::now()),
        );
        std::fs::rename(&target, &kept)?;
        tracing::info!(kept = %kept.display(), "previous database kept");
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(sibling(&target, suffix));
    }
    std::fs::rename(&tmp, &target)?;
    Ok(Report {
        path: target,
        ..report
    })
}

/// `path` with `suffix` appended to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}
