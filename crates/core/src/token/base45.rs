//! Base45 (RFC 9285): the text encoding of the QR payload. Its 45 characters are exactly the QR
//! code's alphanumeric set, so a QR encoder packs 2 characters into 11 bits.

const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Why a text is not Base45.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Base45Error {
    #[error("character {0:?} is not in the Base45 alphabet")]
    BadCharacter(char),
    #[error("a lone last character: Base45 text has 3n or 3n+2 characters")]
    BadLength,
    #[error("a group encodes a value too large for its bytes")]
    Overflow,
}

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(2) * 3);
    let mut push = |n: usize| out.push(char::from(ALPHABET[n]));
    let mut pairs = bytes.chunks_exact(2);
    for pair in &mut pairs {
        let n = usize::from(pair[0]) * 256 + usize::from(pair[1]);
        push(n % 45);
        push(n / 45 % 45);
        push(n / 2025);
    }
    if let [last] = pairs.remainder() {
        let n = usize::from(*last);
        push(n % 45);
        push(n / 45);
    }
    out
}

fn digit(c: u8) -> Result<u32, Base45Error> {
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .map(|i| i as u32)
        .ok_or(Base45Error::BadCharacter(char::from(c)))
}

pub fn decode(text: &str) -> Result<Vec<u8>, Base45Error> {
    if let Some(c) = text.chars().find(|c| !c.is_ascii()) {
        return Err(Base45Error::BadCharacter(c));
    }
    let text = text.as_bytes();
    if text.len() % 3 == 1 {
        return Err(Base45Error::BadLength);
    }
    let mut out = Vec::with_capacity(text.len() / 3 * 2 + 1);
    for group in text.chunks(3) {
        match *group {
            [c, d, e] => {
                let n = digit(c)? + digit(d)? * 45 + digit(e)? * 2025;
                let n = u16::try_from(n).map_err(|_| Base45Error::Overflow)?;
                out.extend_from_slice(&n.to_be_bytes());
            }
            [c, d] => {
                let n = digit(c)? + digit(d)? * 45;
                out.push(u8::try_from(n).map_err(|_| Base45Error::Overflow)?);
            }
            _ => return Err(Base45Error::BadLength),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The examples of RFC 9285 §4.
    #[test]
    fn rfc_9285_examples() {
        for (bytes, text) in [
            (&b"AB"[..], "BB8"),
            (b"Hello!!", "%69 VD92EX0"),
            (b"base-45", "UJCLQE7W581"),
            (b"ietf!", "QED8WEX0"),
            (b"", ""),
        ] {
            assert_eq!(encode(bytes), text);
            assert_eq!(decode(text).unwrap(), bytes);
        }
    }

    #[test]
    fn rejects_bad_text() {
        assert_eq!(decode("GGW"), Err(Base45Error::Overflow)); // 65536
        assert_eq!(decode("::"), Err(Base45Error::Overflow)); // 44 + 44*45 > 255
        assert_eq!(decode("BB8A"), Err(Base45Error::BadLength));
        assert_eq!(decode("bb8"), Err(Base45Error::BadCharacter('b')));
        assert_eq!(decode("BBø"), Err(Base45Error::BadCharacter('ø')));
    }

    proptest! {
        #[test]
        fn round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            prop_assert_eq!(decode(&encode(&bytes)).unwrap(), bytes);
        }

        #[test]
        fn never_panics(text in "\\PC{0,40}") {
            let _ = decode(&text);
        }
    }
}
