//! Providers' tables: provider accounts (by the hash of their key), the offers each keeps with
//! the municipality's terms (refund, approval), and what a settlement and a provider's visit
//! counts read of the visits.

use aktivitetskortet_core::api::OfferTerms;

use super::{Conn, DbResult};
use crate::params;

/// A provider account as stored.
pub(crate) struct ProviderRow {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) created_at: u64,
    pub(crate) revoked_at: Option<u64>,
}

fn provider_row(r: &super::Row) -> DbResult<ProviderRow> {
    Ok(ProviderRow {
        id: r.get(0)?,
        name: r.get(1)?,
        created_at: r.get(2)?,
        revoked_at: r.get(3)?,
    })
}

/// Records a provider (by its key's hash); returns its id.
pub(crate) fn insert_provider(conn: &mut Conn, name: &str, hash: &str, now: u64) -> DbResult<i64> {
    conn.query_one(
        "INSERT INTO providers (name, key_hash, created_at) VALUES (?1, ?2, ?3) RETURNING id",
        params![name, hash, now],
        |r| r.get(0),
    )
}

/// The provider with this key hash, unless revoked.
pub(crate) fn provider_by_hash(conn: &mut Conn, hash: &str) -> DbResult<Option<ProviderRow>> {
    conn.query_opt(
        "SELECT id, name, created_at, revoked_at FROM providers
         WHERE key_hash = ?1 AND revoked_at IS NULL",
        params![hash],
        provider_row,
    )
}

/// The provider `id`, revoked or not.
pub(crate) fn provider(conn: &mut Conn, id: i64) -> DbResult<Option<ProviderRow>> {
    conn.query_opt(
        "SELECT id, name, created_at, revoked_at FROM providers WHERE id = ?1",
        params![id],
        provider_row,
    )
}

/// Every provider, oldest first.
pub(crate) fn providers(conn: &mut Conn) -> DbResult<Vec<ProviderRow>> {
    conn.query_map(
        "SELECT id, name, created_at, revoked_at FROM providers ORDER BY id",
        params![],
        provider_row,
    )
}

/// Gives provider `id` a new key (by its hash): the old one stops working.
pub(crate) fn replace_key(conn: &mut Conn, id: i64, hash: &str) -> DbResult<()> {
    conn.execute(
        "UPDATE providers SET key_hash = ?2 WHERE id = ?1",
        params![id, hash],
    )?;
    Ok(())
}

/// Revokes provider `id` (the first time counts); false when there is no such provider.
pub(crate) fn revoke_provider(conn: &mut Conn, id: i64, now: u64) -> DbResult<bool> {
    Ok(conn.execute(
        "UPDATE providers SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1",
        params![id, now],
    )? > 0)
}

/// A live offer's stored JSON, whether it waits for approval, and who keeps it; `None` when
/// there is no such live offer.
pub(crate) fn owned_offer(
    conn: &mut Conn,
    offer_id: &str,
) -> DbResult<Option<(String, bool, Option<i64>)>> {
    conn.query_opt(
        "SELECT data, pending, provider_id FROM offers WHERE id = ?1 AND deleted = 0",
        params![offer_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// The live offers provider `id` keeps: (JSON, waiting for approval), by id.
pub(crate) fn offers_of(conn: &mut Conn, provider_id: i64) -> DbResult<Vec<(String, bool)>> {
    conn.query_map(
        "SELECT data, pending FROM offers
         WHERE provider_id = ?1 AND deleted = 0 ORDER BY id",
        params![provider_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Every live offer's terms, by offer id.
pub(crate) fn offer_terms(conn: &mut Conn) -> DbResult<Vec<OfferTerms>> {
    conn.query_map(
        "SELECT id, provider_id, refund_ore, pending FROM offers WHERE deleted = 0 ORDER BY id",
        params![],
        |r| {
            Ok(OfferTerms {
                offer_id: r.get(0)?,
                provider_id: r.get(1)?,
                refund_ore: r.get(2)?,
                pending: r.get(3)?,
            })
        },
    )
}

/// Sets a live offer's provider and refund; false when there is no such offer.
pub(crate) fn set_offer_terms(
    conn: &mut Conn,
    offer_id: &str,
    provider_id: Option<i64>,
    refund_ore: Option<u32>,
) -> DbResult<bool> {
    Ok(conn.execute(
        "UPDATE offers SET provider_id = ?2, refund_ore = ?3 WHERE id = ?1 AND deleted = 0",
        params![offer_id, provider_id, refund_ore],
    )? > 0)
}

/// Marks a new offer as the provider's, waiting for approval or not.
pub(crate) fn set_provider_offer(
    conn: &mut Conn,
    offer_id: &str,
    provider_id: i64,
    pending: bool,
) -> DbResult<()> {
    conn.execute(
        "UPDATE offers SET provider_id = ?2, pending = ?3 WHERE id = ?1",
        params![offer_id, provider_id, pending],
    )?;
    Ok(())
}

/// Publishes an offer that waited for approval at catalogue `version`; false when none waits.
pub(crate) fn approve(conn: &mut Conn, offer_id: &str, version: u64, now: u64) -> DbResult<bool> {
    Ok(conn.execute(
        "UPDATE offers SET pending = 0, version = ?2, changed_at = ?3
         WHERE id = ?1 AND pending = 1 AND deleted = 0",
        params![offer_id, version as i64, now as i64],
    )? > 0)
}

/// A provider's visits from `first_day` to `last_day` per offer and month: (offer, month
/// `YYYY-MM`, refund, visits, companions, over a limit), by month and offer.
pub(crate) type SettlementCounts = (String, String, Option<u32>, u64, u64, u64);

pub(crate) fn settlement_counts(
    conn: &mut Conn,
    provider_id: i64,
    first_day: &str,
    last_day: &str,
) -> DbResult<Vec<SettlementCounts>> {
    conn.query_map(
        "SELECT v.offer_id, substr(v.day, 1, 7) AS month, o.refund_ore, COUNT(*),
             CAST(SUM(v.companion) AS BIGINT), CAST(SUM(v.over_limit) AS BIGINT)
         FROM visits v JOIN offers o ON o.id = v.offer_id
         WHERE o.provider_id = ?1 AND v.day >= ?2 AND v.day <= ?3
         GROUP BY v.offer_id, substr(v.day, 1, 7), o.refund_ore
         ORDER BY month, v.offer_id",
        params![provider_id, first_day, last_day],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        },
    )
}

/// A provider's visits and distinct children from `first_day` to `last_day` per offer and
/// month: (offer, month, visits, children).
pub(crate) fn visit_counts(
    conn: &mut Conn,
    provider_id: i64,
    first_day: &str,
    last_day: &str,
) -> DbResult<Vec<(String, String, u64, u64)>> {
    conn.query_map(
        "SELECT v.offer_id, substr(v.day, 1, 7) AS month, COUNT(*), COUNT(DISTINCT v.holder)
         FROM visits v JOIN offers o ON o.id = v.offer_id
         WHERE o.provider_id = ?1 AND v.day >= ?2 AND v.day <= ?3
         GROUP BY v.offer_id, substr(v.day, 1, 7)
         ORDER BY month, v.offer_id",
        params![provider_id, first_day, last_day],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
}
