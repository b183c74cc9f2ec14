//! Small pieces every app's screens use: the page's head, "loading", the answers to an "are you
//! sure?", icons, the page for a path an app does not know, and announcements.

use dioxus::prelude::*;

use dioxus::core::spawn_forever;

use crate::shared::i18n::{self, use_lang};
use crate::shared::platform;

const MAIN_CSS: Asset = asset!("/assets/main.css");
const ICON: Asset = asset!("/assets/icon.svg");

/// The document's head for every app: its title, icon, colour and the one stylesheet they share.
#[component]
pub fn AppHead(
    /// The message id of the page's title.
    title: &'static str,
) -> Element {
    let lang = use_lang();
    // Set through page.js rather than `document::Title`, which runs through eval on the web.
    use_effect(move || {
        crate::shared::page::run(
            "setTitle",
            serde_json::json!({ "title": i18n::t(lang(), title) }),
        );
    });
    rsx! {
        document::Link { rel: "icon", href: ICON, r#type: "image/svg+xml" }
        document::Meta { name: "theme-color", content: "#0b5394" }
        document::Stylesheet { href: MAIN_CSS }
    }
}

/// Shown for a path the app does not know, with a way back to the app's start.
#[component]
pub fn NotFoundPage(home: &'static str) -> Element {
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    rsx! {
        main { id: "content", class: "screen", lang: lang().code(), dir: lang().dir(),
            h1 { {t("not-found-title")} }
            Link { to: home, class: "button", {t("not-found-back")} }
        }
    }
}

/// Shown while the phone's store opens (a moment at start).
#[component]
pub fn Loading() -> Element {
    let lang = use_lang();
    rsx! {
        p { class: "loading", role: "status", {i18n::t(lang(), "loading")} }
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

/// Shows `text` in an announcement area for a few seconds (unless another replaced it).
pub fn announce(mut notice: Signal<Option<String>>, text: String) {
    notice.set(Some(text.clone()));
    spawn_forever(async move {
        platform::sleep_ms(6_000).await;
        if notice.peek().as_deref() == Some(text.as_str()) {
            notice.set(None);
        }
    });
}
