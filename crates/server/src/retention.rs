//! Retention: what the server deletes once its purpose is over, at start and then daily.
//!
//! The periods (defaults in `docs/privacy.md`, flags in `config.rs`) are:
//! - an activation code: until it is used, replaced or expired;
//! - a credential (the phone key a card was issued to): until it expires, except a card's
//!   newest, which says which phone key may refresh the card and goes with the card;
//! - a card (given name, birth year, letter language, validity): until `ended_card_days` after
//!   its last valid day or its revocation, and never while the revocation list still needs it;
//! - a year's pseudonym key: until `close_year_days` into the next year, when no visit of that
//!   year can still be uploaded; from then on its visits link to no card;
//! - a visit (pseudonymous, a day): the current calendar year and `visit_years` before it;
//! - an audit log entry: `audit_days`; an admin key that expired or was revoked: as long as an
//!   audit entry names it, and at least `audit_days` after it ended.
//!
//! Each kind is deleted in batches of [`BATCH`] rows, one transaction each, so a large first
//! run never holds the write lock for long; the log gets counts only.

use crate::params;
use crate::store::Conn;
use aktivitetskortet_core::api::CHECKIN_MAX_AGE;
use aktivitetskortet_core::calendar::Date;

use crate::lists::{CREDENTIAL_LIFETIME, SLACK};

/// Rows deleted per transaction.
pub const BATCH: usize = 500;

/// How long things are kept; see the module doc.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub ended_card_days: u32,
    pub close_year_days: u32,
    pub visit_years: u32,
    pub audit_days: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            ended_card_days: 90,
            close_year_days: 31,
            visit_years: 3,
            audit_days: 730,
        }
    }
}

/// Why a set of rules cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RulesError {
    #[error(
        "--close-year-days must be at least {min}: check-ins may be uploaded up to 14 days late, and a closed year stores none"
    )]
    YearClosesTooEarly { min: u32 },
    #[error("--close-year-days must be at most 365: a year closes within the next one")]
    YearClosesTooLate,
    #[error("--keep-visit-years must be between 0 and 10")]
    VisitYears,
    #[error("--keep-ended-cards-days must be at most 3650")]
    CardDays,
    #[error("--keep-audit-days must be between 90 and 3650")]
    AuditDays,
}

impl Rules {
    pub fn check(self) -> Result<Self, RulesError> {
        let min = (CHECKIN_MAX_AGE / 86_400) as u32 + 1;
        if self.close_year_days < min {
            return Err(RulesError::YearClosesTooEarly { min });
        }
        if self.close_year_days > 365 {
            return Err(RulesError::YearClosesTooLate);
        }
        if self.visit_years > 10 {
            return Err(RulesError::VisitYears);
        }
        if self.ended_card_days > 3650 {
            return Err(RulesError::CardDays);
        }
        if !(90..=3650).contains(&self.audit_days) {
            return Err(RulesError::AuditDays);
        }
        Ok(self)
    }
}

/// What one run deleted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Deleted {
    pub codes: usize,
    pub credentials: usize,
    pub cards: usize,
    pub years_closed: usize,
    pub visits: usize,
    pub audit_entries: usize,
    pub admin_keys: usize,
}

/// Deletes everything due at `now`.
pub fn run(conn: &mut Conn, rules: &Rules, now: u64) -> anyhow::Result<Deleted> {
    let today = Date::from_unix(now);
    let now_i = now as i64;
    let expired = now.saturating_sub(SLACK) as i64;
    let mut deleted = Deleted {
        codes: in_batches(
            conn,
            "DELETE FROM activation_codes WHERE rowid IN (
                 SELECT rowid FROM activation_codes WHERE used_at IS NOT NULL OR expires_at <= ?1
                 LIMIT ?2)",
            now_i,
        )?,
        credentials: in_batches(
            conn,
            "DELETE FROM credentials WHERE rowid IN (
                 SELECT k.rowid FROM credentials k
                 WHERE k.expires_at <= ?1
                   AND EXISTS (SELECT 1 FROM credentials n WHERE n.card_id = k.card_id
                               AND (n.issued_at, n.rowid) > (k.issued_at, k.rowid))
                 LIMIT ?2)",
            expired,
        )?,
        ..Deleted::default()
    };
    deleted.cards = delete_ended_cards(conn, rules, now)?;
    // Year Y closes `close_year_days` into Y + 1.
    let closed_up_to = if today
        >= Date::new(today.year, 1, 1)
            .expect("1 January")
            .add_days(i64::from(rules.close_year_days))
    {
        today.year - 1
    } else {
        today.year - 2
    };
    deleted.years_closed = conn.execute(
        "UPDATE pseudonym_keys SET key = NULL, closed_at = ?2 WHERE year <= ?1 AND key IS NOT NULL",
        params![closed_up_to, now_i],
    )?;
    let oldest_kept = today.year - rules.visit_years as i32;
    let first_kept_day = Date::new(oldest_kept, 1, 1).expect("1 January").to_string();
    deleted.visits = in_batches(
        conn,
        "DELETE FROM visits WHERE rowid IN (SELECT rowid FROM visits WHERE day < ?1 LIMIT ?2)",
        &first_kept_day,
    )?;
    // A year whose visits are all gone needs no row to stay closed: nothing of it can arrive.
    conn.execute(
        "DELETE FROM pseudonym_keys WHERE year < ?1 AND key IS NULL",
        params![oldest_kept],
    )?;
    let audit_before = now_i - i64::from(rules.audit_days) * 86_400;
    deleted.audit_entries = in_batches(
        conn,
        "DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ?1 LIMIT ?2)",
        audit_before,
    )?;
    deleted.admin_keys = in_batches(
        conn,
        "DELETE FROM admin_keys WHERE id IN (
             SELECT k.id FROM admin_keys k
             WHERE (k.expires_at < ?1 OR k.revoked_at < ?1)
               AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.admin_key_id = k.id)
             LIMIT ?2)",
        audit_before,
    )?;
    Ok(deleted)
}

/// Cards that ended (last valid day, or revocation) more than `ended_card_days` ago, with their
/// codes and credentials, unless the revocation list still names them (a credential it revokes
/// could still be valid somewhere).
fn delete_ended_cards(conn: &mut Conn, rules: &Rules, now: u64) -> anyhow::Result<usize> {
    let days = i64::from(rules.ended_card_days);
    let last_day = Date::from_unix(now).add_days(-days - 1).to_string();
    let revoked_before = now as i64 - days * 86_400;
    let listed_since = now.saturating_sub(CREDENTIAL_LIFETIME + SLACK) as i64;
    let expired = now.saturating_sub(SLACK) as i64;
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
                    last_day,
                    revoked_before,
                    listed_since,
                    expired,
                    BATCH as i64
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
        if ids.len() < BATCH {
            return Ok(total);
        }
    }
}

/// Runs a `DELETE … LIMIT ?2` statement (each run its own transaction) until it deletes fewer
/// than a batch.
fn in_batches(
    conn: &mut Conn,
    sql: &str,
    arg: impl crate::store::ToValue,
) -> crate::store::DbResult<usize> {
    let mut total = 0;
    loop {
        let n = conn.execute(sql, params![arg, BATCH as i64])?;
        total += n;
        if n < BATCH {
            return Ok(total);
        }
    }
}

/// Runs [`run`] once and logs what it deleted, as counts only.
pub async fn run_and_log(state: &crate::AppState) {
    match state.run_retention().await {
        Ok(d) => tracing::info!(
            codes = d.codes,
            credentials = d.credentials,
            cards = d.cards,
            years_closed = d.years_closed,
            visits = d.visits,
            audit_entries = d.audit_entries,
            admin_keys = d.admin_keys,
            "retention: deleted what was due"
        ),
        Err(err) => tracing::error!(%err, "retention: the run failed; it is retried tomorrow"),
    }
}

/// Runs [`run`] once a day from a day after start (the server runs it at start itself, before
/// it serves).
pub async fn daily(state: crate::AppState) {
    let day = std::time::Duration::from_secs(86_400);
    let mut every_day = tokio::time::interval_at(tokio::time::Instant::now() + day, day);
    loop {
        every_day.tick().await;
        run_and_log(&state).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_that_would_lose_late_uploads_are_refused() {
        assert_eq!(Rules::default().check(), Ok(Rules::default()));
        let early = Rules {
            close_year_days: 14,
            ..Rules::default()
        };
        assert_eq!(
            early.check(),
            Err(RulesError::YearClosesTooEarly { min: 15 })
        );
        let long = Rules {
            visit_years: 11,
            ..Rules::default()
        };
        assert_eq!(long.check(), Err(RulesError::VisitYears));
        let cards = Rules {
            ended_card_days: 3651,
            ..Rules::default()
        };
        assert_eq!(cards.check(), Err(RulesError::CardDays));
        let late = Rules {
            close_year_days: 366,
            ..Rules::default()
        };
        assert_eq!(late.check(), Err(RulesError::YearClosesTooLate));
        let audit = Rules {
            audit_days: 30,
            ..Rules::default()
        };
        assert_eq!(audit.check(), Err(RulesError::AuditDays));
    }
}
