//! What the municipality sets beside an offer's texts: its visit rule (in the offer form), the
//! categories' rules (on the offers screen), and who keeps the offer and what it refunds per
//! person (in the offer's editor). A provider sees none of these controls: they are the
//! municipality's.

use aktivitetskortet_core::api::SetOfferTerms;
use aktivitetskortet_core::offer::{Category, FieldError};
use aktivitetskortet_core::visit_rule::{CategoryRule, Limit, Per, VisitRule};
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use super::form::{OfferForm, localise, messages_for};
use crate::admin::{admin_lang, use_admin, use_page};
use crate::shared::i18n::{self, Lang, use_lang};
use crate::shared::words::category_name;

/// A rule in words: `5 per år`, `2 per uke, ledsager teller med`, `ubegrenset`.
pub fn rule_text(lang: Lang, rule: Option<VisitRule>) -> String {
    match rule {
        None => i18n::t(lang, "admin-rule-none"),
        Some(VisitRule::Unlimited) => i18n::t(lang, "admin-rule-unlimited-short"),
        Some(VisitRule::Limited(l)) => i18n::tr(
            lang,
            "admin-rule-text",
            &[
                ("n", FluentValue::from(u64::from(l.max))),
                ("per", FluentValue::from(l.per.slug())),
                (
                    "companion",
                    FluentValue::from(if l.companion_counts { "yes" } else { "no" }),
                ),
            ],
        ),
    }
}

/// The offer form's visit rule: the category's, unlimited, or a number per period (whether a
/// companion uses a visit too).
#[component]
pub(super) fn VisitRuleFields(form: Signal<OfferForm>, errors: Vec<FieldError>) -> Element {
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let mut form = form;
    let f = form();
    let messages = messages_for(&errors, "visit_rule");
    rsx! {
        fieldset { class: "admin-texts", id: "offer-visit-rule",
            legend { {t("admin-rule-legend")} }
            for (kind, label) in [("category", "admin-rule-category"), ("unlimited", "admin-rule-unlimited"), ("limited", "admin-rule-limited")] {
                label { key: "{kind}", class: "choice",
                    input {
                        r#type: "radio",
                        name: "visit-rule",
                        id: "offer-rule-{kind}",
                        checked: f.rule == kind,
                        onchange: move |_| form.write().rule = kind.into(),
                    }
                    span { {t(label)} }
                }
            }
            if f.rule == "limited" {
                div { class: "admin-grid",
                    div { class: "filter-row",
                        label { r#for: "offer-rule-max", {t("admin-rule-max")} }
                        input {
                            id: "offer-rule-max", r#type: "number", min: "1", max: "999", value: "{f.rule_max}",
                            "aria-invalid": if messages.is_empty() { "false" } else { "true" },
                            "aria-describedby": "offer-visit_rule-error",
                            oninput: move |e| form.write().rule_max = e.value(),
                        }
                    }
                    div { class: "filter-row",
                        label { r#for: "offer-rule-per", {t("admin-rule-per")} }
                        select { id: "offer-rule-per", onchange: move |e| form.write().rule_per = e.value(),
                            for per in Per::ALL {
                                option { key: "{per.slug()}", value: per.slug(), selected: f.rule_per == per.slug(),
                                    {t(&format!("admin-rule-per-{}", per.slug()))}
                                }
                            }
                        }
                    }
                }
                label { class: "choice",
                    input { r#type: "checkbox", id: "offer-rule-companion", checked: f.rule_companion,
                        onchange: move |e| form.write().rule_companion = e.checked() }
                    span { {t("admin-rule-companion")} }
                }
            }
            if messages.is_empty() {
                span { id: "offer-visit_rule-error" }
            } else {
                p { class: "error field-error", id: "offer-visit_rule-error",
                    {messages.iter().map(|m| localise(lang, m)).collect::<Vec<_>>().join(" ")}
                }
            }
        }
    }
}

/// One category's rule as the form holds it: none, or a number per week, month or year.
#[derive(Debug, Clone, PartialEq)]
struct RuleRow {
    limited: bool,
    max: String,
    per: Per,
    companion: bool,
}

impl RuleRow {
    fn of(rule: Option<VisitRule>) -> RuleRow {
        let limit = rule.and_then(|r| r.limit());
        RuleRow {
            limited: limit.is_some(),
            max: limit.map_or_else(|| "10".into(), |l| l.max.to_string()),
            per: limit.map_or(Per::Year, |l| l.per),
            companion: limit.is_some_and(|l| l.companion_counts),
        }
    }
}

/// The categories' visit rules, for every offer of a category without a rule of its own.
#[component]
pub(super) fn CategoryRules() -> Element {
    let session = use_admin();
    let page = use_page();
    let lang = admin_lang(use_lang()());
    let t = move |id: &str| i18n::t(lang, id);
    let mut rows = use_signal(Vec::<(Category, RuleRow)>::new);
    let mut failure = use_signal(|| None::<String>);
    let loaded = use_resource(move || async move {
        let rules = session.get()?.category_rules().await.ok()?;
        rows.set(
            Category::ALL
                .iter()
                .map(|c| {
                    let rule = rules.iter().find(|r| r.category == *c).map(|r| r.rule);
                    (*c, RuleRow::of(rule))
                })
                .collect(),
        );
        Some(())
    });
    let save = move |e: FormEvent| {
        e.prevent_default();
        let mut rules = Vec::new();
        for (category, row) in rows.peek().iter() {
            if !row.limited {
                continue;
            }
            let Ok(max) = row.max.trim().parse::<u16>() else {
                failure.set(Some(format!(
                    "{}: {}",
                    category_name(lang, *category),
                    t("admin-msg-rule-number")
                )));
                return;
            };
            rules.push(CategoryRule {
                category: *category,
                rule: VisitRule::Limited(Limit {
                    max,
                    per: row.per,
                    companion_counts: row.companion,
                }),
            });
        }
        spawn(async move {
            let Some(admin) = session.get() else { return };
            match admin.set_category_rules(&rules).await {
                Ok(_) => {
                    failure.set(None);
                    page.announce(t("admin-rules-saved"));
                }
                Err(e) => failure.set(Some(session.explain(lang, &e))),
            }
        });
    };
    if loaded.read().is_none() {
        return rsx! {};
    }
    rsx! {
        details { class: "admin-section more-filters", id: "admin-category-rules",
            summary { {t("admin-rules-title")} }
            p { class: "help", {t("admin-rules-intro")} }
            form { class: "admin-form", novalidate: true, onsubmit: save,
                div { class: "table-scroll", tabindex: "0", table { class: "admin-table",
                    thead { tr {
                        th { scope: "col", {t("offer-category")} }
                        th { scope: "col", {t("admin-rule-limited")} }
                        th { scope: "col", {t("admin-rule-max")} }
                        th { scope: "col", {t("admin-rule-per")} }
                        th { scope: "col", {t("admin-rule-companion")} }
                    } }
                    tbody {
                        for (i, (category, row)) in rows().into_iter().enumerate() {
                            tr { key: "{category.slug()}", "data-category": "{category.slug()}",
                                th { scope: "row", {category_name(lang, category)} }
                                td {
                                    input { r#type: "checkbox", id: "rule-{category.slug()}-on",
                                        "aria-label": i18n::tr(lang, "admin-rule-limit-label", &[("category", FluentValue::from(category_name(lang, category)))]),
                                        checked: row.limited, onchange: move |e| rows.write()[i].1.limited = e.checked() }
                                }
                                td {
                                    input { r#type: "number", min: "1", max: "999", id: "rule-{category.slug()}-max",
                                        "aria-label": t("admin-rule-max"), disabled: !row.limited, value: "{row.max}",
                                        oninput: move |e| rows.write()[i].1.max = e.value() }
                                }
                                td {
                                    select { id: "rule-{category.slug()}-per", "aria-label": t("admin-rule-per"), disabled: !row.limited,
                                        onchange: move |e| {
                                            if let Some(per) = Per::from_slug(&e.value()) {
                                                rows.write()[i].1.per = per;
                                            }
                                        },
                                        // A category has no season.
                                        for per in [Per::Week, Per::Month, Per::Year] {
                                            option { key: "{per.slug()}", value: per.slug(), selected: row.per == per,
                                                {t(&format!("admin-rule-per-{}", per.slug()))}
                                            }
                                        }
                                    }
                                }
                                td {
                                    input { r#type: "checkbox", id: "rule-{category.slug()}-companion",
                                        "aria-label": t("admin-rule-companion"), disabled: !row.limited, checked: row.companion,
                                        onchange: move |e| rows.write()[i].1.companion = e.checked() }
                                }
                            }
                        }
                    }
                } }
                if let Some(text) = failure() {
                    p { class: "error", role: "alert", id: "rules-error", {text} }
                }
                button { r#type: "submit", class: "button", id: "admin-rules-save", {t("admin-rules-save")} }
            }
        }
    }
}

/// Who keeps an offer and what the municipality refunds per person let in there.
#[component]
pub(super) fn TermsEditor(offer_id: String) -> Element {
    let session = use_admin();
    let page = use_page();
    let lang = admin_lang(use_lang()());
    let t = move |id: &str| i18n::t(lang, id);
    let mut provider = use_signal(String::new);
    let mut refund = use_signal(String::new);
    let mut failure = use_signal(|| None::<String>);
    let id = offer_id.clone();
    let providers = use_resource(move || {
        let id = id.clone();
        async move {
            let admin = session.get()?;
            let terms = admin.offer_terms().await.ok()?;
            if let Some(mine) = terms.into_iter().find(|t| t.offer_id == id) {
                provider.set(mine.provider_id.map(|p| p.to_string()).unwrap_or_default());
                refund.set(mine.refund_ore.map(kroner_text).unwrap_or_default());
            }
            admin.providers().await.ok()
        }
    });
    let save = move |e: FormEvent| {
        e.prevent_default();
        let refund_ore = match parse_kroner(&refund()) {
            Ok(ore) => ore,
            Err(()) => {
                failure.set(Some(t("admin-msg-refund")));
                return;
            }
        };
        let terms = SetOfferTerms {
            provider_id: provider().parse().ok(),
            refund_ore,
        };
        let id = offer_id.clone();
        spawn(async move {
            let Some(admin) = session.get() else { return };
            match admin.set_offer_terms(&id, &terms).await {
                Ok(()) => {
                    failure.set(None);
                    page.announce(t("admin-terms-saved"));
                }
                Err(e) => failure.set(Some(session.explain(lang, &e))),
            }
        });
    };
    let list = providers().flatten().unwrap_or_default();
    rsx! {
        section { class: "admin-section", aria_labelledby: "terms-heading",
            h2 { id: "terms-heading", {t("admin-terms-title")} }
            form { class: "admin-form", novalidate: true, onsubmit: save,
                div { class: "admin-grid",
                    div { class: "filter-row",
                        label { r#for: "offer-provider", {t("admin-terms-provider")} }
                        select { id: "offer-provider", onchange: move |e| provider.set(e.value()),
                            option { value: "", selected: provider().is_empty(), {t("admin-terms-no-provider")} }
                            for p in list.into_iter().filter(|p| !p.revoked) {
                                option { key: "{p.id}", value: "{p.id}", selected: provider() == p.id.to_string(), {p.name.clone()} }
                            }
                        }
                    }
                    div { class: "filter-row",
                        label { r#for: "offer-refund", {t("admin-terms-refund")} }
                        input { id: "offer-refund", r#type: "text", inputmode: "decimal", value: "{refund}",
                            "aria-invalid": if failure().is_some() { "true" } else { "false" },
                            "aria-describedby": "offer-refund-error",
                            oninput: move |e| refund.set(e.value()) }
                    }
                }
                if let Some(text) = failure() {
                    p { class: "error", role: "alert", id: "offer-refund-error", {text} }
                }
                button { r#type: "submit", class: "button secondary", id: "admin-terms-save", {t("admin-terms-save")} }
            }
        }
    }
}

/// Øre as typed kroner: `75`, `75,50`.
fn kroner_text(ore: u32) -> String {
    if ore.is_multiple_of(100) {
        (ore / 100).to_string()
    } else {
        format!("{},{:02}", ore / 100, ore % 100)
    }
}

/// Typed kroner (`75`, `75,5`, `75.50`, empty for none) as øre.
fn parse_kroner(text: &str) -> Result<Option<u32>, ()> {
    let text = text.trim().replace(' ', "");
    if text.is_empty() {
        return Ok(None);
    }
    let (whole, fraction) = match text.split_once([',', '.']) {
        Some((w, f)) if (1..=2).contains(&f.len()) => (w, format!("{f:0<2}")),
        Some(_) => return Err(()),
        None => (text.as_str(), "00".to_owned()),
    };
    if whole.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return Err(());
    }
    let kroner: u32 = whole.parse().map_err(|_| ())?;
    let ore = kroner
        .checked_mul(100)
        .and_then(|o| o.checked_add(fraction.parse().ok()?))
        .ok_or(())?;
    Ok(Some(ore))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kroner_are_read_as_typed_and_written_back() {
        assert_eq!(parse_kroner(""), Ok(None));
        assert_eq!(parse_kroner("75"), Ok(Some(7_500)));
        assert_eq!(parse_kroner("75,5"), Ok(Some(7_550)));
        assert_eq!(parse_kroner(" 1 075.05 "), Ok(Some(107_505)));
        for bad in ["75,555", "kr 75", "-5", ",50", "7e2"] {
            assert_eq!(parse_kroner(bad), Err(()), "{bad}");
        }
        assert_eq!(kroner_text(7_550), "75,50");
        assert_eq!(kroner_text(7_500), "75");
    }
}
