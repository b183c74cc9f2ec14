//! The card as a signed, rotating QR token: the issuer makes a credential, the phone presents it
//! with a fresh signature every few seconds, a venue verifies it offline.
//!
//! The format is specified byte by byte in `docs/token-format.md`; `tests/vectors/` freezes it.
//!
//! ```
//! use aktivitetskortet_core::token::*;
//!
//! // The municipality's keys (from 32 random bytes each in real life).
//! let issuer = IssuerKey::from_seed(&[1; 32]);
//! let list_key = IssuerKey::from_seed(&[2; 32]);
//! // The phone makes its own key and sends the public half when it activates the card.
//! let phone = DeviceKey::from_secret(&[3; 32]).unwrap();
//!
//! let now = 1_790_000_000;
//! let claims = CardClaims {
//!     card_id: CardId([4; 8]),
//!     given_name: "Amina".into(),
//!     birth_year: 2015,
//!     companion: CompanionRule::OneAtPublicEvents,
//! };
//! let validity = Validity::for_card(now, now, now + 180 * 86_400, 31 * 86_400).unwrap();
//! let credential = Credential::issue(&claims, validity, &phone.public_key(), &issuer).unwrap();
//!
//! // The phone shows this as a QR code, made anew every 10 seconds.
//! let qr_text = Presentation::create(&credential, &phone, now).unwrap().qr_text;
//!
//! // The venue synced these lists earlier and checks them against the list key it trusts.
//! let trust = TrustList {
//!     sequence: 1,
//!     issued_at: now,
//!     keys: vec![TrustedKey {
//!         kid: issuer.kid(),
//!         key: issuer.public_key(),
//!         not_before: now,
//!         not_after: now + 400 * 86_400,
//!     }],
//! };
//! let trust = TrustList::open(&trust.sign(&list_key), &[list_key.public_key()], None).unwrap();
//! let revocations = RevocationList::default();
//!
//! match verify(&qr_text, now + 5, &trust, &revocations, &Policy::default()) {
//!     Verdict::Valid(admitted) => assert_eq!((admitted.given_name.as_str(), admitted.age), ("Amina", 11)),
//!     Verdict::NotValid(reason) => panic!("{reason:?}"),
//! }
//! assert_eq!(
//!     verify(&qr_text, now + 120, &trust, &revocations, &Policy::default()),
//!     Verdict::NotValid(Reason::Stale),
//! );
//! ```

pub mod base45;
pub mod cbor;
pub mod cose;
mod credential;
mod keys;
mod lists;
mod name;
mod presentation;
pub mod qr;
mod time;
mod verify;

pub use credential::{
    BadCardId, CardClaims, CardId, CompanionRule, Credential, IssueError, Validity,
};
pub use keys::{Alg, DeviceKey, DevicePublicKey, IssuerKey, KeyError, Kid, PublicKey};
pub use lists::{LimitList, ListError, ListKeyAnnouncement, RevocationList, TrustList, TrustedKey};
pub use name::{MAX_GIVEN_NAME_BYTES, check_given_name, check_shown_name};
pub use presentation::{
    MAX_PRESENTATION_BYTES, MAX_QR_TEXT_CHARS, PREFIX, PresentError, Presentation, credential_in,
};
pub use time::{age_in_year, year_of};
pub use verify::{Admitted, Policy, Reason, Verdict, verify};

/// Decoding limits for everything inside a presentation.
const PRESENTATION_LIMITS: cbor::Limits = cbor::Limits {
    max_depth: 4,
    max_len: MAX_PRESENTATION_BYTES,
};

/// Why bytes are not a well-formed token part.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MalformedError {
    #[error(transparent)]
    Cbor(#[from] cbor::CborError),
    #[error(transparent)]
    Cose(#[from] cose::CoseError),
    #[error("bad {0} in the claims")]
    Claims(&'static str),
    #[error("{0}")]
    Structure(&'static str),
}
