//! The client crate against the real backend on 127.0.0.1:0: catalogue sync (and its faults),
//! the wallet, the verifier data and the admin API client. Native only: the web build's tests are in `web.rs`.

#![cfg(not(target_arch = "wasm32"))]

mod admin;
mod catalogue;
mod key_move;
mod privacy;
mod util;
mod verifier;
mod wallet;
