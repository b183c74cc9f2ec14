//! The cells of an offer row: categories, accessibility, yes/no, ages, numbers, times, weekdays
//! and schedules, each read as coordinators write them (Norwegian or English words, Excel's
//! habits), with a message naming what is wrong.

use super::*;

/// Lower case, with spaces and hyphens as underscores, so "Culture activity" and
/// "step-free" find their slugs.
pub(super) fn slug_of(s: &str) -> String {
    s.trim().to_lowercase().replace([' ', '-'], "_")
}

pub(super) fn category_help() -> String {
    let slugs: Vec<&str> = Category::ALL.iter().map(|c| c.slug()).collect();
    format!("write one of: {}", slugs.join(", "))
}

pub(super) fn parse_category(s: &str) -> Result<Category, String> {
    Category::from_slug(&slug_of(s))
        .ok_or_else(|| format!("unknown category {s:?}; {}", category_help()))
}

pub(super) fn parse_accessibility(s: &str) -> Result<Vec<Accessibility>, String> {
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    for part in s.split([';', ',']).map(str::trim).filter(|p| !p.is_empty()) {
        match Accessibility::from_slug(&slug_of(part)) {
            Some(a) => found.push(a),
            None => unknown.push(format!("{part:?}")),
        }
    }
    if unknown.is_empty() {
        return Ok(found);
    }
    let slugs: Vec<&str> = Accessibility::ALL.iter().map(|a| a.slug()).collect();
    Err(format!(
        "unknown accessibility {}; write any of {}, separated by ;",
        unknown.join(", "),
        slugs.join(", ")
    ))
}

/// yes/no in the forms people and spreadsheets write: English, Norwegian, Excel's TRUE/FALSE
/// (SANN/USANN in Norwegian Excel) and 1/0.
pub(super) fn parse_bool(s: &str) -> Result<bool, String> {
    match s.trim().to_lowercase().as_str() {
        "yes" | "y" | "ja" | "j" | "true" | "sann" | "1" => Ok(true),
        "no" | "n" | "nei" | "false" | "usann" | "0" => Ok(false),
        _ => Err(format!(
            "{s:?} is not yes or no; write yes or no (ja/nei, true/false and 1/0 also work)"
        )),
    }
}

pub(super) fn parse_age(s: &str) -> Result<u8, String> {
    s.parse::<u8>()
        .map_err(|_| format!("{s:?} is not an age; write a whole number from 0 to {MAX_AGE}"))
}

/// A decimal number with `.` or a decimal comma (`60,3887`), as Norwegian spreadsheets write it.
pub(super) fn parse_number(s: &str) -> Result<f64, String> {
    s.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| {
            format!(
                "{s:?} is not a number; write a decimal number such as 60.3887 (60,3887 also works)"
            )
        })
}

/// `HH:MM`, also `H:MM` (Excel drops the leading zero), `HH.MM` (Norwegian style) and a bare
/// hour (`kl. 12-14`).
pub(super) fn parse_time(s: &str) -> Result<Time, String> {
    let mut t = s.trim().replace('.', ":");
    if (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) {
        t.push_str(":00");
    }
    if t.find(':') == Some(1) {
        t.insert(0, '0');
    }
    t.parse::<Time>()
        .map_err(|_| CalendarError::BadTime(s.to_owned()).to_string())
}

/// The weekday names the schedule column takes: English, bokmål, nynorsk, and bokmål without
/// ø for keyboards that lack it.
pub(super) const WEEKDAY_NAMES: &[(&str, Weekday)] = &[
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
    ("mandag", Weekday::Monday),
    ("tirsdag", Weekday::Tuesday),
    ("onsdag", Weekday::Wednesday),
    ("torsdag", Weekday::Thursday),
    ("fredag", Weekday::Friday),
    ("lørdag", Weekday::Saturday),
    ("søndag", Weekday::Sunday),
    ("lordag", Weekday::Saturday),
    ("sondag", Weekday::Sunday),
    ("måndag", Weekday::Monday),
    ("tysdag", Weekday::Tuesday),
    ("laurdag", Weekday::Saturday),
    ("sundag", Weekday::Sunday),
];

pub(super) fn weekday_name(weekday: Weekday) -> &'static str {
    WEEKDAY_NAMES
        .iter()
        .find(|(_, w)| *w == weekday)
        .map_or("", |(name, _)| name)
}

/// One time of a schedule: a weekday or a date, then a start time and optionally `-` and an end.
pub(super) enum Entry {
    Weekly(WeeklySlot),
    Dated(Occurrence),
}

pub(super) fn parse_entry(part: &str) -> Result<Entry, String> {
    let (when, times) = part.split_once(char::is_whitespace).unwrap_or((part, ""));
    let times = times.trim();
    // "lørdag kl. 12-14", as it is written in Norwegian.
    let times = times
        .strip_prefix("kl.")
        .or_else(|| times.strip_prefix("kl "))
        .unwrap_or(times)
        .trim();
    if times.is_empty() {
        return Err(
            "no time is given; write a start time after the day, e.g. \"saturday 12:00-14:00\""
                .to_owned(),
        );
    }
    // An en dash too: spreadsheets and word processors turn "12-14" into "12–14".
    let (start, end) = match times.split_once(['-', '–']) {
        Some((start, end)) => (start.trim(), Some(end.trim()).filter(|e| !e.is_empty())),
        None => (times, None),
    };
    let start = parse_time(start)?;
    let end = end.map(parse_time).transpose()?;
    if when.starts_with(|c: char| c.is_ascii_digit()) {
        let date = parse_date(when)?;
        return Ok(Entry::Dated(Occurrence { date, start, end }));
    }
    let wanted = when.to_lowercase();
    match WEEKDAY_NAMES.iter().find(|(name, _)| *name == wanted) {
        Some(&(_, weekday)) => Ok(Entry::Weekly(WeeklySlot {
            weekday,
            start,
            end,
        })),
        None => Err(format!(
            "{when:?} is neither a weekday nor a date; write a weekday (saturday or lørdag) or a \
             date (YYYY-MM-DD)"
        )),
    }
}

/// The schedule column: weekly (`saturday 12:00-14:00; sunday 12:00`) or dated
/// (`2026-12-05 12:00-14:00; 2026-12-12 12:00`), never both. Every bad part is a problem of its
/// own, so all of them can be fixed at once.
pub(super) fn parse_schedule(s: &str) -> Result<Schedule, Vec<String>> {
    let mut slots = Vec::new();
    let mut dates = Vec::new();
    let mut problems = Vec::new();
    for part in s.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        match parse_entry(part) {
            Ok(Entry::Weekly(slot)) => slots.push(slot),
            Ok(Entry::Dated(occurrence)) => dates.push(occurrence),
            Err(problem) => problems.push(format!("in {part:?}: {problem}")),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    match (slots.is_empty(), dates.is_empty()) {
        (false, true) => Ok(Schedule::Weekly { slots }),
        (true, false) => Ok(Schedule::Dates { dates }),
        (true, true) => Err(vec![
            "no times given; write e.g. \"saturday 12:00-14:00\" or \"2026-12-05 12:00\""
                .to_owned(),
        ]),
        (false, false) => Err(vec![
            "mixes weekdays and dates; a schedule is either weekly (\"saturday 12:00-14:00; \
             sunday 12:00\") or dated (\"2026-12-05 12:00-14:00; 2026-12-12 12:00\"), so make \
             two offers if it is both"
                .to_owned(),
        ]),
    }
}
