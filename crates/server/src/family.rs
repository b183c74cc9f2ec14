//! A family's rights over its card: everything the server holds about one card (GDPR art. 15),
//! and erasing it on request (art. 17), leaving only visits that link to no one.
//!
//! Erasing revokes the card (a phone may still hold a valid credential, and the revocation list
//! must keep naming the card for it), blanks its name, birth year and letter language, deletes
//! its codes and credentials, and moves its visits of open years to a fresh random pseudonym, so
//! the statistics keep counting them (as one child) while nothing links them to the card id. The
//! emptied row stays only as long as the revocation list needs it (`retention.rs`).

use crate::params;
use crate::store::Conn;
use aktivitetskortet_core::api::{CardData, CardErased, CodeRecord, CredentialRecord, VisitRecord};
use aktivitetskortet_core::calendar::Date;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::audit::{self, Action};
use crate::auth::Admin;
use crate::cards::{card_row, revoke_now};
use crate::error::ApiError;
use crate::keys::KeyStore;
use crate::{AppState, pseudonym};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/admin/cards/{id}",
            axum::routing::delete(erase_card),
        )
        .route("/api/v1/admin/cards/{id}/data", get(card_data))
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("no card {id}"))
}

/// The years that have visits and a pseudonym key, with the key: the card's visits there can
/// still be found.
fn open_years(conn: &mut Conn) -> crate::store::DbResult<Vec<(i32, Vec<u8>)>> {
    conn.query_map(
        "SELECT year, key FROM pseudonym_keys WHERE key IS NOT NULL ORDER BY year",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Everything held about card `id`, read in one transaction.
pub fn data(conn: &mut Conn, id: &str) -> Result<CardData, ApiError> {
    let mut tx = conn.transaction()?;
    let card = card_row(&mut tx, id)?
        .filter(|c| !c.erased)
        .ok_or_else(|| not_found(id))?;
    let (created_at, revoked_at): (i64, Option<i64>) = tx.query_one(
        "SELECT created_at, revoked_at FROM cards WHERE id = ?1",
        params![id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let activation_codes = tx.query_map(
        "SELECT created_at, expires_at, used_at FROM activation_codes WHERE card_id = ?1
             ORDER BY created_at",
        params![id],
        |r| {
            Ok(CodeRecord {
                created_at: r.get::<i64>(0)? as u64,
                expires_at: r.get::<i64>(1)? as u64,
                used_at: r.get::<Option<i64>>(2)?.map(|t| t as u64),
            })
        },
    )?;
    let credentials = tx.query_map(
        "SELECT kid, device_key, issued_at, expires_at FROM credentials WHERE card_id = ?1
             ORDER BY issued_at, rowid",
        params![id],
        |r| {
            Ok(CredentialRecord {
                kid: r.get(0)?,
                device_key: BASE64.encode(r.get::<Vec<u8>>(1)?),
                issued_at: r.get::<i64>(2)? as u64,
                expires_at: r.get::<i64>(3)? as u64,
            })
        },
    )?;
    let mut visits = Vec::new();
    let titles = crate::catalogue::titles(&mut tx)?;
    for (year, key) in open_years(&mut tx)? {
        let holder = pseudonym::with_key(&key, id);
        let rows = tx.query_map(
            "SELECT v.day, v.offer_id, v.companion FROM visits v
             WHERE v.holder = ?1 AND v.day >= ?2 AND v.day <= ?3 ORDER BY v.day, v.id",
            params![
                holder,
                format!("{year:04}-01-01"),
                format!("{year:04}-12-31")
            ],
            |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?, r.get::<bool>(2)?)),
        )?;
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
    let unlinkable_years = tx.query_map(
        "SELECT DISTINCT CAST(substr(day, 1, 4) AS INTEGER) AS year FROM visits
             WHERE CAST(substr(day, 1, 4) AS INTEGER)
                 NOT IN (SELECT year FROM pseudonym_keys WHERE key IS NOT NULL)
             ORDER BY year",
        params![],
        |r| r.get(0),
    )?;
    let audit = audit::naming(&mut tx, id)?;
    Ok(CardData {
        card: card.summary(),
        language: card.language.clone(),
        created_at: created_at as u64,
        revoked_at: revoked_at.map(|t| t as u64),
        activation_codes,
        credentials,
        visits,
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
    by: Option<i64>,
    now: u64,
) -> Result<CardErased, ApiError> {
    let mut tx = conn.transaction()?;
    let card = card_row(&mut tx, id)?
        .filter(|c| !c.erased)
        .ok_or_else(|| not_found(id))?;
    revoke_now(&mut tx, keys, &card.id, now)?;
    let mut visits_unlinked = 0;
    for (year, key) in open_years(&mut tx)? {
        let fresh = crate::secrets::random_bytes::<{ pseudonym::LEN }>()?.to_vec();
        visits_unlinked += tx.execute(
            "UPDATE visits SET holder = ?1 WHERE holder = ?2 AND day >= ?3 AND day <= ?4",
            params![
                fresh,
                pseudonym::with_key(&key, &card.id),
                format!("{year:04}-01-01"),
                format!("{year:04}-12-31")
            ],
        )? as u64;
    }
    let activation_codes = tx.execute(
        "DELETE FROM activation_codes WHERE card_id = ?1",
        params![&card.id],
    )? as u64;
    let credentials = tx.execute(
        "DELETE FROM credentials WHERE card_id = ?1",
        params![&card.id],
    )? as u64;
    tx.execute(
        "UPDATE cards SET given_name = '', birth_year = 0, language = '', erased_at = ?2
         WHERE id = ?1",
        params![card.id, now as i64],
    )?;
    audit::record(&mut tx, by, Action::CardErase, &card.id, now)?;
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
        .call(move |c| erase(c, &keys, &id, Some(admin.key_id), now))
        .await?;
    tracing::info!(
        visits_unlinked = erased.visits_unlinked,
        "card erased on request"
    );
    Ok(axum::Json(erased))
}
