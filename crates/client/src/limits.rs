//! Visit limits on the devices, counted as the core counts them (`visit_rule.rs`).
//!
//! At a venue: whether a card has reached the limit of the offer checked in for, offline, from
//! two sources. The server's signed limit list names the cards that reached a limit anywhere (at
//! the last sync); the venue device's own check-ins count the visits it let in itself, including
//! those the list cannot know yet. Either is enough for the amber verdict.
//!
//! On a phone: what a card has left of an offer's limit, from the counts the server sent at the
//! last refresh, and when that was.

use std::collections::HashMap;

use aktivitetskortet_core::api::VisitCount;
use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::calendar::{Date, bergen_date};
use aktivitetskortet_core::offer::Offer;
use aktivitetskortet_core::token::{CardId, LimitList, PublicKey};
use aktivitetskortet_core::visit_rule::{CategoryRule, Limit, Scope, rule_for};
use rusqlite::{OptionalExtension, params};

use crate::http::{Backend, HttpError};
use crate::store::{Desk, Store, StoreError, Wallet};
use crate::verifier::VerifierError;

/// The limit list's row in the `lists` table.
const LIMIT_LIST: &str = "limits";

/// A card at the door of an offer with a visit limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AtTheDoor {
    pub limit: Limit,
    /// What this device's own visits in the period use of it.
    pub used_here: u32,
    /// The server's limit list says the card has reached it.
    pub listed: bool,
}

impl AtTheDoor {
    /// Whether the card has no free visit left here.
    pub fn reached(&self) -> bool {
        self.listed || self.used_here >= u32::from(self.limit.max)
    }

    /// Whether a companion can come along within the limit: where companions count, the visit
    /// with a companion needs two.
    pub fn companion_fits(&self) -> bool {
        !self.limit.companion_counts || self.used_here + 2 <= u32::from(self.limit.max)
    }
}

/// Fetches the venue's signed limit list with its key; `None` from a server before visit
/// limits (it has no such list).
pub async fn fetch_limit_list(
    backend: &Backend,
    venue_key: &str,
) -> Result<Option<Vec<u8>>, VerifierError> {
    match backend
        .get_bytes_with(paths::LIMIT_LIST, Some(venue_key))
        .await
    {
        Ok(bytes) => Ok(Some(bytes)),
        Err(HttpError::Api { status: 404, .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

impl Desk<'_> {
    /// Verifies the venue's limit list (signed by a list key, for `venue`, not older than the
    /// one held) and keeps it; returns its sequence number. Refused, the held one stays.
    pub fn save_limit_list(
        &mut self,
        signed: &[u8],
        list_keys: &[PublicKey],
        venue: u64,
    ) -> Result<u64, VerifierError> {
        let held: Option<i64> = self
            .conn
            .query_row(
                "SELECT sequence FROM lists WHERE name = ?1",
                [LIMIT_LIST],
                |r| r.get(0),
            )
            .optional()?;
        let list = LimitList::open(signed, list_keys, held.map(|s| s as u64), venue)?;
        self.conn.execute(
            "INSERT INTO lists (name, sequence, issued_at, signed) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name) DO UPDATE SET
                 sequence = excluded.sequence, issued_at = excluded.issued_at, signed = excluded.signed",
            params![LIMIT_LIST, list.sequence as i64, list.issued_at as i64, signed],
        )?;
        Ok(list.sequence)
    }

    /// The limit list held for `venue`, verified again; `None` before the first, or when the
    /// one held does not verify (another venue's, a list key dropped).
    pub fn limit_list(&self, list_keys: &[PublicKey], venue: u64) -> Option<LimitList> {
        let signed: Vec<u8> = self
            .conn
            .query_row(
                "SELECT signed FROM lists WHERE name = ?1",
                [LIMIT_LIST],
                |r| r.get(0),
            )
            .optional()
            .ok()
            .flatten()?;
        LimitList::open(&signed, list_keys, None, venue).ok()
    }

    /// Forgets the limit list: it is the venue's, and goes when the venue does.
    pub fn forget_limit_list(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM lists WHERE name = ?1", [LIMIT_LIST])?;
        Ok(())
    }

    /// The visits this device let `card_id` in to from `since` (Unix seconds) on, refusals left
    /// out: (offer, time, with a companion).
    pub fn visits_of(
        &self,
        card_id: &str,
        since: u64,
    ) -> Result<Vec<(String, u64, bool)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT offer_id, at, companion FROM checkins
             WHERE card_id = ?1 AND at >= ?2 AND at_limit IS NOT 'refused'",
        )?;
        let rows = stmt.query_map(params![card_id, since as i64], |r| {
            Ok((r.get(0)?, r.get::<_, i64>(1)? as u64, r.get(2)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The limit that applies at `offer_id` at `now`, what it counts and its period; `None` when
/// the offer has none (or is not in the device's catalogue, or the day is outside its season).
fn limit_now(
    store: &mut Store,
    offer_id: &str,
    now: u64,
) -> Result<Option<(Offer, Scope, Limit, aktivitetskortet_core::visit_rule::Span)>, StoreError> {
    let Some(offer) = store.catalogue().offer(offer_id)? else {
        return Ok(None);
    };
    let rules = store.catalogue().category_rules()?;
    let Some((scope, limit)) = rule_for(&offer, &rules) else {
        return Ok(None);
    };
    let Some(span) = limit.per.span(bergen_date(now), offer.season) else {
        return Ok(None);
    };
    Ok(Some((offer, scope, limit, span)))
}

/// Where `card_id` stands at `offer_id`'s limit at `now` (the venue's corrected time), from
/// the limit list held (checked with `list_keys` for `venue`) and this device's own visits;
/// `None` when no limit applies.
pub fn at_the_door(
    store: &mut Store,
    card_id: CardId,
    offer_id: &str,
    now: u64,
    list_keys: &[PublicKey],
    venue: Option<u64>,
) -> Result<Option<AtTheDoor>, StoreError> {
    let Some((_, scope, limit, span)) = limit_now(store, offer_id, now)? else {
        return Ok(None);
    };
    let visits = store
        .desk()
        .visits_of(&card_id.to_string(), span.starts_at())?;
    let rules = store.catalogue().category_rules()?;
    // Which scope each visited offer counts under, looked up once per offer.
    let mut scopes: HashMap<String, Option<Scope>> = HashMap::new();
    let mut counted = Vec::new();
    for (offer, at, companion) in visits {
        if !scopes.contains_key(&offer) {
            let of = store
                .catalogue()
                .offer(&offer)?
                .and_then(|o| rule_for(&o, &rules))
                .map(|(s, _)| s);
            scopes.insert(offer.clone(), of);
        }
        if scopes[&offer].as_ref() == Some(&scope) && at < span.ends_at() {
            counted.push((bergen_date(at), companion));
        }
    }
    let listed = venue
        .and_then(|venue| store.desk().limit_list(list_keys, venue))
        .is_some_and(|list| list.is_reached(card_id, offer_id, now));
    Ok(Some(AtTheDoor {
        limit,
        used_here: limit.used(span, counted),
        listed,
    }))
}

/// For each of `offer_ids` with a visit limit now, from when this device must keep its visits
/// to count them offline: the start of the limit's period.
pub fn keep_for_limits(
    store: &mut Store,
    offer_ids: &[String],
    now: u64,
) -> Result<Vec<(String, u64)>, StoreError> {
    let mut keep = Vec::new();
    for offer_id in offer_ids {
        if let Some((_, _, _, span)) = limit_now(store, offer_id, now)? {
            keep.push((offer_id.clone(), span.starts_at()));
        }
    }
    Ok(keep)
}

/// What a card has left of an offer's limit, as the offer's page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowance {
    pub limit: Limit,
    /// Free visits left in the period; `None` when the card has no count from the server yet.
    pub left: Option<u32>,
    /// When the count was made (device time of the refresh that brought it).
    pub counted_at: Option<u64>,
    /// The last day of the period the count is for; the day after, the limit starts again.
    /// `None` when nothing of it was used.
    pub until: Option<Date>,
}

/// `offer`'s limit for a card with `counts` (made at `counted_at`) on `today`: the limit, and
/// what is left of it. A count whose period has ended no longer applies: the period began
/// again, with nothing used. `None` when the offer has no limit.
pub fn allowance(
    offer: &Offer,
    rules: &[CategoryRule],
    counts: &[VisitCount],
    counted_at: Option<u64>,
    today: Date,
) -> Option<Allowance> {
    let (scope, limit) = rule_for(offer, rules)?;
    let count = counts
        .iter()
        .find(|c| c.scope == scope && c.limit.per == limit.per && c.until >= today);
    let used = count.map_or(0, |c| c.used);
    Some(Allowance {
        limit,
        left: counted_at.map(|_| u32::from(limit.max).saturating_sub(used)),
        counted_at,
        until: count.map(|c| c.until),
    })
}

impl Wallet<'_> {
    /// The card's visit counts from the last activation or refresh, and when that was (device
    /// time); `None` when it has none (a card stored before visit limits).
    pub fn visit_counts(
        &self,
        card_id: &str,
    ) -> Result<(Vec<VisitCount>, Option<u64>), StoreError> {
        let row: Option<(Option<String>, Option<i64>)> = self
            .conn
            .query_row(
                "SELECT visit_counts, counts_at FROM cards WHERE card_id = ?1",
                [card_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((Some(json), at)) = row else {
            return Ok((Vec::new(), None));
        };
        Ok((serde_json::from_str(&json)?, at.map(|t| t as u64)))
    }
}

#[cfg(test)]
mod tests;
