//! The presentation: what the QR code shows. The phone makes a new one every few seconds by
//! signing the current time with its device key, bound to the credential it presents.
//!
//! `"KA1:" + Base45(CBOR [credential: bstr, proof: COSE_Sign1])`, where the proof's payload is the
//! time (CBOR uint, Unix seconds) and its external AAD is the credential's bytes.

use super::cbor::{self, Value};
use super::cose::Sign1;
use super::credential::Credential;
use super::keys::{Alg, DeviceKey};
use super::{MalformedError, PRESENTATION_LIMITS, base45};

/// The QR text's prefix: the format and its version. A new incompatible format gets a new number.
pub const PREFIX: &str = "KA1:";

/// The most presentation bytes a verifier decodes. The largest card (a 48-byte name) needs about
/// 300; the margin leaves room without letting a hostile QR make the verifier work hard.
pub const MAX_PRESENTATION_BYTES: usize = 512;

/// The longest QR text a verifier looks at: the prefix and the Base45 of the largest presentation.
pub const MAX_QR_TEXT_CHARS: usize = PREFIX.len() + MAX_PRESENTATION_BYTES / 2 * 3;

/// Why the phone cannot present a credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PresentError {
    #[error("this phone's key is not the key the credential was issued to")]
    WrongDeviceKey,
}

/// A presentation with each of its layers, for the QR and for test vectors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presentation {
    pub credential: Vec<u8>,
    pub proof: Sign1,
    /// The presentation's CBOR.
    pub cbor: Vec<u8>,
    /// What the QR code encodes.
    pub qr_text: String,
}

impl Presentation {
    /// Signs `at` (Unix seconds, from the server-corrected clock) with the phone's key.
    pub fn create(
        credential: &Credential,
        device: &DeviceKey,
        at: u64,
    ) -> Result<Presentation, PresentError> {
        if device.public_key() != credential.device_key {
            return Err(PresentError::WrongDeviceKey);
        }
        Ok(Presentation::sign_unchecked(
            credential.as_bytes(),
            device,
            at,
        ))
    }

    /// Signs without checking that the key matches: how test vectors make a presentation by the
    /// wrong phone.
    #[doc(hidden)]
    pub fn sign_unchecked(credential: &[u8], device: &DeviceKey, at: u64) -> Presentation {
        let signature = device.sign(&Presentation::to_be_signed(credential, at));
        Presentation::with_signature(credential, at, signature)
    }

    /// The bytes the phone's key signs to present `credential` at `at`: for a key that signs
    /// elsewhere (a WebCrypto key that cannot leave the browser, a platform keystore), which
    /// then hands its 64-byte `r ‖ s` to [`Presentation::with_signature`].
    pub fn to_be_signed(credential: &[u8], at: u64) -> Vec<u8> {
        let protected = Sign1::protected_header(Alg::Es256, None);
        Sign1::to_be_signed(&protected, credential, &Value::Unsigned(at).encode())
    }

    /// The presentation of `credential` at `at` with a signature made over
    /// [`Presentation::to_be_signed`]. Nothing is checked here: a wrong signature makes a
    /// presentation every verifier refuses (`BAD_DEVICE_SIGNATURE`).
    pub fn with_signature(credential: &[u8], at: u64, signature: Vec<u8>) -> Presentation {
        let proof = Sign1 {
            protected: Sign1::protected_header(Alg::Es256, None),
            alg: Alg::Es256,
            kid: None,
            payload: Value::Unsigned(at).encode(),
            signature,
        };
        Presentation::assemble(credential.to_vec(), proof)
    }

    /// Builds the CBOR and the QR text around given parts.
    #[doc(hidden)]
    pub fn assemble(credential: Vec<u8>, proof: Sign1) -> Presentation {
        let cbor = Value::Array(vec![Value::Bytes(credential.clone()), proof.to_value()]).encode();
        let qr_text = format!("{PREFIX}{}", base45::encode(&cbor));
        Presentation {
            credential,
            proof,
            cbor,
            qr_text,
        }
    }
}

/// A presentation taken apart, nothing verified yet.
pub(crate) struct Decoded {
    pub credential: Sign1,
    pub credential_bytes: Vec<u8>,
    pub proof: Sign1,
}

/// Takes the presentation's CBOR apart: `[bstr .cbor COSE_Sign1, COSE_Sign1]`.
pub(crate) fn decode_cbor(bytes: &[u8]) -> Result<Decoded, MalformedError> {
    let value = cbor::decode(bytes, PRESENTATION_LIMITS)?;
    let [credential, proof] = value
        .as_array()
        .ok_or(MalformedError::Structure("not an array"))?
    else {
        return Err(MalformedError::Structure("not an array of two"));
    };
    let credential_bytes = credential
        .as_bytes()
        .ok_or(MalformedError::Structure("credential is not a byte string"))?;
    let credential = Sign1::from_value(&cbor::decode(credential_bytes, PRESENTATION_LIMITS)?)?;
    let proof = Sign1::from_value(proof)?;
    if proof.alg != Alg::Es256 || proof.kid.is_some() {
        return Err(MalformedError::Structure("proof header"));
    }
    Ok(Decoded {
        credential,
        credential_bytes: credential_bytes.to_vec(),
        proof,
    })
}

/// The time a proof's payload states.
pub(crate) fn proof_time(proof: &Sign1) -> Result<u64, MalformedError> {
    cbor::decode(&proof.payload, PRESENTATION_LIMITS)?
        .as_u64()
        .ok_or(MalformedError::Structure("proof payload is not a time"))
}

/// The credential inside a QR text, decoded but **not verified**: for the backend's refresh,
/// which verifies the whole presentation first and then needs the phone key it names.
pub fn credential_in(qr_text: &str) -> Result<Credential, MalformedError> {
    if qr_text.len() > MAX_QR_TEXT_CHARS {
        return Err(MalformedError::Structure("longer than any presentation"));
    }
    let body = qr_text
        .strip_prefix(PREFIX)
        .ok_or(MalformedError::Structure("not a KA1 presentation"))?;
    let bytes = base45::decode(body).map_err(|_| MalformedError::Structure("not Base45"))?;
    let decoded = decode_cbor(&bytes)?;
    Credential::from_sign1(decoded.credential, decoded.credential_bytes)
}
