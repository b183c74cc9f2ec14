//! Catalogue sync against the real backend: first, delta and no-change syncs, removed offers, and
//! the faults (a cut answer, a 500, malformed JSON, the server down) — after each, the cache is the
//! old or the new catalogue, never a mix, and the error is recorded.

use aktivitetskortet_client::Store;
use aktivitetskortet_client::http::Backend as Http;
use aktivitetskortet_client::search::OfferQuery;
use aktivitetskortet_client::sync::{Outcome, fetch_thumbnails, sync_catalogue};
use aktivitetskortet_core::calendar::Date;
use serde_json::json;

use crate::util::{Backend, closed_port, faulty_server, offer};

fn today() -> Date {
    "2026-11-25".parse().unwrap()
}

fn ids(store: &mut Store) -> Vec<String> {
    let query = OfferQuery {
        page_size: 200,
        sort: aktivitetskortet_client::search::Sort::Name,
        ..OfferQuery::default()
    };
    let mut ids: Vec<String> = store
        .catalogue()
        .search(&query, today())
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.offer.id)
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn first_delta_and_no_change_syncs() {
    let backend = Backend::start().await;
    for (id, title) in [
        ("kode", "KODE familiesøndag"),
        ("svom", "Svømming i Åsane"),
        ("fotball", "Fotball"),
    ] {
        backend
            .add_offer(offer(id, title, "museum", "bergenhus", (0, 17)))
            .await;
    }
    let mut store = Store::open_in_memory().unwrap();
    let http = backend.client();

    let first = sync_catalogue(&mut store, &http, 1_000, today())
        .await
        .unwrap();
    assert_eq!(
        first,
        Outcome::Updated {
            version: 3,
            full: true,
            changed: 3,
            removed: 0
        }
    );
    assert_eq!(ids(&mut store), ["fotball", "kode", "svom"]);
    assert_eq!(
        store.catalogue().sync_state().unwrap().last_success_at,
        Some(1_000)
    );

    assert_eq!(
        sync_catalogue(&mut store, &http, 2_000, today())
            .await
            .unwrap(),
        Outcome::Unchanged
    );

    let mut changed = offer("kode", "KODE familiesøndag", "museum", "bergenhus", (0, 17));
    changed["title"]["nb"] = json!("KODE kunstverksted");
    backend
        .admin("PUT", "/api/v1/admin/offers/kode", changed)
        .await;
    backend
        .admin("DELETE", "/api/v1/admin/offers/fotball", json!(null))
        .await;
    backend
        .add_offer(offer("bibliotek", "Biblioteket", "event", "arna", (0, 17)))
        .await;
    let delta = sync_catalogue(&mut store, &http, 3_000, today())
        .await
        .unwrap();
    assert_eq!(
        delta,
        Outcome::Updated {
            version: 6,
            full: false,
            changed: 2,
            removed: 1
        }
    );
    assert_eq!(ids(&mut store), ["bibliotek", "kode", "svom"]);
    assert_eq!(
        store.catalogue().offer("kode").unwrap().unwrap().title.nb,
        "KODE kunstverksted"
    );
    let found = store
        .catalogue()
        .search(
            &OfferQuery {
                text: "kunstverksted".into(),
                page_size: 10,
                ..OfferQuery::default()
            },
            today(),
        )
        .unwrap();
    assert_eq!(found.total, 1, "the search index follows the change");
    let gone = store
        .catalogue()
        .search(
            &OfferQuery {
                text: "fotball".into(),
                page_size: 10,
                ..OfferQuery::default()
            },
            today(),
        )
        .unwrap();
    assert_eq!(gone.total, 0, "removed offers leave the index too");
}

/// Each fault leaves the whole previous catalogue and records why.
#[tokio::test]
async fn faults_keep_the_previous_catalogue_whole() {
    let backend = Backend::start().await;
    backend
        .add_offer(offer("kode", "KODE", "museum", "bergenhus", (0, 17)))
        .await;
    backend
        .add_offer(offer("svom", "Svømming", "swimming", "asane", (6, 12)))
        .await;
    let mut store = Store::open_in_memory().unwrap();
    sync_catalogue(&mut store, &backend.client(), 1_000, today())
        .await
        .unwrap();
    let before = ids(&mut store);
    let version = store.catalogue().catalogue_version().unwrap();

    let full_body = json!({ "version": 9, "full": true, "offers": [], "removed": [] }).to_string();
    let cut = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{}",
        full_body.len() + 100,
        &full_body[..full_body.len() / 2]
    );
    let respond = |status: &str, body: &str| {
        format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    let error = respond(
        "500 Internal Server Error",
        r#"{"code":"internal","message":"internal error"}"#,
    );
    let malformed = respond("200 OK", r#"{"version": 10, "full": tr"#);
    let wrong_shape = respond(
        "200 OK",
        r#"{"version":10,"full":true,"offers":[{"id":1}],"removed":[]}"#,
    );
    let cases = vec![
        (
            "cut halfway",
            faulty_server(cut.into_bytes()).await,
            "connection",
        ),
        ("500", faulty_server(error.into_bytes()).await, "500"),
        (
            "malformed JSON",
            faulty_server(malformed.into_bytes()).await,
            "could not be read",
        ),
        (
            "wrong shape",
            faulty_server(wrong_shape.into_bytes()).await,
            "could not be read",
        ),
        ("server down", closed_port().await, "connection"),
    ];
    for (n, (name, base, why)) in cases.into_iter().enumerate() {
        let http = Http::new(&base).unwrap();
        let now = 2_000 + n as u64;
        let err = sync_catalogue(&mut store, &http, now, today())
            .await
            .unwrap_err();
        assert!(err.to_string().contains(why), "{name}: {err}");
        assert_eq!(ids(&mut store), before, "{name}: the old catalogue, whole");
        assert_eq!(
            store.catalogue().catalogue_version().unwrap(),
            version,
            "{name}"
        );
        let state = store.catalogue().sync_state().unwrap();
        assert_eq!(state.last_attempt_at, Some(now), "{name}");
        assert_eq!(state.failures, n as u32 + 1, "{name}");
        assert_eq!(state.last_success_at, Some(1_000), "{name}");
        assert!(state.last_error.is_some(), "{name}");
    }
    // Back online: the next sync works and clears the error.
    assert_eq!(
        sync_catalogue(&mut store, &backend.client(), 3_000, today())
            .await
            .unwrap(),
        Outcome::Unchanged
    );
    assert_eq!(store.catalogue().sync_state().unwrap().failures, 0);
}

#[tokio::test]
async fn a_reopened_store_keeps_the_catalogue_and_thumbnails_stay_within_budget() {
    let backend = Backend::start().await;
    backend
        .add_offer(offer("kode", "KODE", "museum", "bergenhus", (0, 17)))
        .await;
    backend
        .add_offer(offer("svom", "Svømming", "swimming", "asane", (6, 12)))
        .await;
    let picture = image::RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([
            (x * 7 % 256) as u8,
            (y * 3 % 256) as u8,
            ((x ^ y) % 256) as u8,
        ])
    });
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    for id in ["kode", "svom"] {
        let response = reqwest::Client::new()
            .post(format!("{}/api/v1/admin/offers/{id}/image", backend.base))
            .bearer_auth(&backend.admin)
            .body(png.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("phone.sqlite3");
    {
        let mut store = Store::open(&path).unwrap();
        let http = backend.client();
        sync_catalogue(&mut store, &http, 1_000, today())
            .await
            .unwrap();
        let one = store
            .catalogue()
            .offer("kode")
            .unwrap()
            .unwrap()
            .image
            .unwrap();
        let size = http.get_bytes(&one).await.unwrap().len() as u64;
        // A budget for one image: one is fetched, the other skipped.
        assert_eq!(
            fetch_thumbnails(&mut store, &http, size + 10, 1_000)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            fetch_thumbnails(&mut store, &http, 10 * size, 1_000)
                .await
                .unwrap(),
            1,
            "the rest"
        );
        assert!(store.catalogue().thumbnail(&one).unwrap().is_some());
    }
    let mut reopened = Store::open(&path).unwrap();
    assert_eq!(ids(&mut reopened), ["kode", "svom"]);
    assert_eq!(reopened.catalogue().catalogue_version().unwrap(), Some(4));
}
