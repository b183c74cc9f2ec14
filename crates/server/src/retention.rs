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

use aktivitetskortet_core::api::CHECKIN_MAX_AGE;
use aktivitetskortet_core::calendar::{Date, bergen_date};

use crate::lists::{CREDENTIAL_LIFETIME, SLACK};
use crate::store::{self, Conn};

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
    /// Staff sign-ins that never finished and sessions that have ended (past the longest
    /// timeouts the flags allow: a day).
    pub sessions: usize,
}

/// Deletes everything due at `now`.
pub fn run(conn: &mut Conn, rules: &Rules, now: u64) -> anyhow::Result<Deleted> {
    let today = bergen_date(now);
    let expired = now.saturating_sub(SLACK);
    let days = u64::from(rules.ended_card_days);
    let ended = store::retention::EndedCards {
        last_day: today.add_days(-(days as i64) - 1).to_string(),
        revoked_before: now.saturating_sub(days * 86_400),
        listed_since: now.saturating_sub(CREDENTIAL_LIFETIME + SLACK),
        expired,
    };
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
    let oldest_kept = today.year - rules.visit_years as i32;
    let first_kept_day = Date::new(oldest_kept, 1, 1).expect("1 January").to_string();
    let audit_before = now.saturating_sub(u64::from(rules.audit_days) * 86_400);
    Ok(Deleted {
        codes: store::retention::delete_spent_codes(conn, now, BATCH)?,
        credentials: store::retention::delete_replaced_credentials(conn, expired, BATCH)?,
        cards: store::retention::delete_ended_cards(conn, &ended, BATCH)?,
        years_closed: store::retention::close_years(conn, closed_up_to, now)?,
        visits: store::retention::delete_old_visits(conn, &first_kept_day, oldest_kept, BATCH)?,
        audit_entries: store::retention::delete_audit_before(conn, audit_before, BATCH)?,
        admin_keys: store::retention::delete_dead_admin_keys(conn, audit_before, BATCH)?,
        sessions: store::sessions::delete_expired(
            conn,
            now.saturating_sub(3_600),
            now.saturating_sub(86_400),
            now.saturating_sub(86_400),
        )? as usize,
    })
}

/// Runs [`run`] once and logs what it deleted, as counts only.
pub async fn run_and_log(state: &crate::AppState) {
    let result = state.run_retention().await;
    state.metrics.retention_run(result.is_ok());
    match result {
        Ok(d) => tracing::info!(
            codes = d.codes,
            credentials = d.credentials,
            cards = d.cards,
            years_closed = d.years_closed,
            visits = d.visits,
            audit_entries = d.audit_entries,
            admin_keys = d.admin_keys,
            sessions = d.sessions,
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
