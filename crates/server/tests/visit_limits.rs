//! Visit rules at the server: each venue's signed limit list, category rules, over-limit visits
//! flagged as they arrive in whatever order, overrides and refusals kept apart, and the counts a
//! phone gets at refresh.

use aktivitetskortet_core::api::*;
use aktivitetskortet_core::token::{self, CardId, LimitList, Presentation};
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};

use crate::api::{Api, NOW, offer, phone};
use crate::visits::venue_key;

/// Monday 30 November 2026, 00:00 in Bergen: the week of NOW (Wednesday 25th) ends.
const NEXT_WEEK: u64 = 1_795_993_200;

fn limited(id: &str, rule: Value) -> Value {
    let mut offer = offer(id);
    offer["visit_rule"] = rule;
    offer
}

fn week(max: u16) -> Value {
    json!({ "kind": "limited", "max": max, "per": "week" })
}

async fn add(api: &Api, offer: &Value) {
    let reply = api.admin("POST", "/api/v1/admin/offers", offer).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
}

fn checkin(id: &str, card: &str, offer: &str, at: u64, extra: Value) -> Value {
    let mut c =
        json!({ "id": id, "card_id": card, "offer_id": offer, "at": at, "companion": false });
    if let (Some(c), Some(extra)) = (c.as_object_mut(), extra.as_object()) {
        c.extend(extra.clone());
    }
    c
}

async fn upload(api: &Api, key: &str, checkins: Vec<Value>) -> CheckInReceipt {
    let reply = api
        .send_json(
            "POST",
            "/api/v1/visits",
            Some(key),
            &json!({ "checkins": checkins, "partial": true }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    reply.parse()
}

/// The venue key's limit list, opened as its devices open it.
async fn limit_list(api: &Api, key: &str) -> LimitList {
    let reply = api.get("/api/v1/limit-list", Some(key)).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(reply.headers["content-type"], "application/cose");
    let venue: VenueInfo = api.get("/api/v1/venue", Some(key)).await.parse();
    LimitList::open(
        &reply.body,
        &[api.state.list_public_key()],
        None,
        venue.id.unwrap(),
    )
    .unwrap()
}

fn flag(api: &Api, id: &str, column: &str) -> i64 {
    api.count(&format!(
        "SELECT COALESCE(MAX({column}), -1) FROM visits WHERE id = '{id}'"
    ))
}

#[tokio::test]
async fn a_card_at_its_limit_is_on_its_venues_list_until_the_period_ends() {
    let api = Api::new();
    add(&api, &limited("kode-a", week(2))).await;
    add(&api, &offer("kode-b")).await;
    let card = api.issue_card().await.card_id;
    let kode = venue_key(&api, &["kode-a", "kode-b"]).await;
    let other = venue_key(&api, &["kode-b"]).await;
    let id: CardId = card.parse().unwrap();

    let first = limit_list(&api, &kode).await;
    assert!(first.reached.is_empty());
    upload(
        &api,
        &kode,
        vec![checkin("v1", &card, "kode-a", NOW - 86_400, json!({}))],
    )
    .await;
    assert!(limit_list(&api, &kode).await.reached.is_empty(), "1 of 2");
    // The unlimited offer's visits count for nothing.
    upload(
        &api,
        &kode,
        vec![checkin("v2", &card, "kode-b", NOW - 600, json!({}))],
    )
    .await;
    assert!(limit_list(&api, &kode).await.reached.is_empty());
    upload(
        &api,
        &kode,
        vec![checkin("v3", &card, "kode-a", NOW - 300, json!({}))],
    )
    .await;
    let list = limit_list(&api, &kode).await;
    assert_eq!(
        list.reached.into_iter().collect::<Vec<_>>(),
        [((id, "kode-a".to_owned()), NEXT_WEEK)],
        "2 of 2 this week: listed for the limited offer only, until Monday in Bergen"
    );
    assert!(list.sequence > first.sequence);
    // A venue without the limited offer is told nothing about the card.
    assert!(limit_list(&api, &other).await.reached.is_empty());
    // One venue's list does not open as another's.
    let signed = api.get("/api/v1/limit-list", Some(&kode)).await.body;
    let other_id = api
        .get("/api/v1/venue", Some(&other))
        .await
        .parse::<VenueInfo>()
        .id
        .unwrap();
    assert!(LimitList::open(&signed, &[api.state.list_public_key()], None, other_id).is_err());
    // Next week the limit starts again.
    api.at(NEXT_WEEK);
    let next = limit_list(&api, &kode).await;
    assert!(next.reached.is_empty());
    assert!(next.sequence > list.sequence, "sequence numbers only grow");
    // Without a venue key, or with a wrong one: refused.
    for key in [None, Some("ak_venue_wrong")] {
        let reply = api.get("/api/v1/limit-list", key).await;
        assert_eq!(
            (reply.status, reply.error_code().as_str()),
            (StatusCode::UNAUTHORIZED, "unauthorized")
        );
    }
}

#[tokio::test]
async fn a_categorys_rule_counts_its_offers_together_and_an_offers_own_rule_comes_first() {
    let api = Api::new();
    for (id, rule) in [
        ("pool-a", Value::Null),
        ("pool-b", Value::Null),
        ("pool-free", json!({ "kind": "unlimited" })),
    ] {
        let mut pool = limited(id, rule);
        pool["category"] = json!("swimming");
        add(&api, &pool).await;
    }
    let before: CatalogueResponse = api.get("/api/v1/catalogue", None).await.parse();
    assert!(before.category_rules.is_empty());
    // Bad rules are refused by line, and nothing changes.
    for (bad, field) in [
        (
            json!([{ "category": "swimming", "rule": { "kind": "limited", "max": 0, "per": "month" } }]),
            "rule",
        ),
        (
            json!([{ "category": "swimming", "rule": { "kind": "limited", "max": 3, "per": "season" } }]),
            "rule",
        ),
        (
            json!([
                { "category": "swimming", "rule": { "kind": "unlimited" } },
                { "category": "swimming", "rule": { "kind": "limited", "max": 3, "per": "month" } },
            ]),
            "category",
        ),
    ] {
        let reply = api.admin("PUT", "/api/v1/admin/category-rules", &bad).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            reply.json()
        );
        let body: ErrorBody = reply.parse();
        assert_eq!(body.details[0].field.as_deref(), Some(field), "{body:?}");
    }
    let bad_json = api
        .admin(
            "PUT",
            "/api/v1/admin/category-rules",
            &json!({ "swimming": 3 }),
        )
        .await;
    assert_eq!(bad_json.status, StatusCode::BAD_REQUEST);
    assert_eq!(api.count("SELECT COUNT(*) FROM category_rules"), 0);

    let rules = json!([{ "category": "swimming", "rule": { "kind": "limited", "max": 3, "per": "month", "companion_counts": false } }]);
    let reply = api
        .admin("PUT", "/api/v1/admin/category-rules", &rules)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    assert_eq!(
        api.admin_get("/api/v1/admin/category-rules").await.json(),
        rules
    );
    // Phones and venues get the rules with the catalogue: a new version, in full and in deltas.
    let delta: CatalogueResponse = api
        .get(&format!("/api/v1/catalogue?since={}", before.version), None)
        .await
        .parse();
    assert!(delta.version > before.version);
    assert!(!delta.full && delta.offers.is_empty());
    assert_eq!(serde_json::to_value(&delta.category_rules).unwrap(), rules);

    let card = api.issue_card().await.card_id;
    let pools = venue_key(&api, &["pool-a", "pool-b", "pool-free"]).await;
    let visits = vec![
        checkin("p1", &card, "pool-a", NOW - 3 * 86_400, json!({})),
        checkin("p2", &card, "pool-free", NOW - 2 * 86_400, json!({})),
        checkin("p3", &card, "pool-b", NOW - 86_400, json!({})),
    ];
    upload(&api, &pools, visits).await;
    assert!(limit_list(&api, &pools).await.reached.is_empty(), "2 of 3");
    upload(
        &api,
        &pools,
        vec![checkin("p4", &card, "pool-a", NOW - 60, json!({}))],
    )
    .await;
    let reached: Vec<String> = limit_list(&api, &pools)
        .await
        .reached
        .into_keys()
        .map(|(_, offer)| offer)
        .collect();
    assert_eq!(
        reached,
        ["pool-a", "pool-b"],
        "both pools, not the unlimited one"
    );
}

#[tokio::test]
async fn over_limit_visits_are_flagged_in_the_order_they_happened_whichever_arrives_first() {
    let api = Api::new();
    add(&api, &limited("kode-a", week(1))).await;
    let card = api.issue_card().await.card_id;
    let desk_a = venue_key(&api, &["kode-a"]).await;
    let desk_b = venue_key(&api, &["kode-a"]).await;
    // Two desks, both offline: A let the card in on Monday, B on Tuesday. B uploads first.
    let monday = NOW - 2 * 86_400;
    let tuesday = NOW - 86_400;
    upload(
        &api,
        &desk_b,
        vec![checkin("tue", &card, "kode-a", tuesday, json!({}))],
    )
    .await;
    assert_eq!(
        flag(&api, "tue", "over_limit"),
        0,
        "alone, within the limit"
    );
    upload(
        &api,
        &desk_a,
        vec![checkin("mon", &card, "kode-a", monday, json!({}))],
    )
    .await;
    assert_eq!(
        (
            flag(&api, "mon", "over_limit"),
            flag(&api, "tue", "over_limit")
        ),
        (0, 1),
        "both kept; Tuesday's is the one over"
    );
    // Staff let the card in once more, knowing: an override, over the limit too.
    let receipt = upload(
        &api,
        &desk_a,
        vec![checkin(
            "wed",
            &card,
            "kode-a",
            NOW - 60,
            json!({ "limit": "override" }),
        )],
    )
    .await;
    assert_eq!(receipt.accepted, 1);
    assert_eq!(
        (
            flag(&api, "wed", "over_limit"),
            flag(&api, "wed", "limit_override")
        ),
        (1, 1)
    );
    // A refusal is stored apart: no visit, counted for the statistics, once.
    let refusal = vec![checkin(
        "no",
        &card,
        "kode-a",
        NOW - 30,
        json!({ "limit": "refused" }),
    )];
    assert_eq!(upload(&api, &desk_a, refusal.clone()).await.accepted, 1);
    assert_eq!(upload(&api, &desk_a, refusal).await.duplicates, 1);
    assert_eq!(api.count("SELECT COUNT(*) FROM visits"), 3);
    assert_eq!(api.count("SELECT COUNT(*) FROM limit_refusals"), 1);
    assert_eq!(flag(&api, "no", "over_limit"), -1, "not a visit");
    // An unknown `limit` is a bad batch, refused whole with the one error shape.
    let reply = api
        .send_json(
            "POST",
            "/api/v1/visits",
            Some(&desk_a),
            &json!({ "checkins": [checkin("x", &card, "kode-a", NOW, json!({ "limit": "maybe" }))] }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.error_code(), "bad_json");
    // The family's insight shows the refusal; erasing the card unlinks it with the visits.
    let data: CardData = api
        .admin_get(&format!("/api/v1/admin/cards/{card}/data"))
        .await
        .parse();
    assert_eq!(data.visits.len(), 3);
    assert_eq!(data.limit_refusals.len(), 1);
    assert_eq!(data.limit_refusals[0].offer_id, "kode-a");
    let erased: CardErased = api
        .admin(
            "DELETE",
            &format!("/api/v1/admin/cards/{card}"),
            &Value::Null,
        )
        .await
        .parse();
    assert_eq!(erased.visits_unlinked, 4);
}

/// A refresh by the card's phone key now: its answer.
async fn refresh(api: &Api, credential: &str, seed: u8, now: u64) -> CredentialResponse {
    let credential = token::Credential::from_bytes(&BASE64.decode(credential).unwrap()).unwrap();
    let qr = Presentation::create(&credential, &phone(seed), now)
        .unwrap()
        .qr_text;
    let reply = api.refresh(&qr).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    reply.parse()
}

#[tokio::test]
async fn the_phone_learns_what_is_left_at_each_refresh() {
    let api = Api::new();
    let year = json!({ "kind": "limited", "max": 5, "per": "year", "companion_counts": true });
    add(&api, &limited("kode-a", year)).await;
    add(&api, &offer("kode-b")).await;
    let issued = api.issue_card().await;
    let first: CredentialResponse = api
        .activate(&issued.activation_code, &phone(4))
        .await
        .parse();
    assert_eq!(first.visits, [], "nothing used yet");
    let desk = venue_key(&api, &["kode-a", "kode-b"]).await;
    upload(
        &api,
        &desk,
        vec![
            checkin(
                "a1",
                &issued.card_id,
                "kode-a",
                NOW - 7_200,
                json!({ "companion": true }),
            ),
            checkin("b1", &issued.card_id, "kode-b", NOW - 3_600, json!({})),
        ],
    )
    .await;
    let refreshed = refresh(&api, &first.credential, 4, NOW).await;
    assert_eq!(
        serde_json::to_value(&refreshed.visits).unwrap(),
        json!([{
            "scope": { "offer": "kode-a" },
            "used": 2,
            "limit": { "max": 5, "per": "year", "companion_counts": true },
            "until": "2026-12-31",
        }]),
        "a companion uses a visit too here; the unlimited offer is not counted"
    );
    // Next year the count starts again: nothing used.
    let december = NOW + 25 * 86_400;
    api.at(december);
    let again = refresh(&api, &refreshed.credential, 4, december).await;
    assert_eq!(again.visits.len(), 1);
    let new_year = 1_798_758_000; // 2027-01-01 00:00 in Bergen
    api.at(new_year);
    let later = refresh(&api, &again.credential, 4, new_year).await;
    assert_eq!(later.visits, []);
}

#[tokio::test]
async fn a_season_over_new_year_counts_a_cards_visits_under_both_years_pseudonyms() {
    let api = Api::new();
    let mut course = limited(
        "svomming-sesong",
        json!({ "kind": "limited", "max": 2, "per": "season" }),
    );
    course["season"] = json!({ "from": "2026-08-15", "to": "2027-06-20" });
    add(&api, &course).await;
    let card = api.issue_card().await.card_id;
    let desk = venue_key(&api, &["svomming-sesong"]).await;
    // 28 December 2026 and 3 January 2027: one visit in each year, each under that year's
    // pseudonym, the same season.
    let december = 1_798_459_200; // 2026-12-28T12:00:00Z
    let january = december + 6 * 86_400;
    api.at(december);
    upload(
        &api,
        &desk,
        vec![checkin(
            "dec",
            &card,
            "svomming-sesong",
            december - 60,
            json!({}),
        )],
    )
    .await;
    api.at(january);
    assert!(limit_list(&api, &desk).await.reached.is_empty(), "1 of 2");
    upload(
        &api,
        &desk,
        vec![checkin(
            "jan",
            &card,
            "svomming-sesong",
            january - 60,
            json!({}),
        )],
    )
    .await;
    let season_end = 1_813_528_800; // 2027-06-20 24:00 in Bergen
    assert_eq!(
        limit_list(&api, &desk)
            .await
            .reached
            .into_iter()
            .collect::<Vec<_>>(),
        [(
            (card.parse().unwrap(), "svomming-sesong".to_owned()),
            season_end
        )]
    );
    upload(
        &api,
        &desk,
        vec![checkin(
            "jan2",
            &card,
            "svomming-sesong",
            january - 30,
            json!({}),
        )],
    )
    .await;
    assert_eq!(
        (
            flag(&api, "dec", "over_limit"),
            flag(&api, "jan", "over_limit"),
            flag(&api, "jan2", "over_limit")
        ),
        (0, 0, 1),
        "the third visit of the season is over, whichever year"
    );
}
