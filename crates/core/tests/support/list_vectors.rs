//! The signed-list test vectors: trust, revocation and limit lists that open, and lists a verifier
//! must refuse as a whole, as the JSON documents stored in `tests/list-vectors/`. Shared by the
//! generator (`examples/token-vectors.rs`) and the tests, like the token vectors.

use aktivitetskortet_core::token::cbor::Value;
use aktivitetskortet_core::token::cose::Sign1;
use aktivitetskortet_core::token::*;
use serde_json::{Value as Json, json};

/// Test-only keys, the same seeds as the token vectors'.
const LIST_SEED: [u8; 32] = [0x21; 32];
const ISSUER_SEED: [u8; 32] = [0x11; 32];
const ISSUED_AT: u64 = 1_790_000_000;

/// Each case, what it is, and the sequence number the device already holds (if any).
pub const CASES: &[(&str, &str, Option<u64>)] = &[
    (
        "TRUST_LIST",
        "A well-formed trust list with one Ed25519 issuer key.",
        None,
    ),
    (
        "REVOCATION_LIST",
        "A well-formed revocation list with two cards, sorted by card id.",
        None,
    ),
    (
        "SAME_SEQUENCE",
        "The same revocation list again (sequence 5 while 5 is held): it opens.",
        Some(5),
    ),
    (
        "ISSUED_IN_THE_FUTURE",
        "A revocation list issued a day after the verification time of the token vectors: it opens (its age counts as zero).",
        None,
    ),
    (
        "OLDER",
        "Sequence 5 while the device holds 6: refused, so an old list cannot bring a revoked card back.",
        Some(6),
    ),
    (
        "UNSORTED_ENTRIES",
        "Revocation entries not in ascending card-id order: refused as a whole.",
        None,
    ),
    (
        "REPEATED_ENTRY",
        "One card listed twice: refused as a whole.",
        None,
    ),
    (
        "EXTRA_FIELD",
        "A fifth key (5) in the payload map: refused as a whole.",
        None,
    ),
    (
        "WRONG_KEY_SIZE",
        "A trust-list entry whose Ed25519 key has 31 bytes: refused as a whole.",
        None,
    ),
    (
        "WEAK_KEY",
        "A trust-list entry whose Ed25519 key has small order (the identity point): refused as a whole.",
        None,
    ),
    (
        "WRONG_SIGNER",
        "A revocation list signed by the issuer key instead of the list key: refused.",
        None,
    ),
    (
        "WRONG_TYPE",
        "A trust list's payload, signed by the list key, opened as a revocation list: refused.",
        None,
    ),
    (
        "LIMIT_LIST",
        "A well-formed limit list for venue 3: two cards at a limit, one at two offers, sorted by card id and offer id.",
        Some(1),
    ),
    (
        "LIMIT_LIST_OTHER_VENUE",
        "The same limit list opened by a device of venue 4: refused, one venue's list is not another's.",
        None,
    ),
    (
        "LIMIT_ENTRIES_UNSORTED",
        "A limit list whose offers for one card are not in ascending order: refused as a whole.",
        None,
    ),
];

/// The venue the limit-list cases are for.
const VENUE: u64 = 3;

/// Which list a case is opened as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Trust,
    Revocation,
    Limit,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Trust => "trust list",
            Kind::Revocation => "revocation list",
            Kind::Limit => "limit list",
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn int(i: i64) -> Value {
    Value::int(i)
}

fn card(last: u8) -> Value {
    Value::Bytes(vec![0x5a, 0x17, 0xc0, 0xde, 0x00, 0x42, 0x13, last])
}

fn payload(kind: &str, sequence: u64, issued_at: u64, entries: Vec<Value>) -> Vec<(Value, Value)> {
    vec![
        (int(1), Value::Text(kind.into())),
        (int(2), Value::Unsigned(sequence)),
        (int(3), Value::Unsigned(issued_at)),
        (int(4), Value::Array(entries)),
    ]
}

fn trusted_entry(key_bytes: Vec<u8>, kid: [u8; 8]) -> Value {
    Value::Map(vec![
        (int(1), Value::Bytes(kid.to_vec())),
        (int(2), int(-8)),
        (int(3), Value::Bytes(key_bytes)),
        (int(4), Value::Unsigned(ISSUED_AT - 30 * 86_400)),
        (int(5), Value::Unsigned(ISSUED_AT + 400 * 86_400)),
    ])
}

fn limit_entry(last: u8, offer: &str, until: u64) -> Value {
    Value::Array(vec![
        card(last),
        Value::Text(offer.into()),
        Value::Unsigned(until),
    ])
}

/// Which list a case is opened as, and its signed bytes.
fn signed(case: &str) -> (Kind, Vec<u8>) {
    let list = IssuerKey::from_seed(&LIST_SEED);
    let issuer = IssuerKey::from_seed(&ISSUER_SEED);
    let revocation =
        |entries: Vec<Value>, issued_at: u64| payload("KA1 revocation list", 5, issued_at, entries);
    let two = || {
        vec![
            Value::Array(vec![card(0x01), Value::Unsigned(ISSUED_AT + 1)]),
            Value::Array(vec![card(0x37), Value::Unsigned(ISSUED_AT + 2)]),
        ]
    };
    let issuer_entry = || trusted_entry(issuer.public_key().to_bytes(), issuer.kid().0);
    let (kind, entries) = match case {
        "TRUST_LIST" => (
            Kind::Trust,
            payload("KA1 trust list", 3, ISSUED_AT, vec![issuer_entry()]),
        ),
        "REVOCATION_LIST" | "SAME_SEQUENCE" | "OLDER" | "WRONG_SIGNER" => {
            (Kind::Revocation, revocation(two(), ISSUED_AT + 60))
        }
        "ISSUED_IN_THE_FUTURE" => (
            Kind::Revocation,
            revocation(two(), ISSUED_AT + 3_600 + 86_400),
        ),
        "UNSORTED_ENTRIES" => {
            let mut entries = two();
            entries.reverse();
            (Kind::Revocation, revocation(entries, ISSUED_AT + 60))
        }
        "REPEATED_ENTRY" => {
            let mut entries = two();
            entries.push(Value::Array(vec![
                card(0x37),
                Value::Unsigned(ISSUED_AT + 3),
            ]));
            (Kind::Revocation, revocation(entries, ISSUED_AT + 60))
        }
        "EXTRA_FIELD" => {
            let mut entries = revocation(two(), ISSUED_AT + 60);
            entries.push((int(5), Value::Bool(true)));
            (Kind::Revocation, entries)
        }
        "WRONG_KEY_SIZE" => {
            let mut key = issuer.public_key().to_bytes();
            key.pop();
            (
                Kind::Trust,
                payload(
                    "KA1 trust list",
                    3,
                    ISSUED_AT,
                    vec![trusted_entry(key, issuer.kid().0)],
                ),
            )
        }
        "WEAK_KEY" => {
            let mut identity = vec![0u8; 32];
            identity[0] = 1;
            (
                Kind::Trust,
                payload(
                    "KA1 trust list",
                    3,
                    ISSUED_AT,
                    vec![trusted_entry(identity, issuer.kid().0)],
                ),
            )
        }
        // Opened as a revocation list below.
        "WRONG_TYPE" => (
            Kind::Revocation,
            payload("KA1 trust list", 3, ISSUED_AT, vec![issuer_entry()]),
        ),
        "LIMIT_LIST" | "LIMIT_LIST_OTHER_VENUE" | "LIMIT_ENTRIES_UNSORTED" => {
            let until = ISSUED_AT + 20 * 86_400;
            let mut entries = vec![
                limit_entry(0x01, "kode-familiesondag", until),
                limit_entry(0x01, "sentralbadet-svomming", until + 86_400),
                limit_entry(0x37, "kode-familiesondag", until),
            ];
            if case == "LIMIT_ENTRIES_UNSORTED" {
                entries.swap(0, 1);
            }
            let mut payload = payload("KA1 limit list", 2, ISSUED_AT + 60, entries);
            payload.push((int(5), Value::Unsigned(VENUE)));
            (Kind::Limit, payload)
        }
        _ => panic!("unknown list case {case}"),
    };
    let signer = if case == "WRONG_SIGNER" {
        &issuer
    } else {
        &list
    };
    let bytes = Sign1::sign(
        Alg::EdDsa,
        Some(signer.kid()),
        Value::Map(entries).encode(),
        b"",
        |tbs| signer.sign(tbs),
    )
    .encode();
    (kind, bytes)
}

/// The venue a device opening `case` belongs to (limit lists only).
fn device_venue(case: &str) -> u64 {
    if case == "LIMIT_LIST_OTHER_VENUE" {
        VENUE + 1
    } else {
        VENUE
    }
}

/// What opening the list gives: `OPENS`, or the refusal's code.
fn outcome(kind: Kind, bytes: &[u8], held: Option<u64>, venue: u64) -> Json {
    let keys = [IssuerKey::from_seed(&LIST_SEED).public_key()];
    let opened = match kind {
        Kind::Trust => TrustList::open(bytes, &keys, held)
            .map(|l| json!({ "sequence": l.sequence, "keys": l.keys.len() })),
        Kind::Revocation => RevocationList::open(bytes, &keys, held)
            .map(|l| json!({ "sequence": l.sequence, "revoked": l.revoked.len() })),
        Kind::Limit => LimitList::open(bytes, &keys, held, venue)
            .map(|l| json!({ "sequence": l.sequence, "reached": l.reached.len() })),
    };
    match opened {
        Ok(summary) => json!({ "result": "OPENS", "list": summary }),
        Err(e) => json!({ "result": "REFUSED", "reason": e.code() }),
    }
}

/// Builds one case's JSON document.
pub fn build(case: &str) -> Json {
    let (_, description, held) = CASES
        .iter()
        .find(|(name, _, _)| *name == case)
        .unwrap_or_else(|| panic!("unknown list case {case}"));
    let (kind, bytes) = signed(case);
    let list = IssuerKey::from_seed(&LIST_SEED);
    let sign1 = Sign1::from_value(
        &aktivitetskortet_core::token::cbor::decode(
            &bytes,
            aktivitetskortet_core::token::cbor::Limits {
                max_depth: 4,
                max_len: 1 << 20,
            },
        )
        .expect("a Sign1"),
    )
    .expect("a Sign1");
    let mut doc = json!({
        "case": case,
        "description": description,
        "open_as": kind.name(),
        "list_public": hex(&list.public_key().to_bytes()),
        "list_kid": list.kid().to_string(),
        "held_sequence": held,
        "protected": hex(&sign1.protected),
        "payload": hex(&sign1.payload),
        "external_aad": "",
        "cose_sign1": hex(&bytes),
        "expected": outcome(kind, &bytes, *held, device_venue(case)),
    });
    if kind == Kind::Limit {
        doc["venue"] = json!(device_venue(case));
    }
    doc
}

pub fn file_name(case: &str) -> String {
    format!("{}.json", case.to_ascii_lowercase())
}

pub fn render(case: &str) -> String {
    let mut text = serde_json::to_string_pretty(&build(case)).expect("JSON");
    text.push('\n');
    text
}
