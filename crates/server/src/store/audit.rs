//! The audit log's table: one row per admin action, with the admin key's label read alongside.

use aktivitetskortet_core::api::AuditEntry;

use super::{Conn, DbResult, Row};
use crate::params;

/// Records an action `by` an admin key, or by a signed-in `person` (subject, name), or by
/// neither: the command line.
pub(crate) fn add(
    conn: &mut Conn,
    at: u64,
    by: Option<i64>,
    person: Option<(&str, &str)>,
    action: &str,
    object: &str,
) -> DbResult<()> {
    let (subject, name) = person.unzip();
    conn.execute(
        "INSERT INTO audit_log (at, admin_key_id, by_subject, by_name, action, object)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![at, by, subject, name, action, object],
    )?;
    Ok(())
}

/// An entry with the label of its key, as the admin area shows it.
const SELECT: &str = "SELECT a.id, a.at, a.admin_key_id, k.label, a.action, a.object,
     a.by_subject, a.by_name FROM audit_log a LEFT JOIN admin_keys k ON k.id = a.admin_key_id";

fn entry(r: &Row) -> DbResult<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        admin_key_id: r.get(2)?,
        admin_key_label: r.get(3)?,
        action: r.get(4)?,
        object: r.get(5)?,
        by_subject: r.get(6)?,
        by_name: r.get(7)?,
    })
}

/// Every entry whose object names `id` (alone, or in a comma-separated list), oldest first.
pub(crate) fn naming(conn: &mut Conn, id: &str) -> DbResult<Vec<AuditEntry>> {
    conn.query_map(
        &format!("{SELECT} WHERE ',' || a.object || ',' LIKE '%,' || ?1 || ',%' ORDER BY a.id"),
        params![id],
        entry,
    )
}

/// The newest `limit` entries older than entry `before`, newest first.
pub(crate) fn page(conn: &mut Conn, before: i64, limit: usize) -> DbResult<Vec<AuditEntry>> {
    conn.query_map(
        &format!("{SELECT} WHERE a.id < ?1 ORDER BY a.id DESC LIMIT ?2"),
        params![before, limit],
        entry,
    )
}
