//! Shown for a path the app does not know, with a way back.

use dioxus::prelude::*;

use crate::Route;
use crate::i18n::{self, use_lang};

#[component]
pub fn NotFound(segments: Vec<String>) -> Element {
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    rsx! {
        main { id: "content", class: "screen", lang: lang().code(), dir: lang().dir(),
            h1 { {t("not-found-title")} }
            Link { to: Route::CardScreen {}, class: "button", {t("not-found-back")} }
        }
    }
}
