//! Counting within periods: the periods tile the calendar, begin and end at midnight in Bergen
//! (summer time included), a season ends on its last day, and the over-limit flags are the
//! running count's.

use proptest::prelude::*;

use super::*;
use crate::calendar::{Weekday, bergen_date};

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

fn span(first: &str, last: &str) -> Span {
    Span {
        first: date(first),
        last: date(last),
    }
}

fn limit(max: u16, per: Per, companion_counts: bool) -> Limit {
    Limit {
        max,
        per,
        companion_counts,
    }
}

const SEASON: Season = Season {
    from: Date {
        year: 2026,
        month: 8,
        day: 15,
    },
    to: Date {
        year: 2027,
        month: 6,
        day: 20,
    },
};

#[test]
fn each_period_is_the_one_its_day_is_in() {
    // 2026-12-02 is a Wednesday.
    let day = date("2026-12-02");
    assert_eq!(
        Per::Week.span(day, None),
        Some(span("2026-11-30", "2026-12-06"))
    );
    assert_eq!(
        Per::Month.span(day, None),
        Some(span("2026-12-01", "2026-12-31"))
    );
    assert_eq!(
        Per::Year.span(day, None),
        Some(span("2026-01-01", "2026-12-31"))
    );
    assert_eq!(
        Per::Month.span(date("2028-02-10"), None),
        Some(span("2028-02-01", "2028-02-29")),
        "a leap year's February"
    );
    // A season spans the new year; a day outside it, or an offer without one, has no period.
    assert_eq!(
        Per::Season.span(date("2027-01-03"), Some(SEASON)),
        Some(span("2026-08-15", "2027-06-20"))
    );
    assert_eq!(Per::Season.span(date("2027-06-21"), Some(SEASON)), None);
    assert_eq!(Per::Season.span(date("2026-08-14"), Some(SEASON)), None);
    assert_eq!(Per::Season.span(day, None), None);
}

#[test]
fn a_week_turns_at_midnight_in_bergen_in_winter_and_in_summer() {
    // Summer time began on Sunday 29 March 2026: Monday 30 March starts at 22:00 UTC on Sunday.
    let monday_summer = 1_774_821_600; // 2026-03-29T22:00:00Z
    assert_eq!(bergen_date(monday_summer), date("2026-03-30"));
    assert_eq!(bergen_date(monday_summer - 1), date("2026-03-29"));
    let week = Per::Week.span(date("2026-03-30"), None).unwrap();
    assert_eq!(week.starts_at(), monday_summer);
    let before = Per::Week
        .span(bergen_date(monday_summer - 1), None)
        .unwrap();
    assert_eq!(before.ends_at(), monday_summer);
    assert_ne!(before, week);
    // In winter, Monday 7 December 2026 starts at 23:00 UTC on Sunday.
    let monday_winter = 1_796_598_000; // 2026-12-06T23:00:00Z
    assert_eq!(bergen_date(monday_winter).weekday(), Weekday::Monday);
    assert_eq!(bergen_date(monday_winter - 1).weekday(), Weekday::Sunday);
    assert_eq!(
        Per::Week
            .span(date("2026-12-07"), None)
            .unwrap()
            .starts_at(),
        monday_winter
    );
    // New Year's Eve at 23:30 in Bergen is still the old year, though it is 22:30 UTC.
    let new_year = 1_798_758_000; // 2026-12-31T23:00:00Z = 2027-01-01 00:00 in Bergen
    assert_eq!(bergen_date(new_year - 1_800).year, 2026);
    assert_eq!(bergen_date(new_year).year, 2027);
    assert_eq!(
        Per::Year.span(date("2026-06-01"), None).unwrap().ends_at(),
        new_year
    );
}

#[test]
fn a_season_counts_to_the_end_of_its_last_day_and_not_after() {
    let l = limit(2, Per::Season, false);
    let last = SEASON.to;
    let visits = [
        (date("2026-09-01"), false),
        (last, false),
        (last.add_days(1), false),
        (last.add_days(2), false),
    ];
    assert_eq!(
        l.over_limit(&visits, Some(SEASON)),
        [false, false, false, false],
        "visits after the season count in no period"
    );
    let season = Per::Season.span(last, Some(SEASON)).unwrap();
    assert_eq!(l.used(season, visits), 2);
    // The season ends at midnight in Bergen after its last day (summer time: 22:00 UTC).
    assert_eq!(season.ends_at(), 1_813_528_800); // 2027-06-20T22:00:00Z
    assert_eq!(bergen_date(season.ends_at() - 1), last);
}

#[test]
fn a_companion_uses_a_visit_only_where_companions_count() {
    let year = Per::Year.span(date("2026-05-05"), None).unwrap();
    let visits = [(date("2026-02-01"), true), (date("2026-03-01"), false)];
    assert_eq!(limit(5, Per::Year, false).used(year, visits), 2);
    assert_eq!(limit(5, Per::Year, true).used(year, visits), 3);
    // At four of five, a visit with a companion goes over where companions count.
    let four = [(date("2026-01-02"), false); 4];
    let mut with = four.to_vec();
    with.push((date("2026-06-01"), true));
    assert_eq!(
        limit(5, Per::Year, true).over_limit(&with, None),
        [false, false, false, false, true]
    );
    assert_eq!(
        limit(5, Per::Year, false).over_limit(&with, None),
        [false; 5]
    );
}

#[test]
fn rules_are_checked_where_they_are_set() {
    let l = |max, per| VisitRule::Limited(limit(max, per, false));
    assert_eq!(l(5, Per::Year).problem(None, false), None);
    assert_eq!(VisitRule::Unlimited.problem(None, true), None);
    assert!(l(0, Per::Year).problem(None, false).is_some());
    assert!(l(1000, Per::Week).problem(None, false).is_some());
    assert!(l(999, Per::Week).problem(None, false).is_none());
    assert!(
        l(3, Per::Season).problem(None, false).is_some(),
        "no season"
    );
    assert!(l(3, Per::Season).problem(Some(SEASON), false).is_none());
    assert!(
        l(3, Per::Season).problem(Some(SEASON), true).is_some(),
        "a category has no season"
    );
}

#[test]
fn an_offers_own_rule_comes_before_its_categorys() {
    let mut offer = crate::offer::tests::sample();
    let museums = [CategoryRule {
        category: Category::Museum,
        rule: VisitRule::Limited(limit(6, Per::Year, false)),
    }];
    assert_eq!(
        rule_for(&offer, &museums),
        Some((
            Scope::Category(Category::Museum),
            limit(6, Per::Year, false)
        ))
    );
    assert_eq!(rule_for(&offer, &[]), None);
    offer.visit_rule = Some(VisitRule::Limited(limit(2, Per::Month, true)));
    assert_eq!(
        rule_for(&offer, &museums),
        Some((Scope::Offer(offer.id.clone()), limit(2, Per::Month, true)))
    );
    offer.visit_rule = Some(VisitRule::Unlimited);
    assert_eq!(rule_for(&offer, &museums), None);
}

#[test]
fn the_written_form_reads_back_and_names_a_mistake() {
    for text in [
        "unlimited",
        "5/year",
        "2/week+companion",
        "1/month",
        "10/season",
    ] {
        let rule: VisitRule = text.parse().unwrap();
        assert_eq!(rule.to_string(), text);
    }
    assert_eq!(
        " 5 / År + følge ".parse::<VisitRule>(),
        Ok(VisitRule::Limited(limit(5, Per::Year, true)))
    );
    assert_eq!("Ubegrenset".parse(), Ok(VisitRule::Unlimited));
    for bad in ["", "5", "five/year", "5/decade", "5/year+friend", "-1/week"] {
        let err = bad.parse::<VisitRule>().unwrap_err();
        assert!(err.to_string().contains("5/year"), "{bad}: {err}");
    }
}

#[test]
fn the_wire_form_is_frozen() {
    // Golden: offers and catalogues carry this; a failure here is a format break.
    let rule = VisitRule::Limited(limit(5, Per::Year, true));
    assert_eq!(
        serde_json::to_string(&rule).unwrap(),
        r#"{"kind":"limited","max":5,"per":"year","companion_counts":true}"#
    );
    assert_eq!(
        serde_json::to_string(&VisitRule::Unlimited).unwrap(),
        r#"{"kind":"unlimited"}"#
    );
    assert_eq!(
        serde_json::to_string(&Scope::Offer("kode".into())).unwrap(),
        r#"{"offer":"kode"}"#
    );
    assert_eq!(
        serde_json::to_string(&Scope::Category(Category::Swimming)).unwrap(),
        r#"{"category":"swimming"}"#
    );
    // Older writers left `companion_counts` out: it means no.
    let read: VisitRule =
        serde_json::from_str(r#"{"kind":"limited","max":2,"per":"week"}"#).unwrap();
    assert_eq!(read, VisitRule::Limited(limit(2, Per::Week, false)));
}

/// Days from 2000 to 2060, summer times and leap years included.
fn any_day() -> impl Strategy<Value = Date> {
    (10_957i64..32_872).prop_map(Date::from_days_since_epoch)
}

fn any_per() -> impl Strategy<Value = Per> {
    prop::sample::select(vec![Per::Week, Per::Month, Per::Year])
}

proptest! {
    /// Weeks, months and years tile the calendar: each day is in its period, and the day after
    /// a period's last begins the next one.
    #[test]
    fn periods_tile_the_calendar(day in any_day(), per in any_per()) {
        let span = per.span(day, None).unwrap();
        prop_assert!(span.contains(day));
        let next = per.span(span.last.add_days(1), None).unwrap();
        prop_assert_eq!(next.first, span.last.add_days(1));
        let previous = per.span(span.first.add_days(-1), None).unwrap();
        prop_assert_eq!(previous.last, span.first.add_days(-1));
        if per == Per::Week {
            prop_assert_eq!(span.first.weekday(), Weekday::Monday);
            prop_assert_eq!(span.last.weekday(), Weekday::Sunday);
        }
    }

    /// A period begins and ends at midnight in Bergen: the second before its start is the day
    /// before, its start is its first day, the second before its end its last day.
    #[test]
    fn periods_turn_at_bergen_midnight(day in any_day(), per in any_per()) {
        let span = per.span(day, None).unwrap();
        prop_assert_eq!(bergen_date(span.starts_at()), span.first);
        prop_assert_eq!(bergen_date(span.starts_at() - 1), span.first.add_days(-1));
        prop_assert_eq!(bergen_date(span.ends_at() - 1), span.last);
        prop_assert_eq!(bergen_date(span.ends_at()), span.last.add_days(1));
        prop_assert_eq!(span.ends_at(), per.span(span.last.add_days(1), None).unwrap().starts_at());
    }

    /// A visit counts in exactly the period its Bergen day is in: the sum of what each period
    /// counts is every visit, and `used` agrees with counting by hand.
    #[test]
    fn each_visit_counts_once_in_its_period(
        times in prop::collection::vec(946_684_800u64..2_840_000_000, 0..40),
        companions in prop::collection::vec(any::<bool>(), 40),
        per in any_per(),
        companion_counts in any::<bool>(),
    ) {
        let l = limit(3, per, companion_counts);
        let visits: Vec<(Date, bool)> = times
            .iter()
            .zip(&companions)
            .map(|(&t, &c)| (bergen_date(t), c))
            .collect();
        let spans: std::collections::BTreeSet<Span> = visits
            .iter()
            .map(|(d, _)| per.span(*d, None).unwrap())
            .collect();
        let total: u32 = spans.iter().map(|s| l.used(*s, visits.iter().copied())).sum();
        let expected: u32 = visits.iter().map(|(_, c)| l.uses(*c)).sum();
        prop_assert_eq!(total, expected);
        for (&t, &c) in times.iter().zip(&companions) {
            let s = per.span(bergen_date(t), None).unwrap();
            prop_assert!(s.starts_at() <= t && t < s.ends_at());
            let _ = c;
        }
    }

    /// A visit is over the limit exactly when its period's running count passes `max`; within
    /// a period, once over, every later visit is over too.
    #[test]
    fn over_limit_is_the_running_count(
        days in prop::collection::vec(0i64..120, 0..30),
        companions in prop::collection::vec(any::<bool>(), 30),
        max in 1u16..6,
        per in any_per(),
        companion_counts in any::<bool>(),
    ) {
        let l = limit(max, per, companion_counts);
        let mut days = days;
        days.sort_unstable();
        let start = date("2026-11-20");
        let visits: Vec<(Date, bool)> = days
            .iter()
            .zip(&companions)
            .map(|(&d, &c)| (start.add_days(d), c))
            .collect();
        let flags = l.over_limit(&visits, None);
        for (i, ((day, _), over)) in visits.iter().zip(&flags).enumerate() {
            let span = per.span(*day, None).unwrap();
            let so_far = l.used(span, visits[..=i].iter().copied());
            prop_assert_eq!(*over, so_far > u32::from(max));
        }
        // The visits within the limit never use more than it allows.
        let within: Vec<(Date, bool)> = visits
            .iter()
            .zip(&flags)
            .filter(|(_, over)| !**over)
            .map(|(v, _)| *v)
            .collect();
        for (day, _) in &within {
            let span = per.span(*day, None).unwrap();
            prop_assert!(l.used(span, within.iter().copied()) <= u32::from(max));
        }
    }
}
