//! The holder's background round: the catalogue (shared with venue mode) and the cards'
//! credentials, refreshed before they run out whenever the network allows.

use std::collections::HashMap;

use aktivitetskortet_client::wallet::refresh_due;
use dioxus::prelude::*;

use crate::shared::background::{Wake, pause, sync_catalogue, until_ready};
use crate::shared::platform;
use crate::shared::state::AppState;

/// How long to leave a card alone after a failed refresh, unless the person asks.
const REFRESH_RETRY_SECS: u64 = 15 * 60;

/// Runs for the app's lifetime.
pub async fn run(app: AppState, mut wake: UnboundedReceiver<Wake>) {
    until_ready(app).await;
    let mut refresh_tried: HashMap<String, u64> = HashMap::new();
    let mut forced = false;
    loop {
        let next = sync_catalogue(app, forced).await;
        refresh_cards(app, forced, &mut refresh_tried).await;
        forced = pause(next, &mut wake).await == Some(Wake::SyncNow);
    }
}

/// Refreshes the credentials that are due, each at most every quarter of an hour after a
/// failure (unless asked).
async fn refresh_cards(app: AppState, forced: bool, tried: &mut HashMap<String, u64>) {
    let Some(backend) = app.backend() else {
        return;
    };
    let now = platform::now();
    let cards = app
        .peek(|s| s.wallet().cards().unwrap_or_default())
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
        let Some(Ok(pending)) = app.peek(|s| s.wallet().begin_refresh(&card.card_id, now)) else {
            continue;
        };
        let answer = pending.send(&backend).await;
        let done = platform::now();
        if let Some(Err(err)) = app.write(|s| s.wallet().finish_refresh(pending, answer, done)) {
            tracing::info!(%err, "a card could not be refreshed");
        }
    }
}
