//! Each web app's offline shell: a copy of the service worker template (`public/sw.js`, which dx
//! copies as it is) per app, with the app's home path, the list of the app's files and a version
//! made from their contents, so a device that opened the app once has every file for an offline
//! start, a new build is a new version, and no app keeps another app's files.

use std::path::Path;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use crate::webapps::{APPS, WORKER_TEMPLATE, WebApp};

/// Replaced everywhere (the minifier copies the constant into the strings built from it).
const VERSION_MARK: &str = "__AK_VERSION__";
const HOME_MARK: &str = "__AK_HOME__";
/// Replaced once: the list literal, which the minifier leaves as it is.
const PRECACHE_MARK: &str = "[\"__AK_PRECACHE__\"]";

/// Writes every app's service worker into `dist` from the files beside it, and removes the
/// template.
pub fn write_service_workers(dist: &Path) -> Result<()> {
    let template_path = dist.join(WORKER_TEMPLATE);
    let template = std::fs::read_to_string(&template_path).with_context(|| {
        format!(
            "{} is missing: dx copies it from public/{WORKER_TEMPLATE}",
            template_path.display()
        )
    })?;
    let mut files = Vec::new();
    crate::web::files(dist, &mut files)?;
    files.sort();
    let relative: Vec<String> = files
        .iter()
        .map(|path| {
            path.strip_prefix(dist)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect::<std::result::Result<_, _>>()?;
    for app in &APPS {
        let mut urls = Vec::new();
        let mut hasher = Sha256::new();
        for (path, rel) in files.iter().zip(&relative) {
            let Some(url) = precached_url(app, rel) else {
                continue;
            };
            hasher.update(rel.as_bytes());
            hasher.update(std::fs::read(path)?);
            urls.push(url);
        }
        let version: String = hasher.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        std::fs::write(
            dist.join(app.worker),
            fill(&template, app.home, &version, &urls)?,
        )?;
        println!(
            "xtask: {} service worker version {version}, {} files kept for offline starts",
            app.kind,
            urls.len()
        );
    }
    // Every app's worker is written: the template would only be served for nothing. (The
    // holder's worker has the template's name, so it is written over it.)
    if !APPS.iter().any(|a| a.worker == WORKER_TEMPLATE) {
        std::fs::remove_file(&template_path)?;
    }
    Ok(())
}

/// The URL an app's worker keeps `rel` (a path in the build) under, if it keeps it: its own page
/// (as its home path), its own script and wasm, and the files every app shares; never another
/// app's page, script or wasm, a worker, or a precompressed copy.
fn precached_url(app: &WebApp, rel: &str) -> Option<String> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if rel.ends_with(".br") || rel.ends_with(".gz") || APPS.iter().any(|a| a.worker == rel) {
        return None;
    }
    if let Some(page_of) = APPS.iter().find(|a| a.page == rel) {
        return (page_of.page == app.page).then(|| app.home.to_owned());
    }
    if WebApp::is_any_apps(name) && !app.owns(name) {
        return None;
    }
    Some(format!("/{rel}"))
}

/// The template with its version and file list.
fn fill(template: &str, home: &str, version: &str, urls: &[String]) -> Result<String> {
    if !template.contains(VERSION_MARK)
        || !template.contains(HOME_MARK)
        || template.matches(PRECACHE_MARK).count() != 1
    {
        bail!(
            "the service worker no longer has `{VERSION_MARK}`, `{HOME_MARK}` and one `{PRECACHE_MARK}`"
        );
    }
    let list = urls
        .iter()
        .map(|u| format!("{u:?}"))
        .collect::<Vec<_>>()
        .join(",");
    Ok(template
        .replace(HOME_MARK, home)
        .replace(VERSION_MARK, version)
        .replacen(PRECACHE_MARK, &format!("[{list}]"), 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_gets_its_home_version_and_files() {
        // As dx's minifier leaves it: the version also folded into a string built from it.
        let template = r#"const HOME="__AK_HOME__".startsWith("__")?"/":"__AK_HOME__",VERSION="__AK_VERSION__",PRECACHE=["__AK_PRECACHE__"].filter(u=>u!=="__AK_PRECACHE__"),SHELL="ak-shell-__AK_VERSION__";"#;
        let filled = fill(
            template,
            "/sted",
            "0011aabb",
            &["/sted".into(), "/assets/venue-dxh1.js".into()],
        )
        .unwrap();
        assert_eq!(
            filled,
            r#"const HOME="/sted".startsWith("__")?"/":"/sted",VERSION="0011aabb",PRECACHE=["/sted","/assets/venue-dxh1.js"].filter(u=>u!=="__AK_PRECACHE__"),SHELL="ak-shell-0011aabb";"#
        );
        assert!(fill("changed", "/", "v", &[]).is_err());
    }

    #[test]
    fn the_real_template_has_the_lines_the_build_fills_in() {
        let template = include_str!("../../../public/sw.js");
        assert!(fill(template, "/", "v", &["/".into()]).is_ok());
    }

    #[test]
    fn each_app_keeps_its_own_files_and_the_shared_ones_only() {
        let [holder, venue, admin] = &APPS;
        assert_eq!(precached_url(holder, "index.html").as_deref(), Some("/"));
        assert_eq!(precached_url(venue, "sted.html").as_deref(), Some("/sted"));
        assert_eq!(precached_url(holder, "sted.html"), None);
        assert_eq!(precached_url(admin, "index.html"), None);
        assert_eq!(
            precached_url(holder, "assets/holder_bg-dxh1.wasm").as_deref(),
            Some("/assets/holder_bg-dxh1.wasm")
        );
        assert_eq!(precached_url(holder, "assets/venue_bg-dxh1.wasm"), None);
        assert_eq!(precached_url(holder, "assets/admin-dxh1.js"), None);
        for app in &APPS {
            assert_eq!(
                precached_url(app, "assets/main-dxh9.css").as_deref(),
                Some("/assets/main-dxh9.css")
            );
            assert_eq!(precached_url(app, "assets/main-dxh9.css.br"), None);
            assert_eq!(precached_url(app, "sted-sw.js"), None);
            assert_eq!(precached_url(app, "sw.js"), None);
        }
    }
}
