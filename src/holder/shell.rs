//! The frame around every screen: the app bar on top, the screen, the tab bar at the bottom.

use dioxus::prelude::*;

use crate::holder::Route;
use crate::shared::components::Icon;
use crate::shared::i18n::{self, use_lang};
use crate::shared::platform;
use crate::shared::state::{CARDS_PREF, use_app};
use crate::shared::store_notices::{StoreElsewhere, StoreNotices};

/// Layout route: the app bar, the current screen and the bottom navigation.
#[component]
pub fn Shell() -> Element {
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    // The page's own `lang` and `dir` follow the choice too, so screen readers pronounce the text
    // in its language and the browser mirrors the whole page for Arabic.
    use_effect(move || {
        let lang = lang();
        crate::shared::page::run(
            "setLang",
            serde_json::json!({ "lang": lang.code(), "dir": lang.dir() }),
        );
    });
    let app = use_app();
    // The next start's first paint shows a card's place, or how to add one (see boot.js).
    use_effect(move || {
        if app.ready() {
            let count = app.cards().len();
            let mut expected = app.expected_cards;
            if *expected.peek() != count {
                expected.set(count);
                platform::set_pref(CARDS_PREF, &count.to_string());
            }
        }
    });
    rsx! {
        div {
            class: "shell",
            lang: lang().code(),
            dir: lang().dir(),
            // Whether every change is stored yet (tests wait for it before a reload).
            "data-store": if (app.saving)() { "saving" } else { "saved" },
            header { class: "app-bar",
                span { class: "app-name", {t("app-name")} }
                if !(app.online)() {
                    span { class: "offline-badge", id: "offline-badge", {t("offline-badge")} }
                }
            }
            StoreNotices {}
            main { id: "content", class: "screen",
                if (app.elsewhere)() {
                    StoreElsewhere {}
                } else {
                    Outlet::<Route> {}
                }
            }
            // Announcements ("the card was added") for everyone, read out without moving focus.
            div { class: "toast-area", role: "status", "aria-live": "polite",
                if let Some(text) = (app.notice)() {
                    p { class: "toast", {text} }
                }
            }
            BottomNav {}
        }
    }
}

/// The four tabs. `Link` marks the current one with `aria-current="page"`, which the CSS styles,
/// so screen readers and sighted users get the same signal.
#[component]
fn BottomNav() -> Element {
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    rsx! {
        nav { class: "bottom-nav", aria_label: t("nav-label"),
            Link { to: Route::CardScreen {}, class: "tab", id: "tab-card",
                Icon { class: "tab-icon", path: CARD_ICON }
                span { {t("nav-card")} }
            }
            Link { to: Route::OffersScreen {}, class: "tab", id: "tab-offers",
                Icon { class: "tab-icon", path: OFFERS_ICON }
                span { {t("nav-offers")} }
            }
            Link { to: Route::FavouritesScreen {}, class: "tab", id: "tab-favourites",
                Icon { class: "tab-icon", path: FAVOURITES_ICON }
                span { {t("nav-favourites")} }
            }
            Link { to: Route::SettingsScreen {}, class: "tab", id: "tab-settings",
                Icon { class: "tab-icon", path: SETTINGS_ICON }
                span { {t("nav-settings")} }
            }
        }
    }
}

const CARD_ICON: &str = "M3 6a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2zm2 0v3h14V6zm0 6v6h14v-6zm2 2h5v2H7z";
const OFFERS_ICON: &str = "M10 4a6 6 0 1 1 0 12 6 6 0 0 1 0-12zm0 2a4 4 0 1 0 0 8 4 4 0 0 0 0-8zm5.3 9.9 1.4-1.4 4.6 4.6-1.4 1.4z";
const FAVOURITES_ICON: &str = "M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8zm0 4.3-1.6 3.4-3.7.4 2.7 2.6-.7 3.7 3.3-1.8 3.3 1.8-.7-3.7 2.7-2.6-3.7-.4z";
const SETTINGS_ICON: &str = "M4 6h16v2H4zm0 5h16v2H4zm0 5h16v2H4z";
