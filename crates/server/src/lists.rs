//! Publishing the signed trust list and revocation list: built from the database, signed with the
//! list key, and kept so their sequence numbers only grow.
//!
//! A list is signed anew when its content changes, and at least hourly even when it does not, so
//! a venue can tell a list it synced today from one it synced last week (the 48-hour warning).

use std::collections::BTreeMap;

use crate::params;
use crate::store::Conn;
use aktivitetskortet_core::token::{CardId, RevocationList, TrustList};

use crate::keys::KeyStore;

pub const TRUST: &str = "trust";
pub const REVOCATION: &str = "revocation";

/// How long a list may be served before it is signed again with a fresh time.
const RESIGN_AFTER: u64 = 3_600;
/// A revocation entry can go once every credential it covers has expired: the credential
/// lifetime plus the verifiers' slack.
pub const CREDENTIAL_LIFETIME: u64 = 31 * 86_400;
pub(crate) const SLACK: u64 = 300;

/// A signed list as served.
pub struct Signed {
    pub sequence: u64,
    pub bytes: Vec<u8>,
}

/// The current signed list `name`, signing a new one when needed.
///
/// The new list is stored only if the held one is still the one read: two server instances
/// signing at once cannot publish two different lists under one sequence number. The one that
/// finds the row changed reads it again, and signs the next number if its content differs.
pub fn current(conn: &mut Conn, keys: &KeyStore, name: &str, now: u64) -> anyhow::Result<Signed> {
    loop {
        if let Some(signed) = sign_if_changed(conn, keys, name, now)? {
            return Ok(signed);
        }
    }
}

/// The held list, or a new one stored in its place; `None` when another instance stored one
/// first.
fn sign_if_changed(
    conn: &mut Conn,
    keys: &KeyStore,
    name: &str,
    now: u64,
) -> anyhow::Result<Option<Signed>> {
    let held: Option<(u64, u64, String, Vec<u8>)> = conn.query_opt(
        "SELECT sequence, issued_at, content_hash, signed FROM signed_lists WHERE name = ?1",
        params![name],
        |r| {
            Ok((
                r.get::<i64>(0)? as u64,
                r.get::<i64>(1)? as u64,
                r.get(2)?,
                r.get(3)?,
            ))
        },
    )?;
    let (content_hash, sign): (String, Box<dyn Fn(u64) -> Vec<u8>>) = match name {
        TRUST => {
            let keys_now = keys.trusted_keys(conn, now)?;
            let list_key = keys.list_key(conn)?;
            // The signing key is part of the content: after a list key rotation the lists are
            // signed anew at once.
            let hash = hash_debug(&(&keys_now, list_key.kid()));
            (
                hash,
                Box::new(move |sequence| {
                    TrustList {
                        sequence,
                        issued_at: now,
                        keys: keys_now.clone(),
                    }
                    .sign(&list_key)
                }),
            )
        }
        _ => {
            let revoked = revoked_cards(conn, now)?;
            let list_key = keys.list_key(conn)?;
            let hash = hash_debug(&(&revoked, list_key.kid()));
            (
                hash,
                Box::new(move |sequence| {
                    RevocationList {
                        sequence,
                        issued_at: now,
                        revoked: revoked.clone(),
                    }
                    .sign(&list_key)
                }),
            )
        }
    };
    if let Some((sequence, issued_at, held_hash, bytes)) = &held
        && *held_hash == content_hash
        && now < issued_at + RESIGN_AFTER
    {
        return Ok(Some(Signed {
            sequence: *sequence,
            bytes: bytes.clone(),
        }));
    }
    let sequence = held.as_ref().map_or(1, |(s, ..)| s + 1);
    let bytes = sign(sequence);
    let stored = match held {
        None => conn.execute(
            "INSERT INTO signed_lists (name, sequence, issued_at, content_hash, signed)
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (name) DO NOTHING",
            params![name, sequence as i64, now as i64, content_hash, bytes],
        )?,
        Some((held_sequence, ..)) => conn.execute(
            "UPDATE signed_lists SET sequence = ?2, issued_at = ?3, content_hash = ?4, signed = ?5
             WHERE name = ?1 AND sequence = ?6",
            params![
                name,
                sequence as i64,
                now as i64,
                content_hash,
                bytes,
                held_sequence as i64
            ],
        )?,
    };
    Ok((stored == 1).then_some(Signed { sequence, bytes }))
}

fn hash_debug(value: &impl std::fmt::Debug) -> String {
    crate::secrets::sha256_hex(format!("{value:?}").as_bytes())
}

fn revoked_cards(conn: &mut Conn, now: u64) -> anyhow::Result<BTreeMap<CardId, u64>> {
    // An entry stays while any credential it revokes can still be valid: a credential lasts up
    // to 31 days from its `not_before`, which for a card that starts later is later than its
    // issue (and so than `revoked_before`). Recent revocations stay regardless (a credential
    // the server no longer holds a row for is still covered).
    let oldest = now.saturating_sub(CREDENTIAL_LIFETIME + SLACK) as i64;
    let expired = now.saturating_sub(SLACK) as i64;
    let rows = conn.query_map(
        "SELECT c.id, c.revoked_before FROM cards c
         WHERE c.revoked_before IS NOT NULL
           AND (c.revoked_before > ?1
                OR EXISTS (SELECT 1 FROM credentials k
                           WHERE k.card_id = c.id AND k.issued_at < c.revoked_before
                             AND k.expires_at > ?2))",
        params![oldest, expired],
        |r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?)),
    )?;
    let mut revoked = BTreeMap::new();
    for row in rows {
        let (id, before) = row;
        revoked.insert(id.parse::<CardId>()?, before as u64);
    }
    Ok(revoked)
}
