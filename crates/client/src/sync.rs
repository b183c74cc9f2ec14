//! Keeping the catalogue up to date: deciding when to sync (plain data, tested without a network)
//! and doing it (one request, one transaction), plus thumbnails within a size budget.
//!
//! A sync that fails in any way (no network, a cut answer, a server error, a malformed body)
//! changes nothing but the record of the attempt: the previous catalogue stays whole and usable.

use aktivitetskortet_core::api::CatalogueResponse;
use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::calendar::Date;

use crate::http::{Backend, Fetched, HttpError};
use crate::store::{Catalogue, Store, StoreError};

/// When to sync. Seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncPolicy {
    /// After a success, wait this long before the next automatic sync.
    pub interval: u64,
    /// After a failure, wait this long, doubling with each further failure ...
    pub first_backoff: u64,
    /// ... up to this.
    pub max_backoff: u64,
}

impl Default for SyncPolicy {
    fn default() -> SyncPolicy {
        SyncPolicy {
            interval: 15 * 60,
            first_backoff: 30,
            max_backoff: 60 * 60,
        }
    }
}

/// What the phone remembers about syncing (shown as "last updated" and "could not update").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncState {
    pub last_success_at: Option<u64>,
    pub last_attempt_at: Option<u64>,
    /// Why the last attempt failed; `None` after a success.
    pub last_error: Option<String>,
    /// Failures since the last success.
    pub failures: u32,
}

/// What to do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Ask for the changes since `since` (everything when `None`).
    SyncNow { since: Option<u64> },
    /// Nothing until this time.
    WaitUntil(u64),
}

/// Decides whether to sync at `now`. `forced` is the user's "sync now": it skips the interval but
/// not the backoff's first step, so a button pressed repeatedly does not hammer the server.
pub fn decide(
    state: &SyncState,
    version: Option<u64>,
    now: u64,
    forced: bool,
    policy: &SyncPolicy,
) -> Decision {
    let go = Decision::SyncNow { since: version };
    let Some(last_attempt) = state.last_attempt_at else {
        return go;
    };
    if state.failures > 0 {
        let exponent = (state.failures - 1).min(20);
        let wait = policy
            .first_backoff
            .saturating_mul(1 << exponent)
            .min(policy.max_backoff);
        let wait = if forced {
            wait.min(policy.first_backoff)
        } else {
            wait
        };
        let at = last_attempt.saturating_add(wait);
        return if now >= at {
            go
        } else {
            Decision::WaitUntil(at)
        };
    }
    if forced || version.is_none() {
        return go;
    }
    let at = state
        .last_success_at
        .unwrap_or(0)
        .saturating_add(policy.interval);
    if now >= at {
        go
    } else {
        Decision::WaitUntil(at)
    }
}

/// How a sync ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Updated {
        version: u64,
        full: bool,
        changed: usize,
        removed: usize,
    },
    Unchanged,
}

/// The new state after an attempt at `now`.
pub fn record(state: &SyncState, result: &Result<Outcome, String>, now: u64) -> SyncState {
    match result {
        Ok(_) => SyncState {
            last_success_at: Some(now),
            last_attempt_at: Some(now),
            last_error: None,
            failures: 0,
        },
        Err(why) => SyncState {
            last_success_at: state.last_success_at,
            last_attempt_at: Some(now),
            last_error: Some(why.clone()),
            failures: state.failures.saturating_add(1),
        },
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Http(#[from] HttpError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Catalogue<'_> {
    pub fn sync_state(&self) -> Result<SyncState, StoreError> {
        let num = |key| -> Result<Option<u64>, StoreError> {
            Ok(self.meta(key)?.and_then(|v| v.parse().ok()))
        };
        Ok(SyncState {
            last_success_at: num("sync_last_success")?,
            last_attempt_at: num("sync_last_attempt")?,
            last_error: self.meta("sync_last_error")?.filter(|e| !e.is_empty()),
            failures: num("sync_failures")?.unwrap_or(0) as u32,
        })
    }

    pub(crate) fn save_sync_state(&mut self, state: &SyncState) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let opt = |v: Option<u64>| v.map_or(String::new(), |v| v.to_string());
        Store::set_meta(&tx, "sync_last_success", &opt(state.last_success_at))?;
        Store::set_meta(&tx, "sync_last_attempt", &opt(state.last_attempt_at))?;
        Store::set_meta(
            &tx,
            "sync_last_error",
            state.last_error.as_deref().unwrap_or(""),
        )?;
        Store::set_meta(&tx, "sync_failures", &state.failures.to_string())?;
        tx.commit()?;
        Ok(())
    }
}

/// Asks the backend for what changed and applies it; records the attempt either way.
pub async fn sync_catalogue(
    store: &mut Store,
    backend: &Backend,
    now: u64,
    today: Date,
) -> Result<Outcome, SyncError> {
    let fetched = fetch_catalogue(backend, store.catalogue().catalogue_version()?).await;
    store.catalogue().finish_catalogue_sync(fetched, now, today)
}

/// The network half of a sync: the changes since `since` (the whole catalogue when `None`). It
/// touches no store, so the app keeps using the store while the answer is on its way; the answer
/// goes to [`Store::finish_catalogue_sync`].
pub async fn fetch_catalogue(
    backend: &Backend,
    since: Option<u64>,
) -> Result<Fetched<CatalogueResponse>, HttpError> {
    backend.get_json(&catalogue_path(since), None).await
}

/// The catalogue's address: the changes since `since`, or the whole catalogue.
pub(crate) fn catalogue_path(since: Option<u64>) -> String {
    match since {
        Some(v) => format!("{}?since={v}", paths::CATALOGUE),
        None => paths::CATALOGUE.to_owned(),
    }
}

impl Catalogue<'_> {
    /// The store half of a sync: applies what [`fetch_catalogue`] got (in one transaction; a delta
    /// older than the catalogue held is refused) and records the attempt at `now`, failed
    /// or not.
    pub fn finish_catalogue_sync(
        &mut self,
        fetched: Result<Fetched<CatalogueResponse>, HttpError>,
        now: u64,
        today: Date,
    ) -> Result<Outcome, SyncError> {
        let result = match fetched {
            Err(e) => Err(SyncError::from(e)),
            Ok(Fetched::NotModified) => Ok(Outcome::Unchanged),
            Ok(Fetched::Body(response)) => self
                .apply_catalogue(&response, today)
                .map(|()| Outcome::Updated {
                    version: response.version,
                    full: response.full,
                    changed: response.offers.len(),
                    removed: response.removed.len(),
                })
                .map_err(SyncError::from),
        };
        let state = record(
            &self.sync_state()?,
            &result.as_ref().map(Clone::clone).map_err(|e| e.to_string()),
            now,
        );
        self.save_sync_state(&state)?;
        result
    }
}

/// Fetches missing thumbnails of cached offers until `budget` bytes of images are stored; drops
/// those of offers no longer in the catalogue. Returns how many were fetched. A failed image is
/// skipped: thumbnails are a nicety, never a reason for a failed sync.
pub async fn fetch_thumbnails(
    store: &mut Store,
    backend: &Backend,
    budget: u64,
    now: u64,
) -> Result<u32, SyncError> {
    let mut fetched = 0;
    for path in store.catalogue().thumbnails_wanted()? {
        let Ok(jpeg) = backend.get_bytes(&path).await else {
            continue;
        };
        match store.catalogue().add_thumbnail(&path, &jpeg, budget, now)? {
            Budget::Added => fetched += 1,
            Budget::TooBig => {}
            Budget::Full => break,
        }
    }
    Ok(fetched)
}

/// Whether a thumbnail fitted in the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    Added,
    /// This one would pass the budget; a smaller one may still fit.
    TooBig,
    /// The budget is used up.
    Full,
}

impl Catalogue<'_> {
    /// Drops the thumbnails of offers that left the catalogue, and lists the image paths of cached
    /// offers that have none yet, soonest offers first.
    pub fn thumbnails_wanted(&mut self) -> Result<Vec<String>, StoreError> {
        self.conn.execute(
            "DELETE FROM images WHERE path NOT IN
                 (SELECT json_extract(data, '$.image') FROM offers WHERE json_extract(data, '$.image') IS NOT NULL)",
            [],
        )?;
        let mut stmt = self.conn.prepare(
            "SELECT json_extract(data, '$.image') FROM offers
             WHERE json_extract(data, '$.image') IS NOT NULL
               AND json_extract(data, '$.image') NOT IN (SELECT path FROM images)
             ORDER BY next_on, id",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Keeps a fetched thumbnail if the images stored stay within `budget` bytes.
    pub fn add_thumbnail(
        &mut self,
        path: &str,
        jpeg: &[u8],
        budget: u64,
        now: u64,
    ) -> Result<Budget, StoreError> {
        let used = self.conn.query_row(
            "SELECT COALESCE(SUM(LENGTH(jpeg)), 0) FROM images",
            [],
            |r| r.get::<_, i64>(0),
        )? as u64;
        if used >= budget {
            return Ok(Budget::Full);
        }
        if used + jpeg.len() as u64 > budget {
            return Ok(Budget::TooBig);
        }
        self.conn.execute(
            "INSERT OR REPLACE INTO images (path, jpeg, fetched_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![path, jpeg, now as i64],
        )?;
        Ok(Budget::Added)
    }
}

impl Catalogue<'_> {
    /// A cached thumbnail by its path (the offer's `image`), for showing offline.
    pub fn thumbnail(&self, path: &str) -> Result<Option<Vec<u8>>, StoreError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT jpeg FROM images WHERE path = ?1", [path], |r| {
                r.get(0)
            })
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: SyncPolicy = SyncPolicy {
        interval: 900,
        first_backoff: 30,
        max_backoff: 3600,
    };

    fn state(success: Option<u64>, attempt: Option<u64>, failures: u32) -> SyncState {
        SyncState {
            last_success_at: success,
            last_attempt_at: attempt,
            last_error: None,
            failures,
        }
    }

    #[test]
    fn decisions_table() {
        let go = |since| Decision::SyncNow { since };
        /// (name, state, version held, now, forced, expected)
        type Case = (&'static str, SyncState, Option<u64>, u64, bool, Decision);
        let cases: Vec<Case> = vec![
            (
                "first run: everything",
                state(None, None, 0),
                None,
                1000,
                false,
                go(None),
            ),
            (
                "fresh: wait for the interval",
                state(Some(1000), Some(1000), 0),
                Some(7),
                1100,
                false,
                Decision::WaitUntil(1900),
            ),
            (
                "interval passed",
                state(Some(1000), Some(1000), 0),
                Some(7),
                1900,
                false,
                go(Some(7)),
            ),
            (
                "forced skips the interval",
                state(Some(1000), Some(1000), 0),
                Some(7),
                1100,
                true,
                go(Some(7)),
            ),
            (
                "one failure: 30 s",
                state(Some(0), Some(1000), 1),
                Some(7),
                1010,
                false,
                Decision::WaitUntil(1030),
            ),
            (
                "three failures: 120 s",
                state(Some(0), Some(1000), 3),
                Some(7),
                1100,
                false,
                Decision::WaitUntil(1120),
            ),
            (
                "many failures: capped at an hour",
                state(Some(0), Some(1000), 30),
                Some(7),
                1000,
                false,
                Decision::WaitUntil(4600),
            ),
            (
                "forced during a long backoff: 30 s",
                state(Some(0), Some(1000), 10),
                Some(7),
                1031,
                true,
                go(Some(7)),
            ),
            (
                "never synced yet, failed once",
                state(None, Some(1000), 1),
                None,
                1030,
                false,
                go(None),
            ),
        ];
        for (name, s, version, now, forced, expected) in cases {
            assert_eq!(decide(&s, version, now, forced, &P), expected, "{name}");
        }
    }

    #[test]
    fn recording_attempts() {
        let failed = record(&SyncState::default(), &Err("no network".into()), 50);
        assert_eq!(
            failed,
            SyncState {
                last_success_at: None,
                last_attempt_at: Some(50),
                last_error: Some("no network".into()),
                failures: 1
            }
        );
        let again = record(&failed, &Err("500".into()), 80);
        assert_eq!(
            (again.failures, again.last_error.as_deref()),
            (2, Some("500"))
        );
        let ok = record(&again, &Ok(Outcome::Unchanged), 100);
        assert_eq!(
            ok,
            SyncState {
                last_success_at: Some(100),
                last_attempt_at: Some(100),
                last_error: None,
                failures: 0
            }
        );
    }
}
