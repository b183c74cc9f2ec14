//! Runs the fuzz corpus (`fuzz/corpus/verify/`) through the verifier the way the fuzz target does,
//! so inputs the fuzzer found stay regression tests in every `cargo test`.

use aktivitetskortet_core::token::*;

use crate::support::{ISSUER_SEED, VERIFY_AT};

#[test]
fn fuzz_corpus_gets_verdicts_and_seeds_are_valid() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/verify");
    let issuer = IssuerKey::from_seed(&ISSUER_SEED);
    let trust = TrustList {
        sequence: 1,
        issued_at: VERIFY_AT,
        keys: vec![TrustedKey {
            kid: issuer.kid(),
            key: issuer.public_key(),
            not_before: 0,
            not_after: u64::MAX,
        }],
    };
    let mut files = 0;
    let mut valid = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        files += 1;
        let Some((&mode, rest)) = data.split_first() else {
            continue;
        };
        let text = if mode % 2 == 0 {
            match std::str::from_utf8(rest) {
                Ok(text) => text.to_owned(),
                Err(_) => continue,
            }
        } else {
            format!("KA1:{}", base45::encode(rest))
        };
        let verdict = verify(
            &text,
            VERIFY_AT,
            &trust,
            &RevocationList::default(),
            &Policy::default(),
        );
        valid += usize::from(matches!(verdict, Verdict::Valid(_)));
    }
    assert!(files >= 3, "the seeds are in the corpus");
    assert!(
        valid >= 1,
        "a seed verifies as valid; {valid} of {files} did"
    );
}
