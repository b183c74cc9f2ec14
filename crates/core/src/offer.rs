//! An offer in the catalogue (a museum, a swimming course, a concert ...): its fields, their wire
//! form, and the rules an offer must follow before the catalogue takes it.

use serde::{Deserialize, Serialize};

use crate::calendar::{Date, Time, Weekday};
use crate::district::District;
use crate::visit_rule::VisitRule;

/// An offer's id: a short slug chosen by Kulturetaten (`kode-familiesondag`), stable across edits
/// so favourites and visit statistics keep pointing at the same offer.
pub type OfferId = String;

/// Text in bokmål, optionally also in English, Ukrainian and Arabic. Bokmål is always there; the
/// app falls back to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Text {
    /// Required. Titles have at most 120 characters in each language, summaries 300,
    /// descriptions 5000.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 5000))]
    pub nb: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ar: Option<String>,
}

impl Text {
    pub fn nb(text: impl Into<String>) -> Text {
        Text {
            nb: text.into(),
            ..Text::default()
        }
    }

    /// The text in `lang` (`"nb"`, `"en"`, `"uk"`, `"ar"`), or bokmål when it has none.
    pub fn get(&self, lang: &str) -> &str {
        let other = match lang {
            "en" => &self.en,
            "uk" => &self.uk,
            "ar" => &self.ar,
            _ => &None,
        };
        other.as_deref().unwrap_or(&self.nb)
    }

    fn all(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.nb.as_str()).chain(
            [&self.en, &self.uk, &self.ar]
                .into_iter()
                .filter_map(|t| t.as_deref()),
        )
    }
}

/// What kind of offer it is; the app's category filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Museums and galleries (KODE, Bergen Kunsthall ...).
    Museum,
    /// Concerts and music.
    Music,
    /// Theatre, dance and film.
    Stage,
    /// Sports clubs and training.
    Sport,
    /// Swimming courses and pools.
    Swimming,
    /// Outdoor life and nature.
    Outdoor,
    /// Leisure activities in culture: courses, workshops, clubs (at least six weeks).
    CultureActivity,
    /// Experiences and single events.
    Event,
}

impl Category {
    pub const ALL: [Category; 8] = [
        Category::Museum,
        Category::Music,
        Category::Stage,
        Category::Sport,
        Category::Swimming,
        Category::Outdoor,
        Category::CultureActivity,
        Category::Event,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Category::Museum => "museum",
            Category::Music => "music",
            Category::Stage => "stage",
            Category::Sport => "sport",
            Category::Swimming => "swimming",
            Category::Outdoor => "outdoor",
            Category::CultureActivity => "culture_activity",
            Category::Event => "event",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.slug() == slug)
    }

    /// The words families search for this kind of offer with, in the app's four languages, so
    /// that typing "svømming" finds every swimming course even where the title says
    /// "Svømmekurs" or "Babysvømming". The phone's search index includes them.
    pub fn search_words(self) -> &'static str {
        match self {
            Category::Museum => {
                "museum museer kunst utstilling art exhibition музей мистецтво виставка متحف فن معرض"
            }
            Category::Music => "musikk konsert music concert музика концерт موسيقى حفلة",
            Category::Stage => {
                "teater scene dans film theatre theater dance cinema театр танці кіно مسرح رقص سينما"
            }
            Category::Sport => {
                "idrett sport trening fotball training football спорт тренування футбол رياضة تدريب كرة"
            }
            Category::Swimming => {
                "svømming svømmekurs bading swimming swim плавання басейн سباحة مسبح"
            }
            Category::Outdoor => {
                "friluftsliv tur natur outdoors hiking nature природа похід طبيعة رحلة"
            }
            Category::CultureActivity => {
                "kultur kurs verksted culture course workshop культура курс майстерня ثقافة دورة ورشة"
            }
            Category::Event => "arrangement opplevelse event experience подія захід فعالية",
        }
    }
}

/// Facts about access that families ask about before they go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Accessibility {
    /// Step-free access to the offer (ramp or lift).
    StepFree,
    /// A hearing loop.
    HearingLoop,
    /// An accessible toilet.
    AccessibleToilet,
    /// Sign language available or interpreted.
    SignLanguage,
    /// Sensory-friendly: quiet room or low-stimulus sessions.
    SensoryFriendly,
}

impl Accessibility {
    pub const ALL: [Accessibility; 5] = [
        Accessibility::StepFree,
        Accessibility::HearingLoop,
        Accessibility::AccessibleToilet,
        Accessibility::SignLanguage,
        Accessibility::SensoryFriendly,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Accessibility::StepFree => "step_free",
            Accessibility::HearingLoop => "hearing_loop",
            Accessibility::AccessibleToilet => "accessible_toilet",
            Accessibility::SignLanguage => "sign_language",
            Accessibility::SensoryFriendly => "sensory_friendly",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Accessibility> {
        Accessibility::ALL.into_iter().find(|a| a.slug() == slug)
    }
}

/// A point on the map (WGS 84 degrees).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeoPoint {
    /// Offers are in Bergen kommune.
    #[cfg_attr(feature = "openapi", schema(minimum = 60.0, maximum = 60.7))]
    pub lat: f64,
    #[cfg_attr(feature = "openapi", schema(minimum = 4.8, maximum = 5.8))]
    pub lon: f64,
}

impl GeoPoint {
    /// Great-circle distance in metres (haversine), for "near me" sorting offline.
    pub fn distance_m(self, other: GeoPoint) -> f64 {
        const EARTH_RADIUS_M: f64 = 6_371_000.0;
        let (la1, la2) = (self.lat.to_radians(), other.lat.to_radians());
        let dlat = la2 - la1;
        let dlon = (other.lon - self.lon).to_radians();
        let a = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().asin()
    }
}

/// One dated occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Occurrence {
    pub date: Date,
    pub start: Time,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Time>,
}

/// A weekly slot: the same time every week (within the season).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklySlot {
    pub weekday: Weekday,
    pub start: Time,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Time>,
}

/// When the offer happens: on given dates, or every week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Schedule {
    Dates {
        #[cfg_attr(feature = "openapi", schema(min_items = 1))]
        dates: Vec<Occurrence>,
    },
    Weekly {
        #[cfg_attr(feature = "openapi", schema(min_items = 1))]
        slots: Vec<WeeklySlot>,
    },
}

/// From when to when the offer runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Season {
    pub from: Date,
    pub to: Date,
}

/// Whether a place must be booked first, and how.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booking {
    pub required: bool,
    /// How to book, in words ("Ring 55 55 55 55 innen fredag").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^https?://"))]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// An offer as the catalogue holds it and the app caches it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offer {
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = String, min_length = 1, max_length = 64, pattern = "^[a-z0-9-]+$")
    )]
    pub id: OfferId,
    pub title: Text,
    /// One or two sentences for the list.
    pub summary: Text,
    /// Everything else, for the detail page.
    pub description: Text,
    pub category: Category,
    /// Who runs it (a club, a museum foundation).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub organiser: String,
    /// Where it happens (the venue's name).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub venue: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub address: String,
    pub district: District,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<GeoPoint>,
    /// Not above `age_max`.
    #[cfg_attr(feature = "openapi", schema(maximum = 17))]
    pub age_min: u8,
    /// The card covers ages 0–17.
    #[cfg_attr(feature = "openapi", schema(maximum = 17))]
    pub age_max: u8,
    pub schedule: Schedule,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub season: Option<Season>,
    /// Whether one companion gets in free with the card.
    pub companion_included: bool,
    /// How many free visits a card gets here; absent: the category's rule, if it has one
    /// (`visit_rule.rs`). Apps from before visit rules ignore it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_rule: Option<VisitRule>,
    #[serde(default)]
    pub booking: Booking,
    #[serde(default)]
    pub accessibility: Vec<Accessibility>,
    /// The path of the offer's thumbnail (`/api/v1/images/{id}.jpg`), when it has one. Set by the
    /// server when an image is uploaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Demo data, not a real offer: the app marks it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub demo: bool,
    /// When the offer last changed (Unix seconds). Set by the server.
    #[serde(default)]
    pub changed_at: u64,
}

/// One thing wrong with an offer, named by its field, for showing next to that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    fn new(field: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// The oldest age the card covers (0–17).
pub const MAX_AGE: u8 = 17;

impl Offer {
    /// Every rule the offer breaks; empty when it may go into the catalogue.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 64
            && self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            errors.push(FieldError::new(
                "id",
                "1–64 characters: lower-case letters a–z, digits and hyphens",
            ));
        }
        let mut text = |field: &str, t: &Text, max: usize| {
            if t.nb.trim().is_empty() {
                errors.push(FieldError::new(field, "the bokmål text is required"));
            }
            if t.all().any(|s| s.chars().count() > max) {
                errors.push(FieldError::new(field, format!("at most {max} characters")));
            }
        };
        text("title", &self.title, 120);
        text("summary", &self.summary, 300);
        text("description", &self.description, 5000);
        for (field, value) in [
            ("organiser", &self.organiser),
            ("venue", &self.venue),
            ("address", &self.address),
        ] {
            if value.trim().is_empty() {
                errors.push(FieldError::new(field, "required"));
            } else if value.chars().count() > 200 {
                errors.push(FieldError::new(field, "at most 200 characters"));
            }
        }
        if let Some(p) = self.location {
            // Bergen kommune lies within roughly 60.1–60.6 N, 4.9–5.7 E.
            let in_bergen = (60.0..=60.7).contains(&p.lat) && (4.8..=5.8).contains(&p.lon);
            if !in_bergen {
                errors.push(FieldError::new(
                    "location",
                    "the coordinates are not in Bergen (latitude 60.0–60.7, longitude 4.8–5.8)",
                ));
            }
        }
        if self.age_max > MAX_AGE {
            errors.push(FieldError::new("age_max", "the card covers ages 0–17"));
        }
        if self.age_min > self.age_max {
            errors.push(FieldError::new(
                "age_min",
                "must not be above the highest age",
            ));
        }
        match &self.schedule {
            Schedule::Dates { dates } if dates.is_empty() => {
                errors.push(FieldError::new("schedule", "give at least one date"))
            }
            Schedule::Weekly { slots } if slots.is_empty() => {
                errors.push(FieldError::new("schedule", "give at least one weekly time"))
            }
            _ => {}
        }
        let ends_before_start = match &self.schedule {
            Schedule::Dates { dates } => dates.iter().any(|o| o.end.is_some_and(|e| e <= o.start)),
            Schedule::Weekly { slots } => slots.iter().any(|s| s.end.is_some_and(|e| e <= s.start)),
        };
        if ends_before_start {
            errors.push(FieldError::new(
                "schedule",
                "an end time is not after its start",
            ));
        }
        if let Some(season) = self.season
            && season.to < season.from
        {
            errors.push(FieldError::new(
                "season",
                "the season ends before it starts",
            ));
        }
        if let Some(problem) = self
            .visit_rule
            .and_then(|rule| rule.problem(self.season, false))
        {
            errors.push(FieldError::new("visit_rule", problem));
        }
        if let Some(url) = &self.booking.url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            errors.push(FieldError::new(
                "booking.url",
                "a web address starting with https://",
            ));
        }
        if self.booking.required
            && self.booking.how.is_none()
            && self.booking.url.is_none()
            && self.booking.phone.is_none()
        {
            errors.push(FieldError::new(
                "booking",
                "say how to book: in words, a web address or a phone number",
            ));
        }
        errors
    }

    /// The next time the offer happens on or after `today` (date and start time), if any.
    pub fn next_occurrence(&self, today: Date) -> Option<(Date, Time)> {
        let in_season = |d: Date| self.season.is_none_or(|s| s.from <= d && d <= s.to);
        match &self.schedule {
            Schedule::Dates { dates } => dates
                .iter()
                .filter(|o| o.date >= today)
                .map(|o| (o.date, o.start))
                .min(),
            Schedule::Weekly { slots } => (0..371)
                .map(|i| today.add_days(i))
                .filter(|&d| in_season(d))
                .find_map(|d| {
                    slots
                        .iter()
                        .filter(|s| s.weekday == d.weekday())
                        .map(|s| s.start)
                        .min()
                        .map(|t| (d, t))
                }),
        }
    }
}

/// Lower case, and the Norwegian letters spelled as people type them without a Norwegian
/// keyboard: ø→o, æ→ae, å→a. The phone's search index and the admin area's list fold both the
/// text and what is typed; the search's tokenizer removes other diacritics (é, ü ...).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ø' => out.push('o'),
            'æ' => out.push_str("ae"),
            'å' => out.push('a'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::fold;

    #[test]
    fn folding_spells_norwegian_letters_as_typed_without_them() {
        assert_eq!(fold("Svømming i Åsane"), "svomming i asane");
        assert_eq!(fold("Bjørnæs KODE"), "bjornaes kode");
    }

    use super::*;

    pub(crate) fn sample() -> Offer {
        Offer {
            id: "kode-familiesondag".into(),
            title: Text::nb("Familiesøndag på KODE"),
            summary: Text::nb("Verksted for hele familien."),
            description: Text::nb("Tegn og mal sammen med kunstnere."),
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
                slots: vec![WeeklySlot {
                    weekday: Weekday::Sunday,
                    start: "12:00".parse().unwrap(),
                    end: Some("15:00".parse().unwrap()),
                }],
            },
            season: Some(Season {
                from: "2026-08-15".parse().unwrap(),
                to: "2026-12-20".parse().unwrap(),
            }),
            companion_included: true,
            visit_rule: None,
            booking: Booking::default(),
            accessibility: vec![Accessibility::StepFree, Accessibility::HearingLoop],
            image: None,
            demo: false,
            changed_at: 0,
        }
    }

    #[test]
    fn a_good_offer_passes_and_round_trips_through_json() {
        let offer = sample();
        assert_eq!(offer.validate(), vec![]);
        let json = serde_json::to_string(&offer).unwrap();
        assert!(json.contains(r#""schedule":{"kind":"weekly","slots":[{"weekday":"sunday","start":"12:00","end":"15:00"}]}"#), "{json}");
        assert_eq!(serde_json::from_str::<Offer>(&json).unwrap(), offer);
    }

    #[test]
    fn each_broken_rule_names_its_field() {
        type BreakIt = fn(&mut Offer);
        let cases: Vec<(BreakIt, &str)> = vec![
            (|o| o.id = "Has Spaces".into(), "id"),
            (|o| o.title.nb = " ".into(), "title"),
            (|o| o.venue = String::new(), "venue"),
            (|o| o.age_max = 18, "age_max"),
            (|o| o.age_min = 13, "age_min"),
            (
                |o| {
                    o.location = Some(GeoPoint {
                        lat: 59.9,
                        lon: 10.7,
                    })
                },
                "location",
            ),
            (
                |o| o.schedule = Schedule::Dates { dates: vec![] },
                "schedule",
            ),
            (
                |o| {
                    o.season = Some(Season {
                        from: "2026-12-01".parse().unwrap(),
                        to: "2026-11-01".parse().unwrap(),
                    })
                },
                "season",
            ),
            (|o| o.booking.required = true, "booking"),
            (
                |o| o.booking.url = Some("javascript:alert(1)".into()),
                "booking.url",
            ),
        ];
        for (break_it, field) in cases {
            let mut offer = sample();
            break_it(&mut offer);
            let errors = offer.validate();
            assert_eq!(errors.len(), 1, "{field}: {errors:?}");
            assert_eq!(errors[0].field, field);
        }
    }

    #[test]
    fn next_occurrence_follows_the_weekly_schedule_within_the_season() {
        let offer = sample();
        // 2026-11-25 is a Wednesday; the next Sunday is the 29th.
        let next = offer
            .next_occurrence("2026-11-25".parse().unwrap())
            .unwrap();
        assert_eq!(
            (next.0.to_string(), next.1.to_string()),
            ("2026-11-29".into(), "12:00".into())
        );
        assert_eq!(offer.next_occurrence("2026-12-21".parse().unwrap()), None);
    }

    #[test]
    fn distance_between_two_bergen_places() {
        let kode = GeoPoint {
            lat: 60.3887,
            lon: 5.3252,
        };
        let asane = GeoPoint {
            lat: 60.4650,
            lon: 5.3260,
        };
        let d = kode.distance_m(asane);
        assert!((8400.0..8600.0).contains(&d), "{d}");
    }
}
