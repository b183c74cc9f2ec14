//! Search and filters over the cached catalogue, offline: free text (FTS5, forgiving about
//! Norwegian letters and case), category, district, age, date or weekday, companion,
//! accessibility and favourites; sorted by soonest, distance or name; paged.

use aktivitetskortet_core::calendar::{Date, Time, Weekday};
use aktivitetskortet_core::district::District;
use aktivitetskortet_core::offer::{Accessibility, Category, GeoPoint, Offer};
use rusqlite::ToSql;

use aktivitetskortet_core::offer::fold;

use crate::store::{Catalogue, StoreError, Wallet};

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Sort {
    /// The next date first; offers with no coming date last.
    #[default]
    Soonest,
    /// Nearest to a point first (offers without coordinates last).
    Distance(GeoPoint),
    Name,
}

/// A search. Empty lists mean "any"; several values in a list mean "any of these", except
/// accessibility, where every fact asked for must hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OfferQuery {
    pub text: String,
    pub categories: Vec<Category>,
    pub districts: Vec<District>,
    /// Offers open to this age (the app presets the selected holder's age).
    pub age: Option<u8>,
    /// Offers that happen on this date.
    pub date: Option<Date>,
    /// Offers that happen on this weekday.
    pub weekday: Option<Weekday>,
    pub companion_included: bool,
    pub accessibility: Vec<Accessibility>,
    pub favourites_only: bool,
    pub sort: Sort,
    /// 0-based.
    pub page: u32,
    pub page_size: u32,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferHit {
    pub offer: Offer,
    pub next: Option<(Date, Time)>,
    /// Metres from the point of a distance sort.
    pub distance_m: Option<f64>,
    pub favourite: bool,
}

/// A page of results and how many there are in all.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferPage {
    pub total: u32,
    pub hits: Vec<OfferHit>,
}

/// The FTS5 query for what was typed: each word folded, quoted (so no FTS syntax leaks in) and
/// matched as a prefix, all words required.
fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" AND "))
}

impl Catalogue<'_> {
    /// Runs `query` against the cached catalogue, as of `today` (for "soonest" and dates).
    pub fn search(&mut self, query: &OfferQuery, today: Date) -> Result<OfferPage, StoreError> {
        self.refresh_next_dates(today)?;
        let mut conditions: Vec<String> = Vec::new();
        let mut args: Vec<Box<dyn ToSql>> = Vec::new();
        let arg = |value: Box<dyn ToSql>, args: &mut Vec<Box<dyn ToSql>>| {
            args.push(value);
            format!("?{}", args.len())
        };
        if let Some(fts) = fts_query(&query.text) {
            let p = arg(Box::new(fts), &mut args);
            conditions.push(format!(
                "o.rowid IN (SELECT rowid FROM offers_fts WHERE offers_fts MATCH {p})"
            ));
        }
        if !query.categories.is_empty() {
            let list: Vec<String> = query
                .categories
                .iter()
                .map(|c| arg(Box::new(c.slug()), &mut args))
                .collect();
            conditions.push(format!("o.category IN ({})", list.join(",")));
        }
        if !query.districts.is_empty() {
            let list: Vec<String> = query
                .districts
                .iter()
                .map(|d| arg(Box::new(d.slug()), &mut args))
                .collect();
            conditions.push(format!("o.district IN ({})", list.join(",")));
        }
        if let Some(age) = query.age {
            let p = arg(Box::new(age), &mut args);
            conditions.push(format!("o.age_min <= {p} AND {p} <= o.age_max"));
        }
        if let Some(date) = query.date {
            let day = arg(Box::new(date.to_string()), &mut args);
            let bit = arg(Box::new(1i64 << date.weekday() as u8), &mut args);
            let pattern = arg(Box::new(format!("%,{date},%")), &mut args);
            // Dated offers on that date, or weekly offers on that weekday within their season.
            conditions.push(format!(
                "(o.dates LIKE {pattern} OR (o.dates = ',' AND (o.weekdays & {bit}) != 0
                  AND (o.season_from IS NULL OR o.season_from <= {day})
                  AND (o.season_to IS NULL OR {day} <= o.season_to)))"
            ));
        }
        if let Some(weekday) = query.weekday {
            let bit = arg(Box::new(1i64 << weekday as u8), &mut args);
            conditions.push(format!("(o.weekdays & {bit}) != 0"));
        }
        if query.companion_included {
            conditions.push("o.companion = 1".into());
        }
        for fact in &query.accessibility {
            let p = arg(Box::new(format!("%,{},%", fact.slug())), &mut args);
            conditions.push(format!("o.accessibility LIKE {p}"));
        }
        if query.favourites_only {
            conditions.push("o.id IN (SELECT offer_id FROM favourites)".into());
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let from = "FROM offers o";
        // The count takes only the filter's parameters; the sort may add more.
        let filter_args = args.len();
        let order = match query.sort {
            Sort::Soonest => "o.next_on, o.next_at, o.title_sort, o.id".to_owned(),
            Sort::Name => "o.title_sort, o.id".to_owned(),
            Sort::Distance(point) => {
                // An equirectangular distance is enough to order places within a city.
                let lat = arg(Box::new(point.lat), &mut args);
                let lon = arg(Box::new(point.lon), &mut args);
                let k = arg(Box::new(point.lat.to_radians().cos()), &mut args);
                format!(
                    "o.lat IS NULL, (o.lat - {lat}) * (o.lat - {lat}) + \
                     (o.lon - {lon}) * {k} * (o.lon - {lon}) * {k}, o.title_sort, o.id"
                )
            }
        };
        let params: Vec<&dyn ToSql> = args.iter().map(|a| a.as_ref()).collect();
        let total: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) {from} {filter}"),
            &params[..filter_args],
            |r| r.get(0),
        )?;
        let page_size = query.page_size.clamp(1, 200);
        let sql = format!(
            "SELECT o.data, o.next_on, o.next_at,
                    EXISTS (SELECT 1 FROM favourites f WHERE f.offer_id = o.id) {from} {filter}
             ORDER BY {order} LIMIT {page_size} OFFSET {}",
            u64::from(query.page) * u64::from(page_size)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params.as_slice(), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
            ))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (json, next_on, next_at, favourite) = row?;
            let offer: Offer = serde_json::from_str(&json)?;
            let next = match (next_on, next_at) {
                (d, _) if d == crate::store::NO_NEXT_DATE => None,
                (d, t) => Some((
                    d.parse().map_err(|e| StoreError::Corrupt(format!("{e}")))?,
                    t.parse().map_err(|e| StoreError::Corrupt(format!("{e}")))?,
                )),
            };
            let distance_m = match (query.sort, offer.location) {
                (Sort::Distance(point), Some(at)) => Some(point.distance_m(at)),
                _ => None,
            };
            hits.push(OfferHit {
                offer,
                next,
                distance_m,
                favourite,
            });
        }
        Ok(OfferPage {
            total: total as u32,
            hits,
        })
    }
}

impl Wallet<'_> {
    /// Marks or unmarks an offer as a favourite (kept when the offer leaves the catalogue, in
    /// case it comes back).
    pub fn set_favourite(
        &mut self,
        offer_id: &str,
        favourite: bool,
        now: u64,
    ) -> Result<(), StoreError> {
        if favourite {
            self.conn.execute(
                "INSERT OR IGNORE INTO favourites (offer_id, added_at) VALUES (?1, ?2)",
                rusqlite::params![offer_id, now as i64],
            )?;
        } else {
            self.conn
                .execute("DELETE FROM favourites WHERE offer_id = ?1", [offer_id])?;
        }
        Ok(())
    }

    pub fn favourites(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT offer_id FROM favourites ORDER BY added_at, offer_id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;
    use aktivitetskortet_core::api::CatalogueResponse;
    use aktivitetskortet_core::offer::{Booking, Occurrence, Schedule, Season, Text, WeeklySlot};

    use super::*;

    fn offer(
        id: &str,
        title: &str,
        category: Category,
        district: District,
        ages: (u8, u8),
    ) -> Offer {
        Offer {
            id: id.into(),
            title: Text::nb(title),
            summary: Text::nb(format!("{title} for barn.")),
            description: Text::nb("Gratis med kortet."),
            category,
            organiser: "Bergen kommune".into(),
            venue: format!("{title} hus"),
            address: "Strandkaien 1, 5013 Bergen".into(),
            district,
            location: None,
            age_min: ages.0,
            age_max: ages.1,
            schedule: Schedule::Weekly {
                slots: vec![WeeklySlot {
                    weekday: Weekday::Saturday,
                    start: "12:00".parse().unwrap(),
                    end: None,
                }],
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

    /// 2026-11-25, a Wednesday.
    fn today() -> Date {
        "2026-11-25".parse().unwrap()
    }

    fn store() -> Store {
        let mut svom = offer(
            "svom",
            "Svømming i Åsane",
            Category::Swimming,
            District::Asane,
            (6, 12),
        );
        svom.location = Some(GeoPoint {
            lat: 60.465,
            lon: 5.326,
        });
        svom.accessibility = vec![Accessibility::StepFree, Accessibility::HearingLoop];
        svom.season = Some(Season {
            from: "2026-08-17".parse().unwrap(),
            to: "2026-12-18".parse().unwrap(),
        });
        let mut kode = offer(
            "kode",
            "KODE familiesøndag",
            Category::Museum,
            District::Bergenhus,
            (0, 17),
        );
        kode.location = Some(GeoPoint {
            lat: 60.389,
            lon: 5.325,
        });
        kode.companion_included = true;
        kode.accessibility = vec![Accessibility::StepFree];
        kode.schedule = Schedule::Weekly {
            slots: vec![WeeklySlot {
                weekday: Weekday::Sunday,
                start: "12:00".parse().unwrap(),
                end: None,
            }],
        };
        let mut konsert = offer(
            "konsert",
            "Julekonsert for barn",
            Category::Music,
            District::Fana,
            (3, 10),
        );
        konsert.location = Some(GeoPoint {
            lat: 60.30,
            lon: 5.35,
        });
        konsert.schedule = Schedule::Dates {
            dates: vec![Occurrence {
                date: "2026-12-05".parse().unwrap(),
                start: "17:00".parse().unwrap(),
                end: None,
            }],
        };
        let fotball = offer(
            "fotball",
            "Fotball i Arna",
            Category::Sport,
            District::Arna,
            (13, 17),
        );
        let mut store = Store::open_in_memory().unwrap();
        store
            .catalogue()
            .apply_catalogue(
                &CatalogueResponse {
                    version: 1,
                    full: true,
                    offers: vec![svom, kode, konsert, fotball],
                    removed: vec![],
                    category_rules: vec![],
                },
                today(),
            )
            .unwrap();
        store
    }

    fn ids(store: &mut Store, query: OfferQuery) -> Vec<String> {
        let query = OfferQuery {
            page_size: 50,
            ..query
        };
        store
            .catalogue()
            .search(&query, today())
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.offer.id)
            .collect()
    }

    #[test]
    fn an_index_made_by_an_older_app_is_rebuilt_when_the_store_opens() {
        let mut store = store();
        store.conn.execute("DELETE FROM offers_fts", []).unwrap();
        store
            .conn
            .execute(
                "UPDATE catalogue_meta SET value = '1' WHERE key = 'search_index'",
                [],
            )
            .unwrap();
        let svomming = || OfferQuery {
            text: "svomming".into(),
            ..OfferQuery::default()
        };
        assert!(ids(&mut store, svomming()).is_empty());
        let mut reopened = Store::from_image(&store.image().unwrap()).unwrap();
        reopened
            .load_catalogue_image(&store.catalogue_image().unwrap())
            .unwrap();
        assert_eq!(ids(&mut reopened, svomming()), vec!["svom"]);
    }

    #[test]
    fn filters_table() {
        let mut store = store();
        store.wallet().set_favourite("fotball", true, 1).unwrap();
        let q = OfferQuery::default;
        let cases: Vec<(&str, OfferQuery, Vec<&str>)> = vec![
            (
                "everything, soonest first (ties by name)",
                q(),
                vec!["fotball", "svom", "kode", "konsert"],
            ),
            (
                "svomming finds svømming",
                OfferQuery {
                    text: "svomming".into(),
                    ..q()
                },
                vec!["svom"],
            ),
            (
                "the category's name in another language finds it",
                OfferQuery {
                    text: "плавання".into(),
                    ..q()
                },
                vec!["svom"],
            ),
            (
                "asane finds Åsane",
                OfferQuery {
                    text: "asane".into(),
                    ..q()
                },
                vec!["svom"],
            ),
            (
                "kode finds KODE",
                OfferQuery {
                    text: "kode".into(),
                    ..q()
                },
                vec!["kode"],
            ),
            (
                "prefixes, all words",
                OfferQuery {
                    text: "jule barn".into(),
                    ..q()
                },
                vec!["konsert"],
            ),
            (
                "FTS syntax is just text",
                OfferQuery {
                    text: "(\"kode*) ^".into(),
                    ..q()
                },
                vec!["kode"],
            ),
            (
                "category",
                OfferQuery {
                    categories: vec![Category::Music, Category::Sport],
                    ..q()
                },
                vec!["fotball", "konsert"],
            ),
            (
                "district",
                OfferQuery {
                    districts: vec![District::Bergenhus],
                    ..q()
                },
                vec!["kode"],
            ),
            (
                "age 14",
                OfferQuery {
                    age: Some(14),
                    ..q()
                },
                vec!["fotball", "kode"],
            ),
            (
                "age 2",
                OfferQuery {
                    age: Some(2),
                    ..q()
                },
                vec!["kode"],
            ),
            (
                "on a date: the concert's Saturday",
                OfferQuery {
                    date: Some("2026-12-05".parse().unwrap()),
                    ..q()
                },
                vec!["fotball", "svom", "konsert"],
            ),
            (
                "a Saturday after the swimming season",
                OfferQuery {
                    date: Some("2026-12-19".parse().unwrap()),
                    ..q()
                },
                vec!["fotball"],
            ),
            (
                "weekday sunday",
                OfferQuery {
                    weekday: Some(Weekday::Sunday),
                    ..q()
                },
                vec!["kode"],
            ),
            (
                "companion",
                OfferQuery {
                    companion_included: true,
                    ..q()
                },
                vec!["kode"],
            ),
            (
                "all accessibility facts",
                OfferQuery {
                    accessibility: vec![Accessibility::StepFree, Accessibility::HearingLoop],
                    ..q()
                },
                vec!["svom"],
            ),
            (
                "favourites",
                OfferQuery {
                    favourites_only: true,
                    ..q()
                },
                vec!["fotball"],
            ),
            (
                "by name",
                OfferQuery {
                    sort: Sort::Name,
                    ..q()
                },
                vec!["fotball", "konsert", "kode", "svom"],
            ),
            (
                "nearest to Åsane, no location last",
                OfferQuery {
                    sort: Sort::Distance(GeoPoint {
                        lat: 60.47,
                        lon: 5.33,
                    }),
                    ..q()
                },
                vec!["svom", "kode", "konsert", "fotball"],
            ),
            (
                "nothing matches",
                OfferQuery {
                    text: "zzzz".into(),
                    ..q()
                },
                vec![],
            ),
        ];
        for (name, query, expected) in cases {
            assert_eq!(ids(&mut store, query), expected, "{name}");
        }
    }

    #[test]
    fn pages_and_totals() {
        let mut store = store();
        let query = OfferQuery {
            page: 1,
            page_size: 3,
            sort: Sort::Name,
            ..OfferQuery::default()
        };
        let page = store.catalogue().search(&query, today()).unwrap();
        assert_eq!(page.total, 4);
        assert_eq!(page.hits.len(), 1);
        assert_eq!(page.hits[0].offer.id, "svom");
        let first = store
            .catalogue()
            .search(&OfferQuery { page: 0, ..query }, today())
            .unwrap();
        assert_eq!(
            first.hits[0].next.map(|(d, _)| d.to_string()),
            Some("2026-11-28".into())
        );
    }

    #[test]
    fn next_dates_follow_the_day() {
        let mut store = store();
        let query = OfferQuery {
            text: "julekonsert".into(),
            page_size: 5,
            ..OfferQuery::default()
        };
        let later: Date = "2026-12-06".parse().unwrap();
        let hit = &store.catalogue().search(&query, later).unwrap().hits[0];
        assert_eq!(hit.next, None, "the concert has been");
    }
}
