//! The background round the holder's app and venue mode run: keep the catalogue up to date
//! whenever the network allows, wake up early when asked or when the network comes back, and never
//! block a screen. Each step prepares its request from the store, waits for the network without
//! holding the store, then applies the answer in one store call; a failed step changes nothing but
//! its record and is tried again later. What else each app does in its round lives beside it.

use aktivitetskortet_client::http::Fetched;
use aktivitetskortet_client::staged::{
    RawCatalogue, StagedCatalogue, StagedImage, fetch_raw_catalogue,
};
use aktivitetskortet_client::sync::{Decision, SyncError, SyncPolicy, decide};
use aktivitetskortet_core::calendar::{Date, bergen_local};
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
    // Not while the saved catalogue is still being put in place (after a take-over from another
    // tab): it would replace what the sync wrote.
    if !*app.catalogue_ready.peek() {
        return None;
    }
    let now = platform::now();
    let (state, version) = app
        .peek(|s| {
            Some((
                s.catalogue().sync_state().ok()?,
                s.catalogue().catalogue_version().ok()?,
            ))
        })
        .flatten()?;
    let since = match decide(&state, version, now, forced, &SyncPolicy::default()) {
        Decision::WaitUntil(at) => return Some(at),
        Decision::SyncNow { since } => since,
    };
    let backend = app.backend()?;
    let mut syncing = app.syncing;
    syncing.set(true);
    let fetched = fetch_raw_catalogue(&backend, since).await;
    let today = bergen_local(platform::now()).date;
    let result = match fetched {
        Ok(Fetched::Body(raw)) if raw.is_large(STEP) => {
            let staged = apply_in_steps(raw, today).await;
            app.write_catalogue(|s| s.catalogue().finish_staged_sync(staged, platform::now()))
        }
        other => {
            let fetched = other.and_then(|f| match f {
                Fetched::Body(raw) => raw.parse().map(Fetched::Body),
                Fetched::NotModified => Ok(Fetched::NotModified),
            });
            app.write_catalogue(|s| {
                s.catalogue()
                    .finish_catalogue_sync(fetched, platform::now(), today)
            })
        }
    };
    syncing.set(false);
    if let Some(Err(err)) = result {
        tracing::info!(%err, "the catalogue could not be updated");
    }
    None
}

/// Offers written per step of a large full sync: a step is a short task even on a slow phone,
/// and the screens render between steps.
const STEP: usize = 200;

/// Writes a large full catalogue into a store of its own, a step at a time, yielding to the
/// screens between steps; the phone's catalogue is replaced only at the end, in one call.
async fn apply_in_steps(raw: RawCatalogue, today: Date) -> Result<StagedImage, SyncError> {
    let mut staged = StagedCatalogue::new(raw, today)?;
    while !staged.step(STEP)? {
        platform::sleep_ms(0).await;
    }
    Ok(staged.finish()?)
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
