//! The wallet against the real backend: activating several cards on one phone, presenting them
//! (with a wrong phone clock), refreshing, removing, and the failures a family will meet.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aktivitetskortet_client::Store;
use aktivitetskortet_client::http::Backend;
use aktivitetskortet_client::verifier::sync_lists;
use aktivitetskortet_client::wallet::{self, Card, WalletError, activate, refresh, refresh_due};
use aktivitetskortet_core::activation::CodeError;
use aktivitetskortet_core::calendar::Date;
use aktivitetskortet_core::token::{self, CompanionRule, Policy, Verdict};
use serde_json::json;

use crate::util;

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Issues a card valid from yesterday for 150 days (the server refuses cards longer than half a
/// year or already ended, so the dates follow the real clock; from yesterday, so that visits
/// queued minutes ago fall inside it even just after midnight); returns (card id, activation
/// code).
pub async fn issue(server: &util::Backend, name: &str, birth_year: u16) -> (String, String) {
    let today = Date::from_unix(now()).add_days(-1);
    let card = server
        .admin(
            "POST",
            "/api/v1/admin/cards",
            json!({
                "given_name": name, "birth_year": birth_year,
                "valid_from": today.to_string(), "valid_until": today.add_days(150).to_string(),
                "companion": "one_at_public_events"
            }),
        )
        .await;
    (
        card["card_id"].as_str().unwrap().to_owned(),
        card["activation_code"].as_str().unwrap().to_owned(),
    )
}

/// Verifies a QR text as a venue would, with the lists synced from `server` into a venue store.
async fn verify_at(server: &util::Backend, qr_text: &str, at: u64) -> Verdict {
    let keys = [server.list_key.clone()];
    let mut venue = Store::open_in_memory().unwrap();
    sync_lists(&mut venue, &server.client(), &keys)
        .await
        .unwrap();
    let trust = venue.desk().trust_list(&keys).unwrap().unwrap();
    let revocations = venue.desk().revocation_list(&keys).unwrap().unwrap();
    token::verify(qr_text, at, &trust, &revocations, &Policy::default())
}

fn phone_key_of(qr_text: &str) -> [u8; 33] {
    token::credential_in(qr_text)
        .unwrap()
        .device_key
        .to_compressed()
}

fn credential_of(qr_text: &str) -> Vec<u8> {
    token::credential_in(qr_text).unwrap().as_bytes().to_vec()
}

#[tokio::test]
async fn a_parent_activates_two_children_on_one_phone() {
    let server = util::Backend::start().await;
    let (amina_id, amina_code) = issue(&server, "Amina", 2015).await;
    let (jonas_id, jonas_code) = issue(&server, "Jonas", 2019).await;
    let backend = server.client();
    let mut store = Store::open_in_memory().unwrap();
    let t = now();

    let amina = activate(&mut store, &backend, &amina_code, t)
        .await
        .unwrap();
    // Typed the way people type it: lower case, spaces instead of hyphens.
    let typed = jonas_code.to_lowercase().replace('-', " ");
    let jonas = activate(&mut store, &backend, &typed, t + 1).await.unwrap();

    assert_eq!(
        (amina.card_id.as_str(), amina.given_name.as_str()),
        (amina_id.as_str(), "Amina")
    );
    assert_eq!(
        (jonas.card_id.as_str(), jonas.given_name.as_str()),
        (jonas_id.as_str(), "Jonas")
    );
    assert_eq!(amina.birth_year, 2015);
    assert_eq!(amina.companion, CompanionRule::OneAtPublicEvents);
    assert_eq!(amina.card_valid_until, Date::from_unix(t).add_days(149));
    assert!(
        amina.credential_expires_at > t + 30 * 86_400,
        "a 31-day credential"
    );
    assert_eq!(
        (amina.refreshed_at, amina.refresh_error.as_deref()),
        (t, None)
    );
    assert_eq!(
        store.wallet().cards().unwrap(),
        [amina.clone(), jonas.clone()],
        "listed as stored"
    );
    assert_eq!(store.wallet().card(&jonas_id).unwrap(), Some(jonas));

    let amina_qr = wallet::presentation(&mut store, &amina_id, now())
        .await
        .unwrap();
    let jonas_qr = wallet::presentation(&mut store, &jonas_id, now())
        .await
        .unwrap();
    assert_ne!(
        phone_key_of(&amina_qr),
        phone_key_of(&jonas_qr),
        "each card has its own phone key"
    );
    for (qr, name) in [(&amina_qr, "Amina"), (&jonas_qr, "Jonas")] {
        match verify_at(&server, qr, now()).await {
            Verdict::Valid(admitted) => assert_eq!(admitted.given_name, name),
            Verdict::NotValid(reason) => panic!("{name}: {reason:?}"),
        }
    }
}

#[tokio::test]
async fn a_wrong_or_used_code_is_refused_and_nothing_is_stored() {
    let server = util::Backend::start().await;
    let backend = server.client();
    let mut store = Store::open_in_memory().unwrap();

    // What cannot be a code at all is refused on the phone, with the reason, before going
    // online (so it also works, and says something useful, without network).
    let offline = Backend::new("http://127.0.0.1:9").unwrap();
    for (code, reason) in [
        ("svømming", CodeError::BadCharacter('ø')),
        ("", CodeError::Empty),
        ("AAAA-BBBB-CCCC", CodeError::WrongLength(12)),
    ] {
        let error = activate(&mut store, &offline, code, now())
            .await
            .unwrap_err();
        assert!(
            matches!(&error, WalletError::BadCode(r) if *r == reason),
            "{code:?}: {error:?}"
        );
    }
    assert!(store.wallet().cards().unwrap().is_empty());

    for code in ["AAAA-BBBB-CCCC-DDDD"] {
        let error = activate(&mut store, &backend, code, now())
            .await
            .unwrap_err();
        assert!(
            matches!(error, WalletError::WrongCode),
            "{code:?}: {error:?}"
        );
        assert!(
            error.to_string().starts_with("wrong, used or expired code"),
            "{error}"
        );
    }
    assert_eq!(store.wallet().cards().unwrap(), []);

    let (_, code) = issue(&server, "Amina", 2015).await;
    activate(&mut store, &backend, &code, now()).await.unwrap();
    let mut other_phone = Store::open_in_memory().unwrap();
    let error = activate(&mut other_phone, &backend, &code, now())
        .await
        .unwrap_err();
    assert!(
        matches!(error, WalletError::WrongCode),
        "a used code: {error:?}"
    );
    assert_eq!(other_phone.wallet().cards().unwrap(), []);
    assert_eq!(
        store.wallet().cards().unwrap().len(),
        1,
        "the first phone keeps its card"
    );
}

#[tokio::test]
async fn guessing_codes_is_stopped_by_the_rate_limit() {
    let server = util::Backend::start().await;
    let backend = server.client();
    let mut store = Store::open_in_memory().unwrap();
    // Five tries per code in a quarter of an hour.
    for _ in 0..5 {
        let error = activate(&mut store, &backend, "AAAA-BBBB-CCCC-DDDD", now())
            .await
            .unwrap_err();
        assert!(matches!(error, WalletError::WrongCode), "{error:?}");
    }
    let error = activate(&mut store, &backend, "AAAA-BBBB-CCCC-DDDD", now())
        .await
        .unwrap_err();
    assert!(matches!(error, WalletError::TooManyAttempts), "{error:?}");
    assert_eq!(store.wallet().cards().unwrap(), []);
}

#[tokio::test]
async fn no_network_is_reported_as_offline_and_stores_nothing() {
    let server = util::Backend::start().await;
    let (_, code) = issue(&server, "Amina", 2015).await;
    let down = aktivitetskortet_client::http::Backend::new(&util::closed_port().await).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let error = activate(&mut store, &down, &code, now()).await.unwrap_err();
    assert!(matches!(error, WalletError::Offline), "{error:?}");
    assert_eq!(
        error.to_string(),
        "no network: connect to the internet and try again"
    );
    assert_eq!(store.wallet().cards().unwrap(), []);
    // The code was not spent: it still works once the phone is online.
    activate(&mut store, &server.client(), &code, now())
        .await
        .unwrap();
}

#[tokio::test]
async fn refresh_replaces_the_credential_and_a_failed_one_keeps_the_old() {
    let server = util::Backend::start().await;
    let (id, code) = issue(&server, "Amina", 2015).await;
    let backend = server.client();
    let mut store = Store::open_in_memory().unwrap();
    let activated = activate(&mut store, &backend, &code, now()).await.unwrap();
    let first = credential_of(&wallet::presentation(&mut store, &id, now()).await.unwrap());

    // The server signs its time in whole seconds: a second later the credential differs.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let refreshed = refresh(&mut store, &backend, &id, now()).await.unwrap();
    let qr = wallet::presentation(&mut store, &id, now()).await.unwrap();
    assert_ne!(credential_of(&qr), first, "a new credential");
    assert_eq!(
        phone_key_of(&qr),
        activated_key(&first),
        "for the same phone key"
    );
    assert!(refreshed.refreshed_at > activated.refreshed_at);
    assert!(refreshed.credential_expires_at > activated.credential_expires_at);
    assert_eq!(store.wallet().card(&id).unwrap(), Some(refreshed.clone()));
    assert!(matches!(
        verify_at(&server, &qr, now()).await,
        Verdict::Valid(_)
    ));

    // Offline: the error is noted on the card and the credential held still works.
    let down = aktivitetskortet_client::http::Backend::new(&util::closed_port().await).unwrap();
    let error = refresh(&mut store, &down, &id, now()).await.unwrap_err();
    assert!(matches!(error, WalletError::Offline), "{error:?}");
    let card = store.wallet().card(&id).unwrap().unwrap();
    assert_eq!(
        card.refresh_error.as_deref(),
        Some(error.to_string().as_str())
    );
    assert_eq!(card.credential_expires_at, refreshed.credential_expires_at);
    let qr = wallet::presentation(&mut store, &id, now()).await.unwrap();
    assert!(matches!(
        verify_at(&server, &qr, now()).await,
        Verdict::Valid(_)
    ));

    // The next successful refresh clears the note.
    let again = refresh(&mut store, &backend, &id, now()).await.unwrap();
    assert_eq!(again.refresh_error, None);
    assert_eq!(
        store.wallet().card(&id).unwrap().unwrap().refresh_error,
        None
    );

    // A revoked card is refused; the card stays on the phone with the reason.
    server
        .admin(
            "POST",
            &format!("/api/v1/admin/cards/{id}/revoke"),
            json!(null),
        )
        .await;
    let error = refresh(&mut store, &backend, &id, now()).await.unwrap_err();
    assert!(matches!(error, WalletError::Server(_)), "{error:?}");
    assert!(
        store
            .wallet()
            .card(&id)
            .unwrap()
            .unwrap()
            .refresh_error
            .is_some()
    );

    let error = refresh(&mut store, &backend, "0000000000000000", now())
        .await
        .unwrap_err();
    assert!(matches!(error, WalletError::UnknownCard), "{error:?}");
}

fn activated_key(credential: &[u8]) -> [u8; 33] {
    token::Credential::from_bytes(credential)
        .unwrap()
        .device_key
        .to_compressed()
}

#[tokio::test]
async fn a_removed_card_is_gone_with_its_key() {
    let server = util::Backend::start().await;
    let (amina, amina_code) = issue(&server, "Amina", 2015).await;
    let (jonas, jonas_code) = issue(&server, "Jonas", 2019).await;
    let backend = server.client();
    let mut store = Store::open_in_memory().unwrap();
    activate(&mut store, &backend, &amina_code, now())
        .await
        .unwrap();
    activate(&mut store, &backend, &jonas_code, now() + 1)
        .await
        .unwrap();

    assert!(store.wallet().remove_card(&amina).unwrap());
    assert!(!store.wallet().remove_card(&amina).unwrap(), "already gone");
    let left: Vec<String> = store
        .wallet()
        .cards()
        .unwrap()
        .into_iter()
        .map(|c| c.card_id)
        .collect();
    assert_eq!(left, std::slice::from_ref(&jonas));
    assert!(matches!(
        wallet::presentation(&mut store, &amina, now()).await,
        Err(WalletError::UnknownCard)
    ));
    assert!(
        wallet::presentation(&mut store, &jonas, now())
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_phone_clock_an_hour_slow_still_shows_a_fresh_code() {
    let server = util::Backend::start().await;
    let (id, code) = issue(&server, "Amina", 2015).await;
    let backend = server.client();
    let mut store = Store::open_in_memory().unwrap();
    let slow = |real: u64| real - 3_600;
    activate(&mut store, &backend, &code, slow(now()))
        .await
        .unwrap();

    let real = now();
    let qr = wallet::presentation(&mut store, &id, slow(real))
        .await
        .unwrap();
    match verify_at(&server, &qr, real).await {
        Verdict::Valid(admitted) => {
            assert!(
                admitted.presented_at.abs_diff(real) <= 2,
                "{} vs {real}",
                admitted.presented_at
            );
        }
        Verdict::NotValid(reason) => panic!("{reason:?}"),
    }
    // A refresh signs the corrected time too, and learns the offset again.
    refresh(&mut store, &backend, &id, slow(now()))
        .await
        .unwrap();
    let qr = wallet::presentation(&mut store, &id, slow(now()))
        .await
        .unwrap();
    assert!(matches!(
        verify_at(&server, &qr, now()).await,
        Verdict::Valid(_)
    ));
}

#[tokio::test]
async fn debug_output_never_shows_the_phone_key() {
    let server = util::Backend::start().await;
    let (id, code) = issue(&server, "Amina", 2015).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wallet.db");
    let mut store = Store::open(&path).unwrap();
    let card = activate(&mut store, &server.client(), &code, now())
        .await
        .unwrap();

    let secret: Vec<u8> = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT device_secret FROM cards WHERE card_id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(secret.len(), 32);
    // Its first 8 bytes as hex and as the decimal list `Debug` prints for bytes: a partial leak
    // counts too.
    let hex: String = secret[..8].iter().map(|b| format!("{b:02x}")).collect();
    let decimal = format!("{:?}", &secret[..8]).replace(['[', ']'], "");
    let shown = [
        format!("{card:?}"),
        format!("{:?}", store.wallet().cards().unwrap()),
        format!("{:?}", store.wallet().card(&id).unwrap()),
        format!("{:?}", wallet::presentation(&mut store, &id, now()).await),
        format!(
            "{:?}",
            wallet::presentation(&mut store, "0000000000000000", now()).await
        ),
        format!(
            "{:?}",
            refresh(&mut store, &server.client(), &id, now()).await
        ),
    ];
    for text in shown {
        assert!(!text.to_lowercase().contains(&hex), "{text}");
        assert!(!text.contains(&decimal), "{text}");
    }
}

fn card(expires_at: u64, refreshed_at: u64, valid_until: Date) -> Card {
    Card {
        card_id: "0102030405060708".into(),
        given_name: "Amina".into(),
        birth_year: 2015,
        companion: CompanionRule::OneAtPublicEvents,
        card_valid_until: valid_until,
        credential_expires_at: expires_at,
        refreshed_at,
        refresh_error: None,
    }
}

#[test]
fn refresh_is_due_when_the_credential_runs_low_or_after_a_week() {
    let day = 86_400;
    let t = 1_790_000_000;
    let far = Date::from_unix(t + 200 * day);
    // Just activated: 31 days left.
    assert!(!refresh_due(&card(t + 31 * day, t, far), t));
    // Six days later: 25 days left, refreshed 6 days ago.
    assert!(!refresh_due(&card(t + 31 * day, t, far), t + 6 * day));
    // Eight days later: the weekly refresh.
    assert!(refresh_due(&card(t + 31 * day, t, far), t + 8 * day));
    // Less than ten days left (refreshed recently, say the refresh failed and was retried).
    assert!(refresh_due(&card(t + 9 * day, t, far), t));
    assert!(refresh_due(&card(t - day, t - 2 * day, far), t), "expired");
    // The credential already lasts to the card's last day: refreshing cannot extend it.
    let last_day = Date::from_unix(t + 5 * day);
    let card_end = last_day.add_days(1).to_unix();
    assert!(!refresh_due(&card(card_end, t, last_day), t + day));
    assert!(
        refresh_due(&card(card_end, t, last_day), t + 8 * day),
        "still weekly"
    );
    assert_eq!(wallet::REFRESH_WHEN_LEFT, 10 * day);
}

/// "Remove everything": one call empties the phone's store and the catalogue's, and a device
/// with check-ins still to upload refuses, changing nothing.
#[tokio::test]
async fn removing_everything_leaves_an_empty_store() {
    let server = util::Backend::start().await;
    server
        .add_offer(util::offer("kode", "KODE", "museum", "bergenhus", (0, 17)))
        .await;
    let (amina, code) = issue(&server, "Amina", 2015).await;
    let backend = server.client();
    let mut store = Store::open_in_memory().unwrap();
    activate(&mut store, &backend, &code, now()).await.unwrap();
    store.wallet().set_favourite("kode", true, now()).unwrap();
    store.set_setting("selected_card", Some(&amina)).unwrap();
    aktivitetskortet_client::sync::sync_catalogue(
        &mut store,
        &backend,
        now(),
        Date::from_unix(now()),
    )
    .await
    .unwrap();
    assert_eq!(store.catalogue().offer_count().unwrap(), 1);
    // A venue device with a check-in still to upload: refused, nothing changed.
    let mut venue = Store::open_in_memory().unwrap();
    let checkin = aktivitetskortet_core::api::CheckIn {
        id: "w-1".into(),
        card_id: amina.clone(),
        offer_id: "kode".into(),
        at: now(),
        companion: false,
        limit: None,
    };
    venue.desk().queue_checkin(&checkin).unwrap();
    let refused = venue.wipe();
    assert!(
        matches!(
            refused,
            Err(aktivitetskortet_client::StoreError::CheckinsWaiting(1))
        ),
        "{refused:?}"
    );
    assert_eq!(venue.desk().pending_checkins().unwrap().len(), 1);

    let keys = store.wipe().unwrap();
    assert!(keys.is_empty(), "a native store holds its keys itself");
    assert!(store.wallet().cards().unwrap().is_empty());
    assert!(store.wallet().favourites().unwrap().is_empty());
    assert_eq!(store.setting("selected_card").unwrap(), None);
    assert_eq!(store.catalogue().offer_count().unwrap(), 0);
    assert_eq!(store.catalogue().catalogue_version().unwrap(), None);
    // The image holds no trace of the name either.
    let image = store.image().unwrap();
    assert!(!image.windows(5).any(|w| w == b"Amina"));
}
