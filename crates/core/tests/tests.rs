//! The core crate's integration tests: the frozen token vectors, property tests, QR decoding
//! and the fuzz corpus.

#[path = "support/list_vectors.rs"]
mod list_support;
#[path = "support/vectors.rs"]
mod support;

mod fuzz_corpus;
mod list_vectors;
mod properties;
mod qr;
mod vectors;
