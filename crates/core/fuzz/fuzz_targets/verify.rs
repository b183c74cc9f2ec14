//! Fuzzes the verifier's decoder: any input must give a verdict, never a panic, a hang or a
//! large allocation.
//!
//! The first byte picks what the rest is: QR text as scanned, or presentation bytes that get the
//! "KA1:" prefix and Base45 around them, so mutations reach the CBOR and COSE decoders and (when
//! the credential part stays intact) the claims, the phone signature and the time checks.

#![no_main]

use aktivitetskortet_core::token::{
    IssuerKey, Policy, RevocationList, TrustList, TrustedKey, base45, verify,
};
use libfuzzer_sys::fuzz_target;

/// The verification time the seed corpus was made for (see README.md).
const NOW: u64 = 1_790_003_600;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    // The test issuer key of the seed corpus, trusted, so signatures in mutated seeds can pass.
    let issuer = IssuerKey::from_seed(&[0x11; 32]);
    let trust = TrustList {
        sequence: 1,
        issued_at: NOW,
        keys: vec![TrustedKey {
            kid: issuer.kid(),
            key: issuer.public_key(),
            not_before: 0,
            not_after: u64::MAX,
        }],
    };
    let revocations = RevocationList::default();
    let text = if mode % 2 == 0 {
        match std::str::from_utf8(rest) {
            Ok(text) => text.to_owned(),
            Err(_) => return,
        }
    } else {
        format!("KA1:{}", base45::encode(rest))
    };
    let _ = verify(&text, NOW, &trust, &revocations, &Policy::default());
});
