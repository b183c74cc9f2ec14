//! Retention with a moved clock: codes, credentials, cards and year keys go when their purpose
//! is over, and what is still needed (a live card's current phone key, a revocation venues must
//! still see, the pseudonymous visits) stays.

use aktivitetskortet_core::api::{CheckInReceipt, CredentialResponse};
use aktivitetskortet_core::calendar::Date;
use aktivitetskortet_core::token::{Credential, Presentation};
use aktivitetskortet_server::retention::Deleted;
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::json;

use crate::api::{Api, NOW, offer, phone};
use crate::visits::venue_key;

const DAY: u64 = 86_400;

fn at(date: &str) -> u64 {
    date.parse::<Date>().unwrap().to_unix() + 12 * 3_600
}

async fn run_at(api: &Api, now: u64) -> Deleted {
    api.at(now);
    api.state.run_retention().await.unwrap()
}

#[tokio::test]
async fn each_kind_goes_when_its_purpose_is_over_and_not_before() {
    let api = Api::new();
    assert_eq!(
        api.admin("POST", "/api/v1/admin/offers", &offer("kode-a"))
            .await
            .status,
        StatusCode::CREATED
    );
    let key = venue_key(&api, &["kode-a"]).await;
    // Amina's card runs to 2027-04-30; she activates and refreshes a day later.
    let amina = api.issue_card().await;
    let phone = phone(41);
    let first: CredentialResponse = api.activate(&amina.activation_code, &phone).await.parse();
    let first = Credential::from_bytes(&BASE64.decode(&first.credential).unwrap()).unwrap();
    api.at(NOW + DAY);
    let qr = Presentation::create(&first, &phone, NOW + DAY)
        .unwrap()
        .qr_text;
    let refreshed = api.refresh(&qr).await;
    assert_eq!(refreshed.status, 200, "{}", refreshed.json());
    // Jonas's card is revoked today; Sara's code is never used.
    let jonas = api.issue_card().await;
    api.revoke(&jonas.card_id).await;
    let sara = api.issue_card().await;
    let visit = json!({ "checkins": [{ "id": "v-1", "card_id": amina.card_id, "offer_id": "kode-a",
                                       "at": NOW + DAY, "companion": false }] });
    let receipt: CheckInReceipt = api
        .send_json("POST", "/api/v1/visits", Some(&key), &visit)
        .await
        .parse();
    assert_eq!(receipt.accepted, 1);
    let cards = "SELECT COUNT(*) FROM cards";
    let codes = "SELECT COUNT(*) FROM activation_codes";
    let credentials = "SELECT COUNT(*) FROM credentials";
    let visits = "SELECT COUNT(*) FROM visits";
    let open_2026 = "SELECT COUNT(*) FROM pseudonym_keys WHERE year = 2026 AND key IS NOT NULL";

    // Today: Amina's used code and Jonas's revoked one go; Sara's waits to be used.
    let d = run_at(&api, NOW + DAY).await;
    assert_eq!((d.codes, d.credentials, d.cards), (2, 0, 0), "{d:?}");
    assert_eq!(api.count(codes), 1);
    assert_eq!(api.count(credentials), 2);

    // 40 days on: both of Amina's credentials expired; the newer one says which phone key may
    // refresh her card, so it stays. Sara's code is still valid (60 days).
    let d = run_at(&api, NOW + 40 * DAY).await;
    assert_eq!((d.codes, d.credentials, d.cards), (0, 1, 0), "{d:?}");
    assert_eq!(api.count(credentials), 1);
    let newest: i64 = api.count("SELECT issued_at FROM credentials");
    assert_eq!(newest as u64, NOW + DAY);

    // The year 2026 closes 31 days into 2027: its key is deleted, its visit stays.
    // Sara's code expired on the way (60 days).
    let d = run_at(&api, at("2027-01-31")).await;
    assert_eq!((d.codes, d.years_closed), (1, 0), "{d:?}");
    let saras = format!(
        "SELECT COUNT(*) FROM activation_codes WHERE card_id = '{}'",
        sara.card_id
    );
    assert_eq!(api.count(&saras), 0);
    assert_eq!(api.count(open_2026), 1);
    let d = run_at(&api, at("2027-02-01")).await;
    assert_eq!(d.years_closed, 1);
    assert_eq!(api.count(open_2026), 0);
    assert_eq!(api.count(visits), 1);

    // 90 days after Jonas's revocation his card is still kept; a moment later it goes.
    let d = run_at(&api, NOW + DAY + 90 * DAY).await;
    assert_eq!(d.cards, 0, "{d:?}");
    let d = run_at(&api, NOW + DAY + 90 * DAY + 1).await;
    assert_eq!(d.cards, 1, "{d:?}");
    assert_eq!(api.count(cards), 2);
    let gone = format!("SELECT COUNT(*) FROM cards WHERE id = '{}'", jonas.card_id);
    assert_eq!(api.count(&gone), 0);

    // Amina's card ended 2027-04-30: on the 90th day after it is kept, the 91st it goes, with
    // its last credential. Sara's card (same dates) goes too.
    let d = run_at(&api, at("2027-07-29")).await;
    assert_eq!(d.cards, 0, "{d:?}");
    let d = run_at(&api, at("2027-07-30")).await;
    assert_eq!((d.cards, d.credentials), (2, 0), "{d:?}");
    assert_eq!(
        (api.count(cards), api.count(credentials), api.count(codes)),
        (0, 0, 0)
    );
    // Her visit is still counted: statistics never needed the card.
    assert_eq!(api.count(visits), 1);

    // Visits are kept for 2026 and three years before it... that is, until 2030 begins.
    let d = run_at(&api, at("2029-12-31")).await;
    assert_eq!(d.visits, 0);
    let d = run_at(&api, at("2030-01-01")).await;
    assert_eq!(d.visits, 1);
    assert_eq!(
        api.count("SELECT COUNT(*) FROM pseudonym_keys WHERE year = 2026"),
        0
    );
    // A second run finds nothing more.
    assert_eq!(run_at(&api, at("2030-01-01")).await, Deleted::default());
}

/// The revocation list must keep naming a revoked card while a credential it revokes can be
/// valid; a short retention does not take the card out from under it.
#[tokio::test]
async fn a_revoked_card_stays_while_the_revocation_list_needs_it() {
    let api = Api::new();
    let card = api.issue_card().await;
    let first = api.activate(&card.activation_code, &phone(42)).await;
    assert_eq!(first.status, 200);
    api.revoke(&card.card_id).await;
    // With cards kept 0 days after they end, the card still stays while its credential could
    // be valid at a venue (31 days).
    let state = api
        .state
        .clone()
        .with_retention(aktivitetskortet_server::retention::Rules {
            ended_card_days: 0,
            ..Default::default()
        });
    api.at(NOW + 10 * DAY);
    assert_eq!(state.run_retention().await.unwrap().cards, 0);
    let (_, revocations) = api.lists().await;
    assert!(revocations.is_revoked(card.card_id.parse().unwrap(), NOW));
    api.at(NOW + 32 * DAY);
    assert_eq!(state.run_retention().await.unwrap().cards, 1);
}

/// More than a batch is deleted in several transactions, all of it.
#[tokio::test]
async fn a_large_backlog_is_deleted_in_batches() {
    let api = Api::new();
    let card = api.issue_card().await;
    let backlog = aktivitetskortet_server::retention::BATCH * 2 + 1;
    api.state
        .db
        .blocking(|c| {
            let mut tx = c.transaction()?;
            for i in 0..backlog {
                tx.execute(
                    "INSERT INTO activation_codes (code_hash, card_id, created_at, expires_at, used_at)
                     VALUES (?1, ?2, 0, 1, 1)",
                    aktivitetskortet_server::params![format!("used-{i}"), card.card_id],
                )?;
            }
            tx.commit()
        })
        .unwrap();
    let d = run_at(&api, NOW).await;
    assert_eq!(d.codes, backlog);
    // The card's own unused code stays.
    assert_eq!(api.count("SELECT COUNT(*) FROM activation_codes"), 1);
}
