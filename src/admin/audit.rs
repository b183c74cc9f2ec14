//! The audit log: which admin key did what to which object, and when, newest first, a page at a
//! time. Objects are ids (cards, offers, keys, periods), never a child's name.

use aktivitetskortet_core::api::AuditEntry;
use aktivitetskortet_core::calendar::bergen_local;
use dioxus::prelude::*;

use super::{admin_lang, use_admin};
use crate::shared::format;
use crate::shared::i18n::{self, Lang, use_lang};

/// "5. desember 2026 14:03" in Bergen's time.
fn when(lang: Lang, at: u64) -> String {
    let local = bergen_local(at);
    format!(
        "{} {}",
        format::date_long(lang, local.date),
        format::clock(lang, local)
    )
}

/// The action in words (`admin-audit-card-issue`), or its code when there are none.
pub(super) fn action_text(lang: Lang, action: &str) -> String {
    let id = format!("admin-audit-{}", action.replace(['.', '_'], "-"));
    let text = i18n::t(lang, &id);
    if text == id { action.to_owned() } else { text }
}

#[component]
pub fn AdminAudit() -> Element {
    let session = use_admin();
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let mut entries = use_signal(Vec::<AuditEntry>::new);
    let mut next = use_signal(|| None::<i64>);
    let mut failure = use_signal(|| None::<String>);
    let mut loaded = use_signal(|| false);
    let load = move |before: Option<i64>| {
        spawn(async move {
            let Some(admin) = session.get() else { return };
            match admin.audit(before).await {
                Ok(page) => {
                    entries.write().extend(page.entries);
                    next.set(page.next_before);
                    failure.set(None);
                }
                Err(e) => failure.set(Some(session.explain(lang, &e))),
            }
            loaded.set(true);
        });
    };
    use_hook(move || load(None));
    rsx! {
        h1 { {t("admin-audit-title")} }
        p { class: "help", {t("admin-audit-intro")} }
        if let Some(error) = failure() {
            p { class: "error", role: "alert", {error} }
        }
        if !loaded() {
            p { class: "loading", role: "status", {t("admin-loading")} }
        } else {
            div { class: "table-scroll", tabindex: "0", table { class: "admin-table", id: "admin-audit-table",
                caption { class: "visually-hidden", {t("admin-audit-title")} }
                thead { tr {
                    th { scope: "col", {t("admin-audit-when")} }
                    th { scope: "col", {t("admin-audit-who")} }
                    th { scope: "col", {t("admin-audit-what")} }
                    th { scope: "col", {t("admin-audit-object")} }
                } }
                tbody {
                    for entry in entries() {
                        tr { key: "{entry.id}", "data-action": "{entry.action}",
                            td { {when(lang, entry.at)} }
                            td { class: "audit-who",
                                // A key's label, a signed-in person's name, or the command line.
                                {entry.admin_key_label.clone().or(entry.by_name.clone()).unwrap_or_else(|| t("admin-audit-command-line"))}
                            }
                            td { {action_text(lang, &entry.action)} }
                            td { class: "audit-object", dir: "ltr", {entry.object.clone()} }
                        }
                    }
                }
            } }
            if let Some(before) = next() {
                p { class: "admin-actions",
                    button { r#type: "button", class: "button secondary", id: "admin-audit-more",
                        onclick: move |_| load(Some(before)),
                        {t("admin-audit-more")}
                    }
                }
            }
        }
    }
}

/// A warning once the admin key has two weeks or less left, so staff ask for a new one in time.
/// A person signed in with the identity provider has no key to renew: nothing is shown.
#[component]
pub fn KeyExpiry() -> Element {
    let session = use_admin();
    let lang = admin_lang(use_lang()());
    let me = use_resource(move || async move {
        let client = session.get().filter(|c| c.has_key() && !c.is_provider())?;
        client.me().await.ok()
    });
    let now = crate::shared::platform::now();
    let Some(Some(key)) = &*me.read() else {
        return rsx! {};
    };
    if key.expires_at > now + 14 * 86_400 {
        return rsx! {};
    }
    let days = key.expires_at.saturating_sub(now).div_ceil(86_400);
    let text = i18n::tr(
        lang,
        "admin-key-expires",
        &[
            ("label", key.label.clone().into()),
            ("days", (days as i64).into()),
            (
                "date",
                format::date_long(lang, bergen_local(key.expires_at).date).into(),
            ),
        ],
    );
    rsx! {
        p { class: "warning", id: "admin-key-expiry", role: "status", {text} }
    }
}
