//! Rate limits seen from outside: refreshes per card (the activation limits per address and per
//! code are in api.rs, the trusted proxy's in live.rs).

use aktivitetskortet_core::api::CredentialResponse;
use aktivitetskortet_core::token::{self, Presentation};
use axum::http::{StatusCode, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::json;

use crate::api::{Api, NOW, phone};

#[tokio::test]
async fn refreshes_are_limited_per_card() {
    let api = Api::new();
    let card = api.issue_card().await;
    let other = api.issue_card().await;
    let (amina, jonas) = (phone(21), phone(22));
    let credential = |response: CredentialResponse| {
        token::Credential::from_bytes(&BASE64.decode(&response.credential).unwrap()).unwrap()
    };
    let mine = credential(api.activate(&card.activation_code, &amina).await.parse());
    let theirs = credential(api.activate(&other.activation_code, &jonas).await.parse());
    let api = &api;
    let refresh = |credential: &token::Credential, key: &token::DeviceKey, at: u64| {
        let body =
            json!({ "presentation": Presentation::create(credential, key, at).unwrap().qr_text });
        async move { api.send_json("POST", "/api/v1/refresh", None, &body).await }
    };

    // Twenty in an hour are a phone on a bad line; the twenty-first is not.
    for i in 0..20 {
        let reply = refresh(&mine, &amina, NOW + i).await;
        assert_eq!(reply.status, StatusCode::OK, "{i}: {}", reply.json());
    }
    let limited = refresh(&mine, &amina, NOW + 20).await;
    assert_eq!(
        (limited.status, limited.error_code().as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_requests")
    );
    let wait: u64 = limited.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=180).contains(&wait),
        "one refresh back every 3 minutes: {wait}"
    );
    // Another card is not held up by this one.
    assert_eq!(
        refresh(&theirs, &jonas, NOW + 20).await.status,
        StatusCode::OK
    );
    // After the wait, the card refreshes again.
    api.at(NOW + 20 + wait);
    assert_eq!(
        refresh(&mine, &amina, NOW + 20 + wait).await.status,
        StatusCode::OK
    );
}
