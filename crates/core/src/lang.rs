//! The product's languages: bokmål first, English, Ukrainian and Arabic (right to left). One type
//! for the apps, the server's letters and a card's letter language, so they cannot disagree on
//! what a language is or how it is written.

/// A language of the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Norwegian bokmål, the default.
    #[default]
    Nb,
    En,
    Uk,
    Ar,
}

impl Lang {
    /// In the order the settings list them: bokmål first.
    pub const ALL: [Lang; 4] = [Lang::Nb, Lang::En, Lang::Uk, Lang::Ar];

    /// The BCP 47 code, for `lang` attributes, stored choices and the letters' `lang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::En => "en",
            Lang::Uk => "uk",
            Lang::Ar => "ar",
        }
    }

    /// The language for its code, ignoring ASCII case (a hand-typed `?lang=NB` works).
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|lang| lang.code().eq_ignore_ascii_case(code))
    }

    /// Whether it is written right to left: Arabic.
    pub fn is_rtl(self) -> bool {
        self == Lang::Ar
    }

    /// `rtl` or `ltr`, for `dir` attributes (the CSS uses logical properties).
    pub fn dir(self) -> &'static str {
        if self.is_rtl() { "rtl" } else { "ltr" }
    }

    /// The language's name in itself, so a person finds their language whatever is shown now.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Nb => "Norsk bokmål",
            Lang::En => "English",
            Lang::Uk => "Українська",
            Lang::Ar => "العربية",
        }
    }

    /// The language for a phone's preferred languages (BCP 47 tags, most preferred first): the
    /// first one the product has. Norwegian in any form (no, nb, nn) is bokmål; nothing known
    /// gives bokmål.
    pub fn from_preferences<'a>(tags: impl IntoIterator<Item = &'a str>) -> Lang {
        tags.into_iter()
            .find_map(|tag| {
                let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
                match primary.as_str() {
                    "nb" | "no" | "nn" => Some(Lang::Nb),
                    "en" => Some(Lang::En),
                    "uk" => Some(Lang::Uk),
                    "ar" => Some(Lang::Ar),
                    _ => None,
                }
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_in_any_case_and_only_arabic_is_right_to_left() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(Lang::from_code(&lang.code().to_uppercase()), Some(lang));
            assert_eq!(lang.is_rtl(), lang == Lang::Ar);
            assert_eq!(lang.dir(), if lang == Lang::Ar { "rtl" } else { "ltr" });
        }
        assert_eq!(Lang::from_code("se"), None);
        assert_eq!(Lang::from_code(""), None);
    }

    #[test]
    fn a_phones_preferences_pick_the_first_known_language() {
        assert_eq!(Lang::from_preferences(["pl-PL", "uk-UA", "en"]), Lang::Uk);
        assert_eq!(Lang::from_preferences(["nn-NO"]), Lang::Nb);
        assert_eq!(Lang::from_preferences(["AR_eg"]), Lang::Ar);
        assert_eq!(Lang::from_preferences(["fr", "de"]), Lang::Nb);
        assert_eq!(Lang::from_preferences([]), Lang::Nb);
    }
}
