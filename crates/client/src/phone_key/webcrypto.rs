//! Phone keys in the browser: ECDSA P-256 keys made by WebCrypto with `extractable: false`,
//! kept as `CryptoKey` objects in IndexedDB (`phone-keys`) and used only through `sign`.

use std::cell::RefCell;
use std::collections::HashMap;

use aktivitetskortet_core::token::DevicePublicKey;
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, CryptoKeyPair, EcKeyGenParams, EcdsaParams, IdbTransactionMode};

use super::PhoneKey;
use crate::wallet::WalletError;
use crate::web_storage::{
    OBJECT_STORE, PHONE_KEYS, SET_ASIDE, committed, open_database, request_done,
};

/// An unused key younger than this is kept: an activation may be waiting for its answer.
const UNUSED_GRACE_MS: f64 = 3_600_000.0;

thread_local! {
    /// The keys read from IndexedDB this session, so a QR code every few seconds does not read
    /// the database each time. Holds handles, never key material.
    static KEYS: RefCell<HashMap<String, CryptoKey>> = RefCell::new(HashMap::new());
}

fn failed(what: &str, value: JsValue) -> WalletError {
    WalletError::KeyUnavailable(format!("{what}: {value:?}"))
}

fn subtle() -> Result<web_sys::SubtleCrypto, WalletError> {
    let window = web_sys::window()
        .ok_or_else(|| WalletError::KeyUnavailable("no window: not in a browser page".into()))?;
    let crypto = window
        .crypto()
        .map_err(|e| failed("WebCrypto is not available", e))?;
    Ok(crypto.subtle())
}

/// A key name no other key has: 16 random bytes in hex.
fn new_id() -> Result<String, WalletError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| WalletError::NoRandomness(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Makes a key, saves it in IndexedDB (committed before this returns) and gives its name and
/// public half.
pub(super) async fn generate() -> Result<PhoneKey, WalletError> {
    let subtle = subtle()?;
    let params = EcKeyGenParams::new("ECDSA", "P-256");
    let usages = Array::of1(&JsValue::from_str("sign"));
    let pair = subtle
        .generate_key_with_object(&params, false, &usages)
        .map_err(|e| failed("no key could be made", e))?;
    let pair: CryptoKeyPair = JsFuture::from(pair)
        .await
        .map_err(|e| failed("no key could be made", e))?
        .unchecked_into();
    // A public key is always exportable; `extractable: false` covers the private half.
    let exported = subtle
        .export_key("raw", &pair.get_public_key())
        .map_err(|e| failed("the public key could not be read", e))?;
    let raw = JsFuture::from(exported)
        .await
        .map_err(|e| failed("the public key could not be read", e))?;
    let raw = Uint8Array::new(&raw.unchecked_into::<ArrayBuffer>()).to_vec();
    let public = DevicePublicKey::from_uncompressed(&raw)
        .map_err(|e| WalletError::KeyUnavailable(format!("WebCrypto gave a bad key: {e}")))?;
    let id = new_id()?;
    let private = pair.get_private_key();
    save(&id, &private).await?;
    KEYS.with(|keys| keys.borrow_mut().insert(id.clone(), private));
    Ok(PhoneKey::WebCrypto { id, public })
}

/// Stores `{ id, key, created }` under `id`, in one transaction.
async fn save(id: &str, key: &CryptoKey) -> Result<(), WalletError> {
    let db = open_database()
        .await
        .map_err(|e| WalletError::KeyUnavailable(e.to_string()))?;
    let record = Object::new();
    let set = |name: &str, value: &JsValue| Reflect::set(&record, &JsValue::from_str(name), value);
    set("id", &JsValue::from_str(id))
        .and_then(|_| set("key", key))
        .and_then(|_| set("created", &JsValue::from_f64(js_sys::Date::now())))
        .map_err(|e| failed("the key could not be saved", e))?;
    let transaction = db
        .transaction_with_str_and_mode(PHONE_KEYS, IdbTransactionMode::Readwrite)
        .map_err(|e| failed("the key could not be saved", e))?;
    transaction
        .object_store(PHONE_KEYS)
        .and_then(|store| store.put_with_key(&record, &JsValue::from_str(id)))
        .map_err(|e| failed("the key could not be saved", e))?;
    let result = committed(&transaction)
        .await
        .map_err(|e| failed("the key could not be saved", e));
    db.close();
    result.map(drop)
}

/// The key named `id`, from this session's cache or from IndexedDB.
async fn load(id: &str) -> Result<CryptoKey, WalletError> {
    if let Some(key) = KEYS.with(|keys| keys.borrow().get(id).cloned()) {
        return Ok(key);
    }
    let db = open_database()
        .await
        .map_err(|e| WalletError::KeyUnavailable(e.to_string()))?;
    let request = db
        .transaction_with_str(PHONE_KEYS)
        .and_then(|transaction| transaction.object_store(PHONE_KEYS))
        .and_then(|store| store.get(&JsValue::from_str(id)))
        .map_err(|e| failed("the card's key could not be read", e))?;
    let record = request_done(&request)
        .await
        .map_err(|e| failed("the card's key could not be read", e));
    db.close();
    let record = record?;
    if record.is_undefined() || record.is_null() {
        return Err(WalletError::KeyUnavailable(
            "this card's key is gone from the browser: activate the card again".into(),
        ));
    }
    let key: CryptoKey = Reflect::get(&record, &JsValue::from_str("key"))
        .map_err(|e| failed("the card's key could not be read", e))?
        .dyn_into()
        .map_err(|e| failed("the stored key is no CryptoKey", e))?;
    KEYS.with(|keys| keys.borrow_mut().insert(id.to_owned(), key.clone()));
    Ok(key)
}

/// ECDSA with SHA-256 by the key named `id`: WebCrypto gives the raw `r ‖ s` (IEEE P1363), which
/// is the signature format COSE's ES256 uses.
pub(super) async fn sign(id: &str, message: &[u8]) -> Result<Vec<u8>, WalletError> {
    let key = load(id).await?;
    let params = EcdsaParams::new_with_str("ECDSA", "SHA-256");
    let signing = subtle()?
        .sign_with_object_and_u8_array(&params, &key, message)
        .map_err(|e| failed("the card's key could not sign", e))?;
    let signature = JsFuture::from(signing)
        .await
        .map_err(|e| failed("the card's key could not sign", e))?;
    Ok(Uint8Array::new(&signature).to_vec())
}

/// See [`super::forget_unused`].
pub(super) async fn forget_unused(in_use: &[String]) -> Result<usize, WalletError> {
    let db = open_database()
        .await
        .map_err(|e| WalletError::KeyUnavailable(e.to_string()))?;
    let result = forget_in(&db, in_use).await;
    db.close();
    result
}

/// See [`super::forget`].
pub(super) async fn forget(names: &[String]) -> Result<(), WalletError> {
    let db = open_database()
        .await
        .map_err(|e| WalletError::KeyUnavailable(e.to_string()))?;
    let result = delete(&db, names).await;
    db.close();
    result
}

/// See [`super::forget_all`].
pub(super) async fn forget_all() -> Result<usize, WalletError> {
    let fail = |e| failed("the keys could not be deleted", e);
    let db = open_database()
        .await
        .map_err(|e| WalletError::KeyUnavailable(e.to_string()))?;
    let request = db
        .transaction_with_str(PHONE_KEYS)
        .and_then(|transaction| transaction.object_store(PHONE_KEYS))
        .and_then(|store| store.get_all_keys());
    let names = match request {
        Ok(request) => request_done(&request).await.map_err(fail),
        Err(e) => Err(fail(e)),
    };
    let result = match names {
        Ok(names) => {
            let names: Vec<String> = Array::from(&names)
                .iter()
                .filter_map(|name| name.as_string())
                .collect();
            delete(&db, &names).await.map(|()| names.len())
        }
        Err(e) => Err(e),
    };
    db.close();
    result
}

/// Deletes `names` in one transaction, and from this session's cache.
async fn delete(db: &web_sys::IdbDatabase, names: &[String]) -> Result<(), WalletError> {
    let fail = |e| failed("the keys could not be deleted", e);
    if names.is_empty() {
        return Ok(());
    }
    let transaction = db
        .transaction_with_str_and_mode(PHONE_KEYS, IdbTransactionMode::Readwrite)
        .map_err(fail)?;
    let store = transaction.object_store(PHONE_KEYS).map_err(fail)?;
    for name in names {
        store.delete(&JsValue::from_str(name)).map_err(fail)?;
    }
    committed(&transaction).await.map_err(fail)?;
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        for name in names {
            keys.remove(name);
        }
    });
    Ok(())
}

/// Reads every record in one transaction, then deletes the unused ones in another (a
/// transaction is not kept open across an await).
async fn forget_in(db: &web_sys::IdbDatabase, in_use: &[String]) -> Result<usize, WalletError> {
    let fail = |e| failed("the unused keys could not be deleted", e);
    let request = db
        .transaction_with_str(OBJECT_STORE)
        .and_then(|transaction| transaction.object_store(OBJECT_STORE))
        .and_then(|store| store.get_all_keys())
        .map_err(fail)?;
    let images = request_done(&request).await.map_err(fail)?;
    let kept_aside = Array::from(&images)
        .iter()
        .any(|name| name.as_string().is_some_and(|n| n.contains(SET_ASIDE)));
    if kept_aside {
        return Ok(0);
    }
    let request = db
        .transaction_with_str(PHONE_KEYS)
        .and_then(|transaction| transaction.object_store(PHONE_KEYS))
        .and_then(|store| store.get_all())
        .map_err(fail)?;
    let all = request_done(&request).await.map_err(fail)?;
    let now = js_sys::Date::now();
    let unused: Vec<String> = Array::from(&all)
        .iter()
        .filter_map(|record| {
            let field = |name: &str| Reflect::get(&record, &JsValue::from_str(name)).ok();
            let id = field("id").and_then(|v| v.as_string())?;
            let created = field("created").and_then(|v| v.as_f64()).unwrap_or(0.0);
            (!in_use.contains(&id) && now - created >= UNUSED_GRACE_MS).then_some(id)
        })
        .collect();
    delete(db, &unused).await?;
    Ok(unused.len())
}
