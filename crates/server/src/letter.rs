//! The printable activation letter a family gets for a child's card, in four languages.
//!
//! One A4 page of HTML with the activation code, its QR code and how to use them.
//!
//! The letter must look like any activity pass. It never says why a child has the card, so it
//! can lie on a kitchen table or be seen at a venue without telling anyone anything; a test
//! guards that in every language.
//!
//! The page is self-contained (inline CSS, inline SVG, no scripts, no external resources) so it
//! can be saved, mailed or printed offline, and it uses logical CSS properties so that the Arabic
//! version lays out right to left from the same markup.

use aktivitetskortet_core::calendar::Date;
use aktivitetskortet_core::token::qr::QrMatrix;

pub use aktivitetskortet_core::lang::Lang;

/// Everything one letter shows. Borrowed, because the caller already holds these values and a
/// letter is rendered once and thrown away.
#[derive(Debug, Clone, Copy)]
pub struct Letter<'a> {
    /// The child's given name, as the family wrote it; it is escaped, never trusted as HTML.
    pub given_name: &'a str,
    /// The activation code as printed, in hyphen-separated groups, e.g. `K7QF-9M2X-HT4P-WJ3R`.
    pub code: &'a str,
    /// The URL the QR code holds, e.g. `https://…/aktiver?kode=K7QF9M2XHT4PWJ3R`. Its origin is
    /// where the letter tells the family to open the app.
    pub activation_url: &'a str,
    /// The last day the code works.
    pub code_expires: Date,
    /// The last day the card is valid.
    pub card_valid_until: Date,
    pub lang: Lang,
    /// Marks the page as a demo so that a test or training letter cannot pass for a real card.
    pub demo: bool,
}

/// The letter as a complete HTML document, ready to serve or print.
///
/// If the activation URL does not fit in a QR code, the page is rendered without one and tells
/// the family to type the code instead: a letter without a QR code is still a working letter.
pub fn render(letter: &Letter) -> String {
    let (title, sheet) = sheet(letter);
    document(letter.lang, &title, &sheet)
}

/// One letter's sheet (its `<main>`), and the page title it would have alone.
fn sheet(letter: &Letter) -> (String, String) {
    let lang = letter.lang;
    let t = texts(lang);
    let name = format!(
        r#"<bdi class="name" translate="no">{}</bdi>"#,
        escape(letter.given_name)
    );
    let brand = r#"<bdi lang="nb" translate="no">Aktivitetskortet</bdi>"#;
    let office = r#"<bdi lang="nb" translate="no">Kulturetaten</bdi>"#;
    let code_inline = format!(
        r#"<code dir="ltr" translate="no">{}</code>"#,
        escape(letter.code)
    );
    let origin_html = origin_link(origin(letter.activation_url));
    let expires = date_html(letter.code_expires, lang);
    let valid = date_html(letter.card_valid_until, lang);
    let values: [(&str, &str); 7] = [
        ("name", &name),
        ("brand", brand),
        ("office", office),
        ("code", &code_inline),
        ("origin", &origin_html),
        ("expires", &expires),
        ("valid", &valid),
    ];
    let text = |template: &str| fill(template, &values);

    let qr = match QrMatrix::new(letter.activation_url) {
        Ok(matrix) => Some(matrix.to_svg(&t.qr_label)),
        Err(error) => {
            tracing::warn!(%error, "the activation letter is rendered without its QR code");
            None
        }
    };

    let title = format!(
        "{}Aktivitetskortet – {}",
        if letter.demo {
            format!("{} – ", t.demo_short)
        } else {
            String::new()
        },
        escape(letter.given_name)
    );
    let demo_banner = if letter.demo {
        format!(
            r#"<p class="demo" role="note"><strong>{}</strong></p>"#,
            escape(&t.demo)
        )
    } else {
        String::new()
    };
    let qr_figure = match &qr {
        Some(svg) => format!(
            r#"<figure class="qr">{svg}<figcaption>{}</figcaption></figure>"#,
            escape(&t.qr_caption)
        ),
        None => String::new(),
    };
    let step_code = if qr.is_some() {
        &t.step_code_or_qr
    } else {
        &t.step_code
    };

    let sheet = format!(
        concat!(
            r#"<main class="sheet" lang="{lang}" dir="{dir}">"#,
            "\n{demo_banner}\n",
            r#"<header><h1 lang="nb" translate="no">Aktivitetskortet</h1><p class="subtitle">{subtitle}</p></header>"#,
            "\n",
            r#"<p class="greeting">{greeting}</p>"#,
            "\n<p>{intro}</p>\n",
            r#"<section class="activation" aria-labelledby="code-heading">"#,
            r#"<div class="code-box"><h2 id="code-heading">{code_heading}</h2>"#,
            r#"<p class="code" dir="ltr" translate="no">{code_groups}</p>"#,
            "<p>{code_once}</p><p>{card_valid}</p></div>{qr_figure}</section>\n",
            "<section><h2>{how_heading}</h2><ol>",
            "<li>{step_open}</li><li>{step_add}</li><li>{step_code}</li></ol></section>\n",
            "<section><h2>{good_to_know}</h2><ul>",
            "<li>{several}</li><li>{lost}</li><li>{private}</li></ul></section>\n",
            r#"<footer><h2>{questions}</h2><p><bdi lang="nb" translate="no">Kulturetaten, Bergen kommune</bdi>"#,
            r#"<br><a dir="ltr" href="mailto:{email}">{email}</a></p></footer>"#,
            "\n</main>\n"
        ),
        lang = lang.code(),
        dir = if lang.is_rtl() { "rtl" } else { "ltr" },
        demo_banner = demo_banner,
        subtitle = escape(&t.subtitle),
        greeting = text(&t.greeting),
        intro = text(&t.intro),
        code_heading = escape(&t.code_heading),
        code_groups = code_groups(letter.code),
        code_once = text(&t.code_once),
        card_valid = text(&t.card_valid),
        qr_figure = qr_figure,
        how_heading = escape(&t.how_heading),
        step_open = text(&t.step_open),
        step_add = text(&t.step_add),
        step_code = text(step_code),
        good_to_know = escape(&t.good_to_know),
        several = text(&t.several),
        lost = text(&t.lost),
        private = text(&t.private),
        questions = escape(&t.questions),
        email = CONTACT_EMAIL,
    );
    (title, sheet)
}

/// A whole HTML page around `sheets`, for printing: one A4 page per sheet.
fn document(lang: Lang, title: &str, sheets: &str) -> String {
    format!(
        concat!(
            "<!doctype html>\n",
            r#"<html lang="{lang}" dir="{dir}">"#,
            "\n<head>\n",
            r#"<meta charset="utf-8">"#,
            "\n",
            r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#,
            "\n<title>{title}</title>\n<style>{css}</style>\n</head>\n<body>\n{sheets}</body>\n</html>\n"
        ),
        lang = lang.code(),
        dir = if lang.is_rtl() { "rtl" } else { "ltr" },
        title = title,
        css = STYLESHEET,
        sheets = sheets,
    )
}

/// Several letters in one page to print, each on its own sheet of paper and in its own language
/// (a coordinator prints a batch at once).
pub fn render_many(letters: &[Letter]) -> String {
    let sheets: String = letters.iter().map(|l| sheet(l).1).collect();
    document(
        Lang::Nb,
        &format!("Aktivitetskortet – {} brev", letters.len()),
        &sheets,
    )
}

/// Where families write with questions (fictional until the municipality names a real inbox).
const CONTACT_EMAIL: &str = "aktivitetskortet@bergen.kommune.no";

/// One A4 page in print, a readable column on screen. Logical properties only, so the same rules
/// lay out Arabic right to left. Colours keep at least 7:1 contrast against their background
/// except the large headings (still above 4.5:1), and the demo banner and code box keep their
/// backgrounds in print because they carry meaning. Inline in each letter, it is the one inline
/// stylesheet the Content-Security-Policy allows, by its hash (see `headers.rs`).
pub const STYLESHEET: &str = r#"
@page { size: A4; margin: 18mm; }
.sheet + .sheet { break-before: page; }
*, *::before, *::after { box-sizing: border-box; }
html { color: #1a1a1a; background: #fff; }
body {
  margin: 0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Naskh Arabic", Tahoma, Arial, sans-serif;
  font-size: 1rem;
  line-height: 1.5;
}
[dir] { unicode-bidi: isolate; }
.sheet { max-inline-size: 174mm; margin-inline: auto; padding-block: 1.5rem; padding-inline: 1.25rem; }
header { border-block-end: 3px solid #0b4f8a; padding-block-end: 0.5rem; margin-block-end: 1rem; }
h1 { margin-block: 0; font-size: 2rem; line-height: 1.2; color: #0b4f8a; }
.subtitle { margin-block: 0.25rem 0; font-size: 1.1rem; color: #333; }
h2 { margin-block: 0 0.4rem; font-size: 1.15rem; line-height: 1.3; color: #0b4f8a; }
p { margin-block: 0 0.6rem; }
.greeting { font-size: 1.3rem; font-weight: 700; }
section, footer { margin-block-start: 1.1rem; break-inside: avoid; }
ol, ul { margin-block: 0; padding-inline-start: 1.6rem; }
li { margin-block-end: 0.35rem; padding-inline-start: 0.2rem; }
a { color: #0b4f8a; }
time { white-space: nowrap; }
code { font-family: ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 1.05em; font-weight: 700; white-space: nowrap; }
.demo {
  margin-block: 0 1rem;
  padding-block: 0.6rem;
  padding-inline: 1rem;
  border: 3px dashed #1a1a1a;
  background: #ffe14d;
  color: #1a1a1a;
  font-size: 1.4rem;
  text-align: center;
}
.activation { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem 1.5rem; }
.code-box {
  flex: 1 1 20rem;
  padding-block: 1rem;
  padding-inline: 1.25rem;
  border: 2px solid #0b4f8a;
  border-radius: 8px;
  background: #eef4fa;
}
.code {
  margin-block: 0.2rem 0.8rem;
  font-family: ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: clamp(1.3rem, 5vw, 1.8rem);
  font-weight: 700;
  letter-spacing: 0.08em;
  line-height: 1.3;
  text-align: start;
}
.code .group { white-space: nowrap; }
.code .sep { margin-inline: 0.1em; color: #444; }
.qr { flex: 0 0 auto; margin: 0; inline-size: 42mm; max-inline-size: 100%; text-align: center; }
.qr svg { display: block; inline-size: 100%; block-size: auto; aspect-ratio: 1; }
.qr figcaption { font-size: 0.9rem; color: #333; }
footer { border-block-start: 1px solid #767676; padding-block-start: 0.6rem; }
footer h2 { font-size: 1rem; }
@media print {
  html { font-size: 11pt; }
  .sheet { max-inline-size: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  .demo, .code-box { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .code { font-size: 22pt; }
}
"#;

/// The code in large type with its groups kept whole and visibly apart; the hyphens stay in the
/// text so that copying the code gives it exactly as printed.
fn code_groups(code: &str) -> String {
    code.split(|c: char| c == '-' || c.is_whitespace())
        .filter(|group| !group.is_empty())
        .map(|group| format!(r#"<span class="group">{}</span>"#, escape(group)))
        .collect::<Vec<_>>()
        .join(r#"<span class="sep">-</span>"#)
}

/// `scheme://host[:port]` of a URL: where the app lives, which is what a family types into a
/// browser (the full activation URL is for the QR code).
fn origin(url: &str) -> &str {
    let (start, scheme_len) = match url.find("://") {
        Some(i) => (i + 3, i + 3),
        None => (0, 0),
    };
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    if end == scheme_len { url } else { &url[..end] }
}

/// The origin as a link on screen (plain text in print). Only web origins become links, so a
/// misconfigured URL can never turn into a `javascript:` link.
fn origin_link(origin: &str) -> String {
    let text = escape(origin);
    let lower = origin.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        format!(r#"<a dir="ltr" href="{text}/">{text}</a>"#)
    } else {
        format!(r#"<bdi dir="ltr">{text}</bdi>"#)
    }
}

/// A date as the language writes it in running text, inside a machine-readable `<time>`.
fn date_html(date: Date, lang: Lang) -> String {
    format!(
        r#"<strong><time datetime="{date}">{}</time></strong>"#,
        escape(&format_date(date, lang))
    )
}

/// "5. desember 2026", "5 December 2026", "5 грудня 2026", "5 ديسمبر 2026". Western digits in
/// Arabic too, like the digits of the code printed next to them. A date outside the calendar (its
/// fields are public) falls back to ISO 8601 rather than panicking.
fn format_date(date: Date, lang: Lang) -> String {
    const NB: [&str; 12] = [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    // Genitive, as Ukrainian dates need ("5 грудня", not "5 грудень").
    const UK: [&str; 12] = [
        "січня",
        "лютого",
        "березня",
        "квітня",
        "травня",
        "червня",
        "липня",
        "серпня",
        "вересня",
        "жовтня",
        "листопада",
        "грудня",
    ];
    // The transliterated Gregorian names, understood across the Arabic-speaking world.
    const AR: [&str; 12] = [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ];
    let months = match lang {
        Lang::Nb => &NB,
        Lang::En => &EN,
        Lang::Uk => &UK,
        Lang::Ar => &AR,
    };
    let month = usize::from(date.month)
        .checked_sub(1)
        .and_then(|i| months.get(i));
    match month {
        Some(month) if lang == Lang::Nb => format!("{}. {month} {}", date.day, date.year),
        Some(month) => format!("{} {month} {}", date.day, date.year),
        None => date.to_string(),
    }
}

/// Escapes text for HTML content and quoted attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Replaces `{key}` placeholders in a plain-text template with HTML fragments, in one pass: the
/// template's own text is escaped, and a value that happens to contain `{expires}` (a child's
/// name can be anything) is never expanded again.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 128);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&escape(&rest[..open]));
        let after = &rest[open + 1..];
        let found = after.find('}').and_then(|close| {
            let key = &after[..close];
            values
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, value)| (close, *value))
        });
        match found {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(&escape(rest));
    out
}

/// A letter's sentences in one language. Plain text with `{placeholders}` for the parts that
/// need markup: `{name}`, `{brand}`, `{office}`, `{code}`, `{origin}`, `{expires}`, `{valid}`.
struct Texts {
    subtitle: String,
    demo: String,
    demo_short: String,
    greeting: String,
    intro: String,
    code_heading: String,
    code_once: String,
    card_valid: String,
    qr_label: String,
    qr_caption: String,
    how_heading: String,
    step_open: String,
    step_add: String,
    step_code_or_qr: String,
    step_code: String,
    good_to_know: String,
    several: String,
    lost: String,
    private: String,
    questions: String,
}

/// A language's letter words, from `i18n/letter.<lang>.ftl` (the app's Fluent files' folder; the
/// phones' apps do not load these), read once.
fn texts(lang: Lang) -> &'static Texts {
    static TEXTS: std::sync::OnceLock<Vec<Texts>> = std::sync::OnceLock::new();
    let all = TEXTS.get_or_init(|| Lang::ALL.into_iter().map(Texts::load).collect());
    &all[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)]
}

fn fluent_source(lang: Lang) -> &'static str {
    match lang {
        Lang::Nb => include_str!("../../../i18n/letter.nb.ftl"),
        Lang::En => include_str!("../../../i18n/letter.en.ftl"),
        Lang::Uk => include_str!("../../../i18n/letter.uk.ftl"),
        Lang::Ar => include_str!("../../../i18n/letter.ar.ftl"),
    }
}

/// The placeholders the letter's messages take. Each is formatted as `{name}` and filled in by
/// `fill`, which escapes the text around it and puts markup in its place.
const PLACEHOLDERS: [&str; 7] = [
    "name", "brand", "office", "code", "origin", "expires", "valid",
];

impl Texts {
    fn load(lang: Lang) -> Texts {
        let resource = fluent_bundle::FluentResource::try_new(fluent_source(lang).to_owned())
            .unwrap_or_else(|(_, errors)| panic!("i18n/letter.{}.ftl: {errors:?}", lang.code()));
        let id: unic_langid::LanguageIdentifier = lang.code().parse().expect("a language tag");
        let mut bundle = fluent_bundle::FluentBundle::new(vec![id]);
        // The values are `{name}` markers, not text to isolate: no bidi marks around them.
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("i18n/letter.{}.ftl: {errors:?}", lang.code()));
        let mut args = fluent_bundle::FluentArgs::new();
        for name in PLACEHOLDERS {
            args.set(name, format!("{{{name}}}"));
        }
        let text = |id: &str| -> String {
            let message = bundle
                .get_message(id)
                .and_then(|m| m.value())
                .unwrap_or_else(|| panic!("i18n/letter.{}.ftl has no {id}", lang.code()));
            let mut errors = Vec::new();
            let text = bundle.format_pattern(message, Some(&args), &mut errors);
            assert!(errors.is_empty(), "{id} ({}): {errors:?}", lang.code());
            text.into_owned()
        };
        Texts {
            subtitle: text("letter-subtitle"),
            demo: text("letter-demo"),
            demo_short: text("letter-demo-short"),
            greeting: text("letter-greeting"),
            intro: text("letter-intro"),
            code_heading: text("letter-code-heading"),
            code_once: text("letter-code-once"),
            card_valid: text("letter-card-valid"),
            qr_label: text("letter-qr-label"),
            qr_caption: text("letter-qr-caption"),
            how_heading: text("letter-how-heading"),
            step_open: text("letter-step-open"),
            step_add: text("letter-step-add"),
            step_code_or_qr: text("letter-step-code-or-qr"),
            step_code: text("letter-step-code"),
            good_to_know: text("letter-good-to-know"),
            several: text("letter-several"),
            lost: text("letter-lost"),
            private: text("letter-private"),
            questions: text("letter-questions"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every language's Fluent file has exactly the letter's messages, each with only the
    /// placeholders the letter fills in.
    #[test]
    fn each_languages_letter_file_has_every_message_and_no_other() {
        let ids = |lang: Lang| -> Vec<String> {
            let mut ids: Vec<String> = fluent_source(lang)
                .lines()
                .filter_map(|l| l.split_once(" = ").map(|(id, _)| id.trim().to_owned()))
                .collect();
            ids.sort();
            ids
        };
        for lang in Lang::ALL {
            assert_eq!(ids(lang), ids(Lang::Nb), "{}", lang.code());
            assert_eq!(ids(lang).len(), 20);
            for line in fluent_source(lang).lines().filter(|l| !l.starts_with('#')) {
                for part in line.split("{ $").skip(1) {
                    let name = part.split(' ').next().unwrap_or("");
                    assert!(PLACEHOLDERS.contains(&name), "{}: {line}", lang.code());
                }
            }
            // Loading checks that each message formats without errors.
            assert!(!Texts::load(lang).greeting.is_empty());
        }
    }

    const URL: &str = "http://127.0.0.1:8080/aktiver?kode=K7QF9M2XHT4PWJ3R";
    const CODE: &str = "K7QF-9M2X-HT4P-WJ3R";

    fn letter(given_name: &str, lang: Lang, demo: bool) -> Letter<'_> {
        Letter {
            given_name,
            code: CODE,
            activation_url: URL,
            code_expires: Date::new(2026, 12, 5).unwrap(),
            card_valid_until: Date::new(2027, 12, 31).unwrap(),
            lang,
            demo,
        }
    }

    #[test]
    fn every_language_renders_a_complete_page() {
        let expected = [
            (Lang::Nb, "ltr", "5. desember 2026", "31. desember 2027"),
            (Lang::En, "ltr", "5 December 2026", "31 December 2027"),
            (Lang::Uk, "ltr", "5 грудня 2026", "31 грудня 2027"),
            (Lang::Ar, "rtl", "5 ديسمبر 2026", "31 ديسمبر 2027"),
        ];
        for (lang, dir, expires, valid) in expected {
            let html = render(&letter(r#"<Amina & "x">"#, lang, false));
            let code = lang.code();
            assert!(html.starts_with("<!doctype html>"), "{code}");
            assert!(
                html.contains(&format!(r#"<html lang="{code}" dir="{dir}">"#)),
                "{code}"
            );
            assert!(html.contains(r#"<meta charset="utf-8">"#), "{code}");
            assert!(html.contains(r#"<meta name="viewport""#), "{code}");
            assert!(html.contains("<title>"), "{code}");
            assert!(
                html.contains(
                    "@page { size: A4; margin: 18mm; }
.sheet + .sheet { break-before: page; }"
                ),
                "{code}"
            );
            assert!(html.contains(">Aktivitetskortet</h1>"), "{code}");
            assert!(html.contains("&lt;Amina &amp; &quot;x&quot;&gt;"), "{code}");
            assert!(!html.contains("<Amina"), "{code}: the name must be escaped");
            assert!(html.contains(CODE), "{code}: the code as typeable text");
            assert!(
                html.contains(r#"<span class="group">HT4P</span>"#),
                "{code}"
            );
            assert!(html.contains(expires), "{code}: {expires}");
            assert!(html.contains(valid), "{code}: {valid}");
            assert!(html.contains(r#"datetime="2026-12-05""#), "{code}");
            assert!(html.contains("<svg"), "{code}: the QR code");
            assert!(
                html.contains(r#">http://127.0.0.1:8080</a>"#),
                "{code}: the origin"
            );
            assert!(html.contains("Kulturetaten, Bergen kommune"), "{code}");
            assert!(
                html.contains("aktivitetskortet@bergen.kommune.no"),
                "{code}"
            );
            assert!(!html.contains("class=\"demo\""), "{code}: no demo banner");
            for external in ["<script", "<link", "src=", "@import", "url("] {
                assert!(!html.contains(external), "{code}: {external}");
            }
            assert!(html.ends_with("</html>\n"), "{code}");
        }
        assert!(Lang::Ar.is_rtl());
        assert!(Lang::ALL.iter().filter(|l| l.is_rtl()).count() == 1);
    }

    #[test]
    fn demo_letters_say_so() {
        let banners = [
            (Lang::Nb, "Demo – ikke et ekte kort"),
            (Lang::En, "Demo – not a real card"),
            (Lang::Uk, "Демо – це не справжня картка"),
            (Lang::Ar, "نسخة تجريبية – ليست بطاقة حقيقية"),
        ];
        for (lang, banner) in banners {
            let html = render(&letter("Amina", lang, true));
            assert!(html.contains(r#"class="demo""#), "{lang:?}");
            assert!(html.contains(banner), "{lang:?}");
            let plain = render(&letter("Amina", lang, false));
            assert!(!plain.contains(banner), "{lang:?}");
        }
    }

    #[test]
    fn lang_codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("AR"), Some(Lang::Ar));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_code(""), None);
    }

    /// The letter must look like any activity pass: nothing may hint at why a child has it.
    #[test]
    fn no_letter_says_why_the_child_has_the_card() {
        let words = [
            "nav",
            "sosialhjelp",
            "flyktning",
            "krisesenter",
            "refugee",
            "social assistance",
            "crisis",
            "біженц",
            "لاجئ",
        ];
        for lang in Lang::ALL {
            for demo in [false, true] {
                let html = render(&letter("Amina", lang, demo)).to_lowercase();
                for word in words {
                    assert!(!html.contains(word), "{lang:?} (demo {demo}) says {word:?}");
                }
            }
        }
    }

    #[test]
    fn a_url_too_long_for_a_qr_code_still_gives_a_letter() {
        let url = format!("https://example.org/aktiver?kode={}", "x".repeat(4000));
        let letter = Letter {
            activation_url: &url,
            ..letter("Amina", Lang::En, false)
        };
        let html = render(&letter);
        assert!(!html.contains("<svg"));
        assert!(!html.to_lowercase().contains("scan"), "no QR code to scan");
        assert!(html.contains(CODE));
        assert!(html.contains(">https://example.org</a>"));
    }

    #[test]
    fn placeholders_in_a_name_are_not_expanded() {
        let html = render(&letter("{expires}", Lang::Nb, false));
        assert!(html.contains(r#"translate="no">{expires}</bdi>"#));
    }

    #[test]
    fn origins_and_dates_fall_back_safely() {
        assert_eq!(origin(URL), "http://127.0.0.1:8080");
        assert_eq!(origin("https://a.example"), "https://a.example");
        assert_eq!(origin("a.example/aktiver?kode=X"), "a.example");
        assert_eq!(origin("https:///x"), "https:///x");
        assert!(origin_link("javascript:alert(1)").starts_with("<bdi"));
        let impossible = Date {
            year: 2026,
            month: 13,
            day: 1,
        };
        assert_eq!(format_date(impossible, Lang::En), "2026-13-01");
        assert_eq!(
            format_date(Date::new(2026, 1, 1).unwrap(), Lang::Nb),
            "1. januar 2026"
        );
    }
}
