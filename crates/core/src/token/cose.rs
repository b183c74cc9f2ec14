//! COSE_Sign1 (RFC 9052 §4.2) as the token uses it: untagged, a protected header holding only the
//! algorithm and optionally a key id, an empty unprotected header, an embedded payload.

use super::cbor::{self, Value};
use super::keys::{Alg, Kid};

/// COSE header labels.
const ALG: i64 = 1;
const KID: i64 = 4;

/// A COSE_Sign1 structure, decoded but not yet verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sign1 {
    /// The protected header's bytes exactly as signed.
    pub protected: Vec<u8>,
    pub alg: Alg,
    pub kid: Option<Kid>,
    pub payload: Vec<u8>,
    pub signature: Vec<u8>,
}

/// Why a value is not a COSE_Sign1 of the shape the token allows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoseError {
    #[error("not an array of four items")]
    NotSign1,
    #[error("the protected header is not a byte string holding a strict CBOR map")]
    BadProtected,
    #[error("the protected header has an unknown or missing label")]
    BadHeaderLabel,
    #[error("unsupported algorithm {0}")]
    UnsupportedAlg(i64),
    #[error("the key id is not 8 bytes")]
    BadKid,
    #[error("the unprotected header is not empty")]
    UnprotectedNotEmpty,
    #[error("payload or signature is not a byte string")]
    NotBytes,
}

impl Sign1 {
    /// The protected header bytes for `alg` and an optional key id.
    pub fn protected_header(alg: Alg, kid: Option<Kid>) -> Vec<u8> {
        let mut entries = vec![(Value::int(ALG), Value::int(alg.cose_id()))];
        if let Some(kid) = kid {
            entries.push((Value::int(KID), Value::Bytes(kid.0.to_vec())));
        }
        Value::Map(entries).encode()
    }

    /// The bytes a signature covers: `["Signature1", protected, external_aad, payload]`.
    pub fn to_be_signed(protected: &[u8], external_aad: &[u8], payload: &[u8]) -> Vec<u8> {
        Value::Array(vec![
            Value::Text("Signature1".into()),
            Value::Bytes(protected.to_vec()),
            Value::Bytes(external_aad.to_vec()),
            Value::Bytes(payload.to_vec()),
        ])
        .encode()
    }

    /// Builds and signs a Sign1; `sign` gets the to-be-signed bytes.
    pub fn sign(
        alg: Alg,
        kid: Option<Kid>,
        payload: Vec<u8>,
        external_aad: &[u8],
        sign: impl FnOnce(&[u8]) -> Vec<u8>,
    ) -> Sign1 {
        let protected = Sign1::protected_header(alg, kid);
        let signature = sign(&Sign1::to_be_signed(&protected, external_aad, &payload));
        Sign1 {
            protected,
            alg,
            kid,
            payload,
            signature,
        }
    }

    pub fn to_be_signed_with(&self, external_aad: &[u8]) -> Vec<u8> {
        Sign1::to_be_signed(&self.protected, external_aad, &self.payload)
    }

    pub fn to_value(&self) -> Value {
        Value::Array(vec![
            Value::Bytes(self.protected.clone()),
            Value::Map(Vec::new()),
            Value::Bytes(self.payload.clone()),
            Value::Bytes(self.signature.clone()),
        ])
    }

    pub fn encode(&self) -> Vec<u8> {
        self.to_value().encode()
    }

    pub fn from_value(value: &Value) -> Result<Sign1, CoseError> {
        let [protected, unprotected, payload, signature] =
            value.as_array().ok_or(CoseError::NotSign1)?
        else {
            return Err(CoseError::NotSign1);
        };
        let protected = protected.as_bytes().ok_or(CoseError::BadProtected)?;
        let header = cbor::decode(
            protected,
            cbor::Limits {
                max_depth: 1,
                max_len: 64,
            },
        )
        .map_err(|_| CoseError::BadProtected)?;
        let header = header.as_map().ok_or(CoseError::BadProtected)?;
        let mut alg = None;
        let mut kid = None;
        for (label, value) in header {
            match label.as_int() {
                Some(ALG) => {
                    let id = value.as_int().ok_or(CoseError::BadHeaderLabel)?;
                    alg = Some(Alg::from_cose_id(id).ok_or(CoseError::UnsupportedAlg(id))?);
                }
                Some(KID) => {
                    let bytes = value.as_bytes().ok_or(CoseError::BadKid)?;
                    kid = Some(Kid(bytes.try_into().map_err(|_| CoseError::BadKid)?));
                }
                _ => return Err(CoseError::BadHeaderLabel),
            }
        }
        let alg = alg.ok_or(CoseError::BadHeaderLabel)?;
        if unprotected.as_map().is_none_or(|m| !m.is_empty()) {
            return Err(CoseError::UnprotectedNotEmpty);
        }
        Ok(Sign1 {
            protected: protected.to_vec(),
            alg,
            kid,
            payload: payload.as_bytes().ok_or(CoseError::NotBytes)?.to_vec(),
            signature: signature.as_bytes().ok_or(CoseError::NotBytes)?.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_header_is_frozen() {
        // {1: -8, 4: h'0102030405060708'}: a failure here is a format break.
        assert_eq!(
            hex::encode(Sign1::protected_header(
                Alg::EdDsa,
                Some(Kid([1, 2, 3, 4, 5, 6, 7, 8]))
            )),
            "a201270448".to_owned() + "0102030405060708"
        );
        assert_eq!(
            hex::encode(Sign1::protected_header(Alg::Es256, None)),
            "a10126"
        );
    }

    #[test]
    fn round_trips_and_rejects_other_shapes() {
        let sign1 = Sign1::sign(Alg::Es256, None, vec![1, 2], b"", |_| vec![9; 64]);
        assert_eq!(Sign1::from_value(&sign1.to_value()), Ok(sign1.clone()));

        let mut with_unprotected = sign1.to_value();
        if let Value::Array(items) = &mut with_unprotected {
            items[1] = Value::Map(vec![(Value::int(4), Value::Bytes(vec![0; 8]))]);
        }
        assert_eq!(
            Sign1::from_value(&with_unprotected),
            Err(CoseError::UnprotectedNotEmpty)
        );

        let unknown_label = Value::Map(vec![
            (Value::int(1), Value::int(-7)),
            (Value::int(3), Value::int(0)),
        ]);
        let mut with_label = sign1.to_value();
        if let Value::Array(items) = &mut with_label {
            items[0] = Value::Bytes(unknown_label.encode());
        }
        assert_eq!(
            Sign1::from_value(&with_label),
            Err(CoseError::BadHeaderLabel)
        );

        let rsa = Value::Map(vec![(Value::int(1), Value::int(-257))]);
        let mut with_rsa = sign1.to_value();
        if let Value::Array(items) = &mut with_rsa {
            items[0] = Value::Bytes(rsa.encode());
        }
        assert_eq!(
            Sign1::from_value(&with_rsa),
            Err(CoseError::UnsupportedAlg(-257))
        );

        assert_eq!(
            Sign1::from_value(&Value::Array(vec![])),
            Err(CoseError::NotSign1)
        );
    }
}
