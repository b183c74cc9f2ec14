//! The store's two schemas and their migrations: the phone's own database and the catalogue's,
//! each with its own version, and how an image is put in place of a schema, checked first.

use rusqlite::Connection;

use super::StoreError;

/// The phone's own database (`main`): its cards, favourites, settings and, on a venue device, the
/// signed lists and the check-in queue. Small, so it opens first and saves in a few milliseconds.
/// Migrations applied in order; `PRAGMA main.user_version` counts them. Append only.
///
/// The first one is the whole store as the first release made it, catalogue included (so an image
/// of that release opens as it was); the second moves the catalogue into [`CATALOGUE_MIGRATIONS`]'
/// database and drops it here.
pub(super) const HOLDER_MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) STRICT;
    -- The first release's catalogue, moved out by the second migration.
    CREATE TABLE offers (
        id            TEXT PRIMARY KEY NOT NULL,
        data          TEXT NOT NULL,
        title_sort    TEXT NOT NULL,
        category      TEXT NOT NULL,
        district      TEXT NOT NULL,
        age_min       INTEGER NOT NULL,
        age_max       INTEGER NOT NULL,
        companion     INTEGER NOT NULL,
        lat           REAL,
        lon           REAL,
        accessibility TEXT NOT NULL,
        weekdays      INTEGER NOT NULL,
        dates         TEXT NOT NULL,
        season_from   TEXT,
        season_to     TEXT,
        next_on       TEXT NOT NULL,
        next_at       TEXT NOT NULL
    ) STRICT;
    CREATE VIRTUAL TABLE offers_fts USING fts5 (
        text, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TABLE favourites (
        offer_id TEXT PRIMARY KEY NOT NULL,
        added_at INTEGER NOT NULL
    ) STRICT;
    -- The cards on this phone. The device secret never leaves this table.
    CREATE TABLE cards (
        card_id          TEXT PRIMARY KEY NOT NULL,
        credential       BLOB NOT NULL,
        device_secret    BLOB NOT NULL,
        given_name       TEXT NOT NULL,
        birth_year       INTEGER NOT NULL,
        companion        TEXT NOT NULL,
        card_valid_until TEXT NOT NULL,
        clock_offset     INTEGER NOT NULL,
        added_at         INTEGER NOT NULL,
        refreshed_at     INTEGER NOT NULL,
        refresh_error    TEXT
    ) STRICT;
    -- The verifier's signed lists, as received.
    CREATE TABLE lists (
        name      TEXT PRIMARY KEY NOT NULL,
        sequence  INTEGER NOT NULL,
        issued_at INTEGER NOT NULL,
        signed    BLOB NOT NULL
    ) STRICT;
    CREATE TABLE images (
        path       TEXT PRIMARY KEY NOT NULL,
        jpeg       BLOB NOT NULL,
        fetched_at INTEGER NOT NULL
    ) STRICT;
    -- Check-ins made in venue mode, kept until the backend has them.
    CREATE TABLE checkins (
        id        TEXT PRIMARY KEY NOT NULL,
        card_id   TEXT NOT NULL,
        offer_id  TEXT NOT NULL,
        at        INTEGER NOT NULL,
        companion INTEGER NOT NULL,
        uploaded  INTEGER NOT NULL DEFAULT 0
    ) STRICT;
",
    // The catalogue moves to its own database. Its search index is rebuilt there (its rowids
    // change on the copy); a copy that ran before a crash is simply replaced.
    "
    INSERT OR REPLACE INTO catalogue.offers SELECT * FROM main.offers;
    INSERT OR REPLACE INTO catalogue.images SELECT * FROM main.images;
    INSERT OR REPLACE INTO catalogue.catalogue_meta
        SELECT key, value FROM main.meta WHERE key IN ('catalogue_version', 'next_for');
    DELETE FROM catalogue.catalogue_meta WHERE key = 'search_index';
    DELETE FROM main.meta WHERE key IN ('catalogue_version', 'next_for', 'search_index');
    DROP TABLE main.offers_fts;
    DROP TABLE main.offers;
    DROP TABLE main.images;
",
    // The phone key may live outside the store (a non-extractable WebCrypto key, named by
    // `webcrypto_key`), and a card may be moving to a new key (`moving_*`, until the refresh
    // that moves it is answered; token format §6.3). Exactly one of the two key columns is set.
    "
    CREATE TABLE main.cards_new (
        card_id          TEXT PRIMARY KEY NOT NULL,
        credential       BLOB NOT NULL,
        device_secret    BLOB,
        webcrypto_key    TEXT,
        moving_secret    BLOB,
        moving_key       TEXT,
        moving_public    BLOB,
        given_name       TEXT NOT NULL,
        birth_year       INTEGER NOT NULL,
        companion        TEXT NOT NULL,
        card_valid_until TEXT NOT NULL,
        clock_offset     INTEGER NOT NULL,
        added_at         INTEGER NOT NULL,
        refreshed_at     INTEGER NOT NULL,
        refresh_error    TEXT,
        CHECK ((device_secret IS NULL) <> (webcrypto_key IS NULL)),
        CHECK ((moving_public IS NULL) = (moving_secret IS NULL AND moving_key IS NULL))
    ) STRICT;
    INSERT INTO main.cards_new (card_id, credential, device_secret, given_name, birth_year,
            companion, card_valid_until, clock_offset, added_at, refreshed_at, refresh_error)
        SELECT card_id, credential, device_secret, given_name, birth_year, companion,
            card_valid_until, clock_offset, added_at, refreshed_at, refresh_error
        FROM main.cards ORDER BY rowid;
    DROP TABLE main.cards;
    ALTER TABLE main.cards_new RENAME TO cards;
",
    // Visit limits (`visit_rule.rs` in core). A check-in may be an override at a limit or a
    // refusal there (`at_limit`, uploaded for the statistics; a refusal is no visit). A card keeps
    // what it has used of each limit as the server counted it at the last refresh
    // (`visit_counts`, JSON), and when that was (`counts_at`, device time).
    "
    ALTER TABLE main.checkins ADD COLUMN at_limit TEXT
        CHECK (at_limit IS NULL OR at_limit IN ('override', 'refused'));
    ALTER TABLE main.cards ADD COLUMN visit_counts TEXT;
    ALTER TABLE main.cards ADD COLUMN counts_at INTEGER;
",
];

/// The cached catalogue's own database (`catalogue`, attached to the phone's): the offers, their
/// search index and their thumbnails. Large, re-downloadable, and only written by a sync, so a
/// favourite or a card never rewrites it. `PRAGMA catalogue.user_version` counts these.
pub(super) const CATALOGUE_MIGRATIONS: &[&str] = &["
    CREATE TABLE catalogue.catalogue_meta (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) STRICT;
    -- The offer's JSON plus the columns filters and sorting need.
    CREATE TABLE catalogue.offers (
        id            TEXT PRIMARY KEY NOT NULL,
        data          TEXT NOT NULL,
        title_sort    TEXT NOT NULL,
        category      TEXT NOT NULL,
        district      TEXT NOT NULL,
        age_min       INTEGER NOT NULL,
        age_max       INTEGER NOT NULL,
        companion     INTEGER NOT NULL,
        lat           REAL,
        lon           REAL,
        accessibility TEXT NOT NULL,  -- ',step_free,hearing_loop,'
        weekdays      INTEGER NOT NULL, -- bit 0 = Monday: the weekdays it happens on
        dates         TEXT NOT NULL,    -- ',2026-12-05,2026-12-12,' for dated offers
        season_from   TEXT,
        season_to     TEXT,
        next_on       TEXT NOT NULL,    -- the next date it happens, from `next_for` in the meta,
        next_at       TEXT NOT NULL     -- or NO_NEXT_DATE/NO_NEXT_TIME (sorts last, uses the index)
    ) STRICT;
    CREATE INDEX catalogue.offers_by_category ON offers (category);
    CREATE INDEX catalogue.offers_by_district ON offers (district);
    CREATE INDEX catalogue.offers_by_title ON offers (title_sort, id);
    CREATE INDEX catalogue.offers_by_age ON offers (age_min, age_max);
    CREATE INDEX catalogue.offers_by_next ON offers (next_on, next_at, title_sort, id);
    -- Folded text (lower case, ø→o, æ→ae, å→a) so a search typed without Norwegian letters
    -- finds them; unicode61 removes the other diacritics. Its rowid is the offer row's rowid,
    -- so an offer's text is found and replaced through the rowid index, never by a scan.
    CREATE VIRTUAL TABLE catalogue.offers_fts USING fts5 (
        text, tokenize = 'unicode61 remove_diacritics 2'
    );
    -- Offer thumbnails kept for offline use, within a size budget.
    CREATE TABLE catalogue.images (
        path       TEXT PRIMARY KEY NOT NULL,
        jpeg       BLOB NOT NULL,
        fetched_at INTEGER NOT NULL
    ) STRICT;
"];

/// The attached catalogue database's schema name.
pub(crate) const CATALOGUE: &str = "catalogue";

/// The phone's own schema name.
pub(crate) const MAIN: &str = "main";

/// Applies the `migrations` of `schema` that it has not had, each in one transaction; returns the
/// numbers applied. A database from a newer app is refused untouched.
pub(super) fn migrate(
    conn: &mut Connection,
    schema: &str,
    migrations: &[&str],
) -> Result<Vec<usize>, StoreError> {
    let current: i64 = conn.pragma_query_value(Some(schema), "user_version", |r| r.get(0))?;
    if current < 0 || current as usize > migrations.len() {
        return Err(StoreError::TooNew {
            found: current,
            known: migrations.len(),
        });
    }
    let mut applied = Vec::new();
    for (i, sql) in migrations.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(Some(schema), "user_version", (i + 1) as i64)?;
        tx.commit()?;
        applied.push(i + 1);
    }
    Ok(applied)
}

/// Replaces `schema`'s database with `image`, which must pass SQLite's quick check.
pub(super) fn deserialize_checked(
    conn: &mut Connection,
    schema: &str,
    image: &[u8],
) -> Result<(), StoreError> {
    conn.deserialize_read_exact(schema, image, image.len(), false)?;
    let ok: String = conn
        .pragma_query_value(Some(schema), "quick_check", |r| r.get(0))
        .unwrap_or_else(|e| e.to_string());
    if ok != "ok" {
        return Err(StoreError::Corrupt(format!(
            "the saved database is damaged: {ok}"
        )));
    }
    Ok(())
}
