//! Offers as CSV, for Kulturetaten's coordinators, who keep their offer lists in spreadsheets.

use std::collections::HashMap;

use crate::api::ErrorDetail;
use crate::calendar::{CalendarError, Date, Time, Weekday};
use crate::district::District;
use crate::offer::{
    Accessibility, Booking, Category, GeoPoint, MAX_AGE, Occurrence, Offer, Schedule, Season, Text,
    WeeklySlot,
};

/// The header names, in the order `write` puts them. `parse` takes them in any order and letter
/// case, so coordinators can rearrange their spreadsheets.
///
/// `booking_how_uk` and `booking_how_ar` are here so that every translation of an offer survives
/// an export and re-import; without them a round trip would silently drop them.
pub const COLUMNS: &[&str] = &[
    "id",
    "title_nb",
    "title_en",
    "title_uk",
    "title_ar",
    "summary_nb",
    "summary_en",
    "summary_uk",
    "summary_ar",
    "description_nb",
    "description_en",
    "description_uk",
    "description_ar",
    "category",
    "organiser",
    "venue",
    "address",
    "district",
    "lat",
    "lon",
    "age_min",
    "age_max",
    "schedule",
    "season_from",
    "season_to",
    "companion_included",
    "booking_required",
    "booking_how_nb",
    "booking_how_en",
    "booking_how_uk",
    "booking_how_ar",
    "booking_url",
    "booking_phone",
    "accessibility",
    "demo",
];

/// The columns an offer cannot do without; the others may be left out of the header, and then
/// mean "none" (or "no" for yes/no columns).
const REQUIRED: &[&str] = &[
    "id",
    "title_nb",
    "summary_nb",
    "description_nb",
    "category",
    "organiser",
    "venue",
    "address",
    "district",
    "age_min",
    "age_max",
    "schedule",
    "companion_included",
];

/// Reads offers from CSV text: a header row naming the columns, then one offer per row.
///
/// Every problem in the file is reported (not just the first), each with its line number and
/// column, so a coordinator can fix the whole spreadsheet in one go. Any problem rejects the
/// whole file: a half-imported list would be harder to sort out than a refused one.
///
/// `image` and `changed_at` are not columns (the server sets them), so they come back as `None`
/// and 0. Excel's habits are accepted: a UTF-8 byte order mark, `;` as the separator (Excel in
/// a Norwegian locale), decimal commas, `DD.MM.YYYY` dates and `9:00` for `09:00`.
pub fn parse(text: &str) -> Result<Vec<Offer>, Vec<ErrorDetail>> {
    let table = Table::read(
        text,
        &format!(
            "the file is empty; its first line must be the header with the column names ({})",
            COLUMNS.join(", ")
        ),
    )?;
    let mut errors = Vec::new();
    let header = Header::read(&table.header, table.header_line, &mut errors)?;

    let mut offers = Vec::new();
    // The line each id was first seen on, to point at both copies of a duplicate.
    let mut ids: HashMap<String, u32> = HashMap::new();
    for (line, record) in table.rows {
        if record.len() != header.len {
            let sep = if table.delimiter == b';' {
                "semicolon"
            } else {
                "comma"
            };
            errors.push(ErrorDetail {
                line: Some(line),
                field: None,
                message: format!(
                    "this row has {} fields but the header has {}; check for a missing or extra \
                     {sep}, or a quote (\") that is not closed",
                    record.len(),
                    header.len
                ),
            });
            continue;
        }
        for &i in &header.unnamed {
            if let Some(value) = record.get(i).map(str::trim).filter(|v| !v.is_empty()) {
                errors.push(ErrorDetail {
                    line: Some(line),
                    field: None,
                    message: format!(
                        "column {} has no name in the header, but this row has {:?} in it; name \
                         the column or clear the cell",
                        i + 1,
                        value
                    ),
                });
            }
        }
        let mut row = Row {
            header: &header,
            record: &record,
            line,
            errors: Vec::new(),
            bad: Vec::new(),
        };
        let offer = row.offer();
        row.check(&offer);
        if !offer.id.is_empty() {
            if let Some(first) = ids.get(&offer.id) {
                row.fail(
                    "id",
                    format!(
                        "the id {:?} is already used on line {first}; every offer needs its own id",
                        offer.id
                    ),
                );
            } else {
                ids.insert(offer.id.clone(), line);
            }
        }
        if row.errors.is_empty() {
            offers.push(offer);
        } else {
            errors.append(&mut row.errors);
        }
    }
    errors.extend(table.read_error);
    if errors.is_empty() {
        Ok(offers)
    } else {
        Err(errors)
    }
}

/// Writes offers as CSV: the full header in `COLUMNS` order, then one row per offer, quoted as
/// RFC 4180 says, with CRLF line ends. `parse` reads it back to the same offers (apart from
/// `image` and `changed_at`, which are not columns, and spaces around text, which `parse` trims).
///
/// There is no byte order mark; a download meant for Excel should put `\u{feff}` first, or
/// Excel reads the UTF-8 as Windows-1252 and garbles æ, ø and å.
pub fn write(offers: &[Offer]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail, every row has as many cells as the header, and all the
    // text is UTF-8, so none of these results can be an error.
    let mut ok = writer.write_record(COLUMNS).is_ok();
    for offer in offers {
        ok &= writer
            .write_record(COLUMNS.iter().map(|column| cell(offer, column)))
            .is_ok();
    }
    match writer.into_inner() {
        Ok(bytes) if ok => String::from_utf8(bytes).unwrap_or_default(),
        _ => String::new(),
    }
}

/// One cell of `offer`'s row.
fn cell(offer: &Offer, column: &str) -> String {
    let opt = |text: &Option<String>| text.clone().unwrap_or_default();
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
    let how = offer.booking.how.as_ref();
    match column {
        "id" => offer.id.clone(),
        "title_nb" => offer.title.nb.clone(),
        "title_en" => opt(&offer.title.en),
        "title_uk" => opt(&offer.title.uk),
        "title_ar" => opt(&offer.title.ar),
        "summary_nb" => offer.summary.nb.clone(),
        "summary_en" => opt(&offer.summary.en),
        "summary_uk" => opt(&offer.summary.uk),
        "summary_ar" => opt(&offer.summary.ar),
        "description_nb" => offer.description.nb.clone(),
        "description_en" => opt(&offer.description.en),
        "description_uk" => opt(&offer.description.uk),
        "description_ar" => opt(&offer.description.ar),
        "category" => offer.category.slug().to_owned(),
        "organiser" => offer.organiser.clone(),
        "venue" => offer.venue.clone(),
        "address" => offer.address.clone(),
        // The proper name, since people read these files; `parse` takes it back.
        "district" => offer.district.name().to_owned(),
        // `Display` of f64 is the shortest text that parses back to the same number.
        "lat" => offer
            .location
            .map(|p| p.lat.to_string())
            .unwrap_or_default(),
        "lon" => offer
            .location
            .map(|p| p.lon.to_string())
            .unwrap_or_default(),
        "age_min" => offer.age_min.to_string(),
        "age_max" => offer.age_max.to_string(),
        "schedule" => schedule_text(&offer.schedule),
        "season_from" => offer.season.map(|s| s.from.to_string()).unwrap_or_default(),
        "season_to" => offer.season.map(|s| s.to.to_string()).unwrap_or_default(),
        "companion_included" => yes_no(offer.companion_included),
        "booking_required" => yes_no(offer.booking.required),
        "booking_how_nb" => how.map(|t| t.nb.clone()).unwrap_or_default(),
        "booking_how_en" => how.and_then(|t| t.en.clone()).unwrap_or_default(),
        "booking_how_uk" => how.and_then(|t| t.uk.clone()).unwrap_or_default(),
        "booking_how_ar" => how.and_then(|t| t.ar.clone()).unwrap_or_default(),
        "booking_url" => opt(&offer.booking.url),
        "booking_phone" => opt(&offer.booking.phone),
        "accessibility" => offer
            .accessibility
            .iter()
            .map(|a| a.slug())
            .collect::<Vec<_>>()
            .join(";"),
        "demo" => yes_no(offer.demo),
        _ => String::new(),
    }
}

fn schedule_text(schedule: &Schedule) -> String {
    let times = |start: Time, end: Option<Time>| match end {
        Some(end) => format!("{start}-{end}"),
        None => start.to_string(),
    };
    let parts: Vec<String> = match schedule {
        Schedule::Weekly { slots } => slots
            .iter()
            .map(|s| format!("{} {}", weekday_name(s.weekday), times(s.start, s.end)))
            .collect(),
        Schedule::Dates { dates } => dates
            .iter()
            .map(|o| format!("{} {}", o.date, times(o.start, o.end)))
            .collect(),
    };
    parts.join("; ")
}

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
pub(crate) struct Table {
    pub(crate) header: csv::StringRecord,
    pub(crate) header_line: u32,
    pub(crate) rows: Vec<(u32, csv::StringRecord)>,
    /// Why reading stopped early (a broken quote, text that is not UTF-8), if it did; it goes
    /// after the rows' own problems, as it comes after those rows in the file.
    pub(crate) read_error: Option<ErrorDetail>,
    pub(crate) delimiter: u8,
}

impl Table {
    /// Reads `text` (a UTF-8 byte order mark, as Excel writes, is skipped). Blank rows are
    /// skipped like empty lines; the first row that is not blank is the header. An empty file
    /// gets `empty` as its message.
    pub(crate) fn read(text: &str, empty: &str) -> Result<Table, Vec<ErrorDetail>> {
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

/// Where each known column is in the file.
struct Header {
    /// For each of `COLUMNS`, its field index in the file, if the header has it.
    index: Vec<Option<usize>>,
    /// The number of fields every row must have.
    len: usize,
    /// Fields whose header cell is empty: spreadsheets often export a few empty columns at the
    /// end, which is harmless as long as nothing is written in them.
    unnamed: Vec<usize>,
}

impl Header {
    /// Reads the header row, adding its problems (line 1) to `errors`. Fails at once when no
    /// column name is known: then the header is most likely missing, and every row would be
    /// noise.
    fn read(
        record: &csv::StringRecord,
        line: u32,
        errors: &mut Vec<ErrorDetail>,
    ) -> Result<Header, Vec<ErrorDetail>> {
        let mut index = vec![None; COLUMNS.len()];
        let mut unnamed = Vec::new();
        let mut unknown = Vec::new();
        for (i, name) in record.iter().enumerate() {
            let name = name.trim();
            let wanted = name.to_lowercase();
            if wanted.is_empty() {
                unnamed.push(i);
                continue;
            }
            match COLUMNS
                .iter()
                .zip(index.iter_mut())
                .find(|(c, _)| **c == wanted)
            {
                Some((column, Some(_))) => errors.push(ErrorDetail {
                    line: Some(line),
                    field: Some((*column).to_owned()),
                    message: format!(
                        "the column {column:?} appears twice in the header; keep only one"
                    ),
                }),
                Some((_, slot)) => *slot = Some(i),
                None => unknown.push((name, wanted)),
            }
        }
        if index.iter().all(Option::is_none) {
            return Err(vec![ErrorDetail {
                line: Some(line),
                field: None,
                message: format!(
                    "the first line must be the header with the column names ({}); none of the \
                     names on it is one of these",
                    COLUMNS.join(", ")
                ),
            }]);
        }
        for (name, wanted) in unknown {
            let nb = format!("{wanted}_nb");
            let hint = if COLUMNS.contains(&nb.as_str()) {
                format!("did you mean {nb}? ")
            } else {
                String::new()
            };
            errors.push(ErrorDetail {
                line: Some(line),
                field: Some(name.to_owned()),
                message: format!(
                    "unknown column {name:?}; {hint}the columns are: {}",
                    COLUMNS.join(", ")
                ),
            });
        }
        for &column in REQUIRED {
            if column_index(&index, column).is_none() {
                errors.push(ErrorDetail {
                    line: Some(line),
                    field: Some(column.to_owned()),
                    message: format!("the header has no {column} column; it is required"),
                });
            }
        }
        Ok(Header {
            index,
            len: record.len(),
            unnamed,
        })
    }
}

fn column_index(index: &[Option<usize>], column: &str) -> Option<usize> {
    COLUMNS
        .iter()
        .position(|c| *c == column)
        .and_then(|c| index.get(c).copied().flatten())
}

/// One data row being read into an offer.
struct Row<'a> {
    header: &'a Header,
    record: &'a csv::StringRecord,
    line: u32,
    errors: Vec<ErrorDetail>,
    /// Columns already known to be wrong (or missing from the header), so `Offer::validate`'s
    /// complaints about the stand-in values put there are not reported on top.
    bad: Vec<&'static str>,
}

impl Row<'_> {
    fn has(&self, column: &str) -> bool {
        column_index(&self.header.index, column).is_some()
    }

    /// The trimmed cell, or `None` when it is empty or the column is not in the file.
    fn get(&self, column: &str) -> Option<&str> {
        column_index(&self.header.index, column)
            .and_then(|i| self.record.get(i))
            .map(str::trim)
            .filter(|cell| !cell.is_empty())
    }

    fn fail(&mut self, column: &'static str, message: String) {
        self.errors.push(ErrorDetail {
            line: Some(self.line),
            field: Some(column.to_owned()),
            message,
        });
        self.bad.push(column);
    }

    /// Text that `Offer::validate` checks itself (empty is reported there).
    fn text(&mut self, column: &'static str) -> String {
        if !self.has(column) {
            self.bad.push(column);
        }
        self.get(column).unwrap_or_default().to_owned()
    }

    fn opt_text(&self, column: &str) -> Option<String> {
        self.get(column).map(str::to_owned)
    }

    fn texts(&mut self, prefix: &'static str) -> Text {
        let nb = match prefix {
            "title" => self.text("title_nb"),
            "summary" => self.text("summary_nb"),
            _ => self.text("description_nb"),
        };
        Text {
            nb,
            en: self.opt_text(&format!("{prefix}_en")),
            uk: self.opt_text(&format!("{prefix}_uk")),
            ar: self.opt_text(&format!("{prefix}_ar")),
        }
    }

    /// A cell that must be filled in; `expected` says what to write when it is empty.
    fn required<T>(
        &mut self,
        column: &'static str,
        expected: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        if !self.has(column) {
            // Already reported once, for the header.
            self.bad.push(column);
            return None;
        }
        match self.get(column).map(parse) {
            Some(Ok(value)) => Some(value),
            Some(Err(message)) => {
                self.fail(column, message);
                None
            }
            None => {
                self.fail(column, format!("this cell is empty; {expected}"));
                None
            }
        }
    }

    /// A cell that may be empty (or its column absent).
    fn optional<T>(
        &mut self,
        column: &'static str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        match self.get(column).map(parse)? {
            Ok(value) => Some(value),
            Err(message) => {
                self.fail(column, message);
                None
            }
        }
    }

    /// Two cells that go together (lat and lon, season_from and season_to): both or neither.
    fn pair<T>(
        &mut self,
        (a, b): (&'static str, &'static str),
        parse: fn(&str) -> Result<T, String>,
    ) -> Option<(T, T)> {
        let first = self.optional(a, parse);
        let second = self.optional(b, parse);
        match (self.get(a).is_some(), self.get(b).is_some()) {
            (true, false) => self.fail(
                b,
                format!("{a} is filled in but {b} is empty; give both, or leave both empty"),
            ),
            (false, true) => self.fail(
                a,
                format!("{b} is filled in but {a} is empty; give both, or leave both empty"),
            ),
            _ => {}
        }
        first.zip(second)
    }

    /// The row as an offer. Where a cell is wrong, a stand-in value takes its place (and the
    /// column is marked bad), so the rest of the row can still be checked.
    fn offer(&mut self) -> Offer {
        let id = self.text("id");
        let title = self.texts("title");
        let summary = self.texts("summary");
        let description = self.texts("description");
        let category = self.required("category", &category_help(), parse_category);
        let organiser = self.text("organiser");
        let venue = self.text("venue");
        let address = self.text("address");
        let district = self.required("district", "write the district's name, e.g. Årstad", |s| {
            s.parse::<District>().map_err(|e| e.to_string())
        });
        let location = self
            .pair(("lat", "lon"), parse_number)
            .map(|(lat, lon)| GeoPoint { lat, lon });
        let age_help = format!("write a whole number from 0 to {MAX_AGE}");
        let age_min = self.required("age_min", &age_help, parse_age);
        let age_max = self.required("age_max", &age_help, parse_age);
        let schedule = self.schedule();
        let season = self
            .pair(("season_from", "season_to"), parse_date)
            .map(|(from, to)| Season { from, to });
        let companion_included = self.required("companion_included", "write yes or no", parse_bool);
        let booking = self.booking();
        let accessibility = self
            .optional("accessibility", parse_accessibility)
            .unwrap_or_default();
        let demo = self.optional("demo", parse_bool).unwrap_or(false);
        Offer {
            id,
            title,
            summary,
            description,
            category: category.unwrap_or(Category::Event),
            organiser,
            venue,
            address,
            district: district.unwrap_or(District::Bergenhus),
            location,
            age_min: age_min.unwrap_or(0),
            age_max: age_max.unwrap_or(MAX_AGE),
            schedule: schedule.unwrap_or(Schedule::Weekly {
                slots: vec![WeeklySlot {
                    weekday: Weekday::Monday,
                    start: Time { hour: 0, minute: 0 },
                    end: None,
                }],
            }),
            season,
            companion_included: companion_included.unwrap_or(false),
            booking,
            accessibility,
            image: None,
            demo,
            changed_at: 0,
        }
    }

    /// The schedule cell; each of its problems is reported on its own.
    fn schedule(&mut self) -> Option<Schedule> {
        let expected = "write weekly times (\"saturday 12:00-14:00; sunday 12:00\") or dates \
                        (\"2026-12-05 12:00-14:00; 2026-12-12 12:00\")";
        let problems = match self.required("schedule", expected, |s| Ok(parse_schedule(s)))? {
            Ok(schedule) => return Some(schedule),
            Err(problems) => problems,
        };
        for problem in problems {
            self.fail("schedule", problem);
        }
        None
    }

    fn booking(&mut self) -> Booking {
        let required = self
            .optional("booking_required", parse_bool)
            .unwrap_or(false);
        let en = self.opt_text("booking_how_en");
        let uk = self.opt_text("booking_how_uk");
        let ar = self.opt_text("booking_how_ar");
        let how = match self.opt_text("booking_how_nb") {
            Some(nb) => Some(Text { nb, en, uk, ar }),
            None => {
                if en.is_some() || uk.is_some() || ar.is_some() {
                    self.fail(
                        "booking_how_nb",
                        "the booking text is given in another language but not in bokmål; \
                         write it in bokmål too"
                            .to_owned(),
                    );
                }
                None
            }
        };
        Booking {
            required,
            how,
            url: self.opt_text("booking_url"),
            phone: self.opt_text("booking_phone"),
        }
    }

    /// Reports the offer's own rules (`Offer::validate`), each under the column to fix.
    fn check(&mut self, offer: &Offer) {
        for error in offer.validate() {
            let Some(column) = validate_column(&error.field, offer) else {
                self.errors.push(ErrorDetail {
                    line: Some(self.line),
                    field: Some(error.field),
                    message: error.message,
                });
                continue;
            };
            if self.bad.contains(&column) {
                continue;
            }
            let message = if error.message == "required" {
                "this cell is empty; it is required".to_owned()
            } else {
                error.message
            };
            self.fail(column, message);
        }
    }
}

/// The column a `FieldError` of `Offer::validate` is about.
fn validate_column(field: &str, offer: &Offer) -> Option<&'static str> {
    let column = match field {
        "title" => text_column("title", &offer.title),
        "summary" => text_column("summary", &offer.summary),
        "description" => text_column("description", &offer.description),
        "location" => {
            let lat_ok = offer
                .location
                .is_none_or(|p| (60.0..=60.7).contains(&p.lat));
            if lat_ok { "lon" } else { "lat" }.to_owned()
        }
        "season" => "season_to".to_owned(),
        "booking.url" => "booking_url".to_owned(),
        "booking" => "booking_how_nb".to_owned(),
        other => other.to_owned(),
    };
    COLUMNS.iter().copied().find(|c| *c == column)
}

/// The language column a text's problem is in: bokmål when it is missing, otherwise the longest
/// text (the only other rule is a length limit).
fn text_column(prefix: &str, text: &Text) -> String {
    if text.nb.trim().is_empty() {
        return format!("{prefix}_nb");
    }
    let len = |t: &Option<String>| t.as_deref().map_or(0, |s| s.chars().count());
    let lang = [
        ("nb", text.nb.chars().count()),
        ("en", len(&text.en)),
        ("uk", len(&text.uk)),
        ("ar", len(&text.ar)),
    ]
    .into_iter()
    .rev()
    .max_by_key(|&(_, n)| n)
    .map_or("nb", |(lang, _)| lang);
    format!("{prefix}_{lang}")
}

/// Lower case, with spaces and hyphens as underscores, so "Culture activity" and
/// "step-free" find their slugs.
fn slug_of(s: &str) -> String {
    s.trim().to_lowercase().replace([' ', '-'], "_")
}

fn category_help() -> String {
    let slugs: Vec<&str> = Category::ALL.iter().map(|c| c.slug()).collect();
    format!("write one of: {}", slugs.join(", "))
}

fn parse_category(s: &str) -> Result<Category, String> {
    Category::from_slug(&slug_of(s))
        .ok_or_else(|| format!("unknown category {s:?}; {}", category_help()))
}

fn parse_accessibility(s: &str) -> Result<Vec<Accessibility>, String> {
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
fn parse_bool(s: &str) -> Result<bool, String> {
    match s.trim().to_lowercase().as_str() {
        "yes" | "y" | "ja" | "j" | "true" | "sann" | "1" => Ok(true),
        "no" | "n" | "nei" | "false" | "usann" | "0" => Ok(false),
        _ => Err(format!(
            "{s:?} is not yes or no; write yes or no (ja/nei, true/false and 1/0 also work)"
        )),
    }
}

fn parse_age(s: &str) -> Result<u8, String> {
    s.parse::<u8>()
        .map_err(|_| format!("{s:?} is not an age; write a whole number from 0 to {MAX_AGE}"))
}

/// A decimal number with `.` or a decimal comma (`60,3887`), as Norwegian spreadsheets write it.
fn parse_number(s: &str) -> Result<f64, String> {
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

/// `YYYY-MM-DD`, or `DD.MM.YYYY`, which Excel in Norwegian writes back when it has taken a cell
/// for a date.
pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
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

/// `HH:MM`, also `H:MM` (Excel drops the leading zero), `HH.MM` (Norwegian style) and a bare
/// hour (`kl. 12-14`).
fn parse_time(s: &str) -> Result<Time, String> {
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
const WEEKDAY_NAMES: &[(&str, Weekday)] = &[
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

fn weekday_name(weekday: Weekday) -> &'static str {
    WEEKDAY_NAMES
        .iter()
        .find(|(_, w)| *w == weekday)
        .map_or("", |(name, _)| name)
}

/// One time of a schedule: a weekday or a date, then a start time and optionally `-` and an end.
enum Entry {
    Weekly(WeeklySlot),
    Dated(Occurrence),
}

fn parse_entry(part: &str) -> Result<Entry, String> {
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
fn parse_schedule(s: &str) -> Result<Schedule, Vec<String>> {
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

#[cfg(test)]
mod tests {
    /// Regression: a file with CRLF line ends (what Excel writes) had every error reported one
    /// line too early (the csv crate's own line count), so a coordinator looked at the wrong row.
    #[test]
    fn errors_point_at_the_right_line_with_crlf_line_ends() {
        let good = crate::offer::tests::sample();
        let mut bad = good.clone();
        bad.id = "bad-ages".into();
        bad.age_min = 15;
        bad.age_max = 10;
        let mut other = good.clone();
        other.id = "other".into();
        let csv = write(&[good, other, bad]);
        assert!(csv.contains("\r\n"));
        let errors = parse(&csv).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].line,
            Some(4),
            "header, two good rows, then the bad one"
        );
        let lf = csv.replace("\r\n", "\n");
        assert_eq!(parse(&lf).unwrap_err()[0].line, Some(4));
    }

    use super::*;

    fn time(s: &str) -> Time {
        s.parse().unwrap()
    }

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// Every column filled in, with text that needs quoting.
    fn kode() -> Offer {
        Offer {
            id: "kode-familiesondag".into(),
            title: Text {
                nb: "Familiesøndag på KODE".into(),
                en: Some("Family Sunday at KODE".into()),
                uk: Some("Сімейна неділя в KODE".into()),
                ar: Some("أحد العائلة في كode".into()),
            },
            summary: Text {
                nb: "Verksted for hele familien, hver søndag.".into(),
                en: Some("A workshop for the whole family, every Sunday.".into()),
                uk: Some("Майстерня для всієї родини".into()),
                ar: Some("ورشة عمل للعائلة".into()),
            },
            description: Text {
                nb: "Tegn og mal sammen med kunstnere.\nTa med \"gamle\" klær; det blir søl!"
                    .into(),
                en: Some("Draw and paint, with artists.\r\nBring old clothes.".into()),
                uk: Some("Малюйте разом з художниками.".into()),
                ar: Some("ارسم مع الفنانين.".into()),
            },
            category: Category::Museum,
            organiser: "KODE".into(),
            venue: "KODE 4".into(),
            address: "Rasmus Meyers allé 9, 5015 Bergen".into(),
            district: District::Bergenhus,
            location: Some(GeoPoint {
                lat: 60.3887,
                lon: 5.3252,
            }),
            age_min: 4,
            age_max: 12,
            schedule: Schedule::Weekly {
                slots: vec![
                    WeeklySlot {
                        weekday: Weekday::Saturday,
                        start: time("12:00"),
                        end: Some(time("14:00")),
                    },
                    WeeklySlot {
                        weekday: Weekday::Sunday,
                        start: time("12:00"),
                        end: None,
                    },
                ],
            },
            season: Some(Season {
                from: date("2026-08-15"),
                to: date("2026-12-20"),
            }),
            companion_included: true,
            booking: Booking {
                required: true,
                how: Some(Text {
                    nb: "Ring eller bestill på nett".into(),
                    en: Some("Call, or book online".into()),
                    uk: Some("Телефонуйте".into()),
                    ar: Some("اتصل".into()),
                }),
                url: Some("https://kodebergen.no/booking?a=1,2".into()),
                phone: Some("+47 53 00 97 04".into()),
            },
            accessibility: vec![Accessibility::StepFree, Accessibility::HearingLoop],
            image: None,
            demo: true,
            changed_at: 0,
        }
    }

    /// Dated, no location, no translations, no booking.
    fn concert() -> Offer {
        Offer {
            id: "grieghallen-julekonsert".into(),
            title: Text::nb("Julekonsert for barn"),
            summary: Text::nb("Harmonien spiller julemusikk."),
            description: Text::nb("En time med julesanger."),
            category: Category::Music,
            organiser: "Bergen Filharmoniske Orkester".into(),
            venue: "Grieghallen".into(),
            address: "Edvard Griegs plass 1".into(),
            district: District::Arstad,
            location: None,
            age_min: 0,
            age_max: 17,
            schedule: Schedule::Dates {
                dates: vec![
                    Occurrence {
                        date: date("2026-12-05"),
                        start: time("12:00"),
                        end: Some(time("13:00")),
                    },
                    Occurrence {
                        date: date("2026-12-12"),
                        start: time("09:30"),
                        end: None,
                    },
                ],
            },
            season: None,
            companion_included: false,
            booking: Booking::default(),
            accessibility: vec![],
            image: None,
            demo: false,
            changed_at: 0,
        }
    }

    /// Weekly without end times, booking by phone only.
    fn swimming() -> Offer {
        Offer {
            id: "aasane-svommekurs".into(),
            title: Text::nb("Svømmekurs"),
            summary: Text::nb("Lær å svømme."),
            description: Text::nb("Ti ganger."),
            category: Category::Swimming,
            organiser: "Åsane svømmeklubb".into(),
            venue: "Åsane svømmehall".into(),
            address: "Åsane senter".into(),
            district: District::Asane,
            location: None,
            age_min: 6,
            age_max: 9,
            schedule: Schedule::Weekly {
                slots: vec![WeeklySlot {
                    weekday: Weekday::Wednesday,
                    start: time("17:00"),
                    end: None,
                }],
            },
            season: None,
            companion_included: false,
            booking: Booking {
                required: true,
                how: None,
                url: None,
                phone: Some("55 55 55 55".into()),
            },
            accessibility: vec![Accessibility::SensoryFriendly],
            image: None,
            demo: false,
            changed_at: 0,
        }
    }

    /// The required columns, and a row of good values for them.
    const BASE: &[(&str, &str)] = &[
        ("id", "kode"),
        ("title_nb", "Tittel"),
        ("summary_nb", "Kort"),
        ("description_nb", "Lang"),
        ("category", "museum"),
        ("organiser", "KODE"),
        ("venue", "KODE 4"),
        ("address", "Rasmus Meyers allé 9"),
        ("district", "Bergenhus"),
        ("age_min", "4"),
        ("age_max", "12"),
        ("schedule", "sunday 12:00-15:00"),
        ("companion_included", "yes"),
    ];

    fn header() -> String {
        BASE.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(",")
    }

    /// A good row with some cells replaced (values must not need quoting).
    fn row(changes: &[(&str, &str)]) -> String {
        BASE.iter()
            .map(|&(column, value)| {
                changes
                    .iter()
                    .find(|(c, _)| *c == column)
                    .map_or(value, |(_, v)| v)
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The (line, column) of each error, for compact assertions.
    fn places(errors: &[ErrorDetail]) -> Vec<(Option<u32>, Option<&str>)> {
        errors
            .iter()
            .map(|e| (e.line, e.field.as_deref()))
            .collect()
    }

    #[test]
    fn written_offers_parse_back_equal() {
        let offers = vec![kode(), concert(), swimming()];
        for offer in &offers {
            assert_eq!(offer.validate(), vec![], "{}", offer.id);
        }
        let text = write(&offers);
        assert!(
            text.starts_with(&format!("{}\r\n", COLUMNS.join(","))),
            "{text}"
        );
        assert_eq!(parse(&text), Ok(offers));
        assert_eq!(parse(&write(&[])), Ok(vec![]));
    }

    #[test]
    fn every_column_is_written() {
        let text = write(&[kode()]);
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let record = reader.records().next().unwrap().unwrap();
        assert_eq!(record.len(), COLUMNS.len());
        for (column, value) in COLUMNS.iter().zip(record.iter()) {
            assert!(!value.is_empty(), "{column} is empty");
        }
        assert_eq!(&record[22], "saturday 12:00-14:00; sunday 12:00");
        assert_eq!(&record[33], "step_free;hearing_loop");
        let dated = write(&[concert()]);
        assert!(
            dated.contains(",2026-12-05 12:00-13:00; 2026-12-12 09:30,"),
            "{dated}"
        );
    }

    #[test]
    fn accepts_what_norwegian_excel_writes() {
        let text = "\u{feff}ID;Title_NB;Summary_nb;description_nb;Category;organiser;venue;\
                    address;district;lat;lon;age_min;age_max;schedule;season_from;season_to;\
                    companion_included;Booking_Required;accessibility\r\n\
                    kode;Familiesøndag;Kort, og godt;Lang;Museum;KODE;KODE 4;Allé 9;Årstad;\
                    \"60,3887\";\"5,3252\";4;12;\"lørdag 9:00-14:00; Søndag 12.00\";15.08.2026;\
                    2026-12-20;ja;nei;\"Step free, hearing-loop\"\r\n";
        let offers = parse(text).unwrap();
        assert_eq!(offers.len(), 1);
        let offer = &offers[0];
        assert_eq!(offer.summary.nb, "Kort, og godt");
        assert_eq!(offer.district, District::Arstad);
        assert_eq!(
            offer.location,
            Some(GeoPoint {
                lat: 60.3887,
                lon: 5.3252
            })
        );
        assert_eq!(
            offer.schedule,
            Schedule::Weekly {
                slots: vec![
                    WeeklySlot {
                        weekday: Weekday::Saturday,
                        start: time("09:00"),
                        end: Some(time("14:00")),
                    },
                    WeeklySlot {
                        weekday: Weekday::Sunday,
                        start: time("12:00"),
                        end: None,
                    },
                ],
            }
        );
        assert_eq!(offer.season.map(|s| s.from), Some(date("2026-08-15")));
        assert!(offer.companion_included);
        assert!(!offer.booking.required);
        assert_eq!(
            offer.accessibility,
            vec![Accessibility::StepFree, Accessibility::HearingLoop]
        );
        assert_eq!((offer.image.clone(), offer.changed_at), (None, 0));
    }

    #[test]
    fn every_norwegian_weekday_is_understood() {
        let days = "mandag 10:00; tirsdag 10:00; onsdag 10:00; torsdag 10:00; fredag 10:00; \
                    lørdag 10:00; søndag 10:00";
        let Ok(Schedule::Weekly { slots }) = parse_schedule(days) else {
            panic!("{:?}", parse_schedule(days));
        };
        let weekdays: Vec<Weekday> = slots.iter().map(|s| s.weekday).collect();
        assert_eq!(weekdays, Weekday::ALL);
    }

    #[test]
    fn bad_rows_are_each_reported_with_line_and_column() {
        let text = [
            header(),
            row(&[("id", "a")]),
            row(&[("id", "b"), ("category", "museeum")]),
            row(&[("id", "c"), ("age_max", "19")]),
            row(&[("id", "d"), ("schedule", "2026-02-30 12:00")]),
            row(&[("id", "e")]),
        ]
        .join("\n");
        let errors = parse(&text).unwrap_err();
        assert_eq!(
            places(&errors),
            [
                (Some(3), Some("category")),
                (Some(4), Some("age_max")),
                (Some(5), Some("schedule")),
            ],
            "{errors:#?}"
        );
        assert!(errors[0].message.contains("\"museeum\""), "{errors:#?}");
        assert!(
            errors[0].message.contains("culture_activity"),
            "{errors:#?}"
        );
        assert!(errors[1].message.contains("0–17"), "{errors:#?}");
        assert!(
            errors[2]
                .message
                .contains("\"2026-02-30\" is not a date; write it as YYYY-MM-DD"),
            "{errors:#?}"
        );
    }

    #[test]
    fn all_problems_of_one_row_are_reported() {
        let text = [
            header(),
            row(&[
                ("title_nb", ""),
                ("category", "cinema"),
                ("age_min", "ten"),
                ("schedule", "saturday 12:00; 2026-12-05 12:00"),
                ("companion_included", "maybe"),
                ("district", "Sandviken"),
            ]),
        ]
        .join("\n");
        let errors = parse(&text).unwrap_err();
        assert_eq!(
            places(&errors),
            [
                (Some(2), Some("category")),
                (Some(2), Some("district")),
                (Some(2), Some("age_min")),
                (Some(2), Some("schedule")),
                (Some(2), Some("companion_included")),
                (Some(2), Some("title_nb")),
            ],
            "{errors:#?}"
        );
        assert!(errors[3].message.contains("mixes weekdays and dates"));
    }

    #[test]
    fn validate_rules_are_reported_under_their_columns() {
        let text = [
            format!(
                "{},lat,lon,season_from,season_to,booking_required,title_en",
                header()
            ),
            format!(
                "{},59.9,10.7,2026-12-01,2026-11-01,yes,{}",
                row(&[("venue", "")]),
                "x".repeat(121)
            ),
        ]
        .join("\n");
        let errors = parse(&text).unwrap_err();
        assert_eq!(
            places(&errors),
            [
                (Some(2), Some("title_en")),
                (Some(2), Some("venue")),
                (Some(2), Some("lat")),
                (Some(2), Some("season_to")),
                (Some(2), Some("booking_how_nb")),
            ],
            "{errors:#?}"
        );
        assert_eq!(errors[1].message, "this cell is empty; it is required");
    }

    #[test]
    fn duplicate_ids_point_at_the_first_one() {
        let text = [header(), row(&[]), row(&[("title_nb", "Annen")]), row(&[])].join("\n");
        let errors = parse(&text).unwrap_err();
        assert_eq!(
            places(&errors),
            [(Some(3), Some("id")), (Some(4), Some("id"))]
        );
        assert!(errors[0].message.contains("already used on line 2"));
    }

    #[test]
    fn header_problems_are_on_line_one() {
        let unknown = format!("{},colour,Title\n{},red,x\n", header(), row(&[]));
        let errors = parse(&unknown).unwrap_err();
        assert_eq!(
            places(&errors),
            [(Some(1), Some("colour")), (Some(1), Some("Title"))]
        );
        assert!(errors[1].message.contains("did you mean title_nb?"));

        // A missing required column is reported once, not again on every row.
        let missing = format!(
            "{}\n{}\n{}\n",
            header().replace(",district", ""),
            row(&[]).replace(",Bergenhus", ""),
            row(&[("id", "b")]).replace(",Bergenhus", "")
        );
        let errors = parse(&missing).unwrap_err();
        assert_eq!(
            places(&errors),
            [(Some(1), Some("district"))],
            "{errors:#?}"
        );
        assert!(errors[0].message.contains("no district column"));

        let no_header = format!("{}\n{}\n", row(&[]), row(&[("id", "b")]));
        let errors = parse(&no_header).unwrap_err();
        assert_eq!(places(&errors), [(Some(1), None)]);
    }

    #[test]
    fn unnamed_columns_must_stay_empty_and_names_must_not_repeat() {
        // Spreadsheets often export empty columns at the end; they are fine while empty.
        let trailing = format!(
            "{},,\n{},,\n{},,x\n",
            header(),
            row(&[]),
            row(&[("id", "b")])
        );
        let errors = parse(&trailing).unwrap_err();
        assert_eq!(places(&errors), [(Some(3), None)], "{errors:#?}");
        assert!(errors[0].message.contains("column 15 has no name"));
        assert_eq!(parse(&trailing.replace(",x", ",")).map(|o| o.len()), Ok(2));

        let twice = format!("{},Venue\n{},x\n", header(), row(&[]));
        let errors = parse(&twice).unwrap_err();
        assert_eq!(places(&errors), [(Some(1), Some("venue"))]);
    }

    #[test]
    fn a_row_with_the_wrong_number_of_fields_is_reported() {
        let text = format!(
            "{}\n{}\n{},extra\n",
            header(),
            row(&[]).replace(",KODE 4", ""),
            row(&[("id", "b")])
        );
        let errors = parse(&text).unwrap_err();
        assert_eq!(places(&errors), [(Some(2), None), (Some(3), None)]);
        assert!(
            errors[0]
                .message
                .contains("has 12 fields but the header has 13")
        );
    }

    #[test]
    fn quoted_commas_and_line_breaks_keep_line_numbers_right() {
        let text = [
            header(),
            row(&[("description_nb", "\"Tegn, mal\nog lek.\n\"\"Gøy\"\"\"")]),
            String::new(),
            row(&[("id", "b")]),
            ",,,,,,,,,,,,".to_owned(),
            row(&[("id", "c"), ("age_max", "18")]),
        ]
        .join("\n");
        let errors = parse(&text).unwrap_err();
        // The header is line 1, the quoted description spans lines 2–4, then an empty line 5.
        assert_eq!(places(&errors), [(Some(8), Some("age_max"))], "{errors:#?}");

        let good = text.replace(",18,", ",17,");
        let offers = parse(&good).unwrap();
        assert_eq!(offers.len(), 3);
        assert_eq!(offers[0].description.nb, "Tegn, mal\nog lek.\n\"Gøy\"");
    }

    #[test]
    fn an_empty_file_is_an_error_but_a_header_alone_is_not() {
        for empty in ["", "\u{feff}", "\n\n"] {
            let errors = parse(empty).unwrap_err();
            assert_eq!(places(&errors), [(Some(1), None)], "{empty:?}");
            assert!(errors[0].message.contains("header"));
        }
        assert_eq!(parse(&header()), Ok(vec![]));
        assert_eq!(parse(&format!("{}\r\n\r\n", header())), Ok(vec![]));
    }

    #[test]
    fn schedule_parts_are_checked_one_by_one() {
        let problems = parse_schedule("friday 18:00-25:00; fredag; someday 10:00").unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(
            problems[0].contains("\"25:00\" is not a time"),
            "{problems:#?}"
        );
        assert!(problems[1].contains("no time is given"), "{problems:#?}");
        assert!(
            problems[2].contains("neither a weekday nor a date"),
            "{problems:#?}"
        );
        assert!(parse_schedule(" ; ").is_err());
        assert_eq!(
            parse_schedule("2026-12-05 12:00 – 14:00;"),
            Ok(Schedule::Dates {
                dates: vec![Occurrence {
                    date: date("2026-12-05"),
                    start: time("12:00"),
                    end: Some(time("14:00")),
                }],
            })
        );
    }

    #[test]
    fn values_in_forms_people_type() {
        assert_eq!(parse_time("9"), Ok(time("09:00")));
        assert_eq!(parse_time("9.30"), Ok(time("09:30")));
        assert!(parse_time("930").is_err());
        assert_eq!(
            parse_schedule("Lørdag kl. 12-14"),
            Ok(Schedule::Weekly {
                slots: vec![WeeklySlot {
                    weekday: Weekday::Saturday,
                    start: time("12:00"),
                    end: Some(time("14:00")),
                }],
            })
        );
        assert_eq!(parse_bool("JA"), Ok(true));
        assert_eq!(parse_bool("USANN"), Ok(false));
        assert!(parse_bool("kanskje").is_err());
        assert_eq!(parse_number("5,3252"), Ok(5.3252));
        assert!(parse_number("NaN").is_err());
        assert!(parse_number("60.3.8").is_err());
        assert_eq!(parse_date("5.12.2026"), Ok(date("2026-12-05")));
        assert!(parse_date("31.11.2026").is_err());
        assert!(parse_date("5.12.26").is_err());
        assert_eq!(
            parse_category("Culture activity"),
            Ok(Category::CultureActivity)
        );
    }
}
