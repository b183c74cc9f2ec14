//! The app's background work: keeping the catalogue up to date and the cards' credentials fresh,
//! whenever the network allows. It never blocks a screen: each step prepares its request from the
//! store, waits for the network without holding the store, then applies the answer in one store
//! call. A failed step changes nothing but its record, and is tried again later.

use std::collections::HashMap;

use aktivitetskortet_client::sync::{Decision, SyncPolicy, decide, fetch_catalogue};
use aktivitetskortet_client::verifier::{VerifierError, fetch_lists};
use aktivitetskortet_client::wallet::refresh_due;
use aktivitetskortet_core::calendar::bergen_local;
use dioxus::prelude::*;
use futures_util::StreamExt;
use futures_util::future::{Either, select};

use crate::platform;
use crate::state::AppState;

/// What wakes the background work early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// The person asked for an update ("Update now"), or the network came back.
    SyncNow,
    /// A visit was recorded at a venue: upload it now if the network allows.
    Upload,
}

/// How often a venue device fetches the trust and revocation lists (seconds): a revoked card is
/// refused within minutes where the network is good; offline the lists' age turns the verdict
/// amber after 48 hours.
const LIST_SYNC_SECS: u64 = 5 * 60;

/// Uploaded visits are kept this long on a venue device (seconds), then forgotten.
const KEEP_UPLOADED_SECS: u64 = 2 * 86_400;

/// The longest pause between two rounds, so a card nearing its refresh and a catalogue nearing
/// its interval are looked at soon enough.
const MAX_PAUSE_MS: u64 = 60_000;

/// How long to leave a card alone after a failed refresh, unless the person asks.
const REFRESH_RETRY_SECS: u64 = 15 * 60;

/// Runs for the app's lifetime.
pub async fn run(app: AppState, mut wake: UnboundedReceiver<Wake>) {
    while !app.ready() {
        platform::sleep_ms(50).await;
    }
    let mut refresh_tried: HashMap<String, u64> = HashMap::new();
    let mut lists_synced: Option<u64> = None;
    let mut forced = false;
    let mut upload_only = false;
    loop {
        let next = if upload_only {
            None
        } else {
            let next = sync_catalogue(app, forced).await;
            refresh_cards(app, forced, &mut refresh_tried).await;
            sync_venue_lists(app, forced, &mut lists_synced).await;
            next
        };
        upload_visits(app).await;
        (forced, upload_only) = (false, false);
        let pause = next
            .map_or(MAX_PAUSE_MS, |at| {
                at.saturating_sub(platform::now()).saturating_mul(1_000)
            })
            .clamp(1_000, MAX_PAUSE_MS);
        let sleep = Box::pin(platform::sleep_ms(pause));
        match select(sleep, wake.next()).await {
            Either::Right((Some(Wake::SyncNow), _)) => forced = true,
            Either::Right((Some(Wake::Upload), _)) => upload_only = true,
            _ => {}
        }
    }
}

/// A venue device's lists, every few minutes (or when asked); both or neither are replaced.
async fn sync_venue_lists(app: AppState, forced: bool, synced: &mut Option<u64>) {
    let Some(setup) = app.peek(|s| s.venue().ok().flatten()).flatten() else {
        return;
    };
    let now = platform::now();
    if !forced && synced.is_some_and(|at| now.saturating_sub(at) < LIST_SYNC_SECS) {
        return;
    }
    let Some(backend) = app.backend() else {
        return;
    };
    let result = match fetch_lists(&backend).await {
        Ok(lists) => app
            .write(|s| s.save_lists(&lists, &setup.public_list_keys()))
            .unwrap_or(Ok(())),
        Err(err) => Err(err),
    };
    match result {
        Ok(()) => *synced = Some(now),
        Err(err) => tracing::info!(%err, "the lists could not be updated"),
    }
}

/// Uploads a venue device's recorded visits, batch by batch; visits the server refuses by name
/// are set aside so they cannot hold up the others.
async fn upload_visits(app: AppState) {
    let Some(setup) = app.peek(|s| s.venue().ok().flatten()).flatten() else {
        return;
    };
    let Some(backend) = app.backend() else {
        return;
    };
    while let Some(Ok(Some(upload))) = app.peek(|s| s.next_upload()) {
        match upload.send(&backend, &setup.key).await {
            Ok(receipt) => {
                if let Some(Err(err)) = app.write(|s| s.finish_upload(&upload, &receipt)) {
                    tracing::warn!(%err, "an upload's receipt did not match");
                    break;
                }
            }
            Err(VerifierError::Refused { lines, .. }) => {
                if app
                    .write(|s| s.set_aside(&upload, &lines))
                    .and_then(Result::ok)
                    == Some(0)
                {
                    break;
                }
            }
            Err(err) => {
                tracing::info!(%err, "visits could not be uploaded yet");
                break;
            }
        }
    }
    // Done quietly (no save) unless something was forgotten: a venue device must not write its
    // whole store every minute for nothing.
    let before = platform::now().saturating_sub(KEEP_UPLOADED_SECS);
    let forgotten = app
        .peek(|s| s.forget_uploaded_before(before))
        .and_then(Result::ok)
        .unwrap_or(0);
    if forgotten > 0 {
        app.changed();
    }
}

/// One catalogue sync if it is due (or asked for); returns when the next one is due.
async fn sync_catalogue(app: AppState, forced: bool) -> Option<u64> {
    let now = platform::now();
    let (state, version) = app
        .peek(|s| Some((s.sync_state().ok()?, s.catalogue_version().ok()?)))
        .flatten()?;
    let since = match decide(&state, version, now, forced, &SyncPolicy::default()) {
        Decision::WaitUntil(at) => return Some(at),
        Decision::SyncNow { since } => since,
    };
    let backend = app.backend()?;
    let mut syncing = app.syncing;
    syncing.set(true);
    let fetched = fetch_catalogue(&backend, since).await;
    let now = platform::now();
    let result = app.write(|s| s.finish_catalogue_sync(fetched, now, bergen_local(now).date));
    syncing.set(false);
    if let Some(Err(err)) = result {
        tracing::info!(%err, "the catalogue could not be updated");
    }
    None
}

/// Refreshes the credentials that are due, each at most every quarter of an hour after a
/// failure (unless asked).
async fn refresh_cards(app: AppState, forced: bool, tried: &mut HashMap<String, u64>) {
    let Some(backend) = app.backend() else {
        return;
    };
    let now = platform::now();
    let cards = app
        .peek(|s| s.cards().unwrap_or_default())
        .unwrap_or_default();
    for card in cards {
        if !refresh_due(&card, now) {
            continue;
        }
        let recently = tried
            .get(&card.card_id)
            .is_some_and(|at| now.saturating_sub(*at) < REFRESH_RETRY_SECS);
        if recently && !forced {
            continue;
        }
        tried.insert(card.card_id.clone(), now);
        let Some(Ok(pending)) = app.peek(|s| s.begin_refresh(&card.card_id, now)) else {
            continue;
        };
        let answer = pending.send(&backend).await;
        let done = platform::now();
        if let Some(Err(err)) = app.write(|s| s.finish_refresh(pending, answer, done)) {
            tracing::info!(%err, "a card could not be refreshed");
        }
    }
}
