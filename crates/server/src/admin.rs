//! The admin API (admin key): offers (create, update, delete, import from JSON or CSV, image),
//! venue keys, and usage statistics. Cards are in `cards`.

use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::api::{
    AdminKeyInfo, CreateVenueKeyRequest, ErrorDetail, ImportReport, VenueKeyCreated,
    VenueKeySummary,
};
use aktivitetskortet_core::offer::Offer;
use aktivitetskortet_core::offer_csv;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{delete, get, post, put};

use crate::AppState;
use crate::audit::{self, Action};
use crate::auth::{Admin, SignedIn, create_venue_key};
use crate::catalogue;
use crate::error::ApiError;
use crate::extract::{ApiBytes, ApiJson};
use crate::store::catalogue::{
    delete_offer, get_offer, next_version, put_offer, put_offer_as_change,
};
use crate::store::{self, Conn};

/// Uploaded images may be photos straight from a phone.
const IMAGE_LIMIT: usize = 10 << 20;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(paths::ADMIN_OFFERS, get(list_offers).post(create_offer))
        .route(paths::ADMIN_OFFERS_IMPORT, post(import))
        .route(paths::ADMIN_OFFER, put(update_offer).delete(remove_offer))
        .route(
            paths::ADMIN_OFFER_IMAGE,
            post(upload_image).layer(DefaultBodyLimit::max(IMAGE_LIMIT)),
        )
        .route(paths::ADMIN_VENUE_KEYS, post(create_venue).get(list_venues))
        .route(paths::ADMIN_ME, get(me))
        .route(paths::ADMIN_VENUE_KEY, delete(revoke_venue))
}

/// What is wrong with `offer` (`Offer::validate`), each by field (and `line`, in an import).
pub(crate) fn field_errors(offer: &Offer, line: Option<u32>) -> Vec<ErrorDetail> {
    offer
        .validate()
        .into_iter()
        .map(|e| ErrorDetail {
            line,
            field: Some(e.field),
            message: e.message,
        })
        .collect()
}

fn all_offers(conn: &mut Conn) -> anyhow::Result<Vec<Offer>> {
    store::catalogue::admin_offers(conn)
}

/// `GET /api/v1/admin/me`: the key or the signed-in person of this request, so the admin area
/// can warn before it expires, show what the role allows, and send the CSRF token back.
async fn me(SignedIn(staff): SignedIn) -> axum::Json<AdminKeyInfo> {
    axum::Json(AdminKeyInfo {
        id: staff.key_id.unwrap_or(0),
        label: staff.label,
        created_at: staff.created_at,
        expires_at: staff.expires_at,
        role: staff.role,
        csrf_token: staff.csrf_token,
    })
}

async fn list_offers(
    _: Admin,
    State(state): State<AppState>,
) -> Result<axum::Json<Vec<Offer>>, ApiError> {
    let offers = state.db.call(|c| Ok::<_, ApiError>(all_offers(c)?)).await?;
    Ok(axum::Json(offers))
}

/// `POST /api/v1/admin/offers`: a new offer; 409 when the id is taken.
async fn create_offer(
    admin: Admin,
    State(state): State<AppState>,
    ApiJson(mut offer): ApiJson<Offer>,
) -> Result<(StatusCode, axum::Json<Offer>), ApiError> {
    let errors = field_errors(&offer, None);
    if !errors.is_empty() {
        return Err(ApiError::invalid("the offer has errors", errors));
    }
    let now = state.clock.now();
    let offer = state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            if get_offer(&mut tx, &offer.id)?.is_some() {
                return Err(ApiError::Conflict(format!(
                    "an offer with id {} exists",
                    offer.id
                )));
            }
            offer.image = None;
            put_offer_as_change(&mut tx, &mut offer, now)?;
            audit::by(&mut tx, &admin, Action::OfferCreate, &offer.id, now)?;
            tx.commit()?;
            Ok::<_, ApiError>(offer)
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(offer)))
}

/// A PUT's body names the thing it changes; another id than the path's is refused rather
/// than guessed at (which of the two did the sender mean?).
pub(crate) fn same_id(body_id: &str, path_id: &str) -> Result<(), ApiError> {
    if body_id == path_id {
        Ok(())
    } else {
        Err(ApiError::bad_request(
            "id_mismatch",
            "the body's id differs from the path's",
        ))
    }
}

/// `PUT /api/v1/admin/offers/{id}`: replaces an offer (its image stays).
async fn update_offer(
    admin: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(mut offer): ApiJson<Offer>,
) -> Result<axum::Json<Offer>, ApiError> {
    same_id(&offer.id, &id)?;
    let errors = field_errors(&offer, None);
    if !errors.is_empty() {
        return Err(ApiError::invalid("the offer has errors", errors));
    }
    let now = state.clock.now();
    let offer = state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            let old = get_offer(&mut tx, &id)?
                .ok_or_else(|| ApiError::NotFound(format!("no offer {id}")))?;
            offer.image = old.image;
            put_offer_as_change(&mut tx, &mut offer, now)?;
            audit::by(&mut tx, &admin, Action::OfferUpdate, &id, now)?;
            tx.commit()?;
            Ok::<_, ApiError>(offer)
        })
        .await?;
    Ok(axum::Json(offer))
}

async fn remove_offer(
    admin: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let now = state.clock.now();
    state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            let version = next_version(&mut tx)?;
            if !delete_offer(&mut tx, &id, version, now)? {
                return Err(ApiError::NotFound(format!("no offer {id}")));
            }
            audit::by(&mut tx, &admin, Action::OfferDelete, &id, now)?;
            tx.commit()?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stores offers from an import in one transaction, all of them or none, recorded as an import
/// by `admin`.
fn store_offers(
    conn: &mut Conn,
    admin: &Admin,
    mut offers: Vec<Offer>,
    now: u64,
) -> Result<ImportReport, ApiError> {
    let mut tx = conn.transaction()?;
    let version = next_version(&mut tx)?;
    let (mut created, mut updated) = (0, 0);
    for offer in &mut offers {
        // An import does not carry images; keep the one an offer has.
        offer.image = get_offer(&mut tx, &offer.id)?.and_then(|old| old.image);
        if put_offer(&mut tx, offer, version, now)? {
            created += 1;
        } else {
            updated += 1;
        }
    }
    let ids: Vec<&str> = offers.iter().map(|o| o.id.as_str()).collect();
    audit::by(&mut tx, admin, Action::OfferImport, &ids.join(","), now)?;
    tx.commit()?;
    Ok(ImportReport { created, updated })
}

/// `POST /api/v1/admin/offers/import`: a JSON array of offers (`application/json`) or a CSV file
/// (`text/csv`, columns in `offer_csv`). Any error refuses the whole file, with every problem
/// listed by line and field.
async fn import(
    admin: Admin,
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Result<axum::Json<ImportReport>, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::bad_request("bad_encoding", "the file is not UTF-8 text"))?;
    let offers = if content_type.starts_with("text/csv") {
        offer_csv::parse(text)
            .map_err(|details| ApiError::invalid("nothing was imported", details))?
    } else if content_type.starts_with("application/json") {
        let offers: Vec<Offer> = serde_json::from_str(text).map_err(|e| {
            ApiError::invalid(
                "nothing was imported",
                vec![ErrorDetail {
                    line: Some(e.line() as u32),
                    field: None,
                    message: format!("not a JSON array of offers: {e}"),
                }],
            )
        })?;
        let mut details = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, offer) in offers.iter().enumerate() {
            // For JSON, "line" is the offer's position in the array (1-based).
            details.extend(field_errors(offer, Some(i as u32 + 1)));
            if !seen.insert(offer.id.clone()) {
                details.push(ErrorDetail {
                    line: Some(i as u32 + 1),
                    field: Some("id".into()),
                    message: format!("the id {} appears twice", offer.id),
                });
            }
        }
        if !details.is_empty() {
            return Err(ApiError::invalid("nothing was imported", details));
        }
        offers
    } else {
        return Err(ApiError::bad_request(
            "unsupported_type",
            "send Content-Type: text/csv or application/json",
        ));
    };
    let now = state.clock.now();
    let report = state
        .db
        .call(move |c| store_offers(c, &admin, offers, now))
        .await?;
    tracing::info!(
        created = report.created,
        updated = report.updated,
        "offers imported"
    );
    Ok(axum::Json(report))
}

/// `POST /api/v1/admin/offers/{id}/image`: a PNG or JPEG body; the server keeps a small JPEG
/// thumbnail and points the offer at it.
async fn upload_image(
    admin: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiBytes(body): ApiBytes,
) -> Result<axum::Json<Offer>, ApiError> {
    let thumbnail = tokio::task::spawn_blocking(move || catalogue::make_thumbnail(&body))
        .await
        .map_err(|e| ApiError::Internal(e.into()))??;
    let now = state.clock.now();
    let offer = state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            let mut offer = get_offer(&mut tx, &id)?
                .ok_or_else(|| ApiError::NotFound(format!("no offer {id}")))?;
            // The thumbnail's own hash: its URL changes exactly when the picture does.
            let etag = crate::secrets::sha256_hex(&thumbnail)[..16].to_owned();
            store::catalogue::put_image(&mut tx, &id, &thumbnail, &etag)?;
            offer.image = Some(format!("/api/v1/images/{id}.jpg?v={etag}"));
            put_offer_as_change(&mut tx, &mut offer, now)?;
            audit::by(&mut tx, &admin, Action::OfferImage, &id, now)?;
            tx.commit()?;
            Ok::<_, ApiError>(offer)
        })
        .await?;
    Ok(axum::Json(offer))
}

async fn create_venue(
    admin: Admin,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<CreateVenueKeyRequest>,
) -> Result<(StatusCode, axum::Json<VenueKeyCreated>), ApiError> {
    if req.name.trim().is_empty() || req.name.chars().count() > 200 {
        return Err(ApiError::invalid(
            "the venue key cannot be made",
            vec![ErrorDetail {
                line: None,
                field: Some("name".into()),
                message: "1–200 characters".into(),
            }],
        ));
    }
    let now = state.clock.now();
    let created = state
        .db
        .call(move |c| {
            let unknown: Vec<ErrorDetail> = req
                .offer_ids
                .iter()
                .filter(|id| get_offer(c, id).ok().flatten().is_none())
                .map(|id| ErrorDetail {
                    line: None,
                    field: Some("offer_ids".into()),
                    message: format!("no offer {id}"),
                })
                .collect();
            if !unknown.is_empty() || req.offer_ids.is_empty() {
                let mut details = unknown;
                if details.is_empty() {
                    details.push(ErrorDetail {
                        line: None,
                        field: Some("offer_ids".into()),
                        message: "name at least one offer".into(),
                    });
                }
                return Err(ApiError::invalid("the venue key cannot be made", details));
            }
            let mut tx = c.transaction()?;
            let (id, key) = create_venue_key(&mut tx, req.name.trim(), &req.offer_ids, now)?;
            audit::by(
                &mut tx,
                &admin,
                Action::VenueKeyCreate,
                &id.to_string(),
                now,
            )?;
            tx.commit()?;
            Ok::<_, ApiError>(VenueKeyCreated { id, key })
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(created)))
}

async fn list_venues(
    _: Admin,
    State(state): State<AppState>,
) -> Result<axum::Json<Vec<VenueKeySummary>>, ApiError> {
    let venues = state
        .db
        .call(|c| {
            let rows = store::keys::venue_keys(c)?
                .into_iter()
                .map(|v| VenueKeySummary {
                    id: v.id,
                    name: v.name,
                    offer_ids: serde_json::from_str(&v.offer_ids).unwrap_or_default(),
                    created_at: v.created_at,
                    revoked: v.revoked_at.is_some(),
                })
                .collect::<Vec<_>>();
            Ok::<_, ApiError>(rows)
        })
        .await?;
    Ok(axum::Json(venues))
}

async fn revoke_venue(
    admin: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    revoke_by_id(
        &state,
        admin,
        &id,
        ("venue key", Action::VenueKeyRevoke),
        store::keys::revoke_venue_key,
    )
    .await
}

/// Revokes the key numbered `id` (as the path has it) with `revoke`, in one transaction with
/// its audit entry (`what`'s action). An id that is no number, or no such key, is 404 naming
/// `what`; a key revoked before keeps its first time.
pub(crate) async fn revoke_by_id(
    state: &AppState,
    admin: Admin,
    id: &str,
    (what, action): (&'static str, Action),
    revoke: fn(&mut Conn, i64, u64) -> store::DbResult<bool>,
) -> Result<StatusCode, ApiError> {
    // Parsed here, not by `Path<i64>`, so a bad id gets the API's error shape.
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::NotFound(format!("no {what} {id}")))?;
    let now = state.clock.now();
    state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            if !revoke(&mut tx, id, now)? {
                return Err(ApiError::NotFound(format!("no {what} {id}")));
            }
            audit::by(&mut tx, &admin, action, &id.to_string(), now)?;
            tx.commit()?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
