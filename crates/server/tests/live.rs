//! Tests against the real server on 127.0.0.1:0: sockets, first start, restart, shutdown.

use aktivitetskortet_core::api::Health;
use aktivitetskortet_server::store::FILE_NAME;

use crate::util::{Fixture, INDEX_HTML, LiveServer};

#[tokio::test]
async fn first_start_creates_the_database_in_the_data_directory() {
    let fx = Fixture::new();
    assert!(!fx.data_dir().exists());
    let server = LiveServer::start(&fx.config).await;
    assert_eq!(
        fx.data_dir().join(FILE_NAME).is_file(),
        !crate::util::on_postgres()
    );
    let health: Health = reqwest::get(server.url("/healthz"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health.status, "ok");
    server.shutdown().await;
}

#[tokio::test]
async fn serves_the_app_over_a_real_socket() {
    let fx = Fixture::new();
    let server = LiveServer::start(&fx.config).await;
    let res = reqwest::get(server.url("/innstillinger")).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), INDEX_HTML);
    server.shutdown().await;
}

#[tokio::test]
async fn a_restart_on_the_same_data_directory_keeps_the_database() {
    let fx = Fixture::new();
    let server = LiveServer::start(&fx.config).await;
    server.shutdown().await;
    let created_at = || {
        crate::util::query_column(
            &fx.config,
            "SELECT value FROM server_meta WHERE key = 'created_at'",
        )
        .remove(0)
    };
    let first = created_at();
    let server = LiveServer::start(&fx.config).await;
    assert!(
        reqwest::get(server.url("/healthz"))
            .await
            .unwrap()
            .status()
            .is_success()
    );
    server.shutdown().await;
    assert_eq!(created_at(), first);
}

#[tokio::test]
async fn shutdown_stops_accepting_connections() {
    let fx = Fixture::new();
    let server = LiveServer::start(&fx.config).await;
    let url = server.url("/healthz");
    server.shutdown().await;
    assert!(reqwest::get(url).await.is_err());
}

/// Everything survives a restart on the same data directory: offers, cards, visits, keys.
#[tokio::test]
async fn a_restart_finds_cards_offers_visits_and_keys_intact() {
    use aktivitetskortet_core::api::{
        CatalogueResponse, CheckInReceipt, IssuedCard, VenueKeyCreated,
    };
    use aktivitetskortet_core::token::{DeviceKey, TrustList};
    use base64::Engine;

    let fx = Fixture::new();
    let admin = fx.state().create_admin_key("test").unwrap();
    let client = reqwest::Client::new();
    let server = LiveServer::start(&fx.config).await;
    let auth = format!("Bearer {admin}");
    let offer = serde_json::json!({
        "id": "bad-ado", "title": {"nb": "Bading i AdO arena"}, "summary": {"nb": "Svømming."},
        "description": {"nb": "Åpen svømmehall."}, "category": "swimming", "organiser": "AdO arena",
        "venue": "AdO arena", "address": "Lungegårdskaien 40, 5015 Bergen", "district": "bergenhus",
        "age_min": 0, "age_max": 17,
        "schedule": {"kind": "weekly", "slots": [{"weekday": "saturday", "start": "10:00"}]},
        "companion_included": true
    });
    let post = |path: &str, body: serde_json::Value| {
        client
            .post(server.url(path))
            .header("authorization", &auth)
            .json(&body)
            .send()
    };
    assert_eq!(
        post("/api/v1/admin/offers", offer).await.unwrap().status(),
        201
    );
    let card: IssuedCard = post(
        "/api/v1/admin/cards",
        serde_json::json!({"given_name": "Jonas", "birth_year": 2011, "valid_from": "2026-11-01",
            "valid_until": "2027-04-30", "companion": "none"}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let phone = DeviceKey::from_secret(&[5; 32]).unwrap();
    let activated = client
        .post(server.url("/api/v1/activate"))
        .json(&serde_json::json!({
            "code": card.activation_code,
            "device_key": base64::engine::general_purpose::STANDARD.encode(phone.public_key().to_compressed())
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(activated.status(), 200);
    let venue: VenueKeyCreated = post(
        "/api/v1/admin/venue-keys",
        serde_json::json!({"name": "AdO", "offer_ids": ["bad-ado"]}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let batch = serde_json::json!({"checkins": [
        {"id": "v1", "card_id": card.card_id, "offer_id": "bad-ado", "at": now - 60, "companion": false}
    ]});
    let upload = || {
        client
            .post(server.url("/api/v1/visits"))
            .header("authorization", format!("Bearer {}", venue.key))
            .json(&batch)
            .send()
    };
    assert_eq!(
        upload()
            .await
            .unwrap()
            .json::<CheckInReceipt>()
            .await
            .unwrap()
            .accepted,
        1
    );
    let trust_before = client
        .get(server.url("/api/v1/trust-list"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    server.shutdown().await;

    let server = LiveServer::start(&fx.config).await;
    let catalogue: CatalogueResponse = client
        .get(server.url("/api/v1/catalogue"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(catalogue.offers.len(), 1);
    let cards: Vec<serde_json::Value> = client
        .get(server.url("/api/v1/admin/cards"))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(cards[0]["status"], "active");
    // The same visit again is a duplicate: the first one is still stored; the venue key still works.
    let retry = client
        .post(server.url("/api/v1/visits"))
        .header("authorization", format!("Bearer {}", venue.key))
        .json(&batch)
        .send()
        .await
        .unwrap();
    assert_eq!(retry.json::<CheckInReceipt>().await.unwrap().duplicates, 1);
    let trust_after = client
        .get(server.url("/api/v1/trust-list"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let keys = [fx.state().list_public_key()];
    let kids = |bytes: &[u8]| {
        TrustList::open(bytes, &keys, None)
            .unwrap()
            .keys
            .iter()
            .map(|k| k.kid)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        kids(&trust_before),
        kids(&trust_after),
        "the same issuer key after a restart"
    );
    server.shutdown().await;
}

/// Behind a trusted proxy each client has its own activation limit, named by the proxy's
/// `X-Forwarded-For`; from anyone else the header is ignored, so it cannot buy more tries.
#[tokio::test]
async fn rate_limits_follow_the_client_a_trusted_proxy_names() {
    // A bad device key is refused after the address's limit is counted, before any code is.
    let attempt = |server: &LiveServer, forwarded: &str| {
        let request = reqwest::Client::new()
            .post(server.url("/api/v1/activate"))
            .header("x-forwarded-for", forwarded)
            .json(&serde_json::json!({ "code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "device_key": "AA==" }));
        async move { request.send().await.unwrap() }
    };
    for trusted in [true, false] {
        let mut fx = Fixture::new();
        if trusted {
            fx.config.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
        }
        let server = LiveServer::start(&fx.config).await;
        for _ in 0..10 {
            assert_eq!(attempt(&server, "203.0.113.1").await.status(), 400);
        }
        let limited = attempt(&server, "203.0.113.1").await;
        assert_eq!(limited.status(), 429);
        let wait: u64 = limited.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=90).contains(&wait), "one try back every 90 s: {wait}");
        // Another family behind the same proxy, or a forger claiming to be one.
        let other = attempt(&server, "203.0.113.2").await.status();
        assert_eq!(other, if trusted { 400 } else { 429 }, "trusted: {trusted}");
        // An IPv6 client is limited by its /64: its neighbour address shares the count.
        if trusted {
            for i in 0..10 {
                let status = attempt(&server, &format!("2001:db8:5:6::{i:x}"))
                    .await
                    .status();
                assert_eq!(status, 400);
            }
            assert_eq!(attempt(&server, "2001:db8:5:6:ffff::1").await.status(), 429);
            assert_eq!(attempt(&server, "2001:db8:5:7::1").await.status(), 400);
        }
        server.shutdown().await;
    }
}
