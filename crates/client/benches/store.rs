//! The phone's catalogue at scale: search and filter on 10 000 offers (target: p50 ≤ 2 ms
//! natively), applying a full sync of 10 000 offers, and applying a 50-offer delta.
//! Run: `cargo bench -p aktivitetskortet-client --bench store`; figures go in BENCHMARKS.md.

use std::hint::black_box;

use aktivitetskortet_client::Store;
use aktivitetskortet_client::search::{OfferQuery, Sort};
use aktivitetskortet_core::api::CatalogueResponse;
use aktivitetskortet_core::calendar::{Date, Weekday};
use aktivitetskortet_core::district::District;
use aktivitetskortet_core::offer::*;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

const WORDS: &[&str] = &[
    "svømming",
    "fotball",
    "klatring",
    "kunst",
    "museum",
    "konsert",
    "teater",
    "dans",
    "kor",
    "korps",
    "håndball",
    "friluftsliv",
    "bibliotek",
    "film",
    "verksted",
    "tegning",
    "musikk",
    "barn",
    "ungdom",
    "familie",
    "åsane",
    "fana",
    "sjakk",
    "robot",
    "natur",
    "akvariet",
];

/// A synthetic catalogue: `n` offers spread over categories, districts, ages and weekdays.
fn catalogue(n: usize, version: u64, tag: &str) -> Vec<Offer> {
    (0..n)
        .map(|i| {
            let w = |k: usize| WORDS[(i * 7 + k * 13) % WORDS.len()];
            let age_min = (i % 15) as u8;
            Offer {
                id: format!("offer-{i}"),
                title: Text::nb(format!("{} {} {} {tag}", w(0), w(1), i)),
                summary: Text::nb(format!("{} og {} for {}", w(2), w(3), w(4))),
                description: Text::nb(format!("Gratis med aktivitetskortet. {} {}", w(5), w(6))),
                category: Category::ALL[i % Category::ALL.len()],
                organiser: format!("Organisasjon {}", i % 300),
                venue: format!("Sted {}", i % 500),
                address: "Strandkaien 1, 5013 Bergen".into(),
                district: District::ALL[i % 8],
                location: Some(GeoPoint {
                    lat: 60.25 + (i % 100) as f64 * 0.003,
                    lon: 5.0 + (i % 97) as f64 * 0.006,
                }),
                age_min,
                age_max: (age_min + 5).min(17),
                schedule: Schedule::Weekly {
                    slots: vec![WeeklySlot {
                        weekday: Weekday::ALL[i % 7],
                        start: "17:00".parse().unwrap(),
                        end: None,
                    }],
                },
                season: Some(Season {
                    from: "2026-08-17".parse().unwrap(),
                    to: "2027-06-18".parse().unwrap(),
                }),
                companion_included: i % 2 == 0,
                visit_rule: None,
                booking: Booking::default(),
                accessibility: if i % 3 == 0 {
                    vec![Accessibility::StepFree]
                } else {
                    vec![]
                },
                image: None,
                demo: false,
                changed_at: version,
            }
        })
        .collect()
}

fn today() -> Date {
    "2026-11-25".parse().unwrap()
}

fn filled() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let full = CatalogueResponse {
        version: 1,
        full: true,
        offers: catalogue(10_000, 1, ""),
        removed: vec![],
        category_rules: vec![],
    };
    store.catalogue().apply_catalogue(&full, today()).unwrap();
    store
}

fn benches(c: &mut Criterion) {
    let mut store = filled();
    let page = |q: OfferQuery| OfferQuery { page_size: 20, ..q };
    let queries = [
        (
            "search: the first key typed, 'k'",
            page(OfferQuery {
                text: "k".into(),
                ..OfferQuery::default()
            }),
        ),
        (
            "search: text 'svomming'",
            page(OfferQuery {
                text: "svomming".into(),
                ..OfferQuery::default()
            }),
        ),
        (
            "search: text + age + district",
            page(OfferQuery {
                text: "kunst".into(),
                age: Some(9),
                districts: vec![District::Fana],
                ..OfferQuery::default()
            }),
        ),
        (
            "filter: age 11, soonest",
            page(OfferQuery {
                age: Some(11),
                ..OfferQuery::default()
            }),
        ),
        (
            "filter: Saturday in Fana, companion",
            page(OfferQuery {
                date: Some("2026-11-28".parse().unwrap()),
                districts: vec![District::Fana],
                companion_included: true,
                ..OfferQuery::default()
            }),
        ),
        (
            "sort: nearest, category sport",
            page(OfferQuery {
                categories: vec![Category::Sport],
                sort: Sort::Distance(GeoPoint {
                    lat: 60.39,
                    lon: 5.32,
                }),
                ..OfferQuery::default()
            }),
        ),
        (
            "everything by name, page 10",
            OfferQuery {
                sort: Sort::Name,
                page: 10,
                page_size: 20,
                ..OfferQuery::default()
            },
        ),
    ];
    for (name, query) in queries {
        c.bench_function(name, |b| {
            b.iter(|| {
                store
                    .catalogue()
                    .search(black_box(&query), today())
                    .unwrap()
            })
        });
    }

    let full = CatalogueResponse {
        version: 1,
        full: true,
        offers: catalogue(10_000, 1, ""),
        removed: vec![],
        category_rules: vec![],
    };
    c.bench_function("apply a full sync of 10 000 offers", |b| {
        b.iter_batched(
            || Store::open_in_memory().unwrap(),
            |mut store| {
                store
                    .catalogue()
                    .apply_catalogue(black_box(&full), today())
                    .unwrap()
            },
            BatchSize::PerIteration,
        )
    });
    let mut changed = catalogue(50, 2, "ny");
    for (i, offer) in changed.iter_mut().enumerate() {
        offer.id = format!("offer-{}", i * 200);
    }
    let delta = CatalogueResponse {
        version: 2,
        full: false,
        offers: changed,
        removed: vec!["offer-7".into()],
        category_rules: vec![],
    };
    c.bench_function("apply a 50-offer delta to 10 000", |b| {
        b.iter_batched(
            filled,
            |mut store| {
                store
                    .catalogue()
                    .apply_catalogue(black_box(&delta), today())
                    .unwrap()
            },
            BatchSize::PerIteration,
        )
    });
}

criterion_group! {
    name = store;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(store);
