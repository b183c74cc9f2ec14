//! The client crate against the real backend on 127.0.0.1:0: catalogue sync (and its faults),
//! the wallet and the verifier data.

mod catalogue;
mod util;
mod verifier;
mod wallet;
