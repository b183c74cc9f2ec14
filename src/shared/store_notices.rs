//! What a holder or venue is told about the device's store itself: another tab holds it (and how
//! to take it over), a save failed and is being tried again, or the saved store could not be
//! opened and was kept aside, never overwritten.

use aktivitetskortet_client::store::SetAside;
use dioxus::prelude::*;

use crate::shared::i18n::{self, use_lang};
use crate::shared::state::use_app;

/// The store's messages above the screen: a failed save while it is retried, and a saved store
/// kept aside (with a way to reload when a newer app saved it).
#[component]
pub fn StoreNotices() -> Element {
    let app = use_app();
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    let set_aside = app.set_aside;
    rsx! {
        if (app.save_failed)() {
            p { class: "warning store-notice", role: "alert", id: "save-failed",
                {t("store-save-failed")}
            }
        }
        if let Some(why) = set_aside() {
            div {
                class: "warning store-notice",
                role: "alert",
                id: "store-set-aside",
                "data-why": if why == SetAside::Newer { "newer" } else { "damaged" },
                p {
                    {t(match why {
                        SetAside::Newer => "store-set-aside-newer",
                        SetAside::Damaged => "store-set-aside-damaged",
                    })}
                }
                if why == SetAside::Newer {
                    button {
                        r#type: "button",
                        class: "button small",
                        onclick: move |_| {
                            crate::shared::page::run("reload", serde_json::Value::Null);
                        },
                        {t("store-reload")}
                    }
                }
                button {
                    r#type: "button",
                    class: "button secondary small",
                    onclick: move |_| app.dismiss_set_aside(),
                    {t("store-dismiss")}
                }
            }
        }
    }
}

/// In place of the screen while another tab holds the store.
#[component]
pub fn StoreElsewhere() -> Element {
    let app = use_app();
    let lang = use_lang();
    let t = |id: &str| i18n::t(lang(), id);
    rsx! {
        div { class: "store-elsewhere", id: "store-elsewhere",
            p { role: "status", {t("store-elsewhere")} }
            button {
                r#type: "button",
                class: "button",
                id: "use-here",
                onclick: move |_| app.take_over(),
                {t("store-use-here")}
            }
        }
    }
}
