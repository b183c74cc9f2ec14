//! The catalogue's tables: offers (with tombstones and the version they changed at), their
//! thumbnails, and the catalogue version in `server_meta`.

use aktivitetskortet_core::offer::Offer;

use super::{Conn, DbResult};
use crate::params;

pub(crate) fn meta_u64(conn: &mut Conn, key: &str) -> DbResult<u64> {
    let value: Option<String> = conn.query_opt(
        "SELECT value FROM server_meta WHERE key = ?1",
        params![key],
        |r| r.get(0),
    )?;
    Ok(value.and_then(|v| v.parse().ok()).unwrap_or(0))
}

pub(crate) fn version(conn: &mut Conn) -> DbResult<u64> {
    meta_u64(conn, "catalogue_version")
}

/// Takes the next catalogue version for the changes made in `tx`.
///
/// One statement, so two server instances on one database never take the same number; the row
/// stays locked until `tx` commits, so versions also commit in order and a client that has seen
/// version V can never later miss a change stamped below it.
pub(crate) fn next_version(tx: &mut Conn) -> DbResult<u64> {
    let next: String = tx.query_one(
        "UPDATE server_meta SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT)
         WHERE key = 'catalogue_version' RETURNING value",
        params![],
        |r| r.get(0),
    )?;
    next.parse()
        .map_err(|e| crate::store::DbError::Other(anyhow::anyhow!("catalogue version {next}: {e}")))
}

/// Stores `offer` (new or changed) at catalogue `version`. Returns whether it is new.
pub(crate) fn put_offer(
    tx: &mut Conn,
    offer: &mut Offer,
    version: u64,
    now: u64,
) -> anyhow::Result<bool> {
    offer.changed_at = now;
    let existed: bool = tx.query_one(
        "SELECT EXISTS (SELECT 1 FROM offers WHERE id = ?1 AND deleted = 0)",
        params![&offer.id],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO offers (id, data, deleted, version, changed_at) VALUES (?1, ?2, 0, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, deleted = 0,
             version = excluded.version, changed_at = excluded.changed_at",
        params![
            offer.id,
            serde_json::to_string(&*offer)?,
            version as i64,
            now as i64
        ],
    )?;
    Ok(!existed)
}

/// Stores one offer as its own catalogue change: the next version, stamped on this offer.
pub(crate) fn put_offer_as_change(
    tx: &mut Conn,
    offer: &mut Offer,
    now: u64,
) -> anyhow::Result<()> {
    let version = next_version(tx)?;
    put_offer(tx, offer, version, now)?;
    Ok(())
}

/// Deletes an offer, leaving a tombstone for delta syncs. Returns whether it existed.
pub(crate) fn delete_offer(tx: &mut Conn, id: &str, version: u64, now: u64) -> DbResult<bool> {
    let changed = tx.execute(
        "UPDATE offers SET deleted = 1, version = ?2, changed_at = ?3 WHERE id = ?1 AND deleted = 0",
        params![id, version as i64, now as i64],
    )?;
    if changed > 0 {
        tx.execute("DELETE FROM offer_images WHERE offer_id = ?1", params![id])?;
    }
    Ok(changed > 0)
}

/// An offer's stored JSON as it is, deleted or not (a visit to a deleted offer still names it).
pub(crate) fn offer_json(conn: &mut Conn, id: &str) -> anyhow::Result<Option<serde_json::Value>> {
    let data: Option<String> =
        conn.query_opt("SELECT data FROM offers WHERE id = ?1", params![id], |r| {
            r.get(0)
        })?;
    Ok(data.map(|json| serde_json::from_str(&json)).transpose()?)
}

/// Every offer's Bokmål title by id, deleted offers too: reports and a family's insight name
/// the offers their visits were to.
pub(crate) fn titles(conn: &mut Conn) -> anyhow::Result<std::collections::HashMap<String, String>> {
    let rows = conn.query_map("SELECT id, data FROM offers", params![], |r| {
        Ok((r.get::<String>(0)?, r.get::<String>(1)?))
    })?;
    let mut titles = std::collections::HashMap::with_capacity(rows.len());
    for (id, json) in rows {
        let data: serde_json::Value = serde_json::from_str(&json)?;
        if let Some(title) = data.pointer("/title/nb").and_then(|t| t.as_str()) {
            titles.insert(id, title.to_owned());
        }
    }
    Ok(titles)
}

pub(crate) fn get_offer(conn: &mut Conn, id: &str) -> anyhow::Result<Option<Offer>> {
    let data: Option<String> = conn.query_opt(
        "SELECT data FROM offers WHERE id = ?1 AND deleted = 0",
        params![id],
        |r| r.get(0),
    )?;
    Ok(match data {
        Some(json) => Some(serde_json::from_str(&json)?),
        None => None,
    })
}

/// Offers changed after `since` (all live offers for `since` = 0), and ids deleted after it:
/// what holders see, so an offer waiting for approval is not among them.
pub(crate) fn changes_since(
    conn: &mut Conn,
    since: u64,
) -> anyhow::Result<(Vec<Offer>, Vec<String>)> {
    let rows = conn.query_map(
        "SELECT id, data, deleted FROM offers WHERE version > ?1 AND pending = 0 ORDER BY id",
        params![since as i64],
        |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?, r.get::<bool>(2)?)),
    )?;
    let mut offers = Vec::new();
    let mut removed = Vec::new();
    for row in rows {
        match row {
            (_, json, false) => offers.push(serde_json::from_str(&json)?),
            (id, _, true) => removed.push(id),
        }
    }
    Ok((offers, removed))
}

/// Every live offer, those waiting for approval too: what the municipality's admin area lists.
pub(crate) fn admin_offers(conn: &mut Conn) -> anyhow::Result<Vec<Offer>> {
    let rows = conn.query_map(
        "SELECT data FROM offers WHERE deleted = 0 ORDER BY id",
        params![],
        |r| r.get::<String>(0),
    )?;
    Ok(rows
        .iter()
        .map(|json| serde_json::from_str(json))
        .collect::<Result<_, _>>()?)
}

/// An offer's thumbnail (JPEG).
pub(crate) fn image(conn: &mut Conn, offer_id: &str) -> DbResult<Option<Vec<u8>>> {
    conn.query_opt(
        "SELECT jpeg FROM offer_images WHERE offer_id = ?1",
        params![offer_id],
        |r| r.get(0),
    )
}

/// Stores (or replaces) an offer's thumbnail.
pub(crate) fn put_image(conn: &mut Conn, offer_id: &str, jpeg: &[u8], etag: &str) -> DbResult<()> {
    conn.execute(
        "INSERT INTO offer_images (offer_id, jpeg, etag) VALUES (?1, ?2, ?3)
         ON CONFLICT (offer_id) DO UPDATE SET jpeg = excluded.jpeg, etag = excluded.etag",
        params![offer_id, jpeg, etag],
    )?;
    Ok(())
}

/// Whether the catalogue has any offer row (live or deleted).
pub(crate) fn has_offers(conn: &mut Conn) -> DbResult<bool> {
    conn.query_one("SELECT EXISTS (SELECT 1 FROM offers)", params![], |r| {
        r.get(0)
    })
}
