//! Providers: an organiser (a museum, a sports club) with a provider key keeps its own offers
//! (its visit counts and settlement report are in `settlement.rs`); the municipality makes
//! provider keys, says which provider keeps which offer and what it refunds per person, and
//! approves a provider's new offers before holders see them (unless
//! `--provider-offers-go-live`).

use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::api::{
    CreateProviderRequest, ErrorDetail, MAX_REFUND_ORE, OfferTerms, ProviderCreated, ProviderInfo,
    ProviderOffers, ProviderSummary, SetOfferTerms,
};
use aktivitetskortet_core::offer::Offer;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};

use crate::AppState;
use crate::audit::{self, Action};
use crate::auth::{Admin, Provider, create_provider};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::store;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(paths::ADMIN_PROVIDERS, post(create).get(list))
        .route(paths::ADMIN_PROVIDER, axum::routing::delete(revoke))
        .route(paths::ADMIN_PROVIDER_KEY, post(new_key))
        .route(paths::ADMIN_OFFER_TERMS, get(terms))
        .route(paths::ADMIN_OFFER_SET_TERMS, put(set_terms))
        .route(paths::ADMIN_OFFER_APPROVE, post(approve))
        .route(paths::PROVIDER_ME, get(me))
        .route(paths::PROVIDER_OFFERS, get(own_offers).post(create_offer))
        .route(paths::PROVIDER_OFFER, put(update_offer))
        .merge(crate::settlement::router())
}

fn bad_name(name: &str) -> Option<ApiError> {
    (name.trim().is_empty() || name.chars().count() > 200).then(|| {
        ApiError::invalid(
            "the provider cannot be made",
            vec![ErrorDetail {
                line: None,
                field: Some("name".into()),
                message: "1–200 characters".into(),
            }],
        )
    })
}

/// A path's numeric id, parsed here so a bad one gets the API's error shape.
pub(crate) fn numeric_id(id: &str, what: &str) -> Result<i64, ApiError> {
    id.parse()
        .map_err(|_| ApiError::NotFound(format!("no {what} {id}")))
}

/// `POST /api/v1/admin/providers`: a provider key, shown once.
async fn create(
    admin: Admin,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<CreateProviderRequest>,
) -> Result<(StatusCode, axum::Json<ProviderCreated>), ApiError> {
    if let Some(error) = bad_name(&req.name) {
        return Err(error);
    }
    let now = state.clock.now();
    let created = state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            let (id, key) = create_provider(&mut tx, req.name.trim(), now)?;
            audit::by(
                &mut tx,
                &admin,
                Action::ProviderCreate,
                &id.to_string(),
                now,
            )?;
            tx.commit()?;
            Ok::<_, ApiError>(ProviderCreated { id, key })
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(created)))
}

/// `GET /api/v1/admin/providers`: every provider with the offers it keeps.
async fn list(
    _: Admin,
    State(state): State<AppState>,
) -> Result<axum::Json<Vec<ProviderSummary>>, ApiError> {
    let prefix = state
        .oidc
        .as_ref()
        .map(|o| o.provider_role_prefix().to_owned());
    let providers = state
        .db
        .call(move |c| {
            let terms = store::providers::offer_terms(c)?;
            let rows = store::providers::providers(c)?
                .into_iter()
                .map(|p| ProviderSummary {
                    offer_ids: terms
                        .iter()
                        .filter(|t| t.provider_id == Some(p.id))
                        .map(|t| t.offer_id.clone())
                        .collect(),
                    id: p.id,
                    name: p.name,
                    created_at: p.created_at,
                    revoked: p.revoked_at.is_some(),
                    sign_in_role: prefix.as_ref().map(|prefix| format!("{prefix}{}", p.id)),
                })
                .collect::<Vec<_>>();
            Ok::<_, ApiError>(rows)
        })
        .await?;
    Ok(axum::Json(providers))
}

/// `DELETE /api/v1/admin/providers/{id}`: the key stops working at once; its offers stay.
async fn revoke(
    admin: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    crate::admin::revoke_by_id(
        &state,
        admin,
        &id,
        ("provider", Action::ProviderRevoke),
        store::providers::revoke_provider,
    )
    .await
}

/// `POST /api/v1/admin/providers/{id}/key`: a new key for a provider, shown once; the old one
/// stops working at once. For a key that was lost or may have leaked: the provider keeps its
/// offers, visits and settlements, which a new provider would not. A withdrawn provider gets
/// none (withdrawing is for good).
async fn new_key(
    admin: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<ProviderCreated>, ApiError> {
    let id = numeric_id(&id, "provider")?;
    let now = state.clock.now();
    let key = crate::secrets::new_api_key("ak_provider")?;
    let hash = crate::secrets::hash(&key);
    state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            match store::providers::provider(&mut tx, id)? {
                None => return Err(ApiError::NotFound(format!("no provider {id}"))),
                Some(p) if p.revoked_at.is_some() => {
                    return Err(ApiError::Conflict(
                        "this provider was withdrawn; make a new provider instead".into(),
                    ));
                }
                Some(_) => {}
            }
            store::providers::replace_key(&mut tx, id, &hash)?;
            audit::by(
                &mut tx,
                &admin,
                Action::ProviderKeyReplace,
                &id.to_string(),
                now,
            )?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    tracing::info!(provider = id, "a provider's key was replaced");
    Ok(axum::Json(ProviderCreated { id, key }))
}

/// `GET /api/v1/admin/offer-terms`: every live offer's provider, refund and approval.
async fn terms(
    _: Admin,
    State(state): State<AppState>,
) -> Result<axum::Json<Vec<OfferTerms>>, ApiError> {
    let terms = state
        .db
        .call(|c| Ok::<_, ApiError>(store::providers::offer_terms(c)?))
        .await?;
    Ok(axum::Json(terms))
}

/// `PUT /api/v1/admin/offers/{id}/terms`: which provider keeps the offer, and its refund.
async fn set_terms(
    admin: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<SetOfferTerms>,
) -> Result<StatusCode, ApiError> {
    if req.refund_ore.is_some_and(|ore| ore > MAX_REFUND_ORE) {
        return Err(ApiError::invalid(
            "the terms were not changed",
            vec![ErrorDetail {
                line: None,
                field: Some("refund_ore".into()),
                message: "at most 10 000 kroner (1 000 000 øre) per person".into(),
            }],
        ));
    }
    let now = state.clock.now();
    state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            if let Some(provider) = req.provider_id
                && store::providers::provider(&mut tx, provider)?.is_none()
            {
                return Err(ApiError::invalid(
                    "the terms were not changed",
                    vec![ErrorDetail {
                        line: None,
                        field: Some("provider_id".into()),
                        message: format!("no provider {provider}"),
                    }],
                ));
            }
            if !store::providers::set_offer_terms(&mut tx, &id, req.provider_id, req.refund_ore)? {
                return Err(ApiError::NotFound(format!("no offer {id}")));
            }
            audit::by(&mut tx, &admin, Action::OfferTerms, &id, now)?;
            tx.commit()?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/admin/offers/{id}/approve`: a provider's offer goes into the catalogue.
async fn approve(
    admin: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let now = state.clock.now();
    state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            let version = store::catalogue::next_version(&mut tx)?;
            if !store::providers::approve(&mut tx, &id, version, now)? {
                return Err(ApiError::NotFound(format!(
                    "no offer {id} waits for approval"
                )));
            }
            audit::by(&mut tx, &admin, Action::OfferApprove, &id, now)?;
            tx.commit()?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/provider/me`.
async fn me(provider: Provider, State(state): State<AppState>) -> axum::Json<ProviderInfo> {
    axum::Json(ProviderInfo {
        id: provider.id,
        name: provider.name,
        approval_required: state.provider_offers_need_approval,
    })
}

/// `GET /api/v1/provider/offers`: its own offers.
async fn own_offers(
    provider: Provider,
    State(state): State<AppState>,
) -> Result<axum::Json<ProviderOffers>, ApiError> {
    let answer = state
        .db
        .call(move |c| {
            let mut answer = ProviderOffers {
                offers: Vec::new(),
                pending: Vec::new(),
            };
            for (json, pending) in store::providers::offers_of(c, provider.id)? {
                let offer: Offer = serde_json::from_str(&json).map_err(anyhow::Error::from)?;
                if pending {
                    answer.pending.push(offer.id.clone());
                }
                answer.offers.push(offer);
            }
            Ok::<_, ApiError>(answer)
        })
        .await?;
    Ok(axum::Json(answer))
}

fn check_offer(offer: &Offer) -> Result<(), ApiError> {
    let errors = crate::admin::field_errors(offer, None);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid("the offer has errors", errors))
    }
}

/// `POST /api/v1/provider/offers`: a new offer of its own. It waits for the municipality's
/// approval when the server says so; its visit rule and picture are the municipality's to set.
async fn create_offer(
    provider: Provider,
    State(state): State<AppState>,
    ApiJson(mut offer): ApiJson<Offer>,
) -> Result<(StatusCode, axum::Json<Offer>), ApiError> {
    offer.visit_rule = None;
    offer.image = None;
    check_offer(&offer)?;
    let now = state.clock.now();
    let pending = state.provider_offers_need_approval;
    let offer = state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            if store::catalogue::offer_json(&mut tx, &offer.id)?.is_some() {
                return Err(ApiError::Conflict(format!(
                    "an offer with id {} exists",
                    offer.id
                )));
            }
            // Waiting, it takes no new catalogue version: holders get nothing until approval.
            let version = if pending {
                store::catalogue::version(&mut tx)?
            } else {
                store::catalogue::next_version(&mut tx)?
            };
            store::catalogue::put_offer(&mut tx, &mut offer, version, now)?;
            store::providers::set_provider_offer(&mut tx, &offer.id, provider.id, pending)?;
            audit::by_provider(&mut tx, &provider, Action::OfferCreate, &offer.id, now)?;
            tx.commit()?;
            Ok::<_, ApiError>(offer)
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(offer)))
}

/// `PUT /api/v1/provider/offers/{id}`: changes one of its own offers (another's is refused);
/// the visit rule and the picture stay as the municipality set them.
async fn update_offer(
    provider: Provider,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(mut offer): ApiJson<Offer>,
) -> Result<axum::Json<Offer>, ApiError> {
    crate::admin::same_id(&offer.id, &id)?;
    let now = state.clock.now();
    let offer = state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            let (json, pending, owner) = store::providers::owned_offer(&mut tx, &id)?
                .ok_or_else(|| ApiError::NotFound(format!("no offer {id}")))?;
            if owner != Some(provider.id) {
                return Err(ApiError::Forbidden(
                    "this offer is kept by someone else: a provider changes only its own offers",
                ));
            }
            let old: Offer = serde_json::from_str(&json).map_err(anyhow::Error::from)?;
            offer.visit_rule = old.visit_rule;
            offer.image = old.image;
            check_offer(&offer)?;
            let version = if pending {
                store::catalogue::version(&mut tx)?
            } else {
                store::catalogue::next_version(&mut tx)?
            };
            store::catalogue::put_offer(&mut tx, &mut offer, version, now)?;
            audit::by_provider(&mut tx, &provider, Action::OfferUpdate, &id, now)?;
            tx.commit()?;
            Ok::<_, ApiError>(offer)
        })
        .await?;
    Ok(axum::Json(offer))
}
