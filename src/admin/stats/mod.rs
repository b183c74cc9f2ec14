//! The statistics dashboard: for a chosen period, visits per month (a bar chart), per category,
//! per district and per age band, the top offers, the children reached and the share with a
//! companion. Every hidden cell shows as "<5" (the server hides it, and every figure it could be
//! worked out from); the charts are SVG drawn here and print as they are; the CSV is made here
//! from the same report.

pub mod charts;

use aktivitetskortet_core::calendar::{Date, bergen_local};
use aktivitetskortet_core::stats::{Cell, Report, Row};
use dioxus::prelude::*;
use fluent_bundle::FluentValue;

use super::{admin_lang, use_admin};
use crate::admin::stats::charts::{Bar, columns, rows};
use crate::shared::format;
use crate::shared::i18n::{self, Lang, use_lang};
use crate::shared::links::percent_encode;
use crate::shared::platform;
use crate::shared::words::category_name;

fn cell_text(lang: Lang, cell: Cell) -> String {
    match cell {
        Cell::Count(n) => format::number(lang, n),
        Cell::Suppressed => "<5".into(),
    }
}

#[component]
pub fn AdminStats() -> Element {
    let session = use_admin();
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let today = bergen_local(platform::now()).date;
    // A year back, from the first of the month, so every month shown is whole.
    let mut from = use_signal(move || Date::new(today.year - 1, today.month, 1).unwrap_or(today));
    let mut to = use_signal(move || today);
    let mut period = use_signal(move || (from(), to()));
    let report = use_resource(move || async move {
        let (from, to) = period();
        match session.get() {
            Some(admin) => admin
                .stats(from, to)
                .await
                .map_err(|e| session.explain(lang, &e)),
            None => Err(String::new()),
        }
    });
    rsx! {
        h1 { {t("admin-stats-title")} }
        form {
            class: "admin-grid admin-period",
            novalidate: true,
            onsubmit: move |e: FormEvent| {
                e.prevent_default();
                period.set((from(), to()));
            },
            div { class: "filter-row",
                label { r#for: "stats-from", {t("admin-stats-from")} }
                input { id: "stats-from", r#type: "date", value: "{from}",
                    onchange: move |e| if let Ok(d) = e.value().parse() { from.set(d) } }
            }
            div { class: "filter-row",
                label { r#for: "stats-to", {t("admin-stats-to")} }
                input { id: "stats-to", r#type: "date", value: "{to}",
                    onchange: move |e| if let Ok(d) = e.value().parse() { to.set(d) } }
            }
            p { class: "admin-actions",
                button { r#type: "submit", class: "button", id: "stats-show", {t("admin-stats-show")} }
            }
        }
        p { class: "help", id: "stats-hidden-note", {t("admin-stats-hidden")} }
        match &*report.read() {
            None => rsx! { p { class: "loading", role: "status", {t("admin-loading")} } },
            Some(Err(error)) => rsx! { p { class: "error", role: "alert", {error.clone()} } },
            Some(Ok(report)) => rsx! { Dashboard { report: report.clone() } },
        }
    }
}

#[component]
fn Dashboard(report: Report) -> Element {
    let lang = admin_lang(use_lang()());
    let t = |id: &str| i18n::t(lang, id);
    let csv = format!(
        "data:text/csv;charset=utf-8,{}",
        percent_encode(&format!(
            "\u{feff}{}",
            aktivitetskortet_core::stats::to_csv(&report)
        ))
    );
    let file = format!("aktivitetskortet-{}-{}.csv", report.from, report.to);
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
        }
        section { class: "admin-section", aria_labelledby: "stats-months",
            h2 { id: "stats-months", {t("admin-stats-by-month")} }
            div { class: "chart-box", dangerous_inner_html: "{month_chart}" }
            StatTable { id: "table-months", rows: month_rows, caption: t("admin-stats-by-month") }
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
fn month_label(lang: Lang, key: &str) -> String {
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
        table { class: "admin-table stat-table", id: "{id}",
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
        }
    }
}
