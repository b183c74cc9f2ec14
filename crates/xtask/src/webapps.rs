//! The three web apps the build serves, each bundled by dx from its own binary, and how their
//! bundles become one folder: each app's page under its own name, the content-hashed files side
//! by side (they cannot clash), the shared static files once.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// One app of the web build.
pub struct WebApp {
    /// The binary dx bundles (`src/bin/<bin>.rs`).
    pub bin: &'static str,
    /// Its name in the page's `data-app` (which service worker `boot.js` registers).
    pub kind: &'static str,
    /// Where it starts: the path the server answers with its page, and its worker's scope.
    pub home: &'static str,
    /// Its page in the build (the server picks it by the path's first segment).
    pub page: &'static str,
    /// Its service worker.
    pub worker: &'static str,
    /// The app crate's features it is built with, when not the default ones.
    pub features: Option<&'static str>,
}

pub const APPS: [WebApp; 3] = [
    WebApp {
        bin: "holder",
        kind: "holder",
        home: "/",
        page: "index.html",
        worker: "sw.js",
        features: None,
    },
    WebApp {
        bin: "venue",
        kind: "venue",
        home: "/sted",
        page: "sted.html",
        worker: "sted-sw.js",
        features: None,
    },
    WebApp {
        bin: "admin",
        kind: "admin",
        home: "/admin",
        page: "admin.html",
        worker: "admin-sw.js",
        // Without the device's store: the admin area works on the server's data alone.
        features: Some("web"),
    },
];

/// Where the holder's page holds its first paint (written by the app's `tests/first_paint.rs`).
const FIRST_PAINT_BEGIN: &str = "<!-- first paint:";
const FIRST_PAINT_END: &str = "<!-- end of first paint -->";

/// The service worker's template, as dx copies it from `public/` into every bundle.
pub const WORKER_TEMPLATE: &str = "sw.js";

impl WebApp {
    /// Whether `name` (a file name in `assets/`) is this app's own script or wasm.
    pub fn owns(&self, name: &str) -> bool {
        name.starts_with(&format!("{}-dxh", self.bin))
            || name.starts_with(&format!("{}_bg-dxh", self.bin))
    }

    /// Whether `name` is one app's own script or wasm (and so not shared by all).
    pub fn is_any_apps(name: &str) -> bool {
        APPS.iter().any(|a| a.owns(name))
    }
}

/// Adds one app's bundle (`public`, as dx wrote it) to the build folder `out`.
pub fn add_bundle(public: &Path, out: &Path, app: &WebApp) -> Result<()> {
    let page = std::fs::read_to_string(public.join("index.html"))
        .with_context(|| format!("{} has no index.html", public.display()))?;
    let css = stylesheet(public)?;
    std::fs::write(out.join(app.page), page_for(&page, app, &css)?)?;
    merge(public, out, Path::new(""))
}

/// The URL of the stylesheet dx bundled (`assets/main-dxh<hash>.css`).
fn stylesheet(public: &Path) -> Result<String> {
    std::fs::read_dir(public.join("assets"))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.starts_with("main-dxh") && n.ends_with(".css"))
        .map(|n| format!("/assets/{n}"))
        .with_context(|| format!("{} has no main-dxh….css", public.display()))
}

/// The page as this app serves it: the stylesheet linked in its head, so the frame it holds is
/// painted styled before any wasm has run; `boot.js` told which app it is; and only the holder's
/// page offers to install the holder's app (the manifest's scope is the whole site).
pub fn page_for(page: &str, app: &WebApp, css: &str) -> Result<String> {
    const MARK: &str = "data-app=\"holder\"";
    if !page.contains(MARK) {
        bail!("index.html no longer has `{MARK}` on boot.js's script tag");
    }
    if !page.contains("</head>") {
        bail!("the page has no </head>");
    }
    let mut page = page
        .replace(MARK, &format!("data-app=\"{}\"", app.kind))
        .replacen(
            "</head>",
            &format!("<link rel=\"stylesheet\" href=\"{css}\"></head>"),
            1,
        );
    if app.kind != "holder" {
        // The holder's first paint is the holder's; the others paint when their wasm runs.
        let (begin, end) = (FIRST_PAINT_BEGIN, FIRST_PAINT_END);
        if let (Some(a), Some(b)) = (page.find(begin), page.find(end)) {
            page.replace_range(a..b + end.len(), "");
        }
        page = page
            .lines()
            .filter(|l| !l.contains("rel=\"manifest\"") && !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n");
    }
    Ok(page)
}

/// Copies `from/rel` into `to/rel`, file by file; a file both bundles have must be the same.
fn merge(from: &Path, to: &Path, rel: &Path) -> Result<()> {
    for entry in std::fs::read_dir(from.join(rel))? {
        let entry = entry?;
        let rel = rel.join(entry.file_name());
        if rel == Path::new("index.html") {
            continue;
        }
        let dest: PathBuf = to.join(&rel);
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(&dest)?;
            merge(from, to, &rel)?;
        } else if dest.exists() {
            if std::fs::read(&dest)? != std::fs::read(entry.path())? {
                bail!(
                    "two apps' bundles have a different {}: only content-hashed files may differ",
                    rel.display()
                );
            }
        } else {
            std::fs::copy(entry.path(), &dest)
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_app_owns_only_its_own_script_and_wasm() {
        let [holder, venue, admin] = &APPS;
        assert!(holder.owns("holder-dxh12ab.js"));
        assert!(holder.owns("holder_bg-dxh12ab.wasm"));
        assert!(!holder.owns("venue_bg-dxh12ab.wasm"));
        assert!(venue.owns("venue-dxhff.js"));
        assert!(admin.owns("admin_bg-dxhff.wasm"));
        assert!(WebApp::is_any_apps("admin-dxhff.js"));
        assert!(!WebApp::is_any_apps("main-dxh36d3.css"));
        assert!(!WebApp::is_any_apps("icon-192.png"));
    }

    #[test]
    fn each_page_says_which_app_it_is_and_only_the_holders_is_installable() {
        let template = include_str!("../../../index.html");
        let [holder, venue, _] = &APPS;
        let css = "/assets/main-dxh1.css";
        let page = page_for(template, holder, css).unwrap();
        assert!(page.contains("data-app=\"holder\""));
        assert!(page.contains("rel=\"manifest\""));
        assert!(page.contains("<link rel=\"stylesheet\" href=\"/assets/main-dxh1.css\"></head>"));
        let page = page_for(template, venue, css).unwrap();
        assert!(page.contains("data-app=\"venue\""));
        assert!(!page.contains("rel=\"manifest\""));
        assert!(
            !page.contains("first-paint"),
            "venue mode shows no holder's frame"
        );
        assert!(
            page_for(template, holder, css)
                .unwrap()
                .contains("id=\"first-paint\"")
        );
        assert!(page_for("<html></html>", venue, css).is_err());
    }
}
