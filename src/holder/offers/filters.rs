//! The offers screen's search and filter choices, and how they become a query of the phone's
//! catalogue. Plain data, kept while the person moves between screens, and tested without one.

use std::collections::BTreeSet;

use aktivitetskortet_client::search::{OfferQuery, Sort};
use aktivitetskortet_core::calendar::{Date, Weekday};
use aktivitetskortet_core::district::District;
use aktivitetskortet_core::offer::{Accessibility, Category, GeoPoint, MAX_AGE};

/// Offers shown per "show more".
pub const PAGE: u32 = 30;

/// The age filter: by default the selected holder's age, until the person picks another or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgeChoice {
    #[default]
    Holder,
    Any,
    Age(u8),
}

/// The day filter. Weekdays mean the next such day (today when it is that day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DayChoice {
    #[default]
    Any,
    Today,
    Tomorrow,
    Next(Weekday),
    On(Date),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortChoice {
    #[default]
    Soonest,
    /// Nearest first; needs the device's position.
    Nearest,
    Name,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filters {
    pub text: String,
    pub categories: BTreeSet<Category>,
    pub districts: BTreeSet<District>,
    pub age: AgeChoice,
    pub day: DayChoice,
    pub companion: bool,
    pub accessibility: BTreeSet<Accessibility>,
    pub sort: SortChoice,
    /// How many pages of results are shown.
    pub pages: u32,
}

impl Filters {
    /// The age the results are for: the holder's (when that is the choice and there is a
    /// holder), the chosen one, or none.
    pub fn age(&self, holder_age: Option<u16>) -> Option<u8> {
        match self.age {
            AgeChoice::Holder => holder_age.map(|a| a.min(u16::from(MAX_AGE)) as u8),
            AgeChoice::Any => None,
            AgeChoice::Age(a) => Some(a),
        }
    }

    /// The date the day choice stands for, as of `today`.
    pub fn date(&self, today: Date) -> Option<Date> {
        match self.day {
            DayChoice::Any => None,
            DayChoice::Today => Some(today),
            DayChoice::Tomorrow => Some(today.add_days(1)),
            DayChoice::Next(weekday) => (0..7)
                .map(|i| today.add_days(i))
                .find(|d| d.weekday() == weekday),
            DayChoice::On(date) => Some(date),
        }
    }

    /// The catalogue query. A "nearest" sort without a position falls back to "soonest".
    pub fn query(
        &self,
        holder_age: Option<u16>,
        today: Date,
        position: Option<GeoPoint>,
    ) -> OfferQuery {
        OfferQuery {
            text: self.text.clone(),
            categories: self.categories.iter().copied().collect(),
            districts: self.districts.iter().copied().collect(),
            age: self.age(holder_age),
            date: self.date(today),
            weekday: None,
            companion_included: self.companion,
            accessibility: self.accessibility.iter().copied().collect(),
            favourites_only: false,
            sort: match (self.sort, position) {
                (SortChoice::Nearest, Some(point)) => Sort::Distance(point),
                (SortChoice::Name, _) => Sort::Name,
                _ => Sort::Soonest,
            },
            page: 0,
            page_size: PAGE * self.pages.max(1),
        }
    }

    /// How many filters narrow the results (the age preset counts only when it applies): for
    /// the "Clear filters" button and the summary read out with the count.
    pub fn active(&self, holder_age: Option<u16>) -> usize {
        let age = usize::from(self.age(holder_age).is_some());
        let text = usize::from(!self.text.trim().is_empty());
        let day = usize::from(self.day != DayChoice::Any);
        text + self.categories.len()
            + self.districts.len()
            + age
            + day
            + usize::from(self.companion)
            + self.accessibility.len()
    }

    /// A clean start: no text and no filters, not even the holder's age; the sort stays.
    pub fn cleared(&self) -> Filters {
        Filters {
            age: AgeChoice::Any,
            sort: self.sort,
            ..Filters::default()
        }
    }
}

/// Adds `value` to `set`, or takes it out when it is there (a chip's press).
pub fn toggle<T: Ord>(set: &mut BTreeSet<T>, value: T) {
    if !set.remove(&value) {
        set.insert(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn the_age_is_the_holders_until_the_person_picks_another() {
        let mut filters = Filters::default();
        assert_eq!(filters.age(Some(11)), Some(11));
        assert_eq!(filters.age(None), None, "no card, no age");
        assert_eq!(
            filters.age(Some(19)),
            Some(17),
            "never past the card's ages"
        );
        filters.age = AgeChoice::Any;
        assert_eq!(filters.age(Some(11)), None);
        filters.age = AgeChoice::Age(4);
        assert_eq!(filters.age(Some(11)), Some(4));
    }

    #[test]
    fn day_choices_become_dates() {
        // 2026-12-02 is a Wednesday.
        let today = date("2026-12-02");
        let on = |day| Filters {
            day,
            ..Filters::default()
        };
        assert_eq!(on(DayChoice::Any).date(today), None);
        assert_eq!(on(DayChoice::Today).date(today), Some(today));
        assert_eq!(
            on(DayChoice::Tomorrow).date(today),
            Some(date("2026-12-03"))
        );
        assert_eq!(
            on(DayChoice::Next(Weekday::Saturday)).date(today),
            Some(date("2026-12-05"))
        );
        assert_eq!(
            on(DayChoice::Next(Weekday::Wednesday)).date(today),
            Some(today),
            "today is that day"
        );
        assert_eq!(
            on(DayChoice::On(date("2027-01-09"))).date(today),
            Some(date("2027-01-09"))
        );
    }

    #[test]
    fn the_query_carries_every_choice() {
        let mut filters = Filters {
            text: "svømming".into(),
            companion: true,
            sort: SortChoice::Nearest,
            pages: 2,
            ..Filters::default()
        };
        toggle(&mut filters.districts, District::Fana);
        toggle(&mut filters.districts, District::Asane);
        toggle(&mut filters.districts, District::Asane);
        toggle(&mut filters.categories, Category::Swimming);
        toggle(&mut filters.accessibility, Accessibility::StepFree);
        let here = GeoPoint {
            lat: 60.39,
            lon: 5.32,
        };
        let today = date("2026-12-02");
        let q = filters.query(Some(4), today, Some(here));
        assert_eq!(q.text, "svømming");
        assert_eq!(q.districts, vec![District::Fana]);
        assert_eq!(q.categories, vec![Category::Swimming]);
        assert_eq!(q.accessibility, vec![Accessibility::StepFree]);
        assert_eq!(q.age, Some(4));
        assert!(q.companion_included && !q.favourites_only);
        assert_eq!(q.sort, Sort::Distance(here));
        assert_eq!((q.page, q.page_size), (0, 60));
        assert_eq!(filters.active(Some(4)), 6);
        // Without a position "nearest" cannot sort, and falls back to the soonest.
        assert_eq!(filters.query(None, today, None).sort, Sort::Soonest);
        let cleared = filters.cleared();
        assert_eq!(cleared.active(Some(4)), 0);
        assert_eq!(cleared.sort, SortChoice::Nearest);
        assert_eq!(cleared.query(None, today, None).page_size, PAGE);
    }
}
