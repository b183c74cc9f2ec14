//! `GET /metrics` on the metrics address: Prometheus's text format as `promtool` checks it,
//! counters that move with the requests answered, and labels that name no one.

use std::io::{BufRead, BufReader};
use std::process::Command;

use aktivitetskortet_core::api::{IssuedCard, VenueKeyCreated, paths};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::api::{offer, phone};
use crate::util::Served;

fn serve(tmp: &std::path::Path) -> Served {
    Served::start(tmp, &[], true)
}

/// The value of the sample `name{labels}` (labels exactly as the text prints them), 0 if absent.
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| {
            let (name, value) = line.rsplit_once(' ')?;
            (name == series).then(|| value.parse().unwrap())
        })
        .unwrap_or(0.0)
}

async fn scrape(http: &reqwest::Client, served: &Served) -> String {
    let res = http.get(&served.metrics).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    res.text().await.unwrap()
}

/// `promtool check metrics` on `text`: required when `AK_PROMTOOL` names it (as `cargo xtask
/// test` does), used from PATH when there, and otherwise said to be skipped.
fn promtool_accepts(text: &str) {
    use std::io::Write;
    let tool = match std::env::var("AK_PROMTOOL") {
        Ok(tool) => tool,
        Err(_) if Command::new("promtool").arg("--version").output().is_ok() => "promtool".into(),
        Err(_) => {
            eprintln!("promtool is not installed: the format check is left to `cargo xtask test`");
            return;
        }
    };
    let mut check = Command::new(&tool)
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("could not run {tool}: {e}"));
    check
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = check.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "promtool refused the metrics: {}{}\n{text}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn metrics_pass_promtool_move_with_requests_and_name_no_one() {
    let tmp = tempfile::tempdir().unwrap();
    let served = serve(tmp.path());
    let http = reqwest::Client::new();
    let api = |path: &str| format!("{}{path}", served.url);
    let admin = |path: &str, body: Value| {
        http.post(api(path))
            .bearer_auth(&served.admin)
            .json(&body)
            .send()
    };

    let before = scrape(&http, &served).await;
    promtool_accepts(&before);

    // A card, activated once (ok) and once more with the same code (refused).
    let today = aktivitetskortet_core::calendar::bergen_date(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    );
    let res = admin(
        paths::ADMIN_CARDS,
        json!({ "given_name": "Amina", "birth_year": 2015, "valid_from": today.to_string(),
                "valid_until": today.add_days(150).to_string(), "companion": "none",
                "language": "nb" }),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let card: IssuedCard = res.json().await.unwrap();
    for (i, expected) in [StatusCode::OK, StatusCode::BAD_REQUEST]
        .into_iter()
        .enumerate()
    {
        let key = BASE64.encode(phone(i as u8 + 1).public_key().to_compressed());
        let res = http
            .post(api(paths::ACTIVATE))
            .json(&json!({ "code": card.activation_code, "device_key": key }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), expected);
    }
    // A refresh with something that is not a card.
    let res = http
        .post(api(paths::REFRESH))
        .json(&json!({ "presentation": "HC1:not a card" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // The catalogue, then again with its ETag: a 304. The offer is free once a year.
    let mut swimming = offer("svomming-fana");
    swimming["visit_rule"] = json!({ "kind": "limited", "max": 1, "per": "year" });
    let res = admin(paths::ADMIN_OFFERS, swimming).await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = http.get(api(paths::CATALOGUE)).send().await.unwrap();
    let etag = res.headers()["etag"].clone();
    let res = http
        .get(api(paths::CATALOGUE))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);

    // Check-ins: one stored, the same again (a duplicate), one for an unknown card.
    let res = admin(
        paths::ADMIN_VENUE_KEYS,
        json!({ "name": "Fana bad", "offer_ids": ["svomming-fana"] }),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let venue: VenueKeyCreated = res.json().await.unwrap();
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        - 60;
    let checkin = |id: &str, card: &str| {
        json!({ "id": id, "card_id": card, "offer_id": "svomming-fana", "at": at,
                "companion": false })
    };
    // At the limit: a second visit found over it on upload, one let in anyway, one refused.
    let at_limit = |id: &str, limit: &str| {
        let mut c = checkin(id, &card.card_id);
        c["limit"] = json!(limit);
        c
    };
    let mut over = checkin("v-3", &card.card_id);
    over["at"] = json!(at + 1);
    for batch in [
        vec![checkin("v-1", &card.card_id)],
        vec![
            checkin("v-1", &card.card_id),
            checkin("v-2", "00000000000000aa"),
        ],
        vec![
            over,
            at_limit("v-4", "override"),
            at_limit("v-5", "refused"),
        ],
    ] {
        let res = http
            .post(api(paths::VISITS))
            .bearer_auth(&venue.key)
            .json(&json!({ "checkins": batch, "partial": true }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
    // A path nobody routes: counted under `web`, not as itself.
    let res = http
        .get(api(&format!("/no/such/{}", card.card_id)))
        .send()
        .await
        .unwrap();
    let _ = res.status();

    // A venue's list sync signs the revocation list.
    let res = http.get(api(paths::REVOCATION_LIST)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    let after = scrape(&http, &served).await;
    promtool_accepts(&after);
    let moved = |series: &str| sample(&after, series) - sample(&before, series);
    let p = "aktivitetskortet_";
    assert_eq!(
        moved(&format!(
            "{p}activations_total{{outcome=\"ok\",reason=\"\"}}"
        )),
        1.0
    );
    assert_eq!(
        moved(&format!(
            "{p}activations_total{{outcome=\"refused\",reason=\"activation_failed\"}}"
        )),
        1.0
    );
    assert_eq!(
        moved(&format!(
            "{p}refreshes_total{{outcome=\"refused\",reason=\"not_a_card\"}}"
        )),
        1.0,
        "{after}"
    );
    assert_eq!(
        moved(&format!("{p}catalogue_responses_total{{status=\"200\"}}")),
        1.0
    );
    assert_eq!(
        moved(&format!("{p}catalogue_responses_total{{status=\"304\"}}")),
        1.0
    );
    assert_eq!(
        moved(&format!(
            "{p}checkins_total{{outcome=\"accepted\",reason=\"\"}}"
        )),
        4.0
    );
    for decision in ["found_over", "override", "refused"] {
        assert_eq!(
            moved(&format!(
                "{p}checkins_at_limit_total{{decision=\"{decision}\"}}"
            )),
            1.0,
            "{decision}: {after}"
        );
    }
    assert_eq!(
        moved(&format!(
            "{p}checkins_total{{outcome=\"duplicate\",reason=\"\"}}"
        )),
        1.0
    );
    assert_eq!(
        moved(&format!(
            "{p}checkins_total{{outcome=\"refused\",reason=\"unknown_card\"}}"
        )),
        1.0
    );
    assert_eq!(
        moved(&format!(
            "{p}http_requests_total{{method=\"POST\",route=\"{}\",status=\"200\"}}",
            paths::VISITS
        )),
        3.0
    );
    assert!(
        moved(&format!(
            "{p}http_request_duration_seconds_count{{route=\"{}\"}}",
            paths::CATALOGUE
        )) >= 2.0
    );
    // The retention job ran once at start; the lists and the database are described.
    assert_eq!(
        sample(
            &after,
            &format!("{p}retention_runs_total{{outcome=\"ok\",reason=\"\"}}")
        ),
        1.0
    );
    assert!(sample(&after, &format!("{p}list_sequence{{list=\"revocation\"}}")) >= 1.0);
    let age = sample(
        &after,
        &format!("{p}list_age_seconds{{list=\"revocation\"}}"),
    );
    assert!((0.0..60.0).contains(&age), "{age}");
    assert!(sample(&after, &format!("{p}database_size_bytes")) > 0.0);

    // Nothing personal in any label, and no path that was not a route template.
    for secret in [
        card.card_id.as_str(),
        &card.activation_code,
        "Amina",
        "no/such",
    ] {
        assert!(!after.contains(secret), "{secret} is in the metrics");
    }
    // The public address does not serve them.
    let res = http.get(api(paths::METRICS)).send().await.unwrap();
    assert_ne!(res.status(), StatusCode::OK);
    assert!(
        !res.text()
            .await
            .unwrap()
            .contains("aktivitetskortet_http_requests")
    );
}

/// `--metrics-bind off` serves none, and a bad value is refused before anything starts.
#[test]
fn metrics_bind_off_and_a_bad_value() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let data = data.to_str().unwrap();
    let (ok, out) = crate::util::run_server(
        &[
            "--data-dir",
            data,
            "--metrics-bind",
            "nowhere",
            "list-admin-keys",
        ],
        &[],
    );
    assert!(!ok);
    assert!(
        out.contains("\"nowhere\" is not an address to listen on"),
        "{out}"
    );
    assert!(
        !tmp.path().join("data").exists(),
        "a refused start made the data directory"
    );

    let (mut child, stdout) =
        crate::util::spawn_server_piped(tmp.path(), &["--metrics-bind", "off"]);
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().unwrap().unwrap();
    let second = lines.next().unwrap().unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        first.starts_with("Aktivitetskortet is running on"),
        "{first}"
    );
    assert!(
        second.starts_with("Admin key"),
        "metrics were served: {second}"
    );
}
