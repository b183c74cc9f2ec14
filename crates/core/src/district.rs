//! The eight districts (bydeler) of Bergen, which offers are filed under and filtered by.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A district of Bergen kommune.
///
/// The wire form is a stable ASCII slug (`"arstad"`), not the display name, so that a name's
/// spelling (Årstad, with a non-ASCII letter) can never break a sync or a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum District {
    Arna,
    Bergenhus,
    Fana,
    Fyllingsdalen,
    Laksevag,
    Ytrebygda,
    Arstad,
    Asane,
}

impl District {
    /// All districts, in the order Bergen kommune lists them.
    pub const ALL: [District; 8] = [
        District::Arna,
        District::Bergenhus,
        District::Fana,
        District::Fyllingsdalen,
        District::Laksevag,
        District::Ytrebygda,
        District::Arstad,
        District::Asane,
    ];

    /// The district's proper name. Place names are not translated, so this is the same in every
    /// language of the app.
    pub fn name(self) -> &'static str {
        match self {
            District::Arna => "Arna",
            District::Bergenhus => "Bergenhus",
            District::Fana => "Fana",
            District::Fyllingsdalen => "Fyllingsdalen",
            District::Laksevag => "Laksevåg",
            District::Ytrebygda => "Ytrebygda",
            District::Arstad => "Årstad",
            District::Asane => "Åsane",
        }
    }

    /// The stable slug used on the wire and in URLs.
    pub fn slug(self) -> &'static str {
        match self {
            District::Arna => "arna",
            District::Bergenhus => "bergenhus",
            District::Fana => "fana",
            District::Fyllingsdalen => "fyllingsdalen",
            District::Laksevag => "laksevag",
            District::Ytrebygda => "ytrebygda",
            District::Arstad => "arstad",
            District::Asane => "asane",
        }
    }
}

impl fmt::Display for District {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The text named no district of Bergen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown district {0:?}; expected one of Arna, Bergenhus, Fana, Fyllingsdalen, Laksevåg, Ytrebygda, Årstad, Åsane"
)]
pub struct UnknownDistrict(pub String);

impl FromStr for District {
    type Err = UnknownDistrict;

    /// Accepts the slug or the proper name in any letter case, so that CSV imports typed by
    /// people ("Åsane", "ÅSANE", "asane") all work.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_lowercase();
        District::ALL
            .into_iter()
            .find(|d| d.slug() == wanted || d.name().to_lowercase() == wanted)
            .ok_or_else(|| UnknownDistrict(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_the_wire_form_and_round_trip() {
        for d in District::ALL {
            let json = serde_json::to_string(&d).unwrap();
            assert_eq!(json, format!("\"{}\"", d.slug()));
            assert_eq!(serde_json::from_str::<District>(&json).unwrap(), d);
            assert!(d.slug().is_ascii());
        }
    }

    #[test]
    fn parses_names_and_slugs_in_any_case() {
        assert_eq!("Åsane".parse::<District>(), Ok(District::Asane));
        assert_eq!("ÅRSTAD".parse::<District>(), Ok(District::Arstad));
        assert_eq!(" laksevag ".parse::<District>(), Ok(District::Laksevag));
        assert_eq!("Laksevåg".parse::<District>(), Ok(District::Laksevag));
        for d in District::ALL {
            assert_eq!(d.name().parse::<District>(), Ok(d));
            assert_eq!(d.slug().parse::<District>(), Ok(d));
        }
    }

    #[test]
    fn rejects_unknown_districts_with_the_input_in_the_error() {
        let err = "Sandviken".parse::<District>().unwrap_err();
        assert_eq!(err, UnknownDistrict("Sandviken".into()));
        assert!(err.to_string().contains("Sandviken"));
        assert!(serde_json::from_str::<District>("\"sandviken\"").is_err());
    }

    #[test]
    fn there_are_eight_distinct_districts() {
        let mut slugs: Vec<_> = District::ALL.iter().map(|d| d.slug()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), 8);
    }
}
