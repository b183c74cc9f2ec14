//! The admin's offer form as typed (every field a string, as the inputs hold it) and the offer it
//! stands for. Reading the form gives every problem at once, each under the field it belongs
//! to, from the form's own reading (a number that is not one) and from the catalogue's rules
//! (`Offer::validate`), so messages appear next to the fields before anything is sent.

use std::collections::BTreeSet;

use aktivitetskortet_core::calendar::{Date, Time, Weekday};
use aktivitetskortet_core::district::District;
use aktivitetskortet_core::offer::{
    Accessibility, Booking, Category, FieldError, GeoPoint, Occurrence, Offer, Schedule, Season,
    Text, WeeklySlot,
};
use aktivitetskortet_core::visit_rule::{Limit, Per, VisitRule};

/// One weekly time, as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SlotForm {
    pub weekday: String,
    pub start: String,
    pub end: String,
}

/// One dated time, as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DateForm {
    pub date: String,
    pub start: String,
    pub end: String,
}

/// The offer form. Texts are by language; `weekly` says which schedule list counts.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferForm {
    pub id: String,
    pub title: [String; 4],
    pub summary: [String; 4],
    pub description: [String; 4],
    pub category: String,
    pub organiser: String,
    pub venue: String,
    pub address: String,
    pub district: String,
    pub lat: String,
    pub lon: String,
    pub age_min: String,
    pub age_max: String,
    pub weekly: bool,
    pub slots: Vec<SlotForm>,
    pub dates: Vec<DateForm>,
    pub season_from: String,
    pub season_to: String,
    pub companion: bool,
    pub booking_required: bool,
    pub booking_how: String,
    pub booking_url: String,
    pub booking_phone: String,
    pub accessibility: BTreeSet<Accessibility>,
    /// The visit rule: `category` (the category's rule, if any), `unlimited` or `limited`, and
    /// for a limit its number, period and whether a companion uses a visit.
    pub rule: String,
    pub rule_max: String,
    pub rule_per: String,
    pub rule_companion: bool,
    /// Kept as they were: set by the server, not by the form.
    pub image: Option<String>,
    pub demo: bool,
}

impl Default for OfferForm {
    fn default() -> OfferForm {
        OfferForm {
            id: String::new(),
            title: Default::default(),
            summary: Default::default(),
            description: Default::default(),
            category: Category::Museum.slug().into(),
            organiser: String::new(),
            venue: String::new(),
            address: String::new(),
            district: District::Bergenhus.slug().into(),
            lat: String::new(),
            lon: String::new(),
            age_min: "0".into(),
            age_max: "17".into(),
            weekly: true,
            slots: vec![SlotForm {
                weekday: "saturday".into(),
                start: "12:00".into(),
                end: String::new(),
            }],
            dates: vec![],
            season_from: String::new(),
            season_to: String::new(),
            companion: true,
            booking_required: false,
            booking_how: String::new(),
            booking_url: String::new(),
            booking_phone: String::new(),
            accessibility: BTreeSet::new(),
            rule: "category".into(),
            rule_max: "5".into(),
            rule_per: Per::Year.slug().into(),
            rule_companion: false,
            image: None,
            demo: false,
        }
    }
}

fn text_of(texts: &[String; 4]) -> Text {
    let optional = |s: &String| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    Text {
        nb: texts[0].trim().to_owned(),
        en: optional(&texts[1]),
        uk: optional(&texts[2]),
        ar: optional(&texts[3]),
    }
}

fn texts(text: &Text) -> [String; 4] {
    [
        text.nb.clone(),
        text.en.clone().unwrap_or_default(),
        text.uk.clone().unwrap_or_default(),
        text.ar.clone().unwrap_or_default(),
    ]
}

impl OfferForm {
    /// The form for an offer that exists.
    pub fn from_offer(offer: &Offer) -> OfferForm {
        let (weekly, slots, dates) = match &offer.schedule {
            Schedule::Weekly { slots } => (
                true,
                slots
                    .iter()
                    .map(|s| SlotForm {
                        weekday: s.weekday.slug().into(),
                        start: s.start.to_string(),
                        end: s.end.map(|t| t.to_string()).unwrap_or_default(),
                    })
                    .collect(),
                vec![],
            ),
            Schedule::Dates { dates } => (
                false,
                vec![],
                dates
                    .iter()
                    .map(|o| DateForm {
                        date: o.date.to_string(),
                        start: o.start.to_string(),
                        end: o.end.map(|t| t.to_string()).unwrap_or_default(),
                    })
                    .collect(),
            ),
        };
        let limit = offer.visit_rule.and_then(|r| r.limit());
        OfferForm {
            id: offer.id.clone(),
            title: texts(&offer.title),
            summary: texts(&offer.summary),
            description: texts(&offer.description),
            category: offer.category.slug().into(),
            organiser: offer.organiser.clone(),
            venue: offer.venue.clone(),
            address: offer.address.clone(),
            district: offer.district.slug().into(),
            lat: offer
                .location
                .map(|p| p.lat.to_string())
                .unwrap_or_default(),
            lon: offer
                .location
                .map(|p| p.lon.to_string())
                .unwrap_or_default(),
            age_min: offer.age_min.to_string(),
            age_max: offer.age_max.to_string(),
            weekly,
            slots,
            dates,
            season_from: offer.season.map(|s| s.from.to_string()).unwrap_or_default(),
            season_to: offer.season.map(|s| s.to.to_string()).unwrap_or_default(),
            companion: offer.companion_included,
            booking_required: offer.booking.required,
            booking_how: offer
                .booking
                .how
                .as_ref()
                .map(|h| h.nb.clone())
                .unwrap_or_default(),
            booking_url: offer.booking.url.clone().unwrap_or_default(),
            booking_phone: offer.booking.phone.clone().unwrap_or_default(),
            accessibility: offer.accessibility.iter().copied().collect(),
            rule: match offer.visit_rule {
                None => "category",
                Some(VisitRule::Unlimited) => "unlimited",
                Some(VisitRule::Limited(_)) => "limited",
            }
            .into(),
            rule_max: limit.map_or_else(|| "5".into(), |l| l.max.to_string()),
            rule_per: limit.map_or(Per::Year, |l| l.per).slug().into(),
            rule_companion: limit.is_some_and(|l| l.companion_counts),
            image: offer.image.clone(),
            demo: offer.demo,
        }
    }

    /// The offer, or every problem under its field (`Offer::validate`'s field names, and the
    /// form's own for what it could not read).
    pub fn to_offer(&self) -> Result<Offer, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: &str| {
            errors.push(FieldError {
                field: field.into(),
                message: message.into(),
            })
        };
        let age = |s: &str| s.trim().parse::<u8>().ok();
        let age_min = age(&self.age_min).unwrap_or_else(|| {
            fail("age_min", AGE_NUMBER);
            0
        });
        let age_max = age(&self.age_max).unwrap_or_else(|| {
            fail("age_max", AGE_NUMBER);
            17
        });
        let number = |s: &str| s.trim().replace(',', ".").parse::<f64>().ok();
        let location = match (self.lat.trim(), self.lon.trim()) {
            ("", "") => None,
            (lat, lon) => match (number(lat), number(lon)) {
                (Some(lat), Some(lon)) => Some(GeoPoint { lat, lon }),
                _ => {
                    fail("location", LOCATION_NUMBERS);
                    None
                }
            },
        };
        let time = |s: &str| s.trim().parse::<Time>().ok();
        let end = |s: &str| match s.trim() {
            "" => Ok(None),
            t => t.parse::<Time>().map(Some).map_err(|_| ()),
        };
        let schedule = if self.weekly {
            let mut slots = Vec::new();
            for slot in &self.slots {
                let weekday = Weekday::from_slug(&slot.weekday);
                match (weekday, time(&slot.start), end(&slot.end)) {
                    (Some(weekday), Some(start), Ok(end)) => slots.push(WeeklySlot {
                        weekday,
                        start,
                        end,
                    }),
                    _ => fail("schedule", WEEKLY_ROW),
                }
            }
            Schedule::Weekly { slots }
        } else {
            let mut dates = Vec::new();
            for d in &self.dates {
                match (d.date.trim().parse::<Date>(), time(&d.start), end(&d.end)) {
                    (Ok(date), Some(start), Ok(end)) => dates.push(Occurrence { date, start, end }),
                    _ => fail("schedule", DATE_ROW),
                }
            }
            Schedule::Dates { dates }
        };
        let season = match (self.season_from.trim(), self.season_to.trim()) {
            ("", "") => None,
            (from, to) => match (from.parse::<Date>(), to.parse::<Date>()) {
                (Ok(from), Ok(to)) => Some(Season { from, to }),
                _ => {
                    fail("season", SEASON_DATES);
                    None
                }
            },
        };
        let category = Category::from_slug(&self.category).unwrap_or_else(|| {
            fail("category", "choose a category");
            Category::Event
        });
        let district = District::ALL
            .into_iter()
            .find(|d| d.slug() == self.district)
            .unwrap_or_else(|| {
                fail("district", "choose a district");
                District::Bergenhus
            });
        let visit_rule = match self.rule.as_str() {
            "unlimited" => Some(VisitRule::Unlimited),
            "limited" => {
                let max = self.rule_max.trim().parse::<u16>().ok();
                let per = Per::from_slug(&self.rule_per);
                match (max, per) {
                    (Some(max), Some(per)) => Some(VisitRule::Limited(Limit {
                        max,
                        per,
                        companion_counts: self.rule_companion,
                    })),
                    _ => {
                        fail("visit_rule", RULE_NUMBER);
                        None
                    }
                }
            }
            _ => None,
        };
        let optional = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let offer = Offer {
            id: self.id.trim().to_owned(),
            title: text_of(&self.title),
            summary: text_of(&self.summary),
            description: text_of(&self.description),
            category,
            organiser: self.organiser.trim().to_owned(),
            venue: self.venue.trim().to_owned(),
            address: self.address.trim().to_owned(),
            district,
            location,
            age_min,
            age_max,
            schedule,
            season,
            companion_included: self.companion,
            visit_rule,
            booking: Booking {
                required: self.booking_required,
                how: optional(&self.booking_how).map(Text::nb),
                url: optional(&self.booking_url),
                phone: optional(&self.booking_phone),
            },
            accessibility: self.accessibility.iter().copied().collect(),
            image: self.image.clone(),
            demo: self.demo,
            changed_at: 0,
        };
        // The catalogue's rules, for what the form could read (one message per field).
        for e in offer.validate() {
            if !errors.iter().any(|have| have.field == e.field) {
                errors.push(e);
            }
        }
        if errors.is_empty() {
            Ok(offer)
        } else {
            Err(errors)
        }
    }
}

/// The catalogue's and the card rules' messages (English, from the core) in the admin's
/// language; a message not known here is shown as it is.
pub fn localise(lang: crate::shared::i18n::Lang, message: &str) -> String {
    use crate::shared::i18n::{t, tr};
    if let Some(max) = message
        .strip_prefix("at most ")
        .and_then(|rest| rest.strip_suffix(" characters"))
    {
        return tr(
            lang,
            "admin-msg-too-long",
            &[("max", max.to_owned().into())],
        );
    }
    if let Some(character) = message
        .strip_prefix(
            "a given name has only letters, with a space, hyphen or apostrophe between them; ",
        )
        .and_then(|rest| rest.strip_suffix(" is not allowed"))
    {
        return tr(
            lang,
            "admin-msg-name-character",
            &[("character", character.to_owned().into())],
        );
    }
    let id = match message {
        "required" => "admin-msg-required",
        "the bokmål text is required" => "admin-msg-bokmal-required",
        "1–64 characters: lower-case letters a–z, digits and hyphens" => "admin-msg-id",
        "the card covers ages 0–17" => "admin-msg-ages",
        "must not be above the highest age" => "admin-msg-age-order",
        "give at least one date" => "admin-msg-one-date",
        "give at least one weekly time" => "admin-msg-one-time",
        "an end time is not after its start" => "admin-msg-end-before-start",
        "the season ends before it starts" => "admin-msg-season-order",
        "a web address starting with https://" => "admin-msg-url",
        "say how to book: in words, a web address or a phone number" => "admin-msg-booking",
        "the coordinates are not in Bergen (latitude 60.0–60.7, longitude 4.8–5.8)" => {
            "admin-msg-not-bergen"
        }
        AGE_NUMBER => "admin-msg-age-number",
        LOCATION_NUMBERS => "admin-msg-location-number",
        WEEKLY_ROW => "admin-msg-weekly-row",
        DATE_ROW => "admin-msg-date-row",
        SEASON_DATES => "admin-msg-season-dates",
        RULE_NUMBER => "admin-msg-rule-number",
        "the offer has no season to count in: give it a season first" => "admin-msg-rule-season",
        "a category has no season: count per week, month or year" => {
            "admin-msg-rule-category-season"
        }
        "the card is for children and youths aged 0–17" => "admin-msg-card-ages",
        "the card ends before it starts" => "admin-msg-card-order",
        "a card lasts at most half a year" => "admin-msg-card-length",
        "the card would already have ended" => "admin-msg-card-ended",
        "one of nb, en, uk, ar" => "admin-msg-language",
        "the given name is empty" => "admin-msg-name-empty",
        "the given name is longer than 48 bytes; use the first given name" => "admin-msg-name-long",
        "the given name has control, format or bidi characters, or spaces at its ends" => {
            "admin-msg-name-clean"
        }
        "a given name starts and ends with a letter and has one space, hyphen or apostrophe at a time between letters" => {
            "admin-msg-name-shape"
        }
        _ => return message.to_owned(),
    };
    t(lang, id)
}

const AGE_NUMBER: &str = "a whole number from 0 to 17";
const LOCATION_NUMBERS: &str = "latitude and longitude as decimal numbers, e.g. 60.3887 and 5.3252";
const WEEKLY_ROW: &str =
    "each weekly time needs a weekday and a start (HH:MM); the end is optional";
const DATE_ROW: &str =
    "each date needs a date (YYYY-MM-DD) and a start (HH:MM); the end is optional";
const SEASON_DATES: &str = "both the first and the last day, as YYYY-MM-DD";
const RULE_NUMBER: &str = "the number of free visits must be 1–999";

/// The messages for `field` among `errors`.
pub fn messages_for<'a>(errors: &'a [FieldError], field: &str) -> Vec<&'a str> {
    errors
        .iter()
        .filter(|e| e.field == field)
        .map(|e| e.message.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Vec<Offer> {
        serde_json::from_str(include_str!("../../../crates/server/demo/offers.json")).unwrap()
    }

    #[test]
    fn every_demo_offer_survives_the_form() {
        for offer in demo() {
            let back = OfferForm::from_offer(&offer).to_offer().unwrap();
            let mut expected = offer.clone();
            // The form keeps bokmål booking words only, and the facts in their own order.
            expected.booking.how = expected.booking.how.map(|h| Text::nb(h.nb));
            expected.accessibility.sort();
            assert_eq!(back, expected, "{}", offer.id);
        }
    }

    #[test]
    fn an_empty_form_names_every_missing_field() {
        let form = OfferForm {
            age_min: "x".into(),
            lat: "60.39".into(),
            weekly: false,
            ..OfferForm::default()
        };
        let errors = form.to_offer().unwrap_err();
        let fields: BTreeSet<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for field in [
            "id",
            "title",
            "summary",
            "description",
            "organiser",
            "venue",
            "address",
            "age_min",
            "location",
            "schedule",
        ] {
            assert!(fields.contains(field), "{field} in {fields:?}");
        }
        assert_eq!(messages_for(&errors, "age_min"), [AGE_NUMBER]);
    }

    /// Every message the rules give is shown in Norwegian: a changed message in the core would
    /// otherwise fall back to English without anyone noticing.
    #[test]
    fn every_rule_message_is_in_norwegian() {
        use aktivitetskortet_core::api::IssueCardRequest;
        use aktivitetskortet_core::token::CompanionRule;

        use crate::shared::i18n::Lang;

        let mut messages: Vec<String> = Vec::new();
        let base = demo()[0].clone();
        let broken: Vec<fn(&mut Offer)> = vec![
            |o| o.id = "Bad Id".into(),
            |o| o.title.nb = String::new(),
            |o| o.title.en = Some("x".repeat(200)),
            |o| o.venue = String::new(),
            |o| o.age_max = 30,
            |o| o.age_min = 16,
            |o| o.schedule = Schedule::Dates { dates: vec![] },
            |o| o.schedule = Schedule::Weekly { slots: vec![] },
            |o| {
                o.location = Some(GeoPoint {
                    lat: 59.9,
                    lon: 10.7,
                })
            },
            |o| {
                o.booking = Booking {
                    required: true,
                    how: None,
                    url: None,
                    phone: None,
                }
            },
            |o| o.booking.url = Some("www.example.org".into()),
            |o| {
                if let Some(s) = &mut o.season {
                    std::mem::swap(&mut s.from, &mut s.to);
                }
            },
        ];
        for breakage in broken {
            let mut o = base.clone();
            breakage(&mut o);
            messages.extend(o.validate().into_iter().map(|e| e.message));
        }
        let mut form = OfferForm::from_offer(&base);
        form.age_min = "x".into();
        form.lat = "x".into();
        form.season_from = "x".into();
        form.slots[0].start = "x".into();
        messages.extend(form.to_offer().unwrap_err().into_iter().map(|e| e.message));
        let today: Date = "2026-12-02".parse().unwrap();
        let card = IssueCardRequest {
            given_name: " Amina".into(),
            birth_year: 1990,
            valid_from: today,
            valid_until: today.add_days(-1),
            companion: CompanionRule::None,
            language: Some("fr".into()),
        };
        let mut bracket = card.clone();
        bracket.given_name = "Amina (NAV)".into();
        let mut long = card.clone();
        long.given_name = "x".repeat(60);
        long.valid_until = today.add_days(400);
        for request in [card, bracket, long] {
            messages.extend(
                aktivitetskortet_core::cards_csv::check_request(&request, today)
                    .into_iter()
                    .map(|d| d.message),
            );
        }
        assert!(messages.len() >= 15, "{messages:?}");
        for message in messages {
            assert_ne!(
                localise(Lang::Nb, &message),
                message,
                "not translated: {message:?}"
            );
        }
    }

    #[test]
    fn times_dates_and_coordinates_are_read_or_refused() {
        let mut form = OfferForm::from_offer(&demo()[0]);
        form.slots[0].start = "25:00".into();
        form.season_to = "31.12.2026".into();
        form.lon = "5,3252".into();
        let errors = form.to_offer().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["schedule", "season"], "a decimal comma is fine");
    }
}
