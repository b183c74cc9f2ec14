//! Visit limits at the server (`core::visit_rule` counts): the over-limit flags set as visits
//! arrive, the counts a holder's phone gets at refresh, each venue's signed limit list, and the
//! categories' rules the admin sets.
//!
//! Visits are stored under a pseudonym per card and year (`pseudonym.rs`), so counting one
//! card's visits needs its pseudonyms for the period's years, which exist only while those
//! years are open. A season that runs over New Year therefore counts last year's visits until
//! that year is closed (31 days into the new one by default); after that only this year's
//! count. The error is always in the holder's favour.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::api::{ErrorDetail, VisitCount};
use aktivitetskortet_core::calendar::Date;
use aktivitetskortet_core::offer::{Offer, Season};
use aktivitetskortet_core::token::CardId;
use aktivitetskortet_core::visit_rule::{CategoryRule, Limit, Scope, Span, rule_for};
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use crate::AppState;
use crate::audit::{self, Action};
use crate::auth::{Admin, Venue};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::store::visit_limits::LimitScope;
use crate::store::{self, Conn};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(paths::LIMIT_LIST, get(limit_list))
        .route(
            paths::ADMIN_CATEGORY_RULES,
            get(category_rules).put(set_category_rules),
        )
}

/// The catalogue's rules, read once per request: the categories' and each offer's (live or
/// deleted: a deleted offer's visits still count under the rule it had); and the years'
/// pseudonym keys the request needed (dropped with it, so a closed year's key outlives no
/// request).
pub(crate) struct Rules {
    categories: Option<Vec<CategoryRule>>,
    offers: HashMap<String, Option<Offer>>,
    year_keys: HashMap<i32, Option<Vec<u8>>>,
}

impl Rules {
    /// Nothing read yet: each part is read when first needed.
    pub(crate) fn new() -> Rules {
        Rules {
            categories: None,
            offers: HashMap::new(),
            year_keys: HashMap::new(),
        }
    }

    /// Reads the keys of every open year at once (one query, where asking year by year takes
    /// one each): what a refresh's count needs.
    fn load_open_years(&mut self, conn: &mut Conn, first: i32, last: i32) -> anyhow::Result<()> {
        for year in first..=last {
            self.year_keys.insert(year, None);
        }
        for (year, key) in store::visits::open_years(conn)? {
            if (first..=last).contains(&year) {
                self.year_keys.insert(year, Some(key));
            }
        }
        Ok(())
    }

    /// The card's pseudonyms for the years `first..=last` that still have a key (open years).
    fn pseudonyms(
        &mut self,
        conn: &mut Conn,
        card_id: &str,
        first: i32,
        last: i32,
    ) -> anyhow::Result<Vec<Vec<u8>>> {
        let mut found = Vec::new();
        for year in first..=last {
            let key = match self.year_keys.entry(year) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(slot) => {
                    slot.insert(store::visits::pseudonym_key(conn, year)?.flatten())
                }
            };
            if let Some(key) = key {
                found.push(crate::pseudonym::with_key(key, card_id));
            }
        }
        Ok(found)
    }

    /// The limit on visits to `offer_id`, what it counts, and the offer's season.
    pub(crate) fn of(
        &mut self,
        conn: &mut Conn,
        offer_id: &str,
    ) -> anyhow::Result<Option<(Scope, Limit, Option<Season>)>> {
        if !self.offers.contains_key(offer_id) {
            let offer = match store::catalogue::offer_json(conn, offer_id)? {
                Some(json) => serde_json::from_value::<Offer>(json).ok(),
                None => None,
            };
            self.offers.insert(offer_id.to_owned(), offer);
        }
        if self.categories.is_none() {
            self.categories = Some(store::visit_limits::category_rules(conn)?);
        }
        let categories = self.categories.as_deref().unwrap_or_default();
        Ok(self.offers[offer_id].as_ref().and_then(|offer| {
            rule_for(offer, categories).map(|(scope, limit)| (scope, limit, offer.season))
        }))
    }

    /// Whether visits to `offer_id` count under `scope`.
    fn counts_under(
        &mut self,
        conn: &mut Conn,
        offer_id: &str,
        scope: &Scope,
    ) -> anyhow::Result<bool> {
        Ok(self
            .of(conn, offer_id)?
            .is_some_and(|(s, _, _)| s == *scope))
    }
}

/// A limit, its period running now, and what falls under it: the visits counted, or the
/// venue's offers it covers.
type Running<T> = BTreeMap<Scope, (Limit, Span, Vec<T>)>;

/// One holder's visits (all its pseudonyms in `span`) that count under `scope`, in the order
/// they happened.
fn visits_in_scope(
    conn: &mut Conn,
    rules: &mut Rules,
    card_id: &str,
    span: Span,
    scope: &Scope,
) -> anyhow::Result<Vec<store::visit_limits::HolderVisit>> {
    let (first, last) = (span.first.to_string(), span.last.to_string());
    let mut visits = Vec::new();
    // Years in order, and each year's visits by day: the whole is in order.
    for holder in rules.pseudonyms(conn, card_id, span.first.year, span.last.year)? {
        for visit in store::visit_limits::holder_visits(conn, &holder, &first, &last)? {
            if rules.counts_under(conn, &visit.offer_id, scope)? {
                visits.push(visit);
            }
        }
    }
    Ok(visits)
}

/// After a visit of `card_id` to `offer_id` on `day` is stored: counts the card's visits under
/// that offer's limit in the period of `day` again, and flags those over it. Visits that reach
/// the server out of order (two venue devices offline) are put in the order they happened, so
/// the later visit is the one flagged, whichever arrived first. Returns how many visits were
/// newly found over the limit that staff had not let in knowingly (not overrides).
pub(crate) fn flag_over_limit(
    conn: &mut Conn,
    rules: &mut Rules,
    card_id: &str,
    offer_id: &str,
    day: Date,
) -> anyhow::Result<u64> {
    let Some((scope, limit, season)) = rules.of(conn, offer_id)? else {
        return Ok(0);
    };
    let Some(span) = limit.per.span(day, season) else {
        return Ok(0);
    };
    let visits = visits_in_scope(conn, rules, card_id, span, &scope)?;
    let days: Vec<(Date, bool)> = visits
        .iter()
        .map(|v| Ok((v.day.parse::<Date>()?, v.companion)))
        .collect::<anyhow::Result<_>>()?;
    let mut found_over = 0;
    for (visit, over) in visits.iter().zip(limit.over_limit(&days, season)) {
        if visit.over_limit != over {
            store::visit_limits::set_over_limit(conn, visit.venue_key_id, &visit.id, over)?;
            found_over += u64::from(over && !visit.limit_override);
        }
    }
    Ok(found_over)
}

/// What `card_id` has used of each limit in the period running on `today`, for the limits it
/// has used any of: the counts its phone shows.
pub(crate) fn counts(
    conn: &mut Conn,
    card_id: &str,
    today: Date,
) -> anyhow::Result<Vec<VisitCount>> {
    let mut rules = Rules::new();
    // Every visit that could be in a period running today: this year's, and last year's for a
    // season that began then (while last year is open). A card without visits costs these
    // few reads and no more.
    let mut visits = Vec::new();
    let (first, last) = (
        Date::new(today.year - 1, 1, 1).unwrap_or(today).to_string(),
        today.to_string(),
    );
    rules.load_open_years(conn, today.year - 1, today.year)?;
    for holder in rules.pseudonyms(conn, card_id, today.year - 1, today.year)? {
        visits.extend(store::visit_limits::holder_visits(
            conn, &holder, &first, &last,
        )?);
    }
    let mut by_scope: Running<(Date, bool)> = BTreeMap::new();
    for visit in visits {
        let Some((scope, limit, season)) = rules.of(conn, &visit.offer_id)? else {
            continue;
        };
        let Some(span) = limit.per.span(today, season) else {
            continue;
        };
        let day: Date = visit.day.parse()?;
        by_scope
            .entry(scope)
            .or_insert_with(|| (limit, span, Vec::new()))
            .2
            .push((day, visit.companion));
    }
    Ok(by_scope
        .into_iter()
        .map(|(scope, (limit, span, days))| VisitCount {
            used: limit.used(span, days),
            scope,
            limit,
            until: span.last,
        })
        .filter(|count| count.used > 0)
        .collect())
}

/// The cards that have reached a limit at `offer_ids` (a venue's offers) on `today`: (card,
/// offer) → when the period ends. Visits are counted per holder in the database; only the
/// pseudonyms at a limit are looked up (all of a season that spans two years, whose visits are
/// under two pseudonyms per card, added up per card).
pub(crate) fn reached_at(
    conn: &mut Conn,
    offer_ids: &[String],
    today: Date,
) -> anyhow::Result<BTreeMap<(CardId, String), u64>> {
    let mut rules = Rules::new();
    // Each limited offer's scope, its limit and period, and the venue's offers under it.
    let mut scopes: Running<String> = BTreeMap::new();
    for offer_id in offer_ids {
        let Some((scope, limit, season)) = rules.of(conn, offer_id)? else {
            continue;
        };
        let Some(span) = limit.per.span(today, season) else {
            continue;
        };
        scopes
            .entry(scope)
            .or_insert_with(|| (limit, span, Vec::new()))
            .2
            .push(offer_id.clone());
    }
    let mut list = BTreeMap::new();
    for (scope, (limit, span, venue_offers)) in &scopes {
        let of = match scope {
            Scope::Offer(id) => LimitScope::Offer(id),
            Scope::Category(category) => LimitScope::Category(*category),
        };
        let (first, last) = (span.first.to_string(), span.last.to_string());
        // Within one year a card has one pseudonym: only those at the limit need a card.
        let one_year = span.first.year == span.last.year;
        let mut used: BTreeMap<Vec<u8>, u32> = BTreeMap::new();
        if let (true, LimitScope::Offer(id)) = (one_year, of) {
            // The common case, all in the database: an offer's own limit within a year.
            let at_limit = store::visit_limits::holders_at_limit(
                conn,
                id,
                (&first, &last),
                limit.companion_counts,
                limit.max,
            )?;
            used.extend(at_limit.into_iter().map(|h| (h, u32::from(limit.max))));
        } else {
            for count in store::visit_limits::holder_counts(conn, of, &first, &last)? {
                if rules.counts_under(conn, &count.offer_id, scope)? {
                    *used.entry(count.holder).or_insert(0) +=
                        count.visits + count.companions * (limit.uses(true) - 1);
                }
            }
        }
        if one_year {
            used.retain(|_, n| *n >= u32::from(limit.max));
        }
        if used.is_empty() {
            continue;
        }
        let keys = year_keys(conn, span.first.year, span.last.year)?;
        let cards = cards_behind(conn, &keys, used.keys())?;
        let mut per_card: BTreeMap<&str, u32> = BTreeMap::new();
        for (holder, n) in &used {
            if let Some(card) = cards.get(holder) {
                *per_card.entry(card.as_str()).or_insert(0) += n;
            }
        }
        for (card, n) in per_card {
            if n >= u32::from(limit.max) {
                let id: CardId = card.parse()?;
                for offer in venue_offers {
                    list.insert((id, offer.clone()), span.ends_at());
                }
            }
        }
    }
    Ok(list)
}

/// The keys of the open years from `first` to `last`.
fn year_keys(conn: &mut Conn, first: i32, last: i32) -> anyhow::Result<Vec<Vec<u8>>> {
    let mut keys = Vec::new();
    for year in first..=last {
        if let Some(Some(key)) = store::visits::pseudonym_key(conn, year)? {
            keys.push(key);
        }
    }
    Ok(keys)
}

/// Card ids behind pseudonyms, per year key. A pseudonym is HMAC(key, card id), so once worked
/// out it stays right whichever database asks: kept across requests (the limit list is asked
/// for at every venue's sync), for the few newest keys, and only while the key's year is open
/// (a closed year's pseudonyms must link to no card, in memory either). Working it out means the pseudonym of
/// every card; that is done again only when a pseudonym is not known and the cards changed
/// since (an erased card's visits have a pseudonym of no card, and must not make every request
/// go over all the cards).
struct KeyMemo {
    key: Vec<u8>,
    cards: HashMap<Vec<u8>, String>,
    /// The cards' count and newest time when they were last gone over.
    searched: Option<(i64, i64)>,
}

static MEMO: std::sync::Mutex<Vec<KeyMemo>> = std::sync::Mutex::new(Vec::new());

/// How many keys the memo keeps: this year's and last year's, and a few more for tests.
const MEMO_KEYS: usize = 4;

/// The cards behind `pseudonyms` under any of `keys` (those it finds).
fn cards_behind<'a>(
    conn: &mut Conn,
    keys: &[Vec<u8>],
    pseudonyms: impl Iterator<Item = &'a Vec<u8>> + Clone,
) -> anyhow::Result<HashMap<Vec<u8>, String>> {
    let mut memo = MEMO
        .lock()
        .map_err(|_| anyhow::anyhow!("the pseudonym memo is poisoned"))?;
    // A closed year's key is deleted from the database so that its visits link to no card any
    // more: its memo goes too.
    let open: Vec<Vec<u8>> = store::visits::open_years(conn)?
        .into_iter()
        .map(|(_, key)| key)
        .collect();
    memo.retain(|m| open.contains(&m.key));
    let mut signature = None;
    for key in keys {
        let at = match memo.iter().position(|m| m.key == *key) {
            Some(at) => at,
            None => {
                if memo.len() >= MEMO_KEYS {
                    memo.remove(0);
                }
                memo.push(KeyMemo {
                    key: key.clone(),
                    cards: HashMap::new(),
                    searched: None,
                });
                memo.len() - 1
            }
        };
        let entry = &mut memo[at];
        if pseudonyms.clone().all(|p| entry.cards.contains_key(p)) {
            continue;
        }
        let now = match signature {
            Some(s) => s,
            None => *signature.insert(store::cards::cards_signature(conn)?),
        };
        if entry.searched != Some(now) {
            for card in store::cards::live_card_ids(conn)? {
                entry
                    .cards
                    .insert(crate::pseudonym::with_key(key, &card), card);
            }
            entry.searched = Some(now);
        }
    }
    let mut found = HashMap::new();
    for pseudonym in pseudonyms {
        let card = memo
            .iter()
            .filter(|m| keys.contains(&m.key))
            .find_map(|m| m.cards.get(pseudonym));
        if let Some(card) = card {
            found.insert(pseudonym.clone(), card.clone());
        }
    }
    Ok(found)
}

/// `GET /api/v1/limit-list` (venue key): the cards at a limit at this venue's offers, signed
/// with the list key (`application/cose`).
async fn limit_list(venue: Venue, State(state): State<AppState>) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let state2 = state.clone();
    let signed = state
        .db
        .call(move |c| {
            Ok::<_, ApiError>(crate::lists::current(
                c,
                &state2.keys,
                &crate::lists::limits_name(venue.id),
                now,
            )?)
        })
        .await?;
    Ok(crate::cards::cose_response(signed))
}

/// `GET /api/v1/admin/category-rules`: every category's visit rule.
async fn category_rules(
    _: Admin,
    State(state): State<AppState>,
) -> Result<axum::Json<Vec<CategoryRule>>, ApiError> {
    let rules = state
        .db
        .call(|c| Ok::<_, ApiError>(store::visit_limits::category_rules(c)?))
        .await?;
    Ok(axum::Json(rules))
}

/// `PUT /api/v1/admin/category-rules`: replaces every category's rule (a category left out has
/// none). Phones and venues get them with the next catalogue sync.
async fn set_category_rules(
    admin: Admin,
    State(state): State<AppState>,
    ApiJson(rules): ApiJson<Vec<CategoryRule>>,
) -> Result<axum::Json<Vec<CategoryRule>>, ApiError> {
    let mut details = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, rule) in rules.iter().enumerate() {
        let line = Some(i as u32 + 1);
        if !seen.insert(rule.category) {
            details.push(ErrorDetail {
                line,
                field: Some("category".into()),
                message: format!("{} has two rules; give it one", rule.category.slug()),
            });
        }
        if let Some(problem) = rule.rule.problem(None, true) {
            details.push(ErrorDetail {
                line,
                field: Some("rule".into()),
                message: problem.into(),
            });
        }
    }
    if !details.is_empty() {
        return Err(ApiError::invalid("the rules were not changed", details));
    }
    let now = state.clock.now();
    let saved = state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            store::visit_limits::set_category_rules(&mut tx, &rules)?;
            // A new catalogue version: every phone and venue device fetches the rules.
            store::catalogue::next_version(&mut tx)?;
            audit::by(
                &mut tx,
                &admin,
                Action::CategoryRulesUpdate,
                &rules.len().to_string(),
                now,
            )?;
            let saved = store::visit_limits::category_rules(&mut tx)?;
            tx.commit()?;
            Ok::<_, ApiError>(saved)
        })
        .await?;
    Ok(axum::Json(saved))
}
