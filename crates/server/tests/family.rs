//! A family's rights: everything held about one card, shown (art. 15) and erased on request
//! (art. 17), leaving visits the statistics count but that link to no card.

use aktivitetskortet_core::api::{CardData, CardErased, CheckInReceipt, CredentialResponse};
use aktivitetskortet_core::token::{Credential, Presentation};
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::json;

use crate::api::{Api, NOW, offer, phone};
use crate::visits::venue_key;

#[tokio::test]
async fn a_card_is_shown_whole_then_erased_leaving_visits_that_link_to_nothing() {
    let api = Api::new();
    assert_eq!(
        api.admin("POST", "/api/v1/admin/offers", &offer("kode-a"))
            .await
            .status,
        201
    );
    let key = venue_key(&api, &["kode-a"]).await;
    let card = api.issue_card().await;
    let other = api.issue_card().await;
    let phone = phone(51);
    let first: CredentialResponse = api.activate(&card.activation_code, &phone).await.parse();
    let credential = Credential::from_bytes(&BASE64.decode(&first.credential).unwrap()).unwrap();
    let visits = json!({ "checkins": [
        { "id": "f-1", "card_id": card.card_id, "offer_id": "kode-a", "at": NOW - 7_200, "companion": false },
        { "id": "f-2", "card_id": card.card_id, "offer_id": "kode-a", "at": NOW - 3_600, "companion": true },
        { "id": "f-3", "card_id": other.card_id, "offer_id": "kode-a", "at": NOW - 3_600, "companion": false },
    ]});
    let receipt: CheckInReceipt = api
        .send_json("POST", "/api/v1/visits", Some(&key), &visits)
        .await
        .parse();
    assert_eq!(receipt.accepted, 3);

    // Insight: everything about Amina's card, and nothing about the other.
    let shown = api
        .admin_get(&format!("/api/v1/admin/cards/{}/data", card.card_id))
        .await;
    assert_eq!(shown.status, 200, "{}", shown.json());
    let data: CardData = shown.parse();
    assert_eq!(data.card.given_name, "Amina");
    assert_eq!((data.card.birth_year, data.language.as_str()), (2015, "ar"));
    assert_eq!(data.activation_codes.len(), 1);
    assert!(data.activation_codes[0].used_at.is_some());
    assert_eq!(data.credentials.len(), 1);
    assert_eq!(
        data.credentials[0].device_key,
        BASE64.encode(phone.public_key().to_compressed())
    );
    let days: Vec<(String, bool)> = data
        .visits
        .iter()
        .map(|v| (v.day.to_string(), v.companion))
        .collect();
    assert_eq!(
        days,
        [("2026-11-25".into(), false), ("2026-11-25".into(), true)]
    );
    assert_eq!(data.visits[0].offer_title, "Familiesøndag på KODE");
    assert!(data.unlinkable_years.is_empty());
    let actions: Vec<&str> = data.audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["card.issue"]);

    // Erasure.
    let erased = api
        .admin(
            "DELETE",
            &format!("/api/v1/admin/cards/{}", card.card_id),
            &json!(null),
        )
        .await;
    assert_eq!(erased.status, 200, "{}", erased.json());
    assert_eq!(
        erased.parse::<CardErased>(),
        CardErased {
            activation_codes: 1,
            credentials: 1,
            visits_unlinked: 2
        }
    );
    let id = &card.card_id;
    assert_eq!(
        api.count(&format!(
                "SELECT COUNT(*) FROM cards WHERE id = '{id}' AND (given_name != '' OR birth_year != 0 OR language != '')"
            )
        ),
        0
    );
    for table in ["activation_codes", "credentials"] {
        assert_eq!(
            api.count(&format!(
                "SELECT COUNT(*) FROM {table} WHERE card_id = '{id}'"
            )),
            0
        );
    }
    // The visits stay, as one child, under a pseudonym the card id no longer gives.
    assert_eq!(api.count("SELECT COUNT(*) FROM visits"), 3);
    assert_eq!(api.count("SELECT COUNT(DISTINCT holder) FROM visits"), 2);
    let linked = api
        .admin_get(&format!("/api/v1/admin/cards/{}/data", other.card_id))
        .await
        .parse::<CardData>();
    assert_eq!(
        linked.visits.len(),
        1,
        "the other card's visit is still its own"
    );

    // Gone for everything else: insight, the list, a second erasure, a refresh, a check-in.
    let again = api
        .admin_get(&format!("/api/v1/admin/cards/{id}/data"))
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let listed = api.admin_get("/api/v1/admin/cards").await.json();
    assert!(!listed.to_string().contains(id.as_str()));
    let twice = api
        .admin("DELETE", &format!("/api/v1/admin/cards/{id}"), &json!(null))
        .await;
    assert_eq!(twice.status, StatusCode::NOT_FOUND);
    let qr = Presentation::create(&credential, &phone, NOW)
        .unwrap()
        .qr_text;
    let refresh = api.refresh(&qr).await;
    assert_eq!(refresh.status, StatusCode::BAD_REQUEST);
    let late = json!({ "checkins": [{ "id": "f-4", "card_id": id, "offer_id": "kode-a",
                                      "at": NOW - 60, "companion": false }], "partial": true });
    let receipt: CheckInReceipt = api
        .send_json("POST", "/api/v1/visits", Some(&key), &late)
        .await
        .parse();
    assert_eq!(receipt.refused.len(), 1);
    // Venues offline still refuse it: the revocation list names the card.
    let (_, revocations) = api.lists().await;
    assert!(revocations.is_revoked(id.parse().unwrap(), NOW));
    // And the log says who erased it, by id.
    let log = api.admin_get("/api/v1/admin/audit").await.json();
    let erase_line = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "card.erase")
        .unwrap();
    assert_eq!(erase_line["object"], id.as_str());
    assert!(!log.to_string().contains("Amina"));

    // Once the revocation list no longer needs it, retention deletes the emptied row.
    api.at(NOW + 40 * 86_400);
    assert!(api.state.run_retention().await.unwrap().cards >= 1);
    assert_eq!(
        api.count(&format!("SELECT COUNT(*) FROM cards WHERE id = '{id}'")),
        0
    );
}

#[tokio::test]
async fn an_unknown_card_is_not_found_and_nothing_changes() {
    let api = Api::new();
    for (method, uri) in [
        ("GET", "/api/v1/admin/cards/0000000000000000/data"),
        ("DELETE", "/api/v1/admin/cards/0000000000000000"),
        ("DELETE", "/api/v1/admin/cards/not-a-card"),
    ] {
        let reply = api.admin(method, uri, &json!(null)).await;
        assert_eq!(
            (reply.status, reply.error_code().as_str()),
            (StatusCode::NOT_FOUND, "not_found"),
            "{method} {uri}"
        );
    }
    let log = api.admin_get("/api/v1/admin/audit").await.json();
    assert_eq!(
        log["entries"].as_array().unwrap().len(),
        1,
        "only the key's making"
    );
}
