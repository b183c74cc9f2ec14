//! Visit limits at the server (`core::visit_rule` counts): the over-limit flags set as visits
//! arrive, the counts a holder's phone gets at refresh, each venue's signed limit list, and the
//! categories' rules the admin sets.
//!
//! Visits are stored under a pseudonym per card and year (`pseudonym.rs`), so counting one
//! card's visits needs its pseudonyms for the period's years, which exist only while those
//! years are open. A season that runs over New Year therefore counts last year's visits until
//! that year is closed (31 days into the new one by default); after that only this year's
//! count. The error is always in the holder's favour.

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
/// deleted: a deleted offer's visits still count under the rule it had).
pub(crate) struct Rules {
    categories: Vec<CategoryRule>,
    offers: HashMap<String, Option<Offer>>,
}

impl Rules {
    pub(crate) fn load(conn: &mut Conn) -> anyhow::Result<Rules> {
        Ok(Rules {
            categories: store::visit_limits::category_rules(conn)?,
            offers: HashMap::new(),
        })
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
        Ok(self.offers[offer_id].as_ref().and_then(|offer| {
            rule_for(offer, &self.categories).map(|(scope, limit)| (scope, limit, offer.season))
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

/// The card's pseudonyms for the years `first..=last` that still have a key (open years).
fn pseudonyms(
    conn: &mut Conn,
    card_id: &str,
    first: i32,
    last: i32,
) -> anyhow::Result<Vec<Vec<u8>>> {
    let mut found = Vec::new();
    for year in first..=last {
        if let Some(Some(key)) = store::visits::pseudonym_key(conn, year)? {
            found.push(crate::pseudonym::with_key(&key, card_id));
        }
    }
    Ok(found)
}

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
    for holder in pseudonyms(conn, card_id, span.first.year, span.last.year)? {
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
/// the later visit is the one flagged, whichever arrived first.
pub(crate) fn flag_over_limit(
    conn: &mut Conn,
    rules: &mut Rules,
    card_id: &str,
    offer_id: &str,
    day: Date,
) -> anyhow::Result<()> {
    let Some((scope, limit, season)) = rules.of(conn, offer_id)? else {
        return Ok(());
    };
    let Some(span) = limit.per.span(day, season) else {
        return Ok(());
    };
    let visits = visits_in_scope(conn, rules, card_id, span, &scope)?;
    let days: Vec<(Date, bool)> = visits
        .iter()
        .map(|v| Ok((v.day.parse::<Date>()?, v.companion)))
        .collect::<anyhow::Result<_>>()?;
    for (visit, over) in visits.iter().zip(limit.over_limit(&days, season)) {
        if visit.over_limit != over {
            store::visit_limits::set_over_limit(conn, visit.venue_key_id, &visit.id, over)?;
        }
    }
    Ok(())
}

/// What `card_id` has used of each limit in the period running on `today`, for the limits it
/// has used any of: the counts its phone shows.
pub(crate) fn counts(
    conn: &mut Conn,
    card_id: &str,
    today: Date,
) -> anyhow::Result<Vec<VisitCount>> {
    let mut rules = Rules::load(conn)?;
    // Every visit that could be in a period running today: this year's, and last year's for a
    // season that began then (while last year is open).
    let mut visits = Vec::new();
    let (first, last) = (
        Date::new(today.year - 1, 1, 1).unwrap_or(today).to_string(),
        today.to_string(),
    );
    for holder in pseudonyms(conn, card_id, today.year - 1, today.year)? {
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
/// offer) → when the period ends. Only the cards behind the pseudonyms at a limit are looked
/// for, among the cards valid in the period.
pub(crate) fn reached_at(
    conn: &mut Conn,
    offer_ids: &[String],
    today: Date,
) -> anyhow::Result<BTreeMap<(CardId, String), u64>> {
    let mut rules = Rules::load(conn)?;
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
    // Per scope, the pseudonyms whose visits in the period reach the limit.
    let mut at_limit: Vec<(BTreeSet<Vec<u8>>, Span, Vec<String>)> = Vec::new();
    for (scope, (limit, span, venue_offers)) in &scopes {
        let (first, last) = (span.first.to_string(), span.last.to_string());
        let visits = match scope {
            Scope::Offer(id) => store::visit_limits::visits_to(conn, id, &first, &last)?,
            Scope::Category(category) => {
                store::visit_limits::visits_in_category(conn, *category, &first, &last)?
            }
        };
        let mut used: BTreeMap<Vec<u8>, u32> = BTreeMap::new();
        for (holder, offer, companion) in visits {
            if rules.counts_under(conn, &offer, scope)? {
                *used.entry(holder).or_insert(0) += limit.uses(companion);
            }
        }
        let reached: BTreeSet<Vec<u8>> = used
            .into_iter()
            .filter(|(_, n)| *n >= u32::from(limit.max))
            .map(|(h, _)| h)
            .collect();
        if !reached.is_empty() {
            at_limit.push((reached, *span, venue_offers.clone()));
        }
    }
    let mut list = BTreeMap::new();
    if at_limit.is_empty() {
        return Ok(list);
    }
    // The cards behind the pseudonyms: each candidate card's pseudonym in each period's years.
    let first = at_limit
        .iter()
        .map(|(_, s, _)| s.first)
        .min()
        .unwrap_or(today);
    let years: BTreeSet<i32> = at_limit
        .iter()
        .flat_map(|(_, s, _)| s.first.year..=s.last.year)
        .collect();
    let mut keys = Vec::new();
    for year in years {
        if let Some(Some(key)) = store::visits::pseudonym_key(conn, year)? {
            keys.push(key);
        }
    }
    for card in store::cards::cards_valid_since(conn, &first.to_string())? {
        let mine: Vec<Vec<u8>> = keys
            .iter()
            .map(|key| crate::pseudonym::with_key(key, &card))
            .collect();
        for (reached, span, venue_offers) in &at_limit {
            if mine.iter().any(|p| reached.contains(p)) {
                let id: CardId = card.parse()?;
                for offer in venue_offers {
                    list.insert((id, offer.clone()), span.ends_at());
                }
            }
        }
    }
    Ok(list)
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
