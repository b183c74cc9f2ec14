//! The CSV reader both importers share (offers, `offer_csv`; cards, `cards_csv`): what Excel and
//! other spreadsheets write (a byte order mark, `;` in Norwegian locales, CRLF line ends, blank
//! rows, `DD.MM.YYYY` dates), read into a header and rows that know the line they came from; and
//! the one field writer the reports share (statistics, settlements).

use crate::api::ErrorDetail;
use crate::calendar::{CalendarError, Date};

/// `;` when the header line has semicolons and no comma: what Excel writes in locales (like
/// Norwegian) where the comma is the decimal separator.
fn delimiter(text: &str) -> u8 {
    let first_line = text
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or_default();
    if !first_line.contains(',') && first_line.contains(';') {
        b';'
    } else {
        b','
    }
}

/// A CSV text as the importers read it: the header, then the rows with something in them, each
/// with the line it starts on.
pub struct Table {
    pub header: csv::StringRecord,
    pub header_line: u32,
    pub rows: Vec<(u32, csv::StringRecord)>,
    /// Why reading stopped early (a broken quote, text that is not UTF-8), if it did; it goes
    /// after the rows' own problems, as it comes after those rows in the file.
    pub read_error: Option<ErrorDetail>,
    pub delimiter: u8,
}

impl Table {
    /// Reads `text` (a UTF-8 byte order mark, as Excel writes, is skipped). Blank rows are
    /// skipped like empty lines; the first row that is not blank is the header. An empty file
    /// gets `empty` as its message.
    pub fn read(text: &str, empty: &str) -> Result<Table, Vec<ErrorDetail>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines = Lines::new(text);
        let delimiter = delimiter(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            // Rows with the wrong number of fields are for the importer to report, with a
            // helpful message, instead of ending the read.
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut records = reader.records().filter(|r| !r.as_ref().is_ok_and(is_blank));
        let header = match records.next() {
            None => {
                return Err(vec![ErrorDetail {
                    line: Some(1),
                    field: None,
                    message: empty.to_owned(),
                }]);
            }
            Some(Err(e)) => return Err(vec![lines.error(&e)]),
            Some(Ok(record)) => record,
        };
        let mut rows = Vec::new();
        let mut read_error = None;
        for result in records {
            match result {
                Ok(record) => rows.push((lines.of(&record), record)),
                Err(e) => {
                    read_error = Some(lines.error(&e));
                    break;
                }
            }
        }
        Ok(Table {
            header_line: lines.of(&header),
            header,
            rows,
            read_error,
            delimiter,
        })
    }
}

/// A row with nothing in it (`,,,,` from a spreadsheet's empty row) is skipped like an empty line.
fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|field| field.trim().is_empty())
}

/// Physical line numbers (1-based) of records in a text. The csv crate's own line count is one
/// short after a CRLF line end (Excel writes CRLF), and after one its record positions point at
/// the `\n` still before the record; so lines are counted here from the record's first byte,
/// past any line end; quoted line breaks and empty lines count.
struct Lines<'a> {
    text: &'a [u8],
    /// The byte offset of each `\n`.
    breaks: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text: text.as_bytes(),
            breaks: text.match_indices('\n').map(|(i, _)| i).collect(),
        }
    }

    fn at(&self, byte: u64) -> u32 {
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX);
        while self
            .text
            .get(start)
            .is_some_and(|b| *b == b'\n' || *b == b'\r')
        {
            start += 1;
        }
        let before = self.breaks.partition_point(|&b| b < start);
        u32::try_from(before + 1).unwrap_or(u32::MAX)
    }

    /// The line a record starts on.
    fn of(&self, record: &csv::StringRecord) -> u32 {
        record.position().map_or(0, |p| self.at(p.byte()))
    }

    fn error(&self, e: &csv::Error) -> ErrorDetail {
        ErrorDetail {
            line: e.position().map(|p| self.at(p.byte())),
            field: None,
            message: format!("the file could not be read as CSV: {e}"),
        }
    }
}

/// `YYYY-MM-DD`, or `DD.MM.YYYY`, which Excel in Norwegian writes back when it has taken a cell
/// for a date.
pub fn parse_date(s: &str) -> Result<Date, String> {
    let norwegian = || {
        let mut parts = s.split('.');
        let mut num = || {
            parts
                .next()
                .filter(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse::<u16>().ok())
        };
        let (day, month, year) = (num()?, num()?, num()?);
        if parts.next().is_some() || year < 1000 {
            return None;
        }
        Date::new(
            i32::from(year),
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    };
    s.parse::<Date>()
        .ok()
        .or_else(norwegian)
        .ok_or_else(|| CalendarError::BadDate(s.to_owned()).to_string())
}

/// One CSV field: formula-guarded, then quoted if it holds a comma, quote or line break.
pub fn csv_field(field: &str) -> String {
    let guarded = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}
