//! Shown for a path the app does not know, with a way back.

use dioxus::prelude::*;

use crate::Route;
use crate::text;

#[component]
pub fn NotFound(segments: Vec<String>) -> Element {
    rsx! {
        main { id: "content", class: "screen",
            h1 { "{text::NOT_FOUND_TITLE}" }
            Link { to: Route::CardScreen {}, class: "button", "{text::NOT_FOUND_BACK}" }
        }
    }
}
