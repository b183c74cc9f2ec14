//! The web build's offline shell: writes the list of the build's files and a version made from
//! their contents into the service worker (`public/sw.js`, which dx copies as it is), so a phone
//! that opened the app once has every file for an offline start, and a new build is a new version.

use std::path::Path;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

/// The service worker's file name in the build (it must not list itself).
pub const SERVICE_WORKER: &str = "sw.js";
/// Replaced everywhere (the minifier copies the constant into the strings built from it).
const VERSION_MARK: &str = "__AK_VERSION__";
/// Replaced once: the list literal, which the minifier leaves as it is.
const PRECACHE_MARK: &str = "[\"__AK_PRECACHE__\"]";

/// Fills in the service worker in `dist` from the files beside it.
pub fn write_service_worker(dist: &Path) -> Result<()> {
    let sw_path = dist.join(SERVICE_WORKER);
    let template = std::fs::read_to_string(&sw_path).with_context(|| {
        format!(
            "{} is missing: dx copies it from public/{SERVICE_WORKER}",
            sw_path.display()
        )
    })?;
    let mut files = Vec::new();
    crate::web::files(dist, &mut files)?;
    files.sort();
    let mut urls = Vec::new();
    let mut hasher = Sha256::new();
    for path in &files {
        let relative = path
            .strip_prefix(dist)?
            .to_string_lossy()
            .replace('\\', "/");
        if relative == SERVICE_WORKER {
            continue;
        }
        hasher.update(relative.as_bytes());
        hasher.update(std::fs::read(path)?);
        // Every route of the app is index.html; the worker keeps it as "/".
        urls.push(if relative == "index.html" {
            "/".to_owned()
        } else {
            format!("/{relative}")
        });
    }
    let version: String = hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let worker = fill(&template, &version, &urls)?;
    std::fs::write(&sw_path, worker)?;
    println!(
        "xtask: service worker version {version}, {} files kept for offline starts",
        urls.len()
    );
    Ok(())
}

/// The template with its version and file list.
fn fill(template: &str, version: &str, urls: &[String]) -> Result<String> {
    if !template.contains(VERSION_MARK) || template.matches(PRECACHE_MARK).count() != 1 {
        bail!("the service worker no longer has `{VERSION_MARK}` and one `{PRECACHE_MARK}`");
    }
    let list = urls
        .iter()
        .map(|u| format!("{u:?}"))
        .collect::<Vec<_>>()
        .join(",");
    Ok(template
        .replace(VERSION_MARK, version)
        .replacen(PRECACHE_MARK, &format!("[{list}]"), 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_gets_its_version_and_files() {
        // As dx's minifier leaves it: the version also folded into a string built from it.
        let template = r#"const VERSION="__AK_VERSION__",PRECACHE=["__AK_PRECACHE__"].filter(u=>u!=="__AK_PRECACHE__"),SHELL="ak-shell-__AK_VERSION__";"#;
        let filled = fill(
            template,
            "0011aabb",
            &["/".into(), "/assets/app-dxh1.wasm".into()],
        )
        .unwrap();
        assert_eq!(
            filled,
            r#"const VERSION="0011aabb",PRECACHE=["/","/assets/app-dxh1.wasm"].filter(u=>u!=="__AK_PRECACHE__"),SHELL="ak-shell-0011aabb";"#
        );
        assert!(fill("changed", "v", &[]).is_err());
    }

    #[test]
    fn the_real_template_has_the_lines_the_build_fills_in() {
        let template = include_str!("../../../public/sw.js");
        assert!(fill(template, "v", &["/".into()]).is_ok());
    }
}
