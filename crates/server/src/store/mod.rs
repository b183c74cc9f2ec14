//! The server's storage: the database (embedded SQLite by default, or PostgreSQL), its
//! migrations, and one module per area holding that area's SQL, which the handlers call:
//! `catalogue` (offers, thumbnails, the catalogue version), `cards` (cards, activation codes,
//! credentials), `keys` (issuer and list keys, signed lists, admin and venue keys), `visits`
//! (visits, pseudonym keys, what statistics read), `visit_limits` (visit rules: the categories'
//! rules, over-limit flags, refusals at a limit), `providers` (providers, the offers they keep,
//! settlements), `audit` (the audit log) and `retention` (its deletes). Handlers keep HTTP,
//! validation and the core's rules; these keep the queries.
//!
//! Why one implementation over two drivers rather than a storage trait with one implementation
//! per engine, or sqlx: every query is written once in the SQL both engines read alike (see
//! `sql.rs`), so the two engines cannot drift and each query is tested on both by one suite; a
//! trait would mean every query twice. sqlx's `Any` driver would do the same but links its own
//! SQLite, which cannot share a build with rusqlite (the app's client storage), and gives up
//! rusqlite's statement cache on the embedded default. The cost here is a small adaptor: values,
//! rows, placeholders and transactions, about 550 lines with its tests (`sql.rs`).

pub(crate) mod audit;
pub(crate) mod cards;
pub(crate) mod catalogue;
pub mod copy;
pub(crate) mod keys;
mod migrations;
pub(crate) mod providers;
pub(crate) mod retention;
pub(crate) mod sessions;
mod sql;
#[cfg(test)]
mod tests;
pub(crate) mod visit_limits;
pub(crate) mod visits;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub use sql::{Conn, Engine, FromValue, Row, ToValue, Tx, Value};

/// What a storage function returns.
pub type DbResult<T> = Result<T, DbError>;

/// The SQLite database file's name inside the data directory.
pub const FILE_NAME: &str = "aktivitetskortet.sqlite3";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("could not open the database {location}: {source}")]
    Open {
        location: String,
        source: anyhow::Error,
    },
    #[error(
        "the database {location} has schema version {found}, newer than this server knows ({known}); upgrade the server"
    )]
    TooNew {
        location: String,
        found: usize,
        known: usize,
    },
    #[error("database migration {version} failed: {source}")]
    Migration {
        version: usize,
        source: anyhow::Error,
    },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL: {}", postgres_message(.0))]
    Postgres(#[from] tokio_postgres::Error),
    #[error("no database connection free: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("column {index} holds {found}, not what the query reads it as")]
    Column { index: usize, found: &'static str },
    #[error("the query returned no row")]
    NoRow,
    #[error("a database task panicked or was cancelled")]
    Task,
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// PostgreSQL's own words: its error's code, message and detail (the client's `Display` says only
/// "db error").
fn postgres_message(err: &tokio_postgres::Error) -> String {
    match err.as_db_error() {
        Some(db) => {
            let detail = db.detail().map(|d| format!(" ({d})")).unwrap_or_default();
            format!("{} [{}]{detail}", db.message(), db.code().code())
        }
        None => match std::error::Error::source(err) {
            Some(source) => format!("{err}: {source}"),
            None => err.to_string(),
        },
    }
}

/// Where the database is.
#[derive(Clone)]
pub enum Location {
    /// A SQLite file (the embedded default: `FILE_NAME` in the data directory).
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL or key=value string (`--database-url`).
    Postgres(String),
}

impl Location {
    /// How errors and logs name it: the path, or the host and database without the password.
    pub fn describe(&self) -> String {
        match self {
            Location::Sqlite(path) => path.display().to_string(),
            Location::Postgres(url) => match url.parse::<tokio_postgres::Config>() {
                Ok(config) => {
                    let hosts: Vec<String> = config
                        .get_hosts()
                        .iter()
                        .map(|h| match h {
                            tokio_postgres::config::Host::Tcp(name) => name.clone(),
                            tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
                        })
                        .collect();
                    format!(
                        "postgres://{}/{}",
                        hosts.join(","),
                        config.get_dbname().unwrap_or("")
                    )
                }
                Err(_) => "a PostgreSQL URL that cannot be read".to_owned(),
            },
        }
    }
}

/// Makes and checks the pool's PostgreSQL connections; their I/O runs on `runtime`.
pub struct PgManager {
    config: tokio_postgres::Config,
    runtime: tokio::runtime::Handle,
}

impl r2d2::ManageConnection for PgManager {
    type Connection = sql::PgConn;
    type Error = tokio_postgres::Error;

    fn connect(&self) -> Result<sql::PgConn, tokio_postgres::Error> {
        let (client, connection) = self
            .runtime
            .block_on(self.config.connect(tokio_postgres::NoTls))?;
        self.runtime.spawn(async move {
            if let Err(err) = connection.await {
                tracing::warn!(%err, "a PostgreSQL connection ended");
            }
        });
        Ok(sql::PgConn::new(client, self.runtime.clone()))
    }

    fn is_valid(&self, conn: &mut sql::PgConn) -> Result<(), tokio_postgres::Error> {
        self.runtime
            .block_on(conn.client.simple_query(""))
            .map(|_| ())
    }

    fn has_broken(&self, conn: &mut sql::PgConn) -> bool {
        conn.client.is_closed()
    }
}

struct Postgres {
    pool: r2d2::Pool<PgManager>,
    /// The connections' I/O: a runtime of its own, so storage code on any thread (a blocking
    /// task, a command-line task) can wait for an answer without holding up the HTTP server's.
    runtime: Option<tokio::runtime::Runtime>,
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

enum Inner {
    /// One connection behind a mutex: SQLite serialises writes anyway, and the load (a city's
    /// activity cards) is small.
    Sqlite(Mutex<Conn>),
    Postgres(Postgres),
}

/// A handle on the database. Cheap to clone. Work runs on tokio's blocking pool so a slow query
/// never stalls the request threads.
#[derive(Clone)]
pub struct Database {
    inner: Arc<Inner>,
}

impl Database {
    /// Opens the SQLite database at `path`, creating it, and runs any pending migrations.
    pub fn open(path: &std::path::Path) -> Result<Self, DbError> {
        Self::open_at(&Location::Sqlite(path.to_owned()), 1)
    }

    /// Opens the database at `location` (with up to `connections` PostgreSQL connections) and
    /// runs any pending migrations.
    pub fn open_at(location: &Location, connections: u32) -> Result<Self, DbError> {
        Self::open_migrated(location, connections, migrations::MIGRATIONS.len())
    }

    fn open_migrated(
        location: &Location,
        connections: u32,
        target: usize,
    ) -> Result<Self, DbError> {
        let name = location.describe();
        let open_err = |source: anyhow::Error| DbError::Open {
            location: name.clone(),
            source,
        };
        let db = match location {
            Location::Sqlite(path) => {
                let conn = open_sqlite(path).map_err(|e| open_err(e.into()))?;
                Database {
                    inner: Arc::new(Inner::Sqlite(Mutex::new(Conn::sqlite(conn)))),
                }
            }
            Location::Postgres(url) => {
                let config: tokio_postgres::Config =
                    url.parse().map_err(|e: tokio_postgres::Error| {
                        open_err(anyhow::anyhow!("the URL cannot be read: {e}"))
                    })?;
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(1)
                    .thread_name("postgres-io")
                    .enable_all()
                    .build()
                    .map_err(|e| open_err(e.into()))?;
                let manager = PgManager {
                    config,
                    runtime: runtime.handle().clone(),
                };
                let built = r2d2::Pool::builder()
                    .max_size(connections.max(1))
                    .min_idle(Some(1))
                    .connection_timeout(std::time::Duration::from_secs(5))
                    // A broken connection shows itself (`has_broken`); a round trip on every
                    // checkout would double the cost of a short query.
                    .test_on_check_out(false)
                    .error_handler(Box::new(r2d2::NopErrorHandler))
                    .build(manager);
                let pool = match built {
                    Ok(pool) => pool,
                    Err(err) => {
                        // Dropped here, the runtime would wait for its threads, which async
                        // code (the server's start) must not.
                        runtime.shutdown_background();
                        return Err(open_err(err.into()));
                    }
                };
                Database {
                    inner: Arc::new(Inner::Postgres(Postgres {
                        pool,
                        runtime: Some(runtime),
                    })),
                }
            }
        };
        db.blocking(|c| migrations::migrate_to(c, &name, target))?;
        Ok(db)
    }

    pub fn engine(&self) -> Engine {
        match &*self.inner {
            Inner::Sqlite(_) => Engine::Sqlite,
            Inner::Postgres(_) => Engine::Postgres,
        }
    }

    /// Runs `f` with a connection on the blocking pool. `f` may fail with any error a
    /// database error converts into (the handlers' `ApiError`, for one).
    pub async fn call<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut Conn) -> Result<T, E> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || db.on_this_thread(f))
            .await
            .map_err(|_| E::from(DbError::Task))?
    }

    /// Runs `f` with a connection, waiting here: for start-up and command-line tasks, never
    /// inside a request handler. PostgreSQL's work runs on a thread of its own, since this may
    /// be called from async code, where waiting on another runtime is not allowed.
    pub fn blocking<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send,
        E: From<DbError> + Send,
        F: FnOnce(&mut Conn) -> Result<T, E> + Send,
    {
        match &*self.inner {
            Inner::Sqlite(_) => self.on_this_thread(f),
            Inner::Postgres(_) => std::thread::scope(|scope| {
                scope
                    .spawn(|| self.on_this_thread(f))
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }),
        }
    }

    fn on_this_thread<T, E>(&self, f: impl FnOnce(&mut Conn) -> Result<T, E>) -> Result<T, E>
    where
        E: From<DbError>,
    {
        match &*self.inner {
            Inner::Sqlite(conn) => {
                // A panic in an earlier call poisons the mutex; the connection itself is still
                // consistent (SQLite rolls back an unfinished transaction), so carry on.
                let mut guard = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                f(&mut guard)
            }
            Inner::Postgres(pg) => {
                let conn = pg.pool.get().map_err(|e| E::from(DbError::Pool(e)))?;
                f(&mut Conn::postgres(conn))
            }
        }
    }
}

/// How many migrations this server knows: a database at another version is not its own.
pub const SCHEMA_VERSION: usize = migrations::MIGRATIONS.len();

/// How many migrations the database has.
pub fn schema_version(conn: &mut Conn) -> DbResult<usize> {
    migrations::current(conn)
}

/// The database's size in bytes: the SQLite file's pages, or PostgreSQL's database.
pub fn size_bytes(conn: &mut Conn) -> DbResult<u64> {
    let sql = match conn.engine() {
        Engine::Sqlite => {
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
        }
        Engine::Postgres => "SELECT pg_database_size(current_database())",
    };
    conn.query_one(sql, crate::params![], |r| r.get::<i64>(0))
        .map(|bytes| bytes.max(0) as u64)
}

/// One round trip to the database: is it there.
pub fn ping(conn: &mut Conn) -> DbResult<()> {
    conn.query_one("SELECT 1", crate::params![], |r| r.get::<i64>(0))
        .map(|_| ())
}

/// Every column of the schema as `table.column`, sorted: the same list on both engines (less
/// PostgreSQL's `rowid`, which stands in for SQLite's implicit one, and its `schema_version`,
/// which stands in for `PRAGMA user_version`).
pub fn schema_columns(conn: &mut Conn) -> DbResult<Vec<String>> {
    let sql = match conn.engine() {
        Engine::Sqlite => {
            "SELECT t.name || '.' || p.name FROM sqlite_schema t, pragma_table_info(t.name) p
             WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' ORDER BY 1"
        }
        Engine::Postgres => {
            "SELECT CAST(table_name || '.' || column_name AS TEXT) FROM information_schema.columns
             WHERE table_schema = current_schema() AND column_name <> 'rowid'
               AND table_name <> 'schema_version'
             ORDER BY 1"
        }
    };
    conn.query_map(sql, crate::params![], |r| r.get(0))
}

fn open_sqlite(path: &std::path::Path) -> rusqlite::Result<rusqlite::Connection> {
    let conn = rusqlite::Connection::open(path)?;
    // WAL lets readers go on while a write commits; NORMAL sync is durable across a process
    // crash in WAL mode, which is what a server needs.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Deleted rows (a child's name, a year's pseudonym key) are overwritten, not left in free
    // pages of the file for anyone with a copy of it.
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // Every statement the server runs stays prepared (rusqlite keeps 16 by default).
    conn.set_prepared_statement_cache_capacity(256);
    Ok(conn)
}
