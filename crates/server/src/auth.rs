//! The admin key and the venue keys: extractors that check the `Authorization: Bearer` header
//! against the hashes in the database, and the creation of keys (shown once, stored hashed).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use rusqlite::{Connection, OptionalExtension, params};

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
                Ok::<_, ApiError>(
                    c.query_row(
                        "SELECT id, label, created_at, expires_at FROM admin_keys
                         WHERE key_hash = ?1 AND revoked_at IS NULL",
                        [hash],
                        |r| {
                            Ok(Admin {
                                key_id: r.get(0)?,
                                label: r.get(1)?,
                                created_at: r.get::<_, i64>(2)? as u64,
                                expires_at: r.get::<_, i64>(3)? as u64,
                            })
                        },
                    )
                    .optional()?,
                )
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
                    c.query_row(
                        "SELECT id, name, offer_ids FROM venue_keys WHERE key_hash = ?1 AND revoked_at IS NULL",
                        [hash],
                        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)),
                    )
                    .optional()?,
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
    conn: &Connection,
    label: &str,
    days: u32,
    now: u64,
) -> anyhow::Result<(i64, String)> {
    let key = secrets::new_api_key("ak_admin")?;
    conn.execute(
        "INSERT INTO admin_keys (key_hash, label, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![
            secrets::hash(&key),
            label,
            now as i64,
            (now + u64::from(days) * 86_400) as i64
        ],
    )?;
    Ok((conn.last_insert_rowid(), key))
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
pub fn admin_keys(conn: &Connection) -> anyhow::Result<Vec<AdminKeyRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, label, created_at, expires_at, revoked_at FROM admin_keys ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(AdminKeyRow {
            id: r.get(0)?,
            label: r.get(1)?,
            created_at: r.get::<_, i64>(2)? as u64,
            expires_at: r.get::<_, i64>(3)? as u64,
            revoked_at: r.get::<_, Option<i64>>(4)?.map(|t| t as u64),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Revokes the admin key `id` now; false when there is no such key.
pub fn revoke_admin_key(conn: &Connection, id: i64, now: u64) -> anyhow::Result<bool> {
    Ok(conn.execute(
        "UPDATE admin_keys SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1",
        params![id, now as i64],
    )? > 0)
}

/// Makes a new venue key for `name` checking in for `offer_ids`; returns its id and the key.
pub fn create_venue_key(
    conn: &Connection,
    name: &str,
    offer_ids: &[String],
    now: u64,
) -> anyhow::Result<(i64, String)> {
    let key = secrets::new_api_key("ak_venue")?;
    conn.execute(
        "INSERT INTO venue_keys (name, offer_ids, key_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![
            name,
            serde_json::to_string(offer_ids)?,
            secrets::hash(&key),
            now as i64
        ],
    )?;
    Ok((conn.last_insert_rowid(), key))
}

/// How many admin keys are usable now; zero on a first start (or when all have expired or been
/// revoked: the server then prints a new one, as on a first start).
pub fn admin_key_count(conn: &Connection, now: u64) -> anyhow::Result<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM admin_keys WHERE revoked_at IS NULL AND expires_at > ?1",
        [now as i64],
        |r| r.get(0),
    )?)
}
