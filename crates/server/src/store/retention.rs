//! The retention job's deletes, each in batches of `batch` rows (one transaction each), so a
//! large backlog never holds the database for long.

use super::{Conn, DbResult, ToValue};
use crate::params;

/// Runs a `DELETE … LIMIT ?2` statement until it deletes fewer than a batch.
fn in_batches(conn: &mut Conn, sql: &str, arg: impl ToValue, batch: usize) -> DbResult<usize> {
    let mut total = 0;
    loop {
        let n = conn.execute(sql, params![arg, batch])?;
        total += n;
        if n < batch {
            return Ok(total);
        }
    }
}

/// Activation codes used, or expired by `now`.
pub(crate) fn delete_spent_codes(conn: &mut Conn, now: u64, batch: usize) -> DbResult<usize> {
    in_batches(
        conn,
        "DELETE FROM activation_codes WHERE rowid IN (
             SELECT rowid FROM activation_codes WHERE used_at IS NOT NULL OR expires_at <= ?1
             LIMIT ?2)",
        now,
        batch,
    )
}

/// Credentials expired by `expired` that a newer credential of the same card replaced.
pub(crate) fn delete_replaced_credentials(
    conn: &mut Conn,
    expired: u64,
    batch: usize,
) -> DbResult<usize> {
    in_batches(
        conn,
        "DELETE FROM credentials WHERE rowid IN (
             SELECT k.rowid FROM credentials k
             WHERE k.expires_at <= ?1
               AND EXISTS (SELECT 1 FROM credentials n WHERE n.card_id = k.card_id
                           AND (n.issued_at, n.rowid) > (k.issued_at, k.rowid))
             LIMIT ?2)",
        expired,
        batch,
    )
}

/// When a card has ended for good: its last valid day before `last_day`, or revoked (or erased)
/// before `revoked_before`; not named by the revocation list (revoked before `listed_since`);
/// no credential valid after `expired`.
pub(crate) struct EndedCards {
    pub(crate) last_day: String,
    pub(crate) revoked_before: u64,
    pub(crate) listed_since: u64,
    pub(crate) expired: u64,
}

/// Deletes ended cards with their codes and credentials, a batch per transaction.
pub(crate) fn delete_ended_cards(
    conn: &mut Conn,
    ended: &EndedCards,
    batch: usize,
) -> DbResult<usize> {
    let mut total = 0;
    loop {
        let mut tx = conn.transaction()?;
        let ids: Vec<String> = tx.query_map(
            "SELECT c.id FROM cards c
             WHERE (c.valid_until <= ?1 OR c.revoked_at < ?2 OR c.erased_at IS NOT NULL)
               AND COALESCE(c.revoked_before, 0) <= ?3
               AND NOT EXISTS (SELECT 1 FROM credentials k WHERE k.card_id = c.id AND k.expires_at > ?4)
             LIMIT ?5",
            params![
                ended.last_day,
                ended.revoked_before,
                ended.listed_since,
                ended.expired,
                batch
            ],
            |r| r.get(0),
        )?;
        for id in &ids {
            tx.execute(
                "DELETE FROM activation_codes WHERE card_id = ?1",
                params![id],
            )?;
            tx.execute("DELETE FROM credentials WHERE card_id = ?1", params![id])?;
            tx.execute("DELETE FROM cards WHERE id = ?1", params![id])?;
        }
        tx.commit()?;
        total += ids.len();
        if ids.len() < batch {
            return Ok(total);
        }
    }
}

/// Deletes the pseudonym keys of the years up to `year`: their visits link to no card from now.
pub(crate) fn close_years(conn: &mut Conn, up_to: i32, now: u64) -> DbResult<usize> {
    conn.execute(
        "UPDATE pseudonym_keys SET key = NULL, closed_at = ?2 WHERE year <= ?1 AND key IS NOT NULL",
        params![up_to, now],
    )
}

/// Visits and refusals at a visit limit before `first_kept_day`, and the closed years' rows
/// before `oldest_kept_year` (nothing of them can arrive any more).
pub(crate) fn delete_old_visits(
    conn: &mut Conn,
    first_kept_day: &str,
    oldest_kept_year: i32,
    batch: usize,
) -> DbResult<usize> {
    let deleted = in_batches(
        conn,
        "DELETE FROM visits WHERE rowid IN (SELECT rowid FROM visits WHERE day < ?1 LIMIT ?2)",
        first_kept_day,
        batch,
    )? + in_batches(
        conn,
        "DELETE FROM limit_refusals WHERE rowid IN
             (SELECT rowid FROM limit_refusals WHERE day < ?1 LIMIT ?2)",
        first_kept_day,
        batch,
    )?;
    conn.execute(
        "DELETE FROM pseudonym_keys WHERE year < ?1 AND key IS NULL",
        params![oldest_kept_year],
    )?;
    Ok(deleted)
}

/// Audit entries from before `before`.
pub(crate) fn delete_audit_before(conn: &mut Conn, before: u64, batch: usize) -> DbResult<usize> {
    in_batches(
        conn,
        "DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ?1 LIMIT ?2)",
        before,
        batch,
    )
}

/// Admin keys expired or revoked before `before` that no audit entry names any more.
pub(crate) fn delete_dead_admin_keys(
    conn: &mut Conn,
    before: u64,
    batch: usize,
) -> DbResult<usize> {
    in_batches(
        conn,
        "DELETE FROM admin_keys WHERE id IN (
             SELECT k.id FROM admin_keys k
             WHERE (k.expires_at < ?1 OR k.revoked_at < ?1)
               AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.admin_key_id = k.id)
             LIMIT ?2)",
        before,
        batch,
    )
}
