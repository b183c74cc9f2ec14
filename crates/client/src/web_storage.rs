//! The web build's persistence: the whole SQLite database as one image in the browser's IndexedDB,
//! loaded at start and saved after each change.
//!
//! Why this and not the OPFS pool VFS: that VFS only works inside a dedicated Web Worker, so every
//! query of the UI would cross a message channel; Dioxus runs on the main thread. An in-memory
//! database with an image in IndexedDB works on the main thread, survives reloads and browser
//! restarts, and costs no extra code size beyond the IndexedDB calls (SQLite's serialize API is
//! part of the build anyway). Its price is writing the whole image after a change: ~0.5 MB for
//! the demo catalogue, a few ms; fine for a catalogue synced a few times a day. A save is one
//! IndexedDB transaction, so a tab closed mid-save leaves the previous image whole.

use js_sys::{Function, Promise, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode};

use crate::store::{Store, StoreError};

const DATABASE: &str = "aktivitetskortet";
const OBJECT_STORE: &str = "sqlite-images";

fn js_error(what: &str, value: JsValue) -> StoreError {
    StoreError::Corrupt(format!("{what}: {value:?}"))
}

/// Resolves when `request` succeeds, with its result.
async fn request_done(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let ok = request.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &ok.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = request.clone();
        let on_error = Closure::once_into_js(move || {
            let error = failed
                .error()
                .ok()
                .flatten()
                .map_or(JsValue::UNDEFINED, JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

/// Resolves when `transaction` has committed; rejects when it aborts (a failed request, a full
/// quota, a closed tab all end in an abort).
async fn committed(transaction: &IdbTransaction) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let on_complete = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let on_abort = Closure::once_into_js(move || {
            let _ = reject.call0(&JsValue::NULL);
        });
        transaction.set_oncomplete(Some(on_complete.unchecked_ref()));
        transaction.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

async fn open_database() -> Result<IdbDatabase, StoreError> {
    let factory = web_sys::window()
        .ok_or_else(|| StoreError::Corrupt("no window: not in a browser page".into()))?
        .indexed_db()
        .map_err(|e| js_error("IndexedDB is not available", e))?
        .ok_or_else(|| StoreError::Corrupt("IndexedDB is not available".into()))?;
    let request = factory
        .open_with_u32(DATABASE, 1)
        .map_err(|e| js_error("could not open IndexedDB", e))?;
    let upgrading = request.clone();
    let on_upgrade = Closure::once_into_js(move || {
        if let Ok(result) = upgrading.result() {
            let db: IdbDatabase = result.unchecked_into();
            if !db.object_store_names().contains(OBJECT_STORE) {
                let _ = db.create_object_store(OBJECT_STORE);
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let db = request_done(&request)
        .await
        .map_err(|e| js_error("could not open IndexedDB", e))?;
    Ok(db.unchecked_into())
}

/// The saved image called `name`, if there is one.
pub async fn load_image(name: &str) -> Result<Option<Vec<u8>>, StoreError> {
    let db = open_database().await?;
    let transaction = db
        .transaction_with_str(OBJECT_STORE)
        .map_err(|e| js_error("IndexedDB read", e))?;
    let store = transaction
        .object_store(OBJECT_STORE)
        .map_err(|e| js_error("IndexedDB read", e))?;
    let request = store
        .get(&JsValue::from_str(name))
        .map_err(|e| js_error("IndexedDB read", e))?;
    let value = request_done(&request)
        .await
        .map_err(|e| js_error("IndexedDB read", e))?;
    db.close();
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    Ok(Some(Uint8Array::new(&value).to_vec()))
}

/// Saves `image` as `name`, replacing the previous one in a single IndexedDB transaction.
pub async fn save_image(name: &str, image: &[u8]) -> Result<(), StoreError> {
    let db = open_database().await?;
    let transaction = db
        .transaction_with_str_and_mode(OBJECT_STORE, IdbTransactionMode::Readwrite)
        .map_err(|e| js_error("IndexedDB write", e))?;
    let store = transaction
        .object_store(OBJECT_STORE)
        .map_err(|e| js_error("IndexedDB write", e))?;
    let bytes = Uint8Array::from(image);
    store
        .put_with_key(&bytes, &JsValue::from_str(name))
        .map_err(|e| js_error("IndexedDB write", e))?;
    committed(&transaction)
        .await
        .map_err(|e| js_error("IndexedDB write", e))?;
    db.close();
    Ok(())
}

impl Store {
    /// The web build's store called `name`: the saved image if there is a good one, otherwise a
    /// new empty database. Call [`Store::save`] after changes.
    pub async fn open_saved(name: &str) -> Result<Store, StoreError> {
        match load_image(name).await? {
            Some(image) => match Store::from_image(&image) {
                Ok(store) => Ok(store),
                // A damaged image must not lock the family out of the app: start again empty;
                // the catalogue and cards come back with the next sync or activation.
                Err(_) => Store::open_in_memory(),
            },
            None => Store::open_in_memory(),
        }
    }

    /// Saves the whole database as `name` in IndexedDB.
    pub async fn save(&mut self, name: &str) -> Result<(), StoreError> {
        let image = self.image()?;
        save_image(name, &image).await
    }
}
