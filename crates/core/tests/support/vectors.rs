//! The token test vectors: every case built from test-only keys, as the JSON documents stored in
//! `tests/vectors/`. Shared by the generator (`examples/token-vectors.rs`) and the tests that
//! check the stored files, so "regenerate and compare" detects any change to the format.

use std::collections::BTreeMap;

use aktivitetskortet_core::token::cbor::Value;
use aktivitetskortet_core::token::cose::Sign1;
use aktivitetskortet_core::token::*;
use serde_json::{Value as Json, json};

/// Test-only key material. Never use these anywhere but in tests.
pub const ISSUER_SEED: [u8; 32] = [0x11; 32];
pub const OTHER_ISSUER_SEED: [u8; 32] = [0x12; 32];
pub const LIST_SEED: [u8; 32] = [0x21; 32];
pub const DEVICE_SECRET: [u8; 32] = [0x31; 32];
pub const OTHER_DEVICE_SECRET: [u8; 32] = [0x32; 32];
pub const ES256_KEY_SECRET: [u8; 32] = [0x41; 32];

/// 2026-09-21T14:13:20Z: when the credentials of the vectors are issued.
pub const ISSUED_AT: u64 = 1_790_000_000;
const DAY: u64 = 86_400;
/// An hour after issuing: when most cases are verified.
pub const VERIFY_AT: u64 = ISSUED_AT + 3_600;
pub const CARD_ID: CardId = CardId([0x5a, 0x17, 0xc0, 0xde, 0x00, 0x42, 0x13, 0x37]);

/// The cases `../shared/token.md` asks for, plus a few more; each names its expected verdict.
pub const CASES: &[(&str, &str)] = &[
    ("VALID", "A fresh presentation of a valid card."),
    (
        "EXPIRED",
        "Verified after the credential's expiry plus the slack.",
    ),
    ("NOT_YET_VALID", "The card starts in 10 days; verified now."),
    (
        "STALE_PRESENTATION",
        "Signed 61 s before verification: a screenshot.",
    ),
    (
        "FUTURE_PRESENTATION",
        "Signed 31 s after the verifier's time.",
    ),
    (
        "BAD_ISSUER_SIGNATURE",
        "One bit of the issuer signature flipped; the phone's proof is valid over the changed credential.",
    ),
    (
        "BAD_DEVICE_SIGNATURE",
        "One bit of the phone's signature flipped.",
    ),
    (
        "DEVICE_KEY_MISMATCH",
        "The proof is signed by another phone's key than the credential names.",
    ),
    (
        "UNKNOWN_KID",
        "The trust list does not have the issuer's key id.",
    ),
    (
        "KID_COLLISION",
        "The trust list has two keys with the credential's key id, the wrong one first; the verifier tries both.",
    ),
    (
        "ALG_MISMATCH",
        "The trust list has the key id only for an ES256 key; the credential says EdDSA.",
    ),
    (
        "REVOKED",
        "The revocation list revokes the card's credentials issued before a time after this one's.",
    ),
    (
        "REISSUED_AFTER_REVOCATION",
        "The card was revoked, then re-activated: this credential is issued after the revocation time.",
    ),
    (
        "REVOKED_BEFORE_A_LATER_START",
        "A card that starts 60 days after its credential was issued, revoked a second after the issue: verified 61 days later, while the credential is valid and long after 31 days from the revocation, it is still revoked.",
    ),
    (
        "BAD_BASE45",
        "The text after the prefix is not Base45 (a group encodes 65536).",
    ),
    (
        "TRAILING_BYTES",
        "A zero byte after the presentation's CBOR.",
    ),
    (
        "DUPLICATE_MAP_KEYS",
        "The signed claims repeat the iat key.",
    ),
    ("OVERSIZED", "A text longer than any presentation can be."),
    ("NOT_A_CARD", "A Digital COVID Certificate prefix."),
    ("UNSUPPORTED_VERSION", "A KA2: prefix from a future format."),
    (
        "RETIRED_ISSUER_KEY",
        "The issuer key was retired (not_after) before the verification time.",
    ),
    (
        "NON_CANONICAL_INTEGER",
        "The signed claims write iat in 9 bytes instead of 5.",
    ),
    (
        "LONGEST_NAME",
        "A valid card whose given name has the maximum 48 bytes (24 Cyrillic letters).",
    ),
    (
        "ES256_ISSUER",
        "A credential signed by an ES256 issuer key (P-256, as a municipality's signing hardware may only do), listed with alg -7.",
    ),
    (
        "NON_CANONICAL_S",
        "The issuer's Ed25519 signature with the group order L added to S: the same point equation, but S is not below L.",
    ),
    (
        "HIGH_S_PROOF",
        "The phone's ECDSA signature with s replaced by n - s, which verifies just the same: high-S is accepted (WebCrypto does not normalise s).",
    ),
    (
        "EXPIRY_BOUNDARY",
        "Verified exactly at exp + validity_slack: still valid.",
    ),
    (
        "NOT_BEFORE_BOUNDARY",
        "nbf is exactly the verifier's time + validity_slack: already valid.",
    ),
    (
        "MAX_AGE_BOUNDARY",
        "Signed exactly max_age before the verifier's time: still fresh.",
    ),
    (
        "MAX_AHEAD_BOUNDARY",
        "Signed exactly max_ahead after the verifier's time: still accepted.",
    ),
];

/// Ed25519's group order L, little-endian (RFC 8032).
const ED25519_L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// P-256's group order n, big-endian (SEC 2).
const P256_N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// `s + L` for a little-endian Ed25519 scalar (S < L < 2^253, so it fits in 32 bytes).
fn add_l(s: &mut [u8]) {
    let mut carry = 0u16;
    for (byte, l) in s.iter_mut().zip(ED25519_L) {
        let sum = u16::from(*byte) + u16::from(l) + carry;
        *byte = sum as u8;
        carry = sum >> 8;
    }
}

/// `n - s` for a big-endian P-256 scalar.
fn negate_mod_n(s: &mut [u8]) {
    let mut borrow = 0i16;
    for (byte, n) in s.iter_mut().zip(P256_N).rev() {
        let mut diff = i16::from(n) - i16::from(*byte) - borrow;
        borrow = i16::from(diff < 0);
        if diff < 0 {
            diff += 256;
        }
        *byte = diff as u8;
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

struct Keys {
    issuer: IssuerKey,
    other_issuer: IssuerKey,
    list: IssuerKey,
    device: DeviceKey,
    other_device: DeviceKey,
    es256: DeviceKey,
}

impl Keys {
    fn new() -> Keys {
        Keys {
            issuer: IssuerKey::from_seed(&ISSUER_SEED),
            other_issuer: IssuerKey::from_seed(&OTHER_ISSUER_SEED),
            list: IssuerKey::from_seed(&LIST_SEED),
            device: DeviceKey::from_secret(&DEVICE_SECRET).expect("test key"),
            other_device: DeviceKey::from_secret(&OTHER_DEVICE_SECRET).expect("test key"),
            es256: DeviceKey::from_secret(&ES256_KEY_SECRET).expect("test key"),
        }
    }
}

/// What a case is built from; each case changes one thing.
struct Setup {
    claims: CardClaims,
    validity: Validity,
    trust: Vec<TrustedKey>,
    revoked: BTreeMap<CardId, u64>,
    verify_at: u64,
    presented_at: u64,
}

fn trusted(key: &IssuerKey) -> TrustedKey {
    TrustedKey {
        kid: key.kid(),
        key: key.public_key(),
        not_before: ISSUED_AT - 30 * DAY,
        not_after: ISSUED_AT + 400 * DAY,
    }
}

fn claims_json(claims: &CardClaims, validity: &Validity) -> Json {
    json!({
        "card_id": claims.card_id.to_string(),
        "given_name": claims.given_name,
        "birth_year": claims.birth_year,
        "companion": claims.companion,
        "issued_at": validity.issued_at,
        "not_before": validity.not_before,
        "expires_at": validity.expires_at,
    })
}

fn sign1_json(sign1: &Sign1, external_aad: &[u8]) -> Json {
    json!({
        "protected": hex(&sign1.protected),
        "payload": hex(&sign1.payload),
        "external_aad": hex(external_aad),
        "to_be_signed": hex(&sign1.to_be_signed_with(external_aad)),
        "signature": hex(&sign1.signature),
        "cose_sign1": hex(&sign1.encode()),
    })
}

/// Writes a map's entries in the given order, with optional raw replacements, bypassing the
/// encoder's sorting: how the malformed cases are made.
fn raw_map(
    entries: &[(Value, Value)],
    extra: Option<usize>,
    raw_value: Option<(usize, Vec<u8>)>,
) -> Vec<u8> {
    let count = entries.len() + usize::from(extra.is_some());
    let mut out = vec![0xa0 | count as u8];
    for (i, (k, v)) in entries.iter().enumerate() {
        out.extend(k.encode());
        match &raw_value {
            Some((at, raw)) if *at == i => out.extend(raw),
            _ => out.extend(v.encode()),
        }
        if extra == Some(i) {
            out.extend(k.encode());
            out.extend(v.encode());
        }
    }
    out
}

/// Builds one case's JSON document.
pub fn build(case: &str) -> Json {
    let keys = Keys::new();
    let description = CASES
        .iter()
        .find(|(name, _)| *name == case)
        .map(|(_, d)| *d)
        .unwrap_or_else(|| panic!("unknown case {case}"));
    let mut setup = Setup {
        claims: CardClaims {
            card_id: CARD_ID,
            given_name: "Amina".into(),
            birth_year: 2015,
            companion: CompanionRule::OneAtPublicEvents,
        },
        validity: Validity {
            issued_at: ISSUED_AT,
            not_before: ISSUED_AT,
            expires_at: ISSUED_AT + 31 * DAY,
        },
        trust: vec![trusted(&keys.issuer)],
        revoked: BTreeMap::new(),
        verify_at: VERIFY_AT,
        presented_at: VERIFY_AT - 5,
    };
    let policy = Policy::default();
    match case {
        "EXPIRED" => {
            setup.verify_at = setup.validity.expires_at + policy.validity_slack + 1;
            setup.presented_at = setup.verify_at - 5;
        }
        "NOT_YET_VALID" => setup.validity.not_before = ISSUED_AT + 10 * DAY,
        "STALE_PRESENTATION" => setup.presented_at = setup.verify_at - policy.max_age - 1,
        "FUTURE_PRESENTATION" => setup.presented_at = setup.verify_at + policy.max_ahead + 1,
        "UNKNOWN_KID" => setup.trust = vec![trusted(&keys.other_issuer)],
        "KID_COLLISION" => {
            let mut impostor = trusted(&keys.other_issuer);
            impostor.kid = keys.issuer.kid();
            setup.trust = vec![impostor, trusted(&keys.issuer)];
        }
        "ALG_MISMATCH" => {
            setup.trust = vec![TrustedKey {
                kid: keys.issuer.kid(),
                key: keys.es256.public_key().as_public_key(),
                ..trusted(&keys.issuer)
            }]
        }
        "REVOKED" => {
            setup.revoked.insert(CARD_ID, ISSUED_AT + 1);
        }
        "REISSUED_AFTER_REVOCATION" => {
            setup.revoked.insert(CARD_ID, ISSUED_AT - DAY);
        }
        "REVOKED_BEFORE_A_LATER_START" => {
            setup.validity.not_before = ISSUED_AT + 60 * DAY;
            setup.validity.expires_at = setup.validity.not_before + 31 * DAY;
            setup.revoked.insert(CARD_ID, ISSUED_AT + 1);
            setup.verify_at = setup.validity.not_before + DAY;
            setup.presented_at = setup.verify_at - 5;
        }
        "RETIRED_ISSUER_KEY" => setup.trust[0].not_after = VERIFY_AT - 1,
        "LONGEST_NAME" => setup.claims.given_name = "Я".repeat(24),
        "ES256_ISSUER" => {
            let key = keys.es256.public_key().as_public_key();
            setup.trust = vec![TrustedKey {
                kid: key.kid(),
                key,
                ..trusted(&keys.issuer)
            }];
        }
        "EXPIRY_BOUNDARY" => {
            setup.verify_at = setup.validity.expires_at + policy.validity_slack;
            setup.presented_at = setup.verify_at - 5;
        }
        "NOT_BEFORE_BOUNDARY" => setup.validity.not_before = VERIFY_AT + policy.validity_slack,
        "MAX_AGE_BOUNDARY" => setup.presented_at = setup.verify_at - policy.max_age,
        "MAX_AHEAD_BOUNDARY" => setup.presented_at = setup.verify_at + policy.max_ahead,
        _ => {}
    }

    let credential = Credential::issue(
        &setup.claims,
        setup.validity,
        &keys.device.public_key(),
        &keys.issuer,
    )
    .expect("the vector's claims are valid");
    // The credential's COSE_Sign1, altered for the cases that need it.
    let mut cred_sign1 = credential.cose().clone();
    let resign = |sign1: &mut Sign1, payload: Vec<u8>| {
        *sign1 = Sign1::sign(Alg::EdDsa, Some(keys.issuer.kid()), payload, b"", |tbs| {
            keys.issuer.sign(tbs)
        });
    };
    let claims_entries = || {
        aktivitetskortet_core::token::cbor::decode(
            &credential.cose().payload,
            aktivitetskortet_core::token::cbor::Limits {
                max_depth: 4,
                max_len: 512,
            },
        )
        .expect("claims decode")
        .as_map()
        .expect("claims map")
        .to_vec()
    };
    match case {
        "BAD_ISSUER_SIGNATURE" => cred_sign1.signature[10] ^= 0x01,
        "NON_CANONICAL_S" => add_l(&mut cred_sign1.signature[32..]),
        "ES256_ISSUER" => {
            let kid = keys.es256.public_key().as_public_key().kid();
            cred_sign1 = Sign1::sign(
                Alg::Es256,
                Some(kid),
                credential.cose().payload.clone(),
                b"",
                |tbs| keys.es256.sign(tbs),
            );
        }
        "DUPLICATE_MAP_KEYS" => {
            // iat is the third claim (keys 4, 5, 6, 8, -65537).
            let payload = raw_map(&claims_entries(), Some(2), None);
            resign(&mut cred_sign1, payload);
        }
        "NON_CANONICAL_INTEGER" => {
            let mut long_iat = vec![0x1b];
            long_iat.extend(ISSUED_AT.to_be_bytes());
            let payload = raw_map(&claims_entries(), None, Some((2, long_iat)));
            resign(&mut cred_sign1, payload);
        }
        _ => {}
    }
    let credential_bytes = cred_sign1.encode();
    let device = if case == "DEVICE_KEY_MISMATCH" {
        &keys.other_device
    } else {
        &keys.device
    };
    let mut presentation =
        Presentation::sign_unchecked(&credential_bytes, device, setup.presented_at);
    if case == "BAD_DEVICE_SIGNATURE" || case == "HIGH_S_PROOF" {
        let mut proof = presentation.proof.clone();
        if case == "HIGH_S_PROOF" {
            negate_mod_n(&mut proof.signature[32..]);
        } else {
            proof.signature[20] ^= 0x01;
        }
        presentation = Presentation::assemble(credential_bytes.clone(), proof);
    }
    let mut qr_text = presentation.qr_text.clone();
    let mut presentation_hex = Some(hex(&presentation.cbor));
    match case {
        "BAD_BASE45" => qr_text.replace_range(4..7, "GGW"),
        "TRAILING_BYTES" => {
            let mut bytes = presentation.cbor.clone();
            bytes.push(0x00);
            qr_text = format!("{PREFIX}{}", base45::encode(&bytes));
            presentation_hex = Some(hex(&bytes));
        }
        "OVERSIZED" => {
            qr_text = format!("{PREFIX}{}", "0".repeat(MAX_QR_TEXT_CHARS));
            presentation_hex = None;
        }
        "NOT_A_CARD" => qr_text = qr_text.replacen(PREFIX, "HC1:", 1),
        "UNSUPPORTED_VERSION" => qr_text = qr_text.replacen(PREFIX, "KA2:", 1),
        _ => {}
    }

    let trust = TrustList {
        sequence: 3,
        issued_at: ISSUED_AT,
        keys: setup.trust,
    };
    let revocations = RevocationList {
        sequence: 5,
        issued_at: ISSUED_AT + 60,
        revoked: setup.revoked,
    };
    let trust_signed = trust.sign(&keys.list);
    let revocations_signed = revocations.sign(&keys.list);
    let list_keys = [keys.list.public_key()];
    let trust = TrustList::open(&trust_signed, &list_keys, None).expect("trust list opens");
    let revocations =
        RevocationList::open(&revocations_signed, &list_keys, None).expect("revocation list opens");
    let expected = match verify(&qr_text, setup.verify_at, &trust, &revocations, &policy) {
        Verdict::Valid(a) => json!({
            "verdict": "VALID",
            "card_id": a.card_id.to_string(),
            "given_name": a.given_name,
            "birth_year": a.birth_year,
            "age": a.age,
            "valid_until": a.valid_until,
            "companion": a.companion,
            "presented_at": a.presented_at,
        }),
        Verdict::NotValid(reason) => json!({ "verdict": "NOT_VALID", "reason": reason.code() }),
    };
    let list_payload = |signed: &[u8]| {
        let value = aktivitetskortet_core::token::cbor::decode(
            signed,
            aktivitetskortet_core::token::cbor::Limits {
                max_depth: 4,
                max_len: 1 << 20,
            },
        )
        .expect("list decodes");
        let sign1 = Sign1::from_value(&value).expect("list is a Sign1");
        json!({ "payload": hex(&sign1.payload), "cose_sign1": hex(signed) })
    };
    let qr_version = qr::QrMatrix::new(&qr_text).ok().map(|qr| qr.version());

    let mut document = json!({
        "case": case,
        "description": description,
        "format": "KA1",
        "keys": {
            "note": "test-only keys; never trust them outside tests",
            "issuer_seed": hex(&keys.issuer.to_seed()),
            "issuer_public": hex(&keys.issuer.public_key().to_bytes()),
            "issuer_kid": keys.issuer.kid().to_string(),
            "other_issuer_public": hex(&keys.other_issuer.public_key().to_bytes()),
            "list_seed": hex(&keys.list.to_seed()),
            "list_public": hex(&keys.list.public_key().to_bytes()),
            "list_kid": keys.list.kid().to_string(),
            "device_secret": hex(&keys.device.to_secret()),
            "device_public": hex(&keys.device.public_key().to_compressed()),
            "other_device_public": hex(&keys.other_device.public_key().to_compressed()),
        },
        "claims": claims_json(&setup.claims, &setup.validity),
        "credential": sign1_json(&cred_sign1, b""),
        "proof": sign1_json(&presentation.proof, &credential_bytes),
        "presentation": presentation_hex,
        "qr_text": qr_text,
        "qr_text_chars": qr_text.len(),
        "qr_version_at_level_m": qr_version,
        "trust_list": list_payload(&trust_signed),
        "revocation_list": list_payload(&revocations_signed),
        "policy": {
            "max_age": policy.max_age,
            "max_ahead": policy.max_ahead,
            "validity_slack": policy.validity_slack,
        },
        "verify_at": setup.verify_at,
        "expected": expected,
    });
    if case == "ES256_ISSUER" {
        let key = keys.es256.public_key();
        document["keys"]["es256_issuer_secret"] = json!(hex(&keys.es256.to_secret()));
        document["keys"]["es256_issuer_public"] = json!(hex(&key.to_compressed()));
        document["keys"]["es256_issuer_kid"] = json!(key.as_public_key().kid().to_string());
    }
    document
}

/// The file name of a case: `valid.json`, `kid_collision.json` ...
pub fn file_name(case: &str) -> String {
    format!("{}.json", case.to_ascii_lowercase())
}

/// The stored text of a case: pretty JSON with a final newline.
pub fn render(case: &str) -> String {
    let mut text = serde_json::to_string_pretty(&build(case)).expect("JSON");
    text.push('\n');
    text
}
