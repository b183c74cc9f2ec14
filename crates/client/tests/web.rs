//! The store's code in the web build: the same SQLite schema, sync application and search, run as
//! wasm in headless Chromium (`wasm-bindgen-test`). Native builds compile this file to nothing.

#![cfg(target_arch = "wasm32")]

use aktivitetskortet_client::Store;
use aktivitetskortet_client::search::OfferQuery;
use aktivitetskortet_core::api::CatalogueResponse;
use aktivitetskortet_core::offer::Offer;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn offer(id: &str, title: &str, district: &str) -> Offer {
    serde_json::from_value(serde_json::json!({
        "id": id,
        "title": { "nb": title },
        "summary": { "nb": "For barn og unge." },
        "description": { "nb": "Gratis med aktivitetskortet." },
        "category": "swimming",
        "organiser": "Bergen kommune",
        "venue": "Svømmehallen",
        "address": "Myrdalsvegen 2, 5130 Nyborg",
        "district": district,
        "age_min": 6,
        "age_max": 12,
        "schedule": { "kind": "weekly", "slots": [{ "weekday": "saturday", "start": "12:00" }] },
        "companion_included": true
    }))
    .unwrap()
}

#[wasm_bindgen_test]
fn open_write_read_and_search_in_the_browser() {
    let mut store = Store::open_in_memory().unwrap();
    let today = "2026-11-25".parse().unwrap();
    let update = CatalogueResponse {
        version: 2,
        full: true,
        offers: vec![
            offer("svom", "Svømming i Åsane", "asane"),
            offer("kor", "Barnekor", "fana"),
        ],
        removed: vec![],
    };
    store.apply_catalogue(&update, today).unwrap();
    assert_eq!(store.catalogue_version().unwrap(), Some(2));
    assert_eq!(store.offer("kor").unwrap().unwrap().title.nb, "Barnekor");
    let query = OfferQuery {
        text: "svomming asane".into(),
        page_size: 10,
        ..OfferQuery::default()
    };
    let page = store.search(&query, today).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.hits[0].offer.id, "svom");
    assert_eq!(
        page.hits[0].next.map(|(d, _)| d.to_string()),
        Some("2026-11-28".into())
    );
    store.set_favourite("kor", true, 1).unwrap();
    assert_eq!(store.favourites().unwrap(), ["kor"]);
}

/// The web build's persistence: a store saved to IndexedDB and opened again holds the same
/// catalogue and favourites (what a reload or a browser restart does).
#[wasm_bindgen_test]
async fn a_saved_store_opens_again_with_its_data() {
    let name = "test-saved-store";
    let today = "2026-11-25".parse().unwrap();
    let mut store = Store::open_saved(name).await.unwrap();
    let update = CatalogueResponse {
        version: 7,
        full: true,
        offers: vec![offer("svom", "Svømming i Åsane", "asane")],
        removed: vec![],
    };
    store.apply_catalogue(&update, today).unwrap();
    store.set_favourite("svom", true, 1).unwrap();
    store.save(name).await.unwrap();
    drop(store);

    let mut again = Store::open_saved(name).await.unwrap();
    assert_eq!(again.catalogue_version().unwrap(), Some(7));
    assert_eq!(again.favourites().unwrap(), ["svom"]);
    let query = OfferQuery {
        text: "svomming".into(),
        page_size: 10,
        ..OfferQuery::default()
    };
    assert_eq!(again.search(&query, today).unwrap().total, 1);

    // A damaged image is not half-read: the store starts empty instead.
    aktivitetskortet_client::web_storage::save_image(name, b"not a database")
        .await
        .unwrap();
    let fresh = Store::open_saved(name).await.unwrap();
    assert_eq!(fresh.catalogue_version().unwrap(), None);
}
