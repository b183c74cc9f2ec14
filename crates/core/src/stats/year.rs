//! A year's report built from its four quarters' published reports, so that nothing in it can be
//! worked out beyond what the quarters show.
//!
//! A year cell is the sum of the same cell in the four quarters. If it were shown while one
//! quarter hides its part, the year minus the other three quarters would be that hidden part.
//! So a year cell is shown only when every quarter shows its part (a year cell then adds no
//! equation a reader did not have), the year's total only when every quarter's total is shown,
//! a month as its quarter shows it, the companion share only when every quarter with visits
//! shows one, and an offer among the top offers only when every quarter it had visits in lists
//! it. Rule 4 then runs on the year as on any report.

use super::{
    AGE_BAND, CATEGORY, Cell, DISTRICT, LIMIT, MONTH, Refusal, Report, Row, TABLES, TOTAL, Tallied,
    Visit,
};
use crate::stats::period::Period;

/// The published report of a closed quarter or year, from its visits and its refusals at a
/// visit limit. Every report the server hands out comes from here, so that reports of different
/// periods cannot be subtracted from one another.
pub fn report_for(visits: &[Visit], refusals: &[Refusal], period: Period) -> Report {
    let (from, to) = (period.first_day(), period.last_day());
    let quarters: Vec<(Tallied, Report)> = period
        .quarters()
        .into_iter()
        .map(|q| {
            let tallied = Tallied::new(visits, refusals, q.first_day(), q.last_day());
            let refused = tallied.refused_hidden();
            let report = tallied.publish(
                q.first_day(),
                q.last_day(),
                &tallied.hidden(),
                (true, refused),
                |_| true,
            );
            (tallied, report)
        })
        .collect();
    if let Period::Quarter { .. } = period {
        return quarters
            .into_iter()
            .next()
            .map(|(_, r)| r)
            .expect("a quarter");
    }
    let year = Tallied::new(visits, refusals, from, to);
    let hidden_in = |q: &Report, t: usize, i: usize| -> bool {
        let rows: &[Row] = match t {
            MONTH => &q.by_month,
            CATEGORY => &q.by_category,
            DISTRICT => &q.by_district,
            AGE_BAND => &q.by_age_band,
            LIMIT => &q.by_limit,
            _ => return q.visits == Cell::Suppressed,
        };
        rows.get(i).is_none_or(|r| r.visits == Cell::Suppressed)
    };
    let hidden: [Vec<bool>; TABLES] = std::array::from_fn(|t| {
        (0..year.tallies[t].len())
            .map(|i| match t {
                // A year's month is its quarter's month.
                MONTH => hidden_in(&quarters[i / 3].1, MONTH, i % 3),
                TOTAL => quarters.iter().any(|(_, q)| hidden_in(q, TOTAL, 0)),
                _ => quarters.iter().any(|(_, q)| hidden_in(q, t, i)),
            })
            .collect()
    });
    let companion = quarters
        .iter()
        .all(|(_, q)| q.visits == Cell::Count(0) || q.with_companion_percent.is_some());
    let may_list = |id: &str| {
        quarters.iter().all(|(tallied, q)| {
            !tallied.counted.iter().any(|(v, _)| v.offer_id == id)
                || q.top_offers.iter().any(|o| o.key == id)
        })
    };
    // The year's refusals are the quarters' added up: shown only when every quarter shows its
    // own, and when the year's own count is not a small group either.
    let refused = year.refused_hidden()
        || quarters
            .iter()
            .any(|(_, q)| q.refused_at_limit.visits == Cell::Suppressed);
    year.publish(from, to, &hidden, (companion, refused), may_list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Date;
    use crate::district::District;
    use crate::offer::Category;
    use crate::stats::tests::Rng;
    use crate::stats::{Counts, LimitOutcome, MIN_CELL, is_small};

    /// A small year: few children, few offers in few categories and districts, visits bunched
    /// in some quarters, so that small cells, tiny quarters and empty ones all turn up.
    fn generate(seed: u64) -> Vec<Visit> {
        let mut rng = Rng(seed);
        let n = [0, 2, 6, 15, 40, 90, 200, 600, 1500][rng.below(9) as usize];
        let children = 1 + rng.below(n / 4 + 10);
        let offers = 1 + rng.below(12);
        let busy_quarters = 1 + rng.below(4);
        (0..n)
            .map(|_| {
                let skewed = |rng: &mut Rng, n: u64| {
                    let x = rng.below(n);
                    x * x / n
                };
                let holder = skewed(&mut rng, children);
                let offer = skewed(&mut rng, offers);
                let mut offer_rng = Rng(offer.wrapping_mul(7919) ^ seed);
                let quarter = if rng.below(6) == 0 {
                    rng.below(4)
                } else {
                    rng.below(busy_quarters)
                };
                let day = quarter as i64 * 91 + rng.below(90) as i64;
                Visit {
                    limit: [
                        LimitOutcome::Within,
                        LimitOutcome::Override,
                        LimitOutcome::OverFound,
                    ][usize::from(rng.below(8) == 0) + usize::from(holder % 5 == 0)],
                    holder,
                    offer_id: format!("offer-{offer}"),
                    offer_title: format!("Tilbud {offer}"),
                    category: Category::ALL[offer_rng.below(4) as usize],
                    district: District::ALL[offer_rng.below(4) as usize],
                    age: ((holder * 5) % 18) as u8,
                    date: Date::new(2026, 1, 1).unwrap().add_days(day),
                    companion: rng.below(3) == 0,
                }
            })
            .collect()
    }

    /// The reader's unknowns: what each can be, what it is, and whether a report hides it.
    #[derive(Default)]
    struct Unknowns {
        bounds: Vec<(i64, i64)>,
        truth: Vec<i64>,
        hidden: Vec<bool>,
    }

    impl Unknowns {
        fn add(&mut self, lo: i64, hi: i64, value: i64, hidden: bool) -> usize {
            self.bounds.push((lo, hi));
            self.truth.push(value);
            self.hidden.push(hidden);
            self.bounds.len() - 1
        }
    }

    /// One linear equation over the reader's unknowns: Σ sign × x = value.
    struct Equation {
        terms: Vec<(usize, i64)>,
        value: i64,
    }

    /// What a reader can bound: each unknown's least and most, tightened from every equation
    /// until nothing moves (interval propagation, which finds every value a chain of sums and
    /// differences pins down).
    fn propagate(bounds: &mut [(i64, i64)], equations: &[Equation]) {
        for _ in 0..200 {
            let mut moved = false;
            for eq in equations {
                for &(i, sign) in &eq.terms {
                    let (mut rest_lo, mut rest_hi) = (0i64, 0i64);
                    for &(j, s) in &eq.terms {
                        if j == i {
                            continue;
                        }
                        let (lo, hi) = bounds[j];
                        if s > 0 {
                            rest_lo += lo;
                            rest_hi += hi;
                        } else {
                            rest_lo -= hi;
                            rest_hi -= lo;
                        }
                    }
                    // sign × x = value − rest
                    let (lo, hi) = if sign > 0 {
                        (eq.value - rest_hi, eq.value - rest_lo)
                    } else {
                        (rest_lo - eq.value, rest_hi - eq.value)
                    };
                    let b = &mut bounds[i];
                    if lo > b.0 {
                        b.0 = lo;
                        moved = true;
                    }
                    if hi < b.1 {
                        b.1 = hi;
                        moved = true;
                    }
                }
            }
            if !moved {
                return;
            }
        }
    }

    fn rows_of(r: &Report, t: usize) -> &[Row] {
        match t {
            MONTH => &r.by_month,
            CATEGORY => &r.by_category,
            DISTRICT => &r.by_district,
            LIMIT => &r.by_limit,
            _ => &r.by_age_band,
        }
    }

    /// Every report a reader can get for a year (its four quarters and the year itself, in any
    /// order, JSON or CSV alike since both carry the same cells) put together as one system of
    /// equations, in the visits column of every table: no hidden quarter cell with 1–4 visits
    /// may come out as 1–4, and no hidden cell with visits may come out exact.
    #[test]
    fn the_quarters_and_the_year_together_reveal_no_hidden_cell() {
        let big = 1_000_000i64;
        let mut seen = [0u32; 4];
        for seed in 0..600u64 {
            let data = generate(seed);
            let year = report_for(&data, &[], Period::Year(2026));
            let quarters: Vec<Report> = Period::Year(2026)
                .quarters()
                .into_iter()
                .map(|q| report_for(&data, &[], q))
                .collect();
            let ctx = format!("seed {seed}");
            // Unknowns: each quarter's total, then each quarter's cell in each table (the
            // month table as twelve rows, the other quarters' months known to be 0).
            let mut u = Unknowns::default();
            let mut equations: Vec<Equation> = Vec::new();
            let in_quarter = |v: &Visit, q: usize| (v.date.month as usize - 1) / 3 == q;
            let totals: Vec<usize> = (0..4)
                .map(|q| {
                    let n = data.iter().filter(|v| in_quarter(v, q)).count() as i64;
                    match quarters[q].visits {
                        Cell::Count(c) => {
                            assert_eq!(c as i64, n, "{ctx}");
                            u.add(n, n, n, false)
                        }
                        Cell::Suppressed => u.add(1, big, n, true),
                    }
                })
                .collect();
            let year_total: Vec<(usize, i64)> = totals.iter().map(|&t| (t, 1)).collect();
            if let Cell::Count(c) = year.visits {
                equations.push(Equation {
                    terms: year_total,
                    value: c as i64,
                });
            }
            for t in [MONTH, CATEGORY, DISTRICT, AGE_BAND, LIMIT] {
                let year_rows = rows_of(&year, t);
                let mut cells = vec![vec![usize::MAX; year_rows.len()]; 4];
                for q in 0..4 {
                    let rows = rows_of(&quarters[q], t);
                    let withheld = rows.iter().all(|r| r.visits == Cell::Suppressed);
                    // No cap from above: a row hidden for its few children may have many
                    // visits, and a reader cannot tell which rule hid it.
                    let cap = big;
                    let mut sum = vec![(totals[q], -1)];
                    for (i, yrow) in year_rows.iter().enumerate() {
                        let n = data
                            .iter()
                            .filter(|v| {
                                in_quarter(v, q) && crate::stats::tests::in_row(t, &yrow.key, v)
                            })
                            .count() as i64;
                        let row = if t == MONTH {
                            if i / 3 != q {
                                assert_eq!(n, 0);
                                cells[q][i] = u.add(0, 0, 0, false);
                                continue;
                            }
                            &rows[i % 3]
                        } else {
                            &rows[i]
                        };
                        assert_eq!(row.key, yrow.key, "{ctx}");
                        cells[q][i] = match row.visits {
                            Cell::Count(c) => {
                                assert_eq!(c as i64, n, "{ctx}");
                                u.add(n, n, n, false)
                            }
                            Cell::Suppressed if withheld => u.add(0, big, n, true),
                            Cell::Suppressed => u.add(1, cap, n, true),
                        };
                        sum.push((cells[q][i], 1));
                    }
                    equations.push(Equation {
                        terms: sum,
                        value: 0,
                    });
                }
                for (i, yrow) in year_rows.iter().enumerate() {
                    let parts: Vec<(usize, i64)> = (0..4).map(|q| (cells[q][i], 1)).collect();
                    match yrow.visits {
                        Cell::Count(c) => {
                            // Shown only when every quarter shows its part.
                            assert!(parts.iter().all(|(v, _)| !u.hidden[*v]), "{ctx}");
                            equations.push(Equation {
                                terms: parts,
                                value: c as i64,
                            });
                        }
                        Cell::Suppressed => seen[0] += 1,
                    }
                }
            }
            propagate(&mut u.bounds, &equations);
            for (i, &hid) in u.hidden.iter().enumerate() {
                if !hid {
                    continue;
                }
                let (lo, hi) = u.bounds[i];
                let v = u.truth[i];
                assert!(
                    lo <= v && v <= hi,
                    "the truth {v} outside {lo}..={hi} at {i}: {ctx} {year:?} {quarters:?}"
                );
                if (1..MIN_CELL as i64).contains(&v) {
                    seen[1] += 1;
                    assert!(
                        !(lo >= 1 && hi < MIN_CELL as i64),
                        "hidden {v} bounded to {lo}..={hi}: {ctx}"
                    );
                }
                if v > 0 {
                    assert!(lo < hi, "hidden {v} worked out exactly: {ctx}");
                }
            }

            // The year's other figures: top offers listed in every quarter they had visits in,
            // the companion share only where every quarter with visits shows one.
            for offer in &year.top_offers {
                for (q, report) in quarters.iter().enumerate() {
                    let had = data
                        .iter()
                        .any(|v| in_quarter(v, q) && v.offer_id == offer.key);
                    assert!(
                        !had || report.top_offers.iter().any(|o| o.key == offer.key),
                        "{ctx}"
                    );
                }
                seen[2] += 1;
            }
            if year.with_companion_percent.is_some() {
                seen[3] += 1;
                for q in &quarters {
                    assert!(
                        q.visits == Cell::Count(0) || q.with_companion_percent.is_some(),
                        "{ctx}"
                    );
                }
            }
            // Holders: a shown year cell never contains a hidden quarter part, so its distinct
            // children bound nothing hidden; and it is never small.
            for t in [MONTH, CATEGORY, DISTRICT, AGE_BAND, LIMIT] {
                for row in rows_of(&year, t) {
                    if let (Cell::Count(v), Cell::Count(h)) = (row.visits, row.holders) {
                        assert!(
                            !is_small(Counts {
                                visits: v,
                                holders: h
                            }),
                            "{ctx}"
                        );
                    }
                }
            }
        }
        assert!(seen.iter().all(|n| *n > 0), "{seen:?}");
    }
}
