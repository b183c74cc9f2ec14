//! The strict CBOR subset the card token is written in: deterministic encoding (RFC 8949 §4.2.1)
//! of unsigned and negative integers, byte and text strings, arrays, maps and booleans.
//!
//! The decoder accepts exactly one encoding for each value: shortest-form heads, definite lengths,
//! map keys in ascending bytewise order of their encodings (which also rules out duplicate keys),
//! no tags, floats or other simple values, valid UTF-8, and no bytes after the item. A verifier
//! that accepted more than one encoding would let two parsers disagree about a signed document;
//! accepting only one means the bytes that were signed are the only bytes that verify.
//!
//! It never allocates more than the input can back (a declared length is checked against the bytes
//! left), never recurses deeper than [`Limits::max_depth`] and never panics.

use std::fmt;

/// A decoded CBOR value. Maps keep their (already sorted) entry order.
#[derive(Clone, PartialEq, Eq)]
pub enum Value {
    Unsigned(u64),
    /// A negative integer `-1 - n`, stored as `n` so the full CBOR range fits.
    Negative(u64),
    Bytes(Vec<u8>),
    Text(String),
    Array(Vec<Value>),
    Map(Vec<(Value, Value)>),
    Bool(bool),
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Unsigned(n) => write!(f, "{n}"),
            Value::Negative(n) => write!(f, "-{}", u128::from(*n) + 1),
            Value::Bytes(b) => {
                f.write_str("h'")?;
                for byte in b {
                    write!(f, "{byte:02x}")?;
                }
                f.write_str("'")
            }
            Value::Text(s) => write!(f, "{s:?}"),
            Value::Array(items) => f.debug_list().entries(items).finish(),
            Value::Map(entries) => f
                .debug_map()
                .entries(entries.iter().map(|(k, v)| (k, v)))
                .finish(),
            Value::Bool(b) => write!(f, "{b}"),
        }
    }
}

impl Value {
    /// An integer map key or value; negative numbers use CBOR major type 1.
    pub fn int(n: i64) -> Value {
        if n >= 0 {
            Value::Unsigned(n.unsigned_abs())
        } else {
            Value::Negative(n.unsigned_abs() - 1)
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match *self {
            Value::Unsigned(n) => i64::try_from(n).ok(),
            Value::Negative(n) => i64::try_from(n).ok().map(|n| -1 - n),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Value::Unsigned(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Bytes(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Value, Value)]> {
        match self {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The deterministic encoding of this value. Map entries are written sorted by the bytes of
    /// their encoded keys, whatever order they were given in.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode_into(&mut out);
        out
    }

    fn encode_into(&self, out: &mut Vec<u8>) {
        match self {
            Value::Unsigned(n) => head(out, 0, *n),
            Value::Negative(n) => head(out, 1, *n),
            Value::Bytes(b) => {
                head(out, 2, b.len() as u64);
                out.extend_from_slice(b);
            }
            Value::Text(s) => {
                head(out, 3, s.len() as u64);
                out.extend_from_slice(s.as_bytes());
            }
            Value::Array(items) => {
                head(out, 4, items.len() as u64);
                for item in items {
                    item.encode_into(out);
                }
            }
            Value::Map(entries) => {
                let mut encoded: Vec<(Vec<u8>, Vec<u8>)> = entries
                    .iter()
                    .map(|(k, v)| (k.encode(), v.encode()))
                    .collect();
                encoded.sort();
                head(out, 5, encoded.len() as u64);
                for (k, v) in encoded {
                    out.extend_from_slice(&k);
                    out.extend_from_slice(&v);
                }
            }
            Value::Bool(b) => out.push(if *b { 0xf5 } else { 0xf4 }),
        }
    }
}

/// Writes a shortest-form head: major type in the top 3 bits, argument in the rest.
fn head(out: &mut Vec<u8>, major: u8, arg: u64) {
    let major = major << 5;
    if arg < 24 {
        out.push(major | arg as u8);
    } else if let Ok(arg) = u8::try_from(arg) {
        out.extend_from_slice(&[major | 24, arg]);
    } else if let Ok(arg) = u16::try_from(arg) {
        out.push(major | 25);
        out.extend_from_slice(&arg.to_be_bytes());
    } else if let Ok(arg) = u32::try_from(arg) {
        out.push(major | 26);
        out.extend_from_slice(&arg.to_be_bytes());
    } else {
        out.push(major | 27);
        out.extend_from_slice(&arg.to_be_bytes());
    }
}

/// Bounds on what the decoder will take on.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Arrays and maps nested deeper than this are rejected.
    pub max_depth: usize,
    /// Input longer than this is rejected before any decoding.
    pub max_len: usize,
}

/// Why bytes are not strict CBOR. The offset is where decoding stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CborError {
    #[error("input is {len} bytes, more than the {max} allowed")]
    TooLong { len: usize, max: usize },
    #[error("input ends in the middle of an item at byte {0}")]
    Truncated(usize),
    #[error("{0} bytes follow the item")]
    TrailingBytes(usize),
    #[error("not the shortest encoding of a number or length at byte {0}")]
    NotShortest(usize),
    #[error("indefinite length at byte {0}")]
    Indefinite(usize),
    #[error("unsupported item (tag, float or simple value) at byte {0}")]
    Unsupported(usize),
    #[error("map keys out of order or repeated at byte {0}")]
    KeyOrder(usize),
    #[error("text is not UTF-8 at byte {0}")]
    BadUtf8(usize),
    #[error("nested deeper than {0} levels")]
    TooDeep(usize),
}

/// Decodes exactly one strict CBOR item that must fill `input` entirely.
pub fn decode(input: &[u8], limits: Limits) -> Result<Value, CborError> {
    if input.len() > limits.max_len {
        return Err(CborError::TooLong {
            len: input.len(),
            max: limits.max_len,
        });
    }
    let mut decoder = Decoder {
        input,
        pos: 0,
        max_depth: limits.max_depth,
    };
    let value = decoder.item(0)?;
    match input.len() - decoder.pos {
        0 => Ok(value),
        rest => Err(CborError::TrailingBytes(rest)),
    }
}

struct Decoder<'a> {
    input: &'a [u8],
    pos: usize,
    max_depth: usize,
}

impl Decoder<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], CborError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&end| end <= self.input.len())
            .ok_or(CborError::Truncated(self.pos))?;
        let bytes = &self.input[self.pos..end];
        self.pos = end;
        Ok(bytes)
    }

    /// Reads a head; returns (major type, argument). Rejects non-shortest and indefinite forms.
    fn head(&mut self) -> Result<(u8, u64), CborError> {
        let at = self.pos;
        let initial = self.take(1)?[0];
        let major = initial >> 5;
        let info = initial & 0x1f;
        let arg = match info {
            0..=23 => u64::from(info),
            24 => {
                let n = u64::from(self.take(1)?[0]);
                if n < 24 {
                    return Err(CborError::NotShortest(at));
                }
                n
            }
            25 => {
                let b = self.take(2)?;
                let n = u64::from(u16::from_be_bytes([b[0], b[1]]));
                if n <= 0xff {
                    return Err(CborError::NotShortest(at));
                }
                n
            }
            26 => {
                let b = self.take(4)?;
                let n = u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
                if n <= 0xffff {
                    return Err(CborError::NotShortest(at));
                }
                n
            }
            27 => {
                let b = self.take(8)?;
                let mut buf = [0u8; 8];
                buf.copy_from_slice(b);
                let n = u64::from_be_bytes(buf);
                if n <= 0xffff_ffff {
                    return Err(CborError::NotShortest(at));
                }
                n
            }
            31 if (2..=5).contains(&major) => return Err(CborError::Indefinite(at)),
            _ => return Err(CborError::Unsupported(at)),
        };
        Ok((major, arg))
    }

    /// A declared length, checked against the bytes left so a lying header cannot make us
    /// allocate: every element takes at least one byte.
    fn length(&self, arg: u64, at: usize) -> Result<usize, CborError> {
        usize::try_from(arg)
            .ok()
            .filter(|&n| n <= self.input.len() - self.pos)
            .ok_or(CborError::Truncated(at))
    }

    fn item(&mut self, depth: usize) -> Result<Value, CborError> {
        let at = self.pos;
        let (major, arg) = self.head()?;
        match major {
            0 => Ok(Value::Unsigned(arg)),
            1 => Ok(Value::Negative(arg)),
            2 => {
                let len = self.length(arg, at)?;
                Ok(Value::Bytes(self.take(len)?.to_vec()))
            }
            3 => {
                let len = self.length(arg, at)?;
                let bytes = self.take(len)?;
                let text = std::str::from_utf8(bytes).map_err(|_| CborError::BadUtf8(at))?;
                Ok(Value::Text(text.to_owned()))
            }
            4 => {
                if depth >= self.max_depth {
                    return Err(CborError::TooDeep(self.max_depth));
                }
                let len = self.length(arg, at)?;
                let mut items = Vec::with_capacity(len);
                for _ in 0..len {
                    items.push(self.item(depth + 1)?);
                }
                Ok(Value::Array(items))
            }
            5 => {
                if depth >= self.max_depth {
                    return Err(CborError::TooDeep(self.max_depth));
                }
                // Each entry takes at least two bytes.
                let len = self.length(arg.saturating_mul(2), at)? / 2;
                let mut entries = Vec::with_capacity(len);
                let mut previous_key: Option<&[u8]> = None;
                for _ in 0..len {
                    let key_start = self.pos;
                    let key = self.item(depth + 1)?;
                    let key_bytes = &self.input[key_start..self.pos];
                    if previous_key.is_some_and(|prev| prev >= key_bytes) {
                        return Err(CborError::KeyOrder(key_start));
                    }
                    previous_key = Some(key_bytes);
                    let value = self.item(depth + 1)?;
                    entries.push((key, value));
                }
                Ok(Value::Map(entries))
            }
            7 => match arg {
                20 => Ok(Value::Bool(false)),
                21 => Ok(Value::Bool(true)),
                _ => Err(CborError::Unsupported(at)),
            },
            // Major type 6 (tags): none are used in the token.
            _ => Err(CborError::Unsupported(at)),
        }
    }
}

/// Looks up an integer key in a decoded map.
pub fn map_get(entries: &[(Value, Value)], key: i64) -> Option<&Value> {
    entries
        .iter()
        .find(|(k, _)| k.as_int() == Some(key))
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LIMITS: Limits = Limits {
        max_depth: 8,
        max_len: 4096,
    };

    fn hex(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }

    /// Encodings from RFC 8949 Appendix A.
    #[test]
    fn encodes_rfc_8949_examples() {
        let cases: &[(Value, &str)] = &[
            (Value::Unsigned(0), "00"),
            (Value::Unsigned(23), "17"),
            (Value::Unsigned(24), "1818"),
            (Value::Unsigned(1000), "1903e8"),
            (Value::Unsigned(1_000_000), "1a000f4240"),
            (Value::Unsigned(1_000_000_000_000), "1b000000e8d4a51000"),
            (Value::int(-1), "20"),
            (Value::int(-1000), "3903e7"),
            (Value::Negative(u64::MAX), "3bffffffffffffffff"),
            (Value::Bytes(vec![1, 2, 3, 4]), "4401020304"),
            (Value::Text("ü".into()), "62c3bc"),
            (Value::Bool(true), "f5"),
            (
                Value::Array(vec![
                    Value::Unsigned(1),
                    Value::Array(vec![Value::Unsigned(2), Value::Unsigned(3)]),
                ]),
                "8201820203",
            ),
            (
                Value::Map(vec![
                    (Value::Text("b".into()), Value::Unsigned(2)),
                    (Value::Text("a".into()), Value::Unsigned(1)),
                ]),
                "a2616101616202",
            ),
        ];
        for (value, expected) in cases {
            assert_eq!(hex::encode(value.encode()), *expected, "{value:?}");
            // Maps compare by encoding: the decoder keeps the sorted order.
            assert_eq!(
                decode(&hex(expected), LIMITS).unwrap().encode(),
                hex(expected)
            );
        }
    }

    #[test]
    fn map_keys_sort_by_their_encoding() {
        let map = Value::Map(vec![
            (Value::int(-1), Value::Unsigned(0)),
            (Value::int(10), Value::Unsigned(0)),
            (Value::int(1), Value::Unsigned(0)),
        ]);
        // 0x01 < 0x0a < 0x20
        assert_eq!(hex::encode(map.encode()), "a301000a002000");
    }

    #[test]
    fn rejects_everything_but_the_one_deterministic_encoding() {
        let cases: &[(&str, CborError)] = &[
            ("", CborError::Truncated(0)),
            ("1817", CborError::NotShortest(0)),
            ("190017", CborError::NotShortest(0)),
            ("1a0000ffff", CborError::NotShortest(0)),
            ("1b00000000ffffffff", CborError::NotShortest(0)),
            ("5f4101ff", CborError::Indefinite(0)),
            ("9fff", CborError::Indefinite(0)),
            ("c11a514b67b0", CborError::Unsupported(0)),
            ("f93c00", CborError::Unsupported(0)),
            ("f6", CborError::Unsupported(0)),
            ("0000", CborError::TrailingBytes(1)),
            ("a201000100", CborError::KeyOrder(3)),
            ("a202000100", CborError::KeyOrder(3)),
            ("62c328", CborError::BadUtf8(0)),
            ("5a00010000", CborError::Truncated(0)),
            ("9b0000000100000000", CborError::Truncated(0)),
            ("bb0000000100000000", CborError::Truncated(0)),
            ("43010203ff", CborError::TrailingBytes(1)),
            ("440102", CborError::Truncated(0)),
        ];
        for (input, expected) in cases {
            assert_eq!(
                decode(&hex(input), LIMITS).unwrap_err(),
                *expected,
                "{input}"
            );
        }
    }

    #[test]
    fn caps_depth_and_length() {
        // Nine nested arrays around a 0.
        let deep = hex("81818181818181818100");
        assert_eq!(decode(&deep, LIMITS), Err(CborError::TooDeep(8)));
        let long = vec![0x40; 10];
        let limits = Limits {
            max_len: 9,
            ..LIMITS
        };
        assert_eq!(
            decode(&long, limits),
            Err(CborError::TooLong { len: 10, max: 9 })
        );
    }

    fn arb_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            any::<u64>().prop_map(Value::Unsigned),
            any::<u64>().prop_map(Value::Negative),
            proptest::collection::vec(any::<u8>(), 0..40).prop_map(Value::Bytes),
            ".{0,20}".prop_map(Value::Text),
            any::<bool>().prop_map(Value::Bool),
        ];
        leaf.prop_recursive(4, 64, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(any::<i32>(), inner, 0..6).prop_map(|m| {
                    Value::Map(
                        m.into_iter()
                            .map(|(k, v)| (Value::int(i64::from(k)), v))
                            .collect(),
                    )
                }),
            ]
        })
    }

    proptest! {
        #[test]
        fn decode_inverts_encode(value in arb_value()) {
            let bytes = value.encode();
            let decoded = decode(&bytes, LIMITS).unwrap();
            // Decoding is canonical: re-encoding what was decoded gives the same bytes.
            prop_assert_eq!(decoded.encode(), bytes);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = decode(&bytes, LIMITS);
        }
    }
}
