//! The Aktivitetskortet app: its routes, screens and components, in one Dioxus app that is built
//! for the web, the desktop and phones.
//!
//! This crate owns presentation only: what the holder and venue staff see and touch. Storage and
//! sync belong in `aktivitetskortet-client`, domain rules and the token in `aktivitetskortet-core`;
//! none of that logic belongs here, so that it stays testable without a UI. What logic the
//! screens need of their own (filters, the card's status, formatting) lives in plain modules
//! beside them and is tested without rendering.

pub mod admin_form;
pub mod background;
pub mod card_status;
pub mod charts;
pub mod components;
pub mod filters;
pub mod format;
pub mod i18n;
pub mod links;
pub mod platform;
pub mod state;
pub mod venue_check;
pub mod views;
pub mod webview;

use dioxus::prelude::*;

use components::Shell;
use views::admin::{
    AdminCards, AdminEditOffer, AdminHome, AdminNewOffer, AdminOffers, AdminShell, AdminStats,
    AdminVenues,
};
use views::{
    AddCardScreen, CardScreen, FavouritesScreen, NotFound, OfferScreen, OffersScreen,
    SettingsScreen, VenueScreen, VenueShell,
};

const MAIN_CSS: Asset = asset!("/assets/main.css");
const ICON: Asset = asset!("/assets/icon.svg");

/// Every screen of the app. Paths are in bokmål, as the people who share links read them.
/// `/aktiver?kode=…` is the link printed in activation letters; `/sted` is venue mode; `/admin` the
/// municipality's admin area.
#[derive(Routable, Clone, Debug, PartialEq)]
#[rustfmt::skip]
pub enum Route {
    #[layout(Shell)]
        #[route("/")]
        CardScreen {},
        #[route("/aktiver?:kode")]
        AddCardScreen { kode: String },
        #[route("/tilbud")]
        OffersScreen {},
        #[route("/tilbud/:id")]
        OfferScreen { id: String },
        #[route("/favoritter")]
        FavouritesScreen {},
        #[route("/innstillinger")]
        SettingsScreen {},
    #[end_layout]
    // Venue mode: its own frame, so a venue device never looks like a holder's card.
    #[layout(VenueShell)]
        #[route("/sted")]
        VenueScreen {},
    #[end_layout]
    // The municipality's admin area (a desktop browser; signed in with the admin key).
    #[layout(AdminShell)]
        #[route("/admin")]
        AdminHome {},
        #[route("/admin/statistikk")]
        AdminStats {},
        #[route("/admin/tilbud")]
        AdminOffers {},
        #[route("/admin/tilbud/ny")]
        AdminNewOffer {},
        #[route("/admin/tilbud/:id/endre")]
        AdminEditOffer { id: String },
        #[route("/admin/kort")]
        AdminCards {},
        #[route("/admin/steder")]
        AdminVenues {},
    #[end_layout]
    #[route("/:..segments")]
    NotFound { segments: Vec<String> },
}

/// The root component: document head, the shared state, the background work and the router.
#[component]
pub fn App() -> Element {
    let lang = i18n::use_lang_provider();
    let app = state::use_app_provider();
    views::offers::use_offers_state_provider();
    let wake = use_coroutine(move |rx| background::run(app, rx));
    use_future(move || async move {
        let mut online = app.online;
        webview::watch_online(move |now_online| {
            let was = *online.peek();
            online.set(now_online);
            if now_online && !was {
                wake.send(background::Wake::SyncNow);
            }
        })
        .await;
    });
    rsx! {
        document::Title { {i18n::t(lang(), "app-name")} }
        document::Link { rel: "icon", href: ICON, r#type: "image/svg+xml" }
        document::Meta { name: "theme-color", content: "#0b5394" }
        document::Stylesheet { href: MAIN_CSS }
        Router::<Route> {}
    }
}
