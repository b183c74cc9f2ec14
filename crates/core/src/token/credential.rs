//! The card credential: the holder's claims and the phone's public key, signed by an issuer key.
//! The backend issues it when a phone redeems an activation code and refreshes it while online.

use std::fmt;
use std::str::FromStr;

use super::cbor::{self, Value, map_get};
use super::cose::Sign1;
use super::keys::{Alg, DevicePublicKey, IssuerKey, Kid, PublicKey};
use super::name::{MAX_GIVEN_NAME_BYTES, Named, check_given_name, check_shown_name};
use super::time::year_of;
use super::{MalformedError, PRESENTATION_LIMITS};

/// CWT claim keys (RFC 8392, RFC 8747) and the token's private claim.
const EXP: i64 = 4;
const NBF: i64 = 5;
const IAT: i64 = 6;
const CNF: i64 = 8;
/// The card's own claims, in one map under a private-use CWT claim key (below -65536).
const CARD: i64 = -65537;
/// Keys inside the card claim.
const CARD_ID: i64 = 1;
const GIVEN_NAME: i64 = 2;
const BIRTH_YEAR: i64 = 3;
const COMPANION: i64 = 4;
/// `cnf` member holding a COSE_Key, and the COSE_Key labels used.
const COSE_KEY: i64 = 1;
const KTY: i64 = 1;
const KTY_EC2: i64 = 2;
const CRV: i64 = -1;
const CRV_P256: i64 = 1;
const X: i64 = -2;
const Y: i64 = -3;

/// A card's id: 8 random bytes chosen when the card is issued, the same for every credential of
/// that card. It is derived from nothing personal.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CardId(pub [u8; 8]);

impl fmt::Display for CardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for CardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CardId({self})")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a card id is 16 hexadecimal digits")]
pub struct BadCardId;

impl FromStr for CardId {
    type Err = BadCardId;

    fn from_str(s: &str) -> Result<CardId, BadCardId> {
        // Hex digits only: `from_str_radix` alone would also take a sign ("+f").
        if s.len() != 16 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(BadCardId);
        }
        let mut id = [0u8; 8];
        for (i, byte) in id.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).map_err(|_| BadCardId)?;
        }
        Ok(CardId(id))
    }
}

/// Whether the holder may bring someone along for free.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CompanionRule {
    /// No companion (0).
    None,
    /// One companion at public events (1): the scheme's usual rule. A child brings a guardian, a
    /// youth a friend or guardian.
    OneAtPublicEvents,
    /// One companion at every offer (2).
    OneEverywhere,
}

impl CompanionRule {
    pub const fn code(self) -> u64 {
        match self {
            CompanionRule::None => 0,
            CompanionRule::OneAtPublicEvents => 1,
            CompanionRule::OneEverywhere => 2,
        }
    }

    pub fn from_code(code: u64) -> Option<CompanionRule> {
        match code {
            0 => Some(CompanionRule::None),
            1 => Some(CompanionRule::OneAtPublicEvents),
            2 => Some(CompanionRule::OneEverywhere),
            _ => None,
        }
    }

    /// Whether this rule lets one companion in at an offer: "at public events" means the offers
    /// that take a companion (`offer_takes_companion`; an offer the verifier does not know counts
    /// as not taking one), "everywhere" means every offer. The venue's verdict and the server's
    /// check of uploaded visits both ask this.
    pub const fn allows(self, offer_takes_companion: bool) -> bool {
        match self {
            CompanionRule::None => false,
            CompanionRule::OneAtPublicEvents => offer_takes_companion,
            CompanionRule::OneEverywhere => true,
        }
    }
}

/// What the card says about its holder: all of it, on purpose. There is no field for why the
/// child has the card, and none may be added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardClaims {
    pub card_id: CardId,
    pub given_name: String,
    pub birth_year: u16,
    pub companion: CompanionRule,
}

/// When a credential was made and when it may be used, as Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    pub issued_at: u64,
    pub not_before: u64,
    pub expires_at: u64,
}

impl Validity {
    /// The window of a credential issued at `now` for a card valid from `card_from` to `card_until`:
    /// it starts at the later of now and the card's start, and ends at the earlier of the card's
    /// end and `lifetime` seconds after its start. Short lifetimes make phones refresh, which is how
    /// a re-activation on a new phone retires the old one.
    pub fn for_card(
        now: u64,
        card_from: u64,
        card_until: u64,
        lifetime: u64,
    ) -> Result<Validity, IssueError> {
        let not_before = now.max(card_from);
        let expires_at = card_until.min(not_before.saturating_add(lifetime));
        if expires_at <= not_before {
            return Err(IssueError::CardEnded);
        }
        Ok(Validity {
            issued_at: now,
            not_before,
            expires_at,
        })
    }
}

/// Why a credential cannot be issued.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IssueError {
    #[error("the given name is empty")]
    EmptyName,
    #[error("the given name is longer than {MAX_GIVEN_NAME_BYTES} bytes; use the first given name")]
    NameTooLong,
    #[error("the given name has control, format or bidi characters, or spaces at its ends")]
    NameNotClean,
    #[error(
        "a given name has only letters, with a space, hyphen or apostrophe between them; {} is not allowed",
        Named(*.0)
    )]
    NameCharacter(char),
    #[error(
        "a given name starts and ends with a letter and has one space, hyphen or apostrophe at a time between letters"
    )]
    NameShape,
    #[error("birth year {0} is not plausible for a card issued in {1}")]
    BirthYear(u16, i64),
    #[error("the validity period ends before it starts")]
    ValidityOrder,
    #[error("the card's validity period has ended")]
    CardEnded,
}

/// A credential: signed, decoded, with the exact bytes that were signed over kept for the
/// presentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub claims: CardClaims,
    pub validity: Validity,
    pub device_key: DevicePublicKey,
    pub alg: Alg,
    pub kid: Kid,
    pub(crate) sign1: Sign1,
    bytes: Vec<u8>,
}

impl Credential {
    /// Issues a credential for `device_key` signed with `issuer`.
    pub fn issue(
        claims: &CardClaims,
        validity: Validity,
        device_key: &DevicePublicKey,
        issuer: &IssuerKey,
    ) -> Result<Credential, IssueError> {
        check_given_name(&claims.given_name)?;
        let year = year_of(validity.issued_at);
        if claims.birth_year < 1900 || i64::from(claims.birth_year) > year {
            return Err(IssueError::BirthYear(claims.birth_year, year));
        }
        if validity.expires_at <= validity.not_before {
            return Err(IssueError::ValidityOrder);
        }
        let payload = claims_value(claims, validity, device_key).encode();
        let kid = issuer.kid();
        let sign1 = Sign1::sign(Alg::EdDsa, Some(kid), payload, b"", |tbs| issuer.sign(tbs));
        let bytes = sign1.encode();
        Ok(Credential {
            claims: claims.clone(),
            validity,
            device_key: *device_key,
            alg: Alg::EdDsa,
            kid,
            sign1,
            bytes,
        })
    }

    /// Decodes a credential without checking its signature: what the phone does with the
    /// credential it was given, to show the card. Verifiers use [`super::verify`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Credential, MalformedError> {
        let value = cbor::decode(bytes, PRESENTATION_LIMITS)?;
        let sign1 = Sign1::from_value(&value)?;
        Credential::from_sign1(sign1, bytes.to_vec())
    }

    pub(crate) fn from_sign1(sign1: Sign1, bytes: Vec<u8>) -> Result<Credential, MalformedError> {
        let kid = sign1.kid.ok_or(MalformedError::Claims("no key id"))?;
        let (claims, validity, device_key) = decode_claims(&sign1.payload)?;
        Ok(Credential {
            claims,
            validity,
            device_key,
            alg: sign1.alg,
            kid,
            sign1,
            bytes,
        })
    }

    /// The COSE_Sign1 the credential was decoded from, layer by layer.
    pub fn cose(&self) -> &Sign1 {
        &self.sign1
    }

    /// The encoded COSE_Sign1, as stored on the phone and embedded in presentations.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Whether `key` made this credential's signature.
    pub fn is_signed_by(&self, key: &PublicKey) -> bool {
        key.alg() == self.alg
            && key.verify(&self.sign1.to_be_signed_with(b""), &self.sign1.signature)
    }
}

fn claims_value(claims: &CardClaims, validity: Validity, device_key: &DevicePublicKey) -> Value {
    let point = device_key.to_compressed();
    let cose_key = Value::Map(vec![
        (Value::int(KTY), Value::int(KTY_EC2)),
        (Value::int(CRV), Value::int(CRV_P256)),
        (Value::int(X), Value::Bytes(point[1..].to_vec())),
        // Point compression (RFC 9053 §7.1.1): true when y is odd (SEC1 prefix 03).
        (Value::int(Y), Value::Bool(point[0] == 0x03)),
    ]);
    let card = Value::Map(vec![
        (Value::int(CARD_ID), Value::Bytes(claims.card_id.0.to_vec())),
        (
            Value::int(GIVEN_NAME),
            Value::Text(claims.given_name.clone()),
        ),
        (
            Value::int(BIRTH_YEAR),
            Value::Unsigned(claims.birth_year.into()),
        ),
        (
            Value::int(COMPANION),
            Value::Unsigned(claims.companion.code()),
        ),
    ]);
    Value::Map(vec![
        (Value::int(EXP), Value::Unsigned(validity.expires_at)),
        (Value::int(NBF), Value::Unsigned(validity.not_before)),
        (Value::int(IAT), Value::Unsigned(validity.issued_at)),
        (
            Value::int(CNF),
            Value::Map(vec![(Value::int(COSE_KEY), cose_key)]),
        ),
        (Value::int(CARD), card),
    ])
}

/// Reads a map that must have exactly `keys`, in the (deterministic) order given.
fn exact_map<'v, const N: usize>(
    value: &'v Value,
    keys: [i64; N],
    what: &'static str,
) -> Result<[&'v Value; N], MalformedError> {
    let entries = value.as_map().ok_or(MalformedError::Claims(what))?;
    if entries.len() != N {
        return Err(MalformedError::Claims(what));
    }
    let mut out = [&entries[0].1; N];
    for (slot, key) in out.iter_mut().zip(keys) {
        *slot = map_get(entries, key).ok_or(MalformedError::Claims(what))?;
    }
    Ok(out)
}

fn decode_claims(
    payload: &[u8],
) -> Result<(CardClaims, Validity, DevicePublicKey), MalformedError> {
    let value = cbor::decode(payload, PRESENTATION_LIMITS)?;
    let [exp, nbf, iat, cnf, card] = exact_map(&value, [EXP, NBF, IAT, CNF, CARD], "claims")?;
    let time = |v: &Value| v.as_u64().ok_or(MalformedError::Claims("a time"));
    let validity = Validity {
        issued_at: time(iat)?,
        not_before: time(nbf)?,
        expires_at: time(exp)?,
    };

    let [cose_key] = exact_map(cnf, [COSE_KEY], "cnf")?;
    let [kty, crv, x, y] = exact_map(cose_key, [KTY, CRV, X, Y], "device key")?;
    if kty.as_int() != Some(KTY_EC2) || crv.as_int() != Some(CRV_P256) {
        return Err(MalformedError::Claims("device key type"));
    }
    let x = x
        .as_bytes()
        .filter(|x| x.len() == 32)
        .ok_or(MalformedError::Claims("device key x"))?;
    let y_odd = y.as_bool().ok_or(MalformedError::Claims("device key y"))?;
    let mut point = [0u8; 33];
    point[0] = if y_odd { 0x03 } else { 0x02 };
    point[1..].copy_from_slice(x);
    let device_key = DevicePublicKey::from_compressed(&point)
        .map_err(|_| MalformedError::Claims("device key point"))?;

    let [card_id, given_name, birth_year, companion] =
        exact_map(card, [CARD_ID, GIVEN_NAME, BIRTH_YEAR, COMPANION], "card")?;
    let card_id = card_id
        .as_bytes()
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .ok_or(MalformedError::Claims("card id"))?;
    let given_name = given_name
        .as_text()
        .filter(|name| check_shown_name(name).is_ok())
        .ok_or(MalformedError::Claims("given name"))?;
    let birth_year = birth_year
        .as_u64()
        .and_then(|y| u16::try_from(y).ok())
        .ok_or(MalformedError::Claims("birth year"))?;
    let companion = companion
        .as_u64()
        .and_then(CompanionRule::from_code)
        .ok_or(MalformedError::Claims("companion rule"))?;
    let claims = CardClaims {
        card_id: CardId(card_id),
        given_name: given_name.to_owned(),
        birth_year,
        companion,
    };
    Ok((claims, validity, device_key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::keys::DeviceKey;

    fn claims(name: &str) -> CardClaims {
        CardClaims {
            card_id: CardId([1, 2, 3, 4, 5, 6, 7, 8]),
            given_name: name.into(),
            birth_year: 2015,
            companion: CompanionRule::OneAtPublicEvents,
        }
    }

    const VALIDITY: Validity = Validity {
        issued_at: 1_790_000_000,
        not_before: 1_790_000_000,
        expires_at: 1_792_678_400,
    };

    #[test]
    fn issues_and_decodes() {
        let issuer = IssuerKey::from_seed(&[1; 32]);
        let device = DeviceKey::from_secret(&[2; 32]).unwrap().public_key();
        let credential = Credential::issue(&claims("Amina"), VALIDITY, &device, &issuer).unwrap();
        let decoded = Credential::from_bytes(credential.as_bytes()).unwrap();
        assert_eq!(decoded, credential);
        assert!(decoded.is_signed_by(&issuer.public_key()));
        assert!(!decoded.is_signed_by(&IssuerKey::from_seed(&[3; 32]).public_key()));
    }

    #[test]
    fn refuses_bad_claims() {
        let issuer = IssuerKey::from_seed(&[1; 32]);
        let device = DeviceKey::from_secret(&[2; 32]).unwrap().public_key();
        let issue = |claims: &CardClaims, validity| {
            Credential::issue(claims, validity, &device, &issuer).map(|_| ())
        };
        assert_eq!(issue(&claims(""), VALIDITY), Err(IssueError::EmptyName));
        assert_eq!(
            issue(&claims(" Amina"), VALIDITY),
            Err(IssueError::NameShape)
        );
        assert_eq!(
            issue(&claims("Amina (NAV)"), VALIDITY),
            Err(IssueError::NameCharacter('('))
        );
        assert_eq!(issue(&claims(&"Я".repeat(24)), VALIDITY), Ok(()));
        assert_eq!(
            issue(&claims(&"Я".repeat(25)), VALIDITY),
            Err(IssueError::NameTooLong)
        );
        let mut future_child = claims("Amina");
        future_child.birth_year = 2027;
        assert_eq!(
            issue(&future_child, VALIDITY),
            Err(IssueError::BirthYear(2027, 2026))
        );
        let backwards = Validity {
            expires_at: VALIDITY.not_before,
            ..VALIDITY
        };
        assert_eq!(
            issue(&claims("Amina"), backwards),
            Err(IssueError::ValidityOrder)
        );
    }

    #[test]
    fn validity_for_a_card() {
        let day = 86_400;
        // A running card: the credential lasts the lifetime.
        assert_eq!(
            Validity::for_card(100 * day, 90 * day, 200 * day, 31 * day),
            Ok(Validity {
                issued_at: 100 * day,
                not_before: 100 * day,
                expires_at: 131 * day
            })
        );
        // Near the card's end: the card's end.
        assert_eq!(
            Validity::for_card(190 * day, 90 * day, 200 * day, 31 * day).map(|v| v.expires_at),
            Ok(200 * day)
        );
        // A card that starts later: the credential starts with it.
        assert_eq!(
            Validity::for_card(80 * day, 90 * day, 200 * day, 31 * day).map(|v| v.not_before),
            Ok(90 * day)
        );
        assert_eq!(
            Validity::for_card(201 * day, 90 * day, 200 * day, 31 * day),
            Err(IssueError::CardEnded)
        );
    }

    #[test]
    fn card_ids_print_and_parse_as_hex() {
        let id = CardId([0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3]);
        assert_eq!(id.to_string(), "deadbeef00010203");
        assert_eq!("deadbeef00010203".parse(), Ok(id));
        assert_eq!("deadbeef0001020".parse::<CardId>(), Err(BadCardId));
        assert_eq!("deadbeef000102zz".parse::<CardId>(), Err(BadCardId));
        assert_eq!("deadbeef000102ø".parse::<CardId>(), Err(BadCardId));
        assert_eq!("+a+b+c+d+e+f+0+1".parse::<CardId>(), Err(BadCardId));
    }

    #[test]
    fn a_companion_only_where_the_offer_takes_one() {
        assert!(CompanionRule::OneAtPublicEvents.allows(true));
        assert!(!CompanionRule::OneAtPublicEvents.allows(false));
        assert!(CompanionRule::OneEverywhere.allows(false));
        assert!(!CompanionRule::None.allows(true));
    }
}
