//! The token test vectors in `tests/vectors/`: each file verifies to its expected verdict, and
//! the generator still writes exactly the stored files.
//!
//! A failure here means a format break, not a test to update: tokens already on phones and
//! verifiers already at venues speak the stored format.

use std::path::PathBuf;

use aktivitetskortet_core::token::*;
use serde_json::Value as Json;

use crate::support;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

fn load(case: &str) -> Json {
    let path = dir().join(support::file_name(case));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("vector is JSON")
}

fn bytes(value: &Json) -> Vec<u8> {
    hex::decode(value.as_str().expect("hex string")).expect("hex")
}

/// What each case must give, written down by hand (not taken from the code under test).
const EXPECTED: &[(&str, &str)] = &[
    ("VALID", "VALID"),
    ("EXPIRED", "EXPIRED"),
    ("NOT_YET_VALID", "NOT_YET_VALID"),
    ("STALE_PRESENTATION", "STALE"),
    ("FUTURE_PRESENTATION", "FROM_THE_FUTURE"),
    ("BAD_ISSUER_SIGNATURE", "BAD_ISSUER_SIGNATURE"),
    ("BAD_DEVICE_SIGNATURE", "BAD_DEVICE_SIGNATURE"),
    // ECDSA cannot tell "another key" from "a broken signature": both are not the phone's.
    ("DEVICE_KEY_MISMATCH", "BAD_DEVICE_SIGNATURE"),
    ("UNKNOWN_KID", "UNKNOWN_KEY"),
    ("KID_COLLISION", "VALID"),
    ("ALG_MISMATCH", "ALGORITHM_MISMATCH"),
    ("REVOKED", "REVOKED"),
    ("REISSUED_AFTER_REVOCATION", "VALID"),
    ("REVOKED_BEFORE_A_LATER_START", "REVOKED"),
    ("BAD_BASE45", "BAD_ENCODING"),
    ("TRAILING_BYTES", "MALFORMED"),
    ("DUPLICATE_MAP_KEYS", "MALFORMED"),
    ("OVERSIZED", "OVERSIZED"),
    ("NOT_A_CARD", "NOT_A_CARD"),
    ("UNSUPPORTED_VERSION", "UNSUPPORTED_VERSION"),
    ("RETIRED_ISSUER_KEY", "ISSUER_KEY_NOT_VALID"),
    ("NON_CANONICAL_INTEGER", "MALFORMED"),
    ("LONGEST_NAME", "VALID"),
    ("ES256_ISSUER", "VALID"),
    // verify_strict: S must be below the group order, whatever the point equation says.
    ("NON_CANONICAL_S", "BAD_ISSUER_SIGNATURE"),
    // ECDSA's s and n - s both verify; the format accepts both.
    ("HIGH_S_PROOF", "VALID"),
    ("EXPIRY_BOUNDARY", "VALID"),
    ("NOT_BEFORE_BOUNDARY", "VALID"),
    ("MAX_AGE_BOUNDARY", "VALID"),
    ("MAX_AHEAD_BOUNDARY", "VALID"),
];

#[test]
fn every_case_has_a_file_and_a_hand_written_verdict() {
    let cases: Vec<_> = support::CASES.iter().map(|(c, _)| *c).collect();
    let expected: Vec<_> = EXPECTED.iter().map(|(c, _)| *c).collect();
    assert_eq!(cases, expected);
    // The 17 cases of the design notes are all there.
    for required in [
        "VALID",
        "EXPIRED",
        "NOT_YET_VALID",
        "STALE_PRESENTATION",
        "FUTURE_PRESENTATION",
        "BAD_ISSUER_SIGNATURE",
        "BAD_DEVICE_SIGNATURE",
        "DEVICE_KEY_MISMATCH",
        "UNKNOWN_KID",
        "KID_COLLISION",
        "ALG_MISMATCH",
        "REVOKED",
        "REISSUED_AFTER_REVOCATION",
        "BAD_BASE45",
        "TRAILING_BYTES",
        "DUPLICATE_MAP_KEYS",
        "OVERSIZED",
    ] {
        assert!(cases.contains(&required), "{required}");
    }
    let files = std::fs::read_dir(dir()).unwrap().count();
    assert_eq!(
        files,
        cases.len(),
        "a stray or missing file in tests/vectors/"
    );
}

/// Verifies each stored vector from its JSON alone, as a third-party verifier would.
#[test]
fn stored_vectors_verify_to_their_expected_verdict() {
    for (case, verdict) in EXPECTED {
        let v = load(case);
        let list_keys =
            [PublicKey::from_bytes(Alg::EdDsa, &bytes(&v["keys"]["list_public"])).unwrap()];
        let trust =
            TrustList::open(&bytes(&v["trust_list"]["cose_sign1"]), &list_keys, None).unwrap();
        let revocations = RevocationList::open(
            &bytes(&v["revocation_list"]["cose_sign1"]),
            &list_keys,
            None,
        )
        .unwrap();
        let policy = Policy {
            max_age: v["policy"]["max_age"].as_u64().unwrap(),
            max_ahead: v["policy"]["max_ahead"].as_u64().unwrap(),
            validity_slack: v["policy"]["validity_slack"].as_u64().unwrap(),
        };
        let qr_text = v["qr_text"].as_str().unwrap();
        let at = v["verify_at"].as_u64().unwrap();
        let got = verify(qr_text, at, &trust, &revocations, &policy);
        let expected = &v["expected"];
        assert_eq!(
            expected["verdict"],
            if *verdict == "VALID" {
                "VALID"
            } else {
                "NOT_VALID"
            },
            "{case}"
        );
        match got {
            Verdict::Valid(admitted) => {
                assert_eq!(*verdict, "VALID", "{case}");
                assert_eq!(expected["given_name"], admitted.given_name, "{case}");
                assert_eq!(expected["age"], admitted.age, "{case}");
                assert_eq!(expected["card_id"], admitted.card_id.to_string(), "{case}");
                assert_eq!(expected["valid_until"], admitted.valid_until, "{case}");
                assert_eq!(expected["presented_at"], admitted.presented_at, "{case}");
                assert_eq!(expected["companion"], "one_at_public_events", "{case}");
                assert_eq!(
                    admitted.companion,
                    CompanionRule::OneAtPublicEvents,
                    "{case}"
                );
            }
            Verdict::NotValid(reason) => {
                assert_eq!(reason.code(), *verdict, "{case}");
                assert_eq!(expected["reason"], *verdict, "{case}");
            }
        }
    }
}

/// The layers in each file fit together: Base45 of the presentation is the QR text, the
/// presentation holds the credential and the proof, each signature covers its to-be-signed bytes.
#[test]
fn layers_are_consistent() {
    for (case, _) in EXPECTED {
        let v = load(case);
        let Some(presentation) = v["presentation"].as_str() else {
            continue;
        };
        let presentation = hex::decode(presentation).unwrap();
        let qr_text = v["qr_text"].as_str().unwrap();
        if qr_text.starts_with(PREFIX) && *case != "BAD_BASE45" {
            assert_eq!(
                base45::decode(&qr_text[PREFIX.len()..]).unwrap(),
                presentation,
                "{case}"
            );
        }
        let credential = bytes(&v["credential"]["cose_sign1"]);
        let proof = bytes(&v["proof"]["cose_sign1"]);
        let rebuilt = cbor::Value::Array(vec![
            cbor::Value::Bytes(credential.clone()),
            cbor::decode(
                &proof,
                cbor::Limits {
                    max_depth: 4,
                    max_len: 512,
                },
            )
            .unwrap(),
        ])
        .encode();
        assert!(presentation.starts_with(&rebuilt), "{case}");
        assert_eq!(bytes(&v["proof"]["external_aad"]), credential, "{case}");
        let tbs = cose::Sign1::to_be_signed(
            &bytes(&v["credential"]["protected"]),
            b"",
            &bytes(&v["credential"]["payload"]),
        );
        assert_eq!(tbs, bytes(&v["credential"]["to_be_signed"]), "{case}");
    }
}

/// The generator still writes the stored bytes: run `cargo run -p aktivitetskortet-core
/// --example token-vectors` only for a deliberate format change (with a new prefix).
#[test]
fn vectors_are_frozen() {
    for (case, _) in support::CASES {
        let stored = std::fs::read_to_string(dir().join(support::file_name(case))).unwrap();
        assert!(
            stored == support::render(case),
            "{case}: the token format changed"
        );
    }
}

#[test]
fn payload_sizes_stay_small() {
    let valid = load("VALID");
    assert_eq!(
        valid["credential"]["cose_sign1"].as_str().unwrap().len() / 2,
        177
    );
    assert_eq!(valid["presentation"].as_str().unwrap().len() / 2, 258);
    assert_eq!(valid["qr_text_chars"], 391);
    assert_eq!(valid["qr_version_at_level_m"], 12);
    assert_eq!(load("LONGEST_NAME")["qr_version_at_level_m"], 13);
}
