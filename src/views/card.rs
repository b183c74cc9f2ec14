//! The card screen: the holder's card, the app's start screen.

use dioxus::prelude::*;

use crate::i18n::{self, use_lang};

/// Until a card is added, a card-shaped placeholder says where the card will be and how to get it.
#[component]
pub fn CardScreen() -> Element {
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    rsx! {
        h1 { {t("card-title")} }
        section {
            class: "card card-placeholder",
            role: "img",
            aria_label: t("card-placeholder-label"),
            div { class: "card-qr-slot", "aria-hidden": "true" }
        }
        p { class: "lead", {t("card-empty")} }
        p { {t("card-empty-help")} }
    }
}
