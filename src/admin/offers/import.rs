//! Importing offers from a CSV or JSON file: a preview with every problem by line first; nothing
//! is imported while any is left.

use aktivitetskortet_client::admin::{AdminError, ImportFormat};
use aktivitetskortet_core::offer::Offer;
use aktivitetskortet_core::offer_csv;
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use super::{ProblemList, admin_lang, use_admin};
use crate::shared::format;
use crate::shared::i18n::{self, use_lang};

/// What a file to import holds, read here before anything is sent.
#[derive(Debug, Clone, PartialEq)]
enum Preview {
    Offers(Vec<Offer>),
    Problems(Vec<aktivitetskortet_core::api::ErrorDetail>),
}

fn read_import(text: &str, format: ImportFormat) -> Preview {
    match format {
        ImportFormat::Csv => match offer_csv::parse(text) {
            Ok(offers) => Preview::Offers(offers),
            Err(problems) => Preview::Problems(problems),
        },
        ImportFormat::Json => match serde_json::from_str::<Vec<Offer>>(text) {
            Err(e) => Preview::Problems(vec![aktivitetskortet_core::api::ErrorDetail {
                line: Some(e.line() as u32),
                field: None,
                message: format!("not a JSON list of offers: {e}"),
            }]),
            Ok(offers) => {
                let problems: Vec<_> = offers
                    .iter()
                    .enumerate()
                    .flat_map(|(i, o)| {
                        o.validate().into_iter().map(move |e| {
                            aktivitetskortet_core::api::ErrorDetail {
                                line: Some(i as u32 + 1),
                                field: Some(e.field),
                                message: e.message,
                            }
                        })
                    })
                    .collect();
                if problems.is_empty() {
                    Preview::Offers(offers)
                } else {
                    Preview::Problems(problems)
                }
            }
        },
    }
}

/// Importing offers from a file: a preview, then all or nothing.
#[component]
pub(super) fn ImportOffers(on_imported: EventHandler<()>) -> Element {
    let session = use_admin();
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let mut text = use_signal(String::new);
    let mut format = use_signal(|| ImportFormat::Csv);
    let mut preview = use_signal(|| None::<Preview>);
    let mut result = use_signal(|| None::<Result<String, String>>);
    let read_file = move |e: FormEvent| async move {
        if let Some(file) = e.files().into_iter().next() {
            let name = file.name().to_lowercase();
            format.set(if name.ends_with(".json") {
                ImportFormat::Json
            } else {
                ImportFormat::Csv
            });
            if let Ok(content) = file.read_string().await {
                text.set(content);
                preview.set(None);
                result.set(None);
            }
        }
    };
    let import = move |_| {
        let (content, kind) = (text(), format());
        spawn(async move {
            let Some(admin) = session.get() else { return };
            match admin.import_offers(&content, kind).await {
                Ok(report) => {
                    result.set(Some(Ok(i18n::tr(
                        lang,
                        "admin-import-done",
                        &[
                            ("created", FluentValue::from(report.created)),
                            ("updated", FluentValue::from(report.updated)),
                        ],
                    ))));
                    preview.set(None);
                    text.set(String::new());
                    on_imported.call(());
                }
                Err(AdminError::Invalid { details, .. }) => {
                    preview.set(Some(Preview::Problems(details)))
                }
                Err(e) => result.set(Some(Err(session.explain(lang, &e)))),
            }
        });
    };
    rsx! {
        details { class: "admin-section", id: "admin-import",
            summary { {t("admin-import-title")} }
            p { class: "help", {t("admin-import-help")} }
            div { class: "filter-row",
                label { r#for: "admin-import-file", {t("admin-import-file")} }
                input { id: "admin-import-file", r#type: "file", accept: ".csv,.json,text/csv,application/json", onchange: read_file }
            }
            div { class: "filter-row",
                label { r#for: "admin-import-text", {t("admin-import-text")} }
                textarea {
                    id: "admin-import-text",
                    rows: "6",
                    spellcheck: "false",
                    value: "{text}",
                    oninput: move |e| {
                        let value = e.value();
                        format.set(if value.trim_start().starts_with('[') { ImportFormat::Json } else { ImportFormat::Csv });
                        text.set(value);
                        preview.set(None);
                    },
                }
            }
            button {
                r#type: "button",
                class: "button secondary",
                id: "admin-import-preview",
                disabled: text().trim().is_empty(),
                onclick: move |_| preview.set(Some(read_import(&text(), format()))),
                {t("admin-import-preview")}
            }
            match preview() {
                None => rsx! {},
                Some(Preview::Problems(problems)) => rsx! {
                    ProblemList { id: "admin-import-problems", problems: problems.clone() }
                },
                Some(Preview::Offers(offers)) => rsx! {
                    p { role: "status", id: "admin-import-ready",
                        {format::count(lang, "admin-import-ready", offers.len() as u64)}
                    }
                    div { class: "table-scroll", tabindex: "0", table { class: "admin-table",
                        thead { tr { th { scope: "col", "id" } th { scope: "col", {t("admin-offer-title")} } th { scope: "col", {t("filter-district")} } } }
                        tbody {
                            for o in offers.iter() {
                                tr { key: "{o.id}", td { code { {o.id.clone()} } } td { {o.title.nb.clone()} } td { {o.district.name()} } }
                            }
                        }
                    } }
                    button { r#type: "button", class: "button", id: "admin-import-go", onclick: import,
                        {format::count(lang, "admin-import-go", offers.len() as u64)}
                    }
                },
            }
            if let Some(outcome) = result() {
                match outcome {
                    Ok(text) => rsx! { p { class: "notice", role: "status", id: "admin-import-result", {text} } },
                    Err(text) => rsx! { p { class: "error", role: "alert", id: "admin-import-result", {text} } },
                }
            }
        }
    }
}
