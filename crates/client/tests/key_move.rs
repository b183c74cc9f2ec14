//! A card moving to a new phone key at refresh, against the real backend: the move survives a
//! lost answer, the old key refreshes nothing afterwards, and the store never holds a key that
//! does not match its credential. (In the browser the new key is a WebCrypto key; natively the
//! same steps run with raw keys, which is what this tests.)

use aktivitetskortet_client::Store;
use aktivitetskortet_client::phone_key::PhoneKey;
use aktivitetskortet_client::wallet::{self, WalletError, activate, refresh};
use aktivitetskortet_core::api::RefreshRequest;
use aktivitetskortet_core::token::{self, Credential, DeviceKey, Presentation};
use rusqlite::Connection;

use crate::util;
use crate::wallet::{issue, now};

/// The card's stored key columns: (raw secret, moving secret, moving public key).
type KeyColumns = (Option<Vec<u8>>, Option<Vec<u8>>, Option<Vec<u8>>);

fn key_columns(path: &std::path::Path, card_id: &str) -> KeyColumns {
    Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT device_secret, moving_secret, moving_public FROM cards WHERE card_id = ?1",
            [card_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

fn key_of(qr_text: &str) -> [u8; 33] {
    token::credential_in(qr_text)
        .unwrap()
        .device_key
        .to_compressed()
}

#[tokio::test]
async fn a_card_moves_to_a_new_key_even_when_the_first_answer_is_lost() {
    let server = util::Backend::start().await;
    let backend = server.client();
    let (id, code) = issue(&server, "Amina", 2015).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wallet.db");
    let mut store = Store::open(&path).unwrap();
    activate(&mut store, &backend, &code, now()).await.unwrap();
    let old_qr = wallet::presentation(&mut store, &id, now()).await.unwrap();
    let (old_secret, ..) = key_columns(&path, &id);
    let old_key = DeviceKey::from_secret(&old_secret.unwrap().try_into().unwrap()).unwrap();
    let old_credential = token::credential_in(&old_qr).unwrap();
    assert!(
        !store.wallet().needs_key_move(&id).unwrap(),
        "natively keys stay raw"
    );

    let new_key = PhoneKey::raw().unwrap();
    let new_public = new_key.public_key().to_compressed();
    store.wallet().start_key_move(&id, &new_key).unwrap();
    // A second start keeps the key the card is already moving to.
    store
        .wallet()
        .start_key_move(&id, &PhoneKey::raw().unwrap())
        .unwrap();
    assert_eq!(key_columns(&path, &id).2.unwrap(), new_public);

    // The server moves the card, but its answer never arrives.
    let pending = store
        .wallet()
        .begin_refresh(&id, now())
        .unwrap()
        .sign()
        .await
        .unwrap();
    assert!(pending.request().device_key.is_some());
    assert!(pending.send(&backend).await.is_ok());
    let lost = store
        .wallet()
        .finish_refresh(pending, Err(WalletError::Offline), now());
    assert!(matches!(lost, Err(WalletError::Offline)));
    let qr = wallet::presentation(&mut store, &id, now()).await.unwrap();
    assert_eq!(
        key_of(&qr),
        key_of(&old_qr),
        "still the old key, the move pending"
    );

    // The next refresh names the same new key, and the server grants it again.
    refresh(&mut store, &backend, &id, now()).await.unwrap();
    let qr = wallet::presentation(&mut store, &id, now()).await.unwrap();
    assert_eq!(key_of(&qr), new_public);
    let (secret, moving_secret, moving_public) = key_columns(&path, &id);
    assert_eq!(moving_secret, None);
    assert_eq!(moving_public, None);
    let secret = DeviceKey::from_secret(&secret.unwrap().try_into().unwrap()).unwrap();
    assert_eq!(
        secret.public_key().to_compressed(),
        new_public,
        "the old secret is gone"
    );

    // The old key (a copy made before the move) cannot refresh the card any more.
    let copied = Presentation::create(&old_credential, &old_key, now()).unwrap();
    let refused = backend
        .post_json::<_, serde_json::Value>(
            "/api/v1/refresh",
            None,
            &RefreshRequest {
                presentation: copied.qr_text,
                device_key: None,
            },
        )
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("replaced"), "{refused}");

    // The moved card refreshes as usual.
    refresh(&mut store, &backend, &id, now()).await.unwrap();
    let again = wallet::presentation(&mut store, &id, now()).await.unwrap();
    assert_eq!(key_of(&again), new_public);
    let credential: Credential = token::credential_in(&again).unwrap();
    assert_eq!(credential.claims.card_id.to_string(), id);
}

#[tokio::test]
async fn a_cancelled_move_refreshes_on_the_old_key() {
    let server = util::Backend::start().await;
    let backend = server.client();
    let (id, code) = issue(&server, "Jonas", 2016).await;
    let mut store = Store::open_in_memory().unwrap();
    activate(&mut store, &backend, &code, now()).await.unwrap();
    let old = key_of(&wallet::presentation(&mut store, &id, now()).await.unwrap());
    store
        .wallet()
        .start_key_move(&id, &PhoneKey::raw().unwrap())
        .unwrap();
    store.wallet().cancel_key_move(&id).unwrap();
    let pending = store
        .wallet()
        .begin_refresh(&id, now())
        .unwrap()
        .sign()
        .await
        .unwrap();
    assert_eq!(pending.request().device_key, None, "no move is sent");
    refresh(&mut store, &backend, &id, now()).await.unwrap();
    let qr = wallet::presentation(&mut store, &id, now()).await.unwrap();
    assert_eq!(key_of(&qr), old);
}

#[tokio::test]
async fn a_move_for_a_card_not_on_the_phone_is_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let key = PhoneKey::raw().unwrap();
    assert!(matches!(
        store.wallet().start_key_move("0000000000000000", &key),
        Err(WalletError::UnknownCard)
    ));
    // A WebCrypto key cannot sign outside a browser: a clear error, not a panic.
    let elsewhere = PhoneKey::WebCrypto {
        id: "abc".into(),
        public: key.public_key(),
    };
    assert!(matches!(
        elsewhere.sign(b"x").await,
        Err(WalletError::KeyUnavailable(_))
    ));
}
