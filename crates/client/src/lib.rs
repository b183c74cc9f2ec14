//! Aktivitetskortet on the device: the local SQLite store (cards, offer catalogue, favourites,
//! verifier lists, queued check-ins) and the sync engine that keeps it up to date with the backend.
//!
//! This crate must not contain UI: the app at the repository root calls it and renders the results.
//! It must keep working with no network: every read is served from the local store, and a failed
//! sync leaves the store as it was.

pub mod admin;
pub mod http;
#[cfg(feature = "store")]
pub mod limits;
#[cfg(feature = "store")]
pub mod phone_key;
#[cfg(feature = "store")]
pub mod search;
#[cfg(feature = "store")]
pub mod staged;
#[cfg(feature = "store")]
pub mod store;
#[cfg(feature = "store")]
pub mod sync;
#[cfg(feature = "store")]
pub mod venue;
#[cfg(feature = "store")]
pub mod verifier;
#[cfg(feature = "store")]
pub mod wallet;
#[cfg(all(feature = "store", target_arch = "wasm32"))]
pub mod web_storage;

#[cfg(feature = "store")]
pub use store::{Store, StoreError};
