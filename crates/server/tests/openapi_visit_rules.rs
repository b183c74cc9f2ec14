//! The visit-rule and provider routes' real answers against the OpenAPI document: each status
//! documented, each JSON body fitting its schema (the other routes are in `openapi.rs`).

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::api::offer;
use crate::openapi::Contract;

#[tokio::test]
async fn visit_rule_and_provider_answers_fit_their_documented_responses() {
    let api = Contract::new().await;
    let json = |v: Value| Some(("application/json", v.to_string().into_bytes()));
    let rules = (
        "get",
        "/api/v1/admin/category-rules",
        "/api/v1/admin/category-rules",
    );
    let set_rules = ("put", rules.1, rules.2);
    let swimming = json!([{ "category": "swimming", "rule": { "kind": "limited", "max": 3, "per": "month" } }]);
    assert_eq!(api.admin(set_rules, Some(swimming)).await.0, StatusCode::OK);
    let bad = json!([{ "category": "swimming", "rule": { "kind": "limited", "max": 3, "per": "season" } }]);
    assert_eq!(
        api.admin(set_rules, Some(bad)).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(api.admin(rules, None).await.0, StatusCode::OK);

    let offers = ("post", "/api/v1/admin/offers", "/api/v1/admin/offers");
    let mut limited = offer("kode-a");
    limited["visit_rule"] = json!({ "kind": "limited", "max": 1, "per": "week" });
    assert_eq!(
        api.admin(offers, Some(limited)).await.0,
        StatusCode::CREATED
    );
    let providers = ("post", "/api/v1/admin/providers", "/api/v1/admin/providers");
    let (status, made) = api.admin(providers, Some(json!({ "name": "KODE" }))).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        api.admin(providers, Some(json!({ "name": "" }))).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    api.admin(("get", providers.1, providers.2), None).await;
    let provider_id = made["id"].as_i64().unwrap();
    let key = made["key"].as_str().unwrap().to_owned();
    let terms = (
        "put",
        "/api/v1/admin/offers/{id}/terms",
        "/api/v1/admin/offers/kode-a/terms",
    );
    let set = json!({ "provider_id": provider_id, "refund_ore": 7_550 });
    assert_eq!(
        api.admin(terms, Some(set.clone())).await.0,
        StatusCode::NO_CONTENT
    );
    let missing = (terms.0, terms.1, "/api/v1/admin/offers/none/terms");
    assert_eq!(api.admin(missing, Some(set)).await.0, StatusCode::NOT_FOUND);
    api.admin(
        (
            "get",
            "/api/v1/admin/offer-terms",
            "/api/v1/admin/offer-terms",
        ),
        None,
    )
    .await;

    // The provider's side: itself, its offers, a new one (waiting), another's refused.
    let me = ("get", "/api/v1/provider/me", "/api/v1/provider/me");
    assert_eq!(api.call(me, Some(&key), None).await.0, StatusCode::OK);
    assert_eq!(api.call(me, None, None).await.0, StatusCode::UNAUTHORIZED);
    let own = ("post", "/api/v1/provider/offers", "/api/v1/provider/offers");
    let (status, _) = api.call(own, Some(&key), json(offer("kode-b"))).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = api.call(own, Some(&key), json(offer("kode-b"))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    api.call(("get", own.1, own.2), Some(&key), None).await;
    assert_eq!(
        api.admin(offers, Some(offer("kommunens"))).await.0,
        StatusCode::CREATED
    );
    let edit = (
        "put",
        "/api/v1/provider/offers/{id}",
        "/api/v1/provider/offers/kommunens",
    );
    let (status, _) = api.call(edit, Some(&key), json(offer("kommunens"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let approve = (
        "post",
        "/api/v1/admin/offers/{id}/approve",
        "/api/v1/admin/offers/kode-b/approve",
    );
    assert_eq!(api.admin(approve, None).await.0, StatusCode::NO_CONTENT);
    assert_eq!(api.admin(approve, None).await.0, StatusCode::NOT_FOUND);

    // A venue's limit list; settlements and visit counts, and their bad queries.
    let venue_keys = (
        "post",
        "/api/v1/admin/venue-keys",
        "/api/v1/admin/venue-keys",
    );
    let (_, venue) = api
        .admin(
            venue_keys,
            Some(json!({ "name": "KODE 4", "offer_ids": ["kode-a"] })),
        )
        .await;
    let list = ("get", "/api/v1/limit-list", "/api/v1/limit-list");
    let (status, _) = api.call(list, venue["key"].as_str(), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(api.call(list, None, None).await.0, StatusCode::UNAUTHORIZED);
    for (uri, expected) in [
        ("/api/v1/provider/settlement?period=2026-11", StatusCode::OK),
        (
            "/api/v1/provider/settlement?period=2026-13",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/v1/provider/settlement?month=2026-11",
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let route = ("get", "/api/v1/provider/settlement", uri);
        assert_eq!(api.call(route, Some(&key), None).await.0, expected, "{uri}");
    }
    let csv = (
        "get",
        "/api/v1/provider/settlement.csv",
        "/api/v1/provider/settlement.csv?period=2026",
    );
    assert_eq!(api.call(csv, Some(&key), None).await.0, StatusCode::OK);
    for (uri, expected) in [
        ("/api/v1/provider/visits?year=2026", StatusCode::OK),
        ("/api/v1/provider/visits?year=1999", StatusCode::BAD_REQUEST),
    ] {
        let route = ("get", "/api/v1/provider/visits", uri);
        assert_eq!(api.call(route, Some(&key), None).await.0, expected, "{uri}");
    }
    let settlement = (
        "get",
        "/api/v1/admin/providers/{id}/settlement",
        &*format!("/api/v1/admin/providers/{provider_id}/settlement?period=2026-11"),
    );
    assert_eq!(api.admin(settlement, None).await.0, StatusCode::OK);
    let unknown = (
        settlement.0,
        settlement.1,
        "/api/v1/admin/providers/999/settlement?period=2026-11",
    );
    assert_eq!(api.admin(unknown, None).await.0, StatusCode::NOT_FOUND);
    let revoke = (
        "delete",
        "/api/v1/admin/providers/{id}",
        &*format!("/api/v1/admin/providers/{provider_id}"),
    );
    assert_eq!(api.admin(revoke, None).await.0, StatusCode::NO_CONTENT);
    let gone = (revoke.0, revoke.1, "/api/v1/admin/providers/999");
    assert_eq!(api.admin(gone, None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        api.call(me, Some(&key), None).await.0,
        StatusCode::UNAUTHORIZED
    );
}
