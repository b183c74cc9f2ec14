//! `cargo xtask bench-web`: the web apps' figures that need a real browser and server, printed in
//! one run for BENCHMARKS.md: page load to a visible card and a venue's QR text to verdict (CPU
//! slowed 4×); each app's first-visit bytes, a holder's first visit on a slow link, Lighthouse's
//! mobile figures; and, with wrk on loopback, wasm downloads and full catalogues per second as
//! ratios to the same server's `/healthz`; last, the phone's store at 108, 1,108 and 5,000 offers.
//! The server is a release build, as it would be deployed.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::{run_cmd, system, tools, web};

pub fn run(root: &Path) -> Result<()> {
    let web_dir = web::build_if_changed(root)?;
    run_cmd(crate::cargo().args([
        "build",
        "--release",
        "--locked",
        "--package",
        "aktivitetskortet-server",
    ]))?;
    let server_bin = crate::target_dir(root)
        .join("release")
        .join("aktivitetskortet-server");
    let data = std::env::temp_dir().join(format!("ak-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let mut server = Command::new(server_bin)
        .args([
            "--bind",
            "127.0.0.1:0",
            "--metrics-bind",
            "off",
            "--demo",
            "--data-dir",
        ])
        .arg(&data)
        .arg("--web-dir")
        .arg(&web_dir)
        .env("AK_LOG", "error")
        .stdout(Stdio::piped())
        .spawn()
        .context("could not start the server")?;
    let result = (|| {
        let (base, admin, venue) = read_demo_start(server.stdout.take().context("no stdout")?)?;
        let chromium = crate::system::chromium()?;
        let browser_dir = root.join("tests").join("browser");
        tools::npm_ci(&browser_dir)?;
        // Lighthouse lives apart from the tests' packages: only the bench installs it.
        tools::npm_ci(&browser_dir.join("bench"))?;
        for script in ["bench/card-load.mjs", "bench/apps-load.mjs"] {
            run_cmd(
                Command::new("node")
                    .current_dir(&browser_dir)
                    .arg(script)
                    .env("BASE_URL", &base)
                    .env("ADMIN_KEY", &admin)
                    .env("VENUE_KEY", &venue)
                    .env("CHROMIUM_PATH", &chromium),
            )?;
        }
        loads(&base, &web_dir)?;
        // Last: it grows the server's catalogue to 5,000 offers.
        run_cmd(
            Command::new("node")
                .current_dir(&browser_dir)
                .arg("bench/store-sizes.mjs")
                .env("BASE_URL", &base)
                .env("ADMIN_KEY", &admin)
                .env("CHROMIUM_PATH", &chromium),
        )
    })();
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&data);
    result
}

/// Requests per second on loopback (wrk, 2 threads, 32 connections, 10 s each), for the
/// holder's wasm as brotli, the full catalogue as gzip and brotli, and `/healthz` in the same
/// run: the first two as ratios to the third, so the machine's speed cancels out.
fn loads(base: &str, web_dir: &Path) -> Result<()> {
    system::ensure(&[&system::WRK])?;
    let wasm = std::fs::read_dir(web_dir.join("assets"))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.starts_with("holder_bg-dxh") && n.ends_with(".wasm"))
        .context("no holder wasm in the build")?;
    let cases = [
        ("/healthz", "/healthz", None),
        ("holder wasm (br)", &*format!("/assets/{wasm}"), Some("br")),
        (
            "holder wasm (gzip)",
            &*format!("/assets/{wasm}"),
            Some("gzip"),
        ),
        ("full catalogue (gzip)", "/api/v1/catalogue", Some("gzip")),
        ("full catalogue (br)", "/api/v1/catalogue", Some("br")),
    ];
    println!("requests per second on loopback (wrk -t2 -c32 -d10s), as ratios to /healthz:");
    let mut healthz = None;
    for (what, path, encoding) in cases {
        let mut cmd = Command::new("wrk");
        cmd.args(["-t2", "-c32", "-d10s"]);
        if let Some(encoding) = encoding {
            cmd.args(["-H", &format!("Accept-Encoding: {encoding}")]);
        }
        let out = cmd
            .arg(format!("{base}{path}"))
            .output()
            .context("could not run wrk")?;
        let text = String::from_utf8_lossy(&out.stdout);
        let rate = requests_per_second(&text)
            .with_context(|| format!("wrk printed no rate for {path}: {text}"))?;
        let base_rate = *healthz.get_or_insert(rate);
        println!(
            "  {what:<28} {rate:>10.0} /s  {:>6.3} × /healthz",
            rate / base_rate
        );
    }
    Ok(())
}

/// `Requests/sec:  1234.56` in wrk's report.
fn requests_per_second(report: &str) -> Option<f64> {
    report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Requests/sec:"))
        .and_then(|n| n.trim().parse().ok())
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

    #[test]
    fn reads_the_rate_from_wrks_report() {
        let report = "Running 10s test @ http://127.0.0.1:1/healthz\n  2 threads and 32 connections\n\
                      Requests/sec:  31612.40\nTransfer/sec:      4.85MB\n";
        assert_eq!(requests_per_second(report), Some(31612.40));
        assert_eq!(requests_per_second("no rate"), None);
    }
}
