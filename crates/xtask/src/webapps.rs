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
    std::fs::write(out.join(app.page), page_for(&page, app)?)?;
    merge(public, out, Path::new(""))
}

/// The page as this app serves it: `boot.js` told which app it is, and only the holder's page
/// offers to install the holder's app (the manifest's scope is the whole site).
pub fn page_for(page: &str, app: &WebApp) -> Result<String> {
    const MARK: &str = "data-app=\"holder\"";
    if !page.contains(MARK) {
        bail!("index.html no longer has `{MARK}` on boot.js's script tag");
    }
    let mut page = page.replace(MARK, &format!("data-app=\"{}\"", app.kind));
    if app.kind != "holder" {
        page = page
            .lines()
            .filter(|l| !l.contains("rel=\"manifest\""))
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
        let page = page_for(template, holder).unwrap();
        assert!(page.contains("data-app=\"holder\""));
        assert!(page.contains("rel=\"manifest\""));
        let page = page_for(template, venue).unwrap();
        assert!(page.contains("data-app=\"venue\""));
        assert!(!page.contains("rel=\"manifest\""));
        assert!(page_for("<html></html>", venue).is_err());
    }
}
