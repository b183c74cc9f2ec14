//! Aktivitetskortet's apps: three apps from one codebase, sharing their components, styles, words
//! and state, each built and served on its own so that a holder's phone downloads neither venue
//! mode nor the admin area.
//!
//! - [`holder`]: the card, the offers, favourites, settings and adding a card (`/`);
//! - [`venue`]: venue mode, where staff check cards offline and let holders in (`/sted`);
//! - [`admin`]: the municipality's admin area, for a desktop browser (`/admin`);
//! - [`shared`]: what they all use (languages, formats, the platform, the store's state, the
//!   links between the apps); [`all`]: the three in one window, for the desktop and phones.
//!
//! This crate owns presentation only. Storage and sync belong in `aktivitetskortet-client`, domain
//! rules and the token in `aktivitetskortet-core`; none of that logic belongs here, so that it
//! stays testable without a UI. The logic a screen needs of its own (filters, the card's status,
//! a venue's verdict, a form's checks, a chart's scale) lives in a plain module beside the screen
//! and is tested without rendering.

// The holder's app and venue mode work on the device's store; the admin area is built without
// it (`--no-default-features --features web`), so its wasm carries no SQLite.
pub mod admin;
#[cfg(feature = "store")]
pub mod all;
#[cfg(feature = "store")]
pub mod holder;
pub mod shared;
#[cfg(feature = "store")]
pub mod venue;
