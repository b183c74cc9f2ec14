//! Activation codes as the letter prints them and families type them: the alphabet, the length,
//! and the forgiving reading of what was typed, shared by the app (to say what is wrong before it
//! goes online) and the server (which stores only the code's hash).

/// Crockford's Base32 alphabet: no I, L, O or U, so a code read aloud or typed from paper is not
/// misread.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters in an activation code: 16 × 5 bits = 80 bits, far beyond guessing at the server's
/// rate limit, and still four short groups to type.
pub const CODE_CHARS: usize = 16;

/// Why typed text cannot be an activation code. Each case tells the family what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("no code was typed")]
    Empty,
    /// A character no code has (letters like Æ, Ø, Å or U, punctuation other than hyphens).
    #[error("{0:?} is not in any code: codes have only the letters A–Z (no U) and digits")]
    BadCharacter(char),
    /// Counting only letters and digits.
    #[error("a code has {CODE_CHARS} letters and digits; this has {0}")]
    WrongLength(usize),
}

/// The code in `typed`, reduced to its 16 characters: case, spaces and hyphens do not matter, and
/// the letters people confuse with digits are read as those digits (O as 0, I and L as 1).
///
/// ```
/// use aktivitetskortet_core::activation::{normalize, CodeError};
/// assert_eq!(normalize("k7qf-9m2x ht4p-wj3r").unwrap(), "K7QF9M2XHT4PWJ3R");
/// assert_eq!(normalize("K7QF-9M2X"), Err(CodeError::WrongLength(8)));
/// ```
pub fn normalize(typed: &str) -> Result<String, CodeError> {
    let mut code = String::with_capacity(CODE_CHARS);
    let mut count = 0usize;
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' | '\u{a0}' | '\t' | '\n' | '\r' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
            // The character as typed, so the message shows what the person sees.
            _ => return Err(CodeError::BadCharacter(c)),
        };
        count += 1;
        // Keep counting past the limit for the error message, but do not grow the string.
        if count <= CODE_CHARS {
            code.push(c);
        }
    }
    match count {
        0 => Err(CodeError::Empty),
        CODE_CHARS => Ok(code),
        n => Err(CodeError::WrongLength(n)),
    }
}

/// A normalised code in the letter's groups of four: `K7QF-9M2X-HT4P-WJ3R`.
pub fn grouped(code: &str) -> String {
    code.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_is_forgiven() {
        let cases = [
            ("K7QF-9M2X-HT4P-WJ3R", "K7QF9M2XHT4PWJ3R"),
            ("k7qf9m2xht4pwj3r", "K7QF9M2XHT4PWJ3R"),
            (" k7qf 9m2x\u{a0}ht4p\twj3r ", "K7QF9M2XHT4PWJ3R"),
            ("OOOO-IIII-LLLL-0000", "0000111111110000"),
        ];
        for (typed, code) in cases {
            assert_eq!(normalize(typed).as_deref(), Ok(code), "{typed:?}");
        }
    }

    #[test]
    fn junk_gets_a_reason() {
        assert_eq!(normalize(""), Err(CodeError::Empty));
        assert_eq!(normalize(" - -"), Err(CodeError::Empty));
        assert_eq!(
            normalize("K7QF-9M2X-HT4P-WJ3"),
            Err(CodeError::WrongLength(15))
        );
        assert_eq!(
            normalize("K7QF-9M2X-HT4P-WJ3R-X"),
            Err(CodeError::WrongLength(17))
        );
        assert_eq!(
            normalize("K7QF-9M2X-HT4P-WJ3U"),
            Err(CodeError::BadCharacter('U'))
        );
        assert_eq!(normalize("ÆØÅ"), Err(CodeError::BadCharacter('Æ')));
        assert_eq!(normalize("K7QF_9M2X"), Err(CodeError::BadCharacter('_')));
        assert_eq!(normalize("svømming"), Err(CodeError::BadCharacter('ø')));
    }

    #[test]
    fn codes_print_in_groups_of_four() {
        assert_eq!(grouped("K7QF9M2XHT4PWJ3R"), "K7QF-9M2X-HT4P-WJ3R");
        assert_eq!(grouped("K7QF9"), "K7QF-9");
        assert_eq!(grouped(""), "");
    }
}
