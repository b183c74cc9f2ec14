//! Cards: the admin issues, re-issues and revokes them; a phone activates one with the code from
//! its letter and refreshes its credential; venues fetch the signed trust and revocation lists.
//!
//! Activation failures are uniform on purpose: a wrong, used or expired code, or a revoked card,
//! all get the same answer, so the endpoint tells a guesser nothing. Attempts are rate-limited per
//! client address and per code, refreshes per card (`limits.rs`).

use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::api::{
    ActivateRequest, CardSummary, CredentialResponse, IssueCardRequest, IssuedCard, RefreshRequest,
};
use aktivitetskortet_core::calendar::{Date, bergen_date, bergen_day_start};
use aktivitetskortet_core::token::{
    self, CardClaims, CardId, Credential, DevicePublicKey, IssueError, Policy, RevocationList,
    TrustList, Validity, Verdict,
};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::audit::{self, Action};
use crate::auth::Admin;
use crate::error::ApiError;
use crate::extract::{ApiJson, ClientAddr};
use crate::keys::KeyStore;
use crate::lists::{self, CREDENTIAL_LIFETIME};
use crate::store::cards::CardRow;
use crate::store::{self, Conn};
use crate::{AppState, secrets};

/// How long an activation code works after it is printed.
const CODE_LIFETIME: u64 = 60 * 86_400;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(paths::ACTIVATE, post(activate))
        .route(paths::REFRESH, post(refresh))
        .route(paths::TRUST_LIST, get(trust_list))
        .route(paths::REVOCATION_LIST, get(revocation_list))
        .route(paths::LIST_KEYS, get(list_keys))
        .route(
            paths::LIST_KEY_ANNOUNCEMENTS,
            get(crate::list_keys::announcements),
        )
        .route(paths::ADMIN_CARDS, post(issue_card).get(list_cards))
        .route(paths::ADMIN_CARD_REISSUE, post(reissue))
        .route(paths::ADMIN_CARD_REVOKE, post(revoke))
        .route(paths::ADMIN_LETTERS, post(crate::letters::letters_page))
}

fn activation_failed() -> ApiError {
    ApiError::bad_request(
        "activation_failed",
        "This code cannot be used: it is wrong, already used or expired. Check the letter, or ask Kulturetaten for a new one.",
    )
}

impl CardRow {
    pub(crate) fn summary(&self) -> CardSummary {
        CardSummary {
            card_id: self.id.clone(),
            given_name: self.given_name.clone(),
            birth_year: self.birth_year,
            valid_from: self.valid_from,
            valid_until: self.valid_until,
            companion: self.companion,
            status: if self.revoked {
                "revoked"
            } else if self.activated {
                "active"
            } else {
                "pending"
            }
            .into(),
        }
    }

    fn claims(&self) -> anyhow::Result<CardClaims> {
        Ok(CardClaims {
            card_id: self.id.parse()?,
            given_name: self.given_name.clone(),
            birth_year: self.birth_year,
            companion: self.companion,
        })
    }

    /// The card's validity in Unix seconds: from the start of its first day to the end of its
    /// last, Bergen's days.
    fn period(&self) -> (u64, u64) {
        (
            bergen_day_start(self.valid_from),
            bergen_day_start(self.valid_until.add_days(1)),
        )
    }
}

/// Issues a credential for `device` on `card` at `now`, signed with the current issuer key, and
/// records it.
fn issue_credential(
    state: &AppState,
    conn: &mut Conn,
    card: &CardRow,
    device: &DevicePublicKey,
    now: u64,
) -> Result<CredentialResponse, ApiError> {
    let (from, until) = card.period();
    let validity = Validity::for_card(now, from, until, CREDENTIAL_LIFETIME)
        .map_err(|_| ApiError::bad_request("card_ended", "the card's validity period has ended"))?;
    let issuer = state.keys.current_issuer(conn)?;
    let credential =
        Credential::issue(&card.claims()?, validity, device, &issuer).map_err(|e| match e {
            // A card stored before the name rule (issue 16) may carry "Amina (NAV)": it gets no
            // new credential until Kulturetaten issues it again under a name alone.
            IssueError::NameCharacter(_) | IssueError::NameShape | IssueError::NameNotClean => {
                ApiError::bad_request(
                    "given_name_refused",
                    format!("the card's given name cannot be issued: {e}; Kulturetaten must issue the card again with the name alone"),
                )
            }
            e => ApiError::Internal(e.into()),
        })?;
    let kid = issuer.kid().to_string();
    store::cards::record_credential(
        conn,
        &card.id,
        &kid,
        &device.to_compressed(),
        now,
        validity.expires_at,
    )?;
    store::keys::note_credential_expiry(conn, &kid, validity.expires_at)?;
    Ok(CredentialResponse {
        credential: BASE64.encode(credential.as_bytes()),
        card_id: card.id.clone(),
        given_name: card.given_name.clone(),
        birth_year: card.birth_year,
        companion: card.companion,
        card_valid_until: card.valid_until,
        server_time: now,
        // A card activated for the first time has made no visit yet (a visit needs its code).
        visits: if card.activated {
            crate::visit_limits::counts(conn, &card.id, bergen_date(now))?
        } else {
            Vec::new()
        },
    })
}

/// `POST /api/v1/activate`.
async fn activate(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    ApiJson(req): ApiJson<ActivateRequest>,
) -> Result<axum::Json<CredentialResponse>, ApiError> {
    let now = state.clock.now();
    state
        .limits
        .per_address
        .check(&crate::limits::address_key(address))
        .map_err(ApiError::TooManyRequests)?;
    let device = parse_device_key(&req.device_key)?;
    let code = secrets::normalize_code(&req.code).ok_or_else(activation_failed)?;
    state
        .limits
        .per_code
        .check(&code)
        .map_err(ApiError::TooManyRequests)?;
    let code_hash = secrets::hash(&code);
    let state2 = state.clone();
    let response = state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            let card = match store::cards::claim_code(&mut tx, &code_hash, now)? {
                Some(id) => store::cards::card(&mut tx, &id)?,
                None => None,
            };
            // A revoked card's code stays as it was: the transaction is not committed.
            let Some(card) = card.filter(|card| !card.revoked) else {
                return Err(activation_failed());
            };
            // Re-activation (a new letter after a lost phone): every earlier credential of the
            // card is revoked, so only the newest phone keeps working.
            if card.activated {
                store::cards::revoke_credentials_before(&mut tx, &card.id, now)?;
            }
            let response = issue_credential(&state2, &mut tx, &card, &device, now)?;
            tx.commit()?;
            Ok::<_, ApiError>(response)
        })
        .await?;
    tracing::info!("card activated");
    Ok(axum::Json(response))
}

/// The policy the backend uses to check a refresh: the default freshness, so a phone proves it
/// holds its key right now.
fn server_lists(
    state: &AppState,
    conn: &mut Conn,
    now: u64,
) -> anyhow::Result<(TrustList, RevocationList)> {
    let list_keys = [state.keys.list_key(conn)?.public_key()];
    let trust = lists::current(conn, &state.keys, lists::TRUST, now)?;
    let revocations = lists::current(conn, &state.keys, lists::REVOCATION, now)?;
    Ok((
        TrustList::open(&trust.bytes, &list_keys, None)?,
        RevocationList::open(&revocations.bytes, &list_keys, None)?,
    ))
}

/// The phone key a refresh issues for, when `presented` (the key that signed the presentation)
/// may refresh the card at all. Only the key of the card's newest credential may: after a key
/// move (§6.3) the old key, which may have been copied while it was raw bytes, refreshes
/// nothing. A move names `moving_to`; it is granted to the current key, and granted again when
/// the new key already is the current one (the phone lost the first answer and still holds only
/// the old credential), so a cut connection never strands a card.
fn refreshed_key(
    conn: &mut Conn,
    card_id: &str,
    presented: &DevicePublicKey,
    moving_to: Option<DevicePublicKey>,
) -> Result<DevicePublicKey, ApiError> {
    let current = store::cards::current_device_key(conn, card_id)?
        .and_then(|bytes| DevicePublicKey::from_compressed(&bytes).ok());
    let is_current = |key: &DevicePublicKey| current.as_ref() == Some(key);
    match moving_to {
        None if is_current(presented) => Ok(*presented),
        Some(new) if is_current(presented) || is_current(&new) => Ok(new),
        _ => Err(ApiError::Refused {
            code: "refresh_refused",
            reason: "key_replaced",
            message:
                "this phone key was replaced: only the card's current phone key can refresh it"
                    .into(),
        }),
    }
}

/// A phone key as the requests carry it: a compressed P-256 point in Base64.
fn parse_device_key(text: &str) -> Result<DevicePublicKey, ApiError> {
    let key_bytes = BASE64
        .decode(text.trim())
        .map_err(|_| ApiError::bad_request("bad_device_key", "device_key is not Base64"))?;
    DevicePublicKey::from_compressed(&key_bytes).map_err(|_| {
        ApiError::bad_request(
            "bad_device_key",
            "device_key is not a compressed P-256 public key (33 bytes)",
        )
    })
}

/// `POST /api/v1/refresh`: a valid, fresh presentation gets a new credential for the same phone
/// key (or, with `device_key`, for the phone's new key), unless the card was revoked or has
/// ended, or the key was replaced.
async fn refresh(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RefreshRequest>,
) -> Result<axum::Json<CredentialResponse>, ApiError> {
    let now = state.clock.now();
    let moving_to = req
        .device_key
        .as_deref()
        .map(parse_device_key)
        .transpose()?;
    let state2 = state.clone();
    let response = state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            let (trust, revocations) = server_lists(&state2, &mut tx, now)?;
            let admitted = match token::verify(
                &req.presentation,
                now,
                &trust,
                &revocations,
                &Policy::default(),
            ) {
                Verdict::Valid(admitted) => admitted,
                Verdict::NotValid(reason) => {
                    return Err(ApiError::Refused {
                        code: "refresh_refused",
                        reason: reason.code(),
                        message: format!("the presentation is not valid: {}", reason.code()),
                    });
                }
            };
            // A card's phone refreshes about daily: more than a few an hour is not a phone.
            state2
                .limits
                .per_card
                .check(&admitted.card_id.to_string())
                .map_err(ApiError::TooManyRequests)?;
            let credential = token::credential_in(&req.presentation)
                .map_err(|e| ApiError::Internal(e.into()))?;
            let card = store::cards::card(&mut tx, &admitted.card_id.to_string())?
                .filter(|card| !card.revoked)
                .ok_or_else(|| ApiError::Refused {
                    code: "refresh_refused",
                    reason: "card_revoked",
                    message: "the card was revoked".into(),
                })?;
            let device = refreshed_key(&mut tx, &card.id, &credential.device_key, moving_to)?;
            let response = issue_credential(&state2, &mut tx, &card, &device, now)?;
            tx.commit()?;
            Ok::<_, ApiError>(response)
        })
        .await?;
    Ok(axum::Json(response))
}

pub(crate) fn cose_response(signed: lists::Signed) -> Response {
    let mut response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/cose"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        signed.bytes,
    )
        .into_response();
    response
        .headers_mut()
        .insert("x-list-sequence", HeaderValue::from(signed.sequence));
    response
}

/// `GET /api/v1/trust-list`: the signed trust list (COSE_Sign1, `docs/token-format.md` §7).
async fn trust_list(State(state): State<AppState>) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let keys = state.keys.clone();
    let signed = state
        .db
        .call(move |c| Ok::<_, ApiError>(lists::current(c, &keys, lists::TRUST, now)?))
        .await?;
    Ok(cose_response(signed))
}

/// `GET /api/v1/revocation-list`: the signed revocation list.
async fn revocation_list(State(state): State<AppState>) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let keys = state.keys.clone();
    let signed = state
        .db
        .call(move |c| Ok::<_, ApiError>(lists::current(c, &keys, lists::REVOCATION, now)?))
        .await?;
    Ok(cose_response(signed))
}

/// `GET /api/v1/list-keys`: the public list keys (Base64), for apps that are not built with them.
async fn list_keys(
    State(state): State<AppState>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let keys = state.keys.clone();
    let key = state
        .db
        .call(move |c| Ok::<_, ApiError>(keys.list_key(c)?.public_key()))
        .await?;
    Ok(axum::Json(serde_json::json!({
        "list_keys": [{ "kid": key.kid().to_string(), "alg": "EdDSA", "key": BASE64.encode(key.to_bytes()) }]
    })))
}

fn check_card_request(req: &IssueCardRequest, today: Date) -> Result<(), ApiError> {
    // The same rules as the admin screens and the card import (core's cards_csv).
    let details = aktivitetskortet_core::cards_csv::check_request(req, today);
    if details.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid("the card cannot be issued", details))
    }
}

/// Stores a new activation code for `card_id` (the card's earlier unused codes stop working).
pub(crate) fn new_code(
    conn: &mut Conn,
    card_id: &str,
    valid_until: Date,
    now: u64,
) -> anyhow::Result<(String, Date)> {
    let code = secrets::new_activation_code()?;
    let normalized = secrets::normalize_code(&code).ok_or_else(|| anyhow::anyhow!("bad code"))?;
    let expires = (now + CODE_LIFETIME).min(bergen_day_start(valid_until.add_days(1)));
    store::cards::replace_codes(conn, card_id, &secrets::hash(&normalized), expires, now)?;
    Ok((code, bergen_date(expires.saturating_sub(1))))
}

fn issued(card_id: &str, code: String, code_expires: Date) -> IssuedCard {
    IssuedCard {
        card_id: card_id.to_owned(),
        activation_code: code,
        code_expires,
    }
}

/// Issues a card and its first activation code; used by the API and the demo data.
pub fn create_card(
    conn: &mut Conn,
    req: &IssueCardRequest,
    demo: bool,
    now: u64,
) -> Result<IssuedCard, ApiError> {
    check_card_request(req, bergen_date(now))?;
    let card_id = CardId(crate::secrets::random_bytes::<8>()?).to_string();
    let language = req.language.clone().unwrap_or_else(|| "nb".into());
    store::cards::insert_card(
        conn,
        &store::cards::NewCard {
            id: &card_id,
            given_name: &req.given_name,
            birth_year: req.birth_year,
            companion: req.companion,
            valid_from: req.valid_from,
            valid_until: req.valid_until,
            language: &language,
            demo,
        },
        now,
    )?;
    let (code, expires) = new_code(conn, &card_id, req.valid_until, now)?;
    Ok(issued(&card_id, code, expires))
}

/// `POST /api/v1/admin/cards`.
async fn issue_card(
    admin: Admin,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<IssueCardRequest>,
) -> Result<(StatusCode, axum::Json<IssuedCard>), ApiError> {
    let now = state.clock.now();
    let card = state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            let card = create_card(&mut tx, &req, false, now)?;
            audit::by(&mut tx, &admin, Action::CardIssue, &card.card_id, now)?;
            tx.commit()?;
            Ok::<_, ApiError>(card)
        })
        .await?;
    tracing::info!("card issued");
    Ok((StatusCode::CREATED, axum::Json(card)))
}

/// `GET /api/v1/admin/cards`.
async fn list_cards(
    admin: Admin,
    State(state): State<AppState>,
) -> Result<axum::Json<Vec<CardSummary>>, ApiError> {
    let now = state.clock.now();
    let cards = state
        .db
        .call(move |c| {
            let rows = store::cards::cards(c)?;
            let mut cards = Vec::new();
            for row in rows {
                cards.push(row.summary());
            }
            // Reading the names is an access to personal data: recorded, with the count.
            audit::by(c, &admin, Action::CardsList, &cards.len().to_string(), now)?;
            Ok::<_, ApiError>(cards)
        })
        .await?;
    Ok(axum::Json(cards))
}

pub(crate) fn existing_card(conn: &mut Conn, id: &str) -> Result<CardRow, ApiError> {
    store::cards::card(conn, id)?
        .filter(|card| !card.erased)
        .ok_or_else(|| ApiError::NotFound(format!("no card {id}")))
}

/// Revokes card `id` now: every credential issued until now, and every unused code, and signs
/// the revocation list that says so.
pub(crate) fn revoke_now(
    conn: &mut Conn,
    keys: &KeyStore,
    id: &str,
    now: u64,
) -> anyhow::Result<()> {
    store::cards::revoke_card(conn, id, now)?;
    lists::current(conn, keys, lists::REVOCATION, now)?;
    Ok(())
}

/// `POST /api/v1/admin/cards/{id}/reissue`: a new letter (after a lost phone or letter). The old
/// phone keeps working until the new code is used; then it is revoked.
async fn reissue(
    admin: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<IssuedCard>, ApiError> {
    let now = state.clock.now();
    let card = state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            let card = existing_card(&mut tx, &id)?;
            if card.revoked {
                return Err(ApiError::Conflict(
                    "the card is revoked; issue a new card".into(),
                ));
            }
            let (code, expires) = new_code(&mut tx, &card.id, card.valid_until, now)?;
            audit::by(&mut tx, &admin, Action::CardReissue, &card.id, now)?;
            tx.commit()?;
            Ok::<_, ApiError>(issued(&card.id, code, expires))
        })
        .await?;
    Ok(axum::Json(card))
}

/// `POST /api/v1/admin/cards/{id}/revoke`: every credential of the card stops working once venues
/// sync, and the card cannot be activated or refreshed again.
async fn revoke(
    admin: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let now = state.clock.now();
    let keys = state.keys.clone();
    state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            let card = existing_card(&mut tx, &id)?;
            revoke_now(&mut tx, &keys, &card.id, now)?;
            audit::by(&mut tx, &admin, Action::CardRevoke, &card.id, now)?;
            tx.commit()?;
            Ok::<_, ApiError>(())
        })
        .await?;
    tracing::info!("card revoked");
    Ok(StatusCode::NO_CONTENT)
}
