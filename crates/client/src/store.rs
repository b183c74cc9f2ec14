//! The local SQLite database: opening it, its schema migrations, and the catalogue cache (applying
//! a full or delta sync in one transaction, so a cut sync never leaves a mix of old and new).

use std::path::Path;

use aktivitetskortet_core::api::CatalogueResponse;
use aktivitetskortet_core::calendar::Date;
use aktivitetskortet_core::offer::{Offer, Schedule, fold};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

/// Schema migrations, applied in order; `PRAGMA user_version` counts them. Append only.
const MIGRATIONS: &[&str] = &["
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) STRICT;
    -- The cached catalogue: the offer's JSON plus the columns filters and sorting need.
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
        accessibility TEXT NOT NULL,  -- ',step_free,hearing_loop,'
        weekdays      INTEGER NOT NULL, -- bit 0 = Monday: the weekdays it happens on
        dates         TEXT NOT NULL,    -- ',2026-12-05,2026-12-12,' for dated offers
        season_from   TEXT,
        season_to     TEXT,
        next_on       TEXT NOT NULL,    -- the next date it happens, from `next_for` in meta,
        next_at       TEXT NOT NULL     -- or NO_NEXT_DATE/NO_NEXT_TIME (sorts last, uses the index)
    ) STRICT;
    CREATE INDEX offers_by_category ON offers (category);
    CREATE INDEX offers_by_district ON offers (district);
    CREATE INDEX offers_by_title ON offers (title_sort, id);
    CREATE INDEX offers_by_age ON offers (age_min, age_max);
    CREATE INDEX offers_by_next ON offers (next_on, next_at, title_sort, id);
    -- Folded text (lower case, ø→o, æ→ae, å→a) so a search typed without Norwegian letters
    -- finds them; unicode61 removes the other diacritics. Its rowid is the offer row's rowid,
    -- so an offer's text is found and replaced through the rowid index, never by a scan.
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
    -- Offer thumbnails kept for offline use, within a size budget.
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
"];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the local database failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "the local database is from a newer app version (schema {found}, this app knows {known})"
    )]
    TooNew { found: i64, known: usize },
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    #[error("the catalogue update is older than the catalogue held (version {update} < {held})")]
    StaleUpdate { update: u64, held: u64 },
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

/// The phone's database.
pub struct Store {
    pub(crate) conn: Connection,
}

impl Store {
    /// Opens (creating on first use) the database file at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::init(Connection::open(path)?)
    }

    /// A database in memory, for tests and for a first run before storage is granted.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Store, StoreError> {
        // WAL keeps the old catalogue readable while a sync writes the new one.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        // Deleted rows are overwritten, so a removed card's phone key does not linger in free
        // pages of the file.
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if current < 0 || current as usize > MIGRATIONS.len() {
            return Err(StoreError::TooNew {
                found: current,
                known: MIGRATIONS.len(),
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        reindex_if_needed(&mut conn)?;
        Ok(Store { conn })
    }

    /// The whole database as one byte image (SQLite's own file format), for keeping it where
    /// there is no file system: the web build stores it in IndexedDB.
    pub fn image(&mut self) -> Result<Vec<u8>, StoreError> {
        Ok(self.conn.serialize(rusqlite::MAIN_DB)?.to_vec())
    }

    /// A store from an image made by [`Store::image`], in memory; migrations run as on open.
    /// A damaged image is refused (and the caller starts empty), never half-read.
    pub fn from_image(image: &[u8]) -> Result<Store, StoreError> {
        let mut conn = Connection::open_in_memory()?;
        conn.deserialize_read_exact(rusqlite::MAIN_DB, image, image.len(), false)?;
        let ok: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if ok != "ok" {
            return Err(StoreError::Corrupt(format!(
                "the saved database is damaged: {ok}"
            )));
        }
        Store::init(conn)
    }

    pub(crate) fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub(crate) fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// One of the app's own settings (the card shown first, the venue's chosen offer ...), kept
    /// apart from the sync's bookkeeping by a prefix.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.meta(&format!("app.{key}"))
    }

    /// Sets (`Some`) or clears (`None`) one of the app's settings.
    pub fn set_setting(&mut self, key: &str, value: Option<&str>) -> Result<(), StoreError> {
        let key = format!("app.{key}");
        match value {
            Some(value) => Store::set_meta(&self.conn, &key, value),
            None => {
                self.conn
                    .execute("DELETE FROM meta WHERE key = ?1", [key])?;
                Ok(())
            }
        }
    }

    /// The database's size in bytes, for "storage used" in the settings.
    pub fn size_bytes(&self) -> Result<u64, StoreError> {
        let pages: i64 = self.conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        let size: i64 = self.conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        Ok((pages * size) as u64)
    }

    /// The catalogue version held; `None` before the first sync.
    pub fn catalogue_version(&self) -> Result<Option<u64>, StoreError> {
        Ok(self.meta("catalogue_version")?.and_then(|v| v.parse().ok()))
    }

    /// How many offers are cached.
    pub fn offer_count(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM offers", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    pub fn offer(&self, id: &str) -> Result<Option<Offer>, StoreError> {
        let data: Option<String> = self
            .conn
            .query_row("SELECT data FROM offers WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        Ok(match data {
            Some(json) => Some(serde_json::from_str(&json)?),
            None => None,
        })
    }

    /// Applies a sync response in one transaction: a full catalogue replaces what is held, a delta
    /// changes and removes offers. On any error nothing changes.
    pub fn apply_catalogue(
        &mut self,
        update: &CatalogueResponse,
        today: Date,
    ) -> Result<(), StoreError> {
        let held = self.catalogue_version()?;
        if !update.full
            && let Some(held) = held
            && update.version < held
        {
            return Err(StoreError::StaleUpdate {
                update: update.version,
                held,
            });
        }
        let tx = self.conn.transaction()?;
        if update.full {
            tx.execute("DELETE FROM offers", [])?;
            tx.execute("DELETE FROM offers_fts", [])?;
        }
        for id in &update.removed {
            tx.execute(
                "DELETE FROM offers_fts WHERE rowid = (SELECT rowid FROM offers WHERE id = ?1)",
                [id],
            )?;
            tx.execute("DELETE FROM offers WHERE id = ?1", [id])?;
        }
        {
            let mut put = OfferWriter::new(&tx)?;
            for offer in &update.offers {
                put.write(offer, today)?;
            }
        }
        Store::set_meta(&tx, "catalogue_version", &update.version.to_string())?;
        Store::set_meta(&tx, "next_for", &today.to_string())?;
        tx.commit()?;
        Ok(())
    }

    /// Recomputes each offer's next date when the day has changed since it was last done, so
    /// "soonest first" stays right offline.
    pub fn refresh_next_dates(&mut self, today: Date) -> Result<(), StoreError> {
        if self.meta("next_for")?.as_deref() == Some(today.to_string().as_str()) {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        {
            let mut read = tx.prepare("SELECT data FROM offers")?;
            let mut update =
                tx.prepare("UPDATE offers SET next_on = ?2, next_at = ?3 WHERE id = ?1")?;
            let rows = read.query_map([], |r| r.get::<_, String>(0))?;
            for json in rows {
                let offer: Offer = serde_json::from_str(&json?)?;
                let (on, at) = next_columns(offer.next_occurrence(today));
                update.execute(params![offer.id, on, at])?;
            }
        }
        Store::set_meta(&tx, "next_for", &today.to_string())?;
        tx.commit()?;
        Ok(())
    }
}

/// Stored as the next date of an offer that has none coming: sorts after every real date, so
/// "soonest first" is a plain index order.
pub(crate) const NO_NEXT_DATE: &str = "9999-12-31";
pub(crate) const NO_NEXT_TIME: &str = "99:99";

pub(crate) fn next_columns(
    next: Option<(Date, aktivitetskortet_core::calendar::Time)>,
) -> (String, String) {
    match next {
        Some((d, t)) => (d.to_string(), t.to_string()),
        None => (NO_NEXT_DATE.to_owned(), NO_NEXT_TIME.to_owned()),
    }
}

/// Writes offers with prepared statements (a full sync of 10 000 offers reuses them).
struct OfferWriter<'t> {
    old_rowid: rusqlite::Statement<'t>,
    offer: rusqlite::Statement<'t>,
    fts_delete: rusqlite::Statement<'t>,
    fts_insert: rusqlite::Statement<'t>,
    tx: &'t Transaction<'t>,
}

impl<'t> OfferWriter<'t> {
    fn new(tx: &'t Transaction) -> Result<OfferWriter<'t>, StoreError> {
        Ok(OfferWriter {
            old_rowid: tx.prepare("SELECT rowid FROM offers WHERE id = ?1")?,
            tx,
            offer: tx.prepare(
                "INSERT OR REPLACE INTO offers (id, data, title_sort, category, district, age_min,
                     age_max, companion, lat, lon, accessibility, weekdays, dates, season_from,
                     season_to, next_on, next_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            )?,
            fts_delete: tx.prepare("DELETE FROM offers_fts WHERE rowid = ?1")?,
            fts_insert: tx.prepare("INSERT INTO offers_fts (rowid, text) VALUES (?1, ?2)")?,
        })
    }

    fn write(&mut self, offer: &Offer, today: Date) -> Result<(), StoreError> {
        let mut weekdays = 0u8;
        let mut dates = String::from(",");
        match &offer.schedule {
            Schedule::Weekly { slots } => {
                for slot in slots {
                    weekdays |= 1 << slot.weekday as u8;
                }
            }
            Schedule::Dates { dates: list } => {
                for o in list {
                    weekdays |= 1 << o.date.weekday() as u8;
                    dates.push_str(&o.date.to_string());
                    dates.push(',');
                }
            }
        }
        let accessibility = offer
            .accessibility
            .iter()
            .fold(String::from(","), |acc, a| acc + a.slug() + ",");
        let next = next_columns(offer.next_occurrence(today));
        let old: Option<i64> = self
            .old_rowid
            .query_row([&offer.id], |r| r.get(0))
            .optional()?;
        if let Some(rowid) = old {
            self.fts_delete.execute([rowid])?;
        }
        self.offer.execute(params![
            offer.id,
            serde_json::to_string(offer)?,
            fold(&offer.title.nb),
            offer.category.slug(),
            offer.district.slug(),
            offer.age_min,
            offer.age_max,
            offer.companion_included,
            offer.location.map(|p| p.lat),
            offer.location.map(|p| p.lon),
            accessibility,
            weekdays,
            dates,
            offer.season.map(|s| s.from.to_string()),
            offer.season.map(|s| s.to.to_string()),
            next.0,
            next.1,
        ])?;
        let rowid = self.tx.last_insert_rowid();
        self.fts_insert
            .execute(params![rowid, search_text(offer)])?;
        Ok(())
    }
}

/// What the search index holds for an offer, folded: everything a family might type. Titles and
/// summaries in every language, the venue, the organiser, the district's name, the category's
/// words in every language and the description. Changing it means raising
/// [`SEARCH_INDEX_VERSION`].
fn search_text(offer: &Offer) -> String {
    let mut text = String::new();
    for t in [&offer.title, &offer.summary] {
        for s in [Some(&t.nb), t.en.as_ref(), t.uk.as_ref(), t.ar.as_ref()]
            .into_iter()
            .flatten()
        {
            text.push_str(s);
            text.push(' ');
        }
    }
    text.push_str(&format!(
        "{} {} {} {} {}",
        offer.venue,
        offer.organiser,
        offer.district.name(),
        offer.category.search_words(),
        offer.description.nb
    ));
    fold(&text)
}

/// The version of [`search_text`]: a store indexed by an older app is re-indexed from its cached
/// offers when it opens, so an update improves search without waiting for a sync.
const SEARCH_INDEX_VERSION: &str = "2";

/// Rebuilds the search index from the cached offers if it was made by another version of
/// [`search_text`]; one transaction.
fn reindex_if_needed(conn: &mut Connection) -> Result<(), StoreError> {
    let held: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'search_index'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if held.as_deref() == Some(SEARCH_INDEX_VERSION) {
        return Ok(());
    }
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM offers_fts", [])?;
    {
        let mut rows = tx.prepare("SELECT rowid, data FROM offers")?;
        let mut insert = tx.prepare("INSERT INTO offers_fts (rowid, text) VALUES (?1, ?2)")?;
        let offers = rows.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in offers {
            let (rowid, data) = row?;
            let offer: Offer = serde_json::from_str(&data)?;
            insert.execute(params![rowid, search_text(&offer)])?;
        }
    }
    Store::set_meta(&tx, "search_index", SEARCH_INDEX_VERSION)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_round_trips_and_a_damaged_one_is_refused() {
        let mut store = Store::open_in_memory().unwrap();
        Store::set_meta(&store.conn, "catalogue_version", "5").unwrap();
        let image = store.image().unwrap();
        assert_eq!(&image[..16], b"SQLite format 3\0");
        let copy = Store::from_image(&image).unwrap();
        assert_eq!(copy.catalogue_version().unwrap(), Some(5));
        assert!(Store::from_image(b"not a database").is_err());
        let mut torn = image.clone();
        torn.truncate(image.len() / 2);
        assert!(
            Store::from_image(&torn).is_err(),
            "half an image is not a database"
        );
    }

    #[test]
    fn settings_are_kept_apart_from_the_sync_state_and_can_be_cleared() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.setting("selected_card").unwrap(), None);
        store.set_setting("selected_card", Some("00ab")).unwrap();
        store.set_setting("catalogue_version", Some("99")).unwrap();
        assert_eq!(
            store.setting("selected_card").unwrap().as_deref(),
            Some("00ab")
        );
        // A setting cannot overwrite the sync's own bookkeeping.
        assert_eq!(store.catalogue_version().unwrap(), None);
        store.set_setting("selected_card", None).unwrap();
        assert_eq!(store.setting("selected_card").unwrap(), None);
        let size = store.size_bytes().unwrap();
        assert!(
            size >= 4096 && size == store.image().unwrap().len() as u64,
            "{size}"
        );
    }
}
