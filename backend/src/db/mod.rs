//! The data layer: every SQL statement of the server lives under this module, nowhere else.
//!
//! One code path serves SQLite (the embedded default) and PostgreSQL (production), through sqlx's `Any` driver.
//! Queries are written once, with `$1`-style placeholders that both databases accept; where the databases
//! differ (full-text search), the difference is an explicit `match` on [`Backend`].
//!
//! Items are stored as their validated JSON document plus derived columns for filtering (see the first
//! migration). Readers only ever see `published` rows; that condition is written once, in `content.rs`.

mod bulk;
mod content;
mod cursor;
mod export;
mod fts;
mod items;
pub mod people;
mod sitemap;
mod snapshot;
mod stories;
pub mod transfer;

use std::fmt::Write as _;
use std::str::FromStr;
use std::sync::Once;
use std::time::Duration;

use sqlx::any::{AnyArguments, AnyPoolOptions, AnyRow};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{Any, AnyPool, Arguments, ConnectOptions, Encode, Type};

pub use bulk::{BulkItem, ContentCounts, SYNTHETIC_ORIGIN};
pub use content::Audience;
pub use cursor::Cursor;
pub use export::{ExportKey, ExportOrder, PublishedRow};
pub use items::{AuditRow, ItemDoc, Pending, RevisionRow, StoredItem, Tx, WriteMeta, WriteOutcome};
pub use sitemap::PublishedItem;
pub use snapshot::SnapshotStep;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(
        "the database schema is newer than this program (it has migration {0}, unknown here): upgrade aqiqat before running it against this database"
    )]
    SchemaTooNew(i64),
    #[error("unsupported database URL {0:?}: use sqlite://FILE or postgres://USER@HOST/DB")]
    UnsupportedUrl(String),
    #[error("stored item {id} is not valid any more: {reason}")]
    Corrupt { id: String, reason: String },
    #[error("the cursor does not belong to this query")]
    CursorMismatch,
}

pub type Result<T, E = DbError> = std::result::Result<T, E>;

impl From<crate::domain::CorruptDoc> for DbError {
    fn from(e: crate::domain::CorruptDoc) -> DbError {
        DbError::Corrupt {
            id: e.id,
            reason: e.reason,
        }
    }
}

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(DbError::UnsupportedUrl(url.chars().take(40).collect()))
        }
    }

    pub(crate) fn migrator(self) -> &'static sqlx::migrate::Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

pub(crate) fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

impl Db {
    /// Opens the database at `url` (creating a SQLite file if needed) without touching its schema.
    pub async fn open(url: &str) -> Result<Db> {
        static DRIVERS: Once = Once::new();
        DRIVERS.call_once(sqlx::any::install_default_drivers);
        let backend = Backend::of_url(url)?;
        if backend == Backend::Sqlite {
            // Create the file and switch it to WAL once (the mode is stored in the file), with the typed options
            // that the `Any` URL cannot express.
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal);
            let mut conn = opts.connect().await?;
            sqlx::Connection::close(conn).await?;
            conn = SqliteConnectOptions::from_str(url)?.connect().await?;
            sqlx::Connection::close(conn).await?;
        }
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // sqlx turns foreign keys on for SQLite; these make concurrent writers wait, not fail.
                        sqlx::Executor::execute(&mut *conn, "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON").await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await?;
        Ok(Db { pool, backend })
    }

    /// Opens the database and brings its schema up to date; refuses a schema newer than this program.
    pub async fn connect(url: &str) -> Result<Db> {
        let db = Db::open(url).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Applies pending migrations, then rebuilds the search index if its stems are older than this program's.
    /// A migration applied by a newer program is an error, never ignored.
    pub async fn migrate(&self) -> Result<Vec<i64>> {
        let migrator = self.backend.migrator();
        let before = self.applied_versions().await?;
        if let Some(unknown) = before
            .iter()
            .find(|v| !migrator.iter().any(|m| m.version == **v))
        {
            return Err(DbError::SchemaTooNew(*unknown));
        }
        migrator.run(&self.pool).await?;
        self.refresh_search_index().await?;
        let after = self.applied_versions().await?;
        Ok(after.into_iter().filter(|v| !before.contains(v)).collect())
    }

    /// Versions recorded in `_sqlx_migrations` (empty for a new database).
    pub async fn applied_versions(&self) -> Result<Vec<i64>> {
        let exists = match self.backend {
            Backend::Sqlite => {
                Sql::new("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
                    .scalar(&self.pool)
                    .await?
            }
            Backend::Postgres => {
                Sql::new("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'")
                    .scalar(&self.pool)
                    .await?
            }
        };
        if exists == 0 {
            return Ok(Vec::new());
        }
        let rows = Sql::new("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| get::<i64>(r, 0)).collect()
    }

    /// The migrations this program knows, with whether each is applied.
    pub async fn migration_status(&self) -> Result<Vec<(i64, String, bool)>> {
        let applied = self.applied_versions().await?;
        Ok(self
            .backend
            .migrator()
            .iter()
            .map(|m| {
                (
                    m.version,
                    m.description.to_string(),
                    applied.contains(&m.version),
                )
            })
            .collect())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub async fn ping(&self) -> Result<()> {
        Sql::new("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// Reads column `i` of a row, as an error rather than a panic when the type is not what the query promised.
pub(crate) fn get<T>(row: &AnyRow, i: usize) -> Result<T>
where
    T: for<'r> sqlx::Decode<'r, Any> + Type<Any>,
{
    Ok(sqlx::Row::try_get(row, i)?)
}

/// A statement being built: SQL text with `$n` placeholders (understood by both SQLite and PostgreSQL) and its
/// arguments. `sqlx::QueryBuilder` cannot be used with `Any`: it writes `?`, which PostgreSQL rejects.
pub(crate) struct Sql {
    text: String,
    args: AnyArguments<'static>,
    n: usize,
    error: Option<sqlx::error::BoxDynError>,
}

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql {
            text: text.to_owned(),
            args: AnyArguments::default(),
            n: 0,
            error: None,
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `value`; returns its number, so the same value can be referred to again.
    pub fn param<T>(&mut self, value: T) -> usize
    where
        T: 'static + Send + Encode<'static, Any> + Type<Any>,
    {
        let n = self.arg(value);
        let _ = write!(self.text, "${n}");
        n
    }

    /// Adds an argument without writing its placeholder: the caller writes `$n` (as often as needed).
    pub fn arg<T>(&mut self, value: T) -> usize
    where
        T: 'static + Send + Encode<'static, Any> + Type<Any>,
    {
        self.n += 1;
        if let Err(e) = self.args.add(value)
            && self.error.is_none()
        {
            self.error = Some(e);
        }
        self.n
    }

    pub fn bind<T>(&mut self, value: T) -> &mut Sql
    where
        T: 'static + Send + Encode<'static, Any> + Type<Any>,
    {
        self.param(value);
        self
    }

    /// ` AND column IN ($a, $b, ...)` for a non-empty list of values.
    pub fn and_in(
        &mut self,
        column: &str,
        values: impl IntoIterator<Item = &'static str>,
    ) -> &mut Sql {
        self.push(" AND ").push(column).push(" IN (");
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind(v);
        }
        self.push(")")
    }

    fn take(self) -> std::result::Result<(String, AnyArguments<'static>), sqlx::Error> {
        match self.error {
            Some(e) => Err(sqlx::Error::Encode(e)),
            None => Ok((self.text, self.args)),
        }
    }

    pub async fn fetch_all<'c, E: sqlx::Executor<'c, Database = Any>>(
        self,
        e: E,
    ) -> Result<Vec<AnyRow>> {
        let (text, args) = self.take()?;
        Ok(sqlx::query_with(&text, args).fetch_all(e).await?)
    }

    pub async fn fetch_optional<'c, E: sqlx::Executor<'c, Database = Any>>(
        self,
        e: E,
    ) -> Result<Option<AnyRow>> {
        let (text, args) = self.take()?;
        Ok(sqlx::query_with(&text, args).fetch_optional(e).await?)
    }

    pub async fn fetch_one<'c, E: sqlx::Executor<'c, Database = Any>>(
        self,
        e: E,
    ) -> Result<AnyRow> {
        let (text, args) = self.take()?;
        Ok(sqlx::query_with(&text, args).fetch_one(e).await?)
    }

    /// Runs a statement; returns the number of rows it changed.
    pub async fn execute<'c, E: sqlx::Executor<'c, Database = Any>>(self, e: E) -> Result<u64> {
        let (text, args) = self.take()?;
        Ok(sqlx::query_with(&text, args)
            .execute(e)
            .await?
            .rows_affected())
    }

    /// The first column of the first row, as a count or id.
    pub async fn scalar<'c, E: sqlx::Executor<'c, Database = Any>>(self, e: E) -> Result<i64> {
        let row = self.fetch_one(e).await?;
        get(&row, 0)
    }
}
