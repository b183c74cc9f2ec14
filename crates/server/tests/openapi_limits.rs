//! `/openapi.json` states the limits the server enforces: for a sample of every operation with a
//! body, a request built inside the documented limits is admitted by the schema and accepted by
//! the server, and one just outside is refused by both.

use aktivitetskortet_core::api::{CheckInReceipt, CredentialResponse};
use aktivitetskortet_core::token::{self, Presentation};
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};

use crate::api::{Api, NOW, offer, phone};
use crate::openapi::{admits, document, schema};

/// Checks `body` against the schema `name` (`Ok` expected when `inside`) and sends it; returns
/// the server's status.
async fn both(
    api: &Api,
    doc: &Value,
    name: &str,
    inside: bool,
    (method, path, key): (&str, &str, Option<&str>),
    body: Value,
) -> StatusCode {
    let admitted = admits(doc, schema(doc, name), &body);
    assert_eq!(admitted.is_ok(), inside, "{name} {body}: {admitted:?}");
    let reply = api.send_json(method, path, key, &body).await;
    let ok = reply.status.is_success();
    assert_eq!(
        ok,
        inside,
        "{name} {body}: {} {}",
        reply.status,
        String::from_utf8_lossy(&reply.body)
    );
    reply.status
}

#[tokio::test]
async fn documented_limits_hold_both_ways() {
    let doc = document().await;
    let api = Api::new();
    let admin_key = api.admin_key();
    let admin = |method, path| (method, path, Some(admin_key.as_str()));
    assert_eq!(
        api.admin("POST", "/api/v1/admin/offers", &offer("kode-a"))
            .await
            .status,
        StatusCode::CREATED
    );

    // Issuing: a name of 48 characters with a hyphen and an apostrophe; "Amina (NAV)", 49
    // characters, an empty name, a doubled hyphen.
    let card = |name: &str| {
        json!({ "given_name": name, "birth_year": 2015, "valid_from": "2026-11-01",
                "valid_until": "2027-04-30", "companion": "one_at_public_events", "language": "ar" })
    };
    let long = format!("Anne-Marie O'{}", "a".repeat(35));
    assert_eq!(long.len(), 48);
    let issue = admin("POST", "/api/v1/admin/cards");
    both(&api, &doc, "IssueCardRequest", true, issue, card(&long)).await;
    for bad in ["Amina (NAV)", &format!("{long}a"), "", "Anne--Marie"] {
        both(&api, &doc, "IssueCardRequest", false, issue, card(bad)).await;
    }

    // Activating: the code as printed (with hyphens) or in lower case without; a code that is
    // too short, a device key one character too long.
    let issued = api.issue_card().await;
    let key = BASE64.encode(phone(41).public_key().to_compressed());
    let activate = ("POST", "/api/v1/activate", None);
    for bad in [
        json!({ "code": "K7QF-9M2X", "device_key": key }),
        json!({ "code": issued.activation_code, "device_key": format!("{key}A") }),
    ] {
        both(&api, &doc, "ActivateRequest", false, activate, bad).await;
    }
    let body = json!({ "code": issued.activation_code.replace('-', "").to_lowercase(), "device_key": key });
    both(&api, &doc, "ActivateRequest", true, activate, body.clone()).await;
    let other: CredentialResponse = api
        .activate(&api.issue_card().await.activation_code, &phone(42))
        .await
        .parse();
    // Refreshing: a real presentation; one character over 772, or not Base45.
    let refresh = ("POST", "/api/v1/refresh", None);
    let held = token::Credential::from_bytes(&BASE64.decode(&other.credential).unwrap()).unwrap();
    let qr = Presentation::create(&held, &phone(42), NOW)
        .unwrap()
        .qr_text;
    both(
        &api,
        &doc,
        "RefreshRequest",
        true,
        refresh,
        json!({ "presentation": qr }),
    )
    .await;
    for bad in [format!("KA1:{}", "0".repeat(769)), "KA1:abc".to_owned()] {
        both(
            &api,
            &doc,
            "RefreshRequest",
            false,
            refresh,
            json!({ "presentation": bad }),
        )
        .await;
    }

    // Check-ins: an id of 64 characters; one of 65, an upper-case card id, 1001 in one batch.
    let venue = api
        .admin(
            "POST",
            "/api/v1/admin/venue-keys",
            &json!({ "name": "x".repeat(200), "offer_ids": ["kode-a"] }),
        )
        .await;
    assert_eq!(venue.status, StatusCode::CREATED);
    let venue_key = venue.json()["key"].as_str().unwrap().to_owned();
    let visits = ("POST", "/api/v1/visits", Some(venue_key.as_str()));
    let checkin = |id: String, card: &str| json!({ "id": id, "card_id": card, "offer_id": "kode-a", "at": NOW - 60, "companion": false });
    let batch = |checkins: Vec<Value>| json!({ "checkins": checkins });
    let card_id = issued.card_id.clone();
    both(
        &api,
        &doc,
        "CheckInBatch",
        true,
        visits,
        batch(vec![checkin("a".repeat(64), &card_id)]),
    )
    .await;
    let receipt: CheckInReceipt = api
        .send_json(
            "POST",
            "/api/v1/visits",
            Some(&venue_key),
            &batch(vec![checkin("b".repeat(64), &card_id)]),
        )
        .await
        .parse();
    assert_eq!(receipt.accepted, 1);
    for bad in [
        batch(vec![checkin("c".repeat(65), &card_id)]),
        batch(vec![checkin("d".into(), &card_id.to_uppercase())]),
        batch(
            (0..1001)
                .map(|i| checkin(format!("e{i}"), &card_id))
                .collect(),
        ),
    ] {
        both(&api, &doc, "CheckInBatch", false, visits, bad).await;
    }

    // Offers: an organiser of 200 characters, the highest age 17; an id with capitals, 18, an
    // organiser of 201, a place outside Bergen, no weekly times, a booking address without
    // http(s).
    let offers = admin("POST", "/api/v1/admin/offers");
    let mut edge = offer("kode-b");
    edge["organiser"] = json!("o".repeat(200));
    edge["age_max"] = json!(17);
    both(&api, &doc, "Offer", true, offers, edge).await;
    for (field, value) in [
        ("id", json!("Kode_C")),
        ("age_max", json!(18)),
        ("organiser", json!("o".repeat(201))),
        ("location", json!({ "lat": 59.9, "lon": 5.3 })),
        ("schedule", json!({ "kind": "weekly", "slots": [] })),
        (
            "booking",
            json!({ "required": true, "url": "ftp://kode.no" }),
        ),
    ] {
        let mut bad = offer("kode-c");
        bad[field] = value;
        both(&api, &doc, "Offer", false, offers, bad).await;
    }

    // Venue keys: a name of 200 characters above; 201, an empty list of offers.
    let keys = admin("POST", "/api/v1/admin/venue-keys");
    for bad in [
        json!({ "name": "x".repeat(201), "offer_ids": ["kode-a"] }),
        json!({ "name": "KODE", "offer_ids": [] }),
    ] {
        both(&api, &doc, "CreateVenueKeyRequest", false, keys, bad).await;
    }
    both(
        &api,
        &doc,
        "CreateVenueKeyRequest",
        true,
        keys,
        json!({ "name": "KODE", "offer_ids": ["kode-a"] }),
    )
    .await;
}
