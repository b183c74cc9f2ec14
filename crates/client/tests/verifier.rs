//! Venue mode's data against the real backend: the signed lists (never rolled back, never from a
//! foreign key) and the check-in queue (uploaded once, kept while the upload fails).

use aktivitetskortet_client::Store;
use aktivitetskortet_client::http::Backend;
use aktivitetskortet_client::venue::{
    VenueSetup, fetch_clock_offset, fetch_list_key_announcements,
};
use aktivitetskortet_client::verifier::{
    ListKind, VerifierError, new_checkin_id, sync_lists, upload_checkins,
};
use aktivitetskortet_core::api::{CheckIn, CheckInReceipt, CheckInRefusal};
use aktivitetskortet_core::token::{IssuerKey, TrustList, TrustedKey};
use serde_json::json;

use crate::util;
use crate::wallet::{issue, now};

#[tokio::test]
async fn lists_are_kept_and_older_or_foreign_lists_are_refused() {
    let server = util::Backend::start().await;
    let keys = [server.list_key.clone()];
    let backend = server.client();
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.desk().trust_list(&keys).unwrap(), None);
    assert_eq!(store.desk().revocation_list(&keys).unwrap(), None);
    assert_eq!(store.desk().lists_issued_at().unwrap(), None);

    // Revoking a card makes a new revocation list; the one fetched before it is now older.
    let old_revocations = backend.get_bytes("/api/v1/revocation-list").await.unwrap();
    let old_sequence = store
        .desk()
        .save_list(ListKind::Revocation, &old_revocations, &keys)
        .unwrap();
    assert_eq!(
        store.desk().lists_issued_at().unwrap(),
        None,
        "no trust list yet"
    );
    let (card_id, _) = issue(&server, "Amina", 2015).await;
    server
        .admin(
            "POST",
            &format!("/api/v1/admin/cards/{card_id}/revoke"),
            json!(null),
        )
        .await;
    let before_sync = now();
    sync_lists(&mut store, &backend, &keys).await.unwrap();
    let revocations = store.desk().revocation_list(&keys).unwrap().unwrap();
    assert!(revocations.sequence > old_sequence);
    assert!(revocations.revoked.contains_key(&card_id.parse().unwrap()));
    let trust = store.desk().trust_list(&keys).unwrap().unwrap();
    assert!(!trust.keys.is_empty());
    let issued_at = store.desk().lists_issued_at().unwrap().unwrap();
    assert!(issued_at <= before_sync + 1 && issued_at + 60 > before_sync);
    assert_eq!(
        issued_at,
        trust.issued_at.min(revocations.issued_at),
        "the older of the two"
    );

    // The old list again (a replay that would bring the revoked card back) is refused.
    let error = store
        .desk()
        .save_list(ListKind::Revocation, &old_revocations, &keys)
        .unwrap_err();
    assert!(
        matches!(error, VerifierError::Older { new, held } if new == old_sequence && held == revocations.sequence),
        "{error:?}"
    );
    assert_eq!(
        store.desk().revocation_list(&keys).unwrap().unwrap(),
        revocations,
        "the held list stays"
    );

    // The same list again is fine: it is the same list.
    let current = backend.get_bytes("/api/v1/trust-list").await.unwrap();
    assert_eq!(
        store
            .desk()
            .save_list(ListKind::Trust, &current, &keys)
            .unwrap(),
        trust.sequence
    );

    // A list signed by another key, even with a higher number, is refused.
    let forger = IssuerKey::from_seed(&[7; 32]);
    let forged = TrustList {
        sequence: trust.sequence + 100,
        issued_at: now(),
        keys: vec![TrustedKey {
            kid: forger.kid(),
            key: forger.public_key(),
            not_before: 0,
            not_after: u64::MAX,
        }],
    }
    .sign(&forger);
    let error = store
        .desk()
        .save_list(ListKind::Trust, &forged, &keys)
        .unwrap_err();
    assert!(matches!(error, VerifierError::Invalid(_)), "{error:?}");
    // ... as is the right list read as the other kind, or checked with the wrong list key.
    let error = store
        .desk()
        .save_list(ListKind::Revocation, &current, &keys)
        .unwrap_err();
    assert!(matches!(error, VerifierError::Invalid(_)), "{error:?}");
    let error = store
        .desk()
        .save_list(ListKind::Trust, &current, &[forger.public_key()])
        .unwrap_err();
    assert!(matches!(error, VerifierError::Invalid(_)), "{error:?}");
    assert_eq!(store.desk().trust_list(&keys).unwrap().unwrap(), trust);
    // A held list is checked again on reading: an app that no longer trusts its key gets none.
    assert!(matches!(
        store.desk().trust_list(&[forger.public_key()]),
        Err(VerifierError::Invalid(_))
    ));

    // Offline: both lists stay as they are.
    let down = Backend::new(&util::closed_port().await).unwrap();
    let error = sync_lists(&mut store, &down, &keys).await.unwrap_err();
    assert!(matches!(error, VerifierError::Offline), "{error:?}");
    assert_eq!(store.desk().trust_list(&keys).unwrap().unwrap(), trust);
}

/// A server with one offer, a card and a venue key for the offer; returns (card id, venue key).
async fn venue(server: &util::Backend) -> (String, String) {
    server
        .add_offer(util::offer(
            "kode-a",
            "Familiesøndag",
            "museum",
            "bergenhus",
            (4, 12),
        ))
        .await;
    let (card_id, _) = issue(server, "Amina", 2015).await;
    let created = server
        .admin(
            "POST",
            "/api/v1/admin/venue-keys",
            json!({ "name": "KODE 4", "offer_ids": ["kode-a"] }),
        )
        .await;
    (card_id, created["key"].as_str().unwrap().to_owned())
}

fn checkin(card_id: &str, at: u64) -> CheckIn {
    CheckIn {
        id: new_checkin_id(),
        card_id: card_id.to_owned(),
        offer_id: "kode-a".into(),
        at,
        companion: true,
        limit: None,
    }
}

fn receipt(accepted: u32, duplicates: u32) -> CheckInReceipt {
    CheckInReceipt {
        accepted,
        duplicates,
        refused: Vec::new(),
    }
}

#[tokio::test]
async fn checkins_are_uploaded_once() {
    let server = util::Backend::start().await;
    let (card_id, key) = venue(&server).await;
    let backend = server.client();
    let mut store = Store::open_in_memory().unwrap();
    let t = now();
    let first: Vec<CheckIn> = (0..3).map(|i| checkin(&card_id, t - 600 + i)).collect();
    for c in &first {
        store.desk().queue_checkin(c).unwrap();
    }
    assert_eq!(
        store.desk().pending_checkins().unwrap(),
        first,
        "oldest first"
    );
    assert_eq!(
        store.desk().checkins_today(t - 3_600, t + 3_600).unwrap(),
        3
    );
    assert_eq!(
        store.desk().checkins_today(t - 599, t + 3_600).unwrap(),
        2,
        "from the start of the day"
    );

    assert_eq!(
        upload_checkins(&mut store, &backend, &key).await.unwrap(),
        receipt(3, 0)
    );
    assert_eq!(store.desk().pending_checkins().unwrap(), []);
    assert_eq!(
        store.desk().checkins_today(t - 3_600, t + 3_600).unwrap(),
        3,
        "uploaded ones still count for today"
    );

    // The same three again (a double scan) and a new one: only the new one goes.
    let new = checkin(&card_id, t - 10);
    for c in first.iter().chain([&new]) {
        store.desk().queue_checkin(c).unwrap();
    }
    assert_eq!(
        store.desk().pending_checkins().unwrap(),
        std::slice::from_ref(&new)
    );
    assert_eq!(
        upload_checkins(&mut store, &backend, &key).await.unwrap(),
        receipt(1, 0)
    );
    assert_eq!(
        upload_checkins(&mut store, &backend, &key).await.unwrap(),
        receipt(0, 0),
        "nothing left"
    );

    // A device whose receipts were lost (restored from a backup) sends all four again: the
    // server counts none of them twice.
    let mut restored = Store::open_in_memory().unwrap();
    for c in first.iter().chain([&new]) {
        restored.desk().queue_checkin(c).unwrap();
    }
    assert_eq!(
        upload_checkins(&mut restored, &backend, &key)
            .await
            .unwrap(),
        receipt(0, 4)
    );
    assert_eq!(restored.desk().pending_checkins().unwrap(), []);
}

#[tokio::test]
async fn a_failed_upload_keeps_the_checkins_pending() {
    let server = util::Backend::start().await;
    let (card_id, key) = venue(&server).await;
    let mut store = Store::open_in_memory().unwrap();
    let t = now();
    let queued = [checkin(&card_id, t - 120), checkin(&card_id, t - 60)];
    for c in &queued {
        store.desk().queue_checkin(c).unwrap();
    }

    let down = Backend::new(&util::closed_port().await).unwrap();
    let error = upload_checkins(&mut store, &down, &key).await.unwrap_err();
    assert!(matches!(error, VerifierError::Offline), "{error:?}");
    assert_eq!(store.desk().pending_checkins().unwrap(), queued);

    let backend = server.client();
    let error = upload_checkins(&mut store, &backend, "ak_venue_wrong")
        .await
        .unwrap_err();
    assert!(matches!(error, VerifierError::BadVenueKey), "{error:?}");
    assert_eq!(store.desk().pending_checkins().unwrap(), queued);

    assert_eq!(
        upload_checkins(&mut store, &backend, &key).await.unwrap(),
        receipt(2, 0)
    );

    // A check-in the server refuses by name (an offer this venue does not check in for) is set
    // aside, so it cannot block the queue: the good one beside it goes up, once, in the same
    // upload.
    let mut wrong = checkin(&card_id, t - 5);
    wrong.offer_id = "other-offer".into();
    let good = checkin(&card_id, t);
    store.desk().queue_checkin(&wrong).unwrap();
    store.desk().queue_checkin(&good).unwrap();
    assert_eq!(store.desk().checkin_backlog().unwrap(), (2, 0));

    // An older server (or this one, asked the old way) refuses the whole batch naming the line:
    // nothing changes until the app sets that line aside.
    let mut old_way = store.desk().next_upload().unwrap().unwrap();
    assert!(old_way.batch.partial, "this app reads partial receipts");
    old_way.batch.partial = false;
    let error = old_way.send(&backend, &key).await.unwrap_err();
    assert!(
        matches!(&error, VerifierError::Refused { lines, .. } if lines == &[1]),
        "{error}"
    );
    assert_eq!(
        store.desk().pending_checkins().unwrap(),
        [wrong.clone(), good.clone()],
        "nothing changed yet"
    );

    let total = upload_checkins(&mut store, &backend, &key).await.unwrap();
    assert_eq!((total.accepted, total.duplicates), (1, 0));
    assert_eq!(
        total
            .refused
            .iter()
            .map(|r| (r.id.as_str(), r.reason))
            .collect::<Vec<_>>(),
        [(wrong.id.as_str(), CheckInRefusal::NotThisVenue)]
    );
    assert_eq!(store.desk().pending_checkins().unwrap(), []);
    assert_eq!(
        store.desk().checkin_backlog().unwrap(),
        (0, 1),
        "one set aside"
    );
    assert_eq!(
        upload_checkins(&mut store, &backend, &key).await.unwrap(),
        receipt(0, 0),
        "the refused one is never sent again"
    );
    assert_eq!(store.desk().last_checkin(&card_id).unwrap(), Some(t));
    assert_eq!(store.desk().last_checkin("0000000000000000").unwrap(), None);

    // Old uploaded check-ins are forgotten; the refused one and recent ones stay.
    assert_eq!(
        store.desk().forget_uploaded_before(t - 90, &[]).unwrap(),
        1,
        "the one from t - 120"
    );
    assert_eq!(store.desk().checkins_today(0, t + 1).unwrap(), 3);
}

#[tokio::test]
async fn a_venue_device_is_set_up_with_its_key_and_learns_the_list_keys() {
    let server = util::Backend::start().await;
    let (_, key) = venue(&server).await;
    let backend = server.client();
    let setup = VenueSetup::fetch(&backend, &format!(" {key} "), &[])
        .await
        .unwrap();
    assert_eq!(setup.name, "KODE 4");
    assert_eq!(setup.offer_ids, ["kode-a"]);
    assert_eq!(setup.key, key, "typed spaces are dropped");
    assert_eq!(
        setup.public_list_keys(),
        std::slice::from_ref(&server.list_key)
    );
    let mut store = Store::open_in_memory().unwrap();
    store.desk().set_venue(&setup).unwrap();
    sync_lists(&mut store, &backend, &setup.public_list_keys())
        .await
        .unwrap();
    assert!(
        store
            .desk()
            .trust_list(&setup.public_list_keys())
            .unwrap()
            .is_some()
    );

    // The device learns how far its clock is from the server's: a device 5 minutes fast is
    // told -300 s (give or take the round trip), and its checks run in the server's time.
    let device_ms = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64
    };
    let learned = fetch_clock_offset(&backend, &key, device_ms).await.unwrap();
    assert!(learned.venue_id.is_some(), "the venue's id comes along");
    let right = learned.offset.unwrap();
    assert!(right.abs() <= 1, "{right}");
    let fast = fetch_clock_offset(&backend, &key, || device_ms() + 300_000)
        .await
        .unwrap()
        .offset
        .unwrap();
    assert!((-301..=-299).contains(&fast), "{fast}");
    store.desk().set_clock_offset(fast).unwrap();
    let device_now = now() + 300;
    assert!(store.desk().corrected_now(device_now).abs_diff(now()) <= 1);
    let error = fetch_clock_offset(&backend, "ak_venue_wrong", device_ms)
        .await
        .unwrap_err();
    assert!(matches!(error, VerifierError::BadVenueKey), "{error:?}");

    // A wrong key, a key with spaces inside and no key: refused, and nothing is kept.
    for bad in ["ak_venue_wrong", "ak venue", ""] {
        let error = VenueSetup::fetch(&backend, bad, &[]).await.unwrap_err();
        assert!(
            matches!(error, VerifierError::BadVenueKey),
            "{bad:?}: {error:?}"
        );
    }
    let down = Backend::new(&util::closed_port().await).unwrap();
    let error = VenueSetup::fetch(&down, &key, &[]).await.unwrap_err();
    assert!(matches!(error, VerifierError::Offline), "{error:?}");
}

#[test]
fn checkin_ids_are_32_random_hex_digits() {
    let ids: std::collections::HashSet<String> = (0..100).map(|_| new_checkin_id()).collect();
    assert_eq!(ids.len(), 100);
    for id in ids {
        assert_eq!(id.len(), 32);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
    }
}

#[tokio::test]
async fn a_long_queue_goes_up_in_batches_the_server_accepts() {
    let server = util::Backend::start().await;
    let (card_id, key) = venue(&server).await;
    let mut store = Store::open_in_memory().unwrap();
    let t = now();
    // One more than the server takes in one upload (it refuses a larger batch outright).
    let count = aktivitetskortet_client::verifier::MAX_UPLOAD as u64 + 1;
    for i in 0..count {
        store
            .desk()
            .queue_checkin(&checkin(&card_id, t - 2 * count + i))
            .unwrap();
    }
    assert_eq!(
        upload_checkins(&mut store, &server.client(), &key)
            .await
            .unwrap(),
        receipt(count as u32, 0)
    );
    assert_eq!(store.desk().pending_checkins().unwrap(), []);
}

/// The backend rotates its list key: a venue device set up before follows the announcement
/// signed by the old key, without being set up again; an announcement from anyone else is
/// ignored.
#[tokio::test]
async fn a_venue_device_follows_a_list_key_rotation() {
    let server = util::Backend::start().await;
    let (_, key) = venue(&server).await;
    let backend = server.client();
    let mut setup = VenueSetup::fetch(&backend, &key, &[]).await.unwrap();
    let mut store = Store::open_in_memory().unwrap();
    store.desk().set_venue(&setup).unwrap();
    sync_lists(&mut store, &backend, &setup.public_list_keys())
        .await
        .unwrap();
    assert!(
        fetch_list_key_announcements(&backend)
            .await
            .unwrap()
            .is_empty()
    );

    let (old, new) = server.state.rotate_list_key().unwrap();
    assert_ne!(old, new);
    // Without the announcement the new lists do not verify: nothing changes on the device.
    let error = sync_lists(&mut store, &backend, &setup.public_list_keys())
        .await
        .unwrap_err();
    assert!(matches!(error, VerifierError::Invalid(_)), "{error:?}");
    assert!(
        store
            .desk()
            .trust_list(&setup.public_list_keys())
            .unwrap()
            .is_some()
    );

    // A forged announcement (signed by a key the device does not hold) is ignored.
    let forger = IssuerKey::from_seed(&[0x66; 32]);
    let forged = aktivitetskortet_core::token::ListKeyAnnouncement {
        sequence: 9,
        issued_at: now(),
        keys: vec![forger.public_key()],
    }
    .sign(&forger);
    assert!(!setup.adopt_list_keys(&[forged]));

    let announcements = fetch_list_key_announcements(&backend).await.unwrap();
    assert_eq!(announcements.len(), 1);
    assert!(setup.adopt_list_keys(&announcements));
    assert!(!setup.adopt_list_keys(&announcements), "once");
    assert_eq!(setup.list_keys.len(), 2, "the old key and the new");
    store.desk().set_venue(&setup).unwrap();
    sync_lists(&mut store, &backend, &setup.public_list_keys())
        .await
        .unwrap();
    let trust = store
        .desk()
        .trust_list(&setup.public_list_keys())
        .unwrap()
        .unwrap();
    assert!(!trust.keys.is_empty());
    // The lists are now signed by the new key alone.
    let signed = backend.get_bytes("/api/v1/trust-list").await.unwrap();
    let only_new = [setup.public_list_keys()[1].clone()];
    assert!(TrustList::open(&signed, &only_new, None).is_ok());
    assert_eq!(only_new[0].kid(), new);
}
