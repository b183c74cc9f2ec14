//! The statistics dashboard: for a chosen period, visits per month (a bar chart), per category,
//! per district and per age band, the top offers, the children reached and the share with a
//! companion. Every hidden cell shows as "<5" (the server hides it, and every figure it could be
//! worked out from); the charts are SVG drawn here and print as they are; the CSV is made here
//! from the same report.

pub mod charts;

use aktivitetskortet_core::api::StatPeriods;
use aktivitetskortet_core::stats::{Cell, Period, Report, Row};
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use super::{admin_lang, use_admin};
use crate::admin::stats::charts::{Bar, columns, rows};
use crate::shared::format;
use crate::shared::i18n::{self, Lang, use_lang};
use crate::shared::links::percent_encode;
use crate::shared::words::category_name;

fn cell_text(lang: Lang, cell: Cell) -> String {
    match cell {
        Cell::Count(n) => format::number(lang, n),
        Cell::Suppressed => "<5".into(),
    }
}

/// A period as people read it: `2026`, `3. kvartal 2026`, `Q3 2026`.
fn period_label(lang: Lang, period: Period) -> String {
    match period {
        Period::Year(year) => format::digits(lang, &year.to_string()),
        Period::Quarter { year, quarter } => i18n::tr(
            lang,
            "admin-stats-quarter",
            &[
                ("quarter", FluentValue::from(quarter.to_string())),
                (
                    "year",
                    FluentValue::from(format::digits(lang, &year.to_string())),
                ),
            ],
        ),
    }
}

/// What the page shows: the periods that can be read, and the chosen one's report.
#[derive(Clone, PartialEq)]
struct Shown {
    periods: StatPeriods,
    report: Option<(Period, Report)>,
}

#[component]
pub fn AdminStats() -> Element {
    let session = use_admin();
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    // None: the newest closed period.
    let mut chosen = use_signal(|| None::<Period>);
    let shown = use_resource(move || async move {
        let pick = chosen();
        let Some(admin) = session.get() else {
            return Err(String::new());
        };
        let explain = |e| session.explain(lang, &e);
        let periods = admin.stat_periods().await.map_err(explain)?;
        let report = match pick.or_else(|| periods.closed.first().copied()) {
            Some(period) => Some((period, admin.stats(period).await.map_err(explain)?)),
            None => None,
        };
        Ok(Shown { periods, report })
    });
    rsx! {
        h1 { {t("admin-stats-title")} }
        p { class: "help", id: "stats-hidden-note", {t("admin-stats-hidden")} }
        match &*shown.read() {
            None => rsx! { p { class: "loading", role: "status", {t("admin-loading")} } },
            Some(Err(error)) => rsx! { p { class: "error", role: "alert", {error.clone()} } },
            Some(Ok(Shown { periods, report })) => {
                let next = i18n::tr(
                    lang,
                    "admin-stats-next",
                    &[
                        ("period", FluentValue::from(period_label(lang, periods.next))),
                        ("date", FluentValue::from(format::date_long(lang, periods.next_closes_on))),
                    ],
                );
                let current = report.as_ref().map(|(p, _)| p.to_string()).unwrap_or_default();
                rsx! {
                    if periods.closed.is_empty() {
                        p { id: "stats-no-periods", {t("admin-stats-no-periods")} }
                    } else {
                        div { class: "filter-row admin-period",
                            label { r#for: "stats-period", {t("admin-stats-period")} }
                            select { id: "stats-period", value: "{current}",
                                onchange: move |e| if let Ok(p) = e.value().parse() { chosen.set(Some(p)) },
                                for p in periods.closed.clone() {
                                    option { key: "{p}", value: "{p}", selected: p.to_string() == current,
                                        {period_label(lang, p)} }
                                }
                            }
                        }
                    }
                    p { class: "help", id: "stats-next", {next} }
                    if let Some((period, report)) = report {
                        Dashboard { period: *period, report: report.clone() }
                    }
                }
            }
        }
    }
}

#[component]
fn Dashboard(period: Period, report: Report) -> Element {
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let csv = format!(
        "data:text/csv;charset=utf-8,{}",
        percent_encode(&format!(
            "\u{feff}{}",
            aktivitetskortet_core::stats::to_csv(&report)
        ))
    );
    let file = format!("aktivitetskortet-{period}.csv");
    let months: Vec<Bar> = report
        .by_month
        .iter()
        .map(|r| Bar {
            label: month_label(lang, &r.key),
            value: r.visits,
        })
        .collect();
    let categories: Vec<Row> = report
        .by_category
        .iter()
        .map(|r| Row {
            label: aktivitetskortet_core::offer::Category::from_slug(&r.key)
                .map_or_else(|| r.label.clone(), |c| category_name(lang, c)),
            ..r.clone()
        })
        .collect();
    let month_chart = columns(&months, &t("admin-stats-by-month"));
    let month_rows: Vec<Row> = report
        .by_month
        .iter()
        .map(|r| Row {
            label: month_label(lang, &r.key),
            ..r.clone()
        })
        .collect();
    let ages: Vec<Row> = report
        .by_age_band
        .iter()
        .map(|r| Row {
            label: i18n::tr(
                lang,
                "admin-stats-age-band",
                &[("band", FluentValue::from(r.key.replace('-', "–")))],
            ),
            ..r.clone()
        })
        .collect();
    let tables: Vec<(&str, String, Vec<Row>, String)> = [
        ("stats-categories", t("admin-stats-by-category"), categories),
        (
            "stats-districts",
            t("admin-stats-by-district"),
            report.by_district.clone(),
        ),
        ("stats-ages", t("admin-stats-by-age"), ages),
        ("stats-top", t("admin-stats-top"), report.top_offers.clone()),
    ]
    .into_iter()
    .map(|(id, title, table)| {
        let bars: Vec<Bar> = table
            .iter()
            .map(|r| Bar {
                label: r.label.clone(),
                value: r.visits,
            })
            .collect();
        let chart = rows(&bars, &title);
        (id, title, table, chart)
    })
    .collect();
    // The visits by how they stood to the visit limits, in the staff's words.
    let limits: Vec<Row> = report
        .by_limit
        .iter()
        .map(|r| Row {
            label: t(&format!("admin-stats-limit-{}", r.key.replace('_', "-"))),
            ..r.clone()
        })
        .collect();
    let companion = match report.with_companion_percent {
        Some(p) => format!("{} %", format::number(lang, u64::from(p))),
        None => "<5".into(),
    };
    rsx! {
        p { class: "admin-actions",
            a { class: "button secondary", id: "stats-csv", href: "{csv}", download: "{file}", {t("admin-stats-csv")} }
        }
        div { class: "stat-cards",
            div { class: "stat-card",
                p { class: "stat-label", {t("admin-stats-visits")} }
                p { class: "stat-value", id: "stats-visits", {cell_text(lang, report.visits)} }
            }
            div { class: "stat-card",
                p { class: "stat-label", {t("admin-stats-holders")} }
                p { class: "stat-value", id: "stats-holders", {cell_text(lang, report.holders)} }
            }
            div { class: "stat-card",
                p { class: "stat-label", {t("admin-stats-companion")} }
                p { class: "stat-value", id: "stats-companion", {companion} }
            }
            div { class: "stat-card",
                p { class: "stat-label", {t("admin-stats-refused")} }
                p { class: "stat-value", id: "stats-refused", {cell_text(lang, report.refused_at_limit.visits)} }
            }
        }
        section { class: "admin-section", aria_labelledby: "stats-months",
            h2 { id: "stats-months", {t("admin-stats-by-month")} }
            div { class: "chart-box", dangerous_inner_html: "{month_chart}" }
            StatTable { id: "table-months", rows: month_rows, caption: t("admin-stats-by-month") }
        }
        section { class: "admin-section", aria_labelledby: "stats-limits",
            h2 { id: "stats-limits", {t("admin-stats-limits")} }
            p { class: "help", {t("admin-stats-limits-help")} }
            StatTable { id: "table-limits", rows: limits, caption: t("admin-stats-limits") }
        }
        for (id, title, table, chart) in tables {
            section { key: "{id}", class: "admin-section", aria_labelledby: "{id}",
                h2 { id: "{id}", {title.clone()} }
                if table.is_empty() {
                    p { {t("admin-stats-none")} }
                } else {
                    div { class: "chart-box", dangerous_inner_html: "{chart}" }
                    StatTable { id: format!("table-{id}"), rows: table, caption: title }
                }
            }
        }
    }
}

/// "2026-11" as "nov. 2026".
pub(crate) fn month_label(lang: Lang, key: &str) -> String {
    let mut parts = key.split('-');
    match (
        parts.next().and_then(|y| y.parse::<i32>().ok()),
        parts.next().and_then(|m| m.parse::<u8>().ok()),
    ) {
        (Some(year), Some(month)) => format!(
            "{} {}",
            i18n::t(lang, &format!("month-short-{month}")),
            format::digits(lang, &(year % 100).to_string())
        ),
        _ => key.to_owned(),
    }
}

/// The figures as a table: what screen readers read, and what the CSV holds.
#[component]
fn StatTable(id: String, rows: Vec<Row>, caption: String) -> Element {
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    rsx! {
        div { class: "table-scroll", tabindex: "0", table { class: "admin-table stat-table", id: "{id}",
            caption { class: "visually-hidden", {caption} }
            thead { tr {
                th { scope: "col", "" }
                th { scope: "col", {t("admin-stats-visits")} }
                th { scope: "col", {t("admin-stats-holders")} }
            } }
            tbody {
                for r in rows {
                    tr { key: "{r.key}", "data-key": "{r.key}",
                        th { scope: "row", {r.label.clone()} }
                        td { class: "stat-visits", {cell_text(lang, r.visits)} }
                        td { class: "stat-holders", {cell_text(lang, r.holders)} }
                    }
                }
            }
        } }
    }
}
