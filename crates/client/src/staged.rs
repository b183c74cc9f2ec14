//! A large full catalogue applied in small steps on a catalogue database of its own, then put in
//! place of the phone's at once: the screens keep the old catalogue, and stay responsive, while a
//! 5,000-offer sync is written; a sync cut half-way leaves the old catalogue whole.

use aktivitetskortet_core::api::CatalogueResponse;
use aktivitetskortet_core::calendar::Date;
use aktivitetskortet_core::offer::{Offer, OfferId};
use aktivitetskortet_core::visit_rule::CategoryRule;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::http::{Backend, Fetched, HttpError};
use crate::store::{Catalogue, Store, StoreError};
use crate::sync::{Outcome, SyncError, catalogue_path, record};

/// A catalogue response whose offers are kept as JSON text, each parsed when it is written.
#[derive(Debug, Deserialize)]
pub struct RawCatalogue {
    pub version: u64,
    pub full: bool,
    pub offers: Vec<Box<RawValue>>,
    #[serde(default)]
    pub removed: Vec<OfferId>,
    #[serde(default)]
    pub category_rules: Vec<CategoryRule>,
}

impl RawCatalogue {
    /// The whole response parsed at once (what a delta needs: it is small).
    pub fn parse(self) -> Result<CatalogueResponse, HttpError> {
        let offers = self
            .offers
            .iter()
            .map(|raw| serde_json::from_str(raw.get()))
            .collect::<Result<Vec<Offer>, _>>()
            .map_err(|e| HttpError::BadResponse(format!("an offer in the catalogue: {e}")))?;
        Ok(CatalogueResponse {
            version: self.version,
            full: self.full,
            offers,
            removed: self.removed,
            category_rules: self.category_rules,
        })
    }

    /// Whether applying it in steps is worth it: a full catalogue of more than `step` offers.
    pub fn is_large(&self, step: usize) -> bool {
        self.full && self.offers.len() > step
    }
}

/// The network half of a sync, with the offers left as text (see [`RawCatalogue`]).
pub async fn fetch_raw_catalogue(
    backend: &Backend,
    since: Option<u64>,
) -> Result<Fetched<RawCatalogue>, HttpError> {
    backend.get_json(&catalogue_path(since), None).await
}

/// A full catalogue being written, step by step, into a store of its own.
pub struct StagedCatalogue {
    scratch: Store,
    version: u64,
    category_rules: Vec<CategoryRule>,
    today: Date,
    count: usize,
    offers: std::vec::IntoIter<Box<RawValue>>,
}

impl StagedCatalogue {
    pub fn new(raw: RawCatalogue, today: Date) -> Result<StagedCatalogue, StoreError> {
        let mut scratch = Store::open_in_memory()?;
        let empty = CatalogueResponse {
            version: raw.version,
            full: true,
            offers: Vec::new(),
            removed: Vec::new(),
            category_rules: raw.category_rules,
        };
        scratch.catalogue().apply_catalogue(&empty, today)?;
        Ok(StagedCatalogue {
            scratch,
            version: raw.version,
            category_rules: empty.category_rules,
            today,
            count: raw.offers.len(),
            offers: raw.offers.into_iter(),
        })
    }

    /// Parses and writes up to `n` more offers (one transaction); `true` once all are written.
    pub fn step(&mut self, n: usize) -> Result<bool, StoreError> {
        let offers = self
            .offers
            .by_ref()
            .take(n)
            .map(|raw| serde_json::from_str(raw.get()))
            .collect::<Result<Vec<Offer>, _>>()?;
        if !offers.is_empty() {
            let part = CatalogueResponse {
                version: self.version,
                full: false,
                offers,
                removed: Vec::new(),
                category_rules: self.category_rules.clone(),
            };
            self.scratch
                .catalogue()
                .apply_catalogue(&part, self.today)?;
        }
        Ok(self.offers.len() == 0)
    }

    /// The written catalogue as an image, for [`Store::finish_staged_sync`].
    pub fn finish(mut self) -> Result<StagedImage, StoreError> {
        Ok(StagedImage {
            image: self.scratch.catalogue_image()?,
            version: self.version,
            count: self.count,
        })
    }
}

/// A finished [`StagedCatalogue`].
pub struct StagedImage {
    image: Vec<u8>,
    version: u64,
    count: usize,
}

impl Catalogue<'_> {
    /// The store half of a staged sync: puts the staged catalogue in place of the one held (or,
    /// when staging failed, keeps it) and records the attempt at `now`.
    pub fn finish_staged_sync(
        &mut self,
        staged: Result<StagedImage, SyncError>,
        now: u64,
    ) -> Result<Outcome, SyncError> {
        let result = staged.and_then(|staged| {
            self.put_catalogue_image(&staged.image, false)?;
            Ok(Outcome::Updated {
                version: staged.version,
                full: true,
                changed: staged.count,
                removed: 0,
            })
        });
        let state = record(
            &self.sync_state()?,
            &result.as_ref().map(Clone::clone).map_err(|e| e.to_string()),
            now,
        );
        self.save_sync_state(&state)?;
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(version: u64, full: bool, ids: &[&str]) -> RawCatalogue {
        let offers: Vec<serde_json::Value> = ids
            .iter()
            .map(|id| {
                serde_json::json!({
                    "id": id,
                    "title": { "nb": format!("Tilbud {id}") },
                    "summary": { "nb": "For barn og unge." },
                    "description": { "nb": "Gratis med aktivitetskortet." },
                    "category": "swimming",
                    "organiser": "Bergen kommune",
                    "venue": "Svømmehallen",
                    "address": "Myrdalsvegen 2, 5130 Nyborg",
                    "district": "asane",
                    "age_min": 6,
                    "age_max": 12,
                    "schedule": { "kind": "weekly", "slots": [{ "weekday": "saturday", "start": "12:00" }] },
                    "companion_included": true
                })
            })
            .collect();
        let body = serde_json::json!({ "version": version, "full": full, "offers": offers, "removed": [] });
        serde_json::from_value(body).unwrap()
    }

    fn today() -> Date {
        "2026-12-02".parse().unwrap()
    }

    #[test]
    fn a_staged_catalogue_replaces_the_one_held_at_once() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .catalogue()
            .apply_catalogue(&raw(1, true, &["old"]).parse().unwrap(), today())
            .unwrap();
        let big = raw(9, true, &["a", "b", "c", "d", "e"]);
        assert!(big.is_large(2) && !big.is_large(5));
        let mut staged = StagedCatalogue::new(big, today()).unwrap();
        assert!(!staged.step(2).unwrap());
        // Half-way, the phone's catalogue is still the old one.
        assert_eq!(store.catalogue().offer_count().unwrap(), 1);
        assert!(!staged.step(2).unwrap());
        assert!(staged.step(2).unwrap());
        let outcome = store
            .catalogue()
            .finish_staged_sync(Ok(staged.finish().unwrap()), 100)
            .unwrap();
        assert_eq!(
            outcome,
            Outcome::Updated {
                version: 9,
                full: true,
                changed: 5,
                removed: 0
            }
        );
        assert_eq!(store.catalogue().catalogue_version().unwrap(), Some(9));
        assert_eq!(store.catalogue().offer_count().unwrap(), 5);
        assert!(store.catalogue().offer("old").unwrap().is_none());
        assert_eq!(
            store.catalogue().sync_state().unwrap().last_success_at,
            Some(100)
        );
    }

    #[test]
    fn a_bad_offer_fails_the_staged_sync_and_keeps_the_catalogue() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .catalogue()
            .apply_catalogue(&raw(1, true, &["old"]).parse().unwrap(), today())
            .unwrap();
        let mut bad = raw(2, true, &["a", "b"]);
        bad.offers[1] = RawValue::from_string(r#"{"id": "b"}"#.into()).unwrap();
        assert!(bad.parse().is_err(), "a delta with it is refused too");
        let mut bad = raw(2, true, &["a", "b"]);
        bad.offers[1] = RawValue::from_string(r#"{"id": "b"}"#.into()).unwrap();
        let mut staged = StagedCatalogue::new(bad, today()).unwrap();
        let failed = staged.step(1).and_then(|_| staged.step(1));
        assert!(failed.is_err());
        let result = store
            .catalogue()
            .finish_staged_sync(Err(SyncError::Store(failed.unwrap_err())), 100);
        assert!(result.is_err());
        assert_eq!(store.catalogue().catalogue_version().unwrap(), Some(1));
        assert_eq!(store.catalogue().offer("old").unwrap().unwrap().id, "old");
        let state = store.catalogue().sync_state().unwrap();
        assert_eq!((state.failures, state.last_attempt_at), (1, Some(100)));
    }
}
