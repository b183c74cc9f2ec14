//! An app's shared state: the device's store (the phone's own data opened first, the catalogue
//! right after; in the web build each saved after its own changes), the backend, the card shown,
//! and the few signals screens subscribe to. Screens reach it with [`use_app`].
//!
//! The store sits in a `RefCell` and is only ever borrowed for one synchronous call: network
//! requests are made between a store call that prepares them and one that applies the answer, so
//! a slow sync never freezes the screens that read the store meanwhile.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use aktivitetskortet_client::Store;
use aktivitetskortet_client::http::Backend;
use aktivitetskortet_client::store::SetAside;
use aktivitetskortet_client::wallet::Card;
use dioxus::core::spawn_forever;
use dioxus::prelude::*;

use crate::shared::{platform, tabs};

/// The preference that remembers how many cards the device holds (read by `public/boot.js` too,
/// for the first paint).
pub const CARDS_PREF: &str = "cards";

/// The setting that remembers a saved store was kept aside, until the holder closes the message.
const SET_ASIDE: &str = "store_set_aside";

/// The store and the bookkeeping of its saves.
struct Shared {
    store: RefCell<Store>,
    /// A save is under way.
    saving: Cell<bool>,
    /// The phone's own data changed since it was last saved (cards, favourites, settings).
    holder_changed: Cell<bool>,
    /// The catalogue changed since it was last saved (a sync, thumbnails).
    catalogue_changed: Cell<bool>,
    /// The store came from the first release's single image, deleted with the first save.
    drop_legacy: Cell<bool>,
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
    /// The last save failed; it is being tried again (the holder is told).
    pub save_failed: Signal<bool>,
    /// The catalogue is open (it opens after the phone's own data: until then the offers screens
    /// say they are loading).
    pub catalogue_ready: Signal<bool>,
    /// The saved store could not be opened and was kept aside (the holder is told why).
    pub set_aside: Signal<Option<SetAside>>,
    /// Another tab holds the store (web build): this one shows how to take it over.
    pub elsewhere: Signal<bool>,
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
            save_failed: Signal::new(false),
            catalogue_ready: Signal::new(false),
            set_aside: Signal::new(None),
            elsewhere: Signal::new(false),
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

    /// A state with its store (catalogue included) already open: for tests.
    pub fn with_store(store: Store) -> AppState {
        let mut state = AppState::new();
        state.install(store, false);
        state.catalogue_ready.set(true);
        state
    }

    fn install(&mut self, mut store: Store, migrated: bool) {
        let cards = store.wallet().cards().unwrap_or_default();
        let selected = store
            .setting("selected_card")
            .ok()
            .flatten()
            .filter(|id| cards.iter().any(|c| &c.card_id == id))
            .or_else(|| cards.first().map(|c| c.card_id.clone()));
        self.selected_card.set(selected);
        self.shared.set(Some(Rc::new(Shared {
            store: RefCell::new(store),
            saving: Cell::new(false),
            holder_changed: Cell::new(false),
            catalogue_changed: Cell::new(false),
            drop_legacy: Cell::new(migrated),
        })));
        if migrated {
            // Both images at once, and the old one goes in the same transaction.
            self.write_catalogue(|_| ());
        }
    }

    /// Opens the store (this tab holds it now): the phone's own data first, so the card shows,
    /// then the catalogue. Another tab asking for the store later makes this one let go.
    async fn open(mut self) {
        match platform::open_store().await {
            Ok(mut opened) => {
                if let Some(why) = opened.set_aside {
                    // Told until the holder closes the message, across restarts.
                    let _ = opened.store.set_setting(SET_ASIDE, Some(why.as_str()));
                }
                let told = opened.store.setting(SET_ASIDE).ok().flatten();
                self.set_aside
                    .set(told.as_deref().and_then(SetAside::parse));
                self.install(opened.store, opened.migrated);
                if opened.set_aside.is_some() {
                    self.changed();
                }
                tabs::on_take_over(move || {
                    spawn_forever(self.let_go());
                });
                if !opened.migrated {
                    self.open_catalogue().await;
                }
                self.catalogue_ready.set(true);
                let mut revision = self.revision;
                *revision.write() += 1;
            }
            Err(err) => {
                tracing::error!(%err, "could not open the store");
                self.load_error.set(Some(err.to_string()));
            }
        }
    }

    /// Puts the saved catalogue in place; a damaged one is dropped (the next sync brings the
    /// catalogue again: nothing of the family's is in it).
    async fn open_catalogue(self) {
        match platform::load_catalogue_image().await {
            Ok(Some(image)) => {
                if let Some(Err(err)) = self.peek(|s| s.load_catalogue_image(&image)) {
                    tracing::warn!(%err, "the saved catalogue was dropped");
                }
            }
            Ok(None) => {}
            Err(err) => tracing::warn!(%err, "the saved catalogue could not be read"),
        }
    }

    /// Another tab takes the store over: everything is saved, then this tab lets go of it.
    async fn let_go(mut self) {
        // Every change saved, failed saves included (they are being retried): the other tab
        // opens what is saved.
        while *self.saving.peek() {
            platform::sleep_ms(20).await;
        }
        self.shared.set(None);
        self.catalogue_ready.set(false);
        self.elsewhere.set(true);
        tabs::release();
    }

    /// The holder has read that the saved store was kept aside.
    pub fn dismiss_set_aside(&self) {
        let mut set_aside = self.set_aside;
        set_aside.set(None);
        self.write(|s| s.set_setting(SET_ASIDE, None));
    }

    /// Takes the store over from the tab that holds it, once that tab has saved and let go.
    pub fn take_over(mut self) {
        spawn_forever(async move {
            tabs::ask_to_take_over();
            if tabs::claim(true).await {
                self.elsewhere.set(false);
                self.open().await;
            }
        });
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

    /// Changes the phone's own data (cards, favourites, settings, a venue's lists and queue):
    /// runs `f`, tells every reader, and (web build) saves the phone's small image.
    pub fn write<R>(&self, f: impl FnOnce(&mut Store) -> R) -> Option<R> {
        self.change(false, f)
    }

    /// Changes the catalogue (and the sync's bookkeeping beside it): like [`AppState::write`],
    /// and saves the catalogue's image too.
    pub fn write_catalogue<R>(&self, f: impl FnOnce(&mut Store) -> R) -> Option<R> {
        self.change(true, f)
    }

    fn change<R>(&self, catalogue: bool, f: impl FnOnce(&mut Store) -> R) -> Option<R> {
        let shared = self.shared.peek().clone()?;
        let result = {
            let mut store = shared.store.try_borrow_mut().ok()?;
            f(&mut store)
        };
        let mut revision = self.revision;
        *revision.write() += 1;
        shared.holder_changed.set(true);
        if catalogue {
            shared.catalogue_changed.set(true);
        }
        schedule_save(shared, self.saving, self.save_failed);
        Some(result)
    }

    /// Tells every reader the store changed (and saves it) after a change made through
    /// [`AppState::peek`] that turned out to matter.
    pub fn changed(&self) {
        self.write(|_| ());
    }

    /// Waits until every change so far is in the browser's storage (at once elsewhere): what the
    /// person was just shown as done (a card added) must survive the tab being closed. Returns
    /// early, `false`, when a save failed (the holder is told, and it is tried again).
    pub async fn saved(&self) -> bool {
        while *self.saving.peek() && !*self.save_failed.peek() {
            platform::sleep_ms(20).await;
        }
        !*self.save_failed.peek()
    }

    /// The backend client (`None` only if the HTTP client could not be made at all).
    pub fn backend(&self) -> Option<Backend> {
        self.backend.peek().clone()
    }

    /// The cards on this phone, in the order they were added (subscribes).
    pub fn cards(&self) -> Vec<Card> {
        self.read(|s| s.wallet().cards().unwrap_or_default())
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

/// Saves what changed after a change, one save at a time (web build only): the phone's small
/// image, and the catalogue's only when it changed. Changes that come in while a save runs are
/// caught by one more save right after it. A failed save is tried again, sooner at first, while
/// the holder is told; nothing changed is marked saved until it is.
fn schedule_save(shared: Rc<Shared>, mut saving: Signal<bool>, mut failed: Signal<bool>) {
    if !platform::SAVE_AFTER_CHANGES || shared.saving.replace(true) {
        return;
    }
    saving.set(true);
    // Not tied to the screen that made the change: the save must finish after it closes.
    spawn_forever(async move {
        let mut retry_ms = 500;
        while shared.holder_changed.get() || shared.catalogue_changed.get() {
            let holder = shared.holder_changed.replace(false);
            let catalogue = shared.catalogue_changed.replace(false);
            // Borrows end before any await, so the store is always free here.
            let images = shared.store.try_borrow_mut().map(|mut store| {
                let holder = holder.then(|| store.image()).transpose()?;
                let catalogue = catalogue.then(|| store.catalogue_image()).transpose()?;
                Ok::<_, aktivitetskortet_client::StoreError>((holder, catalogue))
            });
            let result = match images {
                Ok(Ok((h, c))) => platform::save_store_images(h, c, shared.drop_legacy.get()).await,
                Ok(Err(err)) => Err(err),
                Err(_) => Err(aktivitetskortet_client::StoreError::Corrupt(
                    "the store was busy".into(),
                )),
            };
            match result {
                Ok(()) => {
                    shared.drop_legacy.set(false);
                    if *failed.peek() {
                        failed.set(false);
                    }
                    retry_ms = 500;
                }
                Err(err) => {
                    tracing::warn!(%err, "could not save the store; trying again");
                    // What did not reach storage is saved with the next try.
                    shared
                        .holder_changed
                        .set(shared.holder_changed.get() || holder);
                    shared
                        .catalogue_changed
                        .set(shared.catalogue_changed.get() || catalogue);
                    failed.set(true);
                    platform::sleep_ms(retry_ms).await;
                    retry_ms = (retry_ms * 2).min(30_000);
                }
            }
        }
        shared.saving.set(false);
        saving.set(false);
    });
}

/// Provides the app's state at the root and opens the store in the background, unless another
/// tab holds it.
pub fn use_app_provider() -> AppState {
    let state = use_context_provider(AppState::new);
    use_hook(move || {
        spawn(async move {
            let mut state = state;
            // A page this tab just left (the holder's app on the way to venue mode) may hold
            // the lock for a moment longer.
            for _ in 0..5 {
                if tabs::claim(false).await {
                    state.open().await;
                    return;
                }
                platform::sleep_ms(100).await;
            }
            state.elsewhere.set(true);
        });
    });
    state
}

/// The app's state; panics outside the app's root, where there is none to share.
pub fn use_app() -> AppState {
    use_context::<AppState>()
}
