//! Visit rules' tables: the categories' rules, a holder's visits as a limit counts them, the
//! over-limit and override flags, refusals at a limit, and what the limit list and the
//! statistics read of them.

use aktivitetskortet_core::offer::Category;
use aktivitetskortet_core::visit_rule::{CategoryRule, VisitRule};

use super::visits::VisitRow;
use super::{Conn, DbResult};
use crate::params;

/// Every category's rule, by category.
pub(crate) fn category_rules(conn: &mut Conn) -> anyhow::Result<Vec<CategoryRule>> {
    let rows = conn.query_map(
        "SELECT category, rule FROM category_rules ORDER BY category",
        params![],
        |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)),
    )?;
    rows.into_iter()
        .map(|(category, rule)| {
            Ok(CategoryRule {
                category: Category::from_slug(&category)
                    .ok_or_else(|| anyhow::anyhow!("a stored rule's category {category:?}"))?,
                rule: serde_json::from_str::<VisitRule>(&rule)?,
            })
        })
        .collect()
}

/// Replaces every category's rule with `rules`.
pub(crate) fn set_category_rules(tx: &mut Conn, rules: &[CategoryRule]) -> anyhow::Result<()> {
    tx.execute("DELETE FROM category_rules", params![])?;
    for rule in rules {
        tx.execute(
            "INSERT INTO category_rules (category, rule) VALUES (?1, ?2)",
            params![rule.category.slug(), serde_json::to_string(&rule.rule)?],
        )?;
    }
    Ok(())
}

/// A visit as a limit counts it.
pub(crate) struct HolderVisit {
    pub(crate) venue_key_id: i64,
    pub(crate) id: String,
    pub(crate) offer_id: String,
    pub(crate) day: String,
    pub(crate) companion: bool,
    pub(crate) over_limit: bool,
    /// Staff let the holder in at the limit.
    pub(crate) limit_override: bool,
}

/// One holder's visits (under one pseudonym) from `first_day` to `last_day`, in the order they
/// happened: by day, then as they arrived.
pub(crate) fn holder_visits(
    conn: &mut Conn,
    holder: &[u8],
    first_day: &str,
    last_day: &str,
) -> DbResult<Vec<HolderVisit>> {
    conn.query_map(
        "SELECT venue_key_id, id, offer_id, day, companion, over_limit, limit_override FROM visits
         WHERE holder = ?1 AND day >= ?2 AND day <= ?3 ORDER BY day, rowid",
        params![holder, first_day, last_day],
        |r| {
            Ok(HolderVisit {
                venue_key_id: r.get(0)?,
                id: r.get(1)?,
                offer_id: r.get(2)?,
                day: r.get(3)?,
                companion: r.get(4)?,
                over_limit: r.get(5)?,
                limit_override: r.get(6)?,
            })
        },
    )
}

/// Sets one visit's over-limit flag.
pub(crate) fn set_over_limit(
    conn: &mut Conn,
    venue_key_id: i64,
    id: &str,
    over: bool,
) -> DbResult<()> {
    conn.execute(
        "UPDATE visits SET over_limit = ?3 WHERE venue_key_id = ?1 AND id = ?2",
        params![venue_key_id, id, over],
    )?;
    Ok(())
}

/// Marks a visit as let in over a limit by staff.
pub(crate) fn mark_override(conn: &mut Conn, venue_key_id: i64, id: &str) -> DbResult<()> {
    conn.execute(
        "UPDATE visits SET limit_override = 1 WHERE venue_key_id = ?1 AND id = ?2",
        params![venue_key_id, id],
    )?;
    Ok(())
}

/// Each holder's visits and companions per offer, from `first_day` to `last_day`, to `offer_id`
/// (an offer's own limit) or to the offers of `category` as it was on the visit's day (a
/// category's limit; the caller keeps the offers that follow it): what the limit list counts.
pub(crate) fn holder_counts(
    conn: &mut Conn,
    of: LimitScope<'_>,
    first_day: &str,
    last_day: &str,
) -> DbResult<Vec<HolderCount>> {
    let (column, value) = match of {
        LimitScope::Offer(id) => ("offer_id", id),
        LimitScope::Category(category) => ("category", category.slug()),
    };
    conn.query_map(
        &format!(
            "SELECT holder, offer_id, COUNT(*), CAST(SUM(companion) AS BIGINT) FROM visits
             WHERE {column} = ?1 AND day >= ?2 AND day <= ?3
             GROUP BY holder, offer_id"
        ),
        params![value, first_day, last_day],
        |r| {
            Ok(HolderCount {
                holder: r.get(0)?,
                offer_id: r.get(1)?,
                visits: r.get(2)?,
                companions: r.get(3)?,
            })
        },
    )
}

/// The holders whose visits to `offer_id` from `first_day` to `last_day` use at least `max`
/// (companions too where `companions_count`): counted and filtered in the database, so only the
/// few at the limit come back.
pub(crate) fn holders_at_limit(
    conn: &mut Conn,
    offer_id: &str,
    (first_day, last_day): (&str, &str),
    companions_count: bool,
    max: u16,
) -> DbResult<Vec<Vec<u8>>> {
    let uses = if companions_count {
        "COUNT(*) + CAST(SUM(companion) AS BIGINT)"
    } else {
        "COUNT(*)"
    };
    conn.query_map(
        &format!(
            "SELECT holder FROM visits WHERE offer_id = ?1 AND day >= ?2 AND day <= ?3
             GROUP BY holder HAVING {uses} >= ?4"
        ),
        params![offer_id, first_day, last_day, i64::from(max)],
        |r| r.get(0),
    )
}

/// What [`holder_counts`] counts visits to.
#[derive(Clone, Copy)]
pub(crate) enum LimitScope<'a> {
    Offer(&'a str),
    Category(Category),
}

/// One holder's visits to one offer in a period.
pub(crate) struct HolderCount {
    pub(crate) holder: Vec<u8>,
    pub(crate) offer_id: String,
    pub(crate) visits: u32,
    pub(crate) companions: u32,
}

/// Stores a refusal once per (venue key, id): the visit staff did not let in, kept with the
/// fields a visit has but its companion (nobody came in).
pub(crate) fn add_refusal(conn: &mut Conn, r: &VisitRow<'_>) -> DbResult<()> {
    conn.execute(
        "INSERT INTO limit_refusals (venue_key_id, id, holder, offer_id, day, age, category, district)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (venue_key_id, id) DO NOTHING",
        params![
            r.venue_key_id,
            r.id,
            r.holder,
            r.offer_id,
            r.day,
            r.age,
            r.category,
            r.district
        ],
    )?;
    Ok(())
}

/// The refusals from `first_day` to `last_day`: (holder, day), for the statistics.
pub(crate) fn refusals_between(
    conn: &mut Conn,
    first_day: &str,
    last_day: &str,
) -> DbResult<Vec<(Vec<u8>, String)>> {
    conn.query_map(
        "SELECT holder, day FROM limit_refusals WHERE day >= ?1 AND day <= ?2",
        params![first_day, last_day],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// One holder's refusals in `year` (day, offer id), by day: a family's insight.
pub(crate) fn holders_refusals(
    conn: &mut Conn,
    holder: &[u8],
    year: i32,
) -> DbResult<Vec<(String, String)>> {
    conn.query_map(
        "SELECT day, offer_id FROM limit_refusals
         WHERE holder = ?1 AND day >= ?2 AND day <= ?3 ORDER BY day, id",
        params![
            holder,
            format!("{year:04}-01-01"),
            format!("{year:04}-12-31")
        ],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Gives one holder's refusals in `year` the fresh pseudonym its visits got; returns how many.
pub(crate) fn unlink_refusals(
    conn: &mut Conn,
    holder: &[u8],
    fresh: &[u8],
    year: i32,
) -> DbResult<u64> {
    Ok(conn.execute(
        "UPDATE limit_refusals SET holder = ?1 WHERE holder = ?2 AND day >= ?3 AND day <= ?4",
        params![
            fresh,
            holder,
            format!("{year:04}-01-01"),
            format!("{year:04}-12-31")
        ],
    )? as u64)
}
