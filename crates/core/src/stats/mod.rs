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

mod period;
mod year;

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::calendar::Date;
use crate::district::District;
use crate::offer::{Category, MAX_AGE};

pub use period::{Period, PeriodError};
pub use year::report_for;

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
const TOTAL: usize = 4;
const TABLES: usize = 5;

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
        Some([month, category, district, age_band, 0])
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
}

impl<'a> Tallied<'a> {
    fn new(visits: &'a [Visit], from: Date, to: Date) -> Tallied<'a> {
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
        Tallied {
            layout,
            counted,
            tallies,
            with,
            without,
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

    /// The report with `hidden` rows (the total is `hidden[TOTAL][0]`), the companion share if
    /// `companion` allows it, and the top offers among those `may_list` allows.
    fn publish(
        &self,
        from: Date,
        to: Date,
        hidden: &[Vec<bool>; TABLES],
        companion: bool,
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
    let tallied = Tallied::new(visits, from, to);
    tallied.publish(from, to, &tallied.hidden(), true, |_| true)
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

/// One offer's visits in every row of every table, keyed by (table, row).
struct OfferTally<'a> {
    id: &'a str,
    /// The title of its latest visit, so a renamed offer shows its current name.
    title: &'a str,
    latest: Date,
    cells: BTreeMap<(usize, usize), Tally>,
}

impl OfferTally<'_> {
    fn total(&self) -> Counts {
        self.cells
            .get(&(TOTAL, 0))
            .map(Tally::counts)
            .unwrap_or_default()
    }
}

/// Rule 4, among the offers `may_list` allows.
fn top_offers(
    counted: &[(&Visit, [usize; TABLES])],
    tallies: &[Vec<Tally>; TABLES],
    hidden: &[Vec<bool>; TABLES],
    may_list: impl Fn(&str) -> bool,
) -> Vec<Row> {
    let mut offers: BTreeMap<&str, OfferTally> = BTreeMap::new();
    for (visit, at) in counted {
        let offer = offers
            .entry(visit.offer_id.as_str())
            .or_insert_with(|| OfferTally {
                id: &visit.offer_id,
                title: &visit.offer_title,
                latest: visit.date,
                cells: BTreeMap::new(),
            });
        if (visit.date, visit.offer_title.as_str()) > (offer.latest, offer.title) {
            offer.latest = visit.date;
            offer.title = &visit.offer_title;
        }
        for (table, &row) in at.iter().enumerate() {
            offer
                .cells
                .entry((table, row))
                .or_default()
                .add(visit.holder);
        }
    }

    // Candidates: at least MIN_CELL visits and children, and nothing in a hidden row.
    let is_hidden = |(table, row): (usize, usize)| {
        hidden
            .get(table)
            .and_then(|h| h.get(row))
            .is_none_or(|h| *h)
    };
    let mut candidates: Vec<OfferTally> = offers
        .into_values()
        .filter(|o| {
            let total = o.total();
            total.visits >= MIN_CELL
                && total.holders >= MIN_CELL
                && o.cells.keys().all(|&at| !is_hidden(at))
                && may_list(o.id)
        })
        .collect();
    candidates.sort_by(|a, b| {
        b.total()
            .visits
            .cmp(&a.total().visits)
            .then_with(|| a.title.cmp(b.title))
            .then_with(|| a.id.cmp(b.id))
    });

    // What the offers not (yet) listed add up to, per row. A shown row starts as 0 or at least
    // MIN_CELL, and each offer is checked against the rows it touches before it is taken out, so
    // every row stays safe.
    let mut unlisted = tallies.clone();
    let mut listed: Vec<OfferTally> = Vec::new();
    for offer in candidates {
        if listed.len() == TOP_OFFERS {
            break;
        }
        if !can_list(&offer, &listed, &unlisted) {
            continue;
        }
        for (&(table, row), cell) in &offer.cells {
            if let Some(rest) = unlisted.get_mut(table).and_then(|t| t.get_mut(row)) {
                rest.remove(cell);
            }
        }
        listed.push(offer);
    }
    listed
        .iter()
        .map(|o| row(o.id, o.title, o.total(), false))
        .collect()
}

/// Whether listing `offer` after `listed` keeps every row it touches safe (rule 4): the unlisted
/// offers keep 0 or at least [`MIN_CELL`] there, and where they keep 0, no listed offer's part of
/// the row is small.
fn can_list(offer: &OfferTally, listed: &[OfferTally], unlisted: &[Vec<Tally>; TABLES]) -> bool {
    offer.cells.iter().all(|(at, part)| {
        let Some(rest) = unlisted.get(at.0).and_then(|t| t.get(at.1)) else {
            return false;
        };
        let left = rest.without(part);
        if is_small(left) {
            return false;
        }
        left.visits > 0
            || listed
                .iter()
                .filter_map(|o| o.cells.get(at))
                .chain(std::iter::once(part))
                .all(|p| !is_small(p.counts()))
    })
}

/// The report as one CSV table: `table,key,label,visits,holders`, the totals first, hidden cells
/// as `<5`. Lines end in CRLF and fields are quoted as RFC 4180 says; a field that a spreadsheet
/// would run as a formula gets a leading `'` (offer titles come from many hands).
pub fn to_csv(report: &Report) -> String {
    let total = Row {
        key: "total".into(),
        label: "Totalt".into(),
        visits: report.visits,
        holders: report.holders,
    };
    let tables: [(&str, &[Row]); 6] = [
        ("total", std::slice::from_ref(&total)),
        ("month", &report.by_month),
        ("category", &report.by_category),
        ("district", &report.by_district),
        ("age_band", &report.by_age_band),
        ("top_offer", &report.top_offers),
    ];
    let mut out = String::from("table,key,label,visits,holders\r\n");
    for (table, rows) in tables {
        for row in rows {
            let fields = [
                table.to_owned(),
                row.key.clone(),
                row.label.clone(),
                row.visits.to_string(),
                row.holders.to_string(),
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// One CSV field: formula-guarded, then quoted if it holds a comma, quote or line break.
fn csv_field(field: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use Category::{Event, Museum, Music, Sport, Stage, Swimming};
    use Cell::{Count, Suppressed};
    use District::{Arna, Arstad, Asane, Bergenhus, Fana};

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// A visit to KODE in Bergenhus by an 8-year-old; tests change what they need.
    fn visit(holder: u64, on: &str) -> Visit {
        Visit {
            holder,
            offer_id: "kode".into(),
            offer_title: "KODE".into(),
            category: Museum,
            district: Bergenhus,
            age: 8,
            date: date(on),
            companion: false,
        }
    }

    fn nov(visits: &[Visit]) -> Report {
        report(visits, date("2026-11-01"), date("2026-11-30"))
    }

    fn cells(rows: &[Row]) -> Vec<(&str, Cell, Cell)> {
        rows.iter()
            .map(|r| (r.key.as_str(), r.visits, r.holders))
            .collect()
    }

    fn find<'a>(rows: &'a [Row], key: &str) -> &'a Row {
        rows.iter().find(|r| r.key == key).unwrap()
    }

    #[test]
    fn cell_json_is_a_number_or_the_less_than_five_string() {
        assert_eq!(SUPPRESSED, format!("<{MIN_CELL}"));
        for (cell, json) in [
            (Count(0), "0"),
            (Count(7), "7"),
            (Count(u64::MAX), "18446744073709551615"),
            (Suppressed, r#""<5""#),
        ] {
            assert_eq!(serde_json::to_string(&cell).unwrap(), json);
            assert_eq!(serde_json::from_str::<Cell>(json).unwrap(), cell);
        }
        for bad in [r#""<6""#, r#""7""#, "-1", "1.5", "null", r#""""#] {
            assert!(serde_json::from_str::<Cell>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_without_small_cells_are_exact() {
        let mut visits = Vec::new();
        // Six children once each at KODE in November, with a companion.
        for h in 1..=6 {
            visits.push(Visit {
                companion: true,
                ..visit(h, "2026-11-10")
            });
        }
        // Seven teenagers twice each at a Fana sports club in December.
        for h in 11..=17 {
            for day in ["2026-12-01", "2026-12-08"] {
                visits.push(Visit {
                    offer_id: "fana-il".into(),
                    offer_title: "Fana IL".into(),
                    category: Sport,
                    district: Fana,
                    age: 14,
                    ..visit(h, day)
                });
            }
        }
        let r = report(&visits, date("2026-11-01"), date("2026-12-31"));
        assert_eq!((r.visits, r.holders), (Count(20), Count(13)));
        assert_eq!(r.with_companion_percent, Some(30));
        assert_eq!(
            cells(&r.by_month),
            [
                ("2026-11", Count(6), Count(6)),
                ("2026-12", Count(14), Count(7))
            ]
        );
        for (key, visits, holders) in cells(&r.by_category) {
            let want = match key {
                "museum" => (Count(6), Count(6)),
                "sport" => (Count(14), Count(7)),
                _ => (Count(0), Count(0)),
            };
            assert_eq!((visits, holders), want, "{key}");
        }
        assert_eq!(find(&r.by_district, "fana").visits, Count(14));
        assert_eq!(find(&r.by_district, "fana").label, "Fana");
        assert_eq!(find(&r.by_district, "arstad").label, "Årstad");
        assert_eq!(find(&r.by_age_band, "6-9").visits, Count(6));
        assert_eq!(find(&r.by_age_band, "13-15").holders, Count(7));
        assert_eq!(
            cells(&r.top_offers),
            [
                ("fana-il", Count(14), Count(7)),
                ("kode", Count(6), Count(6))
            ]
        );
        assert_eq!(r.top_offers[0].label, "Fana IL");
    }

    #[test]
    fn tables_list_every_category_district_and_age_band_in_order() {
        let r = nov(&[]);
        let keys = |rows: &[Row]| rows.iter().map(|r| r.key.clone()).collect::<Vec<_>>();
        assert_eq!(
            keys(&r.by_category),
            Category::ALL.map(|c| c.slug().to_owned())
        );
        assert_eq!(
            keys(&r.by_district),
            District::ALL.map(|d| d.slug().to_owned())
        );
        assert_eq!(
            r.by_district
                .iter()
                .map(|r| r.label.as_str())
                .collect::<Vec<_>>(),
            District::ALL.map(District::name)
        );
        assert_eq!(
            keys(&r.by_age_band),
            ["0-5", "6-9", "10-12", "13-15", "16-17"]
        );
    }

    #[test]
    fn each_age_falls_in_one_band() {
        for (age, band) in [
            (0, "0-5"),
            (5, "0-5"),
            (6, "6-9"),
            (9, "6-9"),
            (10, "10-12"),
            (12, "10-12"),
            (13, "13-15"),
            (15, "13-15"),
            (16, "16-17"),
            (17, "16-17"),
        ] {
            let visits: Vec<Visit> = (1..=5)
                .map(|h| Visit {
                    age,
                    ..visit(h, "2026-11-02")
                })
                .collect();
            let r = nov(&visits);
            for row in &r.by_age_band {
                let want = if row.key == band { 5 } else { 0 };
                assert_eq!(row.visits, Count(want), "age {age}, band {}", row.key);
            }
        }
        // Above 17 the card does not apply: such a visit counts nowhere, not even in the total.
        let mut visits: Vec<Visit> = (1..=5).map(|h| visit(h, "2026-11-02")).collect();
        visits.push(Visit {
            age: 18,
            ..visit(9, "2026-11-02")
        });
        assert_eq!(nov(&visits).visits, Count(5));
    }

    #[test]
    fn distinct_holders_are_counted_once() {
        // Five children; child 1 comes eight times, to two categories.
        let mut visits: Vec<Visit> = (1..=5).map(|h| visit(h, "2026-11-02")).collect();
        for day in 3..=9 {
            visits.push(visit(1, &format!("2026-11-{day:02}")));
        }
        visits.push(Visit {
            category: Music,
            ..visit(1, "2026-11-20")
        });
        let r = nov(&visits);
        assert_eq!((r.visits, r.holders), (Count(13), Count(5)));
        assert_eq!(find(&r.by_month, "2026-11").holders, Count(5));
        // Museum has 12 visits by 5 children; music's one visit is hidden, and so is museum, its
        // only complement.
        assert_eq!(find(&r.by_category, "music").visits, Suppressed);
        assert_eq!(find(&r.by_category, "museum").visits, Suppressed);
    }

    #[test]
    fn visits_outside_the_range_are_ignored() {
        let mut visits: Vec<Visit> = (1..=5).map(|h| visit(h, "2026-11-01")).collect();
        visits.extend((6..=10).map(|h| visit(h, "2026-11-30")));
        visits.extend((11..=20).map(|h| visit(h, "2026-10-31")));
        visits.extend((21..=30).map(|h| visit(h, "2026-12-01")));
        visits.extend((31..=40).map(|h| visit(h, "2025-11-15")));
        let r = nov(&visits);
        assert_eq!((r.visits, r.holders), (Count(10), Count(10)));
        assert_eq!(cells(&r.by_month), [("2026-11", Count(10), Count(10))]);
    }

    #[test]
    fn every_month_in_the_range_is_listed_including_empty_ones() {
        let visits: Vec<Visit> = (1..=5).map(|h| visit(h, "2026-11-20")).collect();
        let r = report(&visits, date("2026-11-15"), date("2027-02-03"));
        assert_eq!(
            cells(&r.by_month),
            [
                ("2026-11", Count(5), Count(5)),
                ("2026-12", Count(0), Count(0)),
                ("2027-01", Count(0), Count(0)),
                ("2027-02", Count(0), Count(0)),
            ]
        );
        assert!(r.by_month.iter().all(|r| r.key == r.label));
        let one_day = report(&visits, date("2026-11-20"), date("2026-11-20"));
        assert_eq!(one_day.by_month.len(), 1);
        assert_eq!(one_day.visits, Count(5));
        // A period that ends before it starts has no months and no visits.
        let backwards = report(&visits, date("2026-11-30"), date("2026-11-01"));
        assert!(backwards.by_month.is_empty());
        assert_eq!(backwards.visits, Count(0));
    }

    #[test]
    fn a_period_without_visits_shows_zeros() {
        let r = nov(&[]);
        assert_eq!((r.visits, r.holders), (Count(0), Count(0)));
        assert_eq!(r.with_companion_percent, None);
        assert!(r.top_offers.is_empty());
        for row in r
            .by_month
            .iter()
            .chain(&r.by_category)
            .chain(&r.by_district)
            .chain(&r.by_age_band)
        {
            assert_eq!(
                (row.visits, row.holders),
                (Count(0), Count(0)),
                "{}",
                row.key
            );
        }
    }

    #[test]
    fn tiny_periods_are_not_broken_down() {
        let four: Vec<Visit> = (1..=4).map(|h| visit(h, "2026-11-02")).collect();
        // Twelve visits, but by two children.
        let two_children: Vec<Visit> = (0..12).map(|i| visit(i % 2, "2026-11-02")).collect();
        for visits in [four, two_children] {
            let r = nov(&visits);
            assert_eq!((r.visits, r.holders), (Suppressed, Suppressed));
            assert_eq!(r.with_companion_percent, None);
            assert!(r.top_offers.is_empty());
            for row in r
                .by_month
                .iter()
                .chain(&r.by_category)
                .chain(&r.by_district)
                .chain(&r.by_age_band)
            {
                assert_eq!(
                    (row.visits, row.holders),
                    (Suppressed, Suppressed),
                    "{}",
                    row.key
                );
            }
        }
    }

    fn counts(visits: u64, holders: u64) -> Counts {
        Counts { visits, holders }
    }

    /// Rows with as many holders as visits.
    fn once_each(visits: &[u64]) -> Vec<Counts> {
        visits.iter().map(|&v| counts(v, v)).collect()
    }

    #[test]
    fn small_cells_and_their_complements_are_hidden() {
        let cases: Vec<(&str, Vec<Counts>, Vec<bool>)> = vec![
            (
                "no small cells",
                once_each(&[0, 7, 9]),
                vec![false, false, false],
            ),
            (
                "3 and its smallest neighbour",
                once_each(&[20, 3, 8, 30]),
                vec![false, true, true, false],
            ),
            (
                "1 and 5 still leave 1..=5 open",
                once_each(&[1, 5, 50]),
                vec![true, true, false],
            ),
            // 4 + 10 with 10 shown: the reader knows a hidden cell is at most 10, so the other
            // would be at least 4. The tied 10 is hidden too.
            (
                "complement as large as the smallest shown",
                once_each(&[4, 10, 10, 50]),
                vec![true, true, true, false],
            ),
            // 2 + 2 = 4: each could only be 1..=3. A third row is needed.
            (
                "two small cells that sum below five",
                once_each(&[2, 2, 50, 60]),
                vec![true, true, true, false],
            ),
            (
                "two small cells that protect each other",
                once_each(&[3, 4, 50, 60]),
                vec![true, true, false, false],
            ),
            (
                "zeros are never picked as complements",
                once_each(&[3, 0, 0, 9, 40]),
                vec![true, false, false, true, false],
            ),
            (
                "one child with many visits is a small group",
                vec![
                    counts(12, 1),
                    counts(30, 20),
                    counts(45, 30),
                    counts(60, 40),
                ],
                vec![true, true, false, false],
            ),
            (
                "five ones cannot be protected: withheld",
                once_each(&[1, 1, 1, 1, 1, 0, 0]),
                vec![true; 7],
            ),
        ];
        for (name, rows, want) in cases {
            assert_eq!(protect(&rows), want, "{name}");
        }
    }

    #[test]
    fn a_report_hides_a_small_category_and_its_complement() {
        let mut visits = Vec::new();
        let mut holder = 0;
        for (category, n) in [(Museum, 20), (Music, 3), (Sport, 8), (Stage, 30)] {
            for _ in 0..n {
                holder += 1;
                visits.push(Visit {
                    category,
                    ..visit(holder, "2026-11-02")
                });
            }
        }
        let r = nov(&visits);
        let got: Vec<(&str, Cell)> = r
            .by_category
            .iter()
            .map(|r| (r.key.as_str(), r.visits))
            .collect();
        assert_eq!(
            got,
            [
                ("museum", Count(20)),
                ("music", Suppressed),
                ("stage", Count(30)),
                ("sport", Suppressed),
                ("swimming", Count(0)),
                ("outdoor", Count(0)),
                ("culture_activity", Count(0)),
                ("event", Count(0)),
            ]
        );
        assert_eq!(r.visits, Count(61));
    }

    #[test]
    fn companion_share_needs_five_visits_and_children_on_each_side() {
        // (visits with a companion, children among them, visits without, children among them)
        let cases: [(u64, u64, u64, u64, Option<u8>); 8] = [
            (5, 5, 5, 5, Some(50)),
            (7, 7, 13, 13, Some(35)),
            (5, 5, 10, 10, Some(33)),
            (10, 10, 5, 5, Some(67)),
            (9, 9, 191, 191, Some(5)), // 4.5 % rounds half up
            (4, 4, 20, 20, None),
            (20, 20, 4, 4, None),
            (6, 1, 20, 20, None), // one child with a companion six times
        ];
        for (with, with_holders, without, without_holders, want) in cases {
            let mut visits = Vec::new();
            for i in 0..with {
                visits.push(Visit {
                    companion: true,
                    ..visit(i % with_holders, "2026-11-02")
                });
            }
            for i in 0..without {
                visits.push(visit(1000 + i % without_holders, "2026-11-02"));
            }
            assert_eq!(
                nov(&visits).with_companion_percent,
                want,
                "{with}/{without}"
            );
        }
    }

    /// `n` visits by `n` different children (numbered from `first`) to an offer.
    fn offer_visits(
        first: u64,
        n: u64,
        id: &str,
        title: &str,
        category: Category,
        district: District,
    ) -> Vec<Visit> {
        (first..first + n)
            .map(|h| Visit {
                offer_id: id.into(),
                offer_title: title.into(),
                category,
                district,
                ..visit(h, "2026-11-02")
            })
            .collect()
    }

    #[test]
    fn top_offers_leave_out_small_offers_and_sort_by_visits_then_title() {
        let mut visits = Vec::new();
        visits.extend(offer_visits(0, 20, "zoo", "Akvariet", Museum, Bergenhus));
        visits.extend(offer_visits(
            100,
            20,
            "band",
            "Bandverksted",
            Music,
            Bergenhus,
        ));
        visits.extend(offer_visits(200, 30, "kino", "Kino", Stage, Bergenhus));
        visits.extend(offer_visits(300, 4, "small", "Lite", Event, Bergenhus));
        // Eight visits, but by two children.
        visits.extend((0..8).map(|i| Visit {
            offer_id: "two".into(),
            offer_title: "To barn".into(),
            category: Event,
            ..visit(400 + i % 2, "2026-11-03")
        }));
        let r = nov(&visits);
        assert_eq!(
            cells(&r.top_offers),
            [
                ("kino", Count(30), Count(30)),
                ("zoo", Count(20), Count(20)),
                ("band", Count(20), Count(20)),
            ]
        );
        assert_eq!(r.top_offers[1].label, "Akvariet");
    }

    #[test]
    fn top_offers_stop_at_ten() {
        let mut visits = Vec::new();
        for i in 0..12u64 {
            let id = format!("offer-{i:02}");
            visits.extend(offer_visits(i * 100, 5 + i, &id, &id, Sport, Fana));
        }
        let r = nov(&visits);
        let ids: Vec<&str> = r.top_offers.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(
            ids,
            [
                "offer-11", "offer-10", "offer-09", "offer-08", "offer-07", "offer-06", "offer-05",
                "offer-04", "offer-03", "offer-02"
            ]
        );
    }

    #[test]
    fn top_offers_never_leave_a_small_rest_in_a_row() {
        // Sport has 23 visits: listing the 20-visit club would show that the other sport offers
        // had 3.
        let mut visits = Vec::new();
        visits.extend(offer_visits(0, 20, "club", "Klubben", Sport, Fana));
        visits.extend(offer_visits(100, 3, "tiny", "Liten", Sport, Fana));
        visits.extend(offer_visits(200, 30, "kode", "KODE", Museum, Fana));
        let r = nov(&visits);
        assert_eq!(find(&r.by_category, "sport").visits, Count(23));
        assert_eq!(cells(&r.top_offers), [("kode", Count(30), Count(30))]);
    }

    /// Five visits by five children to five different offers, none big enough to be listed.
    fn scattered(first: u64, category: Category, district: District) -> Vec<Visit> {
        (first..first + 5)
            .map(|h| Visit {
                offer_id: format!("one-{h}"),
                offer_title: format!("Ett besøk {h}"),
                category,
                district,
                ..visit(h, "2026-11-02")
            })
            .collect()
    }

    #[test]
    fn top_offers_avoid_hidden_rows() {
        // Arna's 3 visits are hidden with Fana, its complement. Fana's pool has all of Fana's 20
        // visits: listing it would show that Fana has at least 20, so Arna at most 3.
        let mut visits = Vec::new();
        visits.extend(offer_visits(0, 3, "arna", "Arna", Sport, Arna));
        visits.extend(offer_visits(100, 20, "pool", "Bassenget", Swimming, Fana));
        visits.extend(offer_visits(200, 30, "kode", "KODE", Museum, Bergenhus));
        visits.extend(offer_visits(
            300,
            40,
            "asane",
            "Åsane kulturhus",
            Stage,
            Asane,
        ));
        // So that no shown row is left with a small rest once the others are listed.
        visits.extend(scattered(400, Museum, Bergenhus));
        visits.extend(scattered(500, Stage, Asane));
        let r = nov(&visits);
        assert_eq!(find(&r.by_district, "arna").visits, Suppressed);
        assert_eq!(find(&r.by_district, "fana").visits, Suppressed);
        let ids: Vec<&str> = r.top_offers.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(ids, ["asane", "kode"]);
    }

    #[test]
    fn a_few_stray_visits_only_block_an_offer_when_nothing_else_hides_them() {
        // A youth club for 13–15 with 20 visits, and one 16-year-old who came along.
        let club = || {
            let mut visits = offer_visits(0, 20, "club", "Klubben", Sport, Fana);
            visits[0].age = 16;
            visits
        };
        // Other 16–17-year-olds at offers that are not listed: the stray hides among them.
        let mut visits = club();
        visits.extend(
            scattered(100, Sport, Fana)
                .into_iter()
                .map(|v| Visit { age: 16, ..v }),
        );
        let r = nov(&visits);
        assert_eq!(find(&r.by_age_band, "16-17").visits, Count(6));
        assert_eq!(cells(&r.top_offers), [("club", Count(20), Count(20))]);

        // The only other 16–17-year-olds went to a concert. Listing both would leave nothing
        // unlisted in 16–17, and 16–17 minus the concert would be the club's one stray visit: so
        // the concert, with 6 visits by 6 children, is left out.
        let mut visits = club();
        visits.extend(
            offer_visits(100, 6, "gig", "Konsert", Music, Fana)
                .into_iter()
                .map(|v| Visit { age: 16, ..v }),
        );
        visits.extend(scattered(200, Sport, Fana));
        let r = nov(&visits);
        assert_eq!(find(&r.by_age_band, "16-17").visits, Count(7));
        assert_eq!(cells(&r.top_offers), [("club", Count(20), Count(20))]);
    }

    #[test]
    fn an_offer_keeps_its_latest_title() {
        let mut visits = offer_visits(0, 5, "kode", "KODE", Museum, Bergenhus);
        visits[2].offer_title = "KODE Kunstmuseer".into();
        visits[2].date = date("2026-11-25");
        assert_eq!(nov(&visits).top_offers[0].label, "KODE Kunstmuseer");
    }

    #[test]
    fn csv_fields_are_quoted_and_guarded_against_formulas() {
        for (field, want) in [
            ("plain", "plain"),
            ("Åsane", "Åsane"),
            ("<5", "<5"),
            ("10-12", "10-12"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("cr\rhere", "\"cr\rhere\""),
            ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
            ("+47 55 55", "'+47 55 55"),
            ("-2", "'-2"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("=1,2", "\"'=1,2\""),
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("", ""),
        ] {
            assert_eq!(csv_field(field), want, "{field:?}");
        }
    }

    #[test]
    fn csv_has_a_header_the_totals_first_and_every_row() {
        let mut visits = offer_visits(0, 6, "kode", "=KODE, \"4\"", Stage, Arstad);
        visits[0].companion = true;
        let r = report(&visits, date("2026-11-01"), date("2026-12-31"));
        let csv = to_csv(&r);
        let want = "table,key,label,visits,holders\r\n\
                    total,total,Totalt,6,6\r\n\
                    month,2026-11,2026-11,6,6\r\n\
                    month,2026-12,2026-12,0,0\r\n\
                    category,museum,Museum og galleri,0,0\r\n\
                    category,music,Musikk,0,0\r\n\
                    category,stage,\"Teater, dans og film\",6,6\r\n\
                    category,sport,Idrett,0,0\r\n\
                    category,swimming,Svømming,0,0\r\n\
                    category,outdoor,Friluftsliv,0,0\r\n\
                    category,culture_activity,Kulturaktivitet,0,0\r\n\
                    category,event,Arrangement,0,0\r\n\
                    district,arna,Arna,0,0\r\n\
                    district,bergenhus,Bergenhus,0,0\r\n\
                    district,fana,Fana,0,0\r\n\
                    district,fyllingsdalen,Fyllingsdalen,0,0\r\n\
                    district,laksevag,Laksevåg,0,0\r\n\
                    district,ytrebygda,Ytrebygda,0,0\r\n\
                    district,arstad,Årstad,6,6\r\n\
                    district,asane,Åsane,0,0\r\n\
                    age_band,0-5,0-5,0,0\r\n\
                    age_band,6-9,6-9,6,6\r\n\
                    age_band,10-12,10-12,0,0\r\n\
                    age_band,13-15,13-15,0,0\r\n\
                    age_band,16-17,16-17,0,0\r\n\
                    top_offer,kode,\"'=KODE, \"\"4\"\"\",6,6\r\n";
        assert_eq!(csv, want);

        let tiny = to_csv(&nov(&offer_visits(0, 3, "kode", "KODE", Stage, Arstad)));
        assert!(
            tiny.starts_with("table,key,label,visits,holders\r\ntotal,total,Totalt,<5,<5\r\n"),
            "{tiny}"
        );
        assert!(!tiny.contains("top_offer"));
    }

    #[test]
    fn report_round_trips_through_json() {
        let mut visits = offer_visits(0, 3, "a", "A", Music, Fana);
        visits.extend(offer_visits(10, 9, "b", "B", Sport, Fana));
        visits.extend(offer_visits(20, 40, "c", "C", Stage, Fana));
        let r = nov(&visits);
        let json = serde_json::to_string(&r).unwrap();
        assert!(
            json.starts_with(r#"{"from":"2026-11-01","to":"2026-11-30","visits":52,"holders":52,"#),
            "{json}"
        );
        assert!(
            json.contains(r#"{"key":"music","label":"Musikk","visits":"<5","holders":"<5"}"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Report>(&json).unwrap(), r);
    }

    // ---- Property-style checks over generated data ----

    /// SplitMix64: a small deterministic generator, so failures replay without extra crates.
    pub(super) struct Rng(pub(super) u64);

    impl Rng {
        pub(super) fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        pub(super) fn below(&mut self, n: u64) -> u64 {
            self.next() % n.max(1)
        }
    }

    /// Visits skewed so that small cells, ties and dominant children all turn up: a few popular
    /// offers and many rare ones, a few frequent children, dates spilling over the period.
    fn generate(seed: u64) -> Vec<Visit> {
        let mut rng = Rng(seed);
        let n = [0, 3, 8, 20, 60, 150, 400][rng.below(7) as usize];
        let children = 1 + rng.below(120);
        let offers = 1 + rng.below(25);
        let start = date("2026-10-20").days_since_epoch();
        (0..n)
            .map(|_| {
                // Squaring a uniform pick favours low numbers: popular offers, frequent children.
                let skewed = |rng: &mut Rng, n: u64| {
                    let x = rng.below(n);
                    x * x / n
                };
                let holder = skewed(&mut rng, children);
                let offer = skewed(&mut rng, offers);
                let mut offer_rng = Rng(offer.wrapping_mul(7919) ^ seed);
                Visit {
                    holder,
                    offer_id: format!("offer-{offer}"),
                    offer_title: format!("Tilbud {}", offer_rng.below(6)),
                    category: Category::ALL[offer_rng.below(8) as usize],
                    district: District::ALL[offer_rng.below(8) as usize],
                    age: ((holder * 7 + rng.below(2)) % 18) as u8,
                    date: Date::from_days_since_epoch(start + rng.below(80) as i64),
                    companion: rng.below(3) == 0,
                }
            })
            .collect()
    }

    /// The truth behind a report, counted the plain way.
    struct Truth<'a> {
        visits: Vec<&'a Visit>,
    }

    impl Truth<'_> {
        fn counts(&self, pick: impl Fn(&Visit) -> bool) -> Counts {
            let picked: Vec<&&Visit> = self.visits.iter().filter(|v| pick(v)).collect();
            let mut holders: Vec<u64> = picked.iter().map(|v| v.holder).collect();
            holders.sort_unstable();
            holders.dedup();
            Counts {
                visits: picked.len() as u64,
                holders: holders.len() as u64,
            }
        }
    }

    /// Which visits belong to a row of a table.
    pub(super) fn in_row(table: usize, key: &str, v: &Visit) -> bool {
        match table {
            MONTH => format!("{:04}-{:02}", v.date.year, v.date.month) == key,
            CATEGORY => v.category.slug() == key,
            DISTRICT => v.district.slug() == key,
            AGE_BAND => AGE_BANDS
                .iter()
                .any(|(lo, hi, k)| *k == key && (*lo..=*hi).contains(&v.age)),
            _ => true,
        }
    }

    /// What a reader can work out about a hidden cell: the least and most it can be, given the
    /// column's total (`sum` of the hidden cells), how many are hidden, the cap from rule 2 and
    /// whether zeros could be hidden too (a withheld table).
    fn reader_range(sum: u64, hidden: u64, cap: u64, zeros_hidden: bool) -> (u64, u64) {
        let least = if zeros_hidden { 0 } else { 1 };
        let others = hidden - 1;
        let lo = sum.saturating_sub(others.saturating_mul(cap)).max(least);
        let hi = sum.saturating_sub(others * least).min(cap);
        (lo, hi)
    }

    /// Picks the visits or the holders column out of a row's counts.
    type Column = fn(&Counts) -> u64;

    #[test]
    fn no_small_group_can_be_read_or_derived() {
        let (from, to) = (date("2026-11-01"), date("2026-12-31"));
        // Tables with hidden rows, tables all hidden, reports with top offers, tiny totals, listed
        // offers with a small part of a row hidden by what the unlisted offers left there.
        let mut seen = [0u32; 5];
        for seed in 0..400u64 {
            let data = generate(seed);
            let r = report(&data, from, to);
            let truth = Truth {
                visits: data
                    .iter()
                    .filter(|v| from <= v.date && v.date <= to)
                    .collect(),
            };
            let total = truth.counts(|_| true);
            let ctx = format!("seed {seed}: {r:?}");
            if is_small(total) {
                seen[3] += 1;
                assert_eq!((r.visits, r.holders), (Suppressed, Suppressed), "{ctx}");
            } else {
                assert_eq!(
                    (r.visits, r.holders),
                    (Count(total.visits), Count(total.holders)),
                    "{ctx}"
                );
            }

            let tables = [
                (MONTH, &r.by_month),
                (CATEGORY, &r.by_category),
                (DISTRICT, &r.by_district),
                (AGE_BAND, &r.by_age_band),
            ];
            for (t, rows) in tables {
                let truths: Vec<Counts> = rows
                    .iter()
                    .map(|row| truth.counts(|v| in_row(t, &row.key, v)))
                    .collect();
                // The rows partition the visits.
                assert_eq!(
                    truths.iter().map(|c| c.visits).sum::<u64>(),
                    total.visits,
                    "{ctx}"
                );
                let hidden: Vec<bool> = rows.iter().map(|row| row.visits == Suppressed).collect();
                for (row, c) in rows.iter().zip(&truths) {
                    // Hidden together, shown exactly, never small.
                    assert_eq!(row.visits == Suppressed, row.holders == Suppressed, "{ctx}");
                    if let (Count(v), Count(h)) = (row.visits, row.holders) {
                        assert_eq!((v, h), (c.visits, c.holders), "{ctx}");
                        assert!(!is_small(*c), "{ctx}");
                    }
                }
                if is_small(total) {
                    assert!(hidden.iter().all(|h| *h), "{ctx}");
                    continue;
                }
                let zeros_hidden = hidden.iter().all(|h| *h);
                if hidden.contains(&true) {
                    seen[0] += 1;
                }
                if zeros_hidden && !rows.is_empty() {
                    seen[1] += 1;
                }
                let columns: [(bool, Column); 2] = [(true, |c| c.visits), (false, |c| c.holders)];
                for (is_visits, column) in columns {
                    let values: Vec<u64> = truths.iter().map(column).collect();
                    let shown: u64 = values
                        .iter()
                        .zip(&hidden)
                        .filter(|(_, h)| !**h)
                        .map(|(v, _)| v)
                        .sum();
                    let hidden_values: Vec<u64> = values
                        .iter()
                        .zip(&hidden)
                        .filter(|(_, h)| **h)
                        .map(|(v, _)| *v)
                        .collect();
                    if hidden_values.is_empty() {
                        continue;
                    }
                    // For visits, total − shown is what a reader computes; holders use the true
                    // hidden sum, which is at least what a reader can compute.
                    let sum: u64 = hidden_values.iter().sum();
                    if is_visits {
                        assert_eq!(sum, total.visits - shown, "{ctx}");
                    }
                    // A lone hidden cell would be total − shown ...
                    assert!(hidden_values.len() >= 2 || zeros_hidden, "{ctx}");
                    // ... and the stronger one: each could be anything from 1 to MIN_CELL.
                    let smallest_shown = values
                        .iter()
                        .zip(&hidden)
                        .filter(|(v, h)| !**h && **v > 0)
                        .map(|(v, _)| *v)
                        .min();
                    let cap = smallest_shown.map_or(u64::MAX, |s| s.max(MIN_CELL - 1));
                    let (lo, hi) = reader_range(sum, hidden_values.len() as u64, cap, zeros_hidden);
                    assert!(lo <= 1 && hi >= MIN_CELL, "range {lo}..={hi}, {ctx}");
                }
            }

            // Top offers: large, sorted, and leaving no small rest in any shown row.
            if !r.top_offers.is_empty() {
                seen[2] += 1;
            }
            assert!(r.top_offers.len() <= TOP_OFFERS, "{ctx}");
            for pair in r.top_offers.windows(2) {
                let (a, b) = (
                    pair[0].visits.count().unwrap(),
                    pair[1].visits.count().unwrap(),
                );
                assert!(a > b || (a == b && pair[0].label <= pair[1].label), "{ctx}");
            }
            let listed = |v: &Visit| r.top_offers.iter().any(|o| o.key == v.offer_id);
            for offer in &r.top_offers {
                let c = truth.counts(|v| v.offer_id == offer.key);
                assert_eq!(
                    (offer.visits, offer.holders),
                    (Count(c.visits), Count(c.holders)),
                    "{ctx}"
                );
                assert!(c.visits >= MIN_CELL && c.holders >= MIN_CELL, "{ctx}");
            }
            let mut all_rows: Vec<(usize, &Row)> = vec![];
            for (t, rows) in tables {
                all_rows.extend(rows.iter().map(|row| (t, row)));
            }
            let total_row = Row {
                key: "total".into(),
                label: String::new(),
                visits: r.visits,
                holders: r.holders,
            };
            all_rows.push((TOTAL, &total_row));
            for (t, row) in all_rows {
                let rest = truth.counts(|v| in_row(t, &row.key, v) && !listed(v));
                for offer in &r.top_offers {
                    let part = truth.counts(|v| in_row(t, &row.key, v) && v.offer_id == offer.key);
                    let at = format!("offer {} in {} {}: {ctx}", offer.key, t, row.key);
                    if row.visits == Suppressed {
                        // A listed offer never bounds a hidden row.
                        assert_eq!(part.visits, 0, "{at}");
                    } else if rest.visits == 0 {
                        // Nothing unlisted to hide a small part behind.
                        assert!(!is_small(part), "{at}");
                    } else if is_small(part) {
                        seen[4] += 1;
                    }
                }
                if row.visits != Suppressed {
                    // Row minus listed offers (and so any sum of such rests) is never small.
                    assert!(!is_small(rest), "rest of {} {}: {ctx}", t, row.key);
                }
            }

            if let Some(percent) = r.with_companion_percent {
                let with = truth.counts(|v| v.companion);
                let without = truth.counts(|v| !v.companion);
                let big = |c: Counts| c.visits >= MIN_CELL && c.holders >= MIN_CELL;
                assert!(big(with) && big(without), "{ctx}");
                let exact = with.visits as f64 * 100.0 / total.visits as f64;
                assert!((f64::from(percent) - exact).abs() <= 0.5, "{ctx}");
            }
        }
        // The generator must reach every case the checks are about.
        assert!(seen.iter().all(|n| *n > 0), "{seen:?}");
    }
}
