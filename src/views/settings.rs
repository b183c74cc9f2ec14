//! The settings screen: language, and what the app is.

use dioxus::prelude::*;

use crate::i18n::{self, Lang, use_lang};

#[component]
pub fn SettingsScreen() -> Element {
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    rsx! {
        h1 { {t("settings-title")} }
        LanguageChoice {}
        section { class: "settings",
            h2 { {t("settings-about")} }
            p { {t("settings-about-text")} }
        }
    }
}

/// The four languages as radio buttons, each named in its own language (and marked with its
/// `lang`, so a screen reader reads "Українська" in Ukrainian).
#[component]
fn LanguageChoice() -> Element {
    let mut lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    rsx! {
        fieldset { class: "language-choice",
            legend { {t("settings-language")} }
            p { class: "help", {t("settings-language-help")} }
            for choice in Lang::ALL {
                label { class: "choice",
                    input {
                        r#type: "radio",
                        name: "language",
                        value: choice.code(),
                        checked: lang() == choice,
                        onchange: move |_| {
                            lang.set(choice);
                            i18n::remember_choice(choice);
                        },
                    }
                    // The row follows the page's direction; the name keeps its own language.
                    span { lang: choice.code(), dir: choice.dir(), {choice.native_name()} }
                }
            }
        }
    }
}
