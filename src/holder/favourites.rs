//! The holder's favourite offers, kept on the phone only.

use aktivitetskortet_client::search::OfferQuery;
use aktivitetskortet_core::calendar::bergen_local;
use dioxus::prelude::*;

use crate::holder::Route;
use crate::holder::offers::OfferItem;
use crate::shared::components::Loading;
use crate::shared::i18n::{self, use_lang};
use crate::shared::platform;
use crate::shared::state::use_app;

#[component]
pub fn FavouritesScreen() -> Element {
    let app = use_app();
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    if !app.ready() || !(app.catalogue_ready)() {
        return rsx! {
            h1 { {t("favourites-title")} }
            Loading {}
        };
    }
    let today = bergen_local(platform::now()).date;
    let query = OfferQuery {
        favourites_only: true,
        page_size: 200,
        ..OfferQuery::default()
    };
    let hits = app
        .read(|s| s.catalogue().search(&query, today).ok())
        .flatten()
        .map(|p| p.hits)
        .unwrap_or_default();
    rsx! {
        h1 { {t("favourites-title")} }
        if hits.is_empty() {
            p { class: "lead", {t("favourites-empty")} }
            Link { to: Route::OffersScreen {}, class: "button", {t("favourites-find")} }
        } else {
            p { class: "help", {t("favourites-help")} }
            ul { class: "offer-list", id: "favourite-list",
                for hit in hits {
                    OfferItem { key: "{hit.offer.id}", hit, today }
                }
            }
        }
    }
}
