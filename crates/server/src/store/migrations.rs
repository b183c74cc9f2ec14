//! The schema's migrations, one list for both engines, and applying them at start.
//!
//! Each migration is written once in SQLite's dialect; PostgreSQL gets the same statements
//! translated (`postgres_ddl`: its integer, byte and identity column types, and the `rowid` SQLite
//! gives every table), with the few expressions that differ replaced (`Dialect`). Both engines
//! count the migrations applied the same way (SQLite in `PRAGMA user_version`, PostgreSQL in
//! `schema_version`), and both refuse a database newer than this server.

use super::{Conn, DbError, Engine};

/// One schema migration.
pub(super) enum Migration {
    /// The same SQL on both engines.
    Sql(&'static str),
    /// SQL with expressions PostgreSQL writes otherwise: (SQLite's text, PostgreSQL's).
    Dialect(&'static str, &'static [(&'static str, &'static str)]),
    /// A step SQL cannot do alone (keyed hashes), run inside the migration's transaction.
    Rust(fn(&mut Conn) -> anyhow::Result<()>),
}

use Migration::{Dialect, Rust, Sql};

/// Schema migrations, applied in order. `PRAGMA user_version` holds how many have run. Append
/// only: never edit a migration that has shipped, or existing databases and new ones will differ.
pub(super) const MIGRATIONS: &[Migration] = &[
    // 1: who we are; further tables arrive with the features that need them.
    Dialect(
        "CREATE TABLE server_meta (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) STRICT;
    INSERT INTO server_meta (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));",
        &[
            (
                "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
            ),
        ],
    ),
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
    Dialect(
        "ALTER TABLE visits ADD COLUMN category TEXT NOT NULL DEFAULT '';
    ALTER TABLE visits ADD COLUMN district TEXT NOT NULL DEFAULT '';
    UPDATE visits SET
        category = COALESCE((SELECT json_extract(o.data, '$.category') FROM offers o WHERE o.id = visits.offer_id), ''),
        district = COALESCE((SELECT json_extract(o.data, '$.district') FROM offers o WHERE o.id = visits.offer_id), '');",
        &[
            (
                "json_extract(o.data, '$.category')",
                "o.data::jsonb ->> 'category'",
            ),
            (
                "json_extract(o.data, '$.district')",
                "o.data::jsonb ->> 'district'",
            ),
        ],
    ),
    // 9: admin keys expire (keys from before get 90 days from their making, and at least two
    // weeks from the upgrade); every admin action goes into the audit log (audit.rs).
    Dialect(
        "ALTER TABLE admin_keys ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
    UPDATE admin_keys SET expires_at =
        MAX(created_at + 7776000, CAST(strftime('%s', 'now') AS INTEGER) + 1209600);
    CREATE TABLE audit_log (
        id           INTEGER PRIMARY KEY,
        at           INTEGER NOT NULL,
        admin_key_id INTEGER REFERENCES admin_keys (id),
        action       TEXT NOT NULL,
        object       TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_log_by_time ON audit_log (at);",
        &[
            (
                "MAX(created_at + 7776000, CAST(strftime('%s', 'now') AS INTEGER) + 1209600)",
                "GREATEST(created_at + 7776000, CAST(EXTRACT(EPOCH FROM now()) AS BIGINT) + 1209600)",
            ),
        ],
    ),
    // 10: a card erased on the family's request keeps only what the revocation list needs.
    Sql("ALTER TABLE cards ADD COLUMN erased_at INTEGER;"),
    // 11: the revocation list reads the revoked cards on every refresh; without an index that
    // was a scan of every card (measured: refreshes fell by half from 20,000 to 50,000 cards).
    Sql("CREATE INDEX cards_revoked ON cards (revoked_before) WHERE revoked_before IS NOT NULL;"),
    // 12: staff sign in with the identity provider (oidc.rs, sessions.rs): sign-ins on their
    // way (minutes), sessions (hours, by the hash of the cookie's id), and the audit log names
    // the signed-in person.
    Sql("CREATE TABLE sign_ins (
        state         TEXT PRIMARY KEY,
        nonce         TEXT NOT NULL,
        pkce_verifier TEXT NOT NULL,
        created_at    INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE staff_sessions (
        id_hash    TEXT PRIMARY KEY,
        subject    TEXT NOT NULL,
        name       TEXT NOT NULL,
        role       TEXT NOT NULL,
        csrf_token TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        seen_at    INTEGER NOT NULL
    ) STRICT;
    ALTER TABLE audit_log ADD COLUMN by_subject TEXT;
    ALTER TABLE audit_log ADD COLUMN by_name TEXT;"),
    // 13: visit rules and providers (limits.rs, providers.rs). A visit is flagged when it went
    // over a limit, and as an override when staff let the holder in at one; a refusal at a
    // limit is kept apart (it is no visit). Categories may have a rule. Providers keep their own
    // offers, which may wait for approval; the municipality sets each offer's refund.
    Sql("ALTER TABLE visits ADD COLUMN over_limit INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE visits ADD COLUMN limit_override INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX visits_by_holder ON visits (holder, day);
    CREATE INDEX visits_by_offer ON visits (offer_id, day);
    CREATE TABLE limit_refusals (
        venue_key_id INTEGER NOT NULL REFERENCES venue_keys (id),
        id           TEXT NOT NULL,
        holder       BLOB NOT NULL,
        offer_id     TEXT NOT NULL,
        day          TEXT NOT NULL,
        age          INTEGER NOT NULL,
        category     TEXT NOT NULL,
        district     TEXT NOT NULL,
        PRIMARY KEY (venue_key_id, id)
    ) STRICT;
    CREATE INDEX limit_refusals_by_day ON limit_refusals (day);
    CREATE TABLE category_rules (
        category TEXT PRIMARY KEY NOT NULL,
        rule     TEXT NOT NULL
    ) STRICT;
    CREATE TABLE providers (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        key_hash   TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
    ) STRICT;
    ALTER TABLE offers ADD COLUMN provider_id INTEGER REFERENCES providers (id);
    ALTER TABLE offers ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE offers ADD COLUMN refund_ore INTEGER;"),
];

/// Migration 6: rewrites each visit stored with a card id and a time under its pseudonym, day
/// and age, as new uploads are stored.
fn pseudonymise_visits(tx: &mut Conn) -> anyhow::Result<()> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let visits = tx.query_map(
        "SELECT v.venue_key_id, v.id, v.card_id, v.offer_id, v.at, v.companion, c.birth_year
         FROM visits v JOIN cards c ON c.id = v.card_id",
        crate::params![],
        |r| {
            Ok((
                r.get::<i64>(0)?,
                r.get::<String>(1)?,
                r.get::<String>(2)?,
                r.get::<String>(3)?,
                r.get::<u64>(4)?,
                r.get::<i64>(5)?,
                r.get::<i64>(6)?,
            ))
        },
    )?;
    for (venue_key, id, card, offer, at, companion, birth_year) in visits {
        let day = aktivitetskortet_core::calendar::Date::from_unix(at);
        let holder = crate::pseudonym::of(tx, &card, day.year, now)?
            .ok_or_else(|| anyhow::anyhow!("a closed year before pseudonyms existed"))?;
        let age = i64::from(day.year) - birth_year;
        tx.execute(
            "INSERT INTO visits_by_pseudonym (venue_key_id, id, holder, offer_id, day, age, companion)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            crate::params![venue_key, id, holder, offer, day.to_string(), age, companion],
        )?;
    }
    Ok(())
}

/// SQLite's DDL as PostgreSQL writes it: 64-bit integers, `BYTEA`, identity columns for
/// `INTEGER PRIMARY KEY`, no `STRICT` (PostgreSQL is strict anyway), and a `rowid` identity
/// column on every other table, which SQLite has implicitly and a few queries order or batch by.
pub(super) fn postgres_ddl(sql: &str) -> String {
    let sql = sql
        .replace(
            "INTEGER PRIMARY KEY",
            "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
        )
        .replace("INTEGER", "BIGINT")
        .replace("BLOB", "BYTEA")
        .replace(") STRICT", ")");
    let mut out = String::with_capacity(sql.len() + 64);
    let mut rest = sql.as_str();
    while let Some(at) = rest.find("CREATE TABLE ") {
        let open = at
            + rest[at..]
                .find('(')
                .expect("CREATE TABLE has a column list");
        let body = table_body(&rest[open..]);
        out.push_str(&rest[..=open]);
        if !body.contains("IDENTITY PRIMARY KEY") {
            out.push_str("\n        rowid BIGINT GENERATED BY DEFAULT AS IDENTITY,");
        }
        rest = &rest[open + 1..];
    }
    out.push_str(rest);
    out
}

/// The text from an opening parenthesis to its closing one.
fn table_body(from_paren: &str) -> &str {
    let mut depth = 0;
    for (i, ch) in from_paren.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &from_paren[..=i];
                }
            }
            _ => {}
        }
    }
    from_paren
}

/// A migration's SQL for `engine`.
fn sql_for(migration: &Migration, engine: Engine) -> Option<String> {
    let (sql, replacements) = match migration {
        Sql(sql) => (*sql, &[][..]),
        Dialect(sql, replacements) => (*sql, *replacements),
        Rust(_) => return None,
    };
    Some(match engine {
        Engine::Sqlite => sql.to_owned(),
        Engine::Postgres => {
            let replaced = replacements
                .iter()
                .fold(sql.to_owned(), |sql, (from, to)| sql.replace(from, to));
            postgres_ddl(&replaced)
        }
    })
}

/// Serialises migrations across server instances starting at once on one PostgreSQL database.
const MIGRATION_LOCK: i64 = 0x616b_6d69_6772;

fn version(conn: &mut Conn) -> Result<usize, DbError> {
    let found: i64 = match conn.engine() {
        Engine::Sqlite => conn.query_one("PRAGMA user_version", crate::params![], |r| r.get(0))?,
        Engine::Postgres => {
            let exists: bool = conn.query_one(
                "SELECT to_regclass('schema_version') IS NOT NULL",
                crate::params![],
                |r| r.get(0),
            )?;
            if !exists {
                conn.batch("CREATE TABLE schema_version (version BIGINT NOT NULL)")?;
            }
            conn.query_opt(
                "SELECT version FROM schema_version",
                crate::params![],
                |r| r.get(0),
            )?
            .unwrap_or(0)
        }
    };
    // A negative version is not one we wrote; treat it as newer than known.
    Ok(usize::try_from(found).unwrap_or(usize::MAX))
}

fn set_version(conn: &mut Conn, version: usize) -> Result<(), DbError> {
    match conn.engine() {
        Engine::Sqlite => conn.batch(&format!("PRAGMA user_version = {version}")),
        Engine::Postgres => {
            conn.execute("DELETE FROM schema_version", crate::params![])?;
            conn.execute(
                "INSERT INTO schema_version (version) VALUES (?1)",
                crate::params![version],
            )?;
            Ok(())
        }
    }
}

/// The schema version of the database: how many migrations it has.
pub(super) fn current(conn: &mut Conn) -> Result<usize, DbError> {
    let mut tx = conn.transaction()?;
    let version = version(&mut tx)?;
    tx.commit()?;
    Ok(version)
}

/// Applies the migrations up to `target` (fewer than all only in tests of a migration), each in
/// its own transaction, refusing a database that has more than this server knows.
pub(super) fn migrate_to(conn: &mut Conn, location: &str, target: usize) -> Result<(), DbError> {
    for (index, migration) in MIGRATIONS.iter().enumerate().take(target) {
        let number = index + 1;
        let mut tx = conn.transaction()?;
        if tx.engine() == Engine::Postgres {
            tx.execute(
                "SELECT pg_advisory_xact_lock(?1)",
                crate::params![MIGRATION_LOCK],
            )?;
        }
        let found = version(&mut tx)?;
        if found > MIGRATIONS.len() {
            return Err(DbError::TooNew {
                location: location.to_owned(),
                found,
                known: MIGRATIONS.len(),
            });
        }
        if found >= number {
            continue;
        }
        match sql_for(migration, tx.engine()) {
            Some(sql) => tx.batch(&sql).map_err(anyhow::Error::from),
            None => match migration {
                Rust(step) => step(&mut tx),
                _ => unreachable!("SQL migrations have SQL"),
            },
        }
        .and_then(|()| Ok(set_version(&mut tx, number)?))
        .and_then(|()| Ok(tx.commit()?))
        .map_err(|source| DbError::Migration {
            version: number,
            source,
        })?;
        tracing::info!(version = number, "applied database migration");
    }
    // A database already past every migration is checked too.
    let found = current(conn)?;
    if found > MIGRATIONS.len() {
        return Err(DbError::TooNew {
            location: location.to_owned(),
            found,
            known: MIGRATIONS.len(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dialect_replacement_matches_its_migration() {
        for (i, migration) in MIGRATIONS.iter().enumerate() {
            if let Dialect(sql, replacements) = migration {
                for (from, _) in *replacements {
                    assert!(sql.contains(from), "migration {} lacks {from}", i + 1);
                }
            }
        }
    }

    #[test]
    fn postgres_gets_its_types_and_a_rowid_where_sqlite_has_one_implicitly() {
        let ddl = postgres_ddl(
            "CREATE TABLE a (id INTEGER PRIMARY KEY, b BLOB, c INTEGER REFERENCES x (id)) STRICT;
             CREATE TABLE d (k TEXT PRIMARY KEY NOT NULL, PRIMARY KEY (k, k)) STRICT;",
        );
        assert!(ddl.contains("id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, b BYTEA"));
        assert!(ddl.contains("c BIGINT REFERENCES"));
        assert!(!ddl.contains("STRICT"));
        assert_eq!(ddl.matches("rowid").count(), 1, "{ddl}");
        assert!(ddl.contains("CREATE TABLE d (\n        rowid"), "{ddl}");
    }
}
