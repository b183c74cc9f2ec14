//! `cargo xtask desktop`: the desktop app as dx builds it (with its stylesheet and icons bundled
//! beside it, which a plain `cargo run` does not do), started against a local server with the
//! demo data.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;

use anyhow::{Context, Result, bail};

use crate::tools::Tools;
use crate::{run_cmd, system, target_dir};

const APP: &str = "aktivitetskortet";

pub fn run(root: &Path, server_args: &[String]) -> Result<()> {
    system::ensure(&[&system::DESKTOP_LIBS])?;
    let tools = Tools::ensure_dx(root)?;
    let app = build(root, &tools)?;
    let server_bin = crate::build_server(root)?;

    let mut server = Server::start(&server_bin, server_args)?;
    println!("xtask: starting the desktop app against {}", server.url);
    let status = Command::new(&app)
        .current_dir(app.parent().context("the app has a folder")?)
        .env("AK_BACKEND_URL", &server.url)
        .status()
        .with_context(|| format!("could not start {}", app.display()));
    server.stop();
    let status = status?;
    if !status.success() {
        bail!("the desktop app stopped with {status}");
    }
    Ok(())
}

/// `dx build --platform desktop` (a debug build: quicker to compile, and the desktop is for
/// trying the app, not for shipping); returns the executable, with its assets beside it.
fn build(root: &Path, tools: &Tools) -> Result<PathBuf> {
    println!("xtask: building the desktop app with dx (a few minutes the first time)");
    let mut cmd = Command::new(tools.dx());
    cmd.args(["build", "--platform", "desktop", "--bin", APP])
        .env("NO_DOWNLOADS", "1")
        .env("PATH", tools.path_env()?)
        .env("DX_HOME", tools.dir.join("dx-home"))
        .env("DX_TELEMETRY_ENABLED", "false");
    run_cmd(&mut cmd)?;
    let out = target_dir(root).join("dx").join(APP).join("debug");
    find_executable(&out, APP).with_context(|| {
        format!(
            "dx finished but there is no {APP} executable under {}",
            out.display()
        )
    })
}

/// The app's executable in dx's output folder (its layout differs by platform).
fn find_executable(dir: &Path, name: &str) -> Option<PathBuf> {
    let mut all = Vec::new();
    crate::web::files(dir, &mut all).ok()?;
    all.into_iter().find(|p| {
        p.file_name().is_some_and(|n| n == name) && {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                p.metadata()
                    .is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
            }
            #[cfg(not(unix))]
            true
        }
    })
}

/// The backend the desktop app talks to: the server with the demo data on a free port, with the
/// data directory `cargo xtask run` uses, so cards added there keep working.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(bin: &Path, args: &[String]) -> Result<Self> {
        let mut child = Command::new(bin)
            .args(["--bind", "127.0.0.1:0", "--metrics-bind", "off", "--demo"])
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("could not start {}", bin.display()))?;
        let stdout = child.stdout.take().context("the server has no stdout")?;
        // The server's words (the demo's activation codes among them) go on to the terminal;
        // the first address it prints is where the app should go.
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                println!("{line}");
                if let Some(at) = line.find("http://")
                    && let Some(tx) = tx.take()
                {
                    let url = line[at..].split_whitespace().next().unwrap_or_default();
                    let _ = tx.send(url.to_owned());
                }
            }
        });
        match rx.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(url) => Ok(Self { child, url }),
            Err(_) => {
                let _ = child.kill();
                bail!("the server did not say where it listens within a minute")
            }
        }
    }

    /// SIGTERM, which the server answers by finishing its requests and closing the database.
    fn stop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let asked = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status()
            .is_ok_and(|s| s.success());
        if !asked {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}
