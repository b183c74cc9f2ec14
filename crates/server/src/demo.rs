//! Demo data for trying the product: a catalogue of Bergen offers (marked as demo, a few with
//! visit limits, and a limit for theatre, dance and film), three demo cards, a demo venue, KODE as
//! a provider keeping its offers with refunds set, and a year of plausible visits so the
//! statistics and the settlement are not empty. Loaded once into an empty database; fresh
//! activation codes and keys are printed at every demo start.

use std::fmt;

use aktivitetskortet_core::api::{CheckIn, IssueCardRequest};
use aktivitetskortet_core::calendar::{Date, bergen_date};
use aktivitetskortet_core::offer::{Category, Offer};
use aktivitetskortet_core::stats::Period;
use aktivitetskortet_core::token::{CardId, CompanionRule};
use aktivitetskortet_core::visit_rule::{CategoryRule, Limit, Per, VisitRule};

use crate::store::{self, Conn};
use crate::{audit, auth, cards};

const OFFERS: &str = include_str!("../demo/offers.json");

/// The three cards whose codes are printed: a family with children of different ages.
const CARDS: [(&str, u16, CompanionRule); 3] = [
    ("Amina", 2015, CompanionRule::OneAtPublicEvents),
    ("Daria", 2022, CompanionRule::OneAtPublicEvents),
    ("Jonas", 2011, CompanionRule::OneAtPublicEvents),
];

/// The demo provider: KODE keeps its own offers, refunded at these amounts per person (øre).
const PROVIDER: &str = "KODE";
const PROVIDER_OFFERS: [(&str, u32); 5] = [
    ("kode-familiesondag", 7_500),
    ("kode-ungdomskveld", 7_500),
    ("troldhaugen-familiekonsert", 12_000),
    ("troldhaugen-museum", 6_000),
    ("siljustol-skattejakt", 5_000),
];

/// What a demo start prints.
pub struct DemoKeys {
    pub admin_key: String,
    pub venue_key: String,
    pub provider_key: String,
    pub codes: Vec<(String, String)>,
}

impl fmt::Display for DemoKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Demo data (not real cards or offers):")?;
        for (name, code) in &self.codes {
            writeln!(f, "  activation code for {name:<6} {code}")?;
        }
        writeln!(f, "  venue key  {}", self.venue_key)?;
        writeln!(
            f,
            "  provider key  {}  ({PROVIDER}: its own offers, visits and settlement)",
            self.provider_key
        )?;
        writeln!(f, "  admin key  {}", self.admin_key)
    }
}

/// A small deterministic generator, so the demo visits are the same on every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

pub fn load(conn: &mut Conn, now: u64) -> anyhow::Result<DemoKeys> {
    let first_time = !store::catalogue::has_offers(conn)?;
    let offers: Vec<Offer> = serde_json::from_str(OFFERS)?;
    let today = bergen_date(now);
    let mut tx = conn.transaction()?;
    if first_time {
        let version = store::catalogue::next_version(&mut tx)?;
        for mut offer in offers.clone() {
            store::catalogue::put_offer(&mut tx, &mut offer, version, now)?;
        }
        // Moss-style: six free visits a year to theatre, dance and film, together.
        store::visit_limits::set_category_rules(
            &mut tx,
            &[CategoryRule {
                category: Category::Stage,
                rule: VisitRule::Limited(Limit {
                    max: 6,
                    per: Per::Year,
                    companion_counts: false,
                }),
            }],
        )?;
    }
    let provider_key = demo_provider(&mut tx, first_time, now)?;
    // The printed cards: made once, then a fresh code at every start.
    let mut codes = Vec::new();
    for (name, birth_year, companion) in CARDS {
        let existing = store::cards::demo_card(&mut tx, name)?;
        let code = match existing {
            Some((id, until)) if until.parse::<Date>().is_ok_and(|u| u >= today) => {
                cards::new_code(&mut tx, &id, until.parse()?, now)?.0
            }
            _ => {
                let request = IssueCardRequest {
                    given_name: name.into(),
                    birth_year,
                    valid_from: today,
                    valid_until: today.add_days(180),
                    companion,
                    language: None,
                };
                cards::create_card(&mut tx, &request, true, now)
                    .map_err(|e| anyhow::anyhow!("demo card: {e}"))?
                    .activation_code
            }
        };
        codes.push((name.to_owned(), code));
    }
    let offer_ids: Vec<String> = offers.iter().map(|o| o.id.clone()).collect();
    let (venue_id, venue_key) =
        auth::create_venue_key(&mut tx, "Demo venue (all demo offers)", &offer_ids, now)?;
    let (admin_id, admin_key) = auth::create_admin_key(&mut tx, "demo", auth::ADMIN_KEY_DAYS, now)?;
    audit::record(
        &mut tx,
        None,
        audit::Action::AdminKeyCreate,
        &admin_id.to_string(),
        now,
    )?;
    if first_time {
        add_year_of_visits(&mut tx, &offers, venue_id, now)?;
    }
    tx.commit()?;
    Ok(DemoKeys {
        admin_key,
        venue_key,
        provider_key,
        codes,
    })
}

/// The demo provider, made on the first start with its offers and refunds; a fresh key at
/// every start (the old one stops working).
fn demo_provider(conn: &mut Conn, first_time: bool, now: u64) -> anyhow::Result<String> {
    let existing = store::providers::providers(conn)?
        .into_iter()
        .find(|p| p.name == PROVIDER && p.revoked_at.is_none());
    match existing {
        Some(provider) if !first_time => {
            let key = crate::secrets::new_api_key("ak_provider")?;
            store::providers::replace_key(conn, provider.id, &crate::secrets::hash(&key))?;
            Ok(key)
        }
        _ => {
            let (id, key) = auth::create_provider(conn, PROVIDER, now)?;
            for (offer, refund) in PROVIDER_OFFERS {
                store::providers::set_offer_terms(conn, offer, Some(id), Some(refund))?;
            }
            Ok(key)
        }
    }
}

/// About 3 000 visits a year by 150 demo holders, from 1 January of the newest closed year to
/// yesterday (so the statistics have a whole closed year and the quarters since), each visiting
/// offers that fit their age, more often in school holidays and weekends, a third with a
/// companion.
fn add_year_of_visits(
    conn: &mut Conn,
    offers: &[Offer],
    venue_id: i64,
    now: u64,
) -> anyhow::Result<()> {
    let mut rng = Lcg(0x5eed_2026);
    let today = bergen_date(now);
    let names = [
        "Ali", "Sofie", "Mohammed", "Nora", "Yusuf", "Ella", "Ivan", "Maja", "Omar", "Ingrid",
    ];
    // The newest closed year (last year, or the one before in the first half of January).
    let closed_year = if Period::Year(today.year - 1).is_closed(today) {
        today.year - 1
    } else {
        today.year - 2
    };
    let first = Date::new(closed_year, 1, 1).expect("1 January");
    let mut holders = Vec::new();
    for i in 0..150u64 {
        let id = CardId((0xdead_0000_0000_0000u64 | i).to_be_bytes()).to_string();
        let birth_year = today.year as u16 - 1 - rng.below(17) as u16;
        store::cards::insert_card(
            conn,
            &store::cards::NewCard {
                id: &id,
                given_name: names[i as usize % names.len()],
                birth_year,
                companion: CompanionRule::OneAtPublicEvents,
                valid_from: first,
                valid_until: today.add_days(-185),
                language: "nb",
                demo: true,
            },
            first.to_unix(),
        )?;
        holders.push((id, birth_year));
    }
    let days = (today.days_since_epoch() - first.days_since_epoch()) as u64;
    let mut count = 0;
    let mut rules = crate::visit_limits::Rules::new();
    while count < 3_000 * days / 365 {
        let day = today.add_days(-(rng.below(days) as i64) - 1);
        let busy = matches!(day.month, 6 | 7 | 10 | 12) || day.weekday() as u8 >= 5;
        if !busy && rng.below(3) == 0 {
            continue;
        }
        let (card, birth_year) = &holders[rng.below(holders.len() as u64) as usize];
        let age = (day.year - i32::from(*birth_year)).clamp(0, 17) as u8;
        let fitting: Vec<&Offer> = offers
            .iter()
            .filter(|o| o.age_min <= age && age <= o.age_max)
            .collect();
        if fitting.is_empty() {
            continue;
        }
        let offer = fitting[rng.below(fitting.len() as u64) as usize];
        let at = day.to_unix() + 36_000 + rng.below(28_800);
        let companion = offer.companion_included && rng.below(3) == 0;
        let checkin = CheckIn {
            id: format!("demo-{count}"),
            card_id: card.clone(),
            offer_id: offer.id.clone(),
            at,
            companion,
            limit: None,
        };
        crate::visits::store(conn, &mut rules, venue_id, &checkin, *birth_year, now)?
            .map_err(|reason| anyhow::anyhow!("demo visit refused: {reason:?}"))?;
        count += 1;
    }
    Ok(())
}
