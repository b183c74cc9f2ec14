//! A family's request about its card: everything the server holds about it, shown on one page
//! (GDPR art. 15), and erasing it (art. 17) after a confirmation. The visits shown are those that
//! can still be linked to the card; what erasing keeps is said beside the button.

use aktivitetskortet_core::api::CardData;
use aktivitetskortet_core::calendar::bergen_local;
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use super::{admin_lang, use_admin, use_page};
use crate::shared::format;
use crate::shared::i18n::{self, Lang, use_lang};

fn day(lang: Lang, at: u64) -> String {
    format::date_long(lang, bergen_local(at).date)
}

#[component]
pub fn CardRecord(
    card_id: String,
    on_erased: EventHandler<()>,
    on_close: EventHandler<()>,
) -> Element {
    let session = use_admin();
    let page = use_page();
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let mut confirming = use_signal(|| false);
    let mut failure = use_signal(|| None::<String>);
    let id = card_id.clone();
    let data = use_resource(move || {
        let id = id.clone();
        async move {
            match session.get() {
                Some(admin) => admin
                    .card_data(&id)
                    .await
                    .map_err(|e| session.explain(lang, &e)),
                None => Err(String::new()),
            }
        }
    });
    let erase = move |id: String| {
        spawn(async move {
            let Some(admin) = session.get() else { return };
            match admin.erase_card(&id).await {
                Ok(erased) => {
                    page.announce(i18n::tr(
                        lang,
                        "admin-erased",
                        &[("visits", FluentValue::from(erased.visits_unlinked))],
                    ));
                    on_erased.call(());
                }
                Err(e) => failure.set(Some(session.explain(lang, &e))),
            }
            confirming.set(false);
        });
    };
    rsx! {
        section { class: "admin-section", id: "card-record", aria_labelledby: "card-record-heading",
            match &*data.read() {
                None => rsx! { p { class: "loading", role: "status", {t("admin-loading")} } },
                Some(Err(error)) => rsx! { p { class: "error", role: "alert", {error.clone()} } },
                Some(Ok(data)) => rsx! {
                    Record { data: data.clone() }
                    if let Some(text) = failure() {
                        p { class: "error", role: "alert", {text} }
                    }
                    p { class: "help", {t("admin-erase-keeps")} }
                    p { class: "admin-actions",
                        if confirming() {
                            span { role: "alert", {t("admin-erase-confirm")} }
                            button { r#type: "button", class: "button danger small", id: "confirm-erase",
                                onclick: {
                                    let id = card_id.clone();
                                    move |_| erase(id.clone())
                                },
                                {t("admin-erase-yes")} }
                            button { r#type: "button", class: "button secondary small", onclick: move |_| confirming.set(false), {t("settings-remove-no")} }
                        } else {
                            button { r#type: "button", class: "button secondary", id: "erase-card",
                                onclick: move |_| confirming.set(true), {t("admin-erase")} }
                        }
                        button { r#type: "button", class: "button secondary", id: "close-record",
                            onclick: move |_| on_close.call(()), {t("admin-record-close")} }
                    }
                },
            }
        }
    }
}

/// The record itself: the card, its codes and phone keys, its visits, its audit lines.
#[component]
fn Record(data: CardData) -> Element {
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let card = &data.card;
    let years: Vec<String> = data.unlinkable_years.iter().map(i32::to_string).collect();
    rsx! {
        h2 { id: "card-record-heading",
            {i18n::tr(lang, "admin-record-title", &[("name", FluentValue::from(card.given_name.clone()))])}
        }
        dl { class: "record",
            dt { {t("admin-field-given-name")} } dd { id: "record-name", {card.given_name.clone()} }
            dt { {t("admin-field-birth-year")} } dd { {card.birth_year.to_string()} }
            dt { {t("admin-field-language")} } dd { {data.language.clone()} }
            dt { {t("admin-validity")} }
            dd { {format!("{} – {}", format::date_long(lang, card.valid_from), format::date_long(lang, card.valid_until))} }
            dt { {t("admin-status")} } dd { {t(&format!("admin-status-{}", card.status))} }
            dt { {t("admin-record-issued")} } dd { {day(lang, data.created_at)} }
            dt { "ID" } dd { dir: "ltr", {card.card_id.clone()} }
        }
        h3 { {t("admin-record-codes")} }
        if data.activation_codes.is_empty() {
            p { {t("admin-record-none")} }
        }
        ul { id: "record-codes",
            for (i, code) in data.activation_codes.iter().enumerate() {
                li { key: "{i}",
                    {i18n::tr(lang, "admin-record-code", &[
                        ("made", FluentValue::from(day(lang, code.created_at))),
                        ("until", FluentValue::from(day(lang, code.expires_at))),
                        ("used", FluentValue::from(code.used_at.map_or_else(|| t("admin-record-unused"), |u| day(lang, u)))),
                    ])}
                }
            }
        }
        h3 { {t("admin-record-keys")} }
        if data.credentials.is_empty() {
            p { {t("admin-record-none")} }
        }
        ul { id: "record-keys",
            for (i, key) in data.credentials.iter().enumerate() {
                li { key: "{i}",
                    {i18n::tr(lang, "admin-record-key", &[
                        ("made", FluentValue::from(day(lang, key.issued_at))),
                        ("until", FluentValue::from(day(lang, key.expires_at))),
                    ])}
                }
            }
        }
        h3 { {t("admin-record-visits")} }
        if data.visits.is_empty() {
            p { {t("admin-record-none")} }
        }
        ul { id: "record-visits",
            for (i, visit) in data.visits.iter().enumerate() {
                li { key: "{i}",
                    {format!("{}: {}{}", format::date_long(lang, visit.day), visit.offer_title,
                        if visit.companion { format!(" ({})", t("admin-record-companion")) } else { String::new() })}
                }
            }
        }
        if !years.is_empty() {
            p { class: "help",
                {i18n::tr(lang, "admin-record-unlinkable", &[("years", FluentValue::from(years.join(", ")))])}
            }
        }
        h3 { {t("admin-record-audit")} }
        ul { id: "record-audit",
            for entry in data.audit.iter() {
                li { key: "{entry.id}", "data-action": "{entry.action}",
                    {format!("{}: {} ({})", day(lang, entry.at), super::audit::action_text(lang, &entry.action),
                        entry.admin_key_label.clone().unwrap_or_else(|| t("admin-audit-command-line")))}
                }
            }
        }
    }
}
