//! The admin's venue keys: made for a venue and the offers it checks visitors in for (the key is
//! shown once, with a QR code the venue device can scan), listed, and withdrawn.

use aktivitetskortet_client::admin::AdminError;
use aktivitetskortet_core::api::CreateVenueKeyRequest;
use aktivitetskortet_core::token::qr::QrMatrix;
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use super::offers::fold_for_search;
use super::{admin_lang, use_admin};
use crate::shared::format;
use crate::shared::i18n::{self, use_lang};

#[component]
pub fn AdminVenues() -> Element {
    let session = use_admin();
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let mut reload = use_signal(|| 0u32);
    let mut name = use_signal(String::new);
    let mut chosen = use_signal(Vec::<String>::new);
    let mut filter = use_signal(String::new);
    let mut created = use_signal(|| None::<(String, String)>);
    let mut failure = use_signal(|| None::<String>);
    let mut confirming = use_signal(|| None::<i64>);
    let offers = use_resource(move || async move { session.get()?.offers().await.ok() });
    let keys = use_resource(move || async move {
        let _ = reload();
        match session.get() {
            Some(admin) => admin
                .venue_keys()
                .await
                .map_err(|e| session.explain(lang, &e)),
            None => Ok(vec![]),
        }
    });
    let create = move |e: FormEvent| {
        e.prevent_default();
        let request = CreateVenueKeyRequest {
            name: name().trim().to_owned(),
            offer_ids: chosen(),
        };
        spawn(async move {
            let Some(admin) = session.get() else { return };
            match admin.create_venue_key(&request).await {
                Ok(made) => {
                    created.set(Some((request.name.clone(), made.key)));
                    failure.set(None);
                    name.set(String::new());
                    chosen.set(vec![]);
                    reload += 1;
                }
                Err(AdminError::Invalid { details, .. }) => failure.set(Some(
                    details
                        .iter()
                        .map(|d| format!("{}: {}", d.field.clone().unwrap_or_default(), d.message))
                        .collect::<Vec<_>>()
                        .join(" "),
                )),
                Err(e) => failure.set(Some(session.explain(lang, &e))),
            }
        });
    };
    let revoke = move |id: i64| {
        spawn(async move {
            let Some(admin) = session.get() else { return };
            if let Err(e) = admin.revoke_venue_key(id).await {
                failure.set(Some(session.explain(lang, &e)));
            }
            confirming.set(None);
            reload += 1;
        });
    };
    let needle = fold_for_search(&filter());
    // The key as a QR code too: the venue device can scan it instead of typing it.
    let key_qr = created()
        .and_then(|(_, key)| QrMatrix::new(&key).ok())
        .map(|qr| qr.to_svg(&t("admin-venue-key-qr")));
    rsx! {
        h1 { {t("admin-venues-title")} }
        section { class: "admin-section", aria_labelledby: "new-venue-heading",
            h2 { id: "new-venue-heading", {t("admin-venue-new")} }
            form { class: "admin-form", novalidate: true, onsubmit: create,
                div { class: "filter-row",
                    label { r#for: "venue-name-input", {t("admin-venue-name")} }
                    input { id: "venue-name-input", r#type: "text", value: "{name}", oninput: move |e| name.set(e.value()) }
                }
                fieldset { class: "admin-texts",
                    legend { {format::count(lang, "admin-venue-offers", chosen().len() as u64)} }
                    div { class: "filter-row",
                        label { r#for: "venue-offer-filter", {t("admin-offers-search")} }
                        input { id: "venue-offer-filter", r#type: "search", value: "{filter}", oninput: move |e| filter.set(e.value()) }
                    }
                    div { class: "admin-checklist",
                        for offer in offers().flatten().unwrap_or_default().into_iter().filter(|o| needle.is_empty() || fold_for_search(&format!("{} {} {}", o.id, o.title.nb, o.venue)).contains(&needle)) {
                            label { key: "{offer.id}", class: "choice",
                                input {
                                    r#type: "checkbox",
                                    value: "{offer.id}",
                                    checked: chosen().contains(&offer.id),
                                    onchange: {
                                        let id = offer.id.clone();
                                        move |e: FormEvent| {
                                            let mut c = chosen.write();
                                            c.retain(|x| *x != id);
                                            if e.checked() { c.push(id.clone()); }
                                        }
                                    },
                                }
                                span { {format!("{} – {}", offer.title.nb, offer.venue)} }
                            }
                        }
                    }
                }
                if let Some(text) = failure() {
                    p { class: "error", role: "alert", id: "venue-error", {text} }
                }
                button { r#type: "submit", class: "button", id: "admin-venue-create", {t("admin-venue-create")} }
            }
            if let Some((venue, key)) = created() {
                div { class: "notice", role: "status", id: "admin-venue-key",
                    p { {i18n::tr(lang, "admin-venue-key-once", &[("venue", FluentValue::from(venue))])} }
                    p { code { dir: "ltr", class: "venue-key", {key.clone()} } }
                    if let Some(svg) = key_qr.clone() {
                        div { class: "qr-frame venue-key-qr", dangerous_inner_html: "{svg}" }
                    }
                }
            }
        }
        section { class: "admin-section", aria_labelledby: "venues-heading",
            h2 { id: "venues-heading", {t("admin-venues-list")} }
            match &*keys.read() {
                None => rsx! { p { class: "loading", role: "status", {t("admin-loading")} } },
                Some(Err(error)) => rsx! { p { class: "error", role: "alert", {error.clone()} } },
                Some(Ok(list)) => rsx! {
                    div { class: "table-scroll", tabindex: "0", table { class: "admin-table", id: "admin-venue-table",
                        thead { tr {
                            th { scope: "col", {t("admin-venue-name")} }
                            th { scope: "col", {t("admin-venue-offer-count")} }
                            th { scope: "col", {t("admin-status")} }
                            th { scope: "col", span { class: "visually-hidden", {t("admin-actions")} } }
                        } }
                        tbody {
                            for venue in list.clone() {
                                tr { key: "{venue.id}", "data-venue": "{venue.id}",
                                    td { {venue.name.clone()} }
                                    td { {format::number(lang, venue.offer_ids.len() as u64)} }
                                    td { if venue.revoked { {t("admin-status-revoked")} } else { {t("admin-status-active")} } }
                                    td { class: "admin-row-actions",
                                        if !venue.revoked {
                                            if confirming() == Some(venue.id) {
                                                button { r#type: "button", class: "button danger small", onclick: move |_| revoke(venue.id), {t("admin-revoke-yes")} }
                                                button { r#type: "button", class: "button secondary small", onclick: move |_| confirming.set(None), {t("settings-remove-no")} }
                                            } else {
                                                button { r#type: "button", class: "button secondary small",
                                                    "aria-label": i18n::tr(lang, "admin-venue-revoke-label", &[("venue", FluentValue::from(venue.name.clone()))]),
                                                    onclick: move |_| confirming.set(Some(venue.id)),
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
    }
}
