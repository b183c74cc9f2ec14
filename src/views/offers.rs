//! The offers screen: the catalogue of free activities, searchable offline.

use dioxus::prelude::*;

use crate::i18n::{self, use_lang};

#[component]
pub fn OffersScreen() -> Element {
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    rsx! {
        h1 { {t("offers-title")} }
        p { class: "lead", {t("offers-intro")} }
        p { {t("offers-empty")} }
    }
}
