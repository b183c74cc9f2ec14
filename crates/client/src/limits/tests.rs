//! The door's count (the device's own visits and the signed limit list) and the phone's
//! allowance, on a store in memory.

use std::collections::BTreeMap;

use aktivitetskortet_core::api::{AtLimit, CatalogueResponse, CheckIn};
use aktivitetskortet_core::offer::Category;
use aktivitetskortet_core::token::IssuerKey;
use aktivitetskortet_core::visit_rule::{Per, VisitRule};

use super::*;

/// 2026-12-02 12:00 UTC, a Wednesday.
const NOW: u64 = 1_796_212_800;
const CARD: CardId = CardId([0xab; 8]);

fn limited(max: u16, per: Per, companion_counts: bool) -> VisitRule {
    VisitRule::Limited(Limit {
        max,
        per,
        companion_counts,
    })
}

fn offer(id: &str, category: Category, rule: Option<VisitRule>) -> Offer {
    let mut offer: Offer = serde_json::from_value(serde_json::json!({
        "id": id, "title": {"nb": id}, "summary": {"nb": "s"}, "description": {"nb": "d"},
        "category": category, "organiser": "o", "venue": "v", "address": "a",
        "district": "bergenhus", "age_min": 0, "age_max": 17,
        "schedule": {"kind": "weekly", "slots": [{"weekday": "monday", "start": "10:00"}]},
        "companion_included": true,
    }))
    .unwrap();
    offer.visit_rule = rule;
    offer
}

/// A store whose catalogue has a KODE offer with 2 a week (companions count), two pools under
/// the swimming category's 3 a month, and an unlimited pool.
fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let offers = vec![
        offer("kode", Category::Museum, Some(limited(2, Per::Week, true))),
        offer("pool-a", Category::Swimming, None),
        offer("pool-b", Category::Swimming, None),
        offer("pool-free", Category::Swimming, Some(VisitRule::Unlimited)),
    ];
    store
        .catalogue()
        .apply_catalogue(
            &CatalogueResponse {
                version: 1,
                full: true,
                offers,
                removed: vec![],
                category_rules: vec![CategoryRule {
                    category: Category::Swimming,
                    rule: limited(3, Per::Month, false),
                }],
            },
            bergen_date(NOW),
        )
        .unwrap();
    store
}

fn visit(store: &mut Store, offer: &str, at: u64, companion: bool, limit: Option<AtLimit>) {
    let id = format!("{offer}-{at}-{companion}");
    store
        .desk()
        .queue_checkin(&CheckIn {
            id,
            card_id: CARD.to_string(),
            offer_id: offer.into(),
            at,
            companion,
            limit,
        })
        .unwrap();
}

fn door(store: &mut Store, offer: &str) -> Option<AtTheDoor> {
    at_the_door(store, CARD, offer, NOW, &[], None).unwrap()
}

#[test]
fn the_device_counts_its_own_visits_in_the_period_by_the_offers_rule() {
    let mut store = store();
    assert_eq!(door(&mut store, "pool-free"), None, "unlimited");
    assert_eq!(door(&mut store, "unknown"), None, "not in the catalogue");
    let kode = door(&mut store, "kode").unwrap();
    assert_eq!((kode.used_here, kode.reached()), (0, false));
    assert!(kode.companion_fits());

    // Monday of this week with a companion (companions count: 2 of 2); last Sunday's visit is
    // in the week before; a refusal is no visit.
    visit(&mut store, "kode", NOW - 2 * 86_400, true, None);
    visit(
        &mut store,
        "kode",
        NOW - 3 * 86_400 - 3_600 * 13,
        false,
        None,
    );
    visit(&mut store, "kode", NOW - 60, false, Some(AtLimit::Refused));
    let kode = door(&mut store, "kode").unwrap();
    assert_eq!(kode.used_here, 2);
    assert!(kode.reached());
    assert!(!kode.companion_fits());

    // The swimming category's pool: visits to both pools count, not the unlimited one.
    visit(&mut store, "pool-a", NOW - 86_400, false, None);
    visit(
        &mut store,
        "pool-b",
        NOW - 7_200,
        false,
        Some(AtLimit::Override),
    );
    visit(&mut store, "pool-free", NOW - 3_600, false, None);
    let pool = door(&mut store, "pool-b").unwrap();
    assert_eq!(pool.limit.max, 3);
    assert_eq!((pool.used_here, pool.reached()), (2, false));
    visit(&mut store, "pool-a", NOW - 600, false, None);
    assert!(door(&mut store, "pool-a").unwrap().reached());
}

#[test]
fn the_signed_limit_list_says_what_other_devices_counted() {
    let mut store = store();
    let key = IssuerKey::from_seed(&[9; 32]);
    let keys = [key.public_key()];
    let list = |sequence, until| LimitList {
        sequence,
        issued_at: NOW - 300,
        venue: 3,
        reached: BTreeMap::from([((CARD, "pool-a".to_owned()), until)]),
    };
    let end_of_month = 1_798_758_000; // 2027-01-01 00:00 in Bergen
    store
        .desk()
        .save_limit_list(&list(2, end_of_month).sign(&key), &keys, 3)
        .unwrap();
    let pool = at_the_door(&mut store, CARD, "pool-a", NOW, &keys, Some(3))
        .unwrap()
        .unwrap();
    assert!(pool.listed && pool.reached());
    assert_eq!(pool.used_here, 0);
    // Another offer of the category is not in the list: the server lists each offer.
    let other = at_the_door(&mut store, CARD, "pool-b", NOW, &keys, Some(3))
        .unwrap()
        .unwrap();
    assert!(!other.listed);
    // An older list, another venue's, or one signed by a stranger is refused; the held stays.
    for (signed, venue) in [
        (list(1, end_of_month).sign(&key), 3),
        (list(5, end_of_month).sign(&key), 4),
        (
            list(5, end_of_month).sign(&IssuerKey::from_seed(&[8; 32])),
            3,
        ),
    ] {
        assert!(store.desk().save_limit_list(&signed, &keys, venue).is_err());
    }
    assert_eq!(store.desk().limit_list(&keys, 3).unwrap().sequence, 2);
    // A listed period that is over no longer counts.
    store
        .desk()
        .save_limit_list(&list(3, NOW).sign(&key), &keys, 3)
        .unwrap();
    let pool = at_the_door(&mut store, CARD, "pool-a", NOW, &keys, Some(3))
        .unwrap()
        .unwrap();
    assert!(!pool.listed);
    // The list goes with the venue.
    store.desk().forget_venue().unwrap();
    assert_eq!(store.desk().limit_list(&keys, 3), None);
}

#[test]
fn uploaded_visits_a_limit_still_counts_are_kept() {
    let mut store = store();
    visit(&mut store, "pool-a", NOW - 5 * 86_400, false, None);
    visit(&mut store, "kode", NOW - 5 * 86_400, false, None);
    let ids: Vec<String> = store
        .desk()
        .pending_checkins()
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    let upload = store.desk().next_upload().unwrap().unwrap();
    store
        .desk()
        .finish_upload(
            &upload,
            &aktivitetskortet_core::api::CheckInReceipt {
                accepted: ids.len() as u32,
                duplicates: 0,
                refused: vec![],
            },
        )
        .unwrap();
    let keep = keep_for_limits(&mut store, &["pool-a".into(), "kode".into()], NOW).unwrap();
    // The month began on 1 December (Bergen); the week on Monday 30 November.
    assert_eq!(
        keep,
        [
            ("pool-a".to_owned(), 1_796_079_600),
            ("kode".to_owned(), 1_796_079_600 - 86_400)
        ]
    );
    // Five days ago (27 November) is last month for the pool and last week for KODE: both go.
    assert_eq!(
        store
            .desk()
            .forget_uploaded_before(NOW - 86_400, &keep)
            .unwrap(),
        2
    );
    visit(&mut store, "pool-a", NOW - 86_400 - 60, false, None);
    let upload = store.desk().next_upload().unwrap().unwrap();
    store
        .desk()
        .finish_upload(
            &upload,
            &aktivitetskortet_core::api::CheckInReceipt {
                accepted: 1,
                duplicates: 0,
                refused: vec![],
            },
        )
        .unwrap();
    assert_eq!(
        store.desk().forget_uploaded_before(NOW, &keep).unwrap(),
        0,
        "this month's pool visit stays"
    );
    assert_eq!(door(&mut store, "pool-a").unwrap().used_here, 1);
}

#[test]
fn the_phone_shows_what_is_left_after_the_last_count() {
    let museum = offer("kode", Category::Museum, Some(limited(5, Per::Year, false)));
    let pool = offer("pool-a", Category::Swimming, None);
    let rules = [CategoryRule {
        category: Category::Swimming,
        rule: limited(3, Per::Month, false),
    }];
    let today = bergen_date(NOW);
    let counts = [VisitCount {
        scope: Scope::Offer("kode".into()),
        used: 3,
        limit: Limit {
            max: 5,
            per: Per::Year,
            companion_counts: false,
        },
        until: "2026-12-31".parse().unwrap(),
    }];
    let a = allowance(&museum, &rules, &counts, Some(NOW), today).unwrap();
    assert_eq!(a.left, Some(2));
    assert_eq!(a.until, Some("2026-12-31".parse().unwrap()));
    // A category's limit with nothing used: all of it left.
    assert_eq!(
        allowance(&pool, &rules, &counts, Some(NOW), today)
            .unwrap()
            .left,
        Some(3)
    );
    // Next year the count is over: everything is left again.
    let next_year: Date = "2027-01-02".parse().unwrap();
    assert_eq!(
        allowance(&museum, &rules, &counts, Some(NOW), next_year)
            .unwrap()
            .left,
        Some(5)
    );
    // Never counted (a card from before visit limits): the limit, but not what is left.
    assert_eq!(
        allowance(&museum, &rules, &[], None, today).unwrap().left,
        None
    );
    // No limit at all.
    assert_eq!(allowance(&pool, &[], &counts, Some(NOW), today), None);
}
