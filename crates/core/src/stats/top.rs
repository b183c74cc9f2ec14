//! Rule 4, the top offers: the largest offers that can be listed without showing a small group.

use std::collections::BTreeMap;

use super::*;

/// One offer's visits in every row of every table, keyed by (table, row).
pub(super) struct OfferTally<'a> {
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
pub(super) fn top_offers(
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
pub(super) fn can_list(
    offer: &OfferTally,
    listed: &[OfferTally],
    unlisted: &[Vec<Tally>; TABLES],
) -> bool {
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
