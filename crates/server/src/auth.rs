//! The admin key and the venue keys: extractors that check the `Authorization: Bearer` header
//! against the hashes in the database, and the creation of keys (shown once, stored hashed).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::ApiError;
use crate::extract::bearer;
use crate::{AppState, secrets};

/// A request made with a valid admin key.
pub struct Admin;

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
        let valid = state
            .db
            .call(move |c| {
                Ok::<_, ApiError>(c.query_row(
                    "SELECT EXISTS (SELECT 1 FROM admin_keys WHERE key_hash = ?1 AND revoked_at IS NULL)",
                    [hash],
                    |r| r.get::<_, bool>(0),
                )?)
            })
            .await?;
        if valid {
            Ok(Admin)
        } else {
            Err(ApiError::Unauthorized("the admin key is not valid"))
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

/// Makes a new admin key and returns it; only its hash is kept.
pub fn create_admin_key(conn: &Connection, label: &str, now: u64) -> anyhow::Result<String> {
    let key = secrets::new_api_key("ak_admin")?;
    conn.execute(
        "INSERT INTO admin_keys (key_hash, label, created_at) VALUES (?1, ?2, ?3)",
        params![secrets::hash(&key), label, now as i64],
    )?;
    Ok(key)
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

/// How many admin keys are usable; zero on a first start.
pub fn admin_key_count(conn: &Connection) -> anyhow::Result<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM admin_keys WHERE revoked_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}
