//! Aktivitetskortet's domain: the types every other crate agrees on (districts, offers, the signed
//! card token, the sync protocol's request and response bodies).
//!
//! This crate must not do I/O: no files, sockets, clocks, randomness sources or async runtimes.
//! Callers pass in the time and the random bytes. That keeps it building for `wasm32-unknown-unknown`
//! and for phones, and makes every function here testable with fixed inputs.

pub mod activation;
pub mod api;
pub mod calendar;
pub mod cards_csv;
pub mod csv_table;
pub mod district;
pub mod ics;
pub mod lang;
pub mod offer;
pub mod offer_csv;
pub mod stats;
pub mod token;
pub mod visit_rule;

pub use district::District;
pub use offer::{Category, Offer};
