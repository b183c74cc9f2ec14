//! The web build: `dx bundle --platform web --release` with our own tools, copied to `dist/web`
//! (the folder the server serves by default), and its size printed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use flate2::Compression;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};

use crate::tools::Tools;
use crate::{run_cmd, target_dir};

/// Where the finished web app goes, relative to the repository root.
pub const DIST_DIR: &str = "dist/web";
const APP: &str = "aktivitetskortet";

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
    let public = target_dir(root)
        .join("dx")
        .join(APP)
        .join("release")
        .join("web")
        .join("public");
    // dx adds new content-hashed files next to the old ones; start from an empty folder so the
    // bundle holds only this build (cargo's compile cache lives elsewhere and is kept).
    if public.exists() {
        std::fs::remove_dir_all(&public)
            .with_context(|| format!("clearing {}", public.display()))?;
    }
    println!("xtask: building the web app with dx (release)");
    let mut cmd = Command::new(tools.dx());
    cmd.args(["bundle", "--platform", "web", "--release"])
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
    crate::pwa::write_service_worker(&public)?;
    let dist = root.join(DIST_DIR);
    replace_dir(&public, &dist)?;
    print_sizes(&dist)?;
    let stamp = stamp_path(root);
    std::fs::create_dir_all(stamp.parent().context("stamp has a folder")?)?;
    std::fs::write(&stamp, inputs)?;
    Ok(dist)
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

fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes)?;
    Ok(enc.finish()?.len())
}

fn print_sizes(dist: &Path) -> Result<()> {
    let mut all = Vec::new();
    files(dist, &mut all)?;
    all.sort();
    let (mut raw_total, mut gz_total) = (0, 0);
    println!("xtask: web bundle in {}", dist.display());
    for path in &all {
        let bytes = std::fs::read(path)?;
        let gz = gzip_len(&bytes)?;
        raw_total += bytes.len();
        gz_total += gz;
        let name = path.strip_prefix(dist).unwrap_or(path).display();
        println!("  {:>9} raw {:>9} gzip  {name}", kb(bytes.len()), kb(gz));
    }
    println!("  {:>9} raw {:>9} gzip  total", kb(raw_total), kb(gz_total));
    Ok(())
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}
