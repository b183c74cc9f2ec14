//! Visits: venue devices upload check-ins in batches with their venue key; each check-in carries
//! an id the device made, so a retried upload is stored once, and each is checked for being a
//! visit that could have happened (a card the server issued, valid then, recently, as allowed).
//! A visit over a visit limit is stored and flagged (`visit_limits.rs`); a refusal at a limit is
//! stored apart, as no visit.

use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::api::{
    AtLimit, CHECKIN_MAX_AGE, CHECKIN_MAX_AHEAD, CheckIn, CheckInBatch, CheckInReceipt,
    CheckInRefusal, ErrorDetail, RefusedCheckIn, VenueInfo,
};
use aktivitetskortet_core::calendar::{Date, bergen_date, bergen_day_start};
use aktivitetskortet_core::token::CardId;
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};

use crate::AppState;
use crate::auth::Venue;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::metrics::AtLimits;
use crate::store::{self, Conn};
use crate::visit_limits::Rules;

/// The most check-ins in one upload; a venue offline for a busy week still fits in a few.
pub const MAX_BATCH: usize = 1_000;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(paths::VENUE, get(venue))
        .route(paths::VISITS, post(upload))
}

/// `GET /api/v1/venue`: what this venue key is for, and the server's time, which venue devices
/// ask for at every list sync to correct their clocks.
async fn venue(venue: Venue, State(state): State<AppState>) -> axum::Json<VenueInfo> {
    axum::Json(VenueInfo {
        id: Some(venue.id as u64),
        name: venue.name,
        offer_ids: venue.offer_ids,
        server_time: Some(state.clock.now()),
    })
}

/// `POST /api/v1/visits`: each check-in is stored, found a duplicate, or refused with a reason.
/// A batch marked `partial` stores what it can and names the refused in the receipt; an
/// unmarked batch (an older venue app) with any refusal stores nothing and answers 422 naming
/// each refused line, as before partial receipts.
async fn upload(
    venue: Venue,
    State(state): State<AppState>,
    ApiJson(batch): ApiJson<CheckInBatch>,
) -> Result<axum::Json<CheckInReceipt>, ApiError> {
    let now = state.clock.now();
    if batch.checkins.len() > MAX_BATCH {
        return Err(ApiError::bad_request(
            "batch_too_large",
            format!("at most {MAX_BATCH} check-ins per upload"),
        ));
    }
    let venue_id = venue.id;
    let offer_ids = venue.offer_ids;
    let metrics = state.metrics.clone();
    let receipt = state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            let mut rules = Rules::new();
            let mut at_limits = AtLimits::default();
            let mut receipt = CheckInReceipt {
                accepted: 0,
                duplicates: 0,
                refused: Vec::new(),
            };
            {
                for (i, checkin) in batch.checkins.iter().enumerate() {
                    let checked = if let Some(reason) = malformed(checkin, &offer_ids) {
                        Err(reason)
                    } else if store::visits::has_visit(&mut tx, venue_id, &checkin.id)? {
                        receipt.duplicates += 1;
                        continue;
                    } else {
                        plausible(&mut tx, checkin, now)?
                    };
                    let stored = match checked {
                        Ok(birth_year) => {
                            store(&mut tx, &mut rules, venue_id, checkin, birth_year, now)?
                        }
                        Err(reason) => Err(reason),
                    };
                    match stored {
                        Ok(at) => {
                            at_limits += at;
                            receipt.accepted += 1;
                        }
                        Err(reason) => receipt.refused.push(RefusedCheckIn {
                            line: i as u32 + 1,
                            id: checkin.id.clone(),
                            reason,
                            message: explain(reason).into(),
                        }),
                    }
                }
            }
            let refused: Vec<_> = receipt.refused.iter().map(|r| r.reason.code()).collect();
            if !batch.partial && !receipt.refused.is_empty() {
                metrics.checkins(0, 0, &refused);
                // Dropping the transaction stores nothing, as older venue apps expect.
                return Err(ApiError::invalid(
                    "no check-in was stored",
                    receipt.refused.iter().map(as_detail).collect(),
                ));
            }
            tx.commit()?;
            metrics.checkins(receipt.accepted, receipt.duplicates, &refused);
            metrics.at_limits(at_limits);
            Ok::<_, ApiError>(receipt)
        })
        .await?;
    tracing::info!(
        accepted = receipt.accepted,
        duplicates = receipt.duplicates,
        refused = receipt.refused.len(),
        "check-ins uploaded"
    );
    Ok(axum::Json(receipt))
}

/// The format checks, which need no database: the device's id, the card id, and an offer this
/// venue key checks in for.
fn malformed(checkin: &CheckIn, offer_ids: &[String]) -> Option<CheckInRefusal> {
    let id_ok = (1..=64).contains(&checkin.id.len())
        && checkin
            .id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    // Card ids are lower-case hex, as the server writes them.
    let card_ok = checkin.card_id.parse::<CardId>().is_ok()
        && !checkin.card_id.bytes().any(|b| b.is_ascii_uppercase());
    if !id_ok || !card_ok {
        Some(CheckInRefusal::Malformed)
    } else if !offer_ids.contains(&checkin.offer_id) {
        Some(CheckInRefusal::NotThisVenue)
    } else {
        None
    }
}

/// Stores a checked visit as statistics keep it: under the card's pseudonym for the visit's
/// year, with the day (in Bergen), the holder's age that year and the offer's category and
/// district, never the card id or the time of day. Then the card's visits under the offer's
/// limit are counted again and those over it flagged; a visit staff let in at a limit is marked
/// as an override. A refusal at a limit is stored the same way in its own table, as no visit.
/// Refused as too old when its year is closed (its pseudonym key is gone). Says what the
/// check-in did at a limit, for the metrics.
pub(crate) fn store(
    conn: &mut Conn,
    rules: &mut Rules,
    venue_id: i64,
    checkin: &CheckIn,
    birth_year: u16,
    now: u64,
) -> anyhow::Result<Result<AtLimits, CheckInRefusal>> {
    let day = bergen_date(checkin.at);
    let Some(holder) = crate::pseudonym::of(conn, &checkin.card_id, day.year, now)? else {
        return Ok(Err(CheckInRefusal::TooOld));
    };
    // The offer's category and district as they are today, kept with the visit.
    let Some(offer) = store::catalogue::offer_json(conn, &checkin.offer_id)? else {
        return Ok(Err(CheckInRefusal::NotThisVenue));
    };
    let text = |field: &str| {
        offer
            .get(field)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_owned()
    };
    let (category, district) = (text("category"), text("district"));
    let age = i64::from(day.year) - i64::from(birth_year);
    let row = store::visits::VisitRow {
        venue_key_id: venue_id,
        id: &checkin.id,
        holder: &holder,
        offer_id: &checkin.offer_id,
        day: day.to_string(),
        age,
        companion: checkin.companion,
        category: &category,
        district: &district,
    };
    if checkin.limit == Some(AtLimit::Refused) {
        store::visit_limits::add_refusal(conn, &row)?;
        return Ok(Ok(AtLimits {
            refusals: 1,
            ..AtLimits::default()
        }));
    }
    store::visits::add_visit(conn, &row)?;
    let overrides = u64::from(checkin.limit == Some(AtLimit::Override));
    if overrides > 0 {
        store::visit_limits::mark_override(conn, venue_id, &checkin.id)?;
    }
    let found_over = crate::visit_limits::flag_over_limit(
        conn,
        rules,
        &checkin.card_id,
        &checkin.offer_id,
        day,
    )?;
    Ok(Ok(AtLimits {
        overrides,
        refusals: 0,
        found_over,
    }))
}

/// Whether a well-formed, new check-in could have happened: the time near the server's, a card
/// the server issued and valid then, and a companion only where the card and the offer allow.
/// A plausible one gives the card's birth year, for the age statistics keep.
fn plausible(
    conn: &mut Conn,
    checkin: &CheckIn,
    now: u64,
) -> anyhow::Result<Result<u16, CheckInRefusal>> {
    if checkin.at + CHECKIN_MAX_AGE < now {
        return Ok(Err(CheckInRefusal::TooOld));
    }
    if checkin.at > now + CHECKIN_MAX_AHEAD {
        return Ok(Err(CheckInRefusal::InTheFuture));
    }
    let Some(card) = store::cards::checkin_card(conn, &checkin.card_id)? else {
        return Ok(Err(CheckInRefusal::UnknownCard));
    };
    // The same period the card's credentials are issued for: from the start of its first day to
    // the end of its last, Bergen's days.
    let from = bergen_day_start(card.valid_from.parse::<Date>()?);
    let until = bergen_day_start(card.valid_until.parse::<Date>()?.add_days(1));
    let revoked = card.revoked_at.is_some_and(|t| t <= checkin.at);
    if checkin.at < from || checkin.at >= until || revoked {
        return Ok(Err(CheckInRefusal::CardNotValid));
    }
    if checkin.companion {
        let rule = card.companion;
        let offer_takes_one = store::catalogue::offer_json(conn, &checkin.offer_id)?
            .and_then(|offer| offer.get("companion_included")?.as_bool())
            .unwrap_or(false);
        if !rule.allows(offer_takes_one) {
            return Ok(Err(CheckInRefusal::NoCompanion));
        }
    }
    Ok(Ok(card.birth_year))
}

/// The message beside each reason, for staff reading a venue device's log.
fn explain(reason: CheckInRefusal) -> &'static str {
    match reason {
        CheckInRefusal::Malformed => {
            "the id (1–64 letters, digits, '-' or '_') or the card id (16 hexadecimal digits) is not in its format"
        }
        CheckInRefusal::NotThisVenue => "not an offer this venue key checks in for",
        CheckInRefusal::UnknownCard => {
            "no card with this id is known (never issued, or erased on the family's request)"
        }
        CheckInRefusal::CardNotValid => "the card was not valid at the time of the visit",
        CheckInRefusal::TooOld => "the visit is more than 14 days old",
        CheckInRefusal::InTheFuture => {
            "the visit is more than 5 minutes ahead of the server's time; check the device's clock"
        }
        CheckInRefusal::NoCompanion => "the card or the offer includes no companion here",
        CheckInRefusal::Other => "refused",
    }
}

/// A refusal as an older venue app reads it: a line and the field at fault.
fn as_detail(refused: &RefusedCheckIn) -> ErrorDetail {
    let field = match refused.reason {
        CheckInRefusal::Malformed
        | CheckInRefusal::UnknownCard
        | CheckInRefusal::CardNotValid
        | CheckInRefusal::Other => "card_id",
        CheckInRefusal::NotThisVenue => "offer_id",
        CheckInRefusal::TooOld | CheckInRefusal::InTheFuture => "at",
        CheckInRefusal::NoCompanion => "companion",
    };
    ErrorDetail {
        line: Some(refused.line),
        field: Some(field.into()),
        message: refused.message.clone(),
    }
}
