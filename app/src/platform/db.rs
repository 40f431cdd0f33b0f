//! The SQLite pool (WAL, foreign keys, a busy timeout, migrations embedded in the binary) and
//! the one shape of a state change that the owners of state columns use.

use sqlx::error::BoxDynError;
use sqlx::sqlite::{
    SqliteArguments, SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::{Arguments, Sqlite, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Opens (creating if needed) the database and brings its schema up to date.
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    if let Some(dir) = std::path::Path::new(options.get_filename()).parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
        }
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// Extra `column = ?` pairs of a state change, bound in order.
pub type Binds<'a> =
    Box<dyn FnOnce(&mut SqliteArguments<'static>) -> Result<(), BoxDynError> + Send + 'a>;

/// No extra columns.
pub fn no_binds<'a>() -> Binds<'a> {
    Box::new(|_| Ok(()))
}

/// The one shape of a state change, for the modules that own a state column: moves row `id` of
/// `table` to `to` only while its `status` is one of `from` (checked in the `WHERE`), also setting
/// `set` (`", col = ?, …"`, bound by `binds`). Returns whether the row moved.
pub async fn move_state<S>(
    conn: &mut SqliteConnection,
    table: &'static str,
    id: i64,
    from: &[S],
    to: S,
    set: &str,
    binds: Binds<'_>,
) -> Result<bool, sqlx::Error>
where
    S: Copy + Send + sqlx::Type<Sqlite> + for<'q> sqlx::Encode<'q, Sqlite> + 'static,
{
    let marks = vec!["?"; from.len()].join(", ");
    let sql = format!("UPDATE {table} SET status = ?{set} WHERE id = ? AND status IN ({marks})");
    let mut args = SqliteArguments::default();
    let bound = (|| {
        args.add(to)?;
        binds(&mut args)?;
        args.add(id)?;
        for s in from {
            args.add(*s)?;
        }
        Ok::<_, BoxDynError>(())
    })();
    bound.map_err(sqlx::Error::Encode)?;
    let done = sqlx::query_with::<Sqlite, _>(&sql, args)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// SQLite's "interrupted" (`SQLITE_INTERRUPT`): a [`Deadlined`] connection's statement ran past
/// its deadline, or the request that ran it went away.
pub fn is_interrupt(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.code().as_deref() == Some("9"))
}

/// A pool connection whose statements stop at a deadline: SQLite's progress handler (called
/// every [`PROGRESS_OPS`] virtual-machine steps) interrupts any statement still running after
/// it, which then fails with `SQLITE_INTERRUPT` ([`AppError::TooSlow`](crate::error::AppError)).
///
/// Dropped before [`Deadlined::finish`] — the request's future was dropped, as when the
/// stalled-render retry (`server/src/guard.rs`) gives up on a render — the statement still
/// running on the connection's worker thread is interrupted at once, and the connection is
/// closed instead of going back to the pool with the handler installed.
pub struct Deadlined {
    conn: Option<sqlx::pool::PoolConnection<Sqlite>>,
    cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

/// Virtual-machine steps between two looks at the clock (a few microseconds of work).
pub const PROGRESS_OPS: i32 = 1000;

impl Deadlined {
    pub async fn acquire(pool: &SqlitePool, within: Duration) -> Result<Deadlined, sqlx::Error> {
        use std::sync::atomic::{AtomicBool, Ordering};
        let mut conn = pool.acquire().await?;
        let cancel = std::sync::Arc::new(AtomicBool::new(false));
        let until = std::time::Instant::now() + within;
        let stop = cancel.clone();
        conn.lock_handle()
            .await?
            .set_progress_handler(PROGRESS_OPS, move || {
                !stop.load(Ordering::Relaxed) && std::time::Instant::now() < until
            });
        Ok(Deadlined {
            conn: Some(conn),
            cancel,
        })
    }

    /// Removes the deadline and gives the connection back to the pool.
    pub async fn finish(mut self) {
        if let Some(mut conn) = self.conn.take() {
            let removed = match conn.lock_handle().await {
                Ok(mut handle) => {
                    handle.remove_progress_handler();
                    true
                }
                Err(_) => false,
            };
            if !removed {
                conn.close_on_drop();
            }
        }
    }
}

impl std::ops::Deref for Deadlined {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        self.conn.as_ref().expect("connection until finished")
    }
}

impl std::ops::DerefMut for Deadlined {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        self.conn.as_mut().expect("connection until finished")
    }
}

impl Drop for Deadlined {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.as_mut() {
            self.cancel
                .store(true, std::sync::atomic::Ordering::Relaxed);
            conn.close_on_drop();
        }
    }
}

#[cfg(test)]
mod deadline_tests {
    use super::*;

    /// Counts to a billion: tens of seconds of SQLite work.
    const ENDLESS: &str = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
                           WHERE i < 1000000000) SELECT COUNT(*) FROM n";

    async fn one_connection_pool() -> SqlitePool {
        SqlitePoolOptions::new()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_statement_past_its_deadline_is_interrupted() {
        let pool = one_connection_pool().await;
        let mut conn = Deadlined::acquire(&pool, Duration::from_millis(100))
            .await
            .unwrap();
        let started = std::time::Instant::now();
        let err = sqlx::query_scalar::<_, i64>(ENDLESS)
            .fetch_one(&mut *conn)
            .await
            .unwrap_err();
        assert!(is_interrupt(&err), "{err}");
        assert!(started.elapsed() < Duration::from_secs(2));
        conn.finish().await;
        // Back in the pool without the deadline.
        let n: i64 = sqlx::query_scalar("SELECT 41 + 1")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(n, 42);
    }

    #[tokio::test]
    async fn a_dropped_request_leaves_no_statement_running() {
        let pool = one_connection_pool().await;
        let mut conn = Deadlined::acquire(&pool, Duration::from_secs(60))
            .await
            .unwrap();
        // The request gives up after 100 ms (as the stalled-render retry does) …
        let running = async move {
            let _ = sqlx::query_scalar::<_, i64>(ENDLESS)
                .fetch_one(&mut *conn)
                .await;
        };
        let _ = tokio::time::timeout(Duration::from_millis(100), running).await;
        // … and the only connection is free again at once, not after the count ends.
        let next = tokio::time::timeout(Duration::from_secs(3), pool.acquire()).await;
        assert!(next.is_ok(), "the abandoned statement is still running");
    }
}
