//! Providers: a provider key changes its own offers and no one else's, its new offers wait for
//! approval (unless the server publishes them at once), it reads its visit counts with small
//! groups hidden, and its settlement adds up to the visits recorded.

use aktivitetskortet_core::api::*;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::api::{Api, NOW, offer};
use crate::visits::venue_key;

async fn provider(api: &Api, name: &str) -> (i64, String) {
    let reply = api
        .admin("POST", "/api/v1/admin/providers", &json!({ "name": name }))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    let created: ProviderCreated = reply.parse();
    assert!(created.key.starts_with("ak_provider_"));
    (created.id, created.key)
}

fn catalogue_ids(api_catalogue: &CatalogueResponse) -> Vec<&str> {
    api_catalogue.offers.iter().map(|o| o.id.as_str()).collect()
}

async fn catalogue(api: &Api) -> CatalogueResponse {
    api.get("/api/v1/catalogue", None).await.parse()
}

#[tokio::test]
async fn a_provider_keeps_its_own_offers_and_no_one_elses() {
    let api = Api::new();
    let (kode, key) = provider(&api, "KODE").await;
    let (_, club) = provider(&api, "Fana håndball").await;
    let me: ProviderInfo = api.get("/api/v1/provider/me", Some(&key)).await.parse();
    assert_eq!(
        (me.id, me.name.as_str(), me.approval_required),
        (kode, "KODE", true)
    );

    // A new offer waits for approval: holders do not see it, nor does its catalogue version move.
    let before = catalogue(&api).await;
    let mut new = offer("kode-verksted");
    new["visit_rule"] = json!({ "kind": "unlimited" });
    let reply = api
        .send_json("POST", "/api/v1/provider/offers", Some(&key), &new)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    assert_eq!(
        reply.parse::<aktivitetskortet_core::Offer>().visit_rule,
        None,
        "the municipality's to set"
    );
    let after = catalogue(&api).await;
    assert_eq!(after.version, before.version);
    assert!(catalogue_ids(&after).is_empty());
    let own: ProviderOffers = api.get("/api/v1/provider/offers", Some(&key)).await.parse();
    assert_eq!(own.pending, ["kode-verksted"]);
    let terms: Vec<OfferTerms> = api.admin_get("/api/v1/admin/offer-terms").await.parse();
    assert_eq!((terms[0].provider_id, terms[0].pending), (Some(kode), true));
    // The admin sees it and approves it; then holders get it in a new catalogue version.
    assert_eq!(
        api.admin_get("/api/v1/admin/offers")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let approve = api
        .admin(
            "POST",
            "/api/v1/admin/offers/kode-verksted/approve",
            &Value::Null,
        )
        .await;
    assert_eq!(approve.status, StatusCode::NO_CONTENT);
    let again = api
        .admin(
            "POST",
            "/api/v1/admin/offers/kode-verksted/approve",
            &Value::Null,
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::NOT_FOUND,
        "nothing waits any more"
    );
    let published = catalogue(&api).await;
    assert!(published.version > after.version);
    assert_eq!(catalogue_ids(&published), ["kode-verksted"]);

    // It edits its own offer (published at once); the visit rule stays the municipality's.
    let rule = json!({ "kind": "limited", "max": 5, "per": "year", "companion_counts": false });
    let mut by_admin = offer("kode-verksted");
    by_admin["visit_rule"] = rule.clone();
    assert_eq!(
        api.admin("PUT", "/api/v1/admin/offers/kode-verksted", &by_admin)
            .await
            .status,
        StatusCode::OK
    );
    let mut edit = offer("kode-verksted");
    edit["title"]["nb"] = json!("Verksted for små og store");
    let reply = api
        .send_json(
            "PUT",
            "/api/v1/provider/offers/kode-verksted",
            Some(&key),
            &edit,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    let live = catalogue(&api).await;
    assert_eq!(live.offers[0].title.nb, "Verksted for små og store");
    assert_eq!(
        serde_json::to_value(live.offers[0].visit_rule).unwrap(),
        rule
    );

    // Not its own: another provider's key, an offer the municipality keeps, no such offer.
    let reply = api
        .send_json(
            "PUT",
            "/api/v1/provider/offers/kode-verksted",
            Some(&club),
            &edit,
        )
        .await;
    assert_eq!(
        (reply.status, reply.error_code().as_str()),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    assert_eq!(
        api.admin("POST", "/api/v1/admin/offers", &offer("kommunens"))
            .await
            .status,
        StatusCode::CREATED
    );
    let reply = api
        .send_json(
            "PUT",
            "/api/v1/provider/offers/kommunens",
            Some(&key),
            &offer("kommunens"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = api
        .send_json(
            "PUT",
            "/api/v1/provider/offers/ingen",
            Some(&key),
            &offer("ingen"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // Bad input: another id in the body, an offer breaking the rules, an id taken.
    let reply = api
        .send_json(
            "PUT",
            "/api/v1/provider/offers/kode-verksted",
            Some(&key),
            &offer("x"),
        )
        .await;
    assert_eq!(reply.error_code(), "id_mismatch");
    let mut broken = offer("kode-ny");
    broken["age_max"] = json!(30);
    let reply = api
        .send_json("POST", "/api/v1/provider/offers", Some(&key), &broken)
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reply = api
        .send_json(
            "POST",
            "/api/v1/provider/offers",
            Some(&key),
            &offer("kommunens"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(
        catalogue(&api).await.offers[1].title.nb,
        "Familiesøndag på KODE",
        "unchanged"
    );

    // The municipality gives it the other offer too; then it is its own.
    let reply = api
        .admin(
            "PUT",
            "/api/v1/admin/offers/kommunens/terms",
            &json!({ "provider_id": kode, "refund_ore": 7_550 }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let own: ProviderOffers = api.get("/api/v1/provider/offers", Some(&key)).await.parse();
    assert_eq!(own.offers.len(), 2);
    for (bad, field) in [
        (
            json!({ "provider_id": 999, "refund_ore": null }),
            "provider_id",
        ),
        (
            json!({ "provider_id": null, "refund_ore": 1_000_001 }),
            "refund_ore",
        ),
    ] {
        let reply = api
            .admin("PUT", "/api/v1/admin/offers/kommunens/terms", &bad)
            .await;
        let body: ErrorBody = reply.parse();
        assert_eq!(body.details[0].field.as_deref(), Some(field));
    }
    let listed: Vec<ProviderSummary> = api.admin_get("/api/v1/admin/providers").await.parse();
    assert_eq!(listed[0].offer_ids, ["kode-verksted", "kommunens"]);

    // A revoked key opens nothing; the audit log names the provider's own changes.
    let revoke = api
        .admin(
            "DELETE",
            &format!("/api/v1/admin/providers/{kode}"),
            &Value::Null,
        )
        .await;
    assert_eq!(revoke.status, StatusCode::NO_CONTENT);
    let reply = api.get("/api/v1/provider/offers", Some(&key)).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let audit: AuditPage = api.admin_get("/api/v1/admin/audit").await.parse();
    assert!(audit.entries.iter().any(|e| e.action == "offer.update"
        && e.by_subject.as_deref() == Some(&format!("provider:{kode}"))
        && e.by_name.as_deref() == Some("KODE")));
}

/// A lost or leaked key is replaced: the old one stops at once, the new one opens the same
/// provider with its offers. Bad ids and a withdrawn provider are refused and change nothing.
#[tokio::test]
async fn a_providers_key_is_replaced_and_the_old_one_stops() {
    let api = Api::new();
    let (kode, old) = provider(&api, "KODE").await;
    let reply = api
        .send_json(
            "POST",
            "/api/v1/provider/offers",
            Some(&old),
            &offer("kode-a"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let (club, club_key) = provider(&api, "Fana håndball").await;

    let path = |id: &str| format!("/api/v1/admin/providers/{id}/key");
    let reply = api
        .admin("POST", &path(&kode.to_string()), &Value::Null)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
    let made: ProviderCreated = reply.parse();
    assert_eq!(made.id, kode);
    assert!(made.key.starts_with("ak_provider_") && made.key != old);
    let reply = api.get("/api/v1/provider/offers", Some(&old)).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let own: ProviderOffers = api
        .get("/api/v1/provider/offers", Some(&made.key))
        .await
        .parse();
    assert_eq!(own.pending, ["kode-a"]);
    // Another provider's key is untouched.
    let me: ProviderInfo = api
        .get("/api/v1/provider/me", Some(&club_key))
        .await
        .parse();
    assert_eq!(me.id, club);

    // No such provider, not a number, a withdrawn one, or not an admin: refused, nothing changed.
    let revoke = api
        .admin(
            "DELETE",
            &format!("/api/v1/admin/providers/{club}"),
            &Value::Null,
        )
        .await;
    assert_eq!(revoke.status, StatusCode::NO_CONTENT);
    for (id, status, code) in [
        ("999", StatusCode::NOT_FOUND, "not_found"),
        ("kode", StatusCode::NOT_FOUND, "not_found"),
        (&club.to_string(), StatusCode::CONFLICT, "conflict"),
    ] {
        let reply = api.admin("POST", &path(id), &Value::Null).await;
        assert_eq!(
            (reply.status, reply.error_code().as_str()),
            (status, code),
            "{id}"
        );
    }
    let reply = api
        .send_json(
            "POST",
            &path(&kode.to_string()),
            Some(&made.key),
            &Value::Null,
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let me: ProviderInfo = api
        .get("/api/v1/provider/me", Some(&made.key))
        .await
        .parse();
    assert_eq!(me.id, kode);
    let audit: AuditPage = api.admin_get("/api/v1/admin/audit").await.parse();
    let new_keys: Vec<_> = audit
        .entries
        .iter()
        .filter(|e| e.action == "provider.new_key")
        .map(|e| e.object.as_str())
        .collect();
    assert_eq!(new_keys, [kode.to_string()]);
}

#[tokio::test]
async fn without_approval_a_providers_offer_goes_live_at_once() {
    let api = Api::with(|config| config.provider_offers_go_live = true);
    let (_, key) = provider(&api, "KODE").await;
    let me: ProviderInfo = api.get("/api/v1/provider/me", Some(&key)).await.parse();
    assert!(!me.approval_required);
    let reply = api
        .send_json(
            "POST",
            "/api/v1/provider/offers",
            Some(&key),
            &offer("kode-a"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(catalogue_ids(&catalogue(&api).await), ["kode-a"]);
}

fn checkin(id: String, card: &str, offer: &str, at: u64, companion: bool) -> Value {
    json!({ "id": id, "card_id": card, "offer_id": offer, "at": at, "companion": companion })
}

#[tokio::test]
async fn the_settlement_adds_up_to_the_visits_and_the_counts_hide_small_groups() {
    let api = Api::new();
    let (kode, key) = provider(&api, "KODE").await;
    for id in ["kode-a", "kode-b", "other"] {
        assert_eq!(
            api.admin("POST", "/api/v1/admin/offers", &offer(id))
                .await
                .status,
            StatusCode::CREATED
        );
    }
    for (id, refund) in [("kode-a", Some(7_550)), ("kode-b", None)] {
        let reply = api
            .admin(
                "PUT",
                &format!("/api/v1/admin/offers/{id}/terms"),
                &json!({ "provider_id": kode, "refund_ore": refund }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT);
    }
    let desk = venue_key(&api, &["kode-a", "kode-b", "other"]).await;
    // Six children at kode-a in November (two with a companion), three at kode-b, and visits
    // to another organiser's offer that this settlement must not count.
    let mut checkins = Vec::new();
    for child in 0..6 {
        let card = api.issue_card().await.card_id;
        checkins.push(checkin(
            format!("a{child}"),
            &card,
            "kode-a",
            NOW - 3_600,
            child < 2,
        ));
        if child < 3 {
            checkins.push(checkin(
                format!("b{child}"),
                &card,
                "kode-b",
                NOW - 7_200,
                false,
            ));
        }
        checkins.push(checkin(
            format!("o{child}"),
            &card,
            "other",
            NOW - 60,
            false,
        ));
    }
    let reply = api
        .send_json(
            "POST",
            "/api/v1/visits",
            Some(&desk),
            &json!({ "checkins": checkins }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());

    let settlement: Settlement = api
        .get("/api/v1/provider/settlement?period=2026-11", Some(&key))
        .await
        .parse();
    assert_eq!(
        (settlement.provider.as_str(), settlement.complete),
        ("KODE", false)
    );
    let rows: Vec<(&str, u64, u64, Option<u64>)> = settlement
        .rows
        .iter()
        .map(|r| (r.offer_id.as_str(), r.visits, r.companions, r.amount_ore))
        .collect();
    assert_eq!(
        rows,
        [("kode-a", 6, 2, Some(8 * 7_550)), ("kode-b", 3, 0, None)]
    );
    assert_eq!(
        settlement.total,
        SettlementTotal {
            visits: 9,
            companions: 2,
            over_limit: 0,
            amount_ore: 60_400
        }
    );
    // The same as CSV, for a spreadsheet; and the municipality's copy.
    let csv = api
        .get("/api/v1/provider/settlement.csv?period=2026-11", Some(&key))
        .await;
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    let text = String::from_utf8(csv.body).unwrap();
    assert!(text.starts_with("\u{feff}month,offer_id,offer,visits,companions,over_limit"));
    assert!(
        text.ends_with(
            "total,,,9,2,0,,604.00\r\nnot final: visits may be uploaded until 2026-12-15,,,,,,,\r\n"
        ),
        "{text}"
    );
    let copy: Settlement = api
        .admin_get(&format!(
            "/api/v1/admin/providers/{kode}/settlement?period=2026"
        ))
        .await
        .parse();
    assert_eq!(copy.total, settlement.total);
    // Bad periods: refused by name.
    for (period, code) in [
        ("2026-13", "bad_period"),
        ("november", "bad_period"),
        ("2027-02", "period_ahead"),
    ] {
        let reply = api
            .get(
                &format!("/api/v1/provider/settlement?period={period}"),
                Some(&key),
            )
            .await;
        assert_eq!(
            (reply.status, reply.error_code()),
            (StatusCode::BAD_REQUEST, code.to_owned()),
            "{period}"
        );
    }

    // Visit counts only for closed months; then kode-b's 3 children are hidden, kode-a's shown.
    let open: ProviderVisits = api
        .get("/api/v1/provider/visits?year=2026", Some(&key))
        .await
        .parse();
    assert!(!open.months.contains(&"2026-11".to_owned()));
    api.at(NOW + 21 * 86_400);
    let closed: ProviderVisits = api
        .get("/api/v1/provider/visits?year=2026", Some(&key))
        .await
        .parse();
    assert!(closed.months.contains(&"2026-11".to_owned()));
    let cells: Vec<(&str, &str, String, String)> = closed
        .rows
        .iter()
        .map(|r| {
            (
                r.offer_id.as_str(),
                r.month.as_str(),
                r.visits.to_string(),
                r.holders.to_string(),
            )
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("kode-a", "2026-11", "6".to_owned(), "6".to_owned()),
            ("kode-b", "2026-11", "<5".to_owned(), "<5".to_owned()),
        ]
    );
    let reply = api
        .get("/api/v1/provider/visits?year=1999", Some(&key))
        .await;
    assert_eq!(reply.error_code(), "bad_year");
}
