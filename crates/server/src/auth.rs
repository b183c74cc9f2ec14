//! The admin key and the venue keys: extractors that check the `Authorization: Bearer` header
//! against the hashes in the database, and the creation of keys (shown once, stored hashed).

use crate::params;
use crate::store::Conn;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::error::ApiError;
use crate::extract::bearer;
use crate::{AppState, secrets};

/// How long an admin key works unless made for another time (`create-admin-key --days`).
pub const ADMIN_KEY_DAYS: u32 = 90;

/// A request made with a valid admin key: which key, for the audit log.
pub struct Admin {
    pub key_id: i64,
    pub label: String,
    pub created_at: u64,
    pub expires_at: u64,
}

/// A request made with a valid venue key: the venue's id, name and offers.
pub struct Venue {
    pub id: i64,
    pub name: String,
    pub offer_ids: Vec<String>,
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Admin, ApiError> {
        let key = bearer(parts).ok_or(ApiError::Unauthorized(
            "this needs the admin key: Authorization: Bearer <key>",
        ))?;
        let hash = secrets::hash(key);
        let now = state.clock.now();
        let found = state
            .db
            .call(move |c| {
                Ok::<_, ApiError>(c.query_opt(
                    "SELECT id, label, created_at, expires_at FROM admin_keys
                         WHERE key_hash = ?1 AND revoked_at IS NULL",
                    params![hash],
                    |r| {
                        Ok(Admin {
                            key_id: r.get(0)?,
                            label: r.get(1)?,
                            created_at: r.get::<i64>(2)? as u64,
                            expires_at: r.get::<i64>(3)? as u64,
                        })
                    },
                )?)
            })
            .await?;
        match found {
            Some(admin) if admin.expires_at > now => Ok(admin),
            Some(_) => Err(ApiError::Unauthorized(
                "the admin key has expired; ask for a new one (create-admin-key)",
            )),
            None => Err(ApiError::Unauthorized("the admin key is not valid")),
        }
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
            .call(move |c| {
                Ok::<_, ApiError>(
                    c.query_opt(
                        "SELECT id, name, offer_ids FROM venue_keys WHERE key_hash = ?1 AND revoked_at IS NULL",
                        params![hash],
                        |r| Ok((r.get::<i64>(0)?, r.get::<String>(1)?, r.get::<String>(2)?)),
                    )?,
                )
            })
            .await?;
        let (id, name, offer_ids) = venue.ok_or(ApiError::Unauthorized(
            "the venue key is not valid or was revoked",
        ))?;
        let offer_ids = serde_json::from_str(&offer_ids).map_err(anyhow::Error::from)?;
        Ok(Venue {
            id,
            name,
            offer_ids,
        })
    }
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
    let id = conn.query_one(
        "INSERT INTO admin_keys (key_hash, label, created_at, expires_at) VALUES (?1, ?2, ?3, ?4) RETURNING id",
        params![
            secrets::hash(&key),
            label,
            now as i64,
            (now + u64::from(days) * 86_400) as i64
        ],
        |r| r.get(0),
    )?;
    Ok((id, key))
}

/// One admin key as `list-admin-keys` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminKeyRow {
    pub id: i64,
    pub label: String,
    pub created_at: u64,
    pub expires_at: u64,
    pub revoked_at: Option<u64>,
}

/// Every admin key, newest first.
pub fn admin_keys(conn: &mut Conn) -> anyhow::Result<Vec<AdminKeyRow>> {
    let rows = conn.query_map(
        "SELECT id, label, created_at, expires_at, revoked_at FROM admin_keys ORDER BY id DESC",
        params![],
        |r| {
            Ok(AdminKeyRow {
                id: r.get(0)?,
                label: r.get(1)?,
                created_at: r.get::<i64>(2)? as u64,
                expires_at: r.get::<i64>(3)? as u64,
                revoked_at: r.get::<Option<i64>>(4)?.map(|t| t as u64),
            })
        },
    )?;
    Ok(rows)
}

/// Revokes the admin key `id` now; false when there is no such key.
pub fn revoke_admin_key(conn: &mut Conn, id: i64, now: u64) -> anyhow::Result<bool> {
    Ok(conn.execute(
        "UPDATE admin_keys SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1",
        params![id, now as i64],
    )? > 0)
}

/// Makes a new venue key for `name` checking in for `offer_ids`; returns its id and the key.
pub fn create_venue_key(
    conn: &mut Conn,
    name: &str,
    offer_ids: &[String],
    now: u64,
) -> anyhow::Result<(i64, String)> {
    let key = secrets::new_api_key("ak_venue")?;
    let id = conn.query_one(
        "INSERT INTO venue_keys (name, offer_ids, key_hash, created_at) VALUES (?1, ?2, ?3, ?4) RETURNING id",
        params![
            name,
            serde_json::to_string(offer_ids)?,
            secrets::hash(&key),
            now as i64
        ],
        |r| r.get(0),
    )?;
    Ok((id, key))
}

/// How many admin keys are usable now; zero on a first start (or when all have expired or been
/// revoked: the server then prints a new one, as on a first start).
pub fn admin_key_count(conn: &mut Conn, now: u64) -> anyhow::Result<i64> {
    Ok(conn.query_one(
        "SELECT COUNT(*) FROM admin_keys WHERE revoked_at IS NULL AND expires_at > ?1",
        params![now as i64],
        |r| r.get(0),
    )?)
}
