//! Venue mode's background round: the catalogue (for the offers' titles, companion and visit
//! rules), the signed trust, revocation and limit lists, any new list key and the server's time
//! every few minutes, and the recorded visits, uploaded as soon as the network allows.

use aktivitetskortet_client::limits::{fetch_limit_list, keep_for_limits};
use aktivitetskortet_client::venue::{VenueTime, fetch_clock_offset, fetch_list_key_announcements};
use aktivitetskortet_client::verifier::{VerifierError, fetch_lists};
use dioxus::prelude::*;

use crate::shared::background::{Wake, pause, sync_catalogue, until_ready};
use crate::shared::platform;
use crate::shared::state::AppState;

/// How often a venue device fetches the trust and revocation lists (seconds): a revoked card is
/// refused within minutes where the network is good; offline the lists' age turns the verdict
/// amber after 48 hours.
const LIST_SYNC_SECS: u64 = 5 * 60;

/// Uploaded visits are kept this long on a venue device (seconds), then forgotten.
const KEEP_UPLOADED_SECS: u64 = 2 * 86_400;

/// Runs for the app's lifetime.
pub async fn run(app: AppState, mut wake: UnboundedReceiver<Wake>) {
    until_ready(app).await;
    let mut lists_synced: Option<u64> = None;
    let mut woken = None;
    loop {
        // A recorded visit only needs its upload; anything else is a whole round.
        let next = if woken == Some(Wake::Upload) {
            None
        } else {
            let forced = woken == Some(Wake::SyncNow);
            let next = sync_catalogue(app, forced).await;
            sync_lists(app, forced, &mut lists_synced).await;
            next
        };
        upload_visits(app).await;
        woken = pause(next, &mut wake).await;
    }
}

/// A venue device's lists, every few minutes (or when asked); both or neither are replaced.
async fn sync_lists(app: AppState, forced: bool, synced: &mut Option<u64>) {
    let Some(mut setup) = app.peek(|s| s.desk().venue().ok().flatten()).flatten() else {
        return;
    };
    let now = platform::now();
    if !forced && synced.is_some_and(|at| now.saturating_sub(at) < LIST_SYNC_SECS) {
        return;
    }
    let Some(backend) = app.backend() else {
        return;
    };
    // The server's time first: the device's clock may be minutes off, and the cards are checked
    // and the visits recorded in the server's time. Kept with the lists in one save.
    let learned = match fetch_clock_offset(&backend, &setup.key, platform::now_ms).await {
        Ok(learned) => learned,
        Err(err) => {
            tracing::info!(%err, "the server's time could not be learned");
            VenueTime {
                offset: None,
                venue_id: None,
            }
        }
    };
    // A setup from before limit lists learns its venue's id here.
    let learned_id = learned.venue_id.filter(|id| setup.id != Some(*id));
    if let Some(id) = learned_id {
        setup.id = Some(id);
    }
    // A list key rotation: the old key announces the new one, and the lists are signed with it.
    let adopted = match fetch_list_key_announcements(&backend).await {
        Ok(announcements) => setup.adopt_list_keys(&announcements),
        Err(err) => {
            tracing::info!(%err, "the list key announcements could not be fetched");
            false
        }
    };
    let lists = fetch_lists(&backend).await;
    // The venue's own list of cards at a visit limit; kept on its own (a server before limits
    // has none, and a failed fetch keeps the one held).
    let limits = match fetch_limit_list(&backend, &setup.key).await {
        Ok(limits) => limits,
        Err(err) => {
            tracing::info!(%err, "the limit list could not be fetched");
            None
        }
    };
    let result = app
        .write(|s| {
            if let Some(offset) = learned.offset {
                s.desk().set_clock_offset(offset)?;
            }
            if adopted || learned_id.is_some() {
                s.desk().set_venue(&setup)?;
            }
            if let (Some(signed), Some(venue)) = (&limits, setup.id)
                && let Err(err) = s
                    .desk()
                    .save_limit_list(signed, &setup.public_list_keys(), venue)
            {
                tracing::info!(%err, "the limit list was refused");
            }
            s.desk().save_lists(&lists?, &setup.public_list_keys())
        })
        .unwrap_or(Ok(()));
    match result {
        Ok(()) => *synced = Some(now),
        Err(err) => tracing::info!(%err, "the lists could not be updated"),
    }
}

/// Uploads a venue device's recorded visits, batch by batch; visits the server refuses by name
/// are set aside so they cannot hold up the others.
async fn upload_visits(app: AppState) {
    let Some(setup) = app.peek(|s| s.desk().venue().ok().flatten()).flatten() else {
        return;
    };
    let Some(backend) = app.backend() else {
        return;
    };
    while let Some(Ok(Some(upload))) = app.peek(|s| s.desk().next_upload()) {
        match upload.send(&backend, &setup.key).await {
            Ok(receipt) => {
                if let Some(Err(err)) = app.write(|s| s.desk().finish_upload(&upload, &receipt)) {
                    tracing::warn!(%err, "an upload's receipt did not match");
                    break;
                }
            }
            Err(VerifierError::Refused { lines, .. }) => {
                if app
                    .write(|s| s.desk().set_aside(&upload, &lines))
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
    let before = app
        .peek(|s| s.desk().corrected_now(platform::now()))
        .unwrap_or_else(platform::now)
        .saturating_sub(KEEP_UPLOADED_SECS);
    // Except what a visit limit still counts: the venue's offers' check-ins since the start of
    // their limits' periods, so the device can count its own visits offline.
    let now = before + KEEP_UPLOADED_SECS;
    let forgotten = app
        .peek(|s| {
            let keep = keep_for_limits(s, &setup.offer_ids, now).unwrap_or_default();
            s.desk().forget_uploaded_before(before, &keep)
        })
        .and_then(Result::ok)
        .unwrap_or(0);
    if forgotten > 0 {
        app.changed();
    }
}
