//! The holder's background round: the catalogue (shared with venue mode) and the cards'
//! credentials, refreshed before they run out whenever the network allows.

use std::collections::HashMap;

use aktivitetskortet_client::phone_key::{self, PhoneKey};
use aktivitetskortet_client::wallet::refresh_due;
use dioxus::prelude::*;

use crate::shared::background::{Wake, pause, sync_catalogue, until_ready};
use crate::shared::platform;
use crate::shared::state::AppState;

/// How long to leave a card alone after a failed refresh, unless the person asks.
const REFRESH_RETRY_SECS: u64 = 15 * 60;

/// How often asking for an update refreshes a card (seconds): a person pressing the button
/// again and again stays far below the server's 20 refreshes an hour.
const FORCED_REFRESH_SECS: u64 = 60;

/// Runs for the app's lifetime.
pub async fn run(app: AppState, mut wake: UnboundedReceiver<Wake>) {
    until_ready(app).await;
    forget_unused_keys(app).await;
    let mut refresh_tried: HashMap<String, u64> = HashMap::new();
    let mut forced = false;
    loop {
        let next = sync_catalogue(app, forced).await;
        refresh_cards(app, forced, &mut refresh_tried).await;
        forced = pause(next, &mut wake).await == Some(Wake::SyncNow);
    }
}

/// Refreshes the credentials that are due, each at most every quarter of an hour after a
/// failure. When the person asks ("Update now"), every card is refreshed, at most once a
/// minute: the refresh also brings what each card has left of its visit limits.
async fn refresh_cards(app: AppState, forced: bool, tried: &mut HashMap<String, u64>) {
    let Some(backend) = app.backend() else {
        return;
    };
    let now = platform::now();
    let cards = app
        .peek(|s| s.wallet().cards().unwrap_or_default())
        .unwrap_or_default();
    for card in cards {
        if !forced && !refresh_due(&card, now) {
            continue;
        }
        let since = tried
            .get(&card.card_id)
            .map_or(u64::MAX, |at| now.saturating_sub(*at));
        let wait = if forced {
            FORCED_REFRESH_SECS
        } else {
            REFRESH_RETRY_SECS
        };
        if since < wait {
            continue;
        }
        tried.insert(card.card_id.clone(), now);
        move_key_if_raw(app, &card.card_id).await;
        let Some(Ok(plan)) = app.peek(|s| s.wallet().begin_refresh(&card.card_id, now)) else {
            continue;
        };
        let pending = match plan.sign().await {
            Ok(pending) => pending,
            Err(err) => {
                tracing::warn!(%err, "a card's key could not sign its refresh");
                continue;
            }
        };
        let answer = pending.send(&backend).await;
        let done = platform::now();
        if let Some(Err(err)) = app.write(|s| s.wallet().finish_refresh(pending, answer, done)) {
            tracing::info!(%err, "a card could not be refreshed");
        }
    }
}

/// A card made before phone keys were WebCrypto keys still has its key as bytes in the store,
/// which a copied browser profile copies: it gets a new, non-extractable key, which its next
/// refresh moves it to (token format §6.3). The move is saved before that refresh goes out, so a
/// lost answer is retried with the same key. Without a new key the card refreshes on its old
/// one and tries again next time.
async fn move_key_if_raw(app: AppState, card_id: &str) {
    if !matches!(
        app.peek(|s| s.wallet().needs_key_move(card_id)),
        Some(Ok(true))
    ) {
        return;
    }
    let key = match PhoneKey::generate().await {
        Ok(key) => key,
        Err(err) => {
            tracing::warn!(%err, "no new key for a card made before WebCrypto keys");
            return;
        }
    };
    if !matches!(
        app.write(|s| s.wallet().start_key_move(card_id, &key)),
        Some(Ok(()))
    ) {
        return;
    }
    // Unsaved (a full disk, say), the move is not sent: see `Wallet::cancel_key_move`.
    if !app.saved().await {
        app.write(|s| s.wallet().cancel_key_move(card_id));
    }
}

/// Deletes the phone keys no card uses any more (a removed card's, a moved card's old one, an
/// activation that never finished), once at start.
async fn forget_unused_keys(app: AppState) {
    let Some(Ok(in_use)) = app.peek(|s| s.wallet().phone_keys_in_use()) else {
        return;
    };
    match phone_key::forget_unused(&in_use).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(keys = n, "unused phone keys deleted"),
        Err(err) => tracing::warn!(%err, "unused phone keys could not be deleted"),
    }
}
