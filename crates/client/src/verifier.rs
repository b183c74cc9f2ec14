//! Venue mode's data: the signed lists for verifying cards offline, and the check-in queue.
//!
//! A list is verified against the app's list keys when it is saved and again when it is read, and
//! a list older than the one held is refused: replaying an old list could bring back a revoked card
//! or a retired issuer key. A check-in leaves the queue only when the server has acknowledged it;
//! its id, made here, lets the server drop a re-sent one.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::api::{AtLimit, CheckIn, CheckInBatch, CheckInReceipt};
use aktivitetskortet_core::token::{ListError, PublicKey, RevocationList, TrustList};
use rusqlite::{Connection, OptionalExtension, params};

use crate::http::{Backend, HttpError};
use crate::store::{Desk, Store, StoreError};

/// The most check-ins in one upload: the server's limit.
pub const MAX_UPLOAD: usize = 1_000;

/// Which signed list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListKind {
    Trust,
    Revocation,
}

impl ListKind {
    pub const ALL: [ListKind; 2] = [ListKind::Trust, ListKind::Revocation];

    /// Its row in the `lists` table.
    fn name(self) -> &'static str {
        match self {
            ListKind::Trust => "trust",
            ListKind::Revocation => "revocation",
        }
    }

    /// Where the backend serves it.
    fn path(self) -> &'static str {
        match self {
            ListKind::Trust => paths::TRUST_LIST,
            ListKind::Revocation => paths::REVOCATION_LIST,
        }
    }
}

/// Why a verifier operation failed.
#[derive(Debug, thiserror::Error)]
pub enum VerifierError {
    /// A replayed (or simply out-of-order) list; the one held stays.
    #[error(
        "the list is number {new}, older than number {held} on this device; the newer one is kept"
    )]
    Older { new: u64, held: u64 },
    /// Not signed by a list key this app trusts, or not a well-formed list of that kind.
    #[error("the list is not valid: {0}")]
    Invalid(String),
    #[error("no network: the lists and check-ins stay as they are")]
    Offline,
    /// The server does not know the venue key (mistyped, or revoked by the municipality).
    #[error("this venue key is not valid: it was mistyped or has been revoked")]
    BadVenueKey,
    #[error("the server refused: {0}")]
    Server(String),
    /// The server refused an upload because of the check-ins at these places in the batch
    /// (1-based), and stored none of it.
    #[error("the server refused check-ins {lines:?}: {message}")]
    Refused { message: String, lines: Vec<u32> },
    #[error("the server's answer could not be used: {0}")]
    BadResponse(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for VerifierError {
    fn from(e: rusqlite::Error) -> Self {
        VerifierError::Store(e.into())
    }
}

impl From<ListError> for VerifierError {
    fn from(e: ListError) -> Self {
        match e {
            ListError::Older { new, held } => VerifierError::Older { new, held },
            other => VerifierError::Invalid(other.to_string()),
        }
    }
}

impl From<HttpError> for VerifierError {
    fn from(e: HttpError) -> Self {
        match e {
            HttpError::Network(_) => VerifierError::Offline,
            HttpError::Api { status: 401, .. } => VerifierError::BadVenueKey,
            HttpError::Api { body, .. } if body.details.iter().any(|d| d.line.is_some()) => {
                let mut lines: Vec<u32> = body.details.iter().filter_map(|d| d.line).collect();
                lines.sort_unstable();
                lines.dedup();
                VerifierError::Refused {
                    message: body.message,
                    lines,
                }
            }
            HttpError::Api { body, .. } => {
                // Keep what the server said about each problem: the venue needs it to act.
                let mut message = body.message;
                for detail in &body.details {
                    message.push_str("; ");
                    if let Some(line) = detail.line {
                        message.push_str(&format!("check-in {line}: "));
                    }
                    if let Some(field) = &detail.field {
                        message.push_str(&format!("{field}: "));
                    }
                    message.push_str(&detail.message);
                }
                VerifierError::Server(message)
            }
            HttpError::BadResponse(why) => VerifierError::BadResponse(why),
        }
    }
}

/// Verifies `signed` as a list of `kind` not older than `held`; its sequence and issue time.
fn open_list(
    kind: ListKind,
    signed: &[u8],
    list_keys: &[PublicKey],
    held: Option<u64>,
) -> Result<(u64, u64), ListError> {
    Ok(match kind {
        ListKind::Trust => {
            let list = TrustList::open(signed, list_keys, held)?;
            (list.sequence, list.issued_at)
        }
        ListKind::Revocation => {
            let list = RevocationList::open(signed, list_keys, held)?;
            (list.sequence, list.issued_at)
        }
    })
}

/// Saves a list on `conn` (a transaction when several are saved together); see
/// [`Store::save_list`].
fn save_list_in(
    conn: &Connection,
    kind: ListKind,
    signed: &[u8],
    list_keys: &[PublicKey],
) -> Result<u64, VerifierError> {
    let held: Option<i64> = conn
        .query_row(
            "SELECT sequence FROM lists WHERE name = ?1",
            [kind.name()],
            |r| r.get(0),
        )
        .optional()?;
    let (sequence, issued_at) = open_list(kind, signed, list_keys, held.map(|s| s as u64))?;
    conn.execute(
        "INSERT INTO lists (name, sequence, issued_at, signed) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (name) DO UPDATE SET
             sequence = excluded.sequence, issued_at = excluded.issued_at, signed = excluded.signed",
        params![kind.name(), sequence as i64, issued_at as i64, signed],
    )?;
    Ok(sequence)
}

fn checkin_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<CheckIn> {
    Ok(CheckIn {
        id: row.get(0)?,
        card_id: row.get(1)?,
        offer_id: row.get(2)?,
        at: row.get::<_, i64>(3)? as u64,
        companion: row.get(4)?,
        limit: match row.get_ref(5)?.as_str_or_null()? {
            Some("override") => Some(AtLimit::Override),
            Some("refused") => Some(AtLimit::Refused),
            _ => None,
        },
    })
}

/// How a check-in's `limit` is stored (the CHECK in the schema names the same two).
fn at_limit_text(limit: Option<AtLimit>) -> Option<&'static str> {
    limit.map(|l| match l {
        AtLimit::Override => "override",
        AtLimit::Refused => "refused",
    })
}

impl Desk<'_> {
    /// Verifies a signed list with the app's `list_keys` and keeps it, with its sequence number
    /// and issue time; returns the sequence number. A list older than the one held is refused
    /// ([`VerifierError::Older`]), as is one that does not verify ([`VerifierError::Invalid`]);
    /// either way the held list stays. The same list again is accepted.
    pub fn save_list(
        &mut self,
        kind: ListKind,
        signed: &[u8],
        list_keys: &[PublicKey],
    ) -> Result<u64, VerifierError> {
        save_list_in(&self.conn, kind, signed, list_keys)
    }

    /// The signed bytes held for `kind`, if any.
    fn signed_list(&self, kind: ListKind) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT signed FROM lists WHERE name = ?1",
                [kind.name()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The trust list held, verified again with `list_keys` (so a list key dropped in an app
    /// update, or a damaged database, cannot slip through); `None` before the first sync.
    pub fn trust_list(&self, list_keys: &[PublicKey]) -> Result<Option<TrustList>, VerifierError> {
        match self.signed_list(ListKind::Trust)? {
            Some(signed) => Ok(Some(TrustList::open(&signed, list_keys, None)?)),
            None => Ok(None),
        }
    }

    /// The revocation list held; see [`Store::trust_list`].
    pub fn revocation_list(
        &self,
        list_keys: &[PublicKey],
    ) -> Result<Option<RevocationList>, VerifierError> {
        match self.signed_list(ListKind::Revocation)? {
            Some(signed) => Ok(Some(RevocationList::open(&signed, list_keys, None)?)),
            None => Ok(None),
        }
    }

    /// When the older of the two lists was issued (Unix seconds), for the 48-hour warning.
    /// `None` unless both are held: without both the venue cannot verify at all.
    pub fn lists_issued_at(&self) -> Result<Option<u64>, StoreError> {
        let (held, oldest): (i64, Option<i64>) = self.conn.query_row(
            "SELECT COUNT(*), MIN(issued_at) FROM lists WHERE name IN (?1, ?2)",
            params![ListKind::Trust.name(), ListKind::Revocation.name()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(if held == 2 {
            oldest.map(|t| t as u64)
        } else {
            None
        })
    }

    /// Queues a check-in for upload. Queuing the same id again changes nothing, so a check-in
    /// can never be counted twice by this device.
    pub fn queue_checkin(&mut self, checkin: &CheckIn) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT OR IGNORE INTO checkins (id, card_id, offer_id, at, companion, at_limit)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                checkin.id,
                checkin.card_id,
                checkin.offer_id,
                checkin.at as i64,
                checkin.companion,
                at_limit_text(checkin.limit)
            ],
        )?;
        Ok(())
    }

    /// The check-ins the server has not acknowledged yet, oldest first.
    pub fn pending_checkins(&self) -> Result<Vec<CheckIn>, StoreError> {
        self.pending_up_to(-1)
    }

    /// At most `limit` pending check-ins, oldest first (`-1`: all).
    fn pending_up_to(&self, limit: i64) -> Result<Vec<CheckIn>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, card_id, offer_id, at, companion, at_limit FROM checkins
             WHERE uploaded = 0 ORDER BY at, id LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], checkin_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many visits this device let in during `[day_start, day_end)` (Unix seconds), uploaded
    /// or not (refusals at a limit are no visits): the venue screen's count for today.
    pub fn checkins_today(&self, day_start: u64, day_end: u64) -> Result<u32, StoreError> {
        let count: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM checkins
             WHERE at >= ?1 AND at < ?2 AND at_limit IS NOT 'refused'",
            params![day_start as i64, day_end as i64],
            |r| r.get(0),
        )?;
        Ok(count as u32)
    }

    /// When this device last let `card_id` in (Unix seconds): a second check-in within minutes
    /// gets an amber warning.
    pub fn last_checkin(&self, card_id: &str) -> Result<Option<u64>, StoreError> {
        let at: Option<i64> = self.conn.query_row(
            "SELECT MAX(at) FROM checkins WHERE card_id = ?1 AND at_limit IS NOT 'refused'",
            [card_id],
            |r| r.get(0),
        )?;
        Ok(at.map(|t| t as u64))
    }

    /// How many check-ins wait for upload, and how many the server refused (set aside, kept for
    /// the record but never sent again).
    pub fn checkin_backlog(&self) -> Result<(u32, u32), StoreError> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(SUM(uploaded = 0), 0), COALESCE(SUM(uploaded = 2), 0) FROM checkins",
            [],
            |r| Ok((r.get::<_, i64>(0)? as u32, r.get::<_, i64>(1)? as u32)),
        )?)
    }

    /// Forgets uploaded check-ins made before `before` (Unix seconds): the server has them, and
    /// the device needs only recent ones (today's count, the "checked twice" warning), except
    /// those `keep` names: (offer, since) keeps that offer's check-ins from `since` on, which a
    /// visit limit counting until the end of its period still needs offline.
    pub fn forget_uploaded_before(
        &mut self,
        before: u64,
        keep: &[(String, u64)],
    ) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        let old: Vec<(String, String, i64)> = tx
            .prepare("SELECT id, offer_id, at FROM checkins WHERE uploaded != 0 AND at < ?1")?
            .query_map([before as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let mut forgotten = 0;
        {
            let mut delete = tx.prepare("DELETE FROM checkins WHERE id = ?1")?;
            for (id, offer, at) in old {
                let kept = keep
                    .iter()
                    .any(|(o, since)| *o == offer && at as u64 >= *since);
                if !kept {
                    forgotten += delete.execute([id])?;
                }
            }
        }
        tx.commit()?;
        Ok(forgotten)
    }

    /// Sets aside the check-ins of `upload` the server refused (`lines`, 1-based places in the
    /// batch), so they no longer block the others; they are kept, marked, and never sent again.
    pub fn set_aside(&mut self, upload: &Upload, lines: &[u32]) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        let count = set_aside_in(&tx, upload, lines)?;
        tx.commit()?;
        Ok(count)
    }
}

fn set_aside_in(tx: &Connection, upload: &Upload, lines: &[u32]) -> Result<usize, StoreError> {
    let mut update =
        tx.prepare("UPDATE checkins SET uploaded = 2 WHERE id = ?1 AND uploaded = 0")?;
    let mut count = 0;
    for line in lines {
        if let Some(id) = (*line as usize)
            .checked_sub(1)
            .and_then(|i| upload.ids.get(i))
        {
            count += update.execute([id])?;
        }
    }
    Ok(count)
}

/// Marks check-ins as acknowledged by the server; those set aside stay set aside.
fn mark_uploaded_in(tx: &Connection, ids: &[String]) -> Result<(), StoreError> {
    let mut update =
        tx.prepare("UPDATE checkins SET uploaded = 1 WHERE id = ?1 AND uploaded = 0")?;
    for id in ids {
        update.execute([id])?;
    }
    Ok(())
}

/// Both signed lists as fetched, not yet checked.
pub struct SignedLists {
    pub trust: Vec<u8>,
    pub revocation: Vec<u8>,
}

/// The network half of a list sync: fetches both lists; they go to [`Store::save_lists`].
pub async fn fetch_lists(backend: &Backend) -> Result<SignedLists, VerifierError> {
    Ok(SignedLists {
        trust: backend.get_bytes(ListKind::Trust.path()).await?,
        revocation: backend.get_bytes(ListKind::Revocation.path()).await?,
    })
}

/// Fetches both lists and saves them together: when either cannot be fetched or is refused,
/// neither changes.
pub async fn sync_lists(
    store: &mut Store,
    backend: &Backend,
    list_keys: &[PublicKey],
) -> Result<(), VerifierError> {
    let lists = fetch_lists(backend).await?;
    store.desk().save_lists(&lists, list_keys)
}

/// A batch of pending check-ins to upload, and their ids for [`Store::finish_upload`].
pub struct Upload {
    pub ids: Vec<String>,
    pub batch: CheckInBatch,
}

impl Upload {
    /// Sends the batch with the venue key.
    pub async fn send(
        &self,
        backend: &Backend,
        venue_key: &str,
    ) -> Result<CheckInReceipt, VerifierError> {
        Ok(backend
            .post_json(paths::VISITS, Some(venue_key), &self.batch)
            .await?)
    }
}

impl Desk<'_> {
    /// Verifies and saves both lists in one transaction: when either is refused, neither changes.
    pub fn save_lists(
        &mut self,
        lists: &SignedLists,
        list_keys: &[PublicKey],
    ) -> Result<(), VerifierError> {
        let tx = self.conn.transaction()?;
        save_list_in(&tx, ListKind::Trust, &lists.trust, list_keys)?;
        save_list_in(&tx, ListKind::Revocation, &lists.revocation, list_keys)?;
        tx.commit()?;
        Ok(())
    }

    /// The oldest pending check-ins, at most [`MAX_UPLOAD`]; `None` when nothing is waiting.
    pub fn next_upload(&self) -> Result<Option<Upload>, StoreError> {
        let checkins = self.pending_up_to(MAX_UPLOAD as i64)?;
        if checkins.is_empty() {
            return Ok(None);
        }
        Ok(Some(Upload {
            ids: checkins.iter().map(|c| c.id.clone()).collect(),
            batch: CheckInBatch {
                checkins,
                partial: true,
            },
        }))
    }

    /// Marks an upload's check-ins as acknowledged and sets aside those the receipt names as
    /// refused, but only when the receipt accounts for every one of them; otherwise all stay
    /// pending (the retry is deduplicated by the server).
    pub fn finish_upload(
        &mut self,
        upload: &Upload,
        receipt: &CheckInReceipt,
    ) -> Result<(), VerifierError> {
        let counted =
            receipt.accepted as usize + receipt.duplicates as usize + receipt.refused.len();
        let named = receipt.refused.iter().all(|r| {
            (r.line as usize)
                .checked_sub(1)
                .and_then(|i| upload.ids.get(i))
                .is_some_and(|id| *id == r.id)
        });
        if counted != upload.ids.len() || !named {
            return Err(VerifierError::BadResponse(format!(
                "the receipt counts {counted} check-ins, {} were sent",
                upload.ids.len()
            )));
        }
        let refused: Vec<u32> = receipt.refused.iter().map(|r| r.line).collect();
        let tx = self.conn.transaction()?;
        set_aside_in(&tx, upload, &refused)?;
        mark_uploaded_in(&tx, &upload.ids)?;
        tx.commit()?;
        Ok(())
    }
}

/// Uploads the pending check-ins with the venue key, in batches of at most [`MAX_UPLOAD`]. Each
/// batch is marked uploaded only after the server's receipt accounts for all of it, so a failed
/// or cut upload leaves it pending and the retry is deduplicated by the server. Check-ins the
/// server refuses by name are set aside so they cannot block the queue. On an error, batches that
/// went through before it stay uploaded. Returns the receipts added up.
pub async fn upload_checkins(
    store: &mut Store,
    backend: &Backend,
    venue_key: &str,
) -> Result<CheckInReceipt, VerifierError> {
    let mut total = CheckInReceipt {
        accepted: 0,
        duplicates: 0,
        refused: Vec::new(),
    };
    while let Some(upload) = store.desk().next_upload()? {
        let receipt = match upload.send(backend, venue_key).await {
            Ok(receipt) => receipt,
            // The server names the check-ins it cannot take: set those aside and send the rest
            // again. Refused without a name, nothing can be done here: stop.
            Err(VerifierError::Refused { lines, message }) => {
                if store.desk().set_aside(&upload, &lines)? == 0 {
                    return Err(VerifierError::Refused { message, lines });
                }
                continue;
            }
            Err(e) => return Err(e),
        };
        store.desk().finish_upload(&upload, &receipt)?;
        total.accepted += receipt.accepted;
        total.duplicates += receipt.duplicates;
        total.refused.extend(receipt.refused);
    }
    Ok(total)
}

/// A new check-in id: 16 random bytes as 32 hexadecimal digits, so ids from different venue
/// devices never collide and a re-sent check-in is recognised by the server.
pub fn new_checkin_id() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        bytes = fallback_id_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Only used if the OS refuses random bytes (it does not on supported platforms). An id needs to
/// be unique, not secret: std's hasher keys are seeded per process from the OS by another route,
/// and the counter keeps ids of one process apart.
fn fallback_id_bytes() -> [u8; 16] {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut bytes = [0u8; 16];
    for (i, half) in bytes.chunks_mut(8).enumerate() {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(count);
        hasher.write_usize(i);
        half.copy_from_slice(&hasher.finish().to_be_bytes());
    }
    bytes
}
