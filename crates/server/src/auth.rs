//! The admin key, the venue keys and the provider keys: extractors that check the
//! `Authorization: Bearer` header against the hashes in the database, and the creation of keys
//! (shown once, stored hashed).

use aktivitetskortet_core::api::StaffRole;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::error::ApiError;
use crate::extract::bearer;
use crate::store::{self, Conn};
use crate::{AppState, secrets};

/// How long an admin key works unless made for another time (`create-admin-key --days`).
pub const ADMIN_KEY_DAYS: u32 = 90;

/// A request by a member of staff: with an admin key, or signed in with the identity provider
/// (a session cookie). Who, for the audit log, and what they may do.
pub struct Staff {
    /// The admin key, when one was used.
    pub key_id: Option<i64>,
    /// The key's label, or the person's name.
    pub label: String,
    /// The person's subject at the identity provider, when signed in there.
    pub subject: Option<String>,
    pub role: StaffRole,
    /// The provider a provider's signed-in person works for (role [`StaffRole::Provider`]).
    pub provider_id: Option<i64>,
    pub created_at: u64,
    pub expires_at: u64,
    /// A signed-in person's CSRF token (`X-CSRF-Token` on every state-changing request).
    pub csrf_token: Option<String>,
}

/// A request by staff who may administer (an admin key, or the admin role): everything but
/// the statistics needs this.
pub struct Admin(pub Staff);

impl std::ops::Deref for Admin {
    type Target = Staff;
    fn deref(&self) -> &Staff {
        &self.0
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Admin, ApiError> {
        let staff = Staff::from_request_parts(parts, state).await?;
        match staff.role {
            StaffRole::Admin => Ok(Admin(staff)),
            StaffRole::Statistics => Err(ApiError::Forbidden(
                "your role may read the statistics only",
            )),
            StaffRole::Provider => Err(ApiError::Forbidden(
                "a provider uses the provider API, not the admin API",
            )),
        }
    }
}

/// A request made with a valid venue key: the venue's id, name and offers.
pub struct Venue {
    pub id: i64,
    pub name: String,
    pub offer_ids: Vec<String>,
}

/// Anyone signed in or with an admin key, a provider's people too: for what each may ask about
/// their own sign-in (who am I, sign out). Everything else takes [`Staff`], [`Admin`] or
/// [`Provider`].
pub struct SignedIn(pub Staff);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<SignedIn, ApiError> {
        signed_in(parts, state).await.map(SignedIn)
    }
}

/// The municipality's staff: an admin key, or a person with the admin or the statistics role
/// (a provider's people are refused here; they have the provider API).
impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Staff, ApiError> {
        let staff = signed_in(parts, state).await?;
        if staff.role == StaffRole::Provider {
            return Err(ApiError::Forbidden(
                "a provider's sign-in uses the provider API, not the admin API",
            ));
        }
        Ok(staff)
    }
}

/// An admin key's staff, or the signed-in person the session cookie names (any role).
async fn signed_in(parts: &mut Parts, state: &AppState) -> Result<Staff, ApiError> {
    let Some(key) = bearer(parts) else {
        return crate::sessions::staff(parts, state).await;
    };
    let hash = secrets::hash(key);
    let now = state.clock.now();
    let found = state
        .db
        .call(move |c| store::keys::admin_key_by_hash(c, &hash))
        .await?;
    match found {
        Some(key) if key.expires_at > now => Ok(Staff {
            key_id: Some(key.id),
            label: key.label,
            subject: None,
            role: StaffRole::Admin,
            provider_id: None,
            created_at: key.created_at,
            expires_at: key.expires_at,
            csrf_token: None,
        }),
        Some(_) => Err(ApiError::Unauthorized(
            "the admin key has expired; ask for a new one (create-admin-key)",
        )),
        None => Err(ApiError::Unauthorized("the admin key is not valid")),
    }
}

impl FromRequestParts<AppState> for Venue {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Venue, ApiError> {
        let key = bearer(parts).ok_or(ApiError::Unauthorized(
            "this needs a venue key: Authorization: Bearer <key>",
        ))?;
        let hash = secrets::hash(key);
        let venue = state
            .db
            .call(move |c| store::keys::venue_key_by_hash(c, &hash))
            .await?;
        let venue = venue.ok_or(ApiError::Unauthorized(
            "the venue key is not valid or was revoked",
        ))?;
        let offer_ids = serde_json::from_str(&venue.offer_ids).map_err(anyhow::Error::from)?;
        Ok(Venue {
            id: venue.id,
            name: venue.name,
            offer_ids,
        })
    }
}

/// A request by an organiser that keeps its own offers: with its provider key, or one of its
/// people signed in with the identity provider (a provider's role).
pub struct Provider {
    pub id: i64,
    pub name: String,
    /// The signed-in person (subject, name), when not the key.
    pub person: Option<(String, String)>,
}

impl FromRequestParts<AppState> for Provider {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Provider, ApiError> {
        if let Some(key) = bearer(parts) {
            let hash = secrets::hash(key);
            let provider = state
                .db
                .call(move |c| store::providers::provider_by_hash(c, &hash))
                .await?
                .ok_or(ApiError::Unauthorized(
                    "the provider key is not valid or was revoked",
                ))?;
            return Ok(Provider {
                id: provider.id,
                name: provider.name,
                person: None,
            });
        }
        if !crate::sessions::has_cookie(parts) {
            return Err(ApiError::Unauthorized(
                "this needs a provider key (Authorization: Bearer <key>) or a provider's sign-in",
            ));
        }
        let staff = crate::sessions::staff(parts, state).await?;
        let Some(id) = staff
            .provider_id
            .filter(|_| staff.role == StaffRole::Provider)
        else {
            return Err(ApiError::Forbidden(
                "your sign-in is not a provider's; the provider API is for providers",
            ));
        };
        // Withdrawing a provider ends its people's access at once, as it does its key's.
        let provider = state
            .db
            .call(move |c| store::providers::provider(c, id))
            .await?
            .filter(|p| p.revoked_at.is_none())
            .ok_or(ApiError::Forbidden(
                "this provider's access was withdrawn by the municipality",
            ))?;
        Ok(Provider {
            id: provider.id,
            name: provider.name,
            person: staff.subject.map(|subject| (subject, staff.label)),
        })
    }
}

/// Makes a new provider key for the organiser `name`; returns its id and the key.
pub fn create_provider(conn: &mut Conn, name: &str, now: u64) -> anyhow::Result<(i64, String)> {
    let key = secrets::new_api_key("ak_provider")?;
    let id = store::providers::insert_provider(conn, name, &secrets::hash(&key), now)?;
    Ok((id, key))
}

/// Makes a new admin key for the person or office `label`, working for `days`; returns its id
/// and the key (only its hash is kept).
pub fn create_admin_key(
    conn: &mut Conn,
    label: &str,
    days: u32,
    now: u64,
) -> anyhow::Result<(i64, String)> {
    let key = secrets::new_api_key("ak_admin")?;
    let expires_at = now + u64::from(days) * 86_400;
    let id = store::keys::insert_admin_key(conn, &secrets::hash(&key), label, now, expires_at)?;
    Ok((id, key))
}

pub use crate::store::keys::AdminKeyRow;

/// Every admin key, newest first.
pub fn admin_keys(conn: &mut Conn) -> anyhow::Result<Vec<AdminKeyRow>> {
    Ok(store::keys::admin_keys(conn)?)
}

/// Revokes the admin key `id` now; false when there is no such key.
pub fn revoke_admin_key(conn: &mut Conn, id: i64, now: u64) -> anyhow::Result<bool> {
    Ok(store::keys::revoke_admin_key(conn, id, now)?)
}

/// Makes a new venue key for `name` checking in for `offer_ids`; returns its id and the key.
pub fn create_venue_key(
    conn: &mut Conn,
    name: &str,
    offer_ids: &[String],
    now: u64,
) -> anyhow::Result<(i64, String)> {
    let key = secrets::new_api_key("ak_venue")?;
    let offer_ids = serde_json::to_string(offer_ids)?;
    let id = store::keys::insert_venue_key(conn, name, &offer_ids, &secrets::hash(&key), now)?;
    Ok((id, key))
}

/// How many admin keys are usable now; zero on a first start (or when all have expired or been
/// revoked: the server then prints a new one, as on a first start).
pub fn admin_key_count(conn: &mut Conn, now: u64) -> anyhow::Result<i64> {
    Ok(store::keys::usable_admin_keys(conn, now)?)
}
