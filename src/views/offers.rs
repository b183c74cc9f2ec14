//! The offers screen: the catalogue of free activities, searchable offline.

use dioxus::prelude::*;

use crate::text;

#[component]
pub fn OffersScreen() -> Element {
    rsx! {
        h1 { "{text::OFFERS_TITLE}" }
        p { class: "lead", "{text::OFFERS_INTRO}" }
        p { "{text::OFFERS_EMPTY}" }
    }
}
