//! A report as CSV, for a spreadsheet: one line per row of each table, hidden cells as `<5`.

use super::*;
use crate::csv_table::csv_field;

/// The report as one CSV table: `table,key,label,visits,holders`, the totals first, hidden cells
/// as `<5`. Lines end in CRLF and fields are quoted as RFC 4180 says; a field that a spreadsheet
/// would run as a formula gets a leading `'` (offer titles come from many hands).
pub fn to_csv(report: &Report) -> String {
    let total = Row {
        key: "total".into(),
        label: "Totalt".into(),
        visits: report.visits,
        holders: report.holders,
    };
    let tables: [(&str, &[Row]); 8] = [
        ("total", std::slice::from_ref(&total)),
        ("month", &report.by_month),
        ("category", &report.by_category),
        ("district", &report.by_district),
        ("age_band", &report.by_age_band),
        ("top_offer", &report.top_offers),
        ("limit", &report.by_limit),
        (
            "refused_at_limit",
            std::slice::from_ref(&report.refused_at_limit),
        ),
    ];
    let mut out = String::from("table,key,label,visits,holders\r\n");
    for (table, rows) in tables {
        for row in rows {
            let fields = [
                table.to_owned(),
                row.key.clone(),
                row.label.clone(),
                row.visits.to_string(),
                row.holders.to_string(),
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
    }
    out
}
