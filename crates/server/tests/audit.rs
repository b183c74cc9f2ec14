//! Staff access is accountable: admin keys expire and carry a name, and every admin action is
//! in the audit log with the key, the object and the time, never a child's name.

use aktivitetskortet_core::api::{AdminKeyInfo, AuditPage, IssuedCard, VenueKeyCreated};
use axum::http::StatusCode;
use serde_json::json;

use crate::api::{Api, NOW, offer};

async fn audit(api: &Api, query: &str) -> AuditPage {
    let reply = api.admin_get(&format!("/api/v1/admin/audit{query}")).await;
    assert_eq!(reply.status, 200, "{}", reply.json());
    reply.parse()
}

#[tokio::test]
async fn every_admin_action_is_in_the_audit_log_by_key_and_object_never_by_name() {
    let api = Api::new();
    let me: AdminKeyInfo = api.admin_get("/api/v1/admin/me").await.parse();
    assert_eq!(me.label, "test");
    assert_eq!(me.expires_at, NOW + 90 * 86_400);

    let card = api.issue_card().await;
    assert_eq!(api.admin_get("/api/v1/admin/cards").await.status, 200);
    let reissued: IssuedCard = api
        .admin(
            "POST",
            &format!("/api/v1/admin/cards/{}/reissue", card.card_id),
            &json!(null),
        )
        .await
        .parse();
    let letters = api
        .admin(
            "POST",
            "/api/v1/admin/letters",
            &json!({ "letters": [{ "card_id": card.card_id, "code": reissued.activation_code }] }),
        )
        .await;
    assert_eq!(letters.status, 200);
    api.revoke(&card.card_id).await;
    for (method, uri, body, status) in [
        ("POST", "/api/v1/admin/offers", offer("kode-a"), 201),
        ("PUT", "/api/v1/admin/offers/kode-a", offer("kode-a"), 200),
    ] {
        assert_eq!(api.admin(method, uri, &body).await.status, status);
    }
    let venue: VenueKeyCreated = api
        .admin(
            "POST",
            "/api/v1/admin/venue-keys",
            &json!({ "name": "KODE 4", "offer_ids": ["kode-a"] }),
        )
        .await
        .parse();
    for uri in [
        format!("/api/v1/admin/venue-keys/{}", venue.id),
        "/api/v1/admin/offers/kode-a".to_owned(),
    ] {
        assert_eq!(api.admin("DELETE", &uri, &json!(null)).await.status, 204);
    }
    api.at(1_799_971_200); // 2026-Q4 closed
    for uri in [
        "/api/v1/admin/stats?period=2026-Q4",
        "/api/v1/admin/stats.csv?period=2026-Q4",
    ] {
        assert_eq!(api.admin_get(uri).await.status, 200);
    }
    // A refused action is not one: nothing recorded.
    let refused = api
        .admin("DELETE", "/api/v1/admin/offers/nope", &json!(null))
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    let page = audit(&api, "").await;
    let lines: Vec<(String, String)> = page
        .entries
        .iter()
        .rev()
        .map(|e| (e.action.clone(), e.object.clone()))
        .collect();
    let id = card.card_id.clone();
    let expected: Vec<(String, String)> = [
        ("admin_key.create", me.id.to_string()),
        ("card.issue", id.clone()),
        ("cards.list", "1".into()),
        ("card.reissue", id.clone()),
        ("letters", id.clone()),
        ("card.revoke", id.clone()),
        ("offer.create", "kode-a".into()),
        ("offer.update", "kode-a".into()),
        ("venue_key.create", venue.id.to_string()),
        ("venue_key.revoke", venue.id.to_string()),
        ("offer.delete", "kode-a".into()),
        ("stats.read", "2026-Q4".into()),
        ("stats.export", "2026-Q4".into()),
    ]
    .into_iter()
    .map(|(a, o)| (a.to_owned(), o))
    .collect();
    assert_eq!(lines, expected);
    // Each names the key that did it (the command line made the key itself), and when.
    assert_eq!(page.entries.last().unwrap().admin_key_id, None);
    for entry in &page.entries[..page.entries.len() - 1] {
        assert_eq!(entry.admin_key_id, Some(me.id));
        assert_eq!(entry.admin_key_label.as_deref(), Some("test"));
    }
    assert_eq!(page.entries[0].at, 1_799_971_200);
    let text = serde_json::to_string(&page).unwrap();
    assert!(!text.contains("Amina"), "{text}");
    assert_eq!(page.next_before, None);
}

#[tokio::test]
async fn the_audit_log_comes_a_page_at_a_time_and_bad_pages_are_refused() {
    let api = Api::new();
    for i in 0..105 {
        let body = offer(&format!("o-{i}"));
        assert_eq!(
            api.admin("POST", "/api/v1/admin/offers", &body)
                .await
                .status,
            201
        );
    }
    let first = audit(&api, "").await;
    assert_eq!(first.entries.len(), 100);
    let before = first.next_before.unwrap();
    let second = audit(&api, &format!("?before={before}")).await;
    // 105 offers and the key's own making.
    assert_eq!(second.entries.len(), 6);
    assert!(second.entries.iter().all(|e| e.id < before));
    assert_eq!(second.next_before, None);
    for bad in ["?before=soon", "?after=3"] {
        let reply = api.admin_get(&format!("/api/v1/admin/audit{bad}")).await;
        assert_eq!(
            (reply.status, reply.error_code().as_str()),
            (StatusCode::BAD_REQUEST, "bad_query"),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn an_expired_admin_key_opens_nothing() {
    let api = Api::new();
    let short = api.state.create_admin_key_for("Vikar", 1).unwrap();
    let me = api.get("/api/v1/admin/me", Some(&short)).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.parse::<AdminKeyInfo>().expires_at, NOW + 86_400);
    api.at(NOW + 86_400);
    let expired = api.get("/api/v1/admin/cards", Some(&short)).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert!(
        expired.json()["message"]
            .as_str()
            .unwrap()
            .contains("expired"),
        "{}",
        expired.json()
    );
    // The test key (90 days) still works.
    assert_eq!(api.admin_get("/api/v1/admin/cards").await.status, 200);
}
