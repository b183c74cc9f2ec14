//! The words for the domain's values, shared by the holder's screens, venue mode and the admin
//! area: an offer's text in the shown language, categories, accessibility facts, companion rules.

use aktivitetskortet_core::offer::{Accessibility, Category, Text};
use aktivitetskortet_core::token::CompanionRule;

use crate::shared::i18n::{self, Lang};

/// An offer's text in the app's language, or in bokmål when the offer has none in it; the
/// language actually shown, so the element can say it (screen readers then pronounce it right).
pub fn offer_text(text: &Text, lang: Lang) -> (String, Lang) {
    let translated = match lang {
        Lang::Nb => Some(&text.nb),
        Lang::En => text.en.as_ref(),
        Lang::Uk => text.uk.as_ref(),
        Lang::Ar => text.ar.as_ref(),
    };
    match translated {
        Some(t) if !t.trim().is_empty() => (t.clone(), lang),
        _ => (text.nb.clone(), Lang::Nb),
    }
}

/// The category's name in `lang`.
pub fn category_name(lang: Lang, category: Category) -> String {
    i18n::t(
        lang,
        &format!("category-{}", category.slug().replace('_', "-")),
    )
}

/// An accessibility fact in `lang`.
pub fn accessibility_name(lang: Lang, fact: Accessibility) -> String {
    i18n::t(lang, &format!("access-{}", fact.slug().replace('_', "-")))
}

/// The companion rule in plain words.
pub fn companion_text(lang: Lang, rule: CompanionRule) -> String {
    i18n::t(
        lang,
        match rule {
            CompanionRule::None => "companion-none",
            CompanionRule::OneAtPublicEvents => "companion-public-events",
            CompanionRule::OneEverywhere => "companion-everywhere",
        },
    )
}
