//! Check-ins from venue devices: stored once, each checked for being a visit that could have
//! happened, refused by name while the rest of the batch is stored, and counted by the
//! statistics only as groups of five or more.

use aktivitetskortet_core::api::*;
use axum::http::{StatusCode, header};
use serde_json::{Value, json};

use crate::api::{Api, NOW, offer};

pub(crate) async fn venue_key(api: &Api, offers: &[&str]) -> String {
    let reply = api
        .admin(
            "POST",
            "/api/v1/admin/venue-keys",
            &json!({ "name": "KODE 4", "offer_ids": offers }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    reply.parse::<VenueKeyCreated>().key
}

/// The first moment 2026-Q4's report can be read: no late check-in can reach it any more.
const Q4_CLOSED: u64 = 1_799_971_200; // 2027-01-15T00:00:00Z

/// 2026-Q4's report (`.csv` or not), read once it is closed: the clock moves there and back.
pub(crate) async fn q4_report(api: &Api, csv: bool) -> crate::api::Reply {
    api.at(Q4_CLOSED);
    let ext = if csv { ".csv" } else { "" };
    let reply = api
        .admin_get(&format!("/api/v1/admin/stats{ext}?period=2026-Q4"))
        .await;
    api.at(NOW);
    reply
}

fn checkins(card: &str, ids: std::ops::Range<u32>, offer: &str) -> Value {
    let list: Vec<_> = ids
        .map(|i| json!({ "id": format!("c-{i}"), "card_id": card, "offer_id": offer, "at": NOW - 3_600 + u64::from(i), "companion": i % 2 == 0 }))
        .collect();
    json!({ "checkins": list })
}

#[tokio::test]
async fn visits_upload_once_and_statistics_hide_small_groups() {
    let api = Api::new();
    assert_eq!(
        api.admin("POST", "/api/v1/admin/offers", &offer("kode-a"))
            .await
            .status,
        StatusCode::CREATED
    );
    let card = api.issue_card().await;
    let key = venue_key(&api, &["kode-a"]).await;
    let venue = api
        .get("/api/v1/venue", Some(&key))
        .await
        .parse::<VenueInfo>();
    assert_eq!(venue.offer_ids, ["kode-a"]);

    let batch = checkins(&card.card_id, 0..3, "kode-a");
    let first: CheckInReceipt = api
        .send_json("POST", "/api/v1/visits", Some(&key), &batch)
        .await
        .parse();
    assert_eq!((first.accepted, first.duplicates), (3, 0));
    assert!(first.refused.is_empty());
    let retry: CheckInReceipt = api
        .send_json("POST", "/api/v1/visits", Some(&key), &batch)
        .await
        .parse();
    assert_eq!((retry.accepted, retry.duplicates), (0, 3));

    // Three visits: the statistics show "<5", never 3.
    let stats = q4_report(&api, false).await;
    assert_eq!(
        stats.status,
        200,
        "{}",
        String::from_utf8_lossy(&stats.body)
    );
    assert_eq!(stats.json()["visits"], "<5");
    assert!(!String::from_utf8_lossy(&stats.body).contains(":3"));

    // Six visits, but all by one child: still a small group.
    let more: CheckInReceipt = api
        .send_json(
            "POST",
            "/api/v1/visits",
            Some(&key),
            &checkins(&card.card_id, 3..6, "kode-a"),
        )
        .await
        .parse();
    assert_eq!(more.accepted, 3);
    let stats = q4_report(&api, false).await.json();
    assert_eq!(stats["visits"], "<5");
    let csv = q4_report(&api, true).await;
    assert!(
        csv.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        String::from_utf8(csv.body).unwrap().contains("<5"),
        "one holder is a small group"
    );

    // Four more children visit: five holders, ten visits, now shown exactly.
    for n in 0..4 {
        let other = api.issue_card().await;
        let mut batch = checkins(&other.card_id, 100 + n..101 + n, "kode-a");
        batch["checkins"][0]["id"] = json!(format!("other-{n}"));
        assert_eq!(
            api.send_json("POST", "/api/v1/visits", Some(&key), &batch)
                .await
                .status,
            200
        );
    }
    let stats = q4_report(&api, false).await.json();
    assert_eq!(
        (stats["visits"].clone(), stats["holders"].clone()),
        (json!(10), json!(5))
    );

    // A batch from an older venue app (not marked partial) with refused check-ins stores nothing
    // and names each refused line: an offer this key is not for, a malformed card id.
    let mut bad = checkins(&card.card_id, 10..12, "kode-a");
    bad["checkins"][0]["offer_id"] = json!("not-here");
    bad["checkins"][1]["card_id"] = json!("xyz");
    let reply = api
        .send_json("POST", "/api/v1/visits", Some(&key), &bad)
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body: ErrorBody = reply.parse();
    assert_eq!(
        body.details.iter().map(|d| d.line).collect::<Vec<_>>(),
        [Some(1), Some(2)]
    );
    let stats = q4_report(&api, false).await.json();
    assert_eq!(stats["visits"], 10, "nothing stored");

    for key in [None, Some("ak_venue_nope")] {
        let reply = api.send_json("POST", "/api/v1/visits", key, &batch).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let venues = api.admin_get("/api/v1/admin/venue-keys").await.json();
    let id = venues[0]["id"].as_i64().unwrap();
    assert_eq!(
        api.admin(
            "DELETE",
            &format!("/api/v1/admin/venue-keys/{id}"),
            &json!(null)
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.send_json("POST", "/api/v1/visits", Some(&key), &batch)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    // Free dates, a malformed period, an open one: each refused with its reason.
    for (query, code) in [
        ("from=2026-11-01&to=2026-11-30", "bad_query"),
        ("period=2026-11", "bad_query"),
        ("period=2026-Q4", "period_open"),
        ("period=2026", "period_open"),
    ] {
        let reply = api.admin_get(&format!("/api/v1/admin/stats?{query}")).await;
        assert_eq!(
            (reply.status, reply.error_code().as_str()),
            (StatusCode::BAD_REQUEST, code),
            "{query}"
        );
    }
    let unknown = api
        .admin(
            "POST",
            "/api/v1/admin/venue-keys",
            &json!({ "name": "X", "offer_ids": ["nope"] }),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// Issues a card with its own validity and companion rule; returns its id.
async fn card(api: &Api, from: &str, until: &str, companion: &str) -> String {
    let reply = api
        .admin(
            "POST",
            "/api/v1/admin/cards",
            &json!({ "given_name": "Jonas", "birth_year": 2013, "valid_from": from,
                     "valid_until": until, "companion": companion, "language": "nb" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    reply.parse::<IssuedCard>().card_id
}

fn stored_visits(api: &Api) -> i64 {
    api.state
        .db
        .blocking(|c| {
            c.query_one(
                "SELECT COUNT(*) FROM visits",
                aktivitetskortet_server::params![],
                |r| r.get(0),
            )
        })
        .unwrap()
}

#[tokio::test]
async fn each_implausible_checkin_is_refused_by_name_and_the_rest_stored() {
    let api = Api::new();
    let mut without_companion = offer("kode-b");
    without_companion["companion_included"] = json!(false);
    for body in [offer("kode-a"), without_companion] {
        assert_eq!(
            api.admin("POST", "/api/v1/admin/offers", &body)
                .await
                .status,
            StatusCode::CREATED
        );
    }
    let amina = api.issue_card().await.card_id; // one companion at public events
    let later = card(&api, "2026-11-20", "2027-05-15", "none").await;
    let everywhere = card(&api, "2026-11-01", "2027-04-30", "one_everywhere").await;
    let revoked = card(&api, "2026-11-01", "2027-04-30", "none").await;
    api.at(NOW - 7_200);
    api.revoke(&revoked).await;
    api.at(NOW);
    let key = venue_key(&api, &["kode-a", "kode-b"]).await;
    let (amina, later, everywhere, revoked) = (&*amina, &*later, &*everywhere, &*revoked);

    let days = 86_400;
    let sent = [
        // (card, offer, at, companion, the refusal expected or None for stored)
        (amina, "kode-a", NOW - 60, true, None),
        (
            "00000000000000ff",
            "kode-a",
            NOW - 60,
            false,
            Some(CheckInRefusal::UnknownCard),
        ),
        (amina, "kode-a", NOW - 14 * days, false, None),
        (
            amina,
            "kode-a",
            NOW - 14 * days - 1,
            false,
            Some(CheckInRefusal::TooOld),
        ),
        (amina, "kode-a", NOW + 300, false, None),
        (
            amina,
            "kode-a",
            NOW + 301,
            false,
            Some(CheckInRefusal::InTheFuture),
        ),
        // 2026-11-19 12:00 UTC, the day before the card's first.
        (
            later,
            "kode-a",
            NOW - 6 * days,
            false,
            Some(CheckInRefusal::CardNotValid),
        ),
        (later, "kode-a", NOW - 5 * days, false, None),
        (
            revoked,
            "kode-a",
            NOW - 3_600,
            false,
            Some(CheckInRefusal::CardNotValid),
        ),
        (revoked, "kode-a", NOW - 10_000, false, None),
        (
            amina,
            "kode-b",
            NOW - 60,
            true,
            Some(CheckInRefusal::NoCompanion),
        ),
        (
            later,
            "kode-a",
            NOW - 60,
            true,
            Some(CheckInRefusal::NoCompanion),
        ),
        (everywhere, "kode-b", NOW - 60, true, None),
        (
            amina,
            "not-here",
            NOW - 60,
            false,
            Some(CheckInRefusal::NotThisVenue),
        ),
        (
            "xyz",
            "kode-a",
            NOW - 60,
            false,
            Some(CheckInRefusal::Malformed),
        ),
    ];
    let batch = json!({
        "partial": true,
        "checkins": sent.iter().enumerate().map(|(i, (card, offer, at, companion, _))| json!({
            "id": format!("p-{i}"), "card_id": card, "offer_id": offer, "at": at, "companion": companion,
        })).collect::<Vec<_>>(),
    });
    let expected: Vec<(u32, String, CheckInRefusal)> = sent
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.4.map(|r| (i as u32 + 1, format!("p-{i}"), r)))
        .collect();
    let stored = (sent.len() - expected.len()) as u32;
    let names = |receipt: &CheckInReceipt| -> Vec<(u32, String, CheckInRefusal)> {
        assert!(receipt.refused.iter().all(|r| !r.message.is_empty()));
        receipt
            .refused
            .iter()
            .map(|r| (r.line, r.id.clone(), r.reason))
            .collect()
    };

    let receipt: CheckInReceipt = api
        .send_json("POST", "/api/v1/visits", Some(&key), &batch)
        .await
        .parse();
    assert_eq!((receipt.accepted, receipt.duplicates), (stored, 0));
    assert_eq!(names(&receipt), expected);
    assert_eq!(stored_visits(&api), i64::from(stored));

    // The retry finds the stored ones stored, even two weeks later when they would be too old
    // now, and refuses the others again.
    api.at(NOW + 15 * days);
    let retry: CheckInReceipt = api
        .send_json("POST", "/api/v1/visits", Some(&key), &batch)
        .await
        .parse();
    assert_eq!((retry.accepted, retry.duplicates), (0, stored));
    assert_eq!(retry.refused.len(), expected.len());
    assert_eq!(stored_visits(&api), i64::from(stored));
    api.at(NOW);

    // The same batch from an older venue app (not marked partial): nothing new stored, a 422
    // naming every refused line and its field.
    let mut old = batch.clone();
    old.as_object_mut().unwrap().remove("partial");
    old["checkins"][0]["id"] = json!("new-one");
    let reply = api
        .send_json("POST", "/api/v1/visits", Some(&key), &old)
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body: ErrorBody = reply.parse();
    assert_eq!(
        body.details
            .iter()
            .map(|d| d.line.unwrap())
            .collect::<Vec<_>>(),
        expected.iter().map(|e| e.0).collect::<Vec<_>>()
    );
    assert_eq!(body.details[0].field.as_deref(), Some("card_id"));
    assert_eq!(stored_visits(&api), i64::from(stored), "nothing stored");
}

/// What the database keeps of a visit: no card id and no time of day, only the day, the
/// holder's age that year and a pseudonym that is the same for the card's visits that year.
#[tokio::test]
async fn a_visit_is_stored_under_a_pseudonym_with_the_day_only() {
    let api = Api::new();
    assert_eq!(
        api.admin("POST", "/api/v1/admin/offers", &offer("kode-a"))
            .await
            .status,
        StatusCode::CREATED
    );
    let card = api.issue_card().await.card_id;
    let other = api.issue_card().await.card_id;
    let key = venue_key(&api, &["kode-a"]).await;
    let at = |i: u64| NOW - 7_200 + i;
    let batch = json!({ "checkins": [
        { "id": "v-1", "card_id": card, "offer_id": "kode-a", "at": at(1), "companion": false },
        { "id": "v-2", "card_id": card, "offer_id": "kode-a", "at": at(2), "companion": true },
        { "id": "v-3", "card_id": other, "offer_id": "kode-a", "at": at(3), "companion": false },
    ]});
    let receipt: CheckInReceipt = api
        .send_json("POST", "/api/v1/visits", Some(&key), &batch)
        .await
        .parse();
    assert_eq!(receipt.accepted, 3);

    let columns: Vec<String> = api
        .state
        .db
        .blocking(aktivitetskortet_server::store::schema_columns)
        .unwrap()
        .into_iter()
        .filter_map(|c| c.strip_prefix("visits.").map(str::to_owned))
        .collect();
    for gone in ["card_id", "at", "received_at"] {
        assert!(!columns.iter().any(|c| c == gone), "{gone} in {columns:?}");
    }
    let rows: Vec<(Vec<u8>, String, i64)> = api
        .state
        .db
        .blocking(|c| {
            c.query_map(
                "SELECT holder, day, age FROM visits ORDER BY id",
                aktivitetskortet_server::params![],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
        })
        .unwrap();
    let day = aktivitetskortet_core::calendar::bergen_date(at(1)).to_string();
    assert!(rows.iter().all(|(_, d, _)| *d == day), "{rows:?}");
    // `issue_card` makes a child born in 2015: 11 in 2026.
    assert!(rows.iter().all(|(_, _, age)| *age == 11), "{rows:?}");
    assert_eq!(rows[0].0, rows[1].0, "one card, one pseudonym in a year");
    assert_ne!(rows[0].0, rows[2].0);
    // The pseudonym is not the card id in any spelling.
    for (holder, _, _) in &rows {
        assert_eq!(holder.len(), 16);
        let hex: String = holder.iter().map(|b| format!("{b:02x}")).collect();
        assert!(!hex.contains(&card) && !hex.contains(&other));
    }
}

/// A closed period's report never changes: an offer moved to another category and district
/// afterwards, and a check-in arriving too late, leave it as it was (a changed report could be
/// subtracted from the first one).
#[tokio::test]
async fn a_closed_report_stays_the_same_after_offer_edits_and_late_uploads() {
    let api = Api::new();
    assert_eq!(
        api.admin("POST", "/api/v1/admin/offers", &offer("kode-a"))
            .await
            .status,
        StatusCode::CREATED
    );
    let key = venue_key(&api, &["kode-a"]).await;
    let mut list = Vec::new();
    for i in 0..6 {
        let card = api.issue_card().await.card_id;
        list.push(
            json!({ "id": format!("q4-{i}"), "card_id": card, "offer_id": "kode-a",
                          "at": NOW - 3_600, "companion": false }),
        );
    }
    let receipt: CheckInReceipt = api
        .send_json(
            "POST",
            "/api/v1/visits",
            Some(&key),
            &json!({ "checkins": list }),
        )
        .await
        .parse();
    assert_eq!(receipt.accepted, 6);
    let first = q4_report(&api, false).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.json()["visits"], 6);
    let museum = |r: &Value| {
        r["by_category"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["key"] == "museum")
            .unwrap()["visits"]
            .clone()
    };
    assert_eq!(museum(&first.json()), 6);

    let mut moved = offer("kode-a");
    moved["category"] = json!("sport");
    moved["district"] = json!("arna");
    assert_eq!(
        api.admin("PUT", "/api/v1/admin/offers/kode-a", &moved)
            .await
            .status,
        200
    );
    // A check-in from 24 November uploaded on 15 January: far too late to count.
    let card = api.issue_card().await.card_id;
    api.at(1_799_971_200);
    let late = json!({ "checkins": [{ "id": "late", "card_id": card, "offer_id": "kode-a",
                                      "at": NOW - 86_400, "companion": false }], "partial": true });
    let receipt: CheckInReceipt = api
        .send_json("POST", "/api/v1/visits", Some(&key), &late)
        .await
        .parse();
    assert_eq!(receipt.accepted, 0);
    let again = q4_report(&api, false).await;
    assert_eq!(again.body, first.body, "the closed report is unchanged");
}
