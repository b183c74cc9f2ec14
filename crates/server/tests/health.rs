//! `/healthz` (the process is up) and `/readyz` (this instance should get traffic): each check
//! failing on its own, and draining after SIGTERM while requests are still served.

use std::process::Command;

use aktivitetskortet_core::api::Readiness;
use axum::http::StatusCode;

use crate::util::{Fixture, body_bytes, get, oneshot};

async fn readiness(state: &aktivitetskortet_server::AppState) -> (StatusCode, Readiness) {
    let res = oneshot(state.clone(), get("/readyz")).await;
    let status = res.status();
    (
        status,
        serde_json::from_slice(&body_bytes(res).await).unwrap(),
    )
}

#[tokio::test]
async fn ready_when_every_check_passes_and_not_when_one_fails() {
    let fx = Fixture::new();
    let state = fx.state();
    let (status, ready) = readiness(&state).await;
    assert_eq!(status, StatusCode::OK);
    assert!(ready.ready && ready.database && ready.schema && ready.keys && !ready.draining);

    // A schema this server was not built for (a newer server migrated it meanwhile).
    let bump = match state.db.engine() {
        aktivitetskortet_server::store::Engine::Sqlite => "PRAGMA user_version = 99",
        aktivitetskortet_server::store::Engine::Postgres => {
            "UPDATE schema_version SET version = 99"
        }
    };
    state.db.blocking(|c| c.batch(bump)).unwrap();
    let (status, ready) = readiness(&state).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(!ready.ready && ready.database && !ready.schema && ready.keys);

    // Key files gone (a volume not mounted): noticed before a request needs a key.
    let fx = Fixture::new();
    let state = fx.state();
    std::fs::remove_dir_all(fx.data_dir().join("keys")).unwrap();
    let (status, ready) = readiness(&state).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(!ready.ready && ready.database && ready.schema && !ready.keys);
    // Liveness asks nothing of them.
    assert_eq!(
        oneshot(state.clone(), get("/healthz")).await.status(),
        StatusCode::OK
    );
}

/// SIGTERM: `/readyz` answers 503 for the grace period while requests are still answered, then
/// the server stops cleanly.
#[cfg(unix)]
#[tokio::test]
async fn sigterm_drains_for_the_grace_period_then_stops() {
    let tmp = tempfile::tempdir().unwrap();
    let (child, url) = crate::util::spawn_server(tmp.path(), &["--shutdown-grace", "2"]);
    assert_eq!(
        reqwest::get(format!("{url}/readyz"))
            .await
            .unwrap()
            .status(),
        200
    );
    let sent = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    // Within the grace period: not ready, but still serving.
    let mut drained = false;
    for _ in 0..20 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let res = reqwest::get(format!("{url}/readyz")).await.unwrap();
        if res.status() == 503 {
            let body: Readiness = res.json().await.unwrap();
            assert!(body.draining && body.database && body.keys);
            drained = true;
            break;
        }
    }
    assert!(drained, "/readyz never answered 503 after SIGTERM");
    let catalogue = reqwest::get(format!("{url}/api/v1/catalogue"))
        .await
        .unwrap();
    assert_eq!(catalogue.status(), 200);
    let started = std::time::Instant::now();
    let out = child.wait_with_output().unwrap();
    let logs = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}: {logs}", out.status);
    assert!(
        logs.contains("draining") && logs.contains("stopped cleanly"),
        "{logs}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}
