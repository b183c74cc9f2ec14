//! The periods statistics are published for: a calendar quarter or a calendar year, each only
//! once it is closed, so that no two reports can be subtracted to show a small group.
//!
//! Free date ranges let anyone difference two reports (1–30 November minus 1–29 November is 30
//! November). Fixed periods nest instead: a year is made of its four quarters, and
//! [`super::report_for`] builds a year from its quarters' published cells. A period is closed
//! once no visit in it can still arrive ([`CHECKIN_MAX_AGE`]: check-ins may be uploaded up to 14
//! days late), so a report never changes after it can first be read: there is no "before and
//! after a late upload".

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::api::CHECKIN_MAX_AGE;
use crate::calendar::Date;

/// A calendar quarter (`2026-Q3`) or a calendar year (`2026`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Quarter { year: i32, quarter: u8 },
    Year(i32),
}

/// Why a text is not a period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a period is a year (2026) or a quarter (2026-Q3)")]
pub struct PeriodError;

/// The first day on which no visit up to `last_day` can still be uploaded (check-ins are taken
/// up to [`CHECKIN_MAX_AGE`] late): the day any period ending then stops changing.
pub fn closes_after(last_day: Date) -> Date {
    last_day.add_days((CHECKIN_MAX_AGE / 86_400) as i64 + 1)
}

impl Period {
    pub fn year(self) -> i32 {
        match self {
            Period::Quarter { year, .. } | Period::Year(year) => year,
        }
    }

    /// Its first day.
    pub fn first_day(self) -> Date {
        let (year, month) = match self {
            Period::Quarter { year, quarter } => (year, (quarter - 1) * 3 + 1),
            Period::Year(year) => (year, 1),
        };
        Date::new(year, month, 1).expect("the first of a month")
    }

    /// Its last day.
    pub fn last_day(self) -> Date {
        let next = match self {
            Period::Quarter { year, quarter: 4 } | Period::Year(year) => Period::Year(year + 1),
            Period::Quarter { year, quarter } => Period::Quarter {
                year,
                quarter: quarter + 1,
            },
        };
        next.first_day().add_days(-1)
    }

    /// The quarters it is made of: itself, or a year's four.
    pub fn quarters(self) -> Vec<Period> {
        match self {
            Period::Quarter { .. } => vec![self],
            Period::Year(year) => (1..=4)
                .map(|quarter| Period::Quarter { year, quarter })
                .collect(),
        }
    }

    /// The first day on which no visit in the period can still be uploaded: from then on its
    /// report can be read, and it never changes.
    pub fn closes_on(self) -> Date {
        closes_after(self.last_day())
    }

    pub fn is_closed(self, today: Date) -> bool {
        today >= self.closes_on()
    }

    /// The closed periods from `first_year` to today, newest first: each year after its
    /// quarters.
    pub fn closed_since(first_year: i32, today: Date) -> Vec<Period> {
        let mut periods = Vec::new();
        for year in (first_year..=today.year).rev() {
            let year_period = Period::Year(year);
            if year_period.is_closed(today) {
                periods.push(year_period);
            }
            periods.extend(
                year_period
                    .quarters()
                    .into_iter()
                    .rev()
                    .filter(|q| q.is_closed(today)),
            );
        }
        periods
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Period::Year(year) => write!(f, "{year:04}"),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Period, PeriodError> {
        let year = |y: &str| {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse::<i32>().ok())
                .flatten()
                .filter(|y| (2000..=9998).contains(y))
                .ok_or(PeriodError)
        };
        match s.split_once("-Q") {
            Some((y, q)) => {
                let quarter = match q {
                    "1" => 1,
                    "2" => 2,
                    "3" => 3,
                    "4" => 4,
                    _ => return Err(PeriodError),
                };
                Ok(Period::Quarter {
                    year: year(y)?,
                    quarter,
                })
            }
            None => Ok(Period::Year(year(s)?)),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Period, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Period {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[0-9]{4}(-Q[1-4])?$"))
            .description(Some("A calendar year (`2026`) or quarter (`2026-Q3`)."))
            .examples(["2026-Q3"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Period {}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn periods_parse_print_and_span_their_days() {
        let q3: Period = "2026-Q3".parse().unwrap();
        assert_eq!(
            q3,
            Period::Quarter {
                year: 2026,
                quarter: 3
            }
        );
        assert_eq!(q3.to_string(), "2026-Q3");
        assert_eq!(
            (q3.first_day(), q3.last_day()),
            (date("2026-07-01"), date("2026-09-30"))
        );
        let q4: Period = "2026-Q4".parse().unwrap();
        assert_eq!(q4.last_day(), date("2026-12-31"));
        let y: Period = "2026".parse().unwrap();
        assert_eq!(
            (y.first_day(), y.last_day()),
            (date("2026-01-01"), date("2026-12-31"))
        );
        assert_eq!(y.quarters().len(), 4);
        assert_eq!(serde_json::to_string(&q3).unwrap(), "\"2026-Q3\"");
        for bad in [
            "",
            "26",
            "2026-Q5",
            "2026-Q0",
            "2026-11",
            "2026-01-01",
            "2026-q3",
            "+202",
            "1999",
        ] {
            assert_eq!(bad.parse::<Period>(), Err(PeriodError), "{bad}");
        }
    }

    #[test]
    fn a_period_closes_when_no_late_upload_can_reach_it() {
        let q3: Period = "2026-Q3".parse().unwrap();
        // A visit on 30 September may be uploaded until 14 October.
        assert_eq!(q3.closes_on(), date("2026-10-15"));
        assert!(!q3.is_closed(date("2026-10-14")));
        assert!(q3.is_closed(date("2026-10-15")));
        let listed = Period::closed_since(2025, date("2026-04-15"));
        let names: Vec<String> = listed.iter().map(ToString::to_string).collect();
        assert_eq!(
            names,
            [
                "2026-Q1", "2025", "2025-Q4", "2025-Q3", "2025-Q2", "2025-Q1"
            ]
        );
    }
}
