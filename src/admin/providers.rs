//! The admin's providers: an organiser gets a provider key (shown once) and then keeps its own
//! offers; listed with the offers each keeps, withdrawn, and each one's settlement report.

use aktivitetskortet_client::admin::AdminError;
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use super::settlement::SettlementView;
use super::{admin_lang, use_admin};
use crate::shared::format;
use crate::shared::i18n::{self, use_lang};

#[component]
pub fn AdminProviders() -> Element {
    let session = use_admin();
    let lang = admin_lang(use_lang()());
    let t = move |id: &str| i18n::t(lang, id);
    let mut reload = use_signal(|| 0u32);
    let mut name = use_signal(String::new);
    let mut created = use_signal(|| None::<(String, String)>);
    let mut failure = use_signal(|| None::<String>);
    // A withdrawal or a new key that failed, said beside the list rather than at the name field.
    let mut row_failure = use_signal(|| None::<String>);
    // Which provider's row asks "sure?" before its key is withdrawn, or replaced.
    let mut confirming = use_signal(|| None::<i64>);
    let mut replacing = use_signal(|| None::<i64>);
    let mut replaced = use_signal(|| None::<(String, String)>);
    let mut settling = use_signal(|| None::<(i64, String)>);
    let providers = use_resource(move || async move {
        let _ = reload();
        match session.get() {
            Some(admin) => admin
                .providers()
                .await
                .map_err(|e| session.explain(lang, &e)),
            None => Ok(vec![]),
        }
    });
    let create = move |e: FormEvent| {
        e.prevent_default();
        let wanted = name().trim().to_owned();
        spawn(async move {
            let Some(admin) = session.get() else { return };
            match admin.create_provider(&wanted).await {
                Ok(made) => {
                    created.set(Some((wanted, made.key)));
                    failure.set(None);
                    name.set(String::new());
                    reload += 1;
                }
                Err(AdminError::Invalid { .. }) => failure.set(Some(t("admin-provider-name-help"))),
                Err(e) => failure.set(Some(session.explain(lang, &e))),
            }
        });
    };
    let revoke = move |id: i64| {
        spawn(async move {
            let Some(admin) = session.get() else { return };
            match admin.revoke_provider(id).await {
                Ok(()) => {
                    // A key still on screen no longer works: not left there to be copied.
                    created.set(None);
                    replaced.set(None);
                    row_failure.set(None);
                }
                Err(e) => row_failure.set(Some(session.explain(lang, &e))),
            }
            confirming.set(None);
            reload += 1;
        });
    };
    let new_key = move |id: i64, provider: String| {
        spawn(async move {
            let Some(admin) = session.get() else { return };
            match admin.new_provider_key(id).await {
                Ok(made) => {
                    // The key shown when the provider was made (if it is this one) is dead now.
                    created.set(None);
                    replaced.set(Some((provider, made.key)));
                    row_failure.set(None);
                }
                Err(e) => row_failure.set(Some(session.explain(lang, &e))),
            }
            replacing.set(None);
        });
    };
    rsx! {
        h1 { {t("admin-providers-title")} }
        p { class: "lead", {t("admin-providers-intro")} }
        section { class: "admin-section", aria_labelledby: "new-provider-heading",
            h2 { id: "new-provider-heading", {t("admin-provider-new")} }
            form { class: "admin-form", novalidate: true, onsubmit: create,
                div { class: "filter-row",
                    label { r#for: "provider-name", {t("admin-provider-name")} }
                    input {
                        id: "provider-name",
                        r#type: "text",
                        value: "{name}",
                        "aria-invalid": if failure().is_some() { "true" } else { "false" },
                        "aria-describedby": "provider-error",
                        oninput: move |e| name.set(e.value()),
                    }
                }
                if let Some(text) = failure() {
                    p { class: "error", role: "alert", id: "provider-error", {text} }
                }
                button { r#type: "submit", class: "button", id: "admin-provider-create", {t("admin-provider-create")} }
            }
            if let Some((provider, key)) = created() {
                div { class: "notice", role: "status", id: "admin-provider-key",
                    p { {i18n::tr(lang, "admin-provider-key-once", &[("name", FluentValue::from(provider))])} }
                    p { code { dir: "ltr", class: "venue-key", {key} } }
                }
            }
        }
        section { class: "admin-section", aria_labelledby: "providers-heading",
            h2 { id: "providers-heading", {t("admin-providers-list")} }
            if let Some(text) = row_failure() {
                p { class: "error", role: "alert", id: "provider-row-error", {text} }
            }
            if let Some((provider, key)) = replaced() {
                div { class: "notice", role: "status", id: "admin-provider-new-key",
                    p { {i18n::tr(lang, "admin-provider-new-key-once", &[("name", FluentValue::from(provider))])} }
                    p { code { dir: "ltr", class: "venue-key", {key} } }
                }
            }
            match &*providers.read() {
                None => rsx! { p { class: "loading", role: "status", {t("admin-loading")} } },
                Some(Err(error)) => rsx! { p { class: "error", role: "alert", {error.clone()} } },
                Some(Ok(list)) if list.is_empty() => rsx! { p { {t("admin-providers-none")} } },
                Some(Ok(list)) => rsx! {
                    div { class: "table-scroll", tabindex: "0", table { class: "admin-table", id: "admin-provider-table",
                        thead { tr {
                            th { scope: "col", {t("admin-provider-name")} }
                            th { scope: "col", {t("admin-provider-offers")} }
                            th { scope: "col", {t("admin-status")} }
                            th { scope: "col", span { class: "visually-hidden", {t("admin-actions")} } }
                        } }
                        tbody {
                            for provider in list.clone() {
                                tr { key: "{provider.id}", "data-provider": "{provider.id}",
                                    td { {provider.name.clone()}
                                        // Its people sign in with the identity provider when it
                                        // gives them this role.
                                        if let Some(role) = provider.sign_in_role.clone() {
                                            span { class: "hint provider-role",
                                                {t("admin-provider-role")} " " code { dir: "ltr", {role} } }
                                        }
                                    }
                                    td { {format::number(lang, provider.offer_ids.len() as u64)} }
                                    td { if provider.revoked { {t("admin-status-revoked")} } else { {t("admin-status-active")} } }
                                    td { class: "admin-row-actions",
                                        button { r#type: "button", class: "button secondary small",
                                            "aria-label": i18n::tr(lang, "admin-provider-settlement-label", &[("name", FluentValue::from(provider.name.clone()))]),
                                            onclick: {
                                                let chosen = (provider.id, provider.name.clone());
                                                move |_| settling.set(Some(chosen.clone()))
                                            },
                                            {t("admin-nav-settlement")} }
                                        if !provider.revoked {
                                            if replacing() == Some(provider.id) {
                                                button { r#type: "button", class: "button small",
                                                    onclick: {
                                                        let name = provider.name.clone();
                                                        move |_| new_key(provider.id, name.clone())
                                                    },
                                                    {t("admin-provider-new-key-yes")} }
                                                button { r#type: "button", class: "button secondary small", onclick: move |_| replacing.set(None), {t("settings-remove-no")} }
                                            } else {
                                                button { r#type: "button", class: "button secondary small",
                                                    "aria-label": i18n::tr(lang, "admin-provider-new-key-label", &[("name", FluentValue::from(provider.name.clone()))]),
                                                    onclick: move |_| { confirming.set(None); replacing.set(Some(provider.id)) },
                                                    {t("admin-provider-new-key")} }
                                            }
                                            if confirming() == Some(provider.id) {
                                                button { r#type: "button", class: "button danger small", onclick: move |_| revoke(provider.id), {t("admin-revoke-yes")} }
                                                button { r#type: "button", class: "button secondary small", onclick: move |_| confirming.set(None), {t("settings-remove-no")} }
                                            } else {
                                                button { r#type: "button", class: "button secondary small",
                                                    "aria-label": i18n::tr(lang, "admin-provider-revoke-label", &[("name", FluentValue::from(provider.name.clone()))]),
                                                    onclick: move |_| { replacing.set(None); confirming.set(Some(provider.id)) },
                                                    {t("admin-revoke")} }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    } }
                },
            }
        }
        if let Some((id, provider)) = settling() {
            section { class: "admin-section", aria_labelledby: "provider-settlement-heading",
                h2 { id: "provider-settlement-heading",
                    {i18n::tr(lang, "admin-provider-settlement", &[("name", FluentValue::from(provider))])}
                }
                SettlementView { key: "{id}", provider: Some(id) }
            }
        }
    }
}
