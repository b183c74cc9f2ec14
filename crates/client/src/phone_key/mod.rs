//! The phone's key for a card: a WebCrypto key that cannot be exported (the web build), or a raw
//! P-256 secret in the store (desktop and phones for now, and cards made before the move).
//!
//! A presentation is the phone key's ECDSA P-256 signature over the credential and the time
//! (token format §6). In the browser that signature is made by `crypto.subtle.sign` with a key
//! generated `extractable: false` and kept as a `CryptoKey` in IndexedDB: no script on the page
//! and no export can read its secret, so copying the SQLite image no longer copies the card.
//! A card whose key is still raw moves to a new WebCrypto key at its next online refresh
//! (`wallet.rs`, token format §6.3).

#[cfg(target_arch = "wasm32")]
mod webcrypto;

use aktivitetskortet_core::token::{DeviceKey, DevicePublicKey};
use rusqlite::types::ValueRef;
use zeroize::Zeroizing;

use crate::store::StoreError;
use crate::wallet::WalletError;

/// How many times to draw new bytes for a raw key. A random 32-byte string fails to be a P-256
/// secret with probability about 2^-32, so a second failure means the randomness is broken.
const KEY_ATTEMPTS: usize = 4;

/// A card's phone key, as the wallet signs with it. No variant prints its secret.
#[derive(Debug)]
pub enum PhoneKey {
    /// The secret scalar, kept in the `cards` table (wiped from memory when dropped).
    Raw(DeviceKey),
    /// A non-extractable WebCrypto key in IndexedDB's `phone-keys` store, named by `id`; its
    /// public half comes from the credential (or, during a move, from the store).
    WebCrypto { id: String, public: DevicePublicKey },
}

impl PhoneKey {
    /// A new key of the best kind this build has: a WebCrypto key in the browser (already saved
    /// in IndexedDB when this returns), a raw key elsewhere.
    pub async fn generate() -> Result<PhoneKey, WalletError> {
        #[cfg(target_arch = "wasm32")]
        {
            webcrypto::generate().await
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            PhoneKey::raw()
        }
    }

    /// A new raw key from the OS's randomness. The random bytes are wiped once the key is made.
    pub fn raw() -> Result<PhoneKey, WalletError> {
        let mut secret = Zeroizing::new([0u8; 32]);
        for _ in 0..KEY_ATTEMPTS {
            getrandom::fill(secret.as_mut_slice())
                .map_err(|e| WalletError::NoRandomness(e.to_string()))?;
            if let Ok(key) = DeviceKey::from_secret(&secret) {
                return Ok(PhoneKey::Raw(key));
            }
        }
        Err(WalletError::NoRandomness(
            "the random bytes were not usable".into(),
        ))
    }

    pub fn public_key(&self) -> DevicePublicKey {
        match self {
            PhoneKey::Raw(key) => key.public_key(),
            PhoneKey::WebCrypto { public, .. } => *public,
        }
    }

    /// Whether the secret is readable bytes in the store (a card made before WebCrypto keys, or
    /// a build without them).
    pub fn is_raw(&self) -> bool {
        matches!(self, PhoneKey::Raw(_))
    }

    /// The 64-byte `r ‖ s` ECDSA P-256 signature over SHA-256 of `message`.
    pub async fn sign(&self, message: &[u8]) -> Result<Vec<u8>, WalletError> {
        match self {
            PhoneKey::Raw(key) => Ok(key.sign(message)),
            #[cfg(target_arch = "wasm32")]
            PhoneKey::WebCrypto { id, .. } => webcrypto::sign(id, message).await,
            #[cfg(not(target_arch = "wasm32"))]
            PhoneKey::WebCrypto { .. } => Err(WalletError::KeyUnavailable(
                "this card's key lives in a browser".into(),
            )),
        }
    }

    /// The key's two columns in the store: the raw secret, or the WebCrypto key's name.
    pub(crate) fn columns(&self) -> (Option<Zeroizing<[u8; 32]>>, Option<&str>) {
        match self {
            PhoneKey::Raw(key) => (Some(Zeroizing::new(key.to_secret())), None),
            PhoneKey::WebCrypto { id, .. } => (None, Some(id.as_str())),
        }
    }

    /// The key stored in `secret` (a raw key) or `webcrypto` (a WebCrypto key's name), with
    /// `public` its public half as the credential or the store names it.
    pub(crate) fn from_columns(
        secret: ValueRef<'_>,
        webcrypto: Option<String>,
        public: DevicePublicKey,
    ) -> Result<PhoneKey, StoreError> {
        let corrupt = || StoreError::Corrupt("a card's phone key is damaged".into());
        let key = match (secret, webcrypto) {
            (ValueRef::Blob(blob), None) => {
                let blob: &[u8; 32] = blob.try_into().map_err(|_| corrupt())?;
                let secret = Zeroizing::new(*blob);
                PhoneKey::Raw(DeviceKey::from_secret(&secret).map_err(|_| corrupt())?)
            }
            (ValueRef::Null, Some(id)) => PhoneKey::WebCrypto { id, public },
            _ => return Err(corrupt()),
        };
        if key.public_key() != public {
            return Err(StoreError::Corrupt(
                "a card's phone key does not match its credential".into(),
            ));
        }
        Ok(key)
    }
}

/// Deletes the WebCrypto keys no card names (`in_use`) that are older than an hour: what a
/// removed card, a key move or an activation that never finished left behind. The hour spares
/// a key made for an activation still under way. Nothing is deleted while a saved image is kept
/// aside (unreadable or from a newer app): its cards may yet be recovered, with their keys.
/// Elsewhere nothing is kept outside the store.
pub async fn forget_unused(in_use: &[String]) -> Result<usize, WalletError> {
    #[cfg(target_arch = "wasm32")]
    {
        webcrypto::forget_unused(in_use).await
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = in_use;
        Ok(0)
    }
}

/// Deletes every WebCrypto key on this device ("remove everything", once the emptied store is
/// saved). Elsewhere the keys went with the store's rows.
pub async fn forget_all() -> Result<usize, WalletError> {
    #[cfg(target_arch = "wasm32")]
    {
        webcrypto::forget_all().await
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Ok(0)
    }
}

/// Deletes the WebCrypto keys named `names` (a removed card's, once the store without it is
/// saved). Elsewhere a card's key goes with its row.
pub async fn forget(names: &[String]) -> Result<(), WalletError> {
    #[cfg(target_arch = "wasm32")]
    {
        webcrypto::forget(names).await
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = names;
        Ok(())
    }
}
