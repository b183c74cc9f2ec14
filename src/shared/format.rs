//! Dates, times, numbers, distances and sizes as each of the app's languages writes them: the
//! words come from the Fluent files (month and weekday names, date patterns), the digits and
//! separators from here (Arabic uses Arabic-Indic digits and its own separators).

use aktivitetskortet_core::calendar::{Date, LocalTime, Time, Weekday};
use fluent_bundle::FluentValue;

use crate::shared::i18n::{Lang, t, tr};

/// `text` with its ASCII digits written the language's way.
pub fn digits(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Ar => text
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
                None => c,
            })
            .collect(),
        _ => text.to_owned(),
    }
}

/// The separator between groups of three digits, and the decimal separator.
fn separators(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        // A no-break space, so a number never breaks over two lines.
        Lang::Nb | Lang::Uk => ("\u{a0}", ","),
        Lang::En => (",", "."),
        Lang::Ar => ("\u{066c}", "\u{066b}"),
    }
}

/// A whole number with its thousands grouped: `12 345`, `12,345`, `١٢٬٣٤٥`.
pub fn number(lang: Lang, n: u64) -> String {
    let plain = n.to_string();
    let (group, _) = separators(lang);
    let mut out = String::new();
    for (i, c) in plain.chars().enumerate() {
        if i > 0 && (plain.len() - i).is_multiple_of(3) {
            out.push_str(group);
        }
        out.push(c);
    }
    digits(lang, &out)
}

/// A number with one decimal: `1,5`, `1.5`, `١٫٥`.
pub fn decimal1(lang: Lang, x: f64) -> String {
    let tenths = (x * 10.0).round().max(0.0) as u64;
    let (_, point) = separators(lang);
    format!(
        "{}{point}{}",
        number(lang, tenths / 10),
        digits(lang, &(tenths % 10).to_string())
    )
}

/// The weekday's name: `lørdag`, `Saturday`.
pub fn weekday(lang: Lang, day: Weekday) -> String {
    t(lang, &format!("weekday-{}", day.slug()))
}

/// The date in full: `5. desember 2026`, `5 December 2026`, `5 грудня 2026 р.`.
pub fn date_long(lang: Lang, date: Date) -> String {
    tr(
        lang,
        "date-long",
        &[
            ("day", digits(lang, &date.day.to_string()).into()),
            ("month", t(lang, &format!("month-{}", date.month)).into()),
            ("year", digits(lang, &date.year.to_string()).into()),
        ],
    )
}

/// The date with its weekday, short: `lør. 5. des.`, `Sat 5 Dec`.
pub fn date_short(lang: Lang, date: Date) -> String {
    tr(
        lang,
        "date-short",
        &[
            (
                "weekday",
                t(lang, &format!("weekday-short-{}", date.weekday().slug())).into(),
            ),
            ("day", digits(lang, &date.day.to_string()).into()),
            (
                "month",
                t(lang, &format!("month-short-{}", date.month)).into(),
            ),
        ],
    )
}

/// `i dag` or `i morgen` for those days, otherwise the short date.
pub fn day_near(lang: Lang, date: Date, today: Date) -> String {
    if date == today {
        t(lang, "day-today")
    } else if date == today.add_days(1) {
        t(lang, "day-tomorrow")
    } else {
        date_short(lang, date)
    }
}

/// A clock time, 24-hour: `17:30`.
pub fn time(lang: Lang, at: Time) -> String {
    digits(lang, &at.to_string())
}

/// A running clock with seconds: `17:30:05`.
pub fn clock(lang: Lang, at: LocalTime) -> String {
    digits(
        lang,
        &format!("{:02}:{:02}:{:02}", at.time.hour, at.time.minute, at.second),
    )
}

/// When something happens next: `lør. 5. des. kl. 12:00`, `today at 12:00`.
pub fn next_time(lang: Lang, date: Date, at: Time, today: Date) -> String {
    tr(
        lang,
        "date-at-time",
        &[
            ("day", day_near(lang, date, today).into()),
            ("time", time(lang, at).into()),
        ],
    )
}

/// A distance: metres under one kilometre (rounded to 10 m), then kilometres with one decimal.
pub fn distance(lang: Lang, metres: f64) -> String {
    if metres < 1_000.0 {
        let rounded = ((metres / 10.0).round() * 10.0).max(10.0) as u64;
        tr(
            lang,
            "distance-m",
            &[("n", FluentValue::from(number(lang, rounded)))],
        )
    } else {
        tr(
            lang,
            "distance-km",
            &[("n", FluentValue::from(decimal1(lang, metres / 1_000.0)))],
        )
    }
}

/// A size in bytes as kB or MB (decimal units, as phones show storage).
pub fn size(lang: Lang, bytes: u64) -> String {
    if bytes < 1_000_000 {
        tr(
            lang,
            "size-kb",
            &[(
                "n",
                FluentValue::from(number(lang, bytes.div_ceil(1_000).max(1))),
            )],
        )
    } else {
        tr(
            lang,
            "size-mb",
            &[("n", FluentValue::from(decimal1(lang, bytes as f64 / 1e6)))],
        )
    }
}

/// The ages an offer is for: `4–12 år`, `Ages 4–12`; `Alle aldre` for 0–17.
pub fn age_range(lang: Lang, min: u8, max: u8) -> String {
    if min == 0 && max >= aktivitetskortet_core::offer::MAX_AGE {
        return t(lang, "age-all");
    }
    tr(
        lang,
        "age-range",
        &[
            ("min", digits(lang, &min.to_string()).into()),
            ("max", digits(lang, &max.to_string()).into()),
        ],
    )
}

/// A count with its noun in the right plural form, e.g. `offers-count` → `23 tilbud`: the message
/// gets the number (`$count`, for choosing the form) and its written form (`$n`).
pub fn count(lang: Lang, id: &str, n: u64) -> String {
    tr(
        lang,
        id,
        &[
            ("count", FluentValue::from(n)),
            ("n", FluentValue::from(number(lang, n))),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn numbers_group_and_use_each_languages_digits() {
        assert_eq!(number(Lang::Nb, 1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(number(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(number(Lang::Uk, 999), "999");
        assert_eq!(number(Lang::Ar, 12_345), "١٢٬٣٤٥");
        assert_eq!(number(Lang::En, 0), "0");
        assert_eq!(decimal1(Lang::Nb, 1.25), "1,3");
        assert_eq!(decimal1(Lang::En, 12.04), "12.0");
        assert_eq!(decimal1(Lang::Ar, 3.5), "٣٫٥");
    }

    #[test]
    fn dates_are_written_the_way_each_language_writes_them() {
        let d = date("2026-12-05");
        assert_eq!(date_long(Lang::Nb, d), "5. desember 2026");
        assert_eq!(date_long(Lang::En, d), "5 December 2026");
        assert_eq!(date_long(Lang::Uk, d), "5 грудня 2026 р.");
        assert_eq!(date_long(Lang::Ar, d), "٥ ديسمبر ٢٠٢٦");
        assert_eq!(date_short(Lang::Nb, d), "lør. 5. des.");
        assert_eq!(date_short(Lang::En, d), "Sat 5 Dec");
        assert_eq!(date_short(Lang::Uk, d), "сб, 5 груд.");
        assert_eq!(date_short(Lang::Ar, d), "السبت ٥ ديسمبر");
        assert_eq!(weekday(Lang::Nb, Weekday::Sunday), "søndag");
    }

    #[test]
    fn times_say_today_and_tomorrow() {
        let today = date("2026-12-02");
        let at: Time = "17:30".parse().unwrap();
        assert_eq!(next_time(Lang::Nb, today, at, today), "i dag kl. 17:30");
        assert_eq!(
            next_time(Lang::En, today.add_days(1), at, today),
            "tomorrow at 17:30"
        );
        assert_eq!(
            next_time(Lang::Nb, today.add_days(3), at, today),
            "lør. 5. des. kl. 17:30"
        );
        assert_eq!(time(Lang::Ar, at), "١٧:٣٠");
        let local = LocalTime {
            date: today,
            time: "09:05".parse().unwrap(),
            second: 7,
        };
        assert_eq!(clock(Lang::En, local), "09:05:07");
    }

    #[test]
    fn distances_sizes_ages_and_counts() {
        assert_eq!(distance(Lang::Nb, 4.0), "10 m");
        assert_eq!(distance(Lang::Nb, 846.0), "850 m");
        assert_eq!(distance(Lang::Nb, 1_234.0), "1,2 km");
        assert_eq!(distance(Lang::En, 12_345.0), "12.3 km");
        assert_eq!(size(Lang::Nb, 512), "1 kB");
        assert_eq!(size(Lang::En, 1_450_000), "1.5 MB");
        assert_eq!(age_range(Lang::Nb, 4, 12), "4–12 år");
        assert_eq!(age_range(Lang::En, 4, 12), "Ages 4–12");
        assert_eq!(age_range(Lang::Nb, 0, 17), "Alle aldre");
        assert_eq!(count(Lang::Nb, "offers-count", 1), "1 tilbud");
        assert_eq!(count(Lang::En, "offers-count", 1), "1 offer");
        assert_eq!(count(Lang::En, "offers-count", 23), "23 offers");
        assert_eq!(count(Lang::Uk, "offers-count", 1), "1 пропозиція");
        assert_eq!(count(Lang::Uk, "offers-count", 3), "3 пропозиції");
        assert_eq!(count(Lang::Uk, "offers-count", 5), "5 пропозицій");
        assert_eq!(count(Lang::Ar, "offers-count", 3), "٣ عروض");
    }
}
