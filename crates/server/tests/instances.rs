//! Two server instances on one database (and one keys directory), as behind a load balancer: what
//! must be shared is in the database, so neither instance can contradict the other. On the
//! PostgreSQL run this is the deployment the test stands for; on SQLite it is two processes'
//! worth of connections on one file.

use aktivitetskortet_core::api::{CatalogueResponse, IssuedCard};
use aktivitetskortet_core::token::{DeviceKey, PublicKey, RevocationList};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::api::{offer, phone};
use crate::util::{Fixture, LiveServer};

struct Two {
    _fixture: Fixture,
    a: LiveServer,
    b: LiveServer,
    admin: String,
    list_key: PublicKey,
    http: reqwest::Client,
}

impl Two {
    async fn start() -> Two {
        let fixture = Fixture::new();
        let state = fixture.state();
        let admin = state.create_admin_key("test").unwrap();
        let list_key = state.list_public_key();
        let a = LiveServer::start(&fixture.config).await;
        let b = LiveServer::start(&fixture.config).await;
        Two {
            _fixture: fixture,
            a,
            b,
            admin,
            list_key,
            http: reqwest::Client::new(),
        }
    }

    async fn admin(&self, on: &LiveServer, path: String, body: Value) -> reqwest::Response {
        self.http
            .post(on.url(&path))
            .bearer_auth(&self.admin)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn issue_card(&self, on: &LiveServer) -> IssuedCard {
        // The instances run on the system clock: a card valid from today for five months.
        let today = aktivitetskortet_core::calendar::bergen_date(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs(),
        );
        let res = self
            .admin(
                on,
                "/api/v1/admin/cards".into(),
                json!({
                    "given_name": "Amina",
                    "birth_year": 2015,
                    "valid_from": today.to_string(),
                    "valid_until": today.add_days(150).to_string(),
                    "companion": "none",
                    "language": "nb"
                }),
            )
            .await;
        let status = res.status();
        let body: Value = res.json().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
        serde_json::from_value(body).unwrap()
    }

    async fn activate(&self, on: &LiveServer, code: String, phone: DeviceKey) -> StatusCode {
        let key = BASE64.encode(phone.public_key().to_compressed());
        self.http
            .post(on.url("/api/v1/activate"))
            .json(&json!({ "code": code, "device_key": key }))
            .send()
            .await
            .unwrap()
            .status()
    }

    async fn catalogue(&self, on: &LiveServer) -> CatalogueResponse {
        self.http
            .get(on.url("/api/v1/catalogue"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    async fn revocations(&self, on: &LiveServer) -> RevocationList {
        let bytes = self
            .http
            .get(on.url("/api/v1/revocation-list"))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        // Checked as a venue checks it, with the list key both instances share.
        RevocationList::open(&bytes, std::slice::from_ref(&self.list_key), None).unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_activation_code_used_on_one_instance_is_refused_on_the_other() {
    let two = Two::start().await;
    let card = two.issue_card(&two.a).await;
    assert_eq!(
        two.activate(&two.b, card.activation_code.clone(), phone(1))
            .await,
        StatusCode::OK
    );
    assert_eq!(
        two.activate(&two.a, card.activation_code, phone(2)).await,
        StatusCode::BAD_REQUEST
    );

    // At the same moment on both: exactly one phone gets the card.
    let card = two.issue_card(&two.b).await;
    let (on_a, on_b) = tokio::join!(
        two.activate(&two.a, card.activation_code.clone(), phone(3)),
        two.activate(&two.b, card.activation_code.clone(), phone(4)),
    );
    let ok = [on_a, on_b]
        .iter()
        .filter(|s| **s == StatusCode::OK)
        .count();
    assert_eq!(ok, 1, "{on_a} {on_b}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_change_on_one_instance_is_in_the_others_next_catalogue() {
    let two = Two::start().await;
    assert_eq!(two.catalogue(&two.b).await.version, 0);
    let res = two
        .admin(&two.a, "/api/v1/admin/offers".into(), offer("kode-a"))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let seen = two.catalogue(&two.b).await;
    assert_eq!(seen.version, 1);
    assert_eq!(seen.offers.len(), 1);

    // Edits on both at once take distinct versions, and both end up everywhere.
    let ids: Vec<String> = (0..6).map(|i| format!("kode-{i}")).collect();
    let creates = ids.iter().enumerate().map(|(i, id)| {
        let on = if i % 2 == 0 { &two.a } else { &two.b };
        two.admin(on, "/api/v1/admin/offers".into(), offer(id))
    });
    for res in futures_util::future::join_all(creates).await {
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let (on_a, on_b) = (two.catalogue(&two.a).await, two.catalogue(&two.b).await);
    assert_eq!(on_a.version, 7);
    assert_eq!(on_b.version, 7);
    assert_eq!(on_a.offers.len(), 7);
    assert_eq!(on_b.offers.len(), 7);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_sequence_numbers_never_go_backwards_across_instances() {
    let two = Two::start().await;
    let mut cards = Vec::new();
    for _ in 0..6 {
        cards.push(two.issue_card(&two.a).await.card_id);
    }
    let mut last = two.revocations(&two.a).await.sequence;
    for pair in cards.chunks(2) {
        // Revocations on both instances at once, then the list read from either.
        let revoke =
            |on, id: &str| two.admin(on, format!("/api/v1/admin/cards/{id}/revoke"), json!(null));
        let (r1, r2) = tokio::join!(revoke(&two.a, &pair[0]), revoke(&two.b, &pair[1]));
        assert_eq!(r1.status(), StatusCode::NO_CONTENT);
        assert_eq!(r2.status(), StatusCode::NO_CONTENT);
        let (from_b, from_a) = (two.revocations(&two.b).await, two.revocations(&two.a).await);
        assert!(from_b.sequence > last, "{} after {last}", from_b.sequence);
        assert_eq!(from_a.sequence, from_b.sequence);
        assert_eq!(from_a.revoked, from_b.revoked);
        for id in pair {
            assert!(from_a.revoked.keys().any(|c| c.to_string() == *id));
        }
        last = from_a.sequence;
    }
}
