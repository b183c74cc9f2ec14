//! Offers as CSV, for Kulturetaten's coordinators, who keep their offer lists in spreadsheets.

use std::collections::HashMap;

use crate::api::ErrorDetail;
use crate::calendar::{CalendarError, Time, Weekday};
use crate::csv_table::{Table, parse_date};
use crate::district::District;
use crate::offer::{
    Accessibility, Booking, Category, GeoPoint, MAX_AGE, Occurrence, Offer, Schedule, Season, Text,
    WeeklySlot,
};
use crate::visit_rule::VisitRule;

mod cells;
#[cfg(test)]
mod tests;

use cells::*;

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
    "visit_rule",
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
        "visit_rule" => offer
            .visit_rule
            .map(|rule| rule.to_string())
            .unwrap_or_default(),
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
        let visit_rule = self.optional("visit_rule", |s| {
            s.parse::<VisitRule>().map_err(|e| e.to_string())
        });
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
            visit_rule,
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
