//! Reusable pieces of the app's screens.

mod offer_item;
mod scanner;
mod shell;
mod sync_status;

use aktivitetskortet_core::offer::Text;
use dioxus::prelude::*;

use crate::i18n::{self, Lang, use_lang};

pub use offer_item::OfferItem;
pub use scanner::QrScanner;
pub use shell::Shell;
pub use sync_status::SyncStatus;

/// Shown while the phone's store opens (a moment at start).
#[component]
pub fn Loading() -> Element {
    let lang = use_lang();
    rsx! {
        p { class: "loading", role: "status", {i18n::t(lang(), "loading")} }
    }
}

/// An offer's text in the app's language, or in bokmål when the offer has none in it; the
/// language actually shown, so the element can say it (screen readers then pronounce it right).
pub fn offer_text(text: &Text, lang: Lang) -> (String, Lang) {
    let translated = match lang {
        Lang::Nb => Some(&text.nb),
        Lang::En => text.en.as_ref(),
        Lang::Uk => text.uk.as_ref(),
        Lang::Ar => text.ar.as_ref(),
    };
    match translated {
        Some(t) if !t.trim().is_empty() => (t.clone(), lang),
        _ => (text.nb.clone(), Lang::Nb),
    }
}

/// The two answers to an "are you sure?" question: the destructive one first, then the one that
/// only closes the question, so every such question in the app reads and behaves the same.
#[component]
pub fn ConfirmButtons(
    /// The destructive answer's text ("Yes, remove").
    yes: String,
    /// An id for the destructive answer, for the tests that press it.
    #[props(default)]
    yes_id: Option<&'static str>,
    /// Small buttons, for a row in a table or list.
    #[props(default)]
    small: bool,
    on_yes: EventHandler<()>,
    on_no: EventHandler<()>,
) -> Element {
    let lang = use_lang();
    let size = if small { " small" } else { "" };
    rsx! {
        button {
            r#type: "button",
            class: "button danger{size}",
            id: yes_id,
            onclick: move |_| on_yes.call(()),
            {yes}
        }
        button {
            r#type: "button",
            class: "button secondary{size}",
            onclick: move |_| on_no.call(()),
            {i18n::t(lang(), "settings-remove-no")}
        }
    }
}

/// A decorative icon from one SVG path: hidden from screen readers, which read the text beside it.
#[component]
pub fn Icon(path: &'static str, #[props(default = "icon")] class: &'static str) -> Element {
    rsx! {
        svg {
            class: class,
            view_box: "0 0 24 24",
            width: "24",
            height: "24",
            "aria-hidden": "true",
            "focusable": "false",
            path { d: path, fill: "currentColor" }
        }
    }
}

pub const STAR_ICON: &str =
    "M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z";
pub const STAR_OUTLINE_ICON: &str = "M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8zm0 4.3-1.6 3.4-3.7.4 2.7 2.6-.7 3.7 3.3-1.8 3.3 1.8-.7-3.7 2.7-2.6-3.7-.4z";
