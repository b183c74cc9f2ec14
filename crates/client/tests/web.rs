//! The store's code in the web build: the same SQLite schema, sync application and search, run as
//! wasm in headless Chromium (`wasm-bindgen-test`). Native builds compile this file to nothing.

#![cfg(target_arch = "wasm32")]

use aktivitetskortet_client::Store;
use aktivitetskortet_client::search::OfferQuery;
use aktivitetskortet_client::store::SetAside;
use aktivitetskortet_client::web_storage::{ImageNames, load_image, save_image};
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
        category_rules: vec![],
    };
    store.catalogue().apply_catalogue(&update, today).unwrap();
    assert_eq!(store.catalogue().catalogue_version().unwrap(), Some(2));
    assert_eq!(
        store.catalogue().offer("kor").unwrap().unwrap().title.nb,
        "Barnekor"
    );
    let query = OfferQuery {
        text: "svomming asane".into(),
        page_size: 10,
        ..OfferQuery::default()
    };
    let page = store.catalogue().search(&query, today).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.hits[0].offer.id, "svom");
    assert_eq!(
        page.hits[0].next.map(|(d, _)| d.to_string()),
        Some("2026-11-28".into())
    );
    store.wallet().set_favourite("kor", true, 1).unwrap();
    assert_eq!(store.wallet().favourites().unwrap(), ["kor"]);
}

/// The web build's persistence: a store saved to IndexedDB and opened again holds the same
/// catalogue and favourites (what a reload or a browser restart does); the phone's image opens
/// without the catalogue's, which is loaded after it.
#[wasm_bindgen_test]
async fn a_saved_store_opens_again_with_its_data() {
    let names = ImageNames::new("test-saved-store");
    let today = "2026-11-25".parse().unwrap();
    let mut store = Store::open_saved(&names).await.unwrap().store;
    let update = CatalogueResponse {
        version: 7,
        full: true,
        offers: vec![offer("svom", "Svømming i Åsane", "asane")],
        removed: vec![],
        category_rules: vec![],
    };
    store.catalogue().apply_catalogue(&update, today).unwrap();
    store.wallet().set_favourite("svom", true, 1).unwrap();
    store.save(&names).await.unwrap();
    drop(store);

    let opened = Store::open_saved(&names).await.unwrap();
    assert!(!opened.migrated && opened.set_aside.is_none());
    let mut again = opened.store;
    assert_eq!(again.wallet().favourites().unwrap(), ["svom"]);
    assert_eq!(
        again.catalogue().catalogue_version().unwrap(),
        None,
        "the catalogue comes second"
    );
    let catalogue = load_image(&names.catalogue).await.unwrap().unwrap();
    again.load_catalogue_image(&catalogue).unwrap();
    assert_eq!(again.catalogue().catalogue_version().unwrap(), Some(7));
    let query = OfferQuery {
        text: "svomming".into(),
        page_size: 10,
        ..OfferQuery::default()
    };
    assert_eq!(again.catalogue().search(&query, today).unwrap().total, 1);
}

/// A damaged image, or one a newer app saved, is kept aside under a key of its own, never
/// overwritten; the store starts empty and says why.
#[wasm_bindgen_test]
async fn an_unreadable_image_is_kept_aside() {
    let names = ImageNames::new("test-set-aside");
    save_image(&names.holder, b"not a database").await.unwrap();
    let mut opened = Store::open_saved(&names).await.unwrap();
    assert_eq!(opened.set_aside, Some(SetAside::Damaged));
    assert_eq!(opened.store.wallet().cards().unwrap().len(), 0);
    assert_eq!(load_image(&names.holder).await.unwrap(), None);

    let mut newer = Store::open_in_memory().unwrap();
    newer.set_setting("language", Some("uk")).unwrap();
    let mut image = newer.image().unwrap();
    // `user_version` sits at byte 60 of SQLite's header.
    image[60..64].copy_from_slice(&99u32.to_be_bytes());
    save_image(&names.holder, &image).await.unwrap();
    let opened = Store::open_saved(&names).await.unwrap();
    assert_eq!(opened.set_aside, Some(SetAside::Newer));
}

/// The first release saved the whole store as one image: it opens with its catalogue moved into
/// the catalogue's database, and the next save replaces it by the two images.
#[wasm_bindgen_test]
async fn the_first_releases_image_is_migrated() {
    let names = ImageNames::new("test-legacy");
    save_image(&names.legacy, LEGACY_IMAGE).await.unwrap();
    let opened = Store::open_saved(&names).await.unwrap();
    assert!(opened.migrated);
    let mut store = opened.store;
    assert_eq!(store.wallet().cards().unwrap().len(), 2);
    assert!(store.catalogue().offer_count().unwrap() > 100);
    store.save(&names).await.unwrap();
    assert_eq!(load_image(&names.legacy).await.unwrap(), None);
    assert!(load_image(&names.holder).await.unwrap().is_some());
    assert!(load_image(&names.catalogue).await.unwrap().is_some());
}

/// An image the first release saved in a browser (`tests/fixtures/make-release-1.mjs` made it).
const LEGACY_IMAGE: &[u8] = include_bytes!("fixtures/store-release-1.sqlite");

/// The phone key in the browser: a WebCrypto key that signs what the verifier checks (ES256's
/// raw `r ‖ s` over the presentation's bytes), kept while in use, and gone once forgotten.
#[wasm_bindgen_test]
async fn a_webcrypto_phone_key_signs_presentations_the_verifier_accepts() {
    use aktivitetskortet_client::phone_key::{self, PhoneKey};
    use aktivitetskortet_client::wallet::WalletError;
    use aktivitetskortet_core::token::Presentation;

    let key = PhoneKey::generate().await.unwrap();
    let PhoneKey::WebCrypto { id, public } = &key else {
        panic!("the web build makes WebCrypto keys, not {key:?}");
    };
    let message = Presentation::to_be_signed(b"a credential's bytes", 1_795_608_000);
    let signature = key.sign(&message).await.unwrap();
    assert_eq!(signature.len(), 64, "r and s, 32 bytes each");
    assert!(public.as_public_key().verify(&message, &signature));
    assert!(!public.as_public_key().verify(b"something else", &signature));

    // A key younger than an hour is never swept, even unused.
    phone_key::forget_unused(&[]).await.unwrap();
    assert!(key.sign(&message).await.is_ok());

    phone_key::forget(std::slice::from_ref(id)).await.unwrap();
    match key.sign(&message).await {
        Err(WalletError::KeyUnavailable(why)) => assert!(why.contains("gone"), "{why}"),
        other => panic!("a forgotten key must not sign: {other:?}"),
    }
}
