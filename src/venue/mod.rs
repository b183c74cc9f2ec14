//! Venue mode: staff set the device up with the venue key, choose the offer they check in for,
//! then check cards (camera or pasted text) offline against the synced lists, and let holders in.
//! Each visit is stored at once and uploaded when the network allows, never twice.
//!
//! It is its own app (`/sted`): a holder's phone never downloads it, and it looks nothing like the
//! holder's card (a dark frame, "Check-in" on top, full-screen verdicts in green, amber and red),
//! so a venue device can never be mistaken for a card.

mod background;
pub mod check;
mod desk;
pub mod scanner;
mod setup;

use dioxus::prelude::*;

use crate::shared::apps::{AppKind, AppLink};
use crate::shared::background::use_online_watch;
use crate::shared::components::{AppHead, Loading, NotFoundPage};
use crate::shared::i18n::{self, use_lang};
use crate::shared::state::{self, use_app};
use crate::shared::store_notices::{StoreElsewhere, StoreNotices};

pub use desk::{NotReady, check};

/// Venue mode's screens: one, which moves from setup to the offer's choice to the desk.
#[derive(Routable, Clone, Debug, PartialEq)]
#[rustfmt::skip]
pub enum Route {
    #[layout(VenueShell)]
        #[route("/sted")]
        VenueScreen {},
    #[end_layout]
    #[route("/:..segments")]
    NotFound { segments: Vec<String> },
}

/// Venue mode's app: the document head, the languages, the device's store, the background round
/// (lists, uploads, the catalogue) and the router.
#[component]
pub fn App() -> Element {
    i18n::use_lang_provider();
    let app = state::use_app_provider();
    let wake = use_coroutine(move |rx| background::run(app, rx));
    use_online_watch(app, wake);
    rsx! {
        AppHead { title: "venue-badge" }
        Router::<Route> {}
    }
}

#[component]
fn NotFound(segments: Vec<String>) -> Element {
    let _ = segments;
    rsx! { NotFoundPage { home: "/sted" } }
}

/// The venue mode's frame: a dark bar saying "Check-in" and the venue, a way back to the app.
#[component]
pub fn VenueShell() -> Element {
    let app = use_app();
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    let venue = app.read(|s| s.desk().venue().ok().flatten()).flatten();
    rsx! {
        div {
            class: "shell venue-shell",
            lang: lang().code(),
            dir: lang().dir(),
            "data-store": if (app.saving)() { "saving" } else { "saved" },
            header { class: "venue-bar",
                span { class: "venue-badge", {t("venue-badge")} }
                if let Some(v) = venue {
                    span { class: "venue-name", id: "venue-name", {v.name} }
                }
                if !(app.online)() {
                    span { class: "offline-badge", {t("offline-badge")} }
                }
                AppLink { to: AppKind::Holder, class: "venue-exit", id: "venue-exit", {t("venue-exit")} }
            }
            StoreNotices {}
            main { id: "content", class: "screen venue-screen",
                if (app.elsewhere)() {
                    StoreElsewhere {}
                } else {
                    Outlet::<Route> {}
                }
            }
            div { class: "toast-area venue-toast", role: "status", "aria-live": "polite",
                if let Some(text) = (app.notice)() {
                    p { class: "toast", {text} }
                }
            }
        }
    }
}

#[component]
pub fn VenueScreen() -> Element {
    let app = use_app();
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    if !app.ready() || !(app.catalogue_ready)() {
        return rsx! { Loading {} };
    }
    let setup = app.read(|s| s.desk().venue().ok().flatten()).flatten();
    let offer = app
        .read(|s| s.desk().venue_offer().ok().flatten())
        .flatten();
    match (setup, offer) {
        (None, _) => rsx! {
            h1 { {t("venue-setup-title")} }
            setup::VenueSetupForm {}
        },
        (Some(setup), None) => rsx! {
            h1 { {t("venue-choose-title")} }
            setup::OfferChoice { setup }
        },
        (Some(setup), Some(offer)) => rsx! {
            desk::CheckDesk { setup, offer }
        },
    }
}
