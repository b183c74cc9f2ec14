//! The server's days are Bergen's, as the apps' are: a card ends, a statistics period closes and
//! visits are deleted at midnight in Bergen, not at midnight UTC (an hour or two later).

use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::calendar::{Date, bergen_day_start};
use axum::http::StatusCode;
use serde_json::json;

use crate::api::{Api, offer};
use crate::visits::venue_key;

fn bergen_midnight(date: &str) -> u64 {
    bergen_day_start(date.parse::<Date>().unwrap())
}

/// A card issued 30 minutes into 8 December in Bergen (23:30 UTC on the 7th).
async fn issue_until(api: &Api, until: &str) -> (StatusCode, serde_json::Value) {
    let reply = api
        .admin(
            "POST",
            paths::ADMIN_CARDS,
            &json!({ "given_name": "Noor", "birth_year": 2014, "valid_from": "2026-12-01",
                     "valid_until": until, "companion": "none", "language": "nb" }),
        )
        .await;
    (reply.status, reply.json())
}

#[tokio::test]
async fn a_card_that_ended_yesterday_in_bergen_is_refused_after_bergen_midnight() {
    let api = Api::new();
    api.at(bergen_midnight("2026-12-08") + 30 * 60);
    let (status, body) = issue_until(&api, "2026-12-07").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["details"][0]["field"], "valid_until", "{body}");
    assert_eq!(api.count("SELECT COUNT(*) FROM cards"), 0);
    // Its last day today: issued, and its code lasts to the end of that day.
    let (status, body) = issue_until(&api, "2026-12-08").await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["code_expires"], "2026-12-08");
}

#[tokio::test]
async fn periods_close_and_visits_go_at_bergen_midnight() {
    let api = Api::new();
    let created = api
        .admin("POST", paths::ADMIN_OFFERS, &offer("kode-a"))
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let key = venue_key(&api, &["kode-a"]).await;
    let card = api.issue_card().await;
    let visit = json!({ "checkins": [{ "id": "v-1", "card_id": card.card_id, "offer_id": "kode-a",
                                       "at": crate::api::NOW, "companion": false }] });
    let reply = api
        .send_json("POST", paths::VISITS, Some(&key), &visit)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());

    // 2026 may be reported once no check-in can still arrive: from 15 January 2027, in Bergen.
    let closes = bergen_midnight("2027-01-15");
    api.at(closes - 1);
    let open = api.admin_get("/api/v1/admin/stats?period=2026").await;
    assert_eq!(
        (open.status, open.error_code().as_str()),
        (StatusCode::BAD_REQUEST, "period_open")
    );
    api.at(closes);
    let report = api.admin_get("/api/v1/admin/stats?period=2026").await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.json());

    // Its visits are kept for 2026 and three years before it: until 2030 begins in Bergen.
    let visits = "SELECT COUNT(*) FROM visits";
    api.at(bergen_midnight("2030-01-01") - 1);
    api.state.run_retention().await.unwrap();
    assert_eq!(api.count(visits), 1);
    api.at(bergen_midnight("2030-01-01"));
    let deleted = api.state.run_retention().await.unwrap();
    assert_eq!((deleted.visits, api.count(visits)), (1, 0));
}
