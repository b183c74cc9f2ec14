//! The settlement report (visits per offer and month, companions apart, priced by the refund
//! the municipality set) as a printable page with its CSV, for a provider's own offers or, for
//! the municipality, one provider's; and a provider's visit counts per offer and closed month,
//! small groups hidden.

use aktivitetskortet_core::api::Settlement;
use aktivitetskortet_core::calendar::bergen_local;
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use super::{admin_lang, use_admin};
use crate::admin::stats::month_label;
use crate::shared::format;
use crate::shared::i18n::{self, Lang, use_lang};
use crate::shared::links::percent_encode;
use crate::shared::platform;

/// Øre as kroner the way the language writes money: `1 234,50 kr`, `NOK 1,234.50`.
pub fn money(lang: Lang, ore: u64) -> String {
    let kroner = format::number(lang, ore / 100);
    let cents = ore % 100;
    match lang {
        Lang::En => format!("NOK {kroner}.{cents:02}"),
        _ => format!("{kroner},{cents:02} kr"),
    }
}

/// `/admin/oppgjor`: a provider's own settlement.
#[component]
pub fn AdminSettlement() -> Element {
    let lang = admin_lang(use_lang()());
    rsx! {
        h1 { {i18n::t(lang, "admin-settlement-title")} }
        p { class: "lead", {i18n::t(lang, "admin-settlement-intro")} }
        SettlementView { provider: None }
    }
}

/// The settlement of `provider` (the municipality reading one provider's), or the signed-in
/// provider's own, for a month or a year chosen here.
#[component]
pub fn SettlementView(provider: Option<i64>) -> Element {
    let session = use_admin();
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let today = bergen_local(platform::now()).date;
    let mut month = use_signal(|| format!("{:04}-{:02}", today.year, today.month));
    let mut whole_year = use_signal(|| false);
    let period = use_memo(move || {
        let m = month();
        if whole_year() {
            m.get(..4).unwrap_or(&m).to_owned()
        } else {
            m
        }
    });
    let report = use_resource(move || async move {
        let period = period();
        let admin = session.get()?;
        Some(
            admin
                .settlement(provider, &period)
                .await
                .map_err(|e| session.explain(lang, &e)),
        )
    });
    rsx! {
        div { class: "admin-period filter-row",
            label { r#for: "settlement-month", {t("admin-settlement-month")} }
            input {
                id: "settlement-month",
                r#type: "month",
                value: "{month}",
                onchange: move |e| month.set(e.value()),
            }
            label { class: "choice",
                input {
                    r#type: "checkbox",
                    id: "settlement-year",
                    checked: whole_year(),
                    onchange: move |e| whole_year.set(e.checked()),
                }
                span { {t("admin-settlement-whole-year")} }
            }
        }
        match report.read().as_ref().and_then(|r| r.as_ref()) {
            None => rsx! { p { class: "loading", role: "status", {t("admin-loading")} } },
            Some(Err(error)) => rsx! { p { class: "error", role: "alert", {error.clone()} } },
            Some(Ok(settlement)) => rsx! { SettlementTable { settlement: settlement.clone() } },
        }
    }
}

#[component]
fn SettlementTable(settlement: Settlement) -> Element {
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let csv = format!(
        "data:text/csv;charset=utf-8,{}",
        percent_encode(&format!("\u{feff}{}", settlement.to_csv()))
    );
    let file = format!("oppgjor-{}.csv", settlement.period);
    let refund = |ore: Option<u32>| {
        ore.map_or_else(
            || t("admin-settlement-no-refund"),
            |o| money(lang, o.into()),
        )
    };
    let total = settlement.total;
    rsx! {
        section { class: "admin-section", id: "settlement", aria_labelledby: "settlement-heading",
            h2 { id: "settlement-heading",
                {i18n::tr(lang, "admin-settlement-heading", &[
                    ("provider", FluentValue::from(settlement.provider.clone())),
                    ("period", FluentValue::from(period_label(lang, &settlement.period))),
                ])}
            }
            if !settlement.complete {
                p { class: "notice", id: "settlement-open", {t("admin-settlement-open")} }
            }
            if settlement.rows.is_empty() {
                p { id: "settlement-none", {t("admin-settlement-none")} }
            } else {
                div { class: "table-scroll", tabindex: "0", table { class: "admin-table", id: "settlement-table",
                    thead {
                        tr {
                            th { scope: "col", {t("admin-settlement-col-month")} }
                            th { scope: "col", {t("admin-settlement-col-offer")} }
                            th { scope: "col", class: "number", {t("admin-settlement-col-visits")} }
                            th { scope: "col", class: "number", {t("admin-settlement-col-companions")} }
                            th { scope: "col", class: "number", {t("admin-settlement-col-over")} }
                            th { scope: "col", class: "number", {t("admin-settlement-col-refund")} }
                            th { scope: "col", class: "number", {t("admin-settlement-col-amount")} }
                        }
                    }
                    tbody {
                        for row in settlement.rows.iter() {
                            tr { key: "{row.month}-{row.offer_id}", "data-offer": "{row.offer_id}",
                                td { {month_label(lang, &row.month)} }
                                td { {row.title.clone()} }
                                td { class: "number", {format::number(lang, row.visits)} }
                                td { class: "number", {format::number(lang, row.companions)} }
                                td { class: "number", {format::number(lang, row.over_limit)} }
                                td { class: "number", {refund(row.refund_ore)} }
                                td { class: "number", {row.amount_ore.map(|a| money(lang, a)).unwrap_or_default()} }
                            }
                        }
                    }
                    tfoot {
                        tr { id: "settlement-total",
                            th { scope: "row", colspan: "2", {t("admin-settlement-total")} }
                            td { class: "number", id: "settlement-total-visits", {format::number(lang, total.visits)} }
                            td { class: "number", id: "settlement-total-companions", {format::number(lang, total.companions)} }
                            td { class: "number", {format::number(lang, total.over_limit)} }
                            td {}
                            td { class: "number", id: "settlement-total-amount", {money(lang, total.amount_ore)} }
                        }
                    }
                } }
            }
            p { class: "admin-actions",
                a { class: "button secondary", id: "settlement-csv", href: "{csv}", download: "{file}", {t("admin-settlement-csv")} }
                button {
                    r#type: "button",
                    class: "button secondary",
                    id: "settlement-print",
                    onclick: move |_| crate::shared::page::run("printPage", serde_json::json!({})),
                    {t("admin-print")}
                }
            }
        }
    }
}

/// `2026-11` as its month's name, `2026` as it is.
fn period_label(lang: Lang, period: &str) -> String {
    if period.len() == 7 {
        month_label(lang, period)
    } else {
        period.to_owned()
    }
}

/// `/admin/besok`: a provider's visits and children per offer and closed month, each pair shown
/// only when neither is 1–4.
#[component]
pub fn AdminProviderVisits() -> Element {
    let session = use_admin();
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let this_year = bergen_local(platform::now()).date.year;
    let mut year = use_signal(|| this_year);
    let counts = use_resource(move || async move {
        let year = year();
        let admin = session.get()?;
        Some(
            admin
                .provider_visits(year)
                .await
                .map_err(|e| session.explain(lang, &e)),
        )
    });
    rsx! {
        h1 { {t("admin-visits-title")} }
        p { class: "lead", {t("admin-visits-intro")} }
        div { class: "admin-period filter-row",
            label { r#for: "visits-year", {t("admin-visits-year")} }
            select {
                id: "visits-year",
                onchange: move |e| {
                    if let Ok(y) = e.value().parse() {
                        year.set(y);
                    }
                },
                for y in [this_year, this_year - 1] {
                    option { key: "{y}", value: "{y}", selected: year() == y, "{y}" }
                }
            }
        }
        match counts.read().as_ref().and_then(|r| r.as_ref()) {
            None => rsx! { p { class: "loading", role: "status", {t("admin-loading")} } },
            Some(Err(error)) => rsx! { p { class: "error", role: "alert", {error.clone()} } },
            Some(Ok(visits)) if visits.rows.is_empty() => rsx! {
                p { id: "visits-none", {t("admin-visits-none")} }
            },
            Some(Ok(visits)) => rsx! {
                div { class: "table-scroll", tabindex: "0", table { class: "admin-table", id: "visits-table",
                    thead {
                        tr {
                            th { scope: "col", {t("admin-settlement-col-month")} }
                            th { scope: "col", {t("admin-settlement-col-offer")} }
                            th { scope: "col", class: "number", {t("admin-settlement-col-visits")} }
                            th { scope: "col", class: "number", {t("admin-visits-col-children")} }
                        }
                    }
                    tbody {
                        for row in visits.rows.iter() {
                            tr { key: "{row.month}-{row.offer_id}",
                                td { {month_label(lang, &row.month)} }
                                td { {row.title.clone()} }
                                td { class: "number", {row.visits.to_string()} }
                                td { class: "number", {row.holders.to_string()} }
                            }
                        }
                    }
                } }
                p { class: "help", {t("admin-visits-hidden")} }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_written_as_each_language_writes_it() {
        assert_eq!(money(Lang::En, 123_450), "NOK 1,234.50");
        assert!(
            money(Lang::Nb, 123_450).ends_with(",50 kr"),
            "{}",
            money(Lang::Nb, 123_450)
        );
        assert_eq!(money(Lang::Nb, 5), "0,05 kr");
    }
}
