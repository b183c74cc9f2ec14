//! Staff sessions after signing in with the identity provider (`oidc.rs`): the sign-in
//! endpoints, the session cookie, and the checks on each request (idle and absolute timeouts,
//! the CSRF token on every state-changing request).
//!
//! The cookie holds a random id (only its SHA-256 is stored) and is `HttpOnly`, `Secure` and
//! `SameSite=Strict`; sessions and sign-ins on their way live in the database, so any instance
//! can finish a sign-in another started and serve a session another made.

use aktivitetskortet_core::api::{SignInOptions, StaffRole, paths};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::auth::{SignedIn, Staff};
use crate::error::ApiError;
use crate::store::{self, sessions::SessionRow};
use crate::{AppState, audit, secrets};

const COOKIE: &str = "ak_staff";
/// How long a sign-in may take at the provider.
const SIGN_IN_SECONDS: u64 = 600;
/// `seen_at` is written at most this often, not on every request.
const TOUCH_SECONDS: u64 = 60;

/// How long a session lasts: `idle` seconds without a request, `absolute` at most.
#[derive(Clone, Copy, Debug)]
pub struct Timeouts {
    pub idle: u64,
    pub absolute: u64,
}

pub(crate) fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route(paths::AUTH, get(options))
        .route(paths::AUTH_LOGIN, get(login))
        .route(paths::AUTH_CALLBACK, get(callback))
        .route(paths::AUTH_LOGOUT, post(logout))
}

/// `GET /api/v1/auth`: whether the identity provider is set up.
async fn options(State(state): State<AppState>) -> Json<SignInOptions> {
    Json(SignInOptions {
        identity_provider: state.oidc.is_some(),
    })
}

fn provider(state: &AppState) -> Result<&crate::oidc::Oidc, ApiError> {
    state.oidc.as_deref().ok_or_else(|| {
        ApiError::NotFound(
            "signing in with an identity provider is not set up here (--oidc-issuer)".into(),
        )
    })
}

fn provider_failed(err: crate::oidc::OidcError) -> ApiError {
    use crate::oidc::OidcError;
    match err {
        OidcError::Provider(_) => {
            tracing::warn!(%err, "sign-in: the identity provider");
            ApiError::Internal(anyhow::anyhow!(err))
        }
        OidcError::Refused(why) => {
            tracing::warn!(%why, "sign-in refused");
            ApiError::Unauthorized("the identity provider's answer was not valid; sign in again")
        }
        OidcError::NoRole(..) => {
            ApiError::Forbidden("your account has no role for Aktivitetskortet; ask for one")
        }
    }
}

/// `GET /api/v1/auth/login`: off to the identity provider (or, when it cannot be reached, back
/// to the admin area's sign-in saying so).
async fn login(State(state): State<AppState>) -> Result<Response, ApiError> {
    let oidc = provider(&state)?;
    match start_sign_in(&state, oidc).await {
        Ok(response) => Ok(response),
        Err(err) => {
            tracing::error!(%err, "sign-in could not start");
            Ok(Redirect::to("/admin?innlogging=failed").into_response())
        }
    }
}

async fn start_sign_in(state: &AppState, oidc: &crate::oidc::Oidc) -> Result<Response, ApiError> {
    let (url, pending) = oidc.start().await.map_err(provider_failed)?;
    let now = state.clock.now();
    state
        .db
        .call(move |c| {
            store::sessions::add_sign_in(
                c,
                &pending.state,
                &pending.nonce,
                &pending.pkce_verifier,
                now,
            )
        })
        .await?;
    Ok(Redirect::to(&url).into_response())
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /api/v1/auth/callback?code=…&state=…`: back from the provider; a session, and on to the
/// admin area. A person is looking at this answer, so a refusal is a way back to the admin
/// area's sign-in with the reason (`/admin?innlogging=<reason>`), not a JSON error.
async fn callback(state: State<AppState>, query: Query<CallbackQuery>) -> Response {
    match finish_sign_in(state, query).await {
        Ok(response) => response,
        Err(err) => {
            let reason = match &err {
                ApiError::Forbidden(_) => "no_role",
                ApiError::Unauthorized(_) => "refused",
                ApiError::BadRequest { .. } => "expired",
                ApiError::NotFound(_) => return err.into_response(),
                _ => "failed",
            };
            if let ApiError::Internal(cause) = &err {
                tracing::error!(error = format!("{cause:#}"), "sign-in failed");
            }
            Redirect::to(&format!("/admin?innlogging={reason}")).into_response()
        }
    }
}

async fn finish_sign_in(
    State(state): State<AppState>,
    Query(query): Query<CallbackQuery>,
) -> Result<Response, ApiError> {
    let oidc = provider(&state)?;
    if let Some(error) = query.error {
        tracing::info!(%error, "sign-in: the identity provider said no");
        return Err(ApiError::Unauthorized(
            "the identity provider did not sign you in; try again",
        ));
    }
    let (Some(code), Some(sign_in)) = (query.code, query.state) else {
        return Err(ApiError::bad_request(
            "bad_callback",
            "the callback needs code and state",
        ));
    };
    let now = state.clock.now();
    let since = now.saturating_sub(SIGN_IN_SECONDS);
    let found = state
        .db
        .call(move |c| store::sessions::take_sign_in(c, &sign_in, since).map(|f| (f, sign_in)))
        .await?;
    let (Some((nonce, pkce_verifier)), sign_in) = found else {
        return Err(ApiError::bad_request(
            "unknown_sign_in",
            "this sign-in is unknown, used or too old; start again",
        ));
    };
    let pending = crate::oidc::Pending {
        state: sign_in,
        nonce,
        pkce_verifier,
    };
    let person = oidc.finish(code, &pending).await.map_err(provider_failed)?;
    if let Some(id) = person.provider_id {
        // A provider's role names a provider here that is not withdrawn, or it is no role.
        let active = state
            .db
            .call(move |c| store::providers::provider(c, id))
            .await?
            .is_some_and(|p| p.revoked_at.is_none());
        if !active {
            tracing::info!(
                provider = id,
                "sign-in: a provider's role for no active provider"
            );
            return Err(ApiError::Forbidden(
                "your role names a provider that is not active here",
            ));
        }
    }
    let id = secrets::random_token()?;
    let row = SessionRow {
        subject: person.subject.clone(),
        name: person.name.clone(),
        role: role_name(person.role, person.provider_id),
        csrf_token: secrets::random_token()?,
        created_at: now,
        seen_at: now,
    };
    let id_hash = secrets::hash(&id);
    state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            store::sessions::add_session(&mut tx, &id_hash, &row)?;
            let person = Some((row.subject.as_str(), row.name.as_str()));
            store::audit::add(
                &mut tx,
                now,
                None,
                person,
                audit::Action::StaffSignIn.name(),
                "",
            )?;
            tx.commit()
        })
        .await?;
    tracing::info!(
        role = role_name(person.role, person.provider_id),
        "staff signed in"
    );
    let cookie = format!(
        "{COOKIE}={id}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={}",
        state.sessions.absolute
    );
    let mut response = Redirect::to("/admin/").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(anyhow::Error::from)?,
    );
    Ok(response)
}

/// `POST /api/v1/auth/logout` (with the session's CSRF token): the session ends here.
async fn logout(
    SignedIn(staff): SignedIn,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Response {
    let now = state.clock.now();
    if let Some(id) = session_id(&headers) {
        let id_hash = secrets::hash(&id);
        let ended = state
            .db
            .call(move |c| {
                let ended = store::sessions::end_session(c, &id_hash)?;
                audit::by(c, &staff, audit::Action::StaffSignOut, "", now)?;
                Ok::<_, store::DbError>(ended)
            })
            .await;
        if let Err(err) = ended {
            return ApiError::from(err).into_response();
        }
    }
    let clear = format!("{COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0");
    (StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear)]).into_response()
}

/// The role as a session keeps it: `admin`, `statistics`, or `provider:<id>`.
fn role_name(role: StaffRole, provider_id: Option<i64>) -> String {
    match (role, provider_id) {
        (StaffRole::Admin, _) => "admin".into(),
        (StaffRole::Provider, Some(id)) => format!("provider:{id}"),
        // A provider's role without its provider cannot be made (oidc.rs gives both); were
        // it asked for, it would be kept as the least a role may do here.
        (StaffRole::Statistics | StaffRole::Provider, _) => "statistics".into(),
    }
}

/// A session's role read back; anything else is the least a role may do.
fn role_of(name: &str) -> (StaffRole, Option<i64>) {
    if name == "admin" {
        return (StaffRole::Admin, None);
    }
    match name
        .strip_prefix("provider:")
        .and_then(|id| id.parse().ok())
    {
        Some(id) => (StaffRole::Provider, Some(id)),
        None => (StaffRole::Statistics, None),
    }
}

/// Whether the request carries a session cookie at all.
pub(crate) fn has_cookie(parts: &Parts) -> bool {
    session_id(&parts.headers).is_some()
}

/// The session cookie's id, if the request has one.
fn session_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE && !value.is_empty()).then(|| value.to_owned())
        })
}

/// The member of staff a session cookie names, checked: not idle too long, not too old, and
/// for anything but reading, the session's CSRF token in `X-CSRF-Token`.
pub(crate) async fn staff(parts: &Parts, state: &AppState) -> Result<Staff, ApiError> {
    let Some(id) = session_id(&parts.headers) else {
        return Err(ApiError::Unauthorized(
            "sign in, or use an admin key: Authorization: Bearer <key>",
        ));
    };
    let id_hash = secrets::hash(&id);
    let now = state.clock.now();
    let timeouts = state.sessions;
    let lookup = id_hash.clone();
    let row = state
        .db
        .call(move |c| store::sessions::session(c, &lookup))
        .await?
        .ok_or(ApiError::Unauthorized(
            "this sign-in has ended; sign in again",
        ))?;
    let expires_at = row.created_at + timeouts.absolute;
    if now >= expires_at || now >= row.seen_at + timeouts.idle {
        let gone = id_hash.clone();
        state
            .db
            .call(move |c| store::sessions::end_session(c, &gone))
            .await?;
        return Err(ApiError::Unauthorized(
            "this sign-in has expired; sign in again",
        ));
    }
    let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        let sent = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !secrets::same(sent, &row.csrf_token) {
            return Err(ApiError::Forbidden(
                "a signed-in request that changes something needs the X-CSRF-Token header",
            ));
        }
    }
    if now >= row.seen_at + TOUCH_SECONDS {
        state
            .db
            .call(move |c| store::sessions::touch_session(c, &id_hash, now))
            .await?;
    }
    let (role, provider_id) = role_of(&row.role);
    Ok(Staff {
        key_id: None,
        label: row.name,
        subject: Some(row.subject),
        role,
        provider_id,
        created_at: row.created_at,
        expires_at,
        csrf_token: Some(row.csrf_token),
    })
}
