//! The card screen: the holder's card, the app's start screen.

use dioxus::prelude::*;

use crate::text;

/// Until a card is added, a card-shaped placeholder says where the card will be and how to get it.
#[component]
pub fn CardScreen() -> Element {
    rsx! {
        h1 { "{text::CARD_TITLE}" }
        section {
            class: "card card-placeholder",
            role: "img",
            aria_label: text::CARD_PLACEHOLDER_LABEL,
            div { class: "card-qr-slot", "aria-hidden": "true" }
        }
        p { class: "lead", "{text::CARD_EMPTY}" }
        p { "{text::CARD_EMPTY_HELP}" }
    }
}
