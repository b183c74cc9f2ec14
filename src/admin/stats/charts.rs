//! The statistics dashboard's charts, drawn as SVG from the report's rows: bars for counts, and a
//! hatched stub marked "<5" for a hidden cell (never a height that would hint at its value).
//! Plain strings, so they print as they are and are tested without a screen.

use std::fmt::Write as _;

use aktivitetskortet_core::stats::Cell;

/// One bar: its label and its figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Cell,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn largest(bars: &[Bar]) -> u64 {
    bars.iter()
        .filter_map(|b| b.value.count())
        .max()
        .unwrap_or(0)
        .max(1)
}

/// The hatch pattern hidden cells are drawn with.
const DEFS: &str = r##"<defs><pattern id="hidden-cell" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#4a5764" stroke-width="3"/></pattern></defs>"##;

/// Upright bars (visits per month): `label` is the chart's accessible name; the numbers are
/// written on the bars, so the chart reads without colour and in print.
pub fn columns(bars: &[Bar], label: &str) -> String {
    let (slot, height, base) = (44.0_f64, 180.0_f64, 200.0_f64);
    let width = slot * bars.len().max(1) as f64 + 8.0;
    let max = largest(bars) as f64;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 240" role="img" aria-label="{}">{DEFS}"#,
        escape(label)
    );
    let _ = write!(
        out,
        r##"<line x1="4" y1="{base}" x2="{}" y2="{base}" stroke="#4a5764"/>"##,
        width - 4.0
    );
    for (i, bar) in bars.iter().enumerate() {
        let x = 8.0 + slot * i as f64;
        let cx = x + (slot - 12.0) / 2.0;
        let (h, fill, text) = match bar.value {
            Cell::Count(n) => (height * n as f64 / max, "#0b5394", n.to_string()),
            Cell::Suppressed => (12.0, "url(#hidden-cell)", "<5".to_owned()),
        };
        let y = base - h;
        let _ = write!(
            out,
            r##"<rect class="{}" x="{x}" y="{y:.1}" width="{}" height="{h:.1}" fill="{fill}" stroke="#0b5394"/>"##,
            if bar.value == Cell::Suppressed {
                "bar hidden-cell"
            } else {
                "bar"
            },
            slot - 12.0
        );
        let _ = write!(
            out,
            r##"<text x="{cx}" y="{:.1}" text-anchor="middle" font-size="11" fill="#14202b">{}</text>"##,
            (y - 4.0).max(10.0),
            escape(&text)
        );
        let _ = write!(
            out,
            r##"<text x="{cx}" y="{}" text-anchor="middle" font-size="11" fill="#14202b">{}</text>"##,
            base + 16.0,
            escape(&bar.label)
        );
    }
    out.push_str("</svg>");
    out
}

/// A label that fits beside the bars (the table below the chart has it whole).
fn shortened(label: &str) -> String {
    const MAX: usize = 34;
    if label.chars().count() <= MAX {
        label.to_owned()
    } else {
        format!("{}…", label.chars().take(MAX - 1).collect::<String>())
    }
}

/// Bars across (categories, districts, age bands, top offers), labels on the left.
pub fn rows(bars: &[Bar], label: &str) -> String {
    let (row, label_width, bar_width) = (26.0_f64, 240.0_f64, 300.0_f64);
    let height = row * bars.len().max(1) as f64 + 8.0;
    let max = largest(bars) as f64;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {height}" role="img" aria-label="{}">{DEFS}"#,
        label_width + bar_width + 60.0,
        escape(label)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = 4.0 + row * i as f64;
        let (w, fill, text) = match bar.value {
            Cell::Count(n) => (bar_width * n as f64 / max, "#0b5394", n.to_string()),
            Cell::Suppressed => (14.0, "url(#hidden-cell)", "<5".to_owned()),
        };
        let _ = write!(
            out,
            r##"<text x="{}" y="{:.1}" text-anchor="end" font-size="12" fill="#14202b">{}</text>"##,
            label_width - 8.0,
            y + 15.0,
            escape(&shortened(&bar.label))
        );
        let _ = write!(
            out,
            r##"<rect class="{}" x="{label_width}" y="{y}" width="{w:.1}" height="{}" fill="{fill}" stroke="#0b5394"/>"##,
            if bar.value == Cell::Suppressed {
                "bar hidden-cell"
            } else {
                "bar"
            },
            row - 8.0
        );
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" fill="#14202b">{}</text>"##,
            label_width + w + 6.0,
            y + 15.0,
            escape(&text)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars() -> Vec<Bar> {
        vec![
            Bar {
                label: "2026-10".into(),
                value: Cell::Count(40),
            },
            Bar {
                label: "2026-11".into(),
                value: Cell::Suppressed,
            },
            Bar {
                label: "Barn & unge".into(),
                value: Cell::Count(10),
            },
        ]
    }

    #[test]
    fn bars_scale_to_the_largest_and_hidden_cells_are_stubs() {
        let svg = columns(&bars(), "Besøk per måned");
        assert_eq!(svg.matches("<rect class=\"bar").count(), 3, "{svg}");
        assert_eq!(svg.matches("class=\"bar hidden-cell\"").count(), 1, "{svg}");
        // The largest bar is full height, the one of 10 a quarter of it.
        assert!(
            svg.contains(r#"y="20.0" width="32" height="180.0""#),
            "{svg}"
        );
        assert!(svg.contains(r#"height="45.0""#), "{svg}");
        assert!(svg.contains("&lt;5"), "{svg}");
        assert!(svg.contains("Barn &amp; unge"), "labels are escaped");
        assert!(svg.contains(r#"role="img" aria-label="Besøk per måned""#));
    }

    #[test]
    fn rows_put_the_figure_after_the_bar() {
        let svg = rows(&bars(), "Per kategori");
        assert!(svg.contains(r#"width="300.0""#), "{svg}");
        let long = rows(
            &[Bar {
                label: "Sommersøndag i Gamle Bergen med familien".into(),
                value: Cell::Count(3),
            }],
            "x",
        );
        assert!(
            long.contains("Sommersøndag i Gamle Bergen med f…"),
            "{long}"
        );
        assert!(
            svg.contains(">40</text>") && svg.contains(">10</text>"),
            "{svg}"
        );
        assert!(svg.contains(r#"width="14.0""#), "the hidden cell's stub");
        assert_eq!(rows(&[], "tom").matches("<rect class=\"bar").count(), 0);
    }
}
