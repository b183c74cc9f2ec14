//! The sign-ins on their way through the identity provider and the staff sessions.

use super::{Conn, DbResult};
use crate::params;

/// A session as stored; found by the hash of the cookie's id.
pub(crate) struct SessionRow {
    pub(crate) subject: String,
    pub(crate) name: String,
    pub(crate) role: String,
    pub(crate) csrf_token: String,
    pub(crate) created_at: u64,
    pub(crate) seen_at: u64,
}

pub(crate) fn add_sign_in(
    conn: &mut Conn,
    state: &str,
    nonce: &str,
    pkce_verifier: &str,
    now: u64,
) -> DbResult<()> {
    conn.execute(
        "INSERT INTO sign_ins (state, nonce, pkce_verifier, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![state, nonce, pkce_verifier, now],
    )?;
    Ok(())
}

/// Takes the sign-in `state` names (it can finish once), if made since `since`.
pub(crate) fn take_sign_in(
    conn: &mut Conn,
    state: &str,
    since: u64,
) -> DbResult<Option<(String, String)>> {
    let found = conn.query_opt(
        "SELECT nonce, pkce_verifier FROM sign_ins WHERE state = ?1 AND created_at >= ?2",
        params![state, since],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    conn.execute("DELETE FROM sign_ins WHERE state = ?1", params![state])?;
    Ok(found)
}

pub(crate) fn add_session(conn: &mut Conn, id_hash: &str, row: &SessionRow) -> DbResult<()> {
    conn.execute(
        "INSERT INTO staff_sessions (id_hash, subject, name, role, csrf_token, created_at, seen_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            id_hash,
            row.subject,
            row.name,
            row.role,
            row.csrf_token,
            row.created_at,
            row.seen_at
        ],
    )?;
    Ok(())
}

pub(crate) fn session(conn: &mut Conn, id_hash: &str) -> DbResult<Option<SessionRow>> {
    conn.query_opt(
        "SELECT subject, name, role, csrf_token, created_at, seen_at FROM staff_sessions
         WHERE id_hash = ?1",
        params![id_hash],
        |r| {
            Ok(SessionRow {
                subject: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
                csrf_token: r.get(3)?,
                created_at: r.get(4)?,
                seen_at: r.get(5)?,
            })
        },
    )
}

pub(crate) fn touch_session(conn: &mut Conn, id_hash: &str, now: u64) -> DbResult<()> {
    conn.execute(
        "UPDATE staff_sessions SET seen_at = ?2 WHERE id_hash = ?1",
        params![id_hash, now],
    )?;
    Ok(())
}

pub(crate) fn end_session(conn: &mut Conn, id_hash: &str) -> DbResult<bool> {
    Ok(conn.execute(
        "DELETE FROM staff_sessions WHERE id_hash = ?1",
        params![id_hash],
    )? > 0)
}

/// Deletes sign-ins made before `sign_ins_before` and sessions started before
/// `started_before` or idle since `idle_since`; how many of each.
pub(crate) fn delete_expired(
    conn: &mut Conn,
    sign_ins_before: u64,
    started_before: u64,
    idle_since: u64,
) -> DbResult<u64> {
    let a = conn.execute(
        "DELETE FROM sign_ins WHERE created_at < ?1",
        params![sign_ins_before],
    )?;
    let b = conn.execute(
        "DELETE FROM staff_sessions WHERE created_at < ?1 OR seen_at < ?2",
        params![started_before, idle_since],
    )?;
    Ok((a + b) as u64)
}
