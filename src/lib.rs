//! The Aktivitetskortet app: its routes, screens and components, in one Dioxus app that is built
//! for the web, the desktop and phones.
//!
//! This crate owns presentation only: what the holder and venue staff see and touch. Storage and
//! sync belong in `aktivitetskortet-client`, domain rules and the token in `aktivitetskortet-core`;
//! none of that logic belongs here, so that it stays testable without a UI.

pub mod components;
pub mod i18n;
pub mod views;

use dioxus::prelude::*;

use components::Shell;
use views::{CardScreen, NotFound, OffersScreen, SettingsScreen};

const MAIN_CSS: Asset = asset!("/assets/main.css");
const ICON: Asset = asset!("/assets/icon.svg");

/// Every screen of the app. Paths are in bokmål, as the people who share links read them.
#[derive(Routable, Clone, Debug, PartialEq)]
#[rustfmt::skip]
pub enum Route {
    #[layout(Shell)]
        #[route("/")]
        CardScreen {},
        #[route("/tilbud")]
        OffersScreen {},
        #[route("/innstillinger")]
        SettingsScreen {},
    #[end_layout]
    #[route("/:..segments")]
    NotFound { segments: Vec<String> },
}

/// The root component: document head and the router.
#[component]
pub fn App() -> Element {
    let lang = i18n::use_lang_provider();
    rsx! {
        document::Title { {i18n::t(lang(), "app-name")} }
        document::Link { rel: "icon", href: ICON, r#type: "image/svg+xml" }
        document::Meta { name: "theme-color", content: "#0b5394" }
        document::Stylesheet { href: MAIN_CSS }
        Router::<Route> {}
    }
}
