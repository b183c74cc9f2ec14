//! The admin's cards: issuing one or many (a small CSV of given names, birth years and validity),
//! the printable activation letters (a page each, in the family's language), revoking a card and
//! a new letter after a lost phone. Nothing here asks for or shows why a child has the card.

use aktivitetskortet_client::admin::AdminError;
use aktivitetskortet_core::api::{ErrorDetail, IssueCardRequest, IssuedCard, LetterRequest};
use aktivitetskortet_core::calendar::{Date, bergen_local};
use aktivitetskortet_core::cards_csv;
use aktivitetskortet_core::token::CompanionRule;
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use super::{ProblemList, admin_lang, use_admin};
use crate::admin::offers::form::localise;
use crate::shared::format;
use crate::shared::i18n::{self, Lang, use_lang};
use crate::shared::links::percent_encode;
use crate::shared::platform;
use crate::shared::words::companion_text;

/// A card issued in this session, with what its letter needs.
#[derive(Debug, Clone, PartialEq)]
struct Issued {
    card: IssuedCard,
    given_name: String,
    /// The letter's language; `None` for the card's own (a new letter after a lost phone).
    language: Option<String>,
}

impl Issued {
    fn letter(&self) -> LetterRequest {
        LetterRequest {
            card_id: self.card.card_id.clone(),
            code: self.card.activation_code.clone(),
            language: self.language.clone(),
        }
    }
}

/// Cards listed per "show more" (the newest first).
const PAGE: usize = 50;

fn today() -> Date {
    bergen_local(platform::now()).date
}

fn companion_slug(rule: CompanionRule) -> &'static str {
    match rule {
        CompanionRule::None => "none",
        CompanionRule::OneAtPublicEvents => "one_at_public_events",
        CompanionRule::OneEverywhere => "one_everywhere",
    }
}

fn companion_from_slug(slug: &str) -> CompanionRule {
    match slug {
        "none" => CompanionRule::None,
        "one_everywhere" => CompanionRule::OneEverywhere,
        _ => CompanionRule::OneAtPublicEvents,
    }
}

#[component]
pub fn AdminCards() -> Element {
    let session = use_admin();
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let issued = use_signal(Vec::<Issued>::new);
    let letters = use_signal(|| None::<String>);
    let mut reload = use_signal(|| 0u32);
    let cards = use_resource(move || async move {
        let _ = reload();
        match session.get() {
            Some(admin) => admin.cards().await.map_err(|e| session.explain(lang, &e)),
            None => Ok(vec![]),
        }
    });
    let show_letters = move |which: Vec<LetterRequest>| {
        let mut letters = letters;
        spawn(async move {
            let Some(admin) = session.get() else { return };
            match admin.letters(&which).await {
                Ok(html) => letters.set(Some(html)),
                Err(e) => letters.set(Some(format!("<p>{}</p>", session.explain(lang, &e)))),
            }
        });
    };
    let on_issued = move |new: Vec<Issued>| {
        let mut issued = issued;
        issued.write().extend(new);
        reload += 1;
    };
    rsx! {
        h1 { {t("admin-cards-title")} }
        p { class: "help", {t("admin-cards-privacy")} }
        IssueOne { on_issued }
        IssueMany { on_issued }
        if !issued().is_empty() {
            section { class: "admin-section", aria_labelledby: "issued-heading", id: "admin-issued",
                h2 { id: "issued-heading", {t("admin-issued-title")} }
                p { class: "help", {t("admin-issued-help")} }
                div { class: "table-scroll", tabindex: "0", table { class: "admin-table",
                    thead { tr {
                        th { scope: "col", {t("admin-field-given-name")} }
                        th { scope: "col", {t("admin-code")} }
                        th { scope: "col", {t("admin-field-language")} }
                        th { scope: "col", span { class: "visually-hidden", {t("admin-actions")} } }
                    } }
                    tbody {
                        for item in issued() {
                            tr { key: "{item.card.card_id}-{item.card.activation_code}", "data-card": "{item.card.card_id}",
                                td { {item.given_name.clone()} }
                                td { code { dir: "ltr", class: "issued-code", {item.card.activation_code.clone()} } }
                                td { {item.language.clone().unwrap_or_default()} }
                                td {
                                    button {
                                        r#type: "button",
                                        class: "button secondary small",
                                        "aria-label": i18n::tr(lang, "admin-letter-for", &[("name", FluentValue::from(item.given_name.clone()))]),
                                        onclick: {
                                            let letter = item.letter();
                                            move |_| show_letters(vec![letter.clone()])
                                        },
                                        {t("admin-letter")}
                                    }
                                }
                            }
                        }
                    }
                } }
                button {
                    r#type: "button",
                    class: "button",
                    id: "admin-all-letters",
                    onclick: move |_| show_letters(issued().iter().map(Issued::letter).collect()),
                    {format::count(lang, "admin-all-letters", issued().len() as u64)}
                }
            }
        }
        if let Some(html) = letters() {
            Letters { html }
        }
        section { class: "admin-section", aria_labelledby: "all-cards-heading",
            h2 { id: "all-cards-heading", {t("admin-all-cards")} }
            match &*cards.read() {
                None => rsx! { p { class: "loading", role: "status", {t("admin-loading")} } },
                Some(Err(error)) => rsx! { p { class: "error", role: "alert", {error.clone()} } },
                Some(Ok(list)) => rsx! {
                    CardTable {
                        cards: list.clone(),
                        on_changed: move |new: Option<Issued>| {
                            if let Some(new) = new {
                                let mut issued = issued;
                                issued.write().push(new);
                            }
                            reload += 1;
                        },
                    }
                },
            }
        }
    }
}

/// Issuing one card.
#[component]
fn IssueOne(on_issued: EventHandler<Vec<Issued>>) -> Element {
    let session = use_admin();
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let mut name = use_signal(String::new);
    let mut year = use_signal(String::new);
    let mut from = use_signal(|| today().to_string());
    let mut until = use_signal(|| today().add_days(180).to_string());
    let mut companion = use_signal(|| "one_at_public_events".to_owned());
    let mut language = use_signal(|| "nb".to_owned());
    let mut errors = use_signal(Vec::<ErrorDetail>::new);
    let mut failure = use_signal(|| None::<String>);

    let submit = move |e: FormEvent| {
        e.prevent_default();
        let mut problems = Vec::new();
        let mut date = |field: &str, s: &str| {
            s.parse::<Date>().unwrap_or_else(|_| {
                problems.push(ErrorDetail {
                    line: None,
                    field: Some(field.into()),
                    message: i18n::t(lang, "admin-error-date"),
                });
                today()
            })
        };
        let (valid_from, valid_until) =
            (date("valid_from", &from()), date("valid_until", &until()));
        let birth_year = year().trim().parse::<u16>().unwrap_or_else(|_| {
            problems.push(ErrorDetail {
                line: None,
                field: Some("birth_year".into()),
                message: i18n::t(lang, "admin-error-year"),
            });
            0
        });
        let request = IssueCardRequest {
            given_name: name().trim().to_owned(),
            birth_year,
            valid_from,
            valid_until,
            companion: companion_from_slug(&companion()),
            language: Some(language()),
        };
        let unread: Vec<_> = problems.iter().filter_map(|p| p.field.clone()).collect();
        problems.extend(
            cards_csv::check_request(&request, today())
                .into_iter()
                .filter(|d| d.field.as_ref().is_none_or(|f| !unread.contains(f))),
        );
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        errors.set(vec![]);
        failure.set(None);
        spawn(async move {
            let Some(admin) = session.get() else { return };
            match admin.issue_card(&request).await {
                Ok(card) => {
                    on_issued.call(vec![Issued {
                        card,
                        given_name: request.given_name.clone(),
                        language: Some(language()),
                    }]);
                    name.set(String::new());
                    year.set(String::new());
                }
                Err(AdminError::Invalid { details, .. }) => errors.set(details),
                Err(e) => failure.set(Some(session.explain(lang, &e))),
            }
        });
    };
    let errs = errors();
    let message = |field: &str| -> Option<String> {
        let m: Vec<_> = errs
            .iter()
            .filter(|d| d.field.as_deref() == Some(field))
            .map(|d| localise(lang, &d.message))
            .collect();
        (!m.is_empty()).then(|| m.join(" "))
    };
    rsx! {
        section { class: "admin-section", aria_labelledby: "issue-one-heading",
            h2 { id: "issue-one-heading", {t("admin-issue-one")} }
            if let Some(text) = failure() {
                p { class: "error", role: "alert", {text} }
            }
            form { class: "admin-form admin-grid", novalidate: true, onsubmit: submit, id: "admin-issue-form",
                CardField { id: "given_name", label: t("admin-field-given-name"), error: message("given_name"),
                    input { id: "card-given_name", r#type: "text", value: "{name}", autocomplete: "off",
                        "aria-invalid": if message("given_name").is_some() { "true" } else { "false" },
                        "aria-describedby": "card-given_name-error", oninput: move |e| name.set(e.value()) }
                }
                CardField { id: "birth_year", label: t("admin-field-birth-year"), error: message("birth_year"),
                    input { id: "card-birth_year", r#type: "text", inputmode: "numeric", value: "{year}",
                        "aria-invalid": if message("birth_year").is_some() { "true" } else { "false" },
                        "aria-describedby": "card-birth_year-error", oninput: move |e| year.set(e.value()) }
                }
                CardField { id: "valid_from", label: t("admin-field-valid-from"), error: message("valid_from"),
                    input { id: "card-valid_from", r#type: "date", value: "{from}", "aria-describedby": "card-valid_from-error",
                        onchange: move |e| from.set(e.value()) }
                }
                CardField { id: "valid_until", label: t("admin-field-valid-until"), error: message("valid_until"),
                    input { id: "card-valid_until", r#type: "date", value: "{until}",
                        "aria-invalid": if message("valid_until").is_some() { "true" } else { "false" },
                        "aria-describedby": "card-valid_until-error", onchange: move |e| until.set(e.value()) }
                }
                CardField { id: "companion", label: t("card-companion"), error: message("companion"),
                    select { id: "card-companion", onchange: move |e| companion.set(e.value()),
                        for rule in [CompanionRule::OneAtPublicEvents, CompanionRule::OneEverywhere, CompanionRule::None] {
                            option { key: "{companion_slug(rule)}", value: companion_slug(rule), selected: companion() == companion_slug(rule),
                                {companion_text(lang, rule)} }
                        }
                    }
                }
                CardField { id: "language", label: t("admin-field-language"), error: message("language"),
                    select { id: "card-language", onchange: move |e| language.set(e.value()),
                        for l in Lang::ALL {
                            option { key: "{l.code()}", value: l.code(), lang: l.code(), selected: language() == l.code(), {l.native_name()} }
                        }
                    }
                }
                p { class: "admin-actions",
                    button { r#type: "submit", class: "button", id: "admin-issue", {t("admin-issue")} }
                }
            }
        }
    }
}

#[component]
fn CardField(id: String, label: String, error: Option<String>, children: Element) -> Element {
    rsx! {
        div { class: "filter-row",
            label { r#for: "card-{id}", {label} }
            {children}
            if let Some(error) = error {
                p { class: "error field-error", id: "card-{id}-error", {error} }
            } else {
                span { id: "card-{id}-error" }
            }
        }
    }
}

/// Issuing many cards from a CSV: a preview with every problem by line, then all of them.
#[component]
fn IssueMany(on_issued: EventHandler<Vec<Issued>>) -> Element {
    let session = use_admin();
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let mut text = use_signal(String::new);
    let mut preview = use_signal(|| None::<Result<Vec<IssueCardRequest>, Vec<ErrorDetail>>>);
    let mut failure = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);
    let read_file = move |e: FormEvent| async move {
        if let Some(file) = e.files().into_iter().next()
            && let Ok(content) = file.read_string().await
        {
            text.set(content);
            preview.set(None);
        }
    };
    let issue_all = move |_| {
        let Some(Ok(requests)) = preview() else {
            return;
        };
        busy.set(true);
        spawn(async move {
            let Some(admin) = session.get() else { return };
            let mut done = Vec::new();
            for (i, request) in requests.iter().enumerate() {
                match admin.issue_card(request).await {
                    Ok(card) => done.push(Issued {
                        card,
                        given_name: request.given_name.clone(),
                        language: Some(request.language.clone().unwrap_or_else(|| "nb".into())),
                    }),
                    Err(e) => {
                        // The ones before stay issued: say so, and which row stopped the rest.
                        failure.set(Some(i18n::tr(
                            lang,
                            "admin-issue-many-stopped",
                            &[
                                ("line", FluentValue::from(i as u64 + 2)),
                                ("done", FluentValue::from(done.len() as u64)),
                                ("why", FluentValue::from(session.explain(lang, &e))),
                            ],
                        )));
                        break;
                    }
                }
            }
            busy.set(false);
            preview.set(None);
            if !done.is_empty() {
                on_issued.call(done);
            }
        });
    };
    rsx! {
        details { class: "admin-section", id: "admin-issue-many",
            summary { {t("admin-issue-many")} }
            p { class: "help", {t("admin-issue-many-help")} }
            pre { class: "admin-example", dir: "ltr",
                "given_name;birth_year;valid_from;valid_until;companion;language\nAmina;2015;2027-01-01;2027-06-30;;ar"
            }
            div { class: "filter-row",
                label { r#for: "admin-cards-file", {t("admin-import-file")} }
                input { id: "admin-cards-file", r#type: "file", accept: ".csv,text/csv", onchange: read_file }
            }
            div { class: "filter-row",
                label { r#for: "admin-cards-text", {t("admin-import-text")} }
                textarea { id: "admin-cards-text", rows: "5", spellcheck: "false", value: "{text}",
                    oninput: move |e| { text.set(e.value()); preview.set(None); } }
            }
            button { r#type: "button", class: "button secondary", id: "admin-cards-preview", disabled: text().trim().is_empty(),
                onclick: move |_| preview.set(Some(cards_csv::parse(&text(), today()))),
                {t("admin-import-preview")} }
            match preview() {
                None => rsx! {},
                Some(Err(problems)) => rsx! {
                    ProblemList { id: "admin-cards-problems", problems: problems.clone() }
                },
                Some(Ok(requests)) => rsx! {
                    div { class: "table-scroll", tabindex: "0", table { class: "admin-table",
                        thead { tr {
                            th { scope: "col", {t("admin-field-given-name")} }
                            th { scope: "col", {t("admin-field-birth-year")} }
                            th { scope: "col", {t("admin-field-valid-until")} }
                            th { scope: "col", {t("admin-field-language")} }
                        } }
                        tbody {
                            for (i, r) in requests.iter().enumerate() {
                                tr { key: "{i}", td { {r.given_name.clone()} } td { {r.birth_year.to_string()} }
                                    td { {format::date_long(lang, r.valid_until)} } td { {r.language.clone().unwrap_or_else(|| "nb".into())} } }
                            }
                        }
                    } }
                    button { r#type: "button", class: "button", id: "admin-cards-issue", disabled: busy(), onclick: issue_all,
                        {format::count(lang, "admin-issue-many-go", requests.len() as u64)} }
                },
            }
            if let Some(text) = failure() {
                p { class: "error", role: "alert", {text} }
            }
        }
    }
}

/// The letters to print, in a frame of their own (their page layout, one sheet each).
#[component]
fn Letters(html: String) -> Element {
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let download = format!("data:text/html;charset=utf-8,{}", percent_encode(&html));
    rsx! {
        section { class: "admin-section", aria_labelledby: "letters-heading", id: "admin-letters",
            h2 { id: "letters-heading", {t("admin-letters-title")} }
            p { class: "admin-actions",
                button {
                    r#type: "button",
                    class: "button",
                    id: "admin-print-letters",
                    onclick: move |_| {
                        crate::shared::page::run("printFrame", serde_json::json!({ "id": "letters-frame" }));
                    },
                    {t("admin-print")}
                }
                a { class: "button secondary", href: "{download}", download: "aktiveringsbrev.html", {t("admin-download")} }
            }
            // Sandboxed: the letters run no script; the page may still print them.
            iframe {
                id: "letters-frame",
                class: "letters-frame",
                title: t("admin-letters-title"),
                "sandbox": "allow-same-origin allow-modals",
                srcdoc: "{html}",
            }
        }
    }
}

/// Every card, with revoking and a new letter.
#[component]
fn CardTable(
    cards: Vec<aktivitetskortet_core::api::CardSummary>,
    on_changed: EventHandler<Option<Issued>>,
) -> Element {
    let session = use_admin();
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let mut search = use_signal(String::new);
    let mut confirming = use_signal(|| None::<String>);
    let mut failure = use_signal(|| None::<String>);
    let mut limit = use_signal(|| PAGE);
    // The card whose record (everything held about it) is open.
    let mut record = use_signal(|| None::<String>);
    let needle = search().trim().to_lowercase();
    let matching: Vec<_> = cards
        .into_iter()
        .filter(|c| {
            needle.is_empty()
                || c.given_name.to_lowercase().contains(&needle)
                || c.card_id.contains(&needle)
        })
        .collect();
    let total = matching.len();
    let shown: Vec<_> = matching.into_iter().take(limit()).collect();
    let revoke = move |id: String| {
        spawn(async move {
            let Some(admin) = session.get() else { return };
            match admin.revoke(&id).await {
                Ok(()) => on_changed.call(None),
                Err(e) => failure.set(Some(session.explain(lang, &e))),
            }
            confirming.set(None);
        });
    };
    let reissue = move |(id, name): (String, String)| {
        spawn(async move {
            let Some(admin) = session.get() else { return };
            match admin.reissue(&id).await {
                Ok(card) => on_changed.call(Some(Issued {
                    card,
                    given_name: name,
                    language: None,
                })),
                Err(e) => failure.set(Some(session.explain(lang, &e))),
            }
        });
    };
    rsx! {
        div { class: "filter-row admin-search",
            label { r#for: "admin-card-search", {t("admin-cards-search")} }
            input { id: "admin-card-search", r#type: "search", value: "{search}", oninput: move |e| search.set(e.value()) }
        }
        if let Some(text) = failure() {
            p { class: "error", role: "alert", {text} }
        }
        p { class: "result-count", role: "status", id: "admin-card-count",
            {format::count(lang, "admin-cards-count", total as u64)}
        }
        div { class: "table-scroll", tabindex: "0", table { class: "admin-table", id: "admin-card-table",
            thead { tr {
                th { scope: "col", {t("admin-field-given-name")} }
                th { scope: "col", {t("admin-field-birth-year")} }
                th { scope: "col", {t("admin-validity")} }
                th { scope: "col", {t("admin-status")} }
                th { scope: "col", span { class: "visually-hidden", {t("admin-actions")} } }
            } }
            tbody {
                for card in shown {
                    tr { key: "{card.card_id}", "data-card": "{card.card_id}",
                        td { {card.given_name.clone()} }
                        td { {card.birth_year.to_string()} }
                        td { {format!("{} – {}", format::date_long(lang, card.valid_from), format::date_long(lang, card.valid_until))} }
                        td { class: "card-status", {t(&format!("admin-status-{}", card.status))} }
                        td { class: "admin-row-actions",
                            button { r#type: "button", class: "button secondary small",
                                "aria-label": i18n::tr(lang, "admin-record-label", &[("name", FluentValue::from(card.given_name.clone()))]),
                                onclick: {
                                    let id = card.card_id.clone();
                                    move |_| record.set(Some(id.clone()))
                                },
                                {t("admin-record")} }
                            if card.status != "revoked" {
                                button { r#type: "button", class: "button secondary small",
                                    "aria-label": i18n::tr(lang, "admin-reissue-label", &[("name", FluentValue::from(card.given_name.clone()))]),
                                    onclick: {
                                        let pair = (card.card_id.clone(), card.given_name.clone());
                                        move |_| reissue(pair.clone())
                                    },
                                    {t("admin-reissue")} }
                                if confirming().as_deref() == Some(card.card_id.as_str()) {
                                    button { r#type: "button", class: "button danger small",
                                        onclick: {
                                            let id = card.card_id.clone();
                                            move |_| revoke(id.clone())
                                        },
                                        {t("admin-revoke-yes")} }
                                    button { r#type: "button", class: "button secondary small", onclick: move |_| confirming.set(None), {t("settings-remove-no")} }
                                } else {
                                    button { r#type: "button", class: "button secondary small",
                                        "aria-label": i18n::tr(lang, "admin-revoke-label", &[("name", FluentValue::from(card.given_name.clone()))]),
                                        onclick: {
                                            let id = card.card_id.clone();
                                            move |_| confirming.set(Some(id.clone()))
                                        },
                                        {t("admin-revoke")} }
                                }
                            }
                        }
                    }
                }
            }
        } }
        if total > limit() {
            button { r#type: "button", class: "button secondary", id: "admin-cards-more",
                onclick: move |_| limit += PAGE,
                {t("offers-show-more")} }
        }
        if let Some(id) = record() {
            super::family::CardRecord { key: "{id}", card_id: id.clone(),
                on_erased: move |_| {
                    record.set(None);
                    on_changed.call(None);
                },
                on_close: move |_| record.set(None),
            }
        }
    }
}
