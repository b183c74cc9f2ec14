//! The server's SQLite database: opening it, its schema migrations, and running queries off the
//! async threads.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

/// The database file's name inside the data directory.
pub const FILE_NAME: &str = "aktivitetskortet.sqlite3";

/// Schema migrations, applied in order. `PRAGMA user_version` holds how many have run. Append
/// only: never edit a migration that has shipped, or existing databases and new ones will differ.
const MIGRATIONS: &[&str] = &[
    // 1: who we are; further tables arrive with the features that need them.
    "CREATE TABLE server_meta (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) STRICT;
    INSERT INTO server_meta (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));",
    // 2: the catalogue, cards, keys, signed lists and visits.
    "INSERT INTO server_meta (key, value) VALUES ('catalogue_version', '0');
    -- An offer's JSON. A deleted offer stays as a tombstone (deleted = 1), so a delta sync can
    -- tell clients to drop it and old visits keep their category and district for statistics.
    -- `version` is the catalogue version of its last change.
    CREATE TABLE offers (
        id         TEXT PRIMARY KEY NOT NULL,
        data       TEXT NOT NULL,
        deleted    INTEGER NOT NULL DEFAULT 0,
        version    INTEGER NOT NULL,
        changed_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX offers_by_version ON offers (version);
    CREATE TABLE offer_images (
        offer_id TEXT PRIMARY KEY NOT NULL,
        jpeg     BLOB NOT NULL,
        etag     TEXT NOT NULL
    ) STRICT;
    -- Issuer keys; the secret seeds are files in the keys directory, not in the database.
    CREATE TABLE issuer_keys (
        kid             TEXT PRIMARY KEY NOT NULL,
        public_key      BLOB NOT NULL,
        file            TEXT NOT NULL,
        created_at      INTEGER NOT NULL,
        retired_at      INTEGER,
        last_expires_at INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    -- A card holds the minimum: given name, birth year, validity, companion rule. There is no
    -- column for why the child has the card, and there must never be one.
    CREATE TABLE cards (
        id             TEXT PRIMARY KEY NOT NULL,
        given_name     TEXT NOT NULL,
        birth_year     INTEGER NOT NULL,
        companion      INTEGER NOT NULL,
        valid_from     TEXT NOT NULL,
        valid_until    TEXT NOT NULL,
        language       TEXT NOT NULL,
        created_at     INTEGER NOT NULL,
        revoked_at     INTEGER,
        revoked_before INTEGER,
        demo           INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE TABLE activation_codes (
        code_hash  TEXT PRIMARY KEY NOT NULL,
        card_id    TEXT NOT NULL REFERENCES cards (id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at    INTEGER
    ) STRICT;
    CREATE TABLE credentials (
        card_id    TEXT NOT NULL REFERENCES cards (id),
        kid        TEXT NOT NULL,
        device_key BLOB NOT NULL,
        issued_at  INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX credentials_by_card ON credentials (card_id);
    -- The last signed trust list and revocation list, so their sequence numbers only grow.
    CREATE TABLE signed_lists (
        name         TEXT PRIMARY KEY NOT NULL,
        sequence     INTEGER NOT NULL,
        issued_at    INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        signed       BLOB NOT NULL
    ) STRICT;
    CREATE TABLE admin_keys (
        id         INTEGER PRIMARY KEY,
        key_hash   TEXT NOT NULL UNIQUE,
        label      TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
    ) STRICT;
    CREATE TABLE venue_keys (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        offer_ids  TEXT NOT NULL,
        key_hash   TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
    ) STRICT;
    -- A visit is stored once per (venue key, client-made id): a retried upload changes nothing.
    CREATE TABLE visits (
        venue_key_id INTEGER NOT NULL REFERENCES venue_keys (id),
        id           TEXT NOT NULL,
        card_id      TEXT NOT NULL,
        offer_id     TEXT NOT NULL,
        at           INTEGER NOT NULL,
        companion    INTEGER NOT NULL,
        received_at  INTEGER NOT NULL,
        PRIMARY KEY (venue_key_id, id)
    ) STRICT;
    CREATE INDEX visits_by_time ON visits (at);",
    // 3: an issuer key can be withdrawn at once (a compromised key), not only retired.
    "ALTER TABLE issuer_keys ADD COLUMN withdrawn_at INTEGER;",
    // 4: the list key can be rotated; the current one has no retired_at. Retired keys are kept
    // only to sign the announcement of the current one (list_keys.rs).
    "CREATE TABLE list_keys (
        kid        TEXT PRIMARY KEY NOT NULL,
        public_key BLOB NOT NULL,
        file       TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        retired_at INTEGER
    ) STRICT;",
];

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("could not open the database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "the database {path} has schema version {found}, newer than this server knows ({known}); upgrade the server"
    )]
    TooNew {
        path: PathBuf,
        found: usize,
        known: usize,
    },
    #[error("database migration {version} failed: {source}")]
    Migration {
        version: usize,
        source: rusqlite::Error,
    },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error("a database task panicked or was cancelled")]
    Task,
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// A handle on the database. Cheap to clone.
///
/// One connection behind a mutex: the server's load (a city's activity cards) is small, SQLite
/// serialises writes anyway, and it keeps transactions simple. Work runs on tokio's blocking pool
/// so a slow query never stalls the request threads.
#[derive(Clone)]
pub struct Database {
    conn: Arc<Mutex<Connection>>,
}

impl Database {
    /// Opens the database at `path`, creating it and running any pending migrations.
    pub fn open(path: &Path) -> Result<Self, DbError> {
        let open_err = |source| DbError::Open {
            path: path.to_owned(),
            source,
        };
        let mut conn = Connection::open(path).map_err(open_err)?;
        // WAL lets readers go on while a write commits; NORMAL sync is durable across a process
        // crash in WAL mode, which is what a server needs.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(open_err)?;
        migrate(&mut conn, path)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` with the connection on the blocking pool. `f` may fail with any error a
    /// database error converts into (the handlers' `ApiError`, for one).
    pub async fn call<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, E> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            // A panic in an earlier call poisons the mutex; the connection itself is still
            // consistent (SQLite rolls back an unfinished transaction), so carry on.
            let mut guard = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|_| E::from(DbError::Task))?
    }
}

impl Database {
    /// Runs `f` with the connection on this thread: for start-up and command-line tasks, never
    /// inside a request handler.
    pub fn blocking<T, E>(&self, f: impl FnOnce(&mut Connection) -> Result<T, E>) -> Result<T, E> {
        let mut guard = self
            .conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut guard)
    }
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<(), DbError> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    // A negative version is not one we wrote; treat it as "newer than known" below.
    let current = usize::try_from(current).unwrap_or(usize::MAX);
    if current > MIGRATIONS.len() {
        return Err(DbError::TooNew {
            path: path.to_owned(),
            found: current,
            known: MIGRATIONS.len(),
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let version = index + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .and_then(|()| tx.pragma_update(None, "user_version", version as i64))
            .and_then(|()| tx.commit())
            .map_err(|source| DbError::Migration { version, source })?;
        tracing::info!(version, "applied database migration");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user_version(db: &Path) -> usize {
        let v: i64 = Connection::open(db)
            .unwrap()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        usize::try_from(v).unwrap()
    }

    #[tokio::test]
    async fn creates_the_file_in_wal_mode_with_all_migrations() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let db = Database::open(&path).unwrap();
        assert!(path.exists());
        let mode: String = db
            .call(|c| Ok::<_, DbError>(c.pragma_query_value(None, "journal_mode", |r| r.get(0))?))
            .await
            .unwrap();
        assert_eq!(mode, "wal");
        drop(db);
        assert_eq!(user_version(&path), MIGRATIONS.len());
    }

    #[tokio::test]
    async fn reopening_keeps_data_and_does_not_rerun_migrations() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let created = |db: Database| async move {
            db.call(|c| {
                Ok::<_, DbError>(c.query_row(
                    "SELECT value FROM server_meta WHERE key = 'created_at'",
                    [],
                    |r| r.get::<_, String>(0),
                )?)
            })
            .await
            .unwrap()
        };
        let first = created(Database::open(&path).unwrap()).await;
        let second = created(Database::open(&path).unwrap()).await;
        assert_eq!(first, second);
    }

    #[test]
    fn refuses_a_database_from_a_newer_server() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", MIGRATIONS.len() as i64 + 1)
            .unwrap();
        let err = Database::open(&path).err().expect("must refuse");
        assert!(matches!(err, DbError::TooNew { .. }), "{err}");
        // And it changed nothing.
        assert_eq!(user_version(&path), MIGRATIONS.len() + 1);
    }

    #[test]
    fn a_path_that_cannot_be_opened_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-dir").join(FILE_NAME);
        let err = Database::open(&path).err().expect("must fail");
        assert!(err.to_string().contains("missing-dir"), "{err}");
    }
}
