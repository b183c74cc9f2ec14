//! The core crate's integration tests: the frozen token vectors, property tests, QR decoding
//! and the fuzz corpus.

#[path = "support/vectors.rs"]
mod support;

mod fuzz_corpus;
mod properties;
mod qr;
mod vectors;
