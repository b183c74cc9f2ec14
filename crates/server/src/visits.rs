//! Visits: venue devices upload check-ins in batches with their venue key; each check-in carries
//! an id the device made, so a retried upload is stored once.

use aktivitetskortet_core::api::{CheckInBatch, CheckInReceipt, ErrorDetail, VenueInfo};
use aktivitetskortet_core::token::CardId;
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use rusqlite::params;

use crate::AppState;
use crate::auth::Venue;
use crate::error::ApiError;
use crate::extract::ApiJson;

/// The most check-ins in one upload; a venue offline for a busy week still fits in a few.
pub const MAX_BATCH: usize = 1_000;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/venue", get(venue))
        .route("/api/v1/visits", post(upload))
}

/// `GET /api/v1/venue`: what this venue key is for.
async fn venue(venue: Venue) -> axum::Json<VenueInfo> {
    axum::Json(VenueInfo {
        name: venue.name,
        offer_ids: venue.offer_ids,
    })
}

/// `POST /api/v1/visits`: all check-ins are checked first; one bad check-in refuses the batch and
/// stores nothing, with the index of each problem.
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
    let mut details = Vec::new();
    for (i, checkin) in batch.checkins.iter().enumerate() {
        let mut problem = |field: &str, message: &str| {
            details.push(ErrorDetail {
                line: Some(i as u32 + 1),
                field: Some(field.into()),
                message: message.into(),
            })
        };
        let id_ok = (1..=64).contains(&checkin.id.len())
            && checkin
                .id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !id_ok {
            problem("id", "1–64 letters, digits, '-' or '_'");
        }
        if checkin.card_id.parse::<CardId>().is_err() {
            problem("card_id", "16 hexadecimal digits");
        }
        if !venue.offer_ids.contains(&checkin.offer_id) {
            problem("offer_id", "not an offer this venue key checks in for");
        }
        // A visit more than a day in the future, or from before the scheme, is a broken clock.
        if checkin.at > now + 86_400 || checkin.at < 1_700_000_000 {
            problem("at", "the time is not plausible; check the device's clock");
        }
    }
    if !details.is_empty() {
        return Err(ApiError::invalid("no check-in was stored", details));
    }
    let venue_id = venue.id;
    let receipt = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let mut accepted = 0;
            {
                let mut insert = tx.prepare(
                    "INSERT OR IGNORE INTO visits (venue_key_id, id, card_id, offer_id, at, companion, received_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?;
                for checkin in &batch.checkins {
                    accepted += insert.execute(params![
                        venue_id,
                        checkin.id,
                        checkin.card_id,
                        checkin.offer_id,
                        checkin.at as i64,
                        checkin.companion,
                        now as i64
                    ])? as u32;
                }
            }
            tx.commit()?;
            Ok::<_, ApiError>(CheckInReceipt {
                accepted,
                duplicates: batch.checkins.len() as u32 - accepted,
            })
        })
        .await?;
    tracing::info!(
        accepted = receipt.accepted,
        duplicates = receipt.duplicates,
        "check-ins uploaded"
    );
    Ok(axum::Json(receipt))
}
