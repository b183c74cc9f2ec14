//! The web build: each app bundled by `dx bundle --platform web --release` with our own tools,
//! put together with its service workers and precompressed copies, swapped into `dist/web` (the
//! folder the server serves by default), and its sizes printed.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use crate::tools::Tools;
use crate::webapps::{self, APPS, WebApp};
use crate::{run_cmd, target_dir};

/// Where the finished web build goes, relative to the repository root.
pub const DIST_DIR: &str = "dist/web";

/// The files whose contents make the web build: when none of them changed since the last build
/// and `dist/web` is still there, `run` and `test` use that build instead of running dx again
/// (which re-runs wasm-bindgen and wasm-opt even when cargo has nothing to compile).
const INPUTS: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "Dioxus.toml",
    "index.html",
    "src",
    "assets",
    "public",
    "i18n",
    "crates/core/Cargo.toml",
    "crates/core/src",
    "crates/client/Cargo.toml",
    "crates/client/src",
    // The service worker's file list and version are written by xtask itself.
    "crates/xtask/src",
];

/// The web build, unless the one in `dist/web` was made from the same sources.
pub fn build_if_changed(root: &Path) -> Result<PathBuf> {
    let dist = root.join(DIST_DIR);
    let stamp = stamp_path(root);
    let inputs = inputs_hash(root)?;
    if dist.join("index.html").is_file()
        && std::fs::read_to_string(&stamp).is_ok_and(|s| s == inputs)
    {
        println!(
            "xtask: the web app in {} is up to date (no source changed since it was built)",
            dist.display()
        );
        return Ok(dist);
    }
    build(root)
}

fn stamp_path(root: &Path) -> PathBuf {
    target_dir(root).join("xtask").join("web-inputs.sha256")
}

/// SHA-256 over the names and contents of every input file, in a fixed order, and dx's version.
fn inputs_hash(root: &Path) -> Result<String> {
    let mut all = Vec::new();
    for input in INPUTS {
        let path = root.join(input);
        if path.is_dir() {
            files(&path, &mut all)?;
        } else if path.is_file() {
            all.push(path);
        }
    }
    all.sort();
    let mut hasher = Sha256::new();
    hasher.update(crate::tools::DX_VERSION.as_bytes());
    for path in &all {
        let name = path.strip_prefix(root).unwrap_or(path);
        hasher.update(name.to_string_lossy().as_bytes());
        hasher.update([0]);
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

pub fn build(root: &Path) -> Result<PathBuf> {
    // Hashed before the build, so an edit made while dx runs counts as a change next time.
    let inputs = inputs_hash(root)?;
    let tools = Tools::ensure_web(root)?;
    let out = target_dir(root).join("xtask").join("web");
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("clearing {}", out.display()))?;
    }
    std::fs::create_dir_all(&out)?;
    for app in &APPS {
        let public = bundle(root, &tools, app)?;
        webapps::add_bundle(&public, &out, app)?;
    }
    crate::words::fill_boot(root, &out.join("index.html"), &out.join("boot.js"))?;
    crate::pwa::write_service_workers(&out)?;
    crate::compress::precompress(&out)?;
    let dist = root.join(DIST_DIR);
    replace_dir(&out, &dist)?;
    print_sizes(&dist)?;
    let stamp = stamp_path(root);
    std::fs::create_dir_all(stamp.parent().context("stamp has a folder")?)?;
    std::fs::write(&stamp, inputs)?;
    Ok(dist)
}

/// `dx bundle --platform web --release --bin <app>`; returns the folder dx wrote it to.
fn bundle(root: &Path, tools: &Tools, app: &WebApp) -> Result<PathBuf> {
    let public = target_dir(root)
        .join("dx")
        .join(app.bin)
        .join("release")
        .join("web")
        .join("public");
    // dx adds new content-hashed files next to the old ones; start from an empty folder so the
    // bundle holds only this build (cargo's compile cache lives elsewhere and is kept).
    if public.exists() {
        std::fs::remove_dir_all(&public)
            .with_context(|| format!("clearing {}", public.display()))?;
    }
    println!(
        "xtask: building the {} app with dx (release; the first build compiles the app, SQLite \
         and the token to wasm, a few minutes)",
        app.kind
    );
    let mut cmd = Command::new(tools.dx());
    cmd.args(["bundle", "--platform", "web", "--release", "--bin", app.bin]);
    if let Some(features) = app.features {
        cmd.args(["--no-default-features", "--features", features]);
    }
    cmd
        // dx keeps DWARF in the wasm by default (a debugging aid); holders download every byte.
        .args(["--debug-symbols", "false"])
        // dx fetches wasm-bindgen, wasm-opt and esbuild from the internet unless told to take
        // them from PATH; ours are first there.
        .env("NO_DOWNLOADS", "1")
        .env("PATH", tools.path_env()?)
        .env("DX_HOME", tools.dir.join("dx-home"))
        .env("DX_TELEMETRY_ENABLED", "false");
    run_cmd(&mut cmd)?;
    if !public.join("index.html").is_file() {
        bail!("dx finished but {} has no index.html", public.display());
    }
    Ok(public)
}

/// Copies `from` into a fresh folder next to `to` and swaps it in, so a server that is serving
/// `to` never sees half a build.
fn replace_dir(from: &Path, to: &Path) -> Result<()> {
    let parent = to.parent().context("dist folder has no parent")?;
    std::fs::create_dir_all(parent)?;
    let staging = parent.join(".web-staging");
    let old = parent.join(".web-old");
    for d in [&staging, &old] {
        if d.exists() {
            std::fs::remove_dir_all(d)?;
        }
    }
    copy_dir(from, &staging)?;
    if to.exists() {
        std::fs::rename(to, &old)?;
    }
    std::fs::rename(&staging, to)?;
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &dest)?;
        } else {
            std::fs::copy(entry.path(), &dest)
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

pub(crate) fn files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Every file with its size as served (brotli where there is a copy), and what each app's first
/// visit downloads: its page and the files its service worker keeps.
fn print_sizes(dist: &Path) -> Result<()> {
    let mut all = Vec::new();
    files(dist, &mut all)?;
    all.sort();
    println!("xtask: web build in {}", dist.display());
    let served = |path: &Path| -> Result<(u64, u64)> {
        let raw = std::fs::metadata(path)?.len();
        let mut br = path.as_os_str().to_owned();
        br.push(".br");
        Ok((raw, std::fs::metadata(&br).map_or(raw, |m| m.len())))
    };
    for path in &all {
        let name = path
            .strip_prefix(dist)
            .unwrap_or(path)
            .display()
            .to_string();
        if name.ends_with(".br") || name.ends_with(".gz") {
            continue;
        }
        let (raw, br) = served(path)?;
        println!("  {:>9} raw {:>9} brotli  {name}", kb(raw), kb(br));
    }
    for app in &APPS {
        let worker = std::fs::read_to_string(dist.join(app.worker))?;
        let (mut raw, mut br) = (0, 0);
        for path in &all {
            let rel = path
                .strip_prefix(dist)?
                .to_string_lossy()
                .replace('\\', "/");
            let url = if rel == app.page {
                app.home.to_owned()
            } else {
                format!("/{rel}")
            };
            if worker.contains(&format!("\"{url}\"")) {
                let (r, b) = served(path)?;
                raw += r;
                br += b;
            }
        }
        println!(
            "  {:>9} raw {:>9} brotli  the {} app's files (what a first visit downloads)",
            kb(raw),
            kb(br),
            app.kind
        );
    }
    Ok(())
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}
