//! The storage's own tests on SQLite: the file, migrations, refusing a newer schema. The
//! server suite (`tests/`) runs every query on both engines.

use std::path::Path;

use rusqlite::Connection;

use super::migrations::MIGRATIONS;
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
        .call(|c| c.query_one("PRAGMA journal_mode", crate::params![], |r| r.get(0)))
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
            c.query_one(
                "SELECT value FROM server_meta WHERE key = 'created_at'",
                crate::params![],
                |r| r.get::<String>(0),
            )
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
    drop(Database::open_migrated(&Location::Sqlite(path.clone()), 1, 4).unwrap());
    let conn = Connection::open(&path).unwrap();
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
            c.query_map(
                "SELECT id, holder, day, age, companion FROM visits ORDER BY id",
                crate::params![],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
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
            c.query_one(
                "SELECT COUNT(*) FROM pseudonym_keys WHERE key IS NOT NULL",
                crate::params![],
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
    drop(Database::open_migrated(&Location::Sqlite(path.clone()), 1, 8).unwrap());
    let conn = Connection::open(&path).unwrap();
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
            c.query_one(
                "SELECT expires_at FROM admin_keys WHERE label = ?1",
                crate::params![label],
                |r| r.get(0),
            )
        })
        .unwrap()
    };
    assert!((expiry("old") - (now + 14 * 86_400)).abs() < 60);
    assert_eq!(expiry("new"), now + 90 * 86_400);
}
