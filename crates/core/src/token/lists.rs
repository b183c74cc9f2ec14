//! The signed trust list (which issuer keys to accept), revocation list (which cards to refuse)
//! and each venue's limit list (which cards have used up a visit limit there), all COSE_Sign1
//! documents signed by the municipality's list key, with sequence numbers so a device never goes
//! back to an older list.

use std::collections::BTreeMap;

use super::cbor::{self, Value, map_get};
use super::cose::Sign1;
use super::credential::CardId;
use super::keys::{Alg, IssuerKey, Kid, PublicKey};
use super::{MalformedError, cose::CoseError};

/// Document types, the first entry of each list's payload, so one list can never be read as the
/// other.
const TRUST_LIST_TYPE: &str = "KA1 trust list";
const REVOCATION_LIST_TYPE: &str = "KA1 revocation list";
const LIST_KEYS_TYPE: &str = "KA1 list keys";
const LIMIT_LIST_TYPE: &str = "KA1 limit list";

const TYPE: i64 = 1;
const SEQUENCE: i64 = 2;
const ISSUED_AT: i64 = 3;
const ENTRIES: i64 = 4;
/// The limit list's venue (its venue key's id): one venue's list is not another's.
const VENUE: i64 = 5;

const ENTRY_KID: i64 = 1;
const ENTRY_ALG: i64 = 2;
const ENTRY_KEY: i64 = 3;
const ENTRY_NOT_BEFORE: i64 = 4;
const ENTRY_NOT_AFTER: i64 = 5;

/// Lists are bigger than a QR but still bounded: 4 MiB holds about 180 000 revocations.
const LIST_LIMITS: cbor::Limits = cbor::Limits {
    max_depth: 4,
    max_len: 4 << 20,
};

/// An issuer key the verifier accepts, with the time during which it accepts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKey {
    /// The id credentials name. Usually [`Kid::of`] the key, but verifiers must not rely on it.
    pub kid: Kid,
    pub key: PublicKey,
    /// Unix seconds. Credentials issued before this are refused.
    pub not_before: u64,
    /// Unix seconds. After this the key is not accepted at all: when a key is retired, this is the
    /// expiry of the last credential it signed.
    pub not_after: u64,
}

/// The issuer keys to accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustList {
    pub sequence: u64,
    pub issued_at: u64,
    pub keys: Vec<TrustedKey>,
}

/// Cards to refuse: a card's credentials issued before the given time are revoked. Revoking a lost
/// phone's card and issuing a new activation letter gives the new phone a credential issued after
/// the revocation, so only the old one is refused.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RevocationList {
    pub sequence: u64,
    pub issued_at: u64,
    pub revoked: BTreeMap<CardId, u64>,
}

/// The cards that have reached a visit limit at one venue's offers: an entry says that the card
/// may not get another free visit to the offer until the period's end. Only card ids, offer ids
/// and times: no names, and no counts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LimitList {
    pub sequence: u64,
    pub issued_at: u64,
    /// The venue key's id at the server, so one venue's list cannot stand in for another's.
    pub venue: u64,
    /// (card, offer id) → when the period in which the limit is reached ends (Unix seconds).
    pub reached: BTreeMap<(CardId, String), u64>,
}

/// Why a list was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListError {
    #[error("the list is not well formed: {0}")]
    Malformed(#[from] MalformedError),
    #[error("the list is not signed by a list key this app trusts")]
    BadSignature,
    #[error("the list is number {new}, older than number {held} which this device has")]
    Older { new: u64, held: u64 },
}

impl ListError {
    /// The stable code of a refusal, as the list vectors and the spec (§7.2) name it.
    pub fn code(&self) -> &'static str {
        match self {
            ListError::Malformed(_) => "LIST_MALFORMED",
            ListError::BadSignature => "LIST_BAD_SIGNATURE",
            ListError::Older { .. } => "LIST_OLDER",
        }
    }
}

impl From<cbor::CborError> for ListError {
    fn from(e: cbor::CborError) -> ListError {
        ListError::Malformed(e.into())
    }
}

impl From<CoseError> for ListError {
    fn from(e: CoseError) -> ListError {
        ListError::Malformed(e.into())
    }
}

/// Signs a list payload with the list key.
fn sign(payload: Value, key: &IssuerKey) -> Vec<u8> {
    Sign1::sign(Alg::EdDsa, Some(key.kid()), payload.encode(), b"", |tbs| {
        key.sign(tbs)
    })
    .encode()
}

/// The four fields every list's payload starts with: its type, sequence, issue time and entries.
fn header_fields(
    kind: &str,
    sequence: u64,
    issued_at: u64,
    entries: Vec<Value>,
) -> Vec<(Value, Value)> {
    vec![
        (Value::int(TYPE), Value::Text(kind.into())),
        (Value::int(SEQUENCE), Value::Unsigned(sequence)),
        (Value::int(ISSUED_AT), Value::Unsigned(issued_at)),
        (Value::int(ENTRIES), Value::Array(entries)),
    ]
}

/// Verifies a signed list against the list keys the app was built with, and returns the payload
/// map after checking its type (and that it has the four fields every list has).
fn open(
    signed: &[u8],
    list_keys: &[PublicKey],
    expected_type: &str,
) -> Result<Vec<(Value, Value)>, ListError> {
    open_with(signed, list_keys, expected_type, 4)
}

/// [`open`] for a list with `fields` fields in its payload.
fn open_with(
    signed: &[u8],
    list_keys: &[PublicKey],
    expected_type: &str,
    fields: usize,
) -> Result<Vec<(Value, Value)>, ListError> {
    let sign1 = Sign1::from_value(&cbor::decode(signed, LIST_LIMITS)?)?;
    let to_be_signed = sign1.to_be_signed_with(b"");
    let signed_by_us = list_keys.iter().any(|key| {
        key.alg() == sign1.alg
            && sign1.kid == Some(key.kid())
            && key.verify(&to_be_signed, &sign1.signature)
    });
    if !signed_by_us {
        return Err(ListError::BadSignature);
    }
    let payload = cbor::decode(&sign1.payload, LIST_LIMITS)?;
    let Value::Map(entries) = payload else {
        return Err(MalformedError::Structure("list payload is not a map").into());
    };
    if entries.len() != fields
        || map_get(&entries, TYPE).and_then(Value::as_text) != Some(expected_type)
    {
        return Err(MalformedError::Structure("not this kind of list").into());
    }
    Ok(entries)
}

fn header(entries: &[(Value, Value)]) -> Result<(u64, u64, &[Value]), ListError> {
    let field = |key| map_get(entries, key).and_then(Value::as_u64);
    let sequence = field(SEQUENCE).ok_or(MalformedError::Structure("sequence"))?;
    let issued_at = field(ISSUED_AT).ok_or(MalformedError::Structure("issued at"))?;
    let items = map_get(entries, ENTRIES)
        .and_then(Value::as_array)
        .ok_or(MalformedError::Structure("entries"))?;
    Ok((sequence, issued_at, items))
}

/// Refuses a list older than the one held: replaying an old list could bring back a revoked
/// card or a retired key.
fn check_newer(new: u64, held: Option<u64>) -> Result<(), ListError> {
    match held {
        Some(held) if new < held => Err(ListError::Older { new, held }),
        _ => Ok(()),
    }
}

impl TrustList {
    pub fn sign(&self, list_key: &IssuerKey) -> Vec<u8> {
        let keys = self
            .keys
            .iter()
            .map(|k| {
                Value::Map(vec![
                    (Value::int(ENTRY_KID), Value::Bytes(k.kid.0.to_vec())),
                    (Value::int(ENTRY_ALG), Value::int(k.key.alg().cose_id())),
                    (Value::int(ENTRY_KEY), Value::Bytes(k.key.to_bytes())),
                    (Value::int(ENTRY_NOT_BEFORE), Value::Unsigned(k.not_before)),
                    (Value::int(ENTRY_NOT_AFTER), Value::Unsigned(k.not_after)),
                ])
            })
            .collect();
        let payload = Value::Map(header_fields(
            TRUST_LIST_TYPE,
            self.sequence,
            self.issued_at,
            keys,
        ));
        sign(payload, list_key)
    }

    /// Verifies and reads a signed trust list. `held` is the sequence number of the list the
    /// device has, if any.
    pub fn open(
        signed: &[u8],
        list_keys: &[PublicKey],
        held: Option<u64>,
    ) -> Result<TrustList, ListError> {
        let entries = open(signed, list_keys, TRUST_LIST_TYPE)?;
        let (sequence, issued_at, items) = header(&entries)?;
        check_newer(sequence, held)?;
        let keys = items
            .iter()
            .map(trusted_key)
            .collect::<Result<Vec<_>, MalformedError>>()?;
        Ok(TrustList {
            sequence,
            issued_at,
            keys,
        })
    }
}

fn trusted_key(item: &Value) -> Result<TrustedKey, MalformedError> {
    let bad = MalformedError::Structure("trust list entry");
    let entries = item.as_map().filter(|e| e.len() == 5).ok_or(bad.clone())?;
    let get = |key| map_get(entries, key).ok_or(bad.clone());
    let kid = get(ENTRY_KID)?
        .as_bytes()
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .ok_or(bad.clone())?;
    let alg = get(ENTRY_ALG)?
        .as_int()
        .and_then(Alg::from_cose_id)
        .ok_or(bad.clone())?;
    let key = PublicKey::from_bytes(alg, get(ENTRY_KEY)?.as_bytes().ok_or(bad.clone())?)
        .map_err(|_| bad.clone())?;
    let not_before = get(ENTRY_NOT_BEFORE)?.as_u64().ok_or(bad.clone())?;
    let not_after = get(ENTRY_NOT_AFTER)?.as_u64().ok_or(bad.clone())?;
    Ok(TrustedKey {
        kid: Kid(kid),
        key,
        not_before,
        not_after,
    })
}

/// The list keys that sign lists from now on, announced in a document signed by an older list
/// key, so a venue device that holds the older key moves over to the new one without a
/// reinstall (§7.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListKeyAnnouncement {
    /// Grows with every rotation.
    pub sequence: u64,
    pub issued_at: u64,
    pub keys: Vec<PublicKey>,
}

impl ListKeyAnnouncement {
    /// Signs the announcement with an older list key.
    pub fn sign(&self, old_list_key: &IssuerKey) -> Vec<u8> {
        let keys = self
            .keys
            .iter()
            .map(|k| {
                Value::Map(vec![
                    (Value::int(ENTRY_ALG), Value::int(k.alg().cose_id())),
                    (Value::int(ENTRY_KEY), Value::Bytes(k.to_bytes())),
                ])
            })
            .collect();
        let payload = Value::Map(header_fields(
            LIST_KEYS_TYPE,
            self.sequence,
            self.issued_at,
            keys,
        ));
        sign(payload, old_list_key)
    }

    /// Verifies an announcement against the list keys the device holds and reads it.
    pub fn open(signed: &[u8], list_keys: &[PublicKey]) -> Result<ListKeyAnnouncement, ListError> {
        let entries = open(signed, list_keys, LIST_KEYS_TYPE)?;
        let (sequence, issued_at, items) = header(&entries)?;
        let keys = items
            .iter()
            .map(|item| {
                let bad = MalformedError::Structure("list key entry");
                let entries = item.as_map().filter(|e| e.len() == 2).ok_or(bad.clone())?;
                let alg = map_get(entries, ENTRY_ALG)
                    .and_then(Value::as_int)
                    .and_then(Alg::from_cose_id)
                    .ok_or(bad.clone())?;
                let bytes = map_get(entries, ENTRY_KEY)
                    .and_then(Value::as_bytes)
                    .ok_or(bad.clone())?;
                PublicKey::from_bytes(alg, bytes).map_err(|_| bad)
            })
            .collect::<Result<Vec<_>, MalformedError>>()?;
        if keys.is_empty() {
            return Err(MalformedError::Structure("no list key announced").into());
        }
        Ok(ListKeyAnnouncement {
            sequence,
            issued_at,
            keys,
        })
    }
}

impl RevocationList {
    /// Whether a credential of `card` issued at `issued_at` is revoked.
    pub fn is_revoked(&self, card: CardId, issued_at: u64) -> bool {
        self.revoked
            .get(&card)
            .is_some_and(|&before| issued_at < before)
    }

    pub fn sign(&self, list_key: &IssuerKey) -> Vec<u8> {
        let entries = self
            .revoked
            .iter()
            .map(|(card, before)| {
                Value::Array(vec![
                    Value::Bytes(card.0.to_vec()),
                    Value::Unsigned(*before),
                ])
            })
            .collect();
        let payload = Value::Map(header_fields(
            REVOCATION_LIST_TYPE,
            self.sequence,
            self.issued_at,
            entries,
        ));
        sign(payload, list_key)
    }

    /// Verifies and reads a signed revocation list; see [`TrustList::open`].
    pub fn open(
        signed: &[u8],
        list_keys: &[PublicKey],
        held: Option<u64>,
    ) -> Result<RevocationList, ListError> {
        let entries = open(signed, list_keys, REVOCATION_LIST_TYPE)?;
        let (sequence, issued_at, items) = header(&entries)?;
        check_newer(sequence, held)?;
        let mut revoked = BTreeMap::new();
        let mut previous: Option<CardId> = None;
        for item in items {
            let bad = MalformedError::Structure("revocation entry");
            let [card, before] = item.as_array().ok_or(bad.clone())? else {
                return Err(bad.into());
            };
            let card = card
                .as_bytes()
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map(CardId)
                .ok_or(bad.clone())?;
            // Entries are sorted by card id and unique, so every list has one encoding.
            if previous.is_some_and(|p| p >= card) {
                return Err(MalformedError::Structure("revocation entries out of order").into());
            }
            previous = Some(card);
            revoked.insert(card, before.as_u64().ok_or(bad)?);
        }
        Ok(RevocationList {
            sequence,
            issued_at,
            revoked,
        })
    }
}

impl LimitList {
    /// Whether `card` has reached the limit for `offer` at `now`: listed, and the period it was
    /// reached in not yet over.
    pub fn is_reached(&self, card: CardId, offer: &str, now: u64) -> bool {
        self.reached
            .get(&(card, offer.to_owned()))
            .is_some_and(|&until| now < until)
    }

    pub fn sign(&self, list_key: &IssuerKey) -> Vec<u8> {
        let entries = self
            .reached
            .iter()
            .map(|((card, offer), until)| {
                Value::Array(vec![
                    Value::Bytes(card.0.to_vec()),
                    Value::Text(offer.clone()),
                    Value::Unsigned(*until),
                ])
            })
            .collect();
        let mut fields = header_fields(LIMIT_LIST_TYPE, self.sequence, self.issued_at, entries);
        fields.push((Value::int(VENUE), Value::Unsigned(self.venue)));
        let payload = Value::Map(fields);
        sign(payload, list_key)
    }

    /// Verifies and reads a signed limit list for `venue`; see [`TrustList::open`]. A list for
    /// another venue is refused as malformed.
    pub fn open(
        signed: &[u8],
        list_keys: &[PublicKey],
        held: Option<u64>,
        venue: u64,
    ) -> Result<LimitList, ListError> {
        let entries = open_with(signed, list_keys, LIMIT_LIST_TYPE, 5)?;
        let (sequence, issued_at, items) = header(&entries)?;
        if map_get(&entries, VENUE).and_then(Value::as_u64) != Some(venue) {
            return Err(MalformedError::Structure("a limit list for another venue").into());
        }
        check_newer(sequence, held)?;
        let mut reached = BTreeMap::new();
        let mut previous: Option<(CardId, String)> = None;
        for item in items {
            let bad = MalformedError::Structure("limit entry");
            let [card, offer, until] = item.as_array().ok_or(bad.clone())? else {
                return Err(bad.into());
            };
            let card = card
                .as_bytes()
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map(CardId)
                .ok_or(bad.clone())?;
            let offer = offer.as_text().ok_or(bad.clone())?.to_owned();
            let key = (card, offer);
            // Sorted by card, then offer, and unique: one encoding per list.
            if previous.as_ref().is_some_and(|p| *p >= key) {
                return Err(MalformedError::Structure("limit entries out of order").into());
            }
            previous = Some(key.clone());
            reached.insert(key, until.as_u64().ok_or(bad)?);
        }
        Ok(LimitList {
            sequence,
            issued_at,
            venue,
            reached,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_list_round_trips_for_its_venue_only() {
        let card = CardId([7; 8]);
        let list = LimitList {
            sequence: 4,
            issued_at: 1_790_000_000,
            venue: 3,
            reached: BTreeMap::from([
                ((card, "kode-familiesondag".to_owned()), 1_790_100_000),
                ((CardId([1; 8]), "sentralbadet".to_owned()), 1_790_050_000),
            ]),
        };
        let keys = [list_key().public_key()];
        let signed = list.sign(&list_key());
        let opened = LimitList::open(&signed, &keys, Some(3), 3).unwrap();
        assert_eq!(opened, list);
        assert!(opened.is_reached(card, "kode-familiesondag", 1_790_099_999));
        assert!(
            !opened.is_reached(card, "kode-familiesondag", 1_790_100_000),
            "period over"
        );
        assert!(
            !opened.is_reached(card, "sentralbadet", 1_790_000_000),
            "another offer"
        );
        assert!(matches!(
            LimitList::open(&signed, &keys, None, 4),
            Err(ListError::Malformed(_))
        ));
        assert_eq!(
            LimitList::open(&signed, &keys, Some(5), 3),
            Err(ListError::Older { new: 4, held: 5 })
        );
        // Neither a revocation list nor a trust list opens as a limit list, nor the other way.
        assert!(matches!(
            RevocationList::open(&signed, &keys, None),
            Err(ListError::Malformed(_))
        ));
        let revocations = RevocationList::default().sign(&list_key());
        assert!(matches!(
            LimitList::open(&revocations, &keys, None, 0),
            Err(ListError::Malformed(_))
        ));
    }

    #[test]
    fn a_new_list_key_is_announced_under_the_old_one_and_nothing_else_opens_it() {
        let old = IssuerKey::from_seed(&[0x31; 32]);
        let new = IssuerKey::from_seed(&[0x32; 32]);
        let announcement = ListKeyAnnouncement {
            sequence: 2,
            issued_at: 1_790_000_000,
            keys: vec![new.public_key()],
        };
        let signed = announcement.sign(&old);
        assert_eq!(
            ListKeyAnnouncement::open(&signed, &[old.public_key()]),
            Ok(announcement.clone())
        );
        // Only a key the device holds can announce: the new key cannot vouch for itself.
        assert_eq!(
            ListKeyAnnouncement::open(&signed, &[new.public_key()]),
            Err(ListError::BadSignature)
        );
        // A trust list is not an announcement, even signed by the right key.
        let trust = TrustList {
            sequence: 1,
            issued_at: 1,
            keys: vec![],
        }
        .sign(&old);
        assert!(matches!(
            ListKeyAnnouncement::open(&trust, &[old.public_key()]),
            Err(ListError::Malformed(_))
        ));
        let empty = ListKeyAnnouncement {
            keys: vec![],
            ..announcement
        }
        .sign(&old);
        assert!(matches!(
            ListKeyAnnouncement::open(&empty, &[old.public_key()]),
            Err(ListError::Malformed(_))
        ));
    }

    fn list_key() -> IssuerKey {
        IssuerKey::from_seed(&[0x11; 32])
    }

    fn trust_list(sequence: u64) -> TrustList {
        let issuer = IssuerKey::from_seed(&[0x22; 32]);
        TrustList {
            sequence,
            issued_at: 1_790_000_000,
            keys: vec![TrustedKey {
                kid: issuer.kid(),
                key: issuer.public_key(),
                not_before: 1_780_000_000,
                not_after: 1_800_000_000,
            }],
        }
    }

    #[test]
    fn trust_list_round_trips_and_refuses_rollback() {
        let keys = [list_key().public_key()];
        let signed = trust_list(7).sign(&list_key());
        assert_eq!(TrustList::open(&signed, &keys, None), Ok(trust_list(7)));
        assert_eq!(TrustList::open(&signed, &keys, Some(7)), Ok(trust_list(7)));
        assert_eq!(
            TrustList::open(&signed, &keys, Some(8)),
            Err(ListError::Older { new: 7, held: 8 })
        );
    }

    #[test]
    fn lists_need_the_list_key_and_the_right_type() {
        let other = [IssuerKey::from_seed(&[0x33; 32]).public_key()];
        let signed = trust_list(1).sign(&list_key());
        assert_eq!(
            TrustList::open(&signed, &other, None),
            Err(ListError::BadSignature)
        );
        let keys = [list_key().public_key()];
        let revocations = RevocationList::default().sign(&list_key());
        assert!(matches!(
            TrustList::open(&revocations, &keys, None),
            Err(ListError::Malformed(_))
        ));
        assert!(matches!(
            RevocationList::open(&signed, &keys, None),
            Err(ListError::Malformed(_))
        ));
        let mut flipped = signed.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert_eq!(
            TrustList::open(&flipped, &keys, None),
            Err(ListError::BadSignature)
        );
        assert!(matches!(
            TrustList::open(b"\x00", &keys, None),
            Err(ListError::Malformed(_))
        ));
    }

    #[test]
    fn revocation_covers_credentials_issued_before_the_time() {
        let card = CardId([5; 8]);
        let list = RevocationList {
            sequence: 3,
            issued_at: 1_790_000_000,
            revoked: BTreeMap::from([(card, 1_790_000_000), (CardId([1; 8]), 5)]),
        };
        let keys = [list_key().public_key()];
        let opened = RevocationList::open(&list.sign(&list_key()), &keys, Some(2)).unwrap();
        assert_eq!(opened, list);
        assert!(opened.is_revoked(card, 1_789_999_999));
        assert!(!opened.is_revoked(card, 1_790_000_000));
        assert!(!opened.is_revoked(CardId([6; 8]), 0));
    }
}
