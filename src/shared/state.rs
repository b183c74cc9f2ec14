//! An app's shared state: the device's store (opened once at start, saved after every change in
//! the web build), the backend, the card shown, and the few signals screens subscribe to. Screens
//! reach it with [`use_app`].
//!
//! The store sits in a `RefCell` and is only ever borrowed for one synchronous call: network
//! requests are made between a store call that prepares them and one that applies the answer, so
//! a slow sync never freezes the screens that read the store meanwhile.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use aktivitetskortet_client::Store;
use aktivitetskortet_client::http::Backend;
use aktivitetskortet_client::wallet::Card;
use dioxus::core::spawn_forever;
use dioxus::prelude::*;

use crate::shared::platform;

/// The preference that remembers how many cards the device holds (read by `public/boot.js` too,
/// for the first paint).
pub const CARDS_PREF: &str = "cards";

/// The store and the bookkeeping of its saves.
struct Shared {
    store: RefCell<Store>,
    /// A save of the image is under way ...
    saving: Cell<bool>,
    /// ... and another change came in since it started, so it must save once more.
    again: Cell<bool>,
}

/// Everything screens share. Cheap to copy: it is made of signals.
#[derive(Clone, Copy)]
pub struct AppState {
    shared: Signal<Option<Rc<Shared>>>,
    /// Counts changes to the store; reading through [`AppState::read`] subscribes to it.
    revision: Signal<u64>,
    backend: Signal<Option<Backend>>,
    /// Why the store could not be opened, if it could not.
    pub load_error: Signal<Option<String>>,
    /// The card the holder chose to show (the first card when none was chosen).
    pub selected_card: Signal<Option<String>>,
    /// A catalogue sync is under way.
    pub syncing: Signal<bool>,
    /// What the browser or phone says about the network.
    pub online: Signal<bool>,
    /// A short message for everyone, shown and read out politely ("the card was added").
    pub notice: Signal<Option<String>>,
    /// A change is being written to the browser's storage (web build).
    pub saving: Signal<bool>,
    /// How many cards the device had when the app last ran: known before the store opens (a
    /// small preference), so the first frame already shows a card's place, or how to add one.
    pub expected_cards: Signal<usize>,
}

impl AppState {
    fn new() -> AppState {
        AppState {
            shared: Signal::new(None),
            revision: Signal::new(0),
            backend: Signal::new(Backend::new(&platform::backend_base()).ok()),
            load_error: Signal::new(None),
            selected_card: Signal::new(None),
            syncing: Signal::new(false),
            online: Signal::new(true),
            notice: Signal::new(None),
            saving: Signal::new(false),
            expected_cards: Signal::new(
                platform::pref(CARDS_PREF)
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0),
            ),
        }
    }

    /// A state whose store is still opening, on a device that had `expected_cards` cards: for
    /// tests of the first frame.
    pub fn opening(expected_cards: usize) -> AppState {
        let mut state = AppState::new();
        state.expected_cards.set(expected_cards);
        state
    }

    /// A state with its store already open: for tests, and for platforms that open it at once.
    pub fn with_store(store: Store) -> AppState {
        let mut state = AppState::new();
        state.install(store);
        state
    }

    fn install(&mut self, store: Store) {
        let selected = store
            .setting("selected_card")
            .ok()
            .flatten()
            .filter(|id| store.card(id).ok().flatten().is_some())
            .or_else(|| store.cards().ok()?.first().map(|c| c.card_id.clone()));
        self.selected_card.set(selected);
        self.shared.set(Some(Rc::new(Shared {
            store: RefCell::new(store),
            saving: Cell::new(false),
            again: Cell::new(false),
        })));
    }

    /// Whether the store is open.
    pub fn ready(&self) -> bool {
        self.shared.read().is_some()
    }

    /// Runs `f` on the store and subscribes the caller to the store's changes; `None` until the
    /// store is open.
    pub fn read<R>(&self, f: impl FnOnce(&mut Store) -> R) -> Option<R> {
        let _ = self.revision.read();
        let shared = self.shared.read().clone()?;
        let mut store = shared.store.try_borrow_mut().ok()?;
        Some(f(&mut store))
    }

    /// Like [`AppState::read`], without subscribing: for event handlers and tasks.
    pub fn peek<R>(&self, f: impl FnOnce(&mut Store) -> R) -> Option<R> {
        let shared = self.shared.peek().clone()?;
        let mut store = shared.store.try_borrow_mut().ok()?;
        Some(f(&mut store))
    }

    /// Changes the store: runs `f`, tells every reader, and (web build) saves the image.
    pub fn write<R>(&self, f: impl FnOnce(&mut Store) -> R) -> Option<R> {
        let shared = self.shared.peek().clone()?;
        let result = {
            let mut store = shared.store.try_borrow_mut().ok()?;
            f(&mut store)
        };
        let mut revision = self.revision;
        *revision.write() += 1;
        schedule_save(shared, self.saving);
        Some(result)
    }

    /// Tells every reader the store changed (and saves it) after a change made through
    /// [`AppState::peek`] that turned out to matter.
    pub fn changed(&self) {
        self.write(|_| ());
    }

    /// Waits until every change so far is in the browser's storage (at once elsewhere): what the
    /// person was just shown as done (a card added) must survive the tab being closed.
    pub async fn saved(&self) {
        while *self.saving.peek() {
            platform::sleep_ms(20).await;
        }
    }

    /// The backend client (`None` only if the HTTP client could not be made at all).
    pub fn backend(&self) -> Option<Backend> {
        self.backend.peek().clone()
    }

    /// The cards on this phone, in the order they were added (subscribes).
    pub fn cards(&self) -> Vec<Card> {
        self.read(|s| s.cards().unwrap_or_default())
            .unwrap_or_default()
    }

    /// The card to show: the chosen one, or the first (subscribes).
    pub fn current_card(&self) -> Option<Card> {
        let cards = self.cards();
        let selected = self.selected_card.read().clone();
        selected
            .and_then(|id| cards.iter().find(|c| c.card_id == id).cloned())
            .or_else(|| cards.into_iter().next())
    }

    /// Shows `card_id` from now on, and remembers it for the next start.
    pub fn select_card(&self, card_id: &str) {
        let mut selected = self.selected_card;
        selected.set(Some(card_id.to_owned()));
        let id = card_id.to_owned();
        self.write(move |s| s.set_setting("selected_card", Some(&id)));
    }

    /// Shows `text` for a few seconds in the polite announcement area.
    pub fn announce(&self, text: String) {
        crate::shared::components::announce(self.notice, text);
    }
}

/// Saves the store's image after a change, one save at a time (web build only). Changes that come
/// in while a save runs are caught by one more save right after it.
fn schedule_save(shared: Rc<Shared>, mut saving: Signal<bool>) {
    if !platform::SAVE_AFTER_CHANGES {
        return;
    }
    if shared.saving.replace(true) {
        shared.again.set(true);
        return;
    }
    saving.set(true);
    // Not tied to the screen that made the change: the save must finish after it closes.
    spawn_forever(async move {
        loop {
            shared.again.set(false);
            let image = match shared.store.try_borrow_mut() {
                Ok(mut store) => store.image(),
                Err(_) => {
                    // Never happens (borrows end before any await), but never lose a save.
                    shared.again.set(true);
                    platform::sleep_ms(50).await;
                    continue;
                }
            };
            match image {
                Ok(image) => {
                    if let Err(err) = platform::save_store_image(image).await {
                        tracing::warn!(%err, "could not save the store");
                    }
                }
                Err(err) => tracing::warn!(%err, "could not take the store's image"),
            }
            if !shared.again.get() {
                break;
            }
        }
        shared.saving.set(false);
        saving.set(false);
    });
}

/// Provides the app's state at the root and opens the store in the background.
pub fn use_app_provider() -> AppState {
    let state = use_context_provider(AppState::new);
    use_hook(move || {
        spawn(async move {
            let mut state = state;
            match platform::open_store().await {
                Ok(store) => state.install(store),
                Err(err) => {
                    tracing::error!(%err, "could not open the store");
                    state.load_error.set(Some(err.to_string()));
                }
            }
        });
    });
    state
}

/// The app's state; panics outside the app's root, where there is none to share.
pub fn use_app() -> AppState {
    use_context::<AppState>()
}
