//! The first paint's words in every language: the holder's page holds its frame in bokmål, each
//! element marked `data-word="<message id>"`; this puts those messages, in all four languages,
//! from the app's Fluent files into `boot.js`, which shows them in the page's language before any
//! wasm has arrived. The words stay in the Fluent files: nothing is copied by hand.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, Result, bail};
use fluent_syntax::ast::{Entry, PatternElement};

/// The app's languages, as `boot.js` names them.
const LANGS: [&str; 4] = ["nb", "en", "uk", "ar"];
const MARK: &str = "\"__AK_WORDS__\"";

/// Writes the words of `page` (the holder's page) into `boot` (the built `boot.js`).
pub fn fill_boot(root: &Path, page: &Path, boot: &Path) -> Result<()> {
    let ids = word_ids(&std::fs::read_to_string(page)?);
    let mut words = BTreeMap::new();
    for lang in LANGS {
        let path = root.join("i18n").join(format!("{lang}.ftl"));
        let source = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        words.insert(lang, messages(&source, &ids)?);
    }
    let script = std::fs::read_to_string(boot)?;
    if script.matches(MARK).count() != 1 {
        bail!("{} no longer has one {MARK}", boot.display());
    }
    // A JSON text inside a JS string literal: JSON.parse reads it back.
    let literal = serde_json::to_string(&serde_json::to_string(&words)?)?;
    std::fs::write(boot, script.replacen(MARK, &literal, 1))?;
    Ok(())
}

/// Every `data-word="…"` id in the page.
fn word_ids(page: &str) -> BTreeSet<String> {
    page.split("data-word=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

/// The plain text of each of `ids` in a Fluent file (the first paint's words have no
/// placeholders; one that had would be left to the app).
fn messages(source: &str, ids: &BTreeSet<String>) -> Result<BTreeMap<String, String>> {
    let resource = fluent_syntax::parser::parse(source).map_err(|(_, errors)| {
        anyhow::anyhow!("a Fluent file does not parse: {:?}", errors.first())
    })?;
    let mut found = BTreeMap::new();
    for entry in resource.body {
        let Entry::Message(message) = entry else {
            continue;
        };
        if !ids.contains(message.id.name) {
            continue;
        }
        let Some(pattern) = message.value else {
            continue;
        };
        let text: Option<String> = pattern
            .elements
            .iter()
            .map(|e| match e {
                PatternElement::TextElement { value } => Some(*value),
                PatternElement::Placeable { .. } => None,
            })
            .collect();
        if let Some(text) = text {
            found.insert(message.id.name.to_owned(), text.trim().to_owned());
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marked_messages_come_from_the_fluent_files() {
        let page = r#"<span data-word="app-name">A</span><h1 data-word="card-title">B</h1>"#;
        let ids = word_ids(page);
        assert_eq!(ids.len(), 2);
        let en = messages(
            "app-name = The app\ncard-title = My card\nother = x\n",
            &ids,
        )
        .unwrap();
        assert_eq!(en["card-title"], "My card");
        assert!(!en.contains_key("other"));
        let placeholder = messages("card-title = Hi { $name }\n", &ids).unwrap();
        assert!(placeholder.is_empty());
    }

    #[test]
    fn the_real_page_and_files_give_every_word_in_every_language() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let ids = word_ids(&std::fs::read_to_string(root.join("index.html")).unwrap());
        assert!(ids.contains("nav-card"), "{ids:?}");
        for lang in LANGS {
            let source = std::fs::read_to_string(root.join(format!("i18n/{lang}.ftl"))).unwrap();
            let found = messages(&source, &ids).unwrap();
            let missing: Vec<_> = ids.iter().filter(|id| !found.contains_key(*id)).collect();
            assert!(missing.is_empty(), "{lang}: {missing:?}");
        }
    }
}
