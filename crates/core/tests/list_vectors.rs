//! The signed-list vectors in `tests/list-vectors/`: each opens or is refused as written down
//! here by hand, read from its JSON alone, and the generator still writes exactly those files.

use std::path::PathBuf;

use aktivitetskortet_core::token::*;
use serde_json::Value as Json;

use crate::list_support;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/list-vectors")
}

/// Each case's outcome, by hand: `OPENS` or the refusal's code.
const EXPECTED: &[(&str, &str)] = &[
    ("TRUST_LIST", "OPENS"),
    ("REVOCATION_LIST", "OPENS"),
    ("SAME_SEQUENCE", "OPENS"),
    ("ISSUED_IN_THE_FUTURE", "OPENS"),
    ("OLDER", "LIST_OLDER"),
    ("UNSORTED_ENTRIES", "LIST_MALFORMED"),
    ("REPEATED_ENTRY", "LIST_MALFORMED"),
    ("EXTRA_FIELD", "LIST_MALFORMED"),
    ("WRONG_KEY_SIZE", "LIST_MALFORMED"),
    ("WEAK_KEY", "LIST_MALFORMED"),
    ("WRONG_SIGNER", "LIST_BAD_SIGNATURE"),
    ("WRONG_TYPE", "LIST_MALFORMED"),
    ("LIMIT_LIST", "OPENS"),
    ("LIMIT_LIST_OTHER_VENUE", "LIST_MALFORMED"),
    ("LIMIT_ENTRIES_UNSORTED", "LIST_MALFORMED"),
];

fn bytes(value: &Json) -> Vec<u8> {
    hex::decode(value.as_str().expect("hex string")).expect("hex")
}

#[test]
fn every_list_case_has_a_file_and_opens_or_is_refused_as_written() {
    let cases: Vec<_> = list_support::CASES.iter().map(|(c, _, _)| *c).collect();
    assert_eq!(cases, EXPECTED.iter().map(|(c, _)| *c).collect::<Vec<_>>());
    assert_eq!(std::fs::read_dir(dir()).unwrap().count(), cases.len());
    for (case, expected) in EXPECTED {
        let path = dir().join(list_support::file_name(case));
        let v: Json = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let keys = [PublicKey::from_bytes(Alg::EdDsa, &bytes(&v["list_public"])).unwrap()];
        let signed = bytes(&v["cose_sign1"]);
        let held = v["held_sequence"].as_u64();
        let got = match v["open_as"].as_str().unwrap() {
            "trust list" => TrustList::open(&signed, &keys, held).map(|_| ()),
            "revocation list" => RevocationList::open(&signed, &keys, held).map(|_| ()),
            "limit list" => {
                LimitList::open(&signed, &keys, held, v["venue"].as_u64().unwrap()).map(|_| ())
            }
            other => panic!("{case}: {other}"),
        };
        let code = match got {
            Ok(()) => "OPENS",
            Err(e) => e.code(),
        };
        assert_eq!(code, *expected, "{case}");
        let stored = &v["expected"];
        assert_eq!(
            stored.get("reason").unwrap_or(&stored["result"]),
            *expected,
            "{case}"
        );
        assert!(
            std::fs::read_to_string(&path).unwrap() == list_support::render(case),
            "{case}: the list format changed"
        );
    }
}
