//! Usage statistics for the municipality, with every group of fewer than five children hidden.
//!
//! Bergen kommune reads these figures to tailor the offer. They describe children, so one rule
//! comes before usefulness: **no figure may show, or let a reader work out, a group of fewer than
//! [`MIN_CELL`] (5) visits or children.** Hidden figures are [`Cell::Suppressed`], written `"<5"`
//! in JSON and CSV.
//!
//! # Periods
//!
//! Reports exist only for closed calendar quarters and years ([`Period`], [`report_for`]). Free
//! date ranges could be subtracted from one another (1–30 November minus 1–29 November is 30
//! November), and a period still open to late uploads could be read before and after one. A
//! quarter is reported with the rules below; a year is built from its four quarters' published
//! cells (`year.rs`), so that the five reports of a year, in any combination, show nothing the
//! quarters do not. A property test there puts them together as one system of equations and
//! finds no hidden cell it can pin down. Distinct children are counted within a year only: each
//! year has its own pseudonyms, so no period spans two years.
//!
//! # What is counted
//!
//! The visits dated `from..=to` (both days included). Each table (month, category, district, age
//! band) splits those same visits, so a table's visit cells add up to the total. "Holders" are
//! distinct cards, counted once per cell however often the child came; a child who visited two
//! categories counts in both, so holder cells need not add up to the total holders. A visit that
//! breaks [`Visit`]'s promises (an impossible date, an age above 17) is left out of every figure:
//! counted in the total but in no age band, the difference would reveal it.
//!
//! Visit limits (`visit_rule.rs`) add one table and one figure. The limit table splits the
//! visits into those within a limit (or at an offer without one), those staff let in over a
//! limit, and those found over a limit when they were uploaded; it is hidden like every table.
//! Refusals at a limit are not visits: they are one row of their own (refusals, and distinct
//! children refused), hidden when either is 1–4 or the period is tiny, and in a year unless
//! every quarter shows its own.
//!
//! # Suppression rules
//!
//! 1. **Primary.** A row whose visits *or* holders are 1–4 is hidden: both its cells become
//!    `"<5"`. Holders count as well as visits because the group to protect is children: "12 visits
//!    by 2 children" says as much about those two as "2 visits" would. (Visits ≥ holders, so 1–4
//!    visits always hide the row.) A count of 0 is shown: it describes no child, and hiding zeros
//!    would only hide that something went unused.
//! 2. **Complementary.** With one hidden cell in a column, the total minus the shown cells is that
//!    cell. So until a table's hidden rows protect each other, its next smallest non-zero row
//!    (fewest visits, then fewest holders, then first in the table) is hidden too. The hidden rows
//!    protect each other when, in the visits column and in the holders column, a reader who knows
//!    the total, every shown cell, that a hidden cell is at least 1 (zeros are shown) and at most
//!    `max(4, smallest shown non-zero cell)` (complementary rows are picked smallest first) finds
//!    that *every hidden cell could still be anything from 1 to 5*. That is: at least two hidden
//!    rows, `hidden sum − (hidden rows − 1) ≥ 5`, and `hidden sum − 1 ≤ (hidden rows − 1) × max(4,
//!    smallest shown)`. Holder cells do not partition the total holders (see above), so "total −
//!    shown" only bounds their hidden sum from below; the rule checks them as if the sum were
//!    known exactly, which errs on the safe side, and hides whole rows so that a shown holder count
//!    can never bound a hidden visit count (or the other way round). If the rows run out first,
//!    the table is withheld: every cell, zeros included, is `"<5"`.
//! 3. **Tiny totals.** If the period has 1–4 visits or 1–4 children, the totals and every cell of
//!    every table are `"<5"`, there are no top offers and no companion share: there is nothing to
//!    break down. A period without any visits shows zeros.
//! 4. **Top offers.** Up to ten offers by visits (ties by title, then id), each with at least 5
//!    visits and 5 children. A reader knows each offer's category and district, and may know from
//!    its schedule and age range which months and age bands it ran in. So an offer is listed only
//!    if it has no visits in a hidden row (it would bound that row from below), and if after
//!    listing it, in every shown row and in the total, the offers not listed keep 0 or at least 5
//!    visits and children: otherwise a row minus the listed offers known to lie in it shows a
//!    small group. Where they keep 0, each listed offer's own part of the row must be 0 or at least
//!    5 as well, because a reader who knows which offers ran in, say, December could then work out
//!    an offer's few December visits. The list is thus "the largest offers that can be shown
//!    safely": it may skip a big offer or hold fewer than ten.
//! 5. **Companion share.** Given only when at least 5 visits by at least 5 children came with a
//!    companion, and likewise without: the share times the total would otherwise give a small
//!    count.
//!
//! `"<5"` therefore means "hidden", not always "fewer than five": a complementary cell is usually
//! larger. Readers should be told so.
//!
//! # Limits
//!
//! Rule 2 guards against working with totals and bounds, which is what a reader with a
//! spreadsheet or a linear program can do. Someone who re-runs this exact algorithm on every
//! table that could have produced a report may rule out more values. And a row's visits minus its
//! holders bounds how many children in it came more than once.

mod csv;
mod period;
#[cfg(test)]
mod tests;
mod top;
mod year;

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::calendar::Date;
use crate::district::District;
use crate::offer::{Category, MAX_AGE};

#[cfg(test)]
use crate::csv_table::csv_field;
pub use csv::to_csv;
pub use period::{Period, PeriodError, closes_after};
pub use year::report_for;

use top::top_offers;

/// One recorded check-in, as the server reads it from its database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    /// An opaque number per card. Never shown: only counted distinct.
    pub holder: u64,
    pub offer_id: String,
    /// The offer's bokmål title, for the top-offers table.
    pub offer_title: String,
    pub category: Category,
    /// The offer's district.
    pub district: District,
    /// The holder's age that year (0–17).
    pub age: u8,
    pub date: Date,
    pub companion: bool,
    /// Whether the visit was within a visit limit (or had none), let in over one by staff, or
    /// found over one when the venue uploaded it.
    pub limit: LimitOutcome,
}

/// How a visit stood to the visit limits (`visit_rule.rs`): the rows of the "at a limit" table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LimitOutcome {
    /// Within its limit, or at an offer without one.
    Within,
    /// The card had reached the limit; staff let the holder in anyway, and said so.
    Override,
    /// Over the limit, found only when the visits reached the server (checked in on devices
    /// that were offline, or before the limit list reached them).
    OverFound,
}

/// A refusal at a visit limit: the card had reached it and staff did not let the holder in.
/// Not a visit: it is counted in the report's `refused_at_limit` alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// An opaque number per card, as [`Visit::holder`].
    pub holder: u64,
    pub date: Date,
}

/// The smallest group a figure may show.
pub const MIN_CELL: u64 = 5;

/// How a hidden figure is written, in JSON and CSV.
const SUPPRESSED: &str = "<5";

/// How many offers the top-offers table lists at most.
const TOP_OFFERS: usize = 10;

/// One figure: a count, or hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cell {
    Count(u64),
    /// Hidden by the rules in the module doc: a small group, or a figure that would reveal one.
    Suppressed,
}

impl Cell {
    /// The count, when it is shown.
    pub fn count(self) -> Option<u64> {
        match self {
            Cell::Count(n) => Some(n),
            Cell::Suppressed => None,
        }
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Count(n) => write!(f, "{n}"),
            Cell::Suppressed => f.write_str(SUPPRESSED),
        }
    }
}

/// A number, or the string `"<5"`: a spreadsheet or chart reads the numbers as they are, and the
/// string says what a hidden cell is without a side table.
impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Count(n) => s.serialize_u64(*n),
            Cell::Suppressed => s.serialize_str(SUPPRESSED),
        }
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Cell, D::Error> {
        struct CellVisitor;

        impl Visitor<'_> for CellVisitor {
            type Value = Cell;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a count or the string {SUPPRESSED:?}")
            }

            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Cell, E> {
                Ok(Cell::Count(n))
            }

            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Cell, E> {
                u64::try_from(n)
                    .map(Cell::Count)
                    .map_err(|_| E::invalid_value(Unexpected::Signed(n), &self))
            }

            fn visit_str<E: de::Error>(self, s: &str) -> Result<Cell, E> {
                if s == SUPPRESSED {
                    Ok(Cell::Suppressed)
                } else {
                    Err(E::invalid_value(Unexpected::Str(s), &self))
                }
            }
        }

        d.deserialize_any(CellVisitor)
    }
}

/// The OpenAPI schema of the wire form above: a non-negative integer, or the string `"<5"`.
#[cfg(feature = "openapi")]
mod schema {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type};

    impl utoipa::PartialSchema for super::Cell {
        fn schema() -> RefOr<Schema> {
            OneOfBuilder::new()
                .item(
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .format(Some(SchemaFormat::KnownFormat(
                            utoipa::openapi::KnownFormat::Int64,
                        )))
                        .minimum(Some(0))
                        .description(Some("The count."))
                        .examples([12]),
                )
                .item(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some([super::SUPPRESSED]))
                        .description(Some(
                            "Hidden: a group of fewer than five, or a figure that would reveal one.",
                        )),
                )
                .description(Some(
                    "One figure: a count, or `\"<5\"` when it is hidden (which does not always mean fewer than five).",
                ))
                .into()
        }
    }

    impl utoipa::ToSchema for super::Cell {}
}

/// One row of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Row {
    /// Stable and ASCII where it can be (a month, a slug, an age band, an offer id), for programs.
    pub key: String,
    /// For people.
    pub label: String,
    pub visits: Cell,
    /// Distinct cards.
    pub holders: Cell,
}

/// The statistics of one period, ready to publish: every small group is already hidden.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub from: Date,
    pub to: Date,
    /// All visits in the period.
    pub visits: Cell,
    /// Distinct cards in the period.
    pub holders: Cell,
    /// The share of visits with a companion, rounded; `None` when either side is a small group.
    #[cfg_attr(feature = "openapi", schema(required = true, maximum = 100))]
    pub with_companion_percent: Option<u8>,
    /// Every month of the period (key and label `"2026-11"`), months without visits included.
    pub by_month: Vec<Row>,
    /// Every category, keyed by slug.
    pub by_category: Vec<Row>,
    /// Every district, keyed by slug, labelled by name.
    pub by_district: Vec<Row>,
    /// The age bands `0-5`, `6-9`, `10-12`, `13-15`, `16-17`.
    pub by_age_band: Vec<Row>,
    /// Up to ten offers by visits, keyed by id, labelled by title; see rule 4 in the module doc.
    pub top_offers: Vec<Row>,
    /// The visits by how they stood to the visit limits: `within`, `override` (let in over a
    /// limit by staff), `over_found` (found over a limit when uploaded). Hidden as any table.
    pub by_limit: Vec<Row>,
    /// Refusals at a visit limit (not visits): how many, and how many children; hidden as any
    /// small group.
    pub refused_at_limit: Row,
}

/// The age bands: youngest, oldest, key. They cover 0 to [`MAX_AGE`] without gaps, so the age
/// table partitions the total. The cuts follow school stages: preschool, the first school years,
/// middle school, lower secondary, upper secondary.
const AGE_BANDS: [(u8, u8, &str); 5] = [
    (0, 5, "0-5"),
    (6, 9, "6-9"),
    (10, 12, "10-12"),
    (13, 15, "13-15"),
    (16, 17, "16-17"),
];

/// The breakdowns, as indexes into per-table arrays. `TOTAL` is the period as a one-row table, so
/// the top-offers check treats "the total minus the listed offers" like any other row.
const MONTH: usize = 0;
const CATEGORY: usize = 1;
const DISTRICT: usize = 2;
const AGE_BAND: usize = 3;
const LIMIT: usize = 4;
const TOTAL: usize = 5;
const TABLES: usize = 6;

/// The rows of the limit table, in [`LimitOutcome`]'s order.
const LIMIT_ROWS: [(LimitOutcome, &str, &str); 3] = [
    (LimitOutcome::Within, "within", "Innenfor grensene"),
    (
        LimitOutcome::Override,
        "override",
        "Sluppet inn over grensen",
    ),
    (
        LimitOutcome::OverFound,
        "over_found",
        "Over grensen, funnet ved opplasting",
    ),
];

/// The categories' bokmål names, for the municipality's readers.
fn category_label(category: Category) -> &'static str {
    match category {
        Category::Museum => "Museum og galleri",
        Category::Music => "Musikk",
        Category::Stage => "Teater, dans og film",
        Category::Sport => "Idrett",
        Category::Swimming => "Svømming",
        Category::Outdoor => "Friluftsliv",
        Category::CultureActivity => "Kulturaktivitet",
        Category::Event => "Arrangement",
    }
}

/// Months counted from year 0, so a range of months is a range of integers.
fn month_number(date: Date) -> i64 {
    i64::from(date.year) * 12 + i64::from(date.month) - 1
}

/// Each table's rows as (key, label), and where a visit falls in them.
struct Layout {
    rows: [Vec<(String, String)>; TABLES],
    first_month: i64,
}

impl Layout {
    fn new(from: Date, to: Date) -> Layout {
        let first_month = month_number(from);
        let months = if to < from {
            Vec::new()
        } else {
            (first_month..=month_number(to))
                .map(|m| {
                    let key = format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1);
                    (key.clone(), key)
                })
                .collect()
        };
        let own = |key: &str, label: &str| (key.to_owned(), label.to_owned());
        Layout {
            rows: [
                months,
                Category::ALL
                    .iter()
                    .map(|c| own(c.slug(), category_label(*c)))
                    .collect(),
                District::ALL
                    .iter()
                    .map(|d| own(d.slug(), d.name()))
                    .collect(),
                AGE_BANDS.iter().map(|(_, _, key)| own(key, key)).collect(),
                LIMIT_ROWS
                    .iter()
                    .map(|(_, key, label)| own(key, label))
                    .collect(),
                vec![own("total", "Totalt")],
            ],
            first_month,
        }
    }

    /// The visit's row in each table, or `None` when it fits no row of some table (an impossible
    /// date, an age above 17): such a visit must count nowhere, or the tables would stop adding up
    /// to the total and the difference would show it.
    fn place(&self, visit: &Visit) -> Option<[usize; TABLES]> {
        let d = visit.date;
        Date::new(d.year, d.month, d.day)?;
        let month = usize::try_from(month_number(d) - self.first_month)
            .ok()
            .filter(|&m| m < self.rows[MONTH].len())?;
        let category = Category::ALL.iter().position(|c| *c == visit.category)?;
        let district = District::ALL.iter().position(|c| *c == visit.district)?;
        let age_band = AGE_BANDS
            .iter()
            .position(|(lo, hi, _)| (*lo..=*hi).contains(&visit.age) && visit.age <= MAX_AGE)?;
        let limit = LIMIT_ROWS.iter().position(|(o, _, _)| *o == visit.limit)?;
        Some([month, category, district, age_band, limit, 0])
    }
}

/// A cell's visits and distinct holders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Counts {
    visits: u64,
    holders: u64,
}

/// The visits in one cell, with each holder's number of visits (the top-offers check needs to
/// know whose visits are left when an offer's are taken out).
#[derive(Debug, Clone, Default)]
struct Tally {
    visits: u64,
    holders: BTreeMap<u64, u64>,
}

impl Tally {
    fn add(&mut self, holder: u64) {
        self.visits += 1;
        *self.holders.entry(holder).or_insert(0) += 1;
    }

    fn counts(&self) -> Counts {
        Counts {
            visits: self.visits,
            holders: self.holders.len() as u64,
        }
    }

    /// What would be left after taking out `part` (visits that are part of this tally).
    fn without(&self, part: &Tally) -> Counts {
        let gone = part
            .holders
            .iter()
            .filter(|&(h, n)| self.holders.get(h).is_none_or(|left| left <= n))
            .count();
        Counts {
            visits: self.visits.saturating_sub(part.visits),
            holders: (self.holders.len().saturating_sub(gone)) as u64,
        }
    }

    fn remove(&mut self, part: &Tally) {
        self.visits = self.visits.saturating_sub(part.visits);
        for (h, n) in &part.holders {
            if let Some(left) = self.holders.get_mut(h) {
                *left = left.saturating_sub(*n);
                if *left == 0 {
                    self.holders.remove(h);
                }
            }
        }
    }
}

/// A group of 1–4 visits or 1–4 children: never shown (rule 1).
fn is_small(c: Counts) -> bool {
    (1..MIN_CELL).contains(&c.visits) || (1..MIN_CELL).contains(&c.holders)
}

/// Which rows of a table to hide (rules 1 and 2). All of them, zeros included, when the table
/// cannot be protected otherwise.
fn protect(rows: &[Counts]) -> Vec<bool> {
    let mut hidden: Vec<bool> = rows.iter().map(|c| is_small(*c)).collect();
    if !hidden.contains(&true) {
        return hidden;
    }
    loop {
        if column_protected(rows.iter().map(|c| c.visits), &hidden)
            && column_protected(rows.iter().map(|c| c.holders), &hidden)
        {
            return hidden;
        }
        let next = rows
            .iter()
            .zip(&hidden)
            .enumerate()
            .filter(|(_, (c, hid))| !**hid && c.visits > 0)
            .min_by_key(|(i, (c, _))| (c.visits, c.holders, *i))
            .map(|(i, _)| i);
        match next.and_then(|i| hidden.get_mut(i)) {
            Some(h) => *h = true,
            None => return vec![true; rows.len()],
        }
    }
}

/// Whether a reader who knows the column's total, its shown cells and the bounds in rule 2 can
/// still take every hidden cell to be anything from 1 to [`MIN_CELL`].
fn column_protected(values: impl Iterator<Item = u64>, hidden: &[bool]) -> bool {
    let (mut count, mut sum, mut smallest_shown) = (0u64, 0u64, None::<u64>);
    for (value, &hid) in values.zip(hidden) {
        if hid {
            count += 1;
            sum = sum.saturating_add(value);
        } else if value > 0 {
            smallest_shown = Some(smallest_shown.map_or(value, |s| s.min(value)));
        }
    }
    if count == 0 {
        return true;
    }
    let others = count - 1;
    // The most a hidden cell can be, as far as the reader knows: a primary cell is below
    // MIN_CELL, a complementary one no larger than any shown cell.
    let cap = smallest_shown.map_or(u64::MAX, |s| s.max(MIN_CELL - 1));
    // Could be MIN_CELL: the others at their least (1 each) leave it that much.
    let could_be_large = sum.saturating_sub(others) >= MIN_CELL;
    // Could be 1: the others at their most take up the rest.
    let could_be_one = sum.saturating_sub(1) <= others.saturating_mul(cap);
    others >= 1 && could_be_large && could_be_one
}

/// The visits of a period counted into every row of every table, before anything is hidden.
struct Tallied<'a> {
    layout: Layout,
    counted: Vec<(&'a Visit, [usize; TABLES])>,
    tallies: [Vec<Tally>; TABLES],
    with: Tally,
    without: Tally,
    refused: Tally,
}

impl<'a> Tallied<'a> {
    fn new(visits: &'a [Visit], refusals: &[Refusal], from: Date, to: Date) -> Tallied<'a> {
        let layout = Layout::new(from, to);
        let counted: Vec<(&Visit, [usize; TABLES])> = visits
            .iter()
            .filter(|v| from <= v.date && v.date <= to)
            .filter_map(|v| Some((v, layout.place(v)?)))
            .collect();
        let mut tallies: [Vec<Tally>; TABLES] = layout
            .rows
            .each_ref()
            .map(|rows| vec![Tally::default(); rows.len()]);
        let (mut with, mut without) = (Tally::default(), Tally::default());
        for (visit, at) in &counted {
            for (table, &row) in tallies.iter_mut().zip(at) {
                if let Some(t) = table.get_mut(row) {
                    t.add(visit.holder);
                }
            }
            if visit.companion {
                with.add(visit.holder);
            } else {
                without.add(visit.holder);
            }
        }
        let mut refused = Tally::default();
        for refusal in refusals.iter().filter(|r| from <= r.date && r.date <= to) {
            refused.add(refusal.holder);
        }
        Tallied {
            layout,
            counted,
            tallies,
            with,
            without,
            refused,
        }
    }

    fn total(&self) -> Counts {
        self.tallies[TOTAL]
            .first()
            .map(Tally::counts)
            .unwrap_or_default()
    }

    /// Rules 1–3 on each table: which rows to hide.
    fn hidden(&self) -> [Vec<bool>; TABLES] {
        let tiny = is_small(self.total());
        self.tallies.each_ref().map(|table| {
            if tiny {
                vec![true; table.len()]
            } else {
                protect(&table.iter().map(Tally::counts).collect::<Vec<_>>())
            }
        })
    }

    /// Whether the refusals at a limit are hidden on their own: a small group, or a period with
    /// nothing to break down (rule 3).
    fn refused_hidden(&self) -> bool {
        is_small(self.total()) || is_small(self.refused.counts())
    }

    /// The report with `hidden` rows (the total is `hidden[TOTAL][0]`), the companion share if
    /// `companion` allows it, the refusals unless `refused_hidden`, and the top offers among
    /// those `may_list` allows.
    fn publish(
        &self,
        from: Date,
        to: Date,
        hidden: &[Vec<bool>; TABLES],
        (companion, refused_hidden): (bool, bool),
        may_list: impl Fn(&str) -> bool,
    ) -> Report {
        let table = |t: usize| -> Vec<Row> {
            self.layout.rows[t]
                .iter()
                .zip(&self.tallies[t])
                .zip(&hidden[t])
                .map(|(((key, label), tally), &hid)| row(key, label, tally.counts(), hid))
                .collect()
        };
        let total_hidden = hidden[TOTAL].first().is_none_or(|h| *h);
        let total = self.total();
        let shown = |n: u64| {
            if total_hidden {
                Cell::Suppressed
            } else {
                Cell::Count(n)
            }
        };
        Report {
            from,
            to,
            visits: shown(total.visits),
            holders: shown(total.holders),
            with_companion_percent: companion
                .then(|| companion_percent(self.with.counts(), self.without.counts()))
                .flatten(),
            by_month: table(MONTH),
            by_category: table(CATEGORY),
            by_district: table(DISTRICT),
            by_age_band: table(AGE_BAND),
            by_limit: table(LIMIT),
            refused_at_limit: row(
                "refused_at_limit",
                "Avvist ved grensen",
                self.refused.counts(),
                refused_hidden,
            ),
            top_offers: if is_small(total) {
                Vec::new()
            } else {
                top_offers(&self.counted, &self.tallies, hidden, may_list)
            },
        }
    }
}

/// The statistics of the visits dated `from..=to`, with every small group hidden by the rules in
/// the module doc. Visits outside the period are ignored, so the caller may pass more. This is
/// one report on its own; reports for several periods must come from [`report_for`], which keeps
/// them from being differenced.
#[cfg(test)]
fn report(visits: &[Visit], from: Date, to: Date) -> Report {
    let tallied = Tallied::new(visits, &[], from, to);
    let refused = tallied.refused_hidden();
    tallied.publish(from, to, &tallied.hidden(), (true, refused), |_| true)
}

fn row(key: &str, label: &str, counts: Counts, hidden: bool) -> Row {
    let cell = |n: u64| {
        if hidden {
            Cell::Suppressed
        } else {
            Cell::Count(n)
        }
    };
    Row {
        key: key.to_owned(),
        label: label.to_owned(),
        visits: cell(counts.visits),
        holders: cell(counts.holders),
    }
}

/// Rule 5: the share of visits with a companion, rounded half up, when neither side is small.
fn companion_percent(with: Counts, without: Counts) -> Option<u8> {
    let big = |c: Counts| c.visits >= MIN_CELL && c.holders >= MIN_CELL;
    if !(big(with) && big(without)) {
        return None;
    }
    let all = u128::from(with.visits) + u128::from(without.visits);
    u8::try_from((u128::from(with.visits) * 200 + all) / (2 * all)).ok()
}
