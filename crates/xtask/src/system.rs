//! Debian packages the tasks need (clang, Chromium, ChromeDriver, the desktop's WebKitGTK): found
//! by a file or command they install, installed with apt-get in one go when missing, and a clear
//! sentence instead of a build script's error when this machine cannot install them.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// One thing a task needs from the system, and how to tell it is there.
pub struct Need {
    /// The Debian packages that bring it.
    pub packages: &'static [&'static str],
    /// What it installs, all present when it is installed: an absolute path, a command on PATH,
    /// or `pc:NAME` for a library's pkg-config file (in any of the multiarch folders).
    pub files: &'static [&'static str],
    /// What it is for, said while installing.
    pub why: &'static str,
}

pub const CLANG: Need = Need {
    packages: &["clang"],
    files: &["clang"],
    why: "compiles SQLite's C to wasm for the web build",
};

/// Debian's Chromium, never a browser a test tool downloads.
pub const CHROMIUM: Need = Need {
    packages: &["chromium"],
    files: &["/usr/bin/chromium"],
    why: "the browser the browser tests and benchmarks drive",
};

/// Debian's ChromeDriver, matching Debian's Chromium.
pub const CHROMEDRIVER: Need = Need {
    packages: &["chromium-driver"],
    files: &["/usr/bin/chromedriver"],
    why: "runs the client store's wasm tests in Chromium",
};

/// Prometheus's `promtool`, which checks the server's `/metrics` output in its tests.
pub const PROMTOOL: Need = Need {
    packages: &["prometheus"],
    files: &["/usr/bin/promtool"],
    why: "checks the server's /metrics output (promtool check metrics); the service is not started",
};

/// wrk, the load tool the web bench runs on loopback.
pub const WRK: Need = Need {
    packages: &["wrk"],
    files: &["wrk"],
    why: "loads the server on loopback for the web bench",
};

/// What the desktop build links: the system WebView and its friends.
pub const DESKTOP_LIBS: Need = Need {
    packages: &[
        "libwebkit2gtk-4.1-dev",
        "libgtk-3-dev",
        "libxdo-dev",
        "libsoup-3.0-dev",
        "pkg-config",
    ],
    files: &[
        "pc:webkit2gtk-4.1",
        "pc:gtk+-3.0",
        "pc:libsoup-3.0",
        "/usr/include/xdo.h",
        "pkg-config",
    ],
    why: "the desktop app's WebView (WebKitGTK), window and keyboard libraries",
};

impl Need {
    fn is_present(&self) -> bool {
        self.files.iter().all(|f| installed(f))
    }
}

/// Makes sure every need is installed, with one apt-get run for all that are missing.
pub fn ensure(needs: &[&Need]) -> Result<()> {
    let missing: Vec<&Need> = needs.iter().copied().filter(|n| !n.is_present()).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let packages: Vec<&str> = missing
        .iter()
        .flat_map(|n| n.packages.iter().copied())
        .collect();
    let command = format!("sudo apt-get install {}", packages.join(" "));
    for need in &missing {
        println!(
            "xtask: installing {} with apt-get: {}",
            need.packages.join(" "),
            need.why
        );
    }
    println!("xtask: (once; about a minute, longer on a slow mirror)");
    let runner = apt_runner().map_err(|why| {
        anyhow::anyhow!(
            "{} missing and cannot be installed here ({why}): install {} with `{command}` \
             (or your system's package manager), then run the command again",
            packages.join(", "),
            if packages.len() == 1 { "it" } else { "them" }
        )
    })?;
    let started = Instant::now();
    let log = log_path();
    let result = runner.run(&["update", "-qq"], &log).and_then(|()| {
        let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
        args.extend(&packages);
        runner.run(&args, &log)
    });
    if let Err(err) = result {
        bail!(
            "{err}\n\ncould not install {} (apt-get's output is in {}); install {} with \
             `{command}`, then run the command again",
            packages.join(", "),
            log.display(),
            if packages.len() == 1 { "it" } else { "them" }
        );
    }
    if let Some(still) = missing.iter().find(|n| !n.is_present()) {
        bail!(
            "apt-get installed {} but {} is still missing",
            still.packages.join(" "),
            still.files.join(", ")
        );
    }
    println!(
        "xtask: installed {} in {} s",
        packages.join(" "),
        started.elapsed().as_secs()
    );
    Ok(())
}

/// Runs apt-get directly as root, or through sudo.
struct AptRunner {
    sudo: bool,
}

impl AptRunner {
    fn run(&self, args: &[&str], log: &Path) -> Result<()> {
        let mut cmd = if self.sudo {
            let mut c = Command::new("sudo");
            c.arg("--preserve-env=DEBIAN_FRONTEND").arg("apt-get");
            c
        } else {
            Command::new("apt-get")
        };
        let out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .with_context(|| format!("could not write {}", log.display()))?;
        cmd.args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdout(out.try_clone()?)
            .stderr(out);
        let status = cmd.status().context("could not start apt-get")?;
        if !status.success() {
            bail!("`apt-get {}` failed: {status}", args.join(" "));
        }
        Ok(())
    }
}

/// How this machine can run apt-get, or why it cannot.
fn apt_runner() -> std::result::Result<AptRunner, &'static str> {
    if !on_path("apt-get") {
        return Err("this system has no apt-get");
    }
    if is_root() {
        return Ok(AptRunner { sudo: false });
    }
    if on_path("sudo") {
        // sudo asks for a password on a terminal; that is the user's to give.
        return Ok(AptRunner { sudo: true });
    }
    Err("not root, and no sudo")
}

fn installed(what: &str) -> bool {
    if let Some(name) = what.strip_prefix("pc:") {
        let file = format!("{name}.pc");
        let mut dirs = vec![
            PathBuf::from("/usr/lib/pkgconfig"),
            PathBuf::from("/usr/share/pkgconfig"),
        ];
        if let Ok(entries) = std::fs::read_dir("/usr/lib") {
            dirs.extend(entries.flatten().map(|e| e.path().join("pkgconfig")));
        }
        return dirs.iter().any(|d| d.join(&file).is_file());
    }
    if what.starts_with('/') {
        return Path::new(what).exists();
    }
    on_path(what)
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn log_path() -> PathBuf {
    std::env::temp_dir().join(format!("xtask-apt-{}.log", std::process::id()))
}

/// Debian's Chromium (or `CHROMIUM_PATH`), installed when missing.
pub fn chromium() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM_PATH") {
        return Ok(PathBuf::from(path));
    }
    ensure(&[&CHROMIUM])?;
    Ok(PathBuf::from(CHROMIUM.files[0]))
}

/// Debian's ChromeDriver, installed when missing.
pub fn chromedriver() -> Result<PathBuf> {
    ensure(&[&CHROMEDRIVER])?;
    Ok(PathBuf::from(CHROMEDRIVER.files[0]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_need_is_present_only_when_all_it_installs_is() {
        let need = |files| Need {
            packages: &["x"],
            files,
            why: "",
        };
        assert!(need(&["/", "cargo"]).is_present());
        assert!(!need(&["/", "/no/such/file"]).is_present());
        assert!(!need(&["no-such-command-here"]).is_present());
        assert!(!need(&["pc:no-such-library"]).is_present());
    }
}
