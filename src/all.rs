//! All three apps in one window: the desktop and phone builds (a phone's app can be a venue's desk
//! too, from the settings) and `dx serve` while developing. The web build serves each app from its
//! own page instead (`src/bin/`), so a holder's phone never downloads the other two.

use dioxus::prelude::*;

use crate::shared::apps::{ActiveApp, AppKind};
use crate::{admin, holder, venue};

/// The app for the path the window opens at, swapped in place by the links between the apps.
#[component]
pub fn App() -> Element {
    let active = use_context_provider(|| {
        let path = dioxus::history::history().current_route();
        ActiveApp(Signal::new(AppKind::for_path(&path)))
    });
    match (active.0)() {
        AppKind::Holder => rsx! { holder::App {} },
        AppKind::Venue => rsx! { venue::App {} },
        AppKind::Admin => rsx! { admin::App {} },
    }
}
