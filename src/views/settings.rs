//! The settings screen: language, and what the app is.

use dioxus::prelude::*;

use crate::text;

#[component]
pub fn SettingsScreen() -> Element {
    rsx! {
        h1 { "{text::SETTINGS_TITLE}" }
        dl { class: "settings",
            dt { "{text::SETTINGS_LANGUAGE}" }
            dd { "{text::SETTINGS_LANGUAGE_VALUE}" }
            dt { "{text::SETTINGS_ABOUT}" }
            dd { "{text::SETTINGS_ABOUT_TEXT}" }
        }
    }
}
