//! Publishing the signed trust list, revocation list and each venue's limit list: built from the
//! database, signed with the list key, and kept so their sequence numbers only grow.
//!
//! A list is signed anew when its content changes, and at least hourly even when it does not, so
//! a venue can tell a list it synced today from one it synced last week (the 48-hour warning).

use std::collections::BTreeMap;

use aktivitetskortet_core::calendar::bergen_date;
use aktivitetskortet_core::token::{CardId, LimitList, RevocationList, TrustList};

use crate::keys::KeyStore;
use crate::store::{self, Conn};

pub const TRUST: &str = "trust";
pub const REVOCATION: &str = "revocation";

/// The name a venue's limit list is kept under: each venue has its own, with its own sequence.
pub fn limits_name(venue_key_id: i64) -> String {
    format!("limits/{venue_key_id}")
}

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
    // Each lost race means another instance stored a newer list; a handful at most in practice.
    for _ in 0..32 {
        if let Some(signed) = sign_if_changed(conn, keys, name, now)? {
            return Ok(signed);
        }
    }
    anyhow::bail!("the {name} list kept changing under this server; try again")
}

/// The held list, or a new one stored in its place; `None` when another instance stored one
/// first.
fn sign_if_changed(
    conn: &mut Conn,
    keys: &KeyStore,
    name: &str,
    now: u64,
) -> anyhow::Result<Option<Signed>> {
    let held = store::keys::signed_list(conn, name)?;
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
        _ if name.starts_with("limits/") => {
            let venue: i64 = name["limits/".len()..].parse()?;
            let offer_ids: Vec<String> = match store::keys::venue_key(conn, venue)? {
                Some(row) => serde_json::from_str(&row.offer_ids)?,
                None => Vec::new(),
            };
            let reached = crate::visit_limits::reached_at(conn, &offer_ids, bergen_date(now))?;
            let list_key = keys.list_key(conn)?;
            let hash = hash_debug(&(&reached, list_key.kid()));
            (
                hash,
                Box::new(move |sequence| {
                    LimitList {
                        sequence,
                        issued_at: now,
                        venue: venue as u64,
                        reached: reached.clone(),
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
    if let Some(held) = &held
        && held.content_hash == content_hash
        && now < held.issued_at + RESIGN_AFTER
    {
        return Ok(Some(Signed {
            sequence: held.sequence,
            bytes: held.signed.clone(),
        }));
    }
    let held_sequence = held.map(|h| h.sequence);
    let sequence = held_sequence.map_or(1, |s| s + 1);
    let new = store::keys::HeldList {
        sequence,
        issued_at: now,
        content_hash,
        signed: sign(sequence),
    };
    let stored = store::keys::replace_signed_list(conn, name, held_sequence, &new)?;
    Ok(stored.then_some(Signed {
        sequence,
        bytes: new.signed,
    }))
}

fn hash_debug(value: &impl std::fmt::Debug) -> String {
    crate::secrets::sha256_hex(format!("{value:?}").as_bytes())
}

fn revoked_cards(conn: &mut Conn, now: u64) -> anyhow::Result<BTreeMap<CardId, u64>> {
    // An entry stays while any credential it revokes can still be valid: a credential lasts up
    // to 31 days from its `not_before`, which for a card that starts later is later than its
    // issue (and so than `revoked_before`). Recent revocations stay regardless (a credential
    // the server no longer holds a row for is still covered).
    let recent = now.saturating_sub(CREDENTIAL_LIFETIME + SLACK);
    let expired = now.saturating_sub(SLACK);
    let rows = store::keys::revocations(conn, recent, expired)?;
    let mut revoked = BTreeMap::new();
    for row in rows {
        let (id, before) = row;
        revoked.insert(id.parse::<CardId>()?, before);
    }
    Ok(revoked)
}
