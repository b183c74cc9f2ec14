//! The admin's offers: the list with search, creating and editing an offer (messages next to the
//! fields), deleting one, uploading its picture, approving a provider's new offer, the
//! categories' visit rules, and importing a CSV or JSON file (a preview with every problem by line
//! first; nothing is imported while any is left). A provider sees its own offers here, and may
//! create and edit them.

mod editor;
pub mod form;
mod import;
mod rules;

use aktivitetskortet_core::offer::Offer;
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use super::{ProblemList, admin_lang, use_admin, use_page};
use crate::admin::Route;
use crate::shared::components::ConfirmButtons;
use crate::shared::format;
use crate::shared::i18n::{self, use_lang};
use crate::shared::words::category_name;

use editor::OfferEditor;
use import::ImportOffers;
use rules::{CategoryRules, rule_text};

#[component]
pub fn AdminOffers() -> Element {
    let session = use_admin();
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let provider = session.get().is_some_and(|c| c.is_provider());
    let mut reload = use_signal(|| 0u32);
    let mut search = use_signal(String::new);
    let mut confirming = use_signal(|| None::<String>);
    let mut message = use_signal(|| None::<String>);
    let offers = use_resource(move || async move {
        let _ = reload();
        match session.get() {
            Some(admin) => admin.offers().await.map_err(|e| session.explain(lang, &e)),
            None => Ok(vec![]),
        }
    });
    // The offers waiting for approval (a provider's new ones), and whether a provider's new
    // offers wait at all.
    let pending = use_resource(move || async move {
        let _ = reload();
        let admin = session.get()?;
        if admin.is_provider() {
            let waits = admin.provider_me().await.ok()?.approval_required;
            Some((admin.provider_offers().await.ok()?.pending, waits))
        } else {
            let terms = admin.offer_terms().await.ok()?;
            let ids = terms.into_iter().filter(|t| t.pending).map(|t| t.offer_id);
            Some((ids.collect::<Vec<_>>(), false))
        }
    });
    let (waiting, approval_note) = pending().flatten().unwrap_or_default();
    let approve = move |id: String| {
        spawn(async move {
            let Some(admin) = session.get() else { return };
            match admin.approve_offer(&id).await {
                Ok(()) => {
                    message.set(Some(i18n::tr(
                        lang,
                        "admin-offer-approved",
                        &[("id", FluentValue::from(id))],
                    )));
                    reload += 1;
                }
                Err(e) => message.set(Some(session.explain(lang, &e))),
            }
        });
    };
    let delete = move |id: String| {
        spawn(async move {
            let Some(admin) = session.get() else { return };
            match admin.delete_offer(&id).await {
                Ok(()) => {
                    message.set(Some(i18n::tr(
                        lang,
                        "admin-offer-deleted",
                        &[("id", FluentValue::from(id))],
                    )));
                    reload += 1;
                }
                Err(e) => message.set(Some(session.explain(lang, &e))),
            }
            confirming.set(None);
        });
    };
    let needle = fold_for_search(&search());
    let listed: Option<Result<Vec<Offer>, String>> = offers.read().as_ref().map(|r| {
        r.as_ref().map_err(Clone::clone).map(|offers| {
            offers
                .iter()
                .filter(|o| {
                    needle.is_empty()
                        || fold_for_search(&format!("{} {} {}", o.id, o.title.nb, o.venue))
                            .contains(&needle)
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    rsx! {
        h1 { {t("admin-offers-title")} }
        p { class: "admin-actions",
            Link { to: Route::AdminNewOffer {}, class: "button", id: "admin-new-offer", {t("admin-offer-new")} }
        }
        if let Some(text) = message() {
            p { class: "notice", role: "status", id: "admin-offers-message", {text} }
        }
        if approval_note {
            p { class: "help", id: "admin-approval-note", {t("admin-provider-approval-note")} }
        }
        if !provider {
            CategoryRules {}
            ImportOffers { on_imported: move |_| reload += 1 }
        }
        div { class: "filter-row admin-search",
            label { r#for: "admin-offer-search", {t("admin-offers-search")} }
            input {
                id: "admin-offer-search",
                r#type: "search",
                value: "{search}",
                oninput: move |e| search.set(e.value()),
            }
        }
        match listed {
            None => rsx! { p { class: "loading", role: "status", {t("admin-loading")} } },
            Some(Err(error)) => rsx! { p { class: "error", role: "alert", {error} } },
            Some(Ok(list)) => rsx! {
                p { class: "result-count", role: "status", id: "admin-offer-count",
                    {format::count(lang, "offers-count", list.len() as u64)}
                }
                div { class: "table-scroll", tabindex: "0", table { class: "admin-table", id: "admin-offer-table",
                    thead {
                        tr {
                            th { scope: "col", {t("admin-offer-title")} }
                            th { scope: "col", {t("offer-category")} }
                            th { scope: "col", {t("filter-district")} }
                            th { scope: "col", {t("offer-ages")} }
                            th { scope: "col", {t("admin-rule-column")} }
                            th { scope: "col", span { class: "visually-hidden", {t("admin-actions")} } }
                        }
                    }
                    tbody {
                        for offer in list {
                            tr { key: "{offer.id}", "data-offer": "{offer.id}",
                                td {
                                    span { class: "admin-offer-title", {offer.title.nb.clone()} }
                                    br {}
                                    code { class: "help", {offer.id.clone()} }
                                    if waiting.contains(&offer.id) {
                                        br {}
                                        span { class: "badge admin-pending", {t("admin-offer-pending")} }
                                    }
                                }
                                td { {category_name(lang, offer.category)} }
                                td { {offer.district.name()} }
                                td { {format::age_range(lang, offer.age_min, offer.age_max)} }
                                td { {rule_text(lang, offer.visit_rule)} }
                                td { class: "admin-row-actions",
                                    if !provider && waiting.contains(&offer.id) {
                                        button {
                                            r#type: "button",
                                            class: "button small",
                                            "aria-label": i18n::tr(lang, "admin-offer-approve-label", &[("title", FluentValue::from(offer.title.nb.clone()))]),
                                            onclick: {
                                                let id = offer.id.clone();
                                                move |_| approve(id.clone())
                                            },
                                            {t("admin-offer-approve")}
                                        }
                                    }
                                    Link {
                                        to: Route::AdminEditOffer { id: offer.id.clone() },
                                        class: "button secondary small",
                                        "aria-label": i18n::tr(lang, "admin-offer-edit-label", &[("title", FluentValue::from(offer.title.nb.clone()))]),
                                        {t("admin-edit")}
                                    }
                                    if provider {
                                    } else if confirming().as_deref() == Some(offer.id.as_str()) {
                                        ConfirmButtons {
                                            yes: t("admin-delete-yes"),
                                            small: true,
                                            on_yes: {
                                                let id = offer.id.clone();
                                                move |_| delete(id.clone())
                                            },
                                            on_no: move |_| confirming.set(None),
                                        }
                                    } else {
                                        button {
                                            r#type: "button",
                                            class: "button secondary small",
                                            "aria-label": i18n::tr(lang, "admin-offer-delete-label", &[("title", FluentValue::from(offer.title.nb.clone()))]),
                                            onclick: {
                                                let id = offer.id.clone();
                                                move |_| confirming.set(Some(id.clone()))
                                            },
                                            {t("admin-delete")}
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

/// Lower case and Norwegian letters folded, for the list's search.
pub fn fold_for_search(text: &str) -> String {
    aktivitetskortet_core::offer::fold(text.trim())
}

#[component]
pub fn AdminNewOffer() -> Element {
    rsx! {
        OfferEditor { existing: None }
    }
}

#[component]
pub fn AdminEditOffer(id: String) -> Element {
    let session = use_admin();
    let lang = admin_lang(use_lang()());
    let offer = use_resource(move || {
        let id = id.clone();
        async move {
            let admin = session.get()?;
            admin.offers().await.ok()?.into_iter().find(|o| o.id == id)
        }
    });
    match offer() {
        None => rsx! { p { class: "loading", role: "status", {i18n::t(lang, "admin-loading")} } },
        Some(None) => rsx! {
            h1 { {i18n::t(lang, "offer-missing")} }
            Link { to: Route::AdminOffers {}, class: "button", {i18n::t(lang, "admin-back-to-offers")} }
        },
        Some(Some(offer)) => rsx! { OfferEditor { existing: Some(offer) } },
    }
}
