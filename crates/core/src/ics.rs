//! Calendar files (iCalendar, RFC 5545) for an offer's "add to calendar": its coming dates, or its
//! weekly slots as repeating events until the season ends. Times are written in UTC (converted from
//! Bergen's clock), so every calendar app reads them the same without a time zone table.

use std::fmt::Write as _;

use crate::calendar::{Date, Time, bergen_to_unix};
use crate::offer::{Offer, Schedule};

/// At most this many dated occurrences go into one file.
const MAX_DATED: usize = 30;

/// The calendar file for `offer`, with texts in `lang` (`nb`, `en`, `uk`, `ar`; bokmål when the
/// offer has none in that language). Only occurrences on or after `today` are included; `stamp`
/// (Unix seconds) is when the file was made. Lines end in CRLF and are folded at 75 bytes, as the
/// standard requires.
pub fn offer_calendar(offer: &Offer, lang: &str, today: Date, stamp: u64) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Bergen kommune//Aktivitetskortet//NB".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
    ];
    let event = |date: Date, start: Time, end: Option<Time>, rule: Option<String>| {
        let begin = bergen_to_unix(date, start);
        let mut ev = vec![
            "BEGIN:VEVENT".to_owned(),
            format!(
                "UID:{}-{}-{:02}{:02}@aktivitetskortet.bergen.kommune.no",
                offer.id, date, start.hour, start.minute
            ),
            format!("DTSTAMP:{}", utc(stamp)),
            format!("DTSTART:{}", utc(begin)),
        ];
        match end {
            Some(end) if end > start => {
                ev.push(format!("DTEND:{}", utc(bergen_to_unix(date, end))))
            }
            // Without an end time the event gets an hour, so it shows as more than a dot.
            _ => ev.push("DURATION:PT1H".to_owned()),
        }
        if let Some(rule) = rule {
            ev.push(rule);
        }
        ev.push(format!("SUMMARY:{}", escape(offer.title.get(lang))));
        ev.push(format!(
            "LOCATION:{}",
            escape(&format!("{}, {}", offer.venue, offer.address))
        ));
        ev.push(format!("DESCRIPTION:{}", escape(offer.summary.get(lang))));
        if let Some(at) = offer.location {
            ev.push(format!("GEO:{:.6};{:.6}", at.lat, at.lon));
        }
        ev.push("END:VEVENT".to_owned());
        ev
    };
    match &offer.schedule {
        Schedule::Dates { dates } => {
            let mut coming: Vec<_> = dates.iter().filter(|o| o.date >= today).collect();
            coming.sort_by_key(|o| (o.date, o.start));
            for o in coming.into_iter().take(MAX_DATED) {
                lines.extend(event(o.date, o.start, o.end, None));
            }
        }
        Schedule::Weekly { slots } => {
            let from = offer.season.map_or(today, |s| s.from.max(today));
            for slot in slots {
                let first = (0..7)
                    .map(|i| from.add_days(i))
                    .find(|d| d.weekday() == slot.weekday)
                    .expect("every weekday comes within seven days");
                let rule = match offer.season {
                    Some(season) if first > season.to => continue,
                    Some(season) => format!(
                        "RRULE:FREQ=WEEKLY;UNTIL={}",
                        utc(bergen_to_unix(
                            season.to,
                            Time {
                                hour: 23,
                                minute: 59
                            }
                        ))
                    ),
                    None => "RRULE:FREQ=WEEKLY".to_owned(),
                };
                lines.extend(event(first, slot.start, slot.end, Some(rule)));
            }
        }
    }
    lines.push("END:VCALENDAR".to_owned());
    let mut out = String::new();
    for line in lines {
        fold_into(&mut out, &line);
    }
    out
}

/// `YYYYMMDDTHHMMSSZ`.
fn utc(unix: u64) -> String {
    let date = Date::from_unix(unix);
    let s = unix % 86_400;
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        date.year,
        date.month,
        date.day,
        s / 3_600,
        s / 60 % 60,
        s % 60
    )
}

/// TEXT values escape backslashes, semicolons, commas and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 bytes (never inside a UTF-8 character), each piece ending in CRLF.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    let _ = write!(out, "\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Weekday;
    use crate::offer::{Occurrence, Season, Text, WeeklySlot};

    fn offer(schedule: Schedule) -> Offer {
        let mut offer = crate::offer::tests::sample();
        offer.title = Text {
            nb: "Familiesøndag på KODE".into(),
            en: Some("Family Sunday at KODE".into()),
            ..Text::default()
        };
        offer.summary = Text::nb("Tegn, mal; utforsk kunsten sammen.");
        offer.schedule = schedule;
        offer
    }

    /// Golden: what a calendar app imports. A change here changes every downloaded file.
    #[test]
    fn a_weekly_offer_repeats_until_its_season_ends() {
        let mut o = offer(Schedule::Weekly {
            slots: vec![WeeklySlot {
                weekday: Weekday::Sunday,
                start: "12:00".parse().unwrap(),
                end: Some("15:00".parse().unwrap()),
            }],
        });
        o.season = Some(Season {
            from: "2026-08-16".parse().unwrap(),
            to: "2027-06-13".parse().unwrap(),
        });
        let today: Date = "2026-12-02".parse().unwrap();
        let ics = offer_calendar(&o, "en", today, 1_796_212_800);
        let expected = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Bergen kommune//Aktivitetskortet//NB",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:kode-familiesondag-2026-12-06-1200@aktivitetskortet.bergen.kommune.no",
            "DTSTAMP:20261202T120000Z",
            "DTSTART:20261206T110000Z",
            "DTEND:20261206T140000Z",
            "RRULE:FREQ=WEEKLY;UNTIL=20270613T215900Z",
            "SUMMARY:Family Sunday at KODE",
            "LOCATION:KODE 4\\, Rasmus Meyers allé 9\\, 5015 Bergen",
            "DESCRIPTION:Tegn\\, mal\\; utforsk kunsten sammen.",
            "GEO:60.388700;5.325200",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
        .join("\r\n");
        assert_eq!(ics, expected);
    }

    #[test]
    fn dated_offers_list_their_coming_dates_and_long_lines_fold() {
        let date = |s: &str| s.parse::<Date>().unwrap();
        let mut o = offer(Schedule::Dates {
            dates: vec![
                Occurrence {
                    date: date("2026-12-12"),
                    start: "18:00".parse().unwrap(),
                    end: None,
                },
                Occurrence {
                    date: date("2026-11-28"),
                    start: "18:00".parse().unwrap(),
                    end: None,
                },
                Occurrence {
                    date: date("2026-12-05"),
                    start: "18:00".parse().unwrap(),
                    end: None,
                },
            ],
        });
        o.summary = Text::nb("Å".repeat(60));
        let ics = offer_calendar(&o, "uk", date("2026-12-02"), 0);
        assert_eq!(
            ics.matches("BEGIN:VEVENT").count(),
            2,
            "the past date is left out"
        );
        let first = ics.find("DTSTART:20261205T170000Z").unwrap();
        let second = ics.find("DTSTART:20261212T170000Z").unwrap();
        assert!(first < second, "in date order");
        assert!(ics.contains("DURATION:PT1H"));
        // Bokmål when the offer has no Ukrainian title.
        assert!(ics.contains("SUMMARY:Familiesøndag på KODE"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} bytes", line.len());
        }
        assert!(
            ics.contains("\r\n ÅÅ"),
            "a long line continues after CRLF and a space"
        );
    }

    #[test]
    fn a_season_that_has_ended_gives_no_events() {
        let mut o = offer(Schedule::Weekly {
            slots: vec![WeeklySlot {
                weekday: Weekday::Monday,
                start: "17:00".parse().unwrap(),
                end: None,
            }],
        });
        o.season = Some(Season {
            from: "2026-01-05".parse().unwrap(),
            to: "2026-06-15".parse().unwrap(),
        });
        let ics = offer_calendar(&o, "nb", "2026-12-02".parse().unwrap(), 0);
        assert!(!ics.contains("VEVENT"), "{ics}");
    }
}
