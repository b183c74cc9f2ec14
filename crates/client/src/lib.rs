//! Aktivitetskortet on the device: the local SQLite store (cards, offer catalogue, favourites,
//! verifier lists, queued check-ins) and the sync engine that keeps it up to date with the backend.
//!
//! This crate must not contain UI: the app at the repository root calls it and renders the results.
//! It must keep working with no network: every read is served from the local store, and a failed
//! sync leaves the store as it was.

pub mod admin;
pub mod http;
pub mod search;
pub mod store;
pub mod sync;
pub mod venue;
pub mod verifier;
pub mod wallet;
#[cfg(target_arch = "wasm32")]
pub mod web_storage;

pub use store::{Store, StoreError};
