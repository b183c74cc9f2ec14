//! The holder's app: the card with its rotating QR code, the offers searched and filtered on the
//! phone, favourites, settings and adding a card. It is what every child and parent downloads, so
//! it holds nothing of venue mode or the admin area; the settings link to venue mode as another
//! app.

mod add_card;
mod background;
pub mod card;
mod favourites;
mod offer;
pub mod offers;
mod settings;
mod shell;
mod sync_status;

use dioxus::prelude::*;

use crate::shared::background::use_online_watch;
use crate::shared::components::{AppHead, NotFoundPage};
use crate::shared::{i18n, state};

pub use add_card::{AddCardScreen, error_text as activation_error_text};
pub use card::{CardScreen, ROTATE_SECS};
pub use favourites::FavouritesScreen;
pub use offer::OfferScreen;
pub use offers::OffersScreen;
pub use settings::SettingsScreen;
pub use shell::Shell;

/// The holder's screens. Paths are in bokmål, as the people who share links read them;
/// `/aktiver?kode=…` is the link printed in activation letters.
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
    #[route("/:..segments")]
    NotFound { segments: Vec<String> },
}

/// The holder's app: the document head, the languages, the phone's store, the background round
/// and the router.
#[component]
pub fn App() -> Element {
    i18n::use_lang_provider();
    let app = state::use_app_provider();
    offers::use_offers_state_provider();
    let wake = use_coroutine(move |rx| background::run(app, rx));
    use_online_watch(app, wake);
    // The page's first paint (plain HTML in index.html) is hidden by the stylesheet as soon as
    // this app has rendered; remove it too, so its copies of the app's ids never linger.
    use_effect(|| {
        crate::shared::page::run("removeElement", serde_json::json!({ "id": "first-paint" }));
    });
    rsx! {
        AppHead { title: "app-name" }
        Router::<Route> {}
    }
}

#[component]
fn NotFound(segments: Vec<String>) -> Element {
    let _ = segments;
    rsx! { NotFoundPage { home: "/" } }
}
