//! A family's rights over its card: everything the server holds about one card (GDPR art. 15),
//! and erasing it on request (art. 17), leaving only visits that link to no one.
//!
//! Erasing revokes the card (a phone may still hold a valid credential, and the revocation list
//! must keep naming the card for it), blanks its name, birth year and letter language, deletes
//! its codes and credentials, and moves its visits of open years to a fresh random pseudonym, so
//! the statistics keep counting them (as one child) while nothing links them to the card id. The
//! emptied row stays only as long as the revocation list needs it (`retention.rs`).

use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::api::{
    CardData, CardErased, CodeRecord, CredentialRecord, RefusalRecord, VisitRecord,
};
use aktivitetskortet_core::calendar::Date;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::audit::{self, Action};
use crate::auth::Admin;
use crate::cards::revoke_now;
use crate::error::ApiError;
use crate::keys::KeyStore;
use crate::store::{self, Conn};
use crate::{AppState, pseudonym};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(paths::ADMIN_CARD, axum::routing::delete(erase_card))
        .route(paths::ADMIN_CARD_DATA, get(card_data))
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("no card {id}"))
}

/// Everything held about card `id`, read in one transaction.
pub fn data(conn: &mut Conn, id: &str) -> Result<CardData, ApiError> {
    let mut tx = conn.transaction()?;
    let card = store::cards::card(&mut tx, id)?
        .filter(|c| !c.erased)
        .ok_or_else(|| not_found(id))?;
    let (created_at, revoked_at) = store::cards::card_times(&mut tx, id)?;
    let activation_codes = store::cards::codes_of(&mut tx, id)?
        .into_iter()
        .map(|(created_at, expires_at, used_at)| CodeRecord {
            created_at,
            expires_at,
            used_at,
        })
        .collect();
    let credentials = store::cards::credentials_of(&mut tx, id)?
        .into_iter()
        .map(|k| CredentialRecord {
            kid: k.kid,
            device_key: BASE64.encode(k.device_key),
            issued_at: k.issued_at,
            expires_at: k.expires_at,
        })
        .collect();
    let mut visits = Vec::new();
    let mut limit_refusals = Vec::new();
    let titles = store::catalogue::titles(&mut tx)?;
    for (year, key) in store::visits::open_years(&mut tx)? {
        let holder = pseudonym::with_key(&key, id);
        for (day, offer_id) in store::visit_limits::holders_refusals(&mut tx, &holder, year)? {
            limit_refusals.push(RefusalRecord {
                day: day.parse::<Date>().map_err(anyhow::Error::from)?,
                offer_title: titles.get(&offer_id).unwrap_or(&offer_id).clone(),
                offer_id,
            });
        }
        let rows = store::visits::holders_visits(&mut tx, &holder, year)?;
        for row in rows {
            let (day, offer_id, companion) = row;
            let offer_title = titles.get(&offer_id).unwrap_or(&offer_id).clone();
            visits.push(VisitRecord {
                day: day.parse::<Date>().map_err(anyhow::Error::from)?,
                offer_id,
                offer_title,
                companion,
            });
        }
    }
    let unlinkable_years = store::visits::unlinkable_years(&mut tx)?;
    let audit = audit::naming(&mut tx, id)?;
    Ok(CardData {
        card: card.summary(),
        language: card.language.clone(),
        created_at,
        revoked_at,
        activation_codes,
        credentials,
        visits,
        limit_refusals,
        unlinkable_years,
        audit,
    })
}

/// Erases card `id` as the module doc says, in one transaction, recorded as done `by` an admin
/// key (or the command line).
pub fn erase(
    conn: &mut Conn,
    keys: &KeyStore,
    id: &str,
    by: Option<&crate::auth::Staff>,
    now: u64,
) -> Result<CardErased, ApiError> {
    let mut tx = conn.transaction()?;
    let card = store::cards::card(&mut tx, id)?
        .filter(|c| !c.erased)
        .ok_or_else(|| not_found(id))?;
    revoke_now(&mut tx, keys, &card.id, now)?;
    let mut visits_unlinked = 0;
    for (year, key) in store::visits::open_years(&mut tx)? {
        let fresh = crate::secrets::random_bytes::<{ pseudonym::LEN }>()?;
        let holder = pseudonym::with_key(&key, &card.id);
        visits_unlinked += store::visits::unlink_holder(&mut tx, &holder, &fresh, year)?;
        visits_unlinked += store::visit_limits::unlink_refusals(&mut tx, &holder, &fresh, year)?;
    }
    let (activation_codes, credentials) = store::cards::erase_card(&mut tx, &card.id, now)?;
    match by {
        Some(staff) => audit::by(&mut tx, staff, Action::CardErase, &card.id, now)?,
        None => audit::record(&mut tx, None, Action::CardErase, &card.id, now)?,
    }
    tx.commit()?;
    Ok(CardErased {
        activation_codes,
        credentials,
        visits_unlinked,
    })
}

/// `GET /api/v1/admin/cards/{id}/data`.
async fn card_data(
    admin: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<CardData>, ApiError> {
    let now = state.clock.now();
    let data = state
        .db
        .call(move |c| {
            let data = data(c, &id)?;
            audit::by(c, &admin, Action::CardData, &id, now)?;
            Ok::<_, ApiError>(data)
        })
        .await?;
    Ok(axum::Json(data))
}

/// `DELETE /api/v1/admin/cards/{id}`.
async fn erase_card(
    admin: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<CardErased>, ApiError> {
    let now = state.clock.now();
    let keys = state.keys.clone();
    let erased = state
        .db
        .call(move |c| erase(c, &keys, &id, Some(&admin), now))
        .await?;
    tracing::info!(
        visits_unlinked = erased.visits_unlinked,
        "card erased on request"
    );
    Ok(axum::Json(erased))
}
