//! The given name on a card: the rule an issuer follows (a name and nothing else) and the looser
//! rule a verifier checks before it shows a name to venue staff.
//!
//! The two differ on purpose. Issuing is where a coordinator's "Amina (NAV)" must be refused,
//! because a bracketed note on a child's card tells every venue why the child has it. Verifying
//! runs in 80+ municipalities' venue apps against cards from any issuer; there the only question
//! is whether the name is safe to put on screen (no invisible or direction-changing characters
//! that could make one name look like another), so a slightly different issuer rule elsewhere
//! never turns a genuine child away at the door.

use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

use super::credential::IssueError;

/// The longest given name, in UTF-8 bytes: 48 bytes keep the QR at version 13 or below at error
/// correction M even for names in Cyrillic or Arabic script (24 letters of 2 bytes).
pub const MAX_GIVEN_NAME_BYTES: usize = 48;

/// The characters a name may have between its letters: a space, a hyphen (ASCII or U+2010) and an
/// apostrophe (ASCII or the typographic U+2019), as in "Anne-Marie", "N'Golo" or "Nur Ali".
const SEPARATORS: [char; 5] = [' ', '-', '\u{2010}', '\'', '\u{2019}'];

/// The issuer's rule: 1 to 48 bytes of letters (any script) and combining marks, with single
/// spaces, hyphens or apostrophes between letters. No digits, brackets, symbols, punctuation or
/// bidi controls: a name carries a name and nothing else. The server, the card spreadsheet import
/// and the admin form all check this one function.
pub fn check_given_name(name: &str) -> Result<(), IssueError> {
    check_length(name)?;
    let mut previous: Option<char> = None;
    for c in name.chars() {
        let letter = c.general_category_group() == GeneralCategoryGroup::Letter;
        let mark = c.general_category_group() == GeneralCategoryGroup::Mark;
        let separator = SEPARATORS.contains(&c);
        let fits = match previous {
            // A name starts with a letter: not a mark with nothing to sit on, not a separator.
            None => letter,
            Some(p) if SEPARATORS.contains(&p) => letter,
            Some(_) => letter || mark || separator,
        };
        if !fits {
            return Err(if letter || mark || separator {
                IssueError::NameShape
            } else {
                IssueError::NameCharacter(c)
            });
        }
        previous = Some(c);
    }
    if previous.is_some_and(|c| SEPARATORS.contains(&c)) {
        return Err(IssueError::NameShape);
    }
    Ok(())
}

/// The verifier's rule (specification §5.1): 1 to 48 bytes; no character of general category Cc
/// (controls), Cf (format characters, among them the bidi controls U+202A–U+202E and
/// U+2066–U+2069 and zero-width joiners), Zl, Zp (line and paragraph separators) or Co (private
/// use); and no white space at either end.
pub fn check_shown_name(name: &str) -> Result<(), IssueError> {
    check_length(name)?;
    let hidden = |c: char| {
        matches!(
            c.general_category(),
            GeneralCategory::Control
                | GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
                | GeneralCategory::PrivateUse
        )
    };
    if name.chars().any(hidden) || name.trim() != name {
        return Err(IssueError::NameNotClean);
    }
    Ok(())
}

fn check_length(name: &str) -> Result<(), IssueError> {
    if name.is_empty() {
        return Err(IssueError::EmptyName);
    }
    if name.len() > MAX_GIVEN_NAME_BYTES {
        return Err(IssueError::NameTooLong);
    }
    Ok(())
}

/// A character as an error message names it: the character itself when it is visible, and its
/// code point always, so an invisible bidi control is still named.
pub(crate) struct Named(pub char);

impl std::fmt::Display for Named {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = self.0;
        if c.is_control() || c.general_category() == GeneralCategory::Format || c.is_whitespace() {
            write!(f, "U+{:04X}", c as u32)
        } else {
            write!(f, "\u{201c}{c}\u{201d} (U+{:04X})", c as u32)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_every_script_the_scheme_meets_are_accepted() {
        for name in [
            "Amina",
            "Anne-Marie",
            "Nur Ali",
            "N'Golo",
            "D\u{2019}Angelo",
            "Øystein",
            "Ærlig Åse",
            "Оксана",
            "Олекса\u{301}ндр", // a combining acute accent, as Ukrainian stress marks are typed
            "أمينة",
            "مُحَمَّد", // Arabic with its vowel marks (combining)
            "ትዕግስት",
            "李明",
            "Zoë",
            &"Я".repeat(24),
        ] {
            assert_eq!(check_given_name(name), Ok(()), "{name}");
            assert_eq!(check_shown_name(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn anything_but_a_name_is_refused_by_name() {
        for (name, c) in [
            ("Amina (NAV)", '('),
            ("Amina [krise]", '['),
            ("Amina2", '2'),
            ("Amina #1", '#'),
            ("Amina!", '!'),
            ("Amina, NAV", ','),
            ("Amina.", '.'),
            ("Amina 🙂", '🙂'),
            ("Amina\u{202e}VAN", '\u{202e}'),
            ("Amina\u{2066}", '\u{2066}'),
            ("Ami\u{200b}na", '\u{200b}'),
            ("Am\u{7}ina", '\u{7}'),
            ("Amina\tAli", '\t'),
            ("Amina\u{a0}Ali", '\u{a0}'),
        ] {
            assert_eq!(
                check_given_name(name),
                Err(IssueError::NameCharacter(c)),
                "{name:?}"
            );
        }
    }

    #[test]
    fn separators_sit_between_letters_only() {
        for name in [
            " Amina",
            "Amina ",
            "-Amina",
            "Amina-",
            "Anne--Marie",
            "Anne  Marie",
            "Anne- Marie",
            "'Amina",
            "\u{301}Amina",
        ] {
            assert_eq!(
                check_given_name(name),
                Err(IssueError::NameShape),
                "{name:?}"
            );
        }
        assert_eq!(check_given_name(""), Err(IssueError::EmptyName));
        assert_eq!(
            check_given_name(&"Я".repeat(25)),
            Err(IssueError::NameTooLong)
        );
    }

    #[test]
    fn the_verifier_refuses_only_what_is_unsafe_to_show() {
        // Another municipality's issuer may allow a digit or a dot; the venue still shows it.
        assert_eq!(check_shown_name("Amina 2."), Ok(()));
        for name in [
            "Amina\u{202e}VAN",
            "Amina\u{2067}",
            "Ami\u{200d}na",
            "Ami\u{feff}na",
            "Am\u{7}ina",
            "Amina\u{2028}",
            "Amina\u{e000}",
            " Amina",
            "Amina\u{3000}",
        ] {
            assert_eq!(
                check_shown_name(name),
                Err(IssueError::NameNotClean),
                "{name:?}"
            );
        }
    }

    #[test]
    fn a_refused_character_is_named_even_when_it_is_invisible() {
        let message = IssueError::NameCharacter('\u{202e}').to_string();
        assert!(message.contains("U+202E"), "{message}");
        let message = IssueError::NameCharacter('(').to_string();
        assert!(message.contains("\u{201c}(\u{201d}"), "{message}");
    }
}
