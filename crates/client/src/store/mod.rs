//! The phone's local SQLite store: its own database and the catalogue's, opened and saved
//! apart (see `schema`), the meta and settings they keep, and the errors of both.

mod catalogue;
mod schema;

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

pub(crate) use catalogue::NO_NEXT_DATE;
use catalogue::reindex_if_needed;
pub(crate) use schema::CATALOGUE;
use schema::{CATALOGUE_MIGRATIONS, HOLDER_MIGRATIONS, MAIN, deserialize_checked, migrate};

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
    #[error("{0} check-in(s) on this device are not uploaded yet; upload them first")]
    CheckinsWaiting(u64),
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

/// Why a saved image was kept aside instead of opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetAside {
    /// It could not be read: damaged.
    Damaged,
    /// It was saved by a newer version of the app.
    Newer,
}

impl SetAside {
    /// As kept in the phone's settings until the holder has read the message.
    pub fn as_str(self) -> &'static str {
        match self {
            SetAside::Damaged => "damaged",
            SetAside::Newer => "newer",
        }
    }

    pub fn parse(text: &str) -> Option<SetAside> {
        match text {
            "damaged" => Some(SetAside::Damaged),
            "newer" => Some(SetAside::Newer),
            _ => None,
        }
    }
}

/// A store opened from where it was saved (the web build's images; elsewhere its files).
pub struct Opened {
    pub store: Store,
    /// The image came from the first release: its catalogue is in the store but not yet saved
    /// as an image of its own (save both, then the old image goes).
    pub migrated: bool,
    /// The saved image could not be opened and was kept aside under another key (never
    /// overwritten); the store is new and empty.
    pub set_aside: Option<SetAside>,
}

/// The phone's database: its own (`main`) with the catalogue's attached (`catalogue`), one
/// connection, so a search can ask for favourites in one query, while each half keeps its own
/// file or image and is saved on its own.
pub struct Store {
    pub(crate) conn: Connection,
}

/// The store by concern: each view owns one, over the store's one connection, and the screens
/// call these rather than the store itself. `Deref` gives each the store's own helpers (its
/// connection, meta and settings), never another concern's methods.
macro_rules! view {
    ($(#[$doc:meta])* $name:ident, $open:ident) => {
        $(#[$doc])*
        pub struct $name<'s>(&'s mut Store);

        impl std::ops::Deref for $name<'_> {
            type Target = Store;
            fn deref(&self) -> &Store {
                self.0
            }
        }

        impl std::ops::DerefMut for $name<'_> {
            fn deref_mut(&mut self) -> &mut Store {
                self.0
            }
        }

        impl Store {
            pub fn $open(&mut self) -> $name<'_> {
                $name(self)
            }
        }
    };
}

view!(
    /// The holder's cards (activation, refresh, the QR code) and favourites (`wallet.rs`,
    /// `search.rs`).
    Wallet,
    wallet
);
view!(
    /// The cached catalogue: syncs, offers, search and thumbnails (`store/catalogue.rs`,
    /// `sync.rs`, `staged.rs`, `search.rs`).
    Catalogue,
    catalogue
);
view!(
    /// A venue device's desk: its setup, the signed lists and the check-in queue (`venue.rs`,
    /// `verifier.rs`).
    Desk,
    desk
);

impl Store {
    /// Opens (creating on first use) the database file at `path`, with the catalogue's beside it
    /// (`NAME-catalogue.sqlite`). A file of the first release has its catalogue moved out.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        let catalogue = path.with_file_name(format!("{stem}-catalogue.sqlite"));
        conn.execute(
            "ATTACH DATABASE ?1 AS catalogue",
            [catalogue.to_string_lossy()],
        )?;
        Store::init(conn)
    }

    /// A database in memory, for tests and for a first run before storage is granted.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch("ATTACH DATABASE ':memory:' AS catalogue")?;
        Store::init(conn)
    }

    fn init(mut conn: Connection) -> Result<Store, StoreError> {
        for schema in [MAIN, CATALOGUE] {
            // WAL keeps the old catalogue readable while a sync writes the new one.
            let _mode: String =
                conn.pragma_update_and_check(Some(schema), "journal_mode", "WAL", |r| r.get(0))?;
            // Deleted rows are overwritten, so a removed card's phone key does not linger in
            // free pages of the file.
            conn.pragma_update(Some(schema), "secure_delete", "ON")?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // The catalogue's tables first: the phone's second migration moves into them.
        migrate(&mut conn, CATALOGUE, CATALOGUE_MIGRATIONS)?;
        let moved = migrate(&mut conn, MAIN, HOLDER_MIGRATIONS)?;
        if moved.contains(&2) {
            // Give back the pages the catalogue used: the phone's image shrinks to its own data.
            conn.execute_batch("VACUUM main")?;
        }
        reindex_if_needed(&mut conn)?;
        Ok(Store { conn })
    }

    /// The phone's own database as one byte image (SQLite's own file format), for keeping it
    /// where there is no file system: the web build stores it in IndexedDB. Small: the cards,
    /// favourites, settings and a venue's lists and queue, never the catalogue.
    pub fn image(&mut self) -> Result<Vec<u8>, StoreError> {
        Ok(self.conn.serialize(MAIN)?.to_vec())
    }

    /// The catalogue's database as one byte image, saved apart from [`Store::image`].
    pub fn catalogue_image(&mut self) -> Result<Vec<u8>, StoreError> {
        Ok(self.conn.serialize(CATALOGUE)?.to_vec())
    }

    /// A store from an image made by [`Store::image`] (or a whole store of the first release),
    /// in memory, with an empty catalogue until [`Store::load_catalogue_image`]; migrations run
    /// as on open. A damaged image, or one from a newer app, is refused, never half-read.
    pub fn from_image(image: &[u8]) -> Result<Store, StoreError> {
        let mut conn = Connection::open_in_memory()?;
        deserialize_checked(&mut conn, MAIN, image)?;
        conn.execute_batch("ATTACH DATABASE ':memory:' AS catalogue")?;
        Store::init(conn)
    }

    /// Puts the catalogue image `image` (made by [`Store::catalogue_image`]) in place of the
    /// catalogue held. It is checked on a connection of its own first, so a damaged or too new
    /// one is refused without touching the catalogue held.
    pub fn load_catalogue_image(&mut self, image: &[u8]) -> Result<(), StoreError> {
        self.put_catalogue_image(image, true)
    }

    /// [`Store::load_catalogue_image`], checked first or (an image this app serialized a moment
    /// ago, from a staged sync) not: checking 13 MB would cost the phone a long pause for
    /// nothing.
    pub(crate) fn put_catalogue_image(
        &mut self,
        image: &[u8],
        check: bool,
    ) -> Result<(), StoreError> {
        if check {
            let mut scratch = Connection::open_in_memory()?;
            deserialize_checked(&mut scratch, MAIN, image)?;
            let version: i64 = scratch.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if version < 0 || version as usize > CATALOGUE_MIGRATIONS.len() {
                return Err(StoreError::TooNew {
                    found: version,
                    known: CATALOGUE_MIGRATIONS.len(),
                });
            }
        }
        self.conn
            .deserialize_read_exact(CATALOGUE, image, image.len(), false)?;
        migrate(&mut self.conn, CATALOGUE, CATALOGUE_MIGRATIONS)?;
        reindex_if_needed(&mut self.conn)
    }

    pub(crate) fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        read_meta(&self.conn, "meta", key)
    }

    pub(crate) fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
        write_meta(conn, "meta", key, value)
    }

    /// The catalogue's own bookkeeping (its version, the day next dates were computed for, the
    /// search index's version), kept in the catalogue's database so it changes with the offers.
    pub(crate) fn catalogue_meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        read_meta(&self.conn, "catalogue_meta", key)
    }

    pub(crate) fn set_catalogue_meta(
        conn: &Connection,
        key: &str,
        value: &str,
    ) -> Result<(), StoreError> {
        write_meta(conn, "catalogue_meta", key, value)
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

    /// Deletes everything the store holds, in one transaction: the cards with their phone keys'
    /// secrets or names, favourites, settings, a venue's setup and lists, and the catalogue with
    /// its images; then compacts both files (deleted rows are overwritten: `secure_delete`).
    /// Returns the names of the WebCrypto keys the cards used, to delete once the emptied store
    /// is saved. Refused, changing nothing, while check-ins wait to be uploaded: staff were told
    /// they were recorded.
    pub fn wipe(&mut self) -> Result<Vec<String>, StoreError> {
        let waiting: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM checkins WHERE uploaded = 0",
            [],
            |r| r.get(0),
        )?;
        if waiting > 0 {
            return Err(StoreError::CheckinsWaiting(waiting as u64));
        }
        let keys = self.wallet().phone_keys_in_use()?;
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM main.cards; DELETE FROM main.favourites; DELETE FROM main.meta;
             DELETE FROM main.lists; DELETE FROM main.checkins;
             DELETE FROM catalogue.offers; DELETE FROM catalogue.offers_fts;
             DELETE FROM catalogue.images; DELETE FROM catalogue.catalogue_meta;",
        )?;
        tx.commit()?;
        self.conn.execute_batch("VACUUM main; VACUUM catalogue;")?;
        Ok(keys)
    }

    /// The size in bytes of the phone's database and the catalogue's, for "storage used" in the
    /// settings.
    pub fn size_bytes(&self) -> Result<u64, StoreError> {
        let mut total = 0;
        for schema in [MAIN, CATALOGUE] {
            let pages: i64 = self
                .conn
                .pragma_query_value(Some(schema), "page_count", |r| r.get(0))?;
            let size: i64 = self
                .conn
                .pragma_query_value(Some(schema), "page_size", |r| r.get(0))?;
            total += (pages * size) as u64;
        }
        Ok(total)
    }
}

/// A value of one of the two key–value tables (`meta`, `catalogue_meta`: a name from this file).
fn read_meta(conn: &Connection, table: &str, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            &format!("SELECT value FROM {table} WHERE key = ?1"),
            [key],
            |r| r.get(0),
        )
        .optional()?)
}

fn write_meta(conn: &Connection, table: &str, key: &str, value: &str) -> Result<(), StoreError> {
    conn.execute(
        &format!(
            "INSERT INTO {table} (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        params![key, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_images_round_trip_and_a_damaged_one_is_refused() {
        let mut store = Store::open_in_memory().unwrap();
        store.set_setting("selected_card", Some("00ab")).unwrap();
        Store::set_catalogue_meta(&store.conn, "catalogue_version", "5").unwrap();
        let image = store.image().unwrap();
        let catalogue = store.catalogue_image().unwrap();
        assert_eq!(&image[..16], b"SQLite format 3\0");
        assert_eq!(&catalogue[..16], b"SQLite format 3\0");

        let mut copy = Store::from_image(&image).unwrap();
        assert_eq!(
            copy.setting("selected_card").unwrap().as_deref(),
            Some("00ab")
        );
        assert_eq!(
            copy.catalogue().catalogue_version().unwrap(),
            None,
            "not loaded yet"
        );
        copy.load_catalogue_image(&catalogue).unwrap();
        assert_eq!(copy.catalogue().catalogue_version().unwrap(), Some(5));

        assert!(Store::from_image(b"not a database").is_err());
        let mut torn = image.clone();
        torn.truncate(image.len() / 2);
        assert!(
            Store::from_image(&torn).is_err(),
            "half an image is not a database"
        );
        // A damaged catalogue changes nothing: the one held stays.
        let mut torn = catalogue.clone();
        torn.truncate(catalogue.len() / 2);
        assert!(copy.load_catalogue_image(&torn).is_err());
        assert!(
            copy.load_catalogue_image(&image).is_err(),
            "not a catalogue"
        );
        assert_eq!(copy.catalogue().catalogue_version().unwrap(), Some(5));
    }

    #[test]
    fn an_image_from_a_newer_app_is_refused_by_name() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .conn
            .pragma_update(Some(MAIN), "user_version", 99)
            .unwrap();
        let image = store.image().unwrap();
        assert!(matches!(
            Store::from_image(&image),
            Err(StoreError::TooNew { found: 99, .. })
        ));
    }

    #[test]
    fn a_setting_rewrites_only_the_small_image() {
        let mut store = Store::open_in_memory().unwrap();
        let before = store.catalogue_image().unwrap();
        store.set_setting("language", Some("uk")).unwrap();
        assert_eq!(store.catalogue_image().unwrap(), before);
        assert!(store.image().unwrap().len() <= 64 * 1024);
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
        assert_eq!(store.catalogue().catalogue_version().unwrap(), None);
        store.set_setting("selected_card", None).unwrap();
        assert_eq!(store.setting("selected_card").unwrap(), None);
        let size = store.size_bytes().unwrap();
        let images = store.image().unwrap().len() + store.catalogue_image().unwrap().len();
        assert!(size >= 4096 && size == images as u64, "{size}");
    }

    /// What the first release saved in a browser (`tests/fixtures/make-release-1.mjs`).
    const RELEASE_1: &[u8] = include_bytes!("../../tests/fixtures/store-release-1.sqlite");

    fn assert_release_1(store: &mut Store) {
        let cards = store.wallet().cards().unwrap();
        let names: Vec<_> = cards.iter().map(|c| c.given_name.as_str()).collect();
        assert_eq!(names, ["Mariia", "Taras"]);
        assert_eq!(
            store.setting("selected_card").unwrap().as_deref(),
            Some(cards[1].card_id.as_str())
        );
        assert_eq!(store.wallet().favourites().unwrap(), ["kode-familiesondag"]);
        assert!(store.catalogue().offer_count().unwrap() >= 100);
        assert!(store.catalogue().catalogue_version().unwrap().is_some());
        let tables: Vec<String> = store
            .conn
            .prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(tables, ["cards", "checkins", "favourites", "lists", "meta"]);
    }

    #[test]
    fn the_first_releases_image_opens_with_its_catalogue_moved_out() {
        let mut store = Store::from_image(RELEASE_1).unwrap();
        assert_release_1(&mut store);
        let query = crate::search::OfferQuery {
            text: "familiesondag".into(),
            ..Default::default()
        };
        let today = "2026-12-02".parse().unwrap();
        assert_eq!(
            store.catalogue().search(&query, today).unwrap().total,
            1,
            "re-indexed"
        );
        // The phone's own image is now a fraction of the old whole.
        let small = store.image().unwrap().len();
        assert!(
            small * 4 < RELEASE_1.len(),
            "{small} of {}",
            RELEASE_1.len()
        );
        // Saved as two images, it opens again as it was.
        let mut again = Store::from_image(&store.image().unwrap()).unwrap();
        again
            .load_catalogue_image(&store.catalogue_image().unwrap())
            .unwrap();
        assert_release_1(&mut again);
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_first_releases_file_is_migrated_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("aktivitetskortet.sqlite");
        std::fs::write(&path, RELEASE_1).unwrap();
        assert_release_1(&mut Store::open(&path).unwrap());
        assert!(
            dir.path()
                .join("aktivitetskortet-catalogue.sqlite")
                .exists()
        );
        assert_release_1(&mut Store::open(&path).unwrap());
    }
}
