//! Installing the tools the build needs into one folder of our own, at pinned versions, so that a
//! fresh machine needs nothing installed by hand and a machine that has them skips the work.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::{cargo, run_cmd, system};

/// dioxus-cli must match the `dioxus` crate's version: dx and the app talk through asset and
/// hot-reload formats that change between releases.
pub const DX_VERSION: &str = "0.7.10";
/// The npm `binaryen` package: Debian's wasm-opt is too old for the wasm that rustc emits now.
const BINARYEN_VERSION: &str = "132.0.0";
/// dx 0.7.10 pins esbuild 0.27.3 for its own downloads; we install the same.
const ESBUILD_VERSION: &str = "0.27.3";

/// Where the web build's tools are, once installed.
pub struct Tools {
    pub dir: PathBuf,
    cargo_bin: PathBuf,
    npm_bin: PathBuf,
}

impl fmt::Display for Tools {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "tools folder: {}", self.dir.display())?;
        writeln!(f, "  dx, wasm-bindgen: {}", self.cargo_bin.display())?;
        write!(f, "  wasm-opt, esbuild: {}", self.npm_bin.display())
    }
}

impl Tools {
    /// dx alone, which the desktop build needs.
    pub fn ensure_dx(_root: &Path) -> Result<Self> {
        let dir = tools_dir()?;
        let tools = Tools {
            cargo_bin: dir.join("bin"),
            npm_bin: dir.join("npm").join("node_modules").join(".bin"),
            dir,
        };
        // --locked for dx: its own lockfile is what its release was tested with.
        tools.ensure_cargo_tool("dioxus-cli", DX_VERSION, "dx", true, "about 10 minutes")?;
        Ok(tools)
    }

    /// Makes sure everything `dx build --platform web` needs is installed.
    pub fn ensure_web(root: &Path) -> Result<Self> {
        ensure_rust_target("wasm32-unknown-unknown")?;
        // The client crate compiles SQLite's C to wasm (sqlite-wasm-rs) with clang, in the same
        // build that dx starts: without it, that build script fails deep inside dx's output.
        system::ensure(&[&system::CLANG])?;
        let tools = Self::ensure_dx(root)?;
        // Without --locked for wasm-bindgen-cli: its lockfile pins a crate version the registry
        // here does not serve. Its version must equal the wasm-bindgen crate in our Cargo.lock,
        // or the generated JS glue does not match the wasm.
        let wb = locked_version(root, "wasm-bindgen")?;
        tools.ensure_cargo_tool(
            "wasm-bindgen-cli",
            &wb,
            "wasm-bindgen",
            false,
            "about 2 minutes",
        )?;
        tools.ensure_npm_tools()?;
        Ok(tools)
    }

    /// PATH with our tools first, for dx to find wasm-bindgen, wasm-opt and esbuild.
    pub fn path_env(&self) -> Result<OsString> {
        let mut paths = vec![self.cargo_bin.clone(), self.npm_bin.clone()];
        if let Some(old) = std::env::var_os("PATH") {
            paths.extend(std::env::split_paths(&old));
        }
        Ok(std::env::join_paths(paths)?)
    }

    pub fn dx(&self) -> PathBuf {
        self.cargo_bin.join("dx")
    }

    /// Comes with wasm-bindgen-cli, at the same version: runs `wasm-bindgen-test` tests.
    pub fn wasm_test_runner(&self) -> PathBuf {
        self.cargo_bin.join("wasm-bindgen-test-runner")
    }

    fn ensure_cargo_tool(
        &self,
        krate: &str,
        version: &str,
        bin: &str,
        locked: bool,
        takes: &str,
    ) -> Result<()> {
        let path = self.cargo_bin.join(bin);
        if reports_version(&path, version) {
            return Ok(());
        }
        println!(
            "xtask: compiling {krate} {version} into {} (once; {takes} on 2 cores)",
            self.dir.display()
        );
        let started = Instant::now();
        let mut cmd = cargo();
        cmd.args([
            "install",
            krate,
            "--version",
            &format!("={version}"),
            "--root",
        ])
        .arg(&self.dir);
        if locked {
            cmd.arg("--locked");
        }
        run_cmd(&mut cmd)?;
        if !reports_version(&path, version) {
            bail!(
                "{} does not report version {version} after installing it",
                path.display()
            );
        }
        println!(
            "xtask: {krate} installed in {} s",
            started.elapsed().as_secs()
        );
        Ok(())
    }

    fn ensure_npm_tools(&self) -> Result<()> {
        let prefix = self.dir.join("npm");
        let stamp = prefix.join("installed.txt");
        let wanted = format!("binaryen@{BINARYEN_VERSION} esbuild@{ESBUILD_VERSION}");
        let have = std::fs::read_to_string(&stamp).unwrap_or_default();
        if have == wanted
            && self.npm_bin.join("wasm-opt").exists()
            && self.npm_bin.join("esbuild").exists()
        {
            return Ok(());
        }
        println!(
            "xtask: installing {wanted} from npm into {} (once; under a minute)",
            prefix.display()
        );
        std::fs::create_dir_all(&prefix)?;
        let mut cmd = Command::new("npm");
        cmd.args([
            "install",
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--prefix",
        ])
        .arg(&prefix)
        .args(wanted.split(' '));
        run_cmd(&mut cmd)?;
        std::fs::write(&stamp, &wanted)?;
        Ok(())
    }
}

fn tools_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("AK_TOOLS_DIR") {
        return Ok(PathBuf::from(dir));
    }
    let home = std::env::var_os("HOME").context("HOME is not set; set AK_TOOLS_DIR")?;
    Ok(PathBuf::from(home)
        .join(".cache")
        .join("aktivitetskortet")
        .join("tools"))
}

fn reports_version(bin: &Path, version: &str) -> bool {
    Command::new(bin)
        .arg("--version")
        .output()
        .is_ok_and(|out| {
            out.status.success()
                && String::from_utf8_lossy(&out.stdout)
                    .split_whitespace()
                    .any(|word| word == version)
        })
}

fn ensure_rust_target(target: &str) -> Result<()> {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("rustup is needed to add the wasm32 target")?;
    if String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == target)
    {
        return Ok(());
    }
    println!("xtask: adding the Rust target {target} with rustup (once; under a minute)");
    run_cmd(Command::new("rustup").args(["target", "add", target]))
}

/// The version of `package` in the workspace's Cargo.lock.
fn locked_version(root: &Path, package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .context("Cargo.lock is missing; run `cargo generate-lockfile`")?;
    parse_locked_version(&lock, package).with_context(|| format!("{package} is not in Cargo.lock"))
}

fn parse_locked_version(lock: &str, package: &str) -> Option<String> {
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line {
            let version = lines.next()?.trim().strip_prefix("version = \"")?;
            return version.strip_suffix('"').map(str::to_owned);
        }
    }
    None
}

/// `npm ci` in a folder with a package-lock.json, skipped when node_modules matches the lock.
pub fn npm_ci(dir: &Path) -> Result<()> {
    let lock = std::fs::read(dir.join("package-lock.json"))
        .with_context(|| format!("{} has no package-lock.json", dir.display()))?;
    let stamp = dir.join("node_modules").join(".xtask-lock");
    if std::fs::read(&stamp).is_ok_and(|s| s == lock) {
        return Ok(());
    }
    run_cmd(
        Command::new("npm")
            .current_dir(dir)
            .args(["ci", "--no-audit", "--no-fund"]),
    )?;
    std::fs::write(&stamp, lock)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_package_version_in_a_lockfile() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"9.9.9\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\nsource = \"x\"\n";
        assert_eq!(
            parse_locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(parse_locked_version(lock, "serde"), None);
    }
}
