//! Calendar dates, clock times and weekdays as offers use them, with their wire forms
//! (`"2026-12-05"`, `"17:30"`, `"saturday"`). Pure arithmetic: no clock, no time zones (offers
//! are all in Bergen, so their local times need none).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date in the proleptic Gregorian calendar.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// A local clock time, minute precision.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Time {
    pub hour: u8,
    pub minute: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// The wire name (`"saturday"`), as serde writes it: for message ids and form values.
    pub fn slug(self) -> &'static str {
        match self {
            Weekday::Monday => "monday",
            Weekday::Tuesday => "tuesday",
            Weekday::Wednesday => "wednesday",
            Weekday::Thursday => "thursday",
            Weekday::Friday => "friday",
            Weekday::Saturday => "saturday",
            Weekday::Sunday => "sunday",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Weekday> {
        Weekday::ALL.into_iter().find(|d| d.slug() == slug)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("{0:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-05")]
    BadDate(String),
    #[error("{0:?} is not a time; write it as HH:MM, e.g. 17:30")]
    BadTime(String),
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A date, if it exists.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=9999).contains(&year) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The UTC date of a Unix time.
    pub fn from_unix(seconds: u64) -> Date {
        Date::from_days_since_epoch((seconds / 86_400) as i64)
    }

    /// Unix seconds at 00:00 UTC of this date (0 for dates before 1970).
    pub fn to_unix(self) -> u64 {
        u64::try_from(self.days_since_epoch() * 86_400).unwrap_or(0)
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        Weekday::ALL[(self.days_since_epoch() + 3).rem_euclid(7) as usize]
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

impl FromStr for Date {
    type Err = CalendarError;

    fn from_str(s: &str) -> Result<Date, CalendarError> {
        let bad = || CalendarError::BadDate(s.to_owned());
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| {
            s.get(r)
                .filter(|p| p.bytes().all(|c| c.is_ascii_digit()))
                .and_then(|p| p.parse::<u32>().ok())
                .ok_or_else(bad)
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::new(y as i32, m as u8, d as u8).ok_or_else(bad)
    }
}

impl Time {
    pub fn new(hour: u8, minute: u8) -> Option<Time> {
        (hour < 24 && minute < 60).then_some(Time { hour, minute })
    }

    pub fn minutes(self) -> u16 {
        u16::from(self.hour) * 60 + u16::from(self.minute)
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl fmt::Debug for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Time({self})")
    }
}

impl FromStr for Time {
    type Err = CalendarError;

    fn from_str(s: &str) -> Result<Time, CalendarError> {
        let bad = || CalendarError::BadTime(s.to_owned());
        let (h, m) = s.split_once(':').ok_or_else(bad)?;
        if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        Time::new(h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?).ok_or_else(bad)
    }
}

/// A moment as a clock in Bergen shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    pub date: Date,
    pub time: Time,
    pub second: u8,
}

/// The last Sunday of a month (where the EU's summer time starts and ends).
fn last_sunday(year: i32, month: u8) -> Date {
    let last = Date {
        year,
        month,
        day: days_in_month(year, month),
    };
    last.add_days(-((last.weekday() as i64 + 1) % 7))
}

/// Bergen's offset from UTC in seconds at a Unix time: one hour, or two in summer time, which
/// runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
/// Offers are all in Bergen, so this is the one time zone the app needs, and the rule is kept
/// here as arithmetic rather than carried as a time zone database.
pub fn bergen_offset(unix: u64) -> u64 {
    let year = Date::from_unix(unix).year;
    let start = last_sunday(year, 3).to_unix() + 3_600;
    let end = last_sunday(year, 10).to_unix() + 3_600;
    if (start..end).contains(&unix) {
        7_200
    } else {
        3_600
    }
}

/// What a clock in Bergen shows at a Unix time.
pub fn bergen_local(unix: u64) -> LocalTime {
    let local = unix + bergen_offset(unix);
    let of_day = local % 86_400;
    LocalTime {
        date: Date::from_unix(local),
        time: Time {
            hour: (of_day / 3_600) as u8,
            minute: (of_day / 60 % 60) as u8,
        },
        second: (of_day % 60) as u8,
    }
}

/// The Bergen date of a Unix time: the day a visit counts on, and "today" wherever the product
/// speaks of days (cards, codes, statistics periods, retention), as the apps do.
pub fn bergen_date(unix: u64) -> Date {
    bergen_local(unix).date
}

/// When `date` begins in Bergen (local midnight): a card valid on a day is valid from then, not
/// from midnight UTC, which in Bergen is one or two in the morning.
pub fn bergen_day_start(date: Date) -> u64 {
    bergen_to_unix(date, Time { hour: 0, minute: 0 })
}

/// The Unix time of a Bergen clock time on a date. In the hour that does not exist when summer
/// time starts, and the one that happens twice when it ends, the earlier reading is taken.
pub fn bergen_to_unix(date: Date, time: Time) -> u64 {
    let local = date.to_unix() + u64::from(time.minutes()) * 60;
    let summer = local.saturating_sub(7_200);
    if bergen_offset(summer) == 7_200 {
        summer
    } else {
        local.saturating_sub(3_600)
    }
}

macro_rules! string_serde {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

string_serde!(Date);
string_serde!(Time);

/// The OpenAPI schemas of the string wire forms above (serde sees only a string).
#[cfg(feature = "openapi")]
mod schema {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};

    impl utoipa::PartialSchema for super::Date {
        fn schema() -> RefOr<Schema> {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
                .pattern(Some(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))
                .description(Some("A calendar date, `YYYY-MM-DD` (year 0001–9999)."))
                .examples(["2026-12-05"])
                .into()
        }
    }

    impl utoipa::ToSchema for super::Date {}

    impl utoipa::PartialSchema for super::Time {
        fn schema() -> RefOr<Schema> {
            // No `format: time`: that is RFC 3339's `HH:MM:SS` with an offset, and these are
            // local Bergen times without seconds.
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some("^([01][0-9]|2[0-3]):[0-5][0-9]$"))
                .description(Some("A local clock time in Bergen, `HH:MM` (24-hour)."))
                .examples(["17:30"])
                .into()
        }
    }

    impl utoipa::ToSchema for super::Time {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_print_and_count_days() {
        let d: Date = "2026-11-25".parse().unwrap();
        assert_eq!(d.to_string(), "2026-11-25");
        assert_eq!(d.weekday(), Weekday::Wednesday);
        assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
        assert_eq!("1970-01-01".parse::<Date>().unwrap().days_since_epoch(), 0);
        assert_eq!(
            "2024-02-29"
                .parse::<Date>()
                .unwrap()
                .add_days(1)
                .to_string(),
            "2024-03-01"
        );
        assert_eq!(Date::from_unix(1_790_000_000).to_string(), "2026-09-21");
        assert_eq!(d.to_unix(), 1_795_564_800);
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-1-01",
            "26-11-25",
            "2026/11/25",
            "2026-11-2x",
            "",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

    #[test]
    fn times_parse_and_print() {
        assert_eq!("07:05".parse::<Time>().unwrap().to_string(), "07:05");
        assert_eq!("23:59".parse::<Time>().unwrap().minutes(), 1439);
        for bad in ["24:00", "7:05", "12:60", "12-30", "ab:cd", "+1:00"] {
            assert!(bad.parse::<Time>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_bergen_day_starts_at_bergen_midnight() {
        // Winter: 23:00 UTC the evening before; summer: 22:00 UTC.
        let winter = Date::new(2026, 12, 7).unwrap();
        assert_eq!(bergen_day_start(winter), winter.to_unix() - 3_600);
        let summer = Date::new(2026, 7, 1).unwrap();
        assert_eq!(bergen_day_start(summer), summer.to_unix() - 7_200);
        // Its first second is on that day in Bergen, the second before on the day before.
        assert_eq!(bergen_local(bergen_day_start(winter)).date, winter);
        assert_eq!(
            bergen_local(bergen_day_start(winter) - 1).date,
            winter.add_days(-1)
        );
    }

    #[test]
    fn bergen_clocks_follow_summer_time() {
        let at = |s: &str| -> Date { s.parse().unwrap() };
        assert_eq!(last_sunday(2026, 3), at("2026-03-29"));
        assert_eq!(last_sunday(2026, 10), at("2026-10-25"));
        assert_eq!(last_sunday(2027, 3), at("2027-03-28"));
        // 2026-12-02 12:00 UTC is 13:00 in Bergen (winter).
        let winter = at("2026-12-02").to_unix() + 12 * 3_600 + 5;
        let local = bergen_local(winter);
        assert_eq!(
            (local.date, local.time.to_string(), local.second),
            (at("2026-12-02"), "13:00".into(), 5)
        );
        // 2026-07-01 22:30 UTC is already 00:30 the next day in Bergen (summer).
        let summer = at("2026-07-01").to_unix() + 22 * 3_600 + 30 * 60;
        let local = bergen_local(summer);
        assert_eq!(
            (local.date, local.time.to_string()),
            (at("2026-07-02"), "00:30".into())
        );
        // The switches happen at 01:00 UTC.
        let start = at("2026-03-29").to_unix() + 3_600;
        assert_eq!(bergen_offset(start - 1), 3_600);
        assert_eq!(bergen_offset(start), 7_200);
        let end = at("2026-10-25").to_unix() + 3_600;
        assert_eq!(bergen_offset(end - 1), 7_200);
        assert_eq!(bergen_offset(end), 3_600);
        // And back: local clock times to Unix times.
        for unix in [winter - 5, summer, start, end + 3_600] {
            let local = bergen_local(unix);
            assert_eq!(
                bergen_to_unix(local.date, local.time),
                unix - unix % 60,
                "{local:?}"
            );
        }
        // 02:30 happens twice on the night summer time ends: the earlier one (summer time).
        let twice = bergen_to_unix(at("2026-10-25"), "02:30".parse().unwrap());
        assert_eq!(twice, at("2026-10-25").to_unix() + 30 * 60);
    }

    #[test]
    fn serde_uses_the_text_forms() {
        let d: Date = serde_json::from_str("\"2026-12-05\"").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2026-12-05\"");
        let err = serde_json::from_str::<Date>("\"2026-12-32\"").unwrap_err();
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
        assert_eq!(
            serde_json::to_string(&Weekday::Saturday).unwrap(),
            "\"saturday\""
        );
        for day in Weekday::ALL {
            assert_eq!(
                serde_json::to_string(&day).unwrap(),
                format!("\"{}\"", day.slug())
            );
            assert_eq!(Weekday::from_slug(day.slug()), Some(day));
        }
        assert_eq!(Weekday::from_slug("lørdag"), None);
    }
}
