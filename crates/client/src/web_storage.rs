//! The web build's persistence: the phone's small database and the catalogue's as two images in
//! the browser's IndexedDB, each loaded and saved on its own.
//!
//! Why this and not the OPFS pool VFS: that VFS only works inside a dedicated Web Worker, so every
//! query of the UI would cross a message channel; Dioxus runs on the main thread. In-memory
//! databases with images in IndexedDB work on the main thread, survive reloads and browser
//! restarts, and cost no code size beyond the IndexedDB calls (SQLite's serialize API is part of
//! the build anyway). Their price is writing a whole image after a change, so the store is two:
//! the phone's own (cards, favourites, settings: tens of kilobytes, opened first, saved in a few
//! milliseconds) and the catalogue's (megabytes, loaded after the card is on screen, written
//! only by a sync). A save is one IndexedDB transaction, so a tab closed mid-save leaves the
//! previous images whole; both images saved together are saved in one.
use js_sys::{Function, Promise, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode};

use crate::store::{Opened, SetAside, Store, StoreError};

const DATABASE: &str = "aktivitetskortet";
/// The database's version: 1 had the images only, 2 added the phone keys.
const DATABASE_VERSION: u32 = 2;
pub(crate) const OBJECT_STORE: &str = "sqlite-images";
/// What the name of an image kept aside contains (see `keep_aside`).
pub(crate) const SET_ASIDE: &str = ".set-aside.";
/// The phone keys (`phone_key/webcrypto.rs`): non-extractable `CryptoKey`s, which the browser
/// stores without handing their secret to any script.
pub(crate) const PHONE_KEYS: &str = "phone-keys";

fn js_error(what: &str, value: JsValue) -> StoreError {
    StoreError::Corrupt(format!("{what}: {value:?}"))
}

/// Resolves when `request` succeeds, with its result.
pub(crate) async fn request_done(request: &IdbRequest) -> Result<JsValue, JsValue> {
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
pub(crate) async fn committed(transaction: &IdbTransaction) -> Result<JsValue, JsValue> {
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

pub(crate) async fn open_database() -> Result<IdbDatabase, StoreError> {
    let factory = web_sys::window()
        .ok_or_else(|| StoreError::Corrupt("no window: not in a browser page".into()))?
        .indexed_db()
        .map_err(|e| js_error("IndexedDB is not available", e))?
        .ok_or_else(|| StoreError::Corrupt("IndexedDB is not available".into()))?;
    let request = factory
        .open_with_u32(DATABASE, DATABASE_VERSION)
        .map_err(|e| js_error("could not open IndexedDB", e))?;
    let upgrading = request.clone();
    let on_upgrade = Closure::once_into_js(move || {
        if let Ok(result) = upgrading.result() {
            let db: IdbDatabase = result.unchecked_into();
            for name in [OBJECT_STORE, PHONE_KEYS] {
                if !db.object_store_names().contains(name) {
                    let _ = db.create_object_store(name);
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let db = request_done(&request)
        .await
        .map_err(|e| js_error("could not open IndexedDB", e))?;
    Ok(db.unchecked_into())
}

/// The keys a store's images are saved under, from one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageNames {
    /// The phone's own database.
    pub holder: String,
    /// The catalogue's.
    pub catalogue: String,
    /// The whole store as the first release saved it, read once and then deleted.
    pub legacy: String,
}

impl ImageNames {
    pub fn new(name: &str) -> ImageNames {
        ImageNames {
            holder: format!("{name}.holder"),
            catalogue: format!("{name}.catalogue"),
            legacy: name.to_owned(),
        }
    }
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
    save_images(&[(name, image)], &[]).await
}

/// Saves each `(name, image)` and deletes each of `delete`, all in one IndexedDB transaction: on
/// any failure (a full quota, a closed tab) nothing changes.
pub async fn save_images(images: &[(&str, &[u8])], delete: &[&str]) -> Result<(), StoreError> {
    let db = open_database().await?;
    let transaction = db
        .transaction_with_str_and_mode(OBJECT_STORE, IdbTransactionMode::Readwrite)
        .map_err(|e| js_error("IndexedDB write", e))?;
    let store = transaction
        .object_store(OBJECT_STORE)
        .map_err(|e| js_error("IndexedDB write", e))?;
    for (name, image) in images {
        let bytes = Uint8Array::from(*image);
        store
            .put_with_key(&bytes, &JsValue::from_str(name))
            .map_err(|e| js_error("IndexedDB write", e))?;
    }
    for name in delete {
        store
            .delete(&JsValue::from_str(name))
            .map_err(|e| js_error("IndexedDB write", e))?;
    }
    let result = committed(&transaction)
        .await
        .map_err(|e| js_error("IndexedDB write", e));
    db.close();
    result.map(|_| ())
}

/// Deletes every saved image except `keep` (images kept aside, an old release's), for "remove
/// everything" once the emptied store is saved under `keep`.
pub async fn forget_other_images(keep: &[&str]) -> Result<usize, StoreError> {
    let db = open_database().await?;
    let request = db
        .transaction_with_str(OBJECT_STORE)
        .and_then(|transaction| transaction.object_store(OBJECT_STORE))
        .and_then(|store| store.get_all_keys())
        .map_err(|e| js_error("IndexedDB read", e))?;
    let names = request_done(&request)
        .await
        .map_err(|e| js_error("IndexedDB read", e))?;
    db.close();
    let others: Vec<String> = js_sys::Array::from(&names)
        .iter()
        .filter_map(|name| name.as_string())
        .filter(|name| !keep.contains(&name.as_str()))
        .collect();
    let delete: Vec<&str> = others.iter().map(String::as_str).collect();
    save_images(&[], &delete).await?;
    Ok(others.len())
}

/// Moves the image saved as `name` to a key of its own (`name.set-aside.<ms>`), so nothing
/// overwrites it; one transaction.
async fn keep_aside(name: &str, image: &[u8]) -> Result<(), StoreError> {
    let aside = format!("{name}{SET_ASIDE}{}", js_sys::Date::now() as u64);
    save_images(&[(&aside, image)], &[name]).await
}

impl Store {
    /// The web build's store saved under `names`: the phone's own image if there is one (else
    /// the first release's whole image), with an empty catalogue until its image is loaded
    /// (`load_image(&names.catalogue)`, then [`Store::load_catalogue_image`]). Without any image, a new store. An image that cannot
    /// be opened is kept aside, never overwritten, and the store starts empty.
    pub async fn open_saved(names: &ImageNames) -> Result<Opened, StoreError> {
        let (name, image, migrated) = match load_image(&names.holder).await? {
            Some(image) => (&names.holder, image, false),
            None => match load_image(&names.legacy).await? {
                Some(image) => (&names.legacy, image, true),
                None => {
                    return Ok(Opened {
                        store: Store::open_in_memory()?,
                        migrated: false,
                        set_aside: None,
                    });
                }
            },
        };
        match Store::from_image(&image) {
            Ok(store) => Ok(Opened {
                store,
                migrated,
                set_aside: None,
            }),
            Err(err) => {
                let why = match err {
                    StoreError::TooNew { .. } => SetAside::Newer,
                    _ => SetAside::Damaged,
                };
                keep_aside(name, &image).await?;
                Ok(Opened {
                    store: Store::open_in_memory()?,
                    migrated: false,
                    set_aside: Some(why),
                })
            }
        }
    }

    /// Saves both images under `names` in one transaction, and drops the first release's image.
    pub async fn save(&mut self, names: &ImageNames) -> Result<(), StoreError> {
        let holder = self.image()?;
        let catalogue = self.catalogue_image()?;
        save_images(
            &[(&names.holder, &holder), (&names.catalogue, &catalogue)],
            &[&names.legacy],
        )
        .await
    }
}
