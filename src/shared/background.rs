//! The background round the holder's app and venue mode run: keep the catalogue up to date
//! whenever the network allows, wake up early when asked or when the network comes back, and never
//! block a screen. Each step prepares its request from the store, waits for the network without
//! holding the store, then applies the answer in one store call; a failed step changes nothing but
//! its record and is tried again later. What else each app does in its round lives beside it.

use aktivitetskortet_client::sync::{Decision, SyncPolicy, decide, fetch_catalogue};
use aktivitetskortet_core::calendar::bergen_local;
use dioxus::prelude::*;
use futures_util::StreamExt;
use futures_util::future::{Either, select};

use crate::shared::platform;
use crate::shared::state::AppState;
use crate::shared::webview;

/// What wakes the background work early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// The person asked for an update ("Update now"), or the network came back.
    SyncNow,
    /// A visit was recorded at a venue: upload it now if the network allows.
    Upload,
}

/// The longest pause between two rounds, so a card nearing its refresh and a catalogue nearing
/// its interval are looked at soon enough.
const MAX_PAUSE_MS: u64 = 60_000;

/// Waits until the store is open, catalogue included (a sync must not land in the empty
/// catalogue its saved image is about to replace).
pub async fn until_ready(app: AppState) {
    while !app.ready() || !*app.catalogue_ready.peek() {
        platform::sleep_ms(50).await;
    }
}

/// Sleeps until `next` (Unix seconds; a minute at most, a second at least) or until woken;
/// returns what woke it early, if anything did.
pub async fn pause(next: Option<u64>, wake: &mut UnboundedReceiver<Wake>) -> Option<Wake> {
    let pause = next
        .map_or(MAX_PAUSE_MS, |at| {
            at.saturating_sub(platform::now()).saturating_mul(1_000)
        })
        .clamp(1_000, MAX_PAUSE_MS);
    let sleep = Box::pin(platform::sleep_ms(pause));
    match select(sleep, wake.next()).await {
        Either::Right((wake, _)) => wake,
        Either::Left(_) => None,
    }
}

/// One catalogue sync if it is due (or asked for); returns when the next one is due.
pub async fn sync_catalogue(app: AppState, forced: bool) -> Option<u64> {
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
    let result =
        app.write_catalogue(|s| s.finish_catalogue_sync(fetched, now, bergen_local(now).date));
    syncing.set(false);
    if let Some(Err(err)) = result {
        tracing::info!(%err, "the catalogue could not be updated");
    }
    None
}

/// Follows what the browser or phone says about the network, and wakes the background round
/// when the network comes back.
pub fn use_online_watch(app: AppState, wake: Coroutine<Wake>) {
    use_future(move || async move {
        let mut online = app.online;
        webview::watch_online(move |now_online| {
            let was = *online.peek();
            online.set(now_online);
            if now_online && !was {
                wake.send(Wake::SyncNow);
            }
        })
        .await;
    });
}
