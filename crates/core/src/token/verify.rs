//! The venue's check: is this QR text a genuine, valid, fresh card presented by the phone it was
//! issued to? Offline, from the trust list and revocation list synced earlier.

use super::credential::{CardId, CompanionRule, Credential};
use super::lists::{RevocationList, TrustList};
use super::presentation::{
    MAX_PRESENTATION_BYTES, MAX_QR_TEXT_CHARS, PREFIX, decode_cbor, proof_time,
};
use super::{base45, time};

/// How strict the verifier is about time. All values are seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// How old a presentation may be: longer than the phone's rotation (10 s) plus the time to
    /// scan, short enough that a screenshot is useless a minute later.
    pub max_age: u64,
    /// How far ahead of the verifier's clock a presentation may be, for phones whose clock runs
    /// fast (the app corrects it from the server's time, but not perfectly).
    pub max_ahead: u64,
    /// Slack around the credential's validity window, for clocks that disagree.
    pub validity_slack: u64,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            max_age: 60,
            max_ahead: 30,
            validity_slack: 300,
        }
    }
}

/// The one reason a presentation is not accepted. The codes (`code()`) are stable: test vectors
/// and the venue's screens use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// The text is longer than any card's QR.
    Oversized,
    /// The text does not start with an Aktivitetskortet prefix.
    NotACard,
    /// `KA` with another version number: made by a newer (or older) app.
    UnsupportedVersion,
    /// Not Base45 after the prefix.
    BadEncoding,
    /// Not the exact structure the format prescribes.
    Malformed,
    /// No trust-list key has the credential's key id.
    UnknownKey,
    /// Keys with the key id exist, but for another algorithm.
    AlgorithmMismatch,
    /// No trusted key made the credential's signature.
    BadIssuerSignature,
    /// The issuer key was not trusted at this time (retired, or the credential predates it).
    IssuerKeyNotValid,
    /// The credential's validity starts later.
    NotYetValid,
    /// The credential's validity has ended.
    Expired,
    /// The proof is not signed by the phone the credential was issued to.
    BadDeviceSignature,
    /// The presentation is older than the policy allows: a screenshot or a photo.
    Stale,
    /// The presentation is dated further ahead than the policy allows.
    FromTheFuture,
    /// The card is on the revocation list.
    Revoked,
}

impl Reason {
    pub const ALL: [Reason; 15] = [
        Reason::Oversized,
        Reason::NotACard,
        Reason::UnsupportedVersion,
        Reason::BadEncoding,
        Reason::Malformed,
        Reason::UnknownKey,
        Reason::AlgorithmMismatch,
        Reason::BadIssuerSignature,
        Reason::IssuerKeyNotValid,
        Reason::NotYetValid,
        Reason::Expired,
        Reason::BadDeviceSignature,
        Reason::Stale,
        Reason::FromTheFuture,
        Reason::Revoked,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Reason::Oversized => "OVERSIZED",
            Reason::NotACard => "NOT_A_CARD",
            Reason::UnsupportedVersion => "UNSUPPORTED_VERSION",
            Reason::BadEncoding => "BAD_ENCODING",
            Reason::Malformed => "MALFORMED",
            Reason::UnknownKey => "UNKNOWN_KEY",
            Reason::AlgorithmMismatch => "ALGORITHM_MISMATCH",
            Reason::BadIssuerSignature => "BAD_ISSUER_SIGNATURE",
            Reason::IssuerKeyNotValid => "ISSUER_KEY_NOT_VALID",
            Reason::NotYetValid => "NOT_YET_VALID",
            Reason::Expired => "EXPIRED",
            Reason::BadDeviceSignature => "BAD_DEVICE_SIGNATURE",
            Reason::Stale => "STALE",
            Reason::FromTheFuture => "FROM_THE_FUTURE",
            Reason::Revoked => "REVOKED",
        }
    }

    pub fn from_code(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// What staff need to let a holder in: nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admitted {
    /// For recording the visit and noticing the same card twice; not shown to staff.
    pub card_id: CardId,
    pub given_name: String,
    pub birth_year: u16,
    /// The age the holder reaches this calendar year (only the birth year is on the card).
    pub age: u16,
    /// The credential's expiry (Unix seconds).
    pub valid_until: u64,
    pub companion: CompanionRule,
    /// The time the phone signed (Unix seconds).
    pub presented_at: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Valid(Admitted),
    NotValid(Reason),
}

/// Checks a QR text at `now` (Unix seconds). Never panics, whatever the input; looks at no more
/// than [`MAX_QR_TEXT_CHARS`] characters. The steps and their order are those of
/// `docs/token-format.md`; the first failing step gives the reason.
pub fn verify(
    qr_text: &str,
    now: u64,
    trust: &TrustList,
    revocations: &RevocationList,
    policy: &Policy,
) -> Verdict {
    match check(qr_text, now, trust, revocations, policy) {
        Ok(admitted) => Verdict::Valid(admitted),
        Err(reason) => Verdict::NotValid(reason),
    }
}

fn check(
    qr_text: &str,
    now: u64,
    trust: &TrustList,
    revocations: &RevocationList,
    policy: &Policy,
) -> Result<Admitted, Reason> {
    // 1. Size, prefix and Base45.
    if qr_text.len() > MAX_QR_TEXT_CHARS {
        return Err(Reason::Oversized);
    }
    let Some(body) = qr_text.strip_prefix(PREFIX) else {
        let other_version = qr_text
            .strip_prefix("KA")
            .and_then(|rest| rest.split_once(':'))
            .is_some_and(|(v, _)| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()));
        return Err(if other_version {
            Reason::UnsupportedVersion
        } else {
            Reason::NotACard
        });
    };
    let bytes = base45::decode(body).map_err(|_| Reason::BadEncoding)?;
    if bytes.len() > MAX_PRESENTATION_BYTES {
        return Err(Reason::Oversized);
    }

    // 2. Strict CBOR and COSE structure.
    let decoded = decode_cbor(&bytes).map_err(|_| Reason::Malformed)?;
    let credential = &decoded.credential;
    let kid = credential.kid.ok_or(Reason::Malformed)?;

    // 3. The issuer key: every key with this id and algorithm is tried.
    let with_kid: Vec<_> = trust.keys.iter().filter(|k| k.kid == kid).collect();
    if with_kid.is_empty() {
        return Err(Reason::UnknownKey);
    }
    let candidates: Vec<_> = with_kid
        .into_iter()
        .filter(|k| k.key.alg() == credential.alg)
        .collect();
    if candidates.is_empty() {
        return Err(Reason::AlgorithmMismatch);
    }
    let to_be_signed = credential.to_be_signed_with(b"");
    let signers: Vec<_> = candidates
        .into_iter()
        .filter(|k| k.key.verify(&to_be_signed, &credential.signature))
        .collect();
    if signers.is_empty() {
        return Err(Reason::BadIssuerSignature);
    }

    // 4. The signed claims.
    let credential = Credential::from_sign1(decoded.credential, decoded.credential_bytes)
        .map_err(|_| Reason::Malformed)?;
    let validity = credential.validity;
    if !signers
        .iter()
        .any(|k| k.not_before <= validity.issued_at && now <= k.not_after)
    {
        return Err(Reason::IssuerKeyNotValid);
    }
    if now.saturating_add(policy.validity_slack) < validity.not_before {
        return Err(Reason::NotYetValid);
    }
    if now > validity.expires_at.saturating_add(policy.validity_slack) {
        return Err(Reason::Expired);
    }

    // 5. The phone's proof: signed by the key in the credential, over the credential.
    let proof = &decoded.proof;
    let to_be_signed = proof.to_be_signed_with(credential.as_bytes());
    if !credential
        .device_key
        .as_public_key()
        .verify(&to_be_signed, &proof.signature)
    {
        return Err(Reason::BadDeviceSignature);
    }
    let presented_at = proof_time(proof).map_err(|_| Reason::Malformed)?;
    if presented_at.saturating_add(policy.max_age) < now {
        return Err(Reason::Stale);
    }
    if presented_at > now.saturating_add(policy.max_ahead) {
        return Err(Reason::FromTheFuture);
    }

    // 6. Revocation.
    let claims = credential.claims;
    if revocations.is_revoked(claims.card_id, validity.issued_at) {
        return Err(Reason::Revoked);
    }

    Ok(Admitted {
        card_id: claims.card_id,
        age: time::age_in_year(claims.birth_year, now),
        given_name: claims.given_name,
        birth_year: claims.birth_year,
        valid_until: validity.expires_at,
        companion: claims.companion,
        presented_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_codes_are_unique_and_parse_back() {
        for reason in Reason::ALL {
            assert_eq!(Reason::from_code(reason.code()), Some(reason));
        }
        assert_eq!(Reason::from_code("VALID"), None);
    }
}
