//! Keys and what they sign: issuer keys and list keys (their public halves and key files; the
//! seeds are files, never rows), the signed lists with their sequence numbers, and the admin and
//! venue API keys (stored hashed).

use super::{Conn, DbResult};
use crate::params;

/// An issuer key as the trust list needs it.
pub(crate) struct IssuerRow {
    pub(crate) public_key: Vec<u8>,
    pub(crate) created_at: u64,
    pub(crate) retired_at: Option<u64>,
    pub(crate) last_expires_at: u64,
}

/// The current issuer key's id and file.
pub(crate) fn current_issuer(conn: &mut Conn) -> DbResult<Option<(String, String)>> {
    conn.query_opt(
        "SELECT kid, file FROM issuer_keys WHERE retired_at IS NULL
         ORDER BY created_at DESC, rowid DESC LIMIT 1",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Whether issuer key `kid` is the current one and whether it was withdrawn; `None` when there is
/// no such key.
pub(crate) fn issuer_status(conn: &mut Conn, kid: &str) -> DbResult<Option<(bool, bool)>> {
    conn.query_opt(
        "SELECT retired_at IS NULL, withdrawn_at IS NOT NULL FROM issuer_keys WHERE kid = ?1",
        params![kid],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Withdraws issuer key `kid` (and retires it, if it was not).
pub(crate) fn withdraw_issuer(conn: &mut Conn, kid: &str, now: u64) -> DbResult<()> {
    conn.execute(
        "UPDATE issuer_keys SET withdrawn_at = ?2, retired_at = COALESCE(retired_at, ?2)
         WHERE kid = ?1",
        params![kid, now],
    )?;
    Ok(())
}

/// How many cards hold a credential from issuer key `kid` that has not expired at `now`.
pub(crate) fn cards_holding_issuer(conn: &mut Conn, kid: &str, now: u64) -> DbResult<u64> {
    conn.query_one(
        "SELECT COUNT(DISTINCT card_id) FROM credentials WHERE kid = ?1 AND expires_at > ?2",
        params![kid, now],
        |r| r.get(0),
    )
}

/// Retires the current issuer key (it stays in the trust list while its credentials last).
pub(crate) fn retire_issuers(conn: &mut Conn, now: u64) -> DbResult<()> {
    conn.execute(
        "UPDATE issuer_keys SET retired_at = ?1 WHERE retired_at IS NULL",
        params![now],
    )?;
    Ok(())
}

/// Records issuer key `kid` as the current one (a key given again starts afresh).
pub(crate) fn insert_issuer(
    conn: &mut Conn,
    kid: &str,
    public_key: &[u8],
    file: &str,
    now: u64,
) -> DbResult<()> {
    conn.execute(
        "INSERT INTO issuer_keys (kid, public_key, file, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (kid) DO UPDATE SET public_key = excluded.public_key, file = excluded.file,
             created_at = excluded.created_at, retired_at = NULL, withdrawn_at = NULL,
             last_expires_at = 0",
        params![kid, public_key, file, now],
    )?;
    Ok(())
}

/// Every issuer key not withdrawn, oldest first.
pub(crate) fn issuers(conn: &mut Conn) -> DbResult<Vec<IssuerRow>> {
    conn.query_map(
        "SELECT public_key, created_at, retired_at, last_expires_at FROM issuer_keys
         WHERE withdrawn_at IS NULL ORDER BY created_at, kid",
        params![],
        |r| {
            Ok(IssuerRow {
                public_key: r.get(0)?,
                created_at: r.get(1)?,
                retired_at: r.get(2)?,
                last_expires_at: r.get(3)?,
            })
        },
    )
}

/// Notes that issuer key `kid` signed a credential lasting until `expires_at`: a retired key
/// stays in the trust list until its last credential has expired.
pub(crate) fn note_credential_expiry(conn: &mut Conn, kid: &str, expires_at: u64) -> DbResult<()> {
    conn.execute(
        "UPDATE issuer_keys
         SET last_expires_at = CASE WHEN last_expires_at > ?2 THEN last_expires_at ELSE ?2 END
         WHERE kid = ?1",
        params![kid, expires_at],
    )?;
    Ok(())
}

/// Whether any list key is recorded.
pub(crate) fn has_list_key(conn: &mut Conn) -> DbResult<bool> {
    conn.query_one("SELECT EXISTS (SELECT 1 FROM list_keys)", params![], |r| {
        r.get(0)
    })
}

/// The current list key's id and file.
pub(crate) fn current_list_key(conn: &mut Conn) -> DbResult<(String, String)> {
    conn.query_one(
        "SELECT kid, file FROM list_keys WHERE retired_at IS NULL
         ORDER BY created_at DESC, rowid DESC LIMIT 1",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The retired list keys' ids and files, oldest first.
pub(crate) fn retired_list_keys(conn: &mut Conn) -> DbResult<Vec<(String, String)>> {
    conn.query_map(
        "SELECT kid, file FROM list_keys WHERE retired_at IS NOT NULL ORDER BY created_at, rowid",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Retires the current list key.
pub(crate) fn retire_list_keys(conn: &mut Conn, now: u64) -> DbResult<()> {
    conn.execute(
        "UPDATE list_keys SET retired_at = ?1 WHERE retired_at IS NULL",
        params![now],
    )?;
    Ok(())
}

pub(crate) fn insert_list_key(
    conn: &mut Conn,
    kid: &str,
    public_key: &[u8],
    file: &str,
    now: u64,
) -> DbResult<()> {
    conn.execute(
        "INSERT INTO list_keys (kid, public_key, file, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![kid, public_key, file, now],
    )?;
    Ok(())
}

/// A signed list as last stored.
pub(crate) struct HeldList {
    pub(crate) sequence: u64,
    pub(crate) issued_at: u64,
    pub(crate) content_hash: String,
    pub(crate) signed: Vec<u8>,
}

pub(crate) fn signed_list(conn: &mut Conn, name: &str) -> DbResult<Option<HeldList>> {
    conn.query_opt(
        "SELECT sequence, issued_at, content_hash, signed FROM signed_lists WHERE name = ?1",
        params![name],
        |r| {
            Ok(HeldList {
                sequence: r.get(0)?,
                issued_at: r.get(1)?,
                content_hash: r.get(2)?,
                signed: r.get(3)?,
            })
        },
    )
}

/// Stores `new` as list `name` if the list held is still `held` (none, or that sequence number);
/// false when another server instance stored one first.
pub(crate) fn replace_signed_list(
    conn: &mut Conn,
    name: &str,
    held: Option<u64>,
    new: &HeldList,
) -> DbResult<bool> {
    let stored = match held {
        None => conn.execute(
            "INSERT INTO signed_lists (name, sequence, issued_at, content_hash, signed)
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (name) DO NOTHING",
            params![
                name,
                new.sequence,
                new.issued_at,
                new.content_hash,
                new.signed
            ],
        )?,
        Some(held_sequence) => conn.execute(
            "UPDATE signed_lists SET sequence = ?2, issued_at = ?3, content_hash = ?4, signed = ?5
             WHERE name = ?1 AND sequence = ?6",
            params![
                name,
                new.sequence,
                new.issued_at,
                new.content_hash,
                new.signed,
                held_sequence
            ],
        )?,
    };
    Ok(stored == 1)
}

/// The cards the revocation list names: those revoked (credentials issued before
/// `revoked_before`) recently (after `recent`), or holding such a credential still unexpired at
/// `expired`.
pub(crate) fn revocations(
    conn: &mut Conn,
    recent: u64,
    expired: u64,
) -> DbResult<Vec<(String, u64)>> {
    conn.query_map(
        "SELECT c.id, c.revoked_before FROM cards c
         WHERE c.revoked_before IS NOT NULL
           AND (c.revoked_before > ?1
                OR EXISTS (SELECT 1 FROM credentials k
                           WHERE k.card_id = c.id AND k.issued_at < c.revoked_before
                             AND k.expires_at > ?2))",
        params![recent, expired],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// An admin key as requests and `list-admin-keys` see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminKeyRow {
    pub id: i64,
    pub label: String,
    pub created_at: u64,
    pub expires_at: u64,
    pub revoked_at: Option<u64>,
}

/// The admin key with this hash, unless revoked.
pub(crate) fn admin_key_by_hash(conn: &mut Conn, hash: &str) -> DbResult<Option<AdminKeyRow>> {
    conn.query_opt(
        "SELECT id, label, created_at, expires_at, revoked_at FROM admin_keys
         WHERE key_hash = ?1 AND revoked_at IS NULL",
        params![hash],
        admin_key_row,
    )
}

fn admin_key_row(r: &super::Row) -> DbResult<AdminKeyRow> {
    Ok(AdminKeyRow {
        id: r.get(0)?,
        label: r.get(1)?,
        created_at: r.get(2)?,
        expires_at: r.get(3)?,
        revoked_at: r.get(4)?,
    })
}

/// Records an admin key (by its hash); returns its id.
pub(crate) fn insert_admin_key(
    conn: &mut Conn,
    hash: &str,
    label: &str,
    now: u64,
    expires_at: u64,
) -> DbResult<i64> {
    conn.query_one(
        "INSERT INTO admin_keys (key_hash, label, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)
         RETURNING id",
        params![hash, label, now, expires_at],
        |r| r.get(0),
    )
}

/// Every admin key, newest first.
pub(crate) fn admin_keys(conn: &mut Conn) -> DbResult<Vec<AdminKeyRow>> {
    conn.query_map(
        "SELECT id, label, created_at, expires_at, revoked_at FROM admin_keys ORDER BY id DESC",
        params![],
        admin_key_row,
    )
}

/// Revokes admin key `id`; false when there is no such key.
pub(crate) fn revoke_admin_key(conn: &mut Conn, id: i64, now: u64) -> DbResult<bool> {
    Ok(conn.execute(
        "UPDATE admin_keys SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1",
        params![id, now],
    )? > 0)
}

/// How many admin keys work at `now`.
pub(crate) fn usable_admin_keys(conn: &mut Conn, now: u64) -> DbResult<i64> {
    conn.query_one(
        "SELECT COUNT(*) FROM admin_keys WHERE revoked_at IS NULL AND expires_at > ?1",
        params![now],
        |r| r.get(0),
    )
}

/// A venue key: its id, name and the offers it checks in for (JSON).
pub(crate) struct VenueKeyRow {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) offer_ids: String,
    pub(crate) created_at: u64,
    pub(crate) revoked_at: Option<u64>,
}

fn venue_key_row(r: &super::Row) -> DbResult<VenueKeyRow> {
    Ok(VenueKeyRow {
        id: r.get(0)?,
        name: r.get(1)?,
        offer_ids: r.get(2)?,
        created_at: r.get(3)?,
        revoked_at: r.get(4)?,
    })
}

/// The venue key with this hash, unless revoked.
pub(crate) fn venue_key_by_hash(conn: &mut Conn, hash: &str) -> DbResult<Option<VenueKeyRow>> {
    conn.query_opt(
        "SELECT id, name, offer_ids, created_at, revoked_at FROM venue_keys
         WHERE key_hash = ?1 AND revoked_at IS NULL",
        params![hash],
        venue_key_row,
    )
}

/// The venue key `id`, revoked or not.
pub(crate) fn venue_key(conn: &mut Conn, id: i64) -> DbResult<Option<VenueKeyRow>> {
    conn.query_opt(
        "SELECT id, name, offer_ids, created_at, revoked_at FROM venue_keys WHERE id = ?1",
        params![id],
        venue_key_row,
    )
}

/// Every venue key, oldest first.
pub(crate) fn venue_keys(conn: &mut Conn) -> DbResult<Vec<VenueKeyRow>> {
    conn.query_map(
        "SELECT id, name, offer_ids, created_at, revoked_at FROM venue_keys ORDER BY id",
        params![],
        venue_key_row,
    )
}

/// Records a venue key (by its hash); returns its id.
pub(crate) fn insert_venue_key(
    conn: &mut Conn,
    name: &str,
    offer_ids: &str,
    hash: &str,
    now: u64,
) -> DbResult<i64> {
    conn.query_one(
        "INSERT INTO venue_keys (name, offer_ids, key_hash, created_at) VALUES (?1, ?2, ?3, ?4)
         RETURNING id",
        params![name, offer_ids, hash, now],
        |r| r.get(0),
    )
}

/// Revokes venue key `id` (once: a second revocation keeps the first time); false when there is
/// no such key.
pub(crate) fn revoke_venue_key(conn: &mut Conn, id: i64, now: u64) -> DbResult<bool> {
    Ok(conn.execute(
        "UPDATE venue_keys SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1",
        params![id, now],
    )? > 0)
}
