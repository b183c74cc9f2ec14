//! Cards to issue, as Kulturetaten's coordinator lists them in a spreadsheet: a header row, then
//! one child per row (given name, birth year, validity, and optionally the companion rule and the
//! letter's language). And the rules a card request must follow, shared by that import, the
//! admin screens and the server, so all three say the same thing about the same mistake.

use crate::api::{ErrorDetail, IssueCardRequest};
use crate::calendar::Date;
use crate::csv_table::{Table, parse_date};
use crate::token::{CompanionRule, check_given_name};

/// The longest a card may last, in days: half a year (the scheme's period) and a little slack for
/// its ends, so a mistyped year cannot make a card valid for a decade.
pub const MAX_CARD_DAYS: i64 = 190;

/// The letters' languages.
pub const LANGUAGES: [&str; 4] = ["nb", "en", "uk", "ar"];

/// The columns; `companion` and `language` may be left out (one companion at public events; the
/// letter in bokmål).
pub const COLUMNS: [&str; 6] = [
    "given_name",
    "birth_year",
    "valid_from",
    "valid_until",
    "companion",
    "language",
];

/// Every rule `request` breaks on `today`, each naming its field. Nothing here is about why the
/// child has a card: there is no such field.
pub fn check_request(request: &IssueCardRequest, today: Date) -> Vec<ErrorDetail> {
    let mut details = Vec::new();
    let mut field = |name: &str, message: String| {
        details.push(ErrorDetail {
            line: None,
            field: Some(name.into()),
            message,
        })
    };
    if let Err(e) = check_given_name(&request.given_name) {
        field("given_name", e.to_string());
    }
    let age = i64::from(today.year) - i64::from(request.birth_year);
    if !(0..=18).contains(&age) {
        field(
            "birth_year",
            "the card is for children and youths aged 0–17".into(),
        );
    }
    if request.valid_until < request.valid_from {
        field("valid_until", "the card ends before it starts".into());
    } else if request.valid_until.days_since_epoch() - request.valid_from.days_since_epoch()
        > MAX_CARD_DAYS
    {
        field("valid_until", "a card lasts at most half a year".into());
    }
    if request.valid_until < today {
        field("valid_until", "the card would already have ended".into());
    }
    if let Some(lang) = &request.language
        && !LANGUAGES.contains(&lang.as_str())
    {
        field("language", "one of nb, en, uk, ar".into());
    }
    details
}

/// The companion rule as a spreadsheet may write it.
fn parse_companion(s: &str) -> Result<CompanionRule, String> {
    match s.trim().to_lowercase().replace([' ', '-'], "_").as_str() {
        "" | "one_at_public_events" | "offentlige" | "public_events" => {
            Ok(CompanionRule::OneAtPublicEvents)
        }
        "none" | "ingen" | "nei" | "no" => Ok(CompanionRule::None),
        "one_everywhere" | "alle" | "everywhere" => Ok(CompanionRule::OneEverywhere),
        _ => Err(format!(
            "{s:?} is not a companion rule; write none, one_at_public_events or one_everywhere"
        )),
    }
}

/// Reads card requests from CSV text. Every problem is reported with its line (1-based,
/// counting the header) and column; any problem refuses the whole file, so a batch is issued
/// whole or not at all. `today` is for the rules that depend on it (an ended card, the age).
pub fn parse(text: &str, today: Date) -> Result<Vec<IssueCardRequest>, Vec<ErrorDetail>> {
    let table = Table::read(
        text,
        &format!(
            "the file is empty; its first line must name the columns ({})",
            COLUMNS.join(", ")
        ),
    )?;
    let names: Vec<String> = table
        .header
        .iter()
        .map(|h| h.trim().to_lowercase().replace([' ', '-'], "_"))
        .collect();
    let at = |column: &str| names.iter().position(|n| n == column);
    let mut errors = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if !name.is_empty() && !COLUMNS.contains(&name.as_str()) {
            errors.push(ErrorDetail {
                line: Some(1),
                field: Some(name.clone()),
                message: format!(
                    "column {} is {name:?}, which is not a column; the columns are {}",
                    i + 1,
                    COLUMNS.join(", ")
                ),
            });
        }
    }
    for required in &COLUMNS[..4] {
        if at(required).is_none() {
            errors.push(ErrorDetail {
                line: Some(1),
                field: Some((*required).into()),
                message: format!("the header has no {required} column"),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut requests = Vec::new();
    for (line, record) in table.rows {
        let cell = |column: &str| {
            at(column)
                .and_then(|i| record.get(i))
                .map(str::trim)
                .unwrap_or("")
        };
        let mut row_errors = Vec::new();
        let mut fail = |field: &str, message: String| {
            row_errors.push(ErrorDetail {
                line: Some(line),
                field: Some(field.into()),
                message,
            })
        };
        let birth_year = cell("birth_year").parse::<u16>().unwrap_or_else(|_| {
            fail(
                "birth_year",
                format!("{:?} is not a year; write it as 2015", cell("birth_year")),
            );
            0
        });
        let mut date = |column: &str| {
            parse_date(cell(column)).unwrap_or_else(|message| {
                fail(column, message);
                today
            })
        };
        let (valid_from, valid_until) = (date("valid_from"), date("valid_until"));
        let companion = parse_companion(cell("companion")).unwrap_or_else(|message| {
            fail("companion", message);
            CompanionRule::OneAtPublicEvents
        });
        let language = Some(cell("language").to_lowercase()).filter(|l| !l.is_empty());
        let request = IssueCardRequest {
            given_name: cell("given_name").to_owned(),
            birth_year,
            valid_from,
            valid_until,
            companion,
            language,
        };
        // The field rules only where the cells could be read, so one mistake gives one message.
        // (A period rule needs both dates read.)
        let unread: Vec<String> = row_errors.iter().filter_map(|e| e.field.clone()).collect();
        let depends_on_unread = |f: &String| {
            unread.contains(f) || (f == "valid_until" && unread.iter().any(|u| u == "valid_from"))
        };
        for mut detail in check_request(&request, today) {
            if detail.field.as_ref().is_some_and(|f| !depends_on_unread(f)) {
                detail.line = Some(line);
                row_errors.push(detail);
            }
        }
        if row_errors.is_empty() {
            requests.push(request);
        } else {
            errors.append(&mut row_errors);
        }
    }
    errors.extend(table.read_error);
    if requests.is_empty() && errors.is_empty() {
        errors.push(ErrorDetail {
            line: Some(2),
            field: None,
            message: "the file has a header but no cards".into(),
        });
    }
    if errors.is_empty() {
        Ok(requests)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        "2026-12-02".parse().unwrap()
    }

    #[test]
    fn a_coordinators_sheet_is_read_whole() {
        let csv = "given_name;birth_year;valid_from;valid_until;companion;language\n\
                   Amina;2015;01.12.2026;31.05.2027;;ar\n\
                   \n\
                   Taras;2019;2026-12-01;2027-05-31;ingen;uk\n";
        let cards = parse(csv, today()).unwrap();
        assert_eq!(cards.len(), 2);
        assert_eq!(cards[0].given_name, "Amina");
        assert_eq!(cards[0].valid_from.to_string(), "2026-12-01");
        assert_eq!(cards[0].companion, CompanionRule::OneAtPublicEvents);
        assert_eq!(cards[0].language.as_deref(), Some("ar"));
        assert_eq!(cards[1].companion, CompanionRule::None);
        // Without the optional columns.
        let cards = parse(
            "Given name,Birth year,Valid from,Valid until\nJonas,2011,2026-12-01,2027-05-31\n",
            today(),
        )
        .unwrap();
        assert_eq!(cards[0].language, None);
    }

    #[test]
    fn every_mistake_is_reported_with_its_line_and_column() {
        // CRLF, as Excel writes it: lines must still count right.
        let csv = "given_name,birth_year,valid_from,valid_until\r\n\
                   Amina,2015,2026-12-01,2027-05-31\r\n\
                   ,2015,2026-12-01,2027-05-31\r\n\
                   Ola,1990,2026-12-01,2027-05-31\r\n\
                   Kari,2014,2026-12-01,2028-05-31\r\n\
                   Per,20x4,1.13.2026,2027-05-31\r\n";
        let errors = parse(csv, today()).unwrap_err();
        let at: Vec<(u32, &str)> = errors
            .iter()
            .map(|e| (e.line.unwrap(), e.field.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            at,
            [
                (3, "given_name"),
                (4, "birth_year"),
                (5, "valid_until"),
                (6, "birth_year"),
                (6, "valid_from"),
            ],
            "{errors:#?}"
        );
        assert!(
            errors[2].message.contains("half a year"),
            "{}",
            errors[2].message
        );
    }

    #[test]
    fn a_bad_header_or_an_empty_file_says_so() {
        let errors = parse("name,birth_year\nAmina,2015\n", today()).unwrap_err();
        assert!(
            errors.iter().any(|e| e.message.contains("\"name\"")),
            "{errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.field.as_deref() == Some("valid_from"))
        );
        assert_eq!(parse("", today()).unwrap_err()[0].line, Some(1));
        let errors = parse("given_name,birth_year,valid_from,valid_until\n", today()).unwrap_err();
        assert!(errors[0].message.contains("no cards"));
        let errors = parse(
            "given_name,birth_year,valid_from,valid_until,companion\nA,2015,2026-12-01,2027-01-01,sometimes\n",
            today(),
        )
        .unwrap_err();
        assert_eq!(errors[0].field.as_deref(), Some("companion"));
        // A note on why the child has the card is not a name (issue 16).
        let errors = parse(
            "given_name,birth_year,valid_from,valid_until\nAmina (NAV),2015,2026-12-01,2027-01-01\n",
            today(),
        )
        .unwrap_err();
        assert_eq!(
            (errors[0].line, errors[0].field.as_deref()),
            (Some(2), Some("given_name"))
        );
        assert!(
            errors[0].message.contains("\u{201c}(\u{201d}"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn the_request_rules() {
        let ok = IssueCardRequest {
            given_name: "Amina".into(),
            birth_year: 2015,
            valid_from: today(),
            valid_until: today().add_days(150),
            companion: CompanionRule::OneAtPublicEvents,
            language: Some("nb".into()),
        };
        assert!(check_request(&ok, today()).is_empty());
        let ended = IssueCardRequest {
            valid_from: today().add_days(-30),
            valid_until: today().add_days(-1),
            language: Some("fr".into()),
            ..ok
        };
        let fields: Vec<_> = check_request(&ended, today())
            .into_iter()
            .filter_map(|d| d.field)
            .collect();
        assert_eq!(fields, ["valid_until", "language"]);
    }
}
