//! How fresh the offers on this phone are, whether the phone is offline, and a button to update
//! now. Offline is normal: the offers keep working from the last update.

use aktivitetskortet_core::calendar::bergen_local;
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use crate::shared::background::Wake;
use crate::shared::format;
use crate::shared::i18n::{self, use_lang};
use crate::shared::platform;
use crate::shared::state::use_app;

#[component]
pub fn SyncStatus() -> Element {
    let app = use_app();
    let lang = use_lang();
    let lang_now = lang();
    let t = |id: &str| i18n::t(lang_now, id);
    let wake = use_coroutine_handle::<Wake>();
    let state = app
        .read(|s| s.catalogue().sync_state().ok())
        .flatten()
        .unwrap_or_default();
    let today = bergen_local(platform::now()).date;
    let updated = state.last_success_at.map(|at| {
        let local = bergen_local(at);
        i18n::tr(
            lang_now,
            "sync-last-updated",
            &[(
                "when",
                FluentValue::from(format::next_time(lang_now, local.date, local.time, today)),
            )],
        )
    });
    let problem = if !(app.online)() {
        Some(t("sync-offline"))
    } else if state.last_error.is_some() && !(app.syncing)() {
        Some(t("sync-failed"))
    } else {
        None
    };
    rsx! {
        div { class: "sync-status", id: "sync-status",
            if let Some(problem) = problem {
                p { class: "notice offline-notice", role: "status", {problem} }
            }
            p { class: "sync-line",
                span { id: "last-updated",
                    if (app.syncing)() {
                        {t("sync-running")}
                    } else if let Some(updated) = updated {
                        {updated}
                    } else {
                        {t("sync-never")}
                    }
                }
                button {
                    r#type: "button",
                    class: "button secondary small",
                    id: "sync-now",
                    disabled: (app.syncing)(),
                    onclick: move |_| wake.send(Wake::SyncNow),
                    {t("sync-now")}
                }
            }
        }
    }
}
