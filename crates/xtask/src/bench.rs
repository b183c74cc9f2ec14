//! `cargo xtask bench-web`: the web app's figures that need a real browser and server (the time
//! from page load to a visible card, and at a venue from a QR text to the verdict, with the CPU
//! slowed down), printed for BENCHMARKS.md.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::{run_cmd, tools, web};

pub fn run(root: &Path) -> Result<()> {
    let web_dir = web::build(root)?;
    let server_bin = crate::build_server(root)?;
    let data = std::env::temp_dir().join(format!("ak-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let mut server = Command::new(server_bin)
        .args(["--bind", "127.0.0.1:0", "--demo", "--data-dir"])
        .arg(&data)
        .arg("--web-dir")
        .arg(&web_dir)
        .env("AK_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .context("could not start the server")?;
    let result = (|| {
        let (base, admin, venue) = read_demo_start(server.stdout.take().context("no stdout")?)?;
        let chromium = crate::system::chromium()?;
        let browser_dir = root.join("tests").join("browser");
        tools::npm_ci(&browser_dir)?;
        run_cmd(
            Command::new("node")
                .current_dir(&browser_dir)
                .arg("bench/card-load.mjs")
                .env("BASE_URL", base)
                .env("ADMIN_KEY", admin)
                .env("VENUE_KEY", venue)
                .env("CHROMIUM_PATH", chromium),
        )
    })();
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&data);
    result
}

/// The server's address and the demo admin and venue keys, from what a demo start prints.
fn read_demo_start(stdout: impl std::io::Read) -> Result<(String, String, String)> {
    let (mut base, mut venue) = (None, None);
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        if let Some(at) = line.find("http://") {
            base = line[at..].split_whitespace().next().map(str::to_owned);
        }
        if let Some(key) = line.trim_start().strip_prefix("venue key") {
            venue = Some(key.trim().to_owned());
        }
        if let Some(key) = line.trim_start().strip_prefix("admin key") {
            let base = base.context("the server printed no address")?;
            let venue = venue.context("the server printed no venue key")?;
            return Ok((base, key.trim().to_owned(), venue));
        }
    }
    bail!("the server stopped before printing the demo keys")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_address_and_the_demo_admin_key() {
        let out = "Aktivitetskortet is running on http://127.0.0.1:40123  (Ctrl-C stops it)\n\
                   Admin key, shown once (keep it safe): ak_admin_first\n\
                   Demo data (not real cards or offers):\n  venue key  ak_venue_x\n  admin key  ak_admin_demo\n";
        let (base, admin, venue) = read_demo_start(out.as_bytes()).unwrap();
        assert_eq!(base, "http://127.0.0.1:40123");
        assert_eq!(admin, "ak_admin_demo");
        assert_eq!(venue, "ak_venue_x");
        assert!(read_demo_start("nothing\n".as_bytes()).is_err());
    }
}
