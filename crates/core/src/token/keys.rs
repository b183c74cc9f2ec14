//! The token's keys: Ed25519 issuer and list-signing keys of the municipality, the phone's P-256
//! device key, key ids, and the COSE algorithm ids that name them.
//!
//! Secret keys are made from 32 random bytes the caller supplies (the core has no randomness
//! source), are wiped from memory on drop, and print as `[redacted]` in `Debug`.

use std::fmt;

use ed25519_dalek::Signer as _;
use p256::ecdsa::signature::Verifier as _;
use sha2::{Digest, Sha256};

/// A COSE signature algorithm (RFC 9053 ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Alg {
    /// EdDSA with Ed25519, COSE id -8: the issuer's and the lists' signatures.
    EdDsa,
    /// ECDSA with P-256 and SHA-256, COSE id -7: the phone's signature, and allowed for issuer
    /// keys so a municipality can move them into hardware that only does P-256.
    Es256,
}

impl Alg {
    pub const fn cose_id(self) -> i64 {
        match self {
            Alg::EdDsa => -8,
            Alg::Es256 => -7,
        }
    }

    pub fn from_cose_id(id: i64) -> Option<Alg> {
        match id {
            -8 => Some(Alg::EdDsa),
            -7 => Some(Alg::Es256),
            _ => None,
        }
    }
}

/// A key id: the first 8 bytes of SHA-256 over the public key's bytes (the 32-byte Ed25519 key or
/// the 33-byte compressed P-256 point). It is a hint for finding the key, not a proof: two keys
/// can share an id, so verifiers try every key with the id.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Kid(pub [u8; 8]);

impl Kid {
    pub fn of(public_key_bytes: &[u8]) -> Kid {
        let hash = Sha256::digest(public_key_bytes);
        let mut kid = [0u8; 8];
        kid.copy_from_slice(&hash[..8]);
        Kid(kid)
    }
}

impl fmt::Debug for Kid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Kid({self})")
    }
}

impl fmt::Display for Kid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// Why bytes are not a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("a P-256 secret key must be a number from 1 to the group order minus 1")]
    BadP256Secret,
    #[error("not a valid {0:?} public key")]
    BadPublicKey(Alg),
}

/// A public key that can check signatures: an entry of the trust list, a list-signing key, or a
/// phone's key.
#[derive(Clone, PartialEq, Eq)]
pub enum PublicKey {
    Ed25519(ed25519_dalek::VerifyingKey),
    P256(p256::ecdsa::VerifyingKey),
}

impl PublicKey {
    /// Parses a key for `alg`: 32 raw bytes for EdDSA, a 33-byte compressed point for ES256.
    /// Weak (small-order) Ed25519 keys are refused.
    pub fn from_bytes(alg: Alg, bytes: &[u8]) -> Result<PublicKey, KeyError> {
        let bad = || KeyError::BadPublicKey(alg);
        match alg {
            Alg::EdDsa => {
                let bytes: &[u8; 32] = bytes.try_into().map_err(|_| bad())?;
                let key = ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| bad())?;
                if key.is_weak() {
                    return Err(bad());
                }
                Ok(PublicKey::Ed25519(key))
            }
            Alg::Es256 => {
                if bytes.len() != 33 {
                    return Err(bad());
                }
                p256::ecdsa::VerifyingKey::from_sec1_bytes(bytes)
                    .map(PublicKey::P256)
                    .map_err(|_| bad())
            }
        }
    }

    pub fn alg(&self) -> Alg {
        match self {
            PublicKey::Ed25519(_) => Alg::EdDsa,
            PublicKey::P256(_) => Alg::Es256,
        }
    }

    /// The key's bytes as written in tokens and lists (see [`PublicKey::from_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            PublicKey::Ed25519(key) => key.to_bytes().to_vec(),
            PublicKey::P256(key) => key.to_sec1_point(true).as_bytes().to_vec(),
        }
    }

    pub fn kid(&self) -> Kid {
        Kid::of(&self.to_bytes())
    }

    /// Checks a signature over `message`: Ed25519 in its strict form (canonical S, no weak keys),
    /// ECDSA as `r || s` (64 bytes) over SHA-256 of the message.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match self {
            PublicKey::Ed25519(key) => {
                let Ok(signature) = <&[u8; 64]>::try_from(signature) else {
                    return false;
                };
                let signature = ed25519_dalek::Signature::from_bytes(signature);
                key.verify_strict(message, &signature).is_ok()
            }
            PublicKey::P256(key) => {
                if signature.len() != 64 {
                    return false;
                }
                let Ok(signature) = p256::ecdsa::Signature::from_slice(signature) else {
                    return false;
                };
                key.verify(message, &signature).is_ok()
            }
        }
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({:?}, kid {})", self.alg(), self.kid())
    }
}

/// The municipality's Ed25519 signing key. The backend holds two kinds: issuer keys, which sign
/// card credentials and are listed in the trust list, and the list key, which signs the trust list
/// and the revocation list and whose public half the app is built with.
pub struct IssuerKey(ed25519_dalek::SigningKey);

impl IssuerKey {
    /// The key from its 32-byte seed (RFC 8032). Use 32 bytes from a CSPRNG for a new key.
    pub fn from_seed(seed: &[u8; 32]) -> IssuerKey {
        IssuerKey(ed25519_dalek::SigningKey::from_bytes(seed))
    }

    /// The seed, for storing the key. Treat it as the secret it is.
    pub fn to_seed(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey::Ed25519(self.0.verifying_key())
    }

    pub fn kid(&self) -> Kid {
        self.public_key().kid()
    }

    /// An Ed25519 signature over `message`, for COSE to-be-signed bytes.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        self.0.sign(message).to_bytes().to_vec()
    }
}

impl fmt::Debug for IssuerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IssuerKey(kid {}, [redacted])", self.kid())
    }
}

/// The phone's P-256 key for one card. It is made on the phone and never leaves it; the credential
/// names its public half, and the phone proves it holds the secret half by signing the time.
pub struct DeviceKey(p256::ecdsa::SigningKey);

impl DeviceKey {
    /// The key from a 32-byte big-endian secret scalar. Fails (with negligible probability for
    /// random bytes) when the number is 0 or not below the group order; draw new bytes then.
    pub fn from_secret(secret: &[u8; 32]) -> Result<DeviceKey, KeyError> {
        p256::ecdsa::SigningKey::from_slice(secret)
            .map(DeviceKey)
            .map_err(|_| KeyError::BadP256Secret)
    }

    /// The secret scalar, for storing the key on the phone. Treat it as the secret it is.
    pub fn to_secret(&self) -> [u8; 32] {
        let bytes = self.0.to_bytes();
        let mut out = [0u8; 32];
        out.copy_from_slice(&bytes);
        out
    }

    pub fn public_key(&self) -> DevicePublicKey {
        DevicePublicKey(*self.0.verifying_key())
    }

    /// An RFC 6979 deterministic ECDSA signature over SHA-256 of `message`, as `r || s`.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        let signature: p256::ecdsa::Signature = self.0.sign(message);
        signature.to_bytes().to_vec()
    }
}

impl fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeviceKey({:?}, [redacted])", self.public_key())
    }
}

/// The public half of a phone's key: what the issuer puts in the credential.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct DevicePublicKey(p256::ecdsa::VerifyingKey);

impl DevicePublicKey {
    /// From the 33-byte compressed SEC1 point (what the app sends when it activates a card).
    pub fn from_compressed(bytes: &[u8]) -> Result<DevicePublicKey, KeyError> {
        match PublicKey::from_bytes(Alg::Es256, bytes)? {
            PublicKey::P256(key) => Ok(DevicePublicKey(key)),
            PublicKey::Ed25519(_) => Err(KeyError::BadPublicKey(Alg::Es256)),
        }
    }

    /// From the 65-byte uncompressed SEC1 point (`0x04 ‖ x ‖ y`): what WebCrypto and the
    /// platform keystores export as a key's public half. A point not on the curve is refused.
    pub fn from_uncompressed(bytes: &[u8]) -> Result<DevicePublicKey, KeyError> {
        if bytes.len() != 65 || bytes[0] != 0x04 {
            return Err(KeyError::BadPublicKey(Alg::Es256));
        }
        p256::ecdsa::VerifyingKey::from_sec1_bytes(bytes)
            .map(DevicePublicKey)
            .map_err(|_| KeyError::BadPublicKey(Alg::Es256))
    }

    /// The 33-byte compressed SEC1 point.
    pub fn to_compressed(&self) -> [u8; 33] {
        let point = self.0.to_sec1_point(true);
        let mut out = [0u8; 33];
        out.copy_from_slice(point.as_bytes());
        out
    }

    pub fn as_public_key(&self) -> PublicKey {
        PublicKey::P256(self.0)
    }
}

impl fmt::Debug for DevicePublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DevicePublicKey(kid {})", Kid::of(&self.to_compressed()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_secrets() {
        let issuer = IssuerKey::from_seed(&[7; 32]);
        let device = DeviceKey::from_secret(&[9; 32]).unwrap();
        for shown in [format!("{issuer:?}"), format!("{device:?}")] {
            assert!(shown.contains("[redacted]"), "{shown}");
            assert!(
                !shown.contains("0707") && !shown.contains("0909"),
                "{shown}"
            );
            assert!(!shown.contains("[7") && !shown.contains("[9"), "{shown}");
        }
    }

    #[test]
    fn keys_round_trip_through_their_bytes() {
        let issuer = IssuerKey::from_seed(&[1; 32]);
        assert_eq!(IssuerKey::from_seed(&issuer.to_seed()).kid(), issuer.kid());
        let device = DeviceKey::from_secret(&[2; 32]).unwrap();
        assert_eq!(
            DeviceKey::from_secret(&device.to_secret())
                .unwrap()
                .public_key(),
            device.public_key()
        );
        let public = device.public_key();
        assert_eq!(
            DevicePublicKey::from_compressed(&public.to_compressed()).unwrap(),
            public
        );
    }

    #[test]
    fn an_exported_uncompressed_point_reads_as_the_same_key() {
        let device = DeviceKey::from_secret(&[4; 32]).unwrap();
        let uncompressed = device.0.verifying_key().to_sec1_point(false);
        assert_eq!(
            DevicePublicKey::from_uncompressed(uncompressed.as_bytes()).unwrap(),
            device.public_key()
        );
        let bad = KeyError::BadPublicKey(Alg::Es256);
        // The compressed form, a cut one, and a point moved off the curve are all refused.
        let compressed = device.public_key().to_compressed();
        assert_eq!(
            DevicePublicKey::from_uncompressed(&compressed).unwrap_err(),
            bad
        );
        assert_eq!(
            DevicePublicKey::from_uncompressed(&uncompressed.as_bytes()[..64]).unwrap_err(),
            bad
        );
        let mut off_curve = uncompressed.as_bytes().to_vec();
        off_curve[64] ^= 1;
        assert_eq!(
            DevicePublicKey::from_uncompressed(&off_curve).unwrap_err(),
            bad
        );
    }

    #[test]
    fn rejects_bad_keys() {
        assert_eq!(
            DeviceKey::from_secret(&[0; 32]).unwrap_err(),
            KeyError::BadP256Secret
        );
        assert_eq!(
            DeviceKey::from_secret(&[0xff; 32]).unwrap_err(),
            KeyError::BadP256Secret
        );
        // The identity point is a weak Ed25519 key.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(PublicKey::from_bytes(Alg::EdDsa, &identity).is_err());
        assert!(PublicKey::from_bytes(Alg::EdDsa, &[1; 31]).is_err());
        // An uncompressed point is not accepted where a compressed one is specified.
        let device = DeviceKey::from_secret(&[3; 32]).unwrap();
        let uncompressed = device.0.verifying_key().to_sec1_point(false);
        assert!(PublicKey::from_bytes(Alg::Es256, uncompressed.as_bytes()).is_err());
        // A 33-byte string that does not start with 02 or 03 is no compressed point.
        assert!(DevicePublicKey::from_compressed(&[4; 33]).is_err());
    }

    #[test]
    fn signatures_check_out_and_fail_on_other_messages() {
        let issuer = IssuerKey::from_seed(&[4; 32]);
        let signature = issuer.sign(b"hello");
        assert!(issuer.public_key().verify(b"hello", &signature));
        assert!(!issuer.public_key().verify(b"hellp", &signature));
        assert!(!issuer.public_key().verify(b"hello", &signature[..63]));
        let device = DeviceKey::from_secret(&[5; 32]).unwrap();
        let signature = device.sign(b"hello");
        assert_eq!(
            signature,
            device.sign(b"hello"),
            "RFC 6979 is deterministic"
        );
        let public = device.public_key().as_public_key();
        assert!(public.verify(b"hello", &signature));
        assert!(!public.verify(b"hellp", &signature));
        assert!(!public.verify(b"hello", &[0; 64]));
    }
}
