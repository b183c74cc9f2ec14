//! Visits (under a pseudonym per card and year, by day) and the years' pseudonym keys, and what
//! statistics and a family's insight read of them. What visit limits add is in `visit_limits.rs`.

use super::{Conn, DbResult};
use crate::params;

/// The year's pseudonym key: `None` when the year has none yet, `Some(None)` once it is closed.
pub(crate) fn pseudonym_key(conn: &mut Conn, year: i32) -> DbResult<Option<Option<Vec<u8>>>> {
    conn.query_opt(
        "SELECT key FROM pseudonym_keys WHERE year = ?1",
        params![year],
        |r| r.get(0),
    )
}

/// Records a new year's key, unless another server instance recorded one a moment ago (then its
/// key is the year's: call `pseudonym_key` again).
pub(crate) fn add_pseudonym_key(conn: &mut Conn, year: i32, key: &[u8], now: u64) -> DbResult<()> {
    conn.execute(
        "INSERT INTO pseudonym_keys (year, key, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (year) DO NOTHING",
        params![year, key, now],
    )?;
    Ok(())
}

/// The years with a key still (open years), with the key.
pub(crate) fn open_years(conn: &mut Conn) -> DbResult<Vec<(i32, Vec<u8>)>> {
    conn.query_map(
        "SELECT year, key FROM pseudonym_keys WHERE key IS NOT NULL ORDER BY year",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// A visit as stored.
pub(crate) struct VisitRow<'a> {
    pub(crate) venue_key_id: i64,
    pub(crate) id: &'a str,
    pub(crate) holder: &'a [u8],
    pub(crate) offer_id: &'a str,
    pub(crate) day: String,
    pub(crate) age: i64,
    pub(crate) companion: bool,
    pub(crate) category: &'a str,
    pub(crate) district: &'a str,
}

/// Stores a visit once per (venue key, id): a retried upload, or one another server instance
/// stored a moment ago, changes nothing.
pub(crate) fn add_visit(conn: &mut Conn, v: &VisitRow<'_>) -> DbResult<()> {
    conn.execute(
        "INSERT INTO visits (venue_key_id, id, holder, offer_id, day, age, companion, category, district)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (venue_key_id, id) DO NOTHING",
        params![
            v.venue_key_id,
            v.id,
            v.holder,
            v.offer_id,
            v.day,
            v.age,
            v.companion,
            v.category,
            v.district
        ],
    )?;
    Ok(())
}

/// Whether this venue key's check-in with this id is stored: as a visit, or as a refusal at a
/// visit limit.
pub(crate) fn has_visit(conn: &mut Conn, venue_key_id: i64, id: &str) -> DbResult<bool> {
    conn.query_one(
        "SELECT EXISTS (SELECT 1 FROM visits WHERE venue_key_id = ?1 AND id = ?2)
             OR EXISTS (SELECT 1 FROM limit_refusals WHERE venue_key_id = ?1 AND id = ?2)",
        params![venue_key_id, id],
        |r| r.get(0),
    )
}

/// A visit as statistics read it.
pub(crate) struct CountedVisit {
    pub(crate) holder: Vec<u8>,
    pub(crate) offer_id: String,
    pub(crate) category: String,
    pub(crate) district: String,
    pub(crate) age: i64,
    pub(crate) day: String,
    pub(crate) companion: bool,
    /// Over a visit limit (found when it arrived, or let in over one by staff).
    pub(crate) over_limit: bool,
    /// Let in over a limit by staff, knowingly.
    pub(crate) limit_override: bool,
}

/// The visits from `first_day` to `last_day` (`YYYY-MM-DD`, both included) to offers the
/// catalogue has (live or deleted).
pub(crate) fn visits_between(
    conn: &mut Conn,
    first_day: &str,
    last_day: &str,
) -> DbResult<Vec<CountedVisit>> {
    conn.query_map(
        "SELECT v.holder, v.offer_id, v.category, v.district, v.age, v.day, v.companion,
             v.over_limit, v.limit_override
         FROM visits v JOIN offers o ON o.id = v.offer_id
         WHERE v.day >= ?1 AND v.day <= ?2",
        params![first_day, last_day],
        |r| {
            Ok(CountedVisit {
                holder: r.get(0)?,
                offer_id: r.get(1)?,
                category: r.get(2)?,
                district: r.get(3)?,
                age: r.get(4)?,
                day: r.get(5)?,
                companion: r.get(6)?,
                over_limit: r.get(7)?,
                limit_override: r.get(8)?,
            })
        },
    )
}

/// The first day any kept visit is on.
pub(crate) fn first_day(conn: &mut Conn) -> DbResult<Option<String>> {
    conn.query_one("SELECT MIN(day) FROM visits", params![], |r| r.get(0))
}

/// One holder's visits in `year` (day, offer id, companion), by day.
pub(crate) fn holders_visits(
    conn: &mut Conn,
    holder: &[u8],
    year: i32,
) -> DbResult<Vec<(String, String, bool)>> {
    conn.query_map(
        "SELECT v.day, v.offer_id, v.companion FROM visits v
         WHERE v.holder = ?1 AND v.day >= ?2 AND v.day <= ?3 ORDER BY v.day, v.id",
        params![
            holder,
            format!("{year:04}-01-01"),
            format!("{year:04}-12-31")
        ],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// Gives one holder's visits in `year` a fresh pseudonym that links to nothing; returns how many.
pub(crate) fn unlink_holder(
    conn: &mut Conn,
    holder: &[u8],
    fresh: &[u8],
    year: i32,
) -> DbResult<u64> {
    Ok(conn.execute(
        "UPDATE visits SET holder = ?1 WHERE holder = ?2 AND day >= ?3 AND day <= ?4",
        params![
            fresh,
            holder,
            format!("{year:04}-01-01"),
            format!("{year:04}-12-31")
        ],
    )? as u64)
}

/// The years with visits whose pseudonym key is gone: no visit there links to a card.
pub(crate) fn unlinkable_years(conn: &mut Conn) -> DbResult<Vec<i32>> {
    conn.query_map(
        "SELECT DISTINCT CAST(substr(day, 1, 4) AS INTEGER) AS year FROM visits
         WHERE CAST(substr(day, 1, 4) AS INTEGER)
             NOT IN (SELECT year FROM pseudonym_keys WHERE key IS NOT NULL)
         ORDER BY year",
        params![],
        |r| r.get(0),
    )
}
