//! Random secrets the server hands out (activation codes, admin and venue keys, key seeds) and
//! how it stores them: hashed, so a copy of the database opens no door.

use aktivitetskortet_core::activation::{self, ALPHABET, CODE_CHARS};
use sha2::{Digest, Sha256};

/// `n` bytes from the operating system's CSPRNG.
pub fn random_bytes<const N: usize>() -> anyhow::Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness from the OS: {e}"))?;
    Ok(bytes)
}

fn base32(bytes: &[u8], chars: usize) -> String {
    // Each character takes 5 bits of a big-endian bit string.
    (0..chars)
        .map(|i| {
            let bit = i * 5;
            let mut value = 0usize;
            for b in bit..bit + 5 {
                let set = bytes
                    .get(b / 8)
                    .is_some_and(|byte| byte & (0x80 >> (b % 8)) != 0);
                value = value << 1 | usize::from(set);
            }
            char::from(ALPHABET[value])
        })
        .collect()
}

/// A new activation code, grouped for print: `K7QF-9M2X-HT4P-WJ3R`.
pub fn new_activation_code() -> anyhow::Result<String> {
    Ok(activation::grouped(&base32(
        &random_bytes::<10>()?,
        CODE_CHARS,
    )))
}

/// An activation code as typed, reduced to its 16 characters (see
/// [`activation::normalize`], which the app uses too). `None` when it cannot be a code at all:
/// the server gives every failure the same answer.
pub fn normalize_code(typed: &str) -> Option<String> {
    activation::normalize(typed).ok()
}

/// A new API key: a readable prefix saying what it is for, and 160 random bits.
pub fn new_api_key(prefix: &str) -> anyhow::Result<String> {
    Ok(format!(
        "{prefix}_{}",
        base32(&random_bytes::<20>()?, 32).to_ascii_lowercase()
    ))
}

/// A new session id or CSRF token: 256 random bits, in a cookie- and header-safe alphabet.
pub fn random_token() -> anyhow::Result<String> {
    Ok(base32(&random_bytes::<32>()?, 51).to_ascii_lowercase())
}

/// Whether a secret someone sent is the one held, without a comparison whose time depends on
/// how much of it was right (the hashes are compared, which an attacker cannot steer).
pub fn same(sent: &str, held: &str) -> bool {
    hash(sent) == hash(held)
}

/// The stored form of a code or key. Plain SHA-256 is enough: the secrets have 80 bits or more
/// of entropy, so there is no dictionary to try.
pub fn hash(secret: &str) -> String {
    sha256_hex(secret.as_bytes())
}

/// SHA-256 as lower-case hex: stored secrets, list contents, image versions.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_and_normalise_back() {
        let code = new_activation_code().unwrap();
        assert_eq!(code.len(), 19, "{code}");
        assert_eq!(code.matches('-').count(), 3);
        let plain = code.replace('-', "");
        assert_eq!(normalize_code(&code).as_deref(), Some(plain.as_str()));
        assert_eq!(
            normalize_code(&code.to_lowercase()).as_deref(),
            Some(plain.as_str())
        );
        assert_ne!(new_activation_code().unwrap(), code);
    }

    #[test]
    fn normalisation_forgives_typing_and_refuses_junk() {
        assert_eq!(
            normalize_code("k7qf 9m2x-ht4p wj3r").as_deref(),
            Some("K7QF9M2XHT4PWJ3R")
        );
        assert_eq!(
            normalize_code("O1IL-0000-0000-0000").as_deref(),
            Some("0111000000000000")
        );
        assert_eq!(normalize_code("K7QF-9M2X-HT4P"), None, "too short");
        assert_eq!(normalize_code("K7QF-9M2X-HT4P-WJ3R-A"), None, "too long");
        assert_eq!(
            normalize_code("K7QF-9M2X-HT4P-WJ3U"),
            None,
            "U is not in the alphabet"
        );
        assert_eq!(normalize_code("K7QF-9M2X-HT4P-WJ3Ø"), None);
        assert_eq!(normalize_code(&"A".repeat(10_000)), None);
    }

    #[test]
    fn keys_have_their_prefix_and_hashes_are_stable() {
        let key = new_api_key("ak_admin").unwrap();
        assert!(key.starts_with("ak_admin_") && key.len() == 9 + 32, "{key}");
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
