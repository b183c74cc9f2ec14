//! The server's SQLite database: opening it, its schema migrations, and running queries off the
//! async threads.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

/// The database file's name inside the data directory.
pub const FILE_NAME: &str = "aktivitetskortet.sqlite3";

/// One schema migration: SQL, or a step SQL cannot do alone (keyed hashes), run inside the
/// migration's transaction.
enum Migration {
    Sql(&'static str),
    Rust(fn(&rusqlite::Transaction<'_>) -> anyhow::Result<()>),
}

use Migration::{Rust, Sql};

/// Schema migrations, applied in order. `PRAGMA user_version` holds how many have run. Append
/// only: never edit a migration that has shipped, or existing databases and new ones will differ.
const MIGRATIONS: &[Migration] = &[
    // 1: who we are; further tables arrive with the features that need them.
    Sql("CREATE TABLE server_meta (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) STRICT;
    INSERT INTO server_meta (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));"),
    // 2: the catalogue, cards, keys, signed lists and visits.
    Sql("INSERT INTO server_meta (key, value) VALUES ('catalogue_version', '0');
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
    CREATE INDEX visits_by_time ON visits (at);"),
    // 3: an issuer key can be withdrawn at once (a compromised key), not only retired.
    Sql("ALTER TABLE issuer_keys ADD COLUMN withdrawn_at INTEGER;"),
    // 4: the list key can be rotated; the current one has no retired_at. Retired keys are kept
    // only to sign the announcement of the current one (list_keys.rs).
    Sql("CREATE TABLE list_keys (
        kid        TEXT PRIMARY KEY NOT NULL,
        public_key BLOB NOT NULL,
        file       TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        retired_at INTEGER
    ) STRICT;"),
    // 5: visits without names (pseudonym.rs): the day, not the second; a pseudonym per card and
    // year instead of the card id; the holder's age that year, so statistics need no card.
    Sql("CREATE TABLE pseudonym_keys (
        year       INTEGER PRIMARY KEY NOT NULL,
        key        BLOB,
        created_at INTEGER NOT NULL,
        closed_at  INTEGER
    ) STRICT;
    CREATE TABLE visits_by_pseudonym (
        venue_key_id INTEGER NOT NULL REFERENCES venue_keys (id),
        id           TEXT NOT NULL,
        holder       BLOB NOT NULL,
        offer_id     TEXT NOT NULL,
        day          TEXT NOT NULL,
        age          INTEGER NOT NULL,
        companion    INTEGER NOT NULL,
        PRIMARY KEY (venue_key_id, id)
    ) STRICT;"),
    // 6: the visits stored so far, rewritten so.
    Rust(pseudonymise_visits),
    // 7: only the new form stays.
    Sql("DROP TABLE visits;
    ALTER TABLE visits_by_pseudonym RENAME TO visits;
    CREATE INDEX visits_by_day ON visits (day);"),
    // 8: a visit keeps the category and district its offer had that day, so a later edit of the
    // offer cannot change a closed period's report (which could then be differenced).
    Sql("ALTER TABLE visits ADD COLUMN category TEXT NOT NULL DEFAULT '';
    ALTER TABLE visits ADD COLUMN district TEXT NOT NULL DEFAULT '';
    UPDATE visits SET
        category = COALESCE((SELECT json_extract(o.data, '$.category') FROM offers o WHERE o.id = visits.offer_id), ''),
        district = COALESCE((SELECT json_extract(o.data, '$.district') FROM offers o WHERE o.id = visits.offer_id), '');"),
    // 9: admin keys expire (keys from before get 90 days from their making, and at least two
    // weeks from the upgrade); every admin action goes into the audit log (audit.rs).
    Sql("ALTER TABLE admin_keys ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
    UPDATE admin_keys SET expires_at =
        MAX(created_at + 7776000, CAST(strftime('%s', 'now') AS INTEGER) + 1209600);
    CREATE TABLE audit_log (
        id           INTEGER PRIMARY KEY,
        at           INTEGER NOT NULL,
        admin_key_id INTEGER REFERENCES admin_keys (id),
        action       TEXT NOT NULL,
        object       TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_log_by_time ON audit_log (at);"),
    // 10: a card erased on the family's request keeps only what the revocation list needs.
    Sql("ALTER TABLE cards ADD COLUMN erased_at INTEGER;"),
];

/// Migration 6: rewrites each visit stored with a card id and a time under its pseudonym, day
/// and age, as new uploads are stored.
fn pseudonymise_visits(tx: &rusqlite::Transaction<'_>) -> anyhow::Result<()> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut select = tx.prepare(
        "SELECT v.venue_key_id, v.id, v.card_id, v.offer_id, v.at, v.companion, c.birth_year
         FROM visits v JOIN cards c ON c.id = v.card_id",
    )?;
    let mut insert = tx.prepare(
        "INSERT INTO visits_by_pseudonym (venue_key_id, id, holder, offer_id, day, age, companion)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut rows = select.query([])?;
    while let Some(r) = rows.next()? {
        let card: String = r.get(2)?;
        let day = aktivitetskortet_core::calendar::Date::from_unix(r.get::<_, i64>(4)? as u64);
        let holder = crate::pseudonym::of(tx, &card, day.year, now)?
            .ok_or_else(|| anyhow::anyhow!("a closed year before pseudonyms existed"))?;
        let age = i64::from(day.year) - r.get::<_, i64>(6)?;
        insert.execute(rusqlite::params![
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            holder,
            r.get::<_, String>(3)?,
            day.to_string(),
            age,
            r.get::<_, i64>(5)?,
        ])?;
    }
    Ok(())
}

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
        source: anyhow::Error,
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
        // Deleted rows (a child's name, a year's pseudonym key) are overwritten, not left in
        // free pages of the file for anyone with a copy of it.
        conn.pragma_update(None, "secure_delete", "ON")
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
    migrate_to(conn, path, MIGRATIONS.len())
}

/// Runs the migrations up to `target` (fewer than all only in tests of a migration).
fn migrate_to(conn: &mut Connection, path: &Path, target: usize) -> Result<(), DbError> {
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
    for (index, migration) in MIGRATIONS.iter().enumerate().take(target).skip(current) {
        let version = index + 1;
        let tx = conn.transaction()?;
        match migration {
            Sql(sql) => tx.execute_batch(sql).map_err(anyhow::Error::from),
            Rust(step) => step(&tx),
        }
        .and_then(|()| Ok(tx.pragma_update(None, "user_version", version as i64)?))
        .and_then(|()| Ok(tx.commit()?))
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

    /// A database from before pseudonyms (version 4) keeps its visits, rewritten: the same
    /// number, one pseudonym per card and year, the day and the age, and no card id left.
    #[test]
    fn migrating_rewrites_stored_visits_under_pseudonyms() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut conn = Connection::open(&path).unwrap();
        migrate_to(&mut conn, &path, 4).unwrap();
        conn.execute_batch(
            "INSERT INTO cards (id, given_name, birth_year, companion, valid_from, valid_until, language, created_at)
             VALUES ('00000000000000aa', 'Amina', 2015, 0, '2025-01-01', '2026-12-31', 'nb', 0),
                    ('00000000000000bb', 'Jonas', 2012, 0, '2025-01-01', '2026-12-31', 'nb', 0);
             INSERT INTO venue_keys (id, name, offer_ids, key_hash, created_at) VALUES (1, 'v', '[]', 'h', 0);
             INSERT INTO visits (venue_key_id, id, card_id, offer_id, at, companion, received_at) VALUES
               (1, 'a', '00000000000000aa', 'o', 1735732800, 0, 0),  -- 2025-01-01 12:00
               (1, 'b', '00000000000000aa', 'o', 1735819199, 1, 0),  -- 2025-01-02 11:59:59
               (1, 'c', '00000000000000aa', 'o', 1767268800, 0, 0),  -- 2026-01-01 12:00
               (1, 'd', '00000000000000bb', 'o', 1767268800, 0, 0);",
        )
        .unwrap();
        drop(conn);
        let db = Database::open(&path).unwrap();
        let rows: Vec<(String, Vec<u8>, String, i64, bool)> = db
            .blocking(|c| {
                let mut stmt =
                    c.prepare("SELECT id, holder, day, age, companion FROM visits ORDER BY id")?;
                let rows = stmt.query_map([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?;
                rows.collect::<rusqlite::Result<Vec<_>>>()
            })
            .unwrap();
        let days: Vec<_> = rows.iter().map(|r| (r.2.as_str(), r.3, r.4)).collect();
        assert_eq!(
            days,
            [
                ("2025-01-01", 10, false),
                ("2025-01-02", 10, true),
                ("2026-01-01", 11, false),
                ("2026-01-01", 14, false)
            ]
        );
        assert_eq!(rows[0].1, rows[1].1, "same card, same year");
        assert_ne!(rows[1].1, rows[2].1, "another year, another pseudonym");
        assert_ne!(rows[2].1, rows[3].1, "another card");
        let keys: i64 = db
            .blocking(|c| {
                c.query_row(
                    "SELECT COUNT(*) FROM pseudonym_keys WHERE key IS NOT NULL",
                    [],
                    |r| r.get(0),
                )
            })
            .unwrap();
        assert_eq!(keys, 2);
    }

    /// Admin keys from before they expired keep working after the upgrade: 90 days from their
    /// making, and at least two weeks from the upgrade, so nobody is locked out by it.
    #[test]
    fn admin_keys_from_before_expiry_keep_two_weeks_at_least() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut conn = Connection::open(&path).unwrap();
        migrate_to(&mut conn, &path, 8).unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        conn.execute(
            "INSERT INTO admin_keys (key_hash, label, created_at) VALUES ('old', 'old', 0), ('new', 'new', ?1)",
            [now],
        )
        .unwrap();
        drop(conn);
        let db = Database::open(&path).unwrap();
        let expiry = |label: &'static str| -> i64 {
            db.blocking(|c| {
                c.query_row(
                    "SELECT expires_at FROM admin_keys WHERE label = ?1",
                    [label],
                    |r| r.get(0),
                )
            })
            .unwrap()
        };
        assert!((expiry("old") - (now + 14 * 86_400)).abs() < 60);
        assert_eq!(expiry("new"), now + 90 * 86_400);
    }
}
