//! The offer CSV's tests: round trips, spreadsheets' quirks, and every error by line and field.

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

fn date(s: &str) -> crate::calendar::Date {
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
            nb: "Tegn og mal sammen med kunstnere.\nTa med \"gamle\" klær; det blir søl!".into(),
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
        visit_rule: Some("5/season+companion".parse().unwrap()),
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
        visit_rule: None,
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
        visit_rule: None,
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
    assert_eq!(&record[34], "step_free;hearing_loop");
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

#[test]
fn a_visit_rule_is_read_in_its_written_form_and_checked() {
    let text = [
        format!("{},visit_rule", header()),
        format!("{},5/år+følge", row(&[("id", "a")])),
        format!("{},", row(&[("id", "b")])),
        format!("{},unlimited", row(&[("id", "c")])),
    ]
    .join("\n");
    let offers = parse(&text).unwrap();
    assert_eq!(
        offers
            .iter()
            .map(|o| o.visit_rule.map(|r| r.to_string()))
            .collect::<Vec<_>>(),
        [
            Some("5/year+companion".to_owned()),
            None,
            Some("unlimited".to_owned())
        ]
    );
    // Not a rule, and a season rule for an offer without a season: each named on its line.
    let text = [
        format!("{},visit_rule", header()),
        format!("{},five a year", row(&[("id", "a")])),
        format!("{},3/season", row(&[("id", "b")])),
    ]
    .join("\n");
    let errors = parse(&text).unwrap_err();
    assert_eq!(
        places(&errors),
        [(Some(2), Some("visit_rule")), (Some(3), Some("visit_rule"))],
        "{errors:#?}"
    );
    assert!(errors[0].message.contains("5/year"), "{errors:#?}");
    assert!(errors[1].message.contains("season"), "{errors:#?}");
}
