//! The app's languages: bokmål first, English, Ukrainian and Arabic (right to left). Every word the
//! app shows comes from the Fluent files in `i18n/`, compiled into the app so it works offline.
//!
//! The language follows the phone's setting at start and can be changed in the settings; the
//! choice lives in a `Signal<Lang>` the root provides.

use std::cell::RefCell;
use std::collections::HashMap;

use dioxus::prelude::*;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

pub use aktivitetskortet_core::lang::Lang;

/// A language's Fluent source, compiled into the app so it works offline.
fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::Nb => include_str!("../../i18n/nb.ftl"),
        Lang::En => include_str!("../../i18n/en.ftl"),
        Lang::Uk => include_str!("../../i18n/uk.ftl"),
        Lang::Ar => include_str!("../../i18n/ar.ftl"),
    }
}

/// An app's own words beyond the shared ones: its name, and its Fluent source by language.
pub type Words = (&'static str, fn(Lang) -> Option<&'static str>);

thread_local! {
    /// One bundle per language, parsed on first use. Fluent bundles are not `Sync`; the UI runs on
    /// one thread.
    static BUNDLES: RefCell<HashMap<Lang, FluentBundle<FluentResource>>> = RefCell::new(HashMap::new());
    /// An app's own words (the admin area's), added to every bundle made from now on.
    static EXTRA: std::cell::Cell<Option<Words>> = const { std::cell::Cell::new(None) };
}

/// Adds an app's own words to the shared ones. Only the app that needs them names them, so the
/// other apps' builds do not carry them (the admin area's words are not in the holder's wasm).
pub fn add_words(words: Words) {
    if EXTRA.with(|e| e.replace(Some(words))).map(|(name, _)| name) != Some(words.0) {
        BUNDLES.with(|b| b.borrow_mut().clear());
    }
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let resource = FluentResource::try_new(source(lang).to_owned())
        .unwrap_or_else(|(resource, _errors)| resource);
    let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new(vec![id]);
    // Messages without placeholders need no bidi isolation marks; keep them out of the text.
    bundle.set_use_isolating(false);
    let _ = bundle.add_resource(resource);
    if let Some(extra) = EXTRA.with(|e| e.get()).and_then(|(_, words)| words(lang)) {
        let extra = FluentResource::try_new(extra.to_owned())
            .unwrap_or_else(|(resource, _errors)| resource);
        let _ = bundle.add_resource(extra);
    }
    bundle
}

/// The message `id` in `lang`; falls back to bokmål, then to the id itself, so a missing
/// translation shows something readable instead of nothing (a test keeps that from shipping).
pub fn t(lang: Lang, id: &str) -> String {
    tr(lang, id, &[])
}

/// The message `id` in `lang` with its placeables filled in: text (names, dates already formatted
/// for the language) or numbers (which also pick the plural form).
pub fn tr(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    BUNDLES.with(|bundles| {
        let mut bundles = bundles.borrow_mut();
        for lang in [lang, Lang::Nb] {
            let bundle = bundles.entry(lang).or_insert_with(|| bundle(lang));
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle
                    .format_pattern(pattern, Some(&fluent_args), &mut errors)
                    .into_owned();
            }
        }
        id.to_owned()
    })
}

/// The phone's (browser's) preferred languages; empty where the platform does not say.
fn phone_preferences() -> Vec<String> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .map(|w| {
                w.navigator()
                    .languages()
                    .iter()
                    .filter_map(|v| v.as_string())
                    .collect()
            })
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::env::var("LANG").map(|l| vec![l]).unwrap_or_default()
    }
}

/// The language chosen in the settings earlier, if any (kept where it can be read before the first
/// render, so the app never flashes in the wrong language).
fn remembered_choice() -> Option<Lang> {
    Lang::from_code(&crate::shared::platform::pref("language")?)
}

/// Remembers the person's choice for the next start.
pub fn remember_choice(lang: Lang) {
    crate::shared::platform::set_pref("language", lang.code());
}

/// Provides the language signal at the root: the language chosen earlier, otherwise the phone's.
pub fn use_lang_provider() -> Signal<Lang> {
    use_context_provider(|| {
        let lang = remembered_choice().unwrap_or_else(|| {
            let preferences = phone_preferences();
            Lang::from_preferences(preferences.iter().map(String::as_str))
        });
        Signal::new(lang)
    })
}

/// The current language. Outside the app's root (a component rendered alone in a test), bokmål.
pub fn use_lang() -> Signal<Lang> {
    let fallback = use_signal(Lang::default);
    try_use_context::<Signal<Lang>>().unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_bundle::FluentResource;
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

    use super::*;

    /// The variables (`$name`) a pattern uses, in any of its variants.
    fn variables_in(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
        fn inline(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
            match e {
                InlineExpression::VariableReference { id } => {
                    out.insert(id.name.to_owned());
                }
                InlineExpression::Placeable { expression } => expression_vars(expression, out),
                _ => {}
            }
        }
        fn expression_vars(e: &Expression<&str>, out: &mut BTreeSet<String>) {
            match e {
                Expression::Inline(i) => inline(i, out),
                Expression::Select { selector, variants } => {
                    inline(selector, out);
                    for v in variants {
                        variables_in(&v.value, out);
                    }
                }
            }
        }
        for element in &pattern.elements {
            if let PatternElement::Placeable { expression } = element {
                expression_vars(expression, out);
            }
        }
    }

    fn variables(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
        variables_of(source(lang))
    }

    fn variables_of(source: &str) -> BTreeMap<String, BTreeSet<String>> {
        let resource = FluentResource::try_new(source.to_owned()).unwrap();
        resource
            .entries()
            .filter_map(|entry| match entry {
                Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    if let Some(p) = &m.value {
                        variables_in(p, &mut vars);
                    }
                    Some((m.id.name.to_owned(), vars))
                }
                _ => None,
            })
            .collect()
    }

    /// The admin area is in bokmål and English: the same messages with the same placeables, and
    /// none that shadows one of the app's.
    #[test]
    fn the_admin_area_has_every_message_in_bokmal_and_english() {
        add_words(crate::admin::WORDS);
        let nb = variables_of(crate::admin::words(Lang::Nb).unwrap());
        let en = variables_of(crate::admin::words(Lang::En).unwrap());
        assert!(nb.len() >= 50, "{}", nb.len());
        assert_eq!(nb, en);
        let app = ids(Lang::Nb);
        let shadowing: Vec<_> = nb.keys().filter(|id| app.contains(*id)).collect();
        assert!(shadowing.is_empty(), "{shadowing:?}");
        assert_eq!(t(Lang::En, "admin-title"), "Administration");
        assert_eq!(t(Lang::Nb, "admin-title"), "Administrasjon");
    }

    /// A translation that drops or misspells a placeable (`{ $name }`) would show the wrong
    /// text, or none of the value the app passes: every language uses the same ones.
    #[test]
    fn every_language_uses_the_same_placeables() {
        let bokmal = variables(Lang::Nb);
        assert!(
            bokmal["card-ends-soon"].contains("days"),
            "{:?}",
            bokmal["card-ends-soon"]
        );
        for lang in Lang::ALL {
            for (id, vars) in variables(lang) {
                assert_eq!(Some(&vars), bokmal.get(&id), "{lang:?} {id}");
            }
        }
    }

    fn ids(lang: Lang) -> BTreeSet<String> {
        let resource = FluentResource::try_new(source(lang).to_owned())
            .unwrap_or_else(|(_, errors)| panic!("{lang:?} does not parse: {errors:?}"));
        resource
            .entries()
            .filter_map(|entry| match entry {
                Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }

    /// A key missing in any language fails here, naming the language and the keys.
    #[test]
    fn every_language_has_every_message() {
        let bokmal = ids(Lang::Nb);
        assert!(bokmal.len() >= 19);
        for lang in Lang::ALL {
            let other = ids(lang);
            let missing: Vec<_> = bokmal.difference(&other).collect();
            let extra: Vec<_> = other.difference(&bokmal).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{lang:?}: missing {missing:?}, extra {extra:?}"
            );
        }
    }

    #[test]
    fn every_message_formats_without_errors_and_is_translated() {
        for id in ids(Lang::Nb) {
            for lang in Lang::ALL {
                let text = t(lang, &id);
                assert!(!text.is_empty() && text != id, "{lang:?} {id}");
            }
            // The brand name stays; everything else should differ from bokmål in Arabic.
            if id != "app-name" {
                assert_ne!(
                    t(Lang::Ar, &id),
                    t(Lang::Nb, &id),
                    "{id} is not translated to Arabic"
                );
            }
        }
        assert_eq!(t(Lang::En, "nav-offers"), "Offers");
        assert_eq!(t(Lang::Uk, "no-such-message"), "no-such-message");
    }

    #[test]
    fn the_phone_setting_picks_the_language() {
        let cases: &[(&[&str], Lang)] = &[
            (&["nb-NO"], Lang::Nb),
            (&["nn"], Lang::Nb),
            (&["no"], Lang::Nb),
            (&["en-US", "nb"], Lang::En),
            (&["fr-FR", "uk-UA"], Lang::Uk),
            (&["ar-SA"], Lang::Ar),
            (&["de", "fr"], Lang::Nb),
            (&[], Lang::Nb),
            (&["EN_gb"], Lang::En),
        ];
        for (tags, expected) in cases {
            assert_eq!(
                Lang::from_preferences(tags.iter().copied()),
                *expected,
                "{tags:?}"
            );
        }
        assert_eq!(Lang::Ar.dir(), "rtl");
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::Uk.dir(), "ltr");
    }
}
