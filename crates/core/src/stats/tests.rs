//! The statistics' tests: each suppression rule, the tables adding up, the CSV, and property
//! tests that no hidden cell can be worked out.

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
        limit: LimitOutcome::Within,
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
            limit: LimitOutcome::Within,
            companion: true,
            ..visit(h, "2026-11-10")
        });
    }
    // Seven teenagers twice each at a Fana sports club in December.
    for h in 11..=17 {
        for day in ["2026-12-01", "2026-12-08"] {
            visits.push(Visit {
                limit: LimitOutcome::Within,
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
                limit: LimitOutcome::Within,
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
        limit: LimitOutcome::Within,
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
        limit: LimitOutcome::Within,
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
                limit: LimitOutcome::Within,
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
                limit: LimitOutcome::Within,
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
            limit: LimitOutcome::Within,
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
        limit: LimitOutcome::Within,
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
            limit: LimitOutcome::Within,
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
                top_offer,kode,\"'=KODE, \"\"4\"\"\",6,6\r\n\
                limit,within,Innenfor grensene,6,6\r\n\
                limit,override,Sluppet inn over grensen,0,0\r\n\
                limit,over_found,\"Over grensen, funnet ved opplasting\",0,0\r\n\
                refused_at_limit,refused_at_limit,Avvist ved grensen,0,0\r\n";
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
                limit: LimitOutcome::Within,
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
        LIMIT => LIMIT_ROWS
            .iter()
            .any(|(o, k, _)| *k == key && *o == v.limit),
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

/// Visits at a limit are a table like the others: overrides and visits found over a limit are
/// shown when they are groups of five or more, hidden (with a complement) otherwise.
#[test]
fn visits_at_a_limit_are_shown_only_as_groups_of_five_or_more() {
    let mut visits: Vec<Visit> = (0..20).map(|h| visit(h, "2026-11-03")).collect();
    for (i, v) in visits.iter_mut().enumerate() {
        v.limit = match i {
            0..6 => LimitOutcome::Override,
            6..8 => LimitOutcome::OverFound,
            _ => LimitOutcome::Within,
        };
    }
    let report = nov(&visits);
    assert_eq!(
        cells(&report.by_limit),
        [
            ("within", Count(12), Count(12)),
            ("override", Suppressed, Suppressed),
            ("over_found", Suppressed, Suppressed),
        ],
        "2 found over: hidden, and so the next smallest (6 overrides), which protect each other"
    );
    for v in visits.iter_mut().skip(6).take(2) {
        v.limit = LimitOutcome::Override;
    }
    let report = nov(&visits);
    assert_eq!(
        cells(&report.by_limit),
        [
            ("within", Count(12), Count(12)),
            ("override", Count(8), Count(8)),
            ("over_found", Count(0), Count(0)),
        ]
    );
}

/// Refusals at a limit are counted apart from the visits, and hidden when fewer than five
/// children (or refusals) make them; a year shows them only when each quarter does.
#[test]
fn refusals_at_a_limit_are_hidden_when_few() {
    let visits: Vec<Visit> = (0..10).map(|h| visit(h, "2026-02-03")).collect();
    let refusals = |n: u64, on: &str| -> Vec<Refusal> {
        (0..n)
            .map(|h| Refusal {
                holder: h,
                date: date(on),
            })
            .collect()
    };
    let q1 = Period::Quarter {
        year: 2026,
        quarter: 1,
    };
    let few = report_for(&visits, &refusals(3, "2026-02-10"), q1);
    assert_eq!(few.refused_at_limit.visits, Suppressed);
    assert_eq!(few.refused_at_limit.holders, Suppressed);
    assert_eq!(few.visits, Count(10), "the visits are not touched");
    let many = report_for(&visits, &refusals(6, "2026-02-10"), q1);
    assert_eq!(
        (many.refused_at_limit.visits, many.refused_at_limit.holders),
        (Count(6), Count(6))
    );
    // A refusal outside the period is not counted.
    let outside = report_for(&visits, &refusals(6, "2026-04-10"), q1);
    assert_eq!(outside.refused_at_limit.visits, Count(0));
    // The year: Q1 shows 6, Q2 hides 3; so the year (9) is hidden too, or it would show Q2's.
    let mut both = refusals(6, "2026-02-10");
    both.extend(refusals(3, "2026-05-10"));
    let mut year_visits = visits.clone();
    year_visits.extend((0..10).map(|h| visit(h, "2026-05-03")));
    let year = report_for(&year_visits, &both, Period::Year(2026));
    assert_eq!(year.refused_at_limit.visits, Suppressed);
}
