//! A card moving to a new phone key at refresh (token format §6.3): the old key's presentation
//! proves the move, the new key gets the credential, and the old key refreshes nothing after.

use aktivitetskortet_core::api::CredentialResponse;
use aktivitetskortet_core::token::{Credential, DeviceKey, Presentation, Verdict};
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};

use crate::api::{Api, NOW, phone};

fn credential(response: &CredentialResponse) -> Credential {
    Credential::from_bytes(&BASE64.decode(&response.credential).unwrap()).unwrap()
}

fn key_text(key: &DeviceKey) -> String {
    BASE64.encode(key.public_key().to_compressed())
}

async fn refresh(api: &Api, body: &Value) -> crate::api::Reply {
    api.send_json("POST", "/api/v1/refresh", None, body).await
}

/// The refresh body: a presentation of `credential` by `signer` at `at`, moving to `to` if given.
fn body(credential: &Credential, signer: &DeviceKey, at: u64, to: Option<&DeviceKey>) -> Value {
    let qr = Presentation::create(credential, signer, at)
        .unwrap()
        .qr_text;
    match to {
        Some(to) => json!({ "presentation": qr, "device_key": key_text(to) }),
        None => json!({ "presentation": qr }),
    }
}

#[tokio::test]
async fn a_card_moves_to_a_new_phone_key_and_the_old_key_refreshes_nothing_after() {
    let api = Api::new();
    let card = api.issue_card().await;
    let (old, new, thief) = (phone(31), phone(32), phone(33));
    let first = credential(&api.activate(&card.activation_code, &old).await.parse());
    let at = NOW + 3_600;
    api.at(at);

    let moved = refresh(&api, &body(&first, &old, at, Some(&new))).await;
    assert_eq!(moved.status, 200, "{}", moved.json());
    let moved_to = credential(&moved.parse());
    assert_eq!(moved_to.device_key, new.public_key());
    assert_eq!(moved_to.claims.card_id, first.claims.card_id);

    // The answer was lost: the phone still holds only the old credential and tries again.
    let retried = refresh(&api, &body(&first, &old, at + 5, Some(&new))).await;
    assert_eq!(retried.status, 200, "{}", retried.json());
    assert_eq!(credential(&retried.parse()).device_key, new.public_key());

    // The old key (copied while it was raw bytes, say) can neither refresh nor move elsewhere.
    for to in [None, Some(&thief), Some(&old)] {
        let reply = refresh(&api, &body(&first, &old, at + 10, to)).await;
        assert_eq!(
            (reply.status, reply.error_code().as_str()),
            (StatusCode::BAD_REQUEST, "refresh_refused"),
            "moving to {:?}",
            to.map(DeviceKey::public_key)
        );
        assert!(
            reply.json()["message"]
                .as_str()
                .unwrap()
                .contains("replaced")
        );
    }

    // The new key refreshes as any card's key does.
    let again = refresh(&api, &body(&moved_to, &new, at + 20, None)).await;
    assert_eq!(again.status, 200, "{}", again.json());
    // The old credential is not revoked (a lost answer must not leave the card dead): it stays
    // valid at the door until it expires, at most 31 days, as the spec says.
    let qr = Presentation::create(&first, &old, at + 30).unwrap().qr_text;
    assert!(matches!(api.verify(&qr, at + 30).await, Verdict::Valid(_)));
}

#[tokio::test]
async fn a_bad_new_key_is_refused_and_changes_nothing() {
    let api = Api::new();
    let card = api.issue_card().await;
    let old = phone(34);
    let first = credential(&api.activate(&card.activation_code, &old).await.parse());
    let at = NOW + 60;
    api.at(at);
    let qr = Presentation::create(&first, &old, at).unwrap().qr_text;
    let uncompressed = format!("BA{}", &key_text(&old)[2..]);
    for bad in ["not base64!", "AAAA", uncompressed.as_str(), ""] {
        let reply = refresh(&api, &json!({ "presentation": qr, "device_key": bad })).await;
        assert_eq!(
            (reply.status, reply.error_code().as_str()),
            (StatusCode::BAD_REQUEST, "bad_device_key"),
            "{bad:?}: {}",
            reply.json()
        );
    }
    // Nothing moved: the old key still refreshes, for itself.
    let reply = refresh(&api, &json!({ "presentation": qr })).await;
    assert_eq!(reply.status, 200, "{}", reply.json());
    assert_eq!(credential(&reply.parse()).device_key, old.public_key());
}
