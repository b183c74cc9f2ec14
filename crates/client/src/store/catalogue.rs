//! The cached catalogue: applying a full or delta sync in one transaction (so a cut sync never
//! leaves a mix of old and new), the offers' next dates, and the search index kept beside them.

use aktivitetskortet_core::api::CatalogueResponse;
use aktivitetskortet_core::calendar::Date;
use aktivitetskortet_core::offer::{Offer, Schedule, fold};
use aktivitetskortet_core::visit_rule::CategoryRule;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{Catalogue, Store, StoreError};

impl Catalogue<'_> {
    /// The catalogue version held; `None` before the first sync.
    pub fn catalogue_version(&self) -> Result<Option<u64>, StoreError> {
        Ok(self
            .catalogue_meta("catalogue_version")?
            .and_then(|v| v.parse().ok()))
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
        Store::set_catalogue_meta(&tx, "catalogue_version", &update.version.to_string())?;
        Store::set_catalogue_meta(&tx, "next_for", &today.to_string())?;
        // Every answer carries all of them: what is held is replaced.
        Store::set_catalogue_meta(
            &tx,
            "category_rules",
            &serde_json::to_string(&update.category_rules)?,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The categories' visit rules as the last sync gave them (none before one, or from a server
    /// before visit rules).
    pub fn category_rules(&self) -> Result<Vec<CategoryRule>, StoreError> {
        match self.catalogue_meta("category_rules")? {
            Some(json) => Ok(serde_json::from_str(&json)?),
            None => Ok(Vec::new()),
        }
    }

    /// Recomputes each offer's next date when the day has changed since it was last done, so
    /// "soonest first" stays right offline.
    pub fn refresh_next_dates(&mut self, today: Date) -> Result<(), StoreError> {
        if self.catalogue_meta("next_for")?.as_deref() == Some(today.to_string().as_str()) {
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
        Store::set_catalogue_meta(&tx, "next_for", &today.to_string())?;
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
pub(super) fn reindex_if_needed(conn: &mut Connection) -> Result<(), StoreError> {
    let held: Option<String> = conn
        .query_row(
            "SELECT value FROM catalogue_meta WHERE key = 'search_index'",
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
    Store::set_catalogue_meta(&tx, "search_index", SEARCH_INDEX_VERSION)?;
    tx.commit()?;
    Ok(())
}
