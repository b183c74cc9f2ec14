//! Visit rules: how many free visits a card gets at an offer, or in a category of offers, per
//! week, month, season or calendar year, and whether a companion uses one of them.
//!
//! Municipalities that run the scheme set such limits (five visits a year at each venue, a set
//! of visits a year per category, two to unlimited by venue). A rule is data: an offer may carry
//! its own, otherwise its category's applies, otherwise there is no limit. Periods are Bergen's
//! calendar days: a week runs from Monday 00:00 to Sunday 24:00 in Bergen, summer time or not.
//!
//! Everyone counts the same way with these functions: the server (the holder's counts at
//! refresh, the venues' limit list, over-limit flags when visits arrive), the venue device (its
//! own check-ins, offline) and the phone (what is left after the last known count).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::calendar::{Date, bergen_day_start};
use crate::offer::{Category, Offer, OfferId, Season};

/// The most visits a limit may allow in one period; above it, "unlimited" is what is meant.
pub const MAX_VISITS: u16 = 999;

/// How many free visits a card gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VisitRule {
    /// As often as the holder likes (an offer's own "unlimited" overrides its category's limit).
    Unlimited,
    /// At most `max` visits per period.
    Limited(Limit),
}

/// A limit: `max` visits per `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Limit {
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 999))]
    pub max: u16,
    pub per: Per,
    /// Whether a companion who comes along uses a visit too (then a visit with a companion uses
    /// two). Without it the companion is free and only the holder's visits count.
    #[serde(default)]
    pub companion_counts: bool,
}

/// The period a limit counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// The offer's season (`from` to `to`); only an offer with a season can have it.
    Season,
    /// A calendar year.
    Year,
}

impl Per {
    pub const ALL: [Per; 4] = [Per::Week, Per::Month, Per::Season, Per::Year];

    /// The wire name, as serde writes it: for form values and message ids.
    pub fn slug(self) -> &'static str {
        match self {
            Per::Week => "week",
            Per::Month => "month",
            Per::Season => "season",
            Per::Year => "year",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Per> {
        Per::ALL.into_iter().find(|p| p.slug() == slug)
    }

    /// The period that `day` falls in; `None` for a season the day is not in (no limit counts
    /// there), or a season the offer does not have.
    pub fn span(self, day: Date, season: Option<Season>) -> Option<Span> {
        let span = match self {
            Per::Week => {
                let first = day.add_days(-(day.weekday() as i64));
                Span {
                    first,
                    last: first.add_days(6),
                }
            }
            Per::Month => {
                let next = if day.month == 12 {
                    Date::new(day.year + 1, 1, 1)?
                } else {
                    Date::new(day.year, day.month + 1, 1)?
                };
                Span {
                    first: Date::new(day.year, day.month, 1)?,
                    last: next.add_days(-1),
                }
            }
            Per::Year => Span {
                first: Date::new(day.year, 1, 1)?,
                last: Date::new(day.year, 12, 31)?,
            },
            Per::Season => {
                let season = season?;
                Span {
                    first: season.from,
                    last: season.to,
                }
            }
        };
        span.contains(day).then_some(span)
    }
}

/// A period of whole Bergen days, `first` to `last`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub first: Date,
    pub last: Date,
}

impl Span {
    pub fn contains(&self, day: Date) -> bool {
        self.first <= day && day <= self.last
    }

    /// When the period begins (Unix seconds): midnight in Bergen on its first day.
    pub fn starts_at(&self) -> u64 {
        bergen_day_start(self.first)
    }

    /// When the period ends (Unix seconds): midnight in Bergen after its last day.
    pub fn ends_at(&self) -> u64 {
        bergen_day_start(self.last.add_days(1))
    }
}

impl Limit {
    /// What one visit uses of the limit: one, or two with a companion when companions count.
    pub fn uses(&self, companion: bool) -> u32 {
        1 + u32::from(companion && self.companion_counts)
    }

    /// What the visits (day, with a companion) in `span` use of the limit together; visits on
    /// other days are not counted, so a caller may pass more.
    pub fn used(&self, span: Span, visits: impl IntoIterator<Item = (Date, bool)>) -> u32 {
        visits
            .into_iter()
            .filter(|(day, _)| span.contains(*day))
            .map(|(_, companion)| self.uses(companion))
            .sum()
    }

    /// Which of one holder's visits in one scope went over the limit, in the order given (the
    /// order they happened in: by day, then as recorded). A visit is over when, with it, its
    /// period's visits so far use more than `max`. Visits outside any period (a season they are
    /// not in) are never over.
    pub fn over_limit(&self, visits: &[(Date, bool)], season: Option<Season>) -> Vec<bool> {
        let mut used: std::collections::HashMap<Span, u32> = std::collections::HashMap::new();
        visits
            .iter()
            .map(|&(day, companion)| match self.per.span(day, season) {
                Some(span) => {
                    let total = used.entry(span).or_insert(0);
                    *total += self.uses(companion);
                    *total > u32::from(self.max)
                }
                None => false,
            })
            .collect()
    }
}

impl VisitRule {
    /// What is wrong with the rule as an offer's (`season`: the offer's) or, with `None` and
    /// `for_category`, as a category's; `None` when it may be used.
    pub fn problem(&self, season: Option<Season>, for_category: bool) -> Option<&'static str> {
        let VisitRule::Limited(limit) = self else {
            return None;
        };
        if !(1..=MAX_VISITS).contains(&limit.max) {
            return Some("the number of free visits must be 1–999");
        }
        if limit.per == Per::Season {
            if for_category {
                return Some("a category has no season: count per week, month or year");
            }
            if season.is_none() {
                return Some("the offer has no season to count in: give it a season first");
            }
        }
        None
    }

    /// The limit, if there is one.
    pub fn limit(&self) -> Option<Limit> {
        match self {
            VisitRule::Unlimited => None,
            VisitRule::Limited(limit) => Some(*limit),
        }
    }
}

/// A category's rule, as the catalogue carries it. Categories without one have no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryRule {
    pub category: Category,
    pub rule: VisitRule,
}

/// What a limit counts: visits to one offer, or to every offer of a category that follows the
/// category's rule (an offer with its own rule is counted under it alone).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    Offer(OfferId),
    Category(Category),
}

/// The limit that applies to visits to `offer`, and what it counts, under the catalogue's
/// `categories` rules: the offer's own rule if it has one, else its category's; `None` when its
/// visits are unlimited.
pub fn rule_for(offer: &Offer, categories: &[CategoryRule]) -> Option<(Scope, Limit)> {
    match offer.visit_rule {
        Some(VisitRule::Limited(limit)) => Some((Scope::Offer(offer.id.clone()), limit)),
        Some(VisitRule::Unlimited) => None,
        None => categories
            .iter()
            .find(|r| r.category == offer.category)
            .and_then(|r| r.rule.limit())
            .map(|limit| (Scope::Category(offer.category), limit)),
    }
}

/// The written form of a rule, for CSV files: `unlimited`, or `5/year` (also `uke`, `måned`,
/// `sesong`, `år` for Norwegian spreadsheets), with `+companion` (or `+følge`) when a companion
/// uses a visit too.
impl fmt::Display for VisitRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VisitRule::Unlimited => f.write_str("unlimited"),
            VisitRule::Limited(l) => {
                write!(f, "{}/{}", l.max, l.per.slug())?;
                if l.companion_counts {
                    f.write_str("+companion")?;
                }
                Ok(())
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a visit rule; write unlimited, or a number and a period such as 5/year, 2/week, 1/month or 10/season, with +companion when a companion uses a visit too"
)]
pub struct BadVisitRule(pub String);

impl FromStr for VisitRule {
    type Err = BadVisitRule;

    fn from_str(text: &str) -> Result<VisitRule, BadVisitRule> {
        let bad = || BadVisitRule(text.to_owned());
        let t = text.trim().to_lowercase();
        if t == "unlimited" || t == "ubegrenset" {
            return Ok(VisitRule::Unlimited);
        }
        let (t, companion_counts) = match t.split_once('+') {
            Some((rule, with)) if ["companion", "følge", "folge"].contains(&with.trim()) => {
                (rule.trim().to_owned(), true)
            }
            Some(_) => return Err(bad()),
            None => (t, false),
        };
        let (max, per) = t.split_once('/').ok_or_else(bad)?;
        let max: u16 = max.trim().parse().map_err(|_| bad())?;
        let per = match per.trim() {
            "week" | "uke" => Per::Week,
            "month" | "måned" | "maned" => Per::Month,
            "season" | "sesong" => Per::Season,
            "year" | "år" | "ar" => Per::Year,
            _ => return Err(bad()),
        };
        Ok(VisitRule::Limited(Limit {
            max,
            per,
            companion_counts,
        }))
    }
}

#[cfg(test)]
mod tests;
