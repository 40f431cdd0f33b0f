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
