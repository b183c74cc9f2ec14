//! `cargo xtask`: one command each to build the web app, run the product and run every test, on a
//! machine that has only the Rust toolchain, gcc, Python and Node. It installs what is missing
//! (rustup target, dx, wasm-bindgen, wasm-opt, esbuild, Chromium, npm packages) and says what it is
//! doing.

mod bench;
mod compress;
mod desktop;
mod postgres;
mod pwa;
mod system;
mod tools;
mod web;
mod webapps;
mod words;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  web            build the web app with dx into dist/web and print its size
  run [ARGS..]   build the web app (when its sources changed), then run the server with demo
                 data on http://127.0.0.1:8080 (ARGS go to the server)
  desktop [ARGS..]
                 build the desktop app with dx and start it against a local server with demo
                 data (ARGS go to the server)
  test           run every test: the Rust tests, the browser tests in Chromium, and the
                 client store's wasm tests in headless Chromium
  browser-test [ARGS..]
                 only the browser tests (needs `cargo xtask web` first); ARGS go to Playwright
  bench-server   the server on SQLite and on PostgreSQL side by side (catalogue GETs,
                 activations, refreshes, check-ins per second, as ratios to /healthz)
  bench-web      the web app's figures in a real browser (page load to visible card, QR text
                 to verdict at a venue; CPU slowed 4×), for BENCHMARKS.md
  tools          install the build tools the web build needs, and print where they are

environment:
  AK_TOOLS_DIR   where tools are installed (default: ~/.cache/aktivitetskortet/tools)";

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let task = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    let root = workspace_root();
    std::env::set_current_dir(&root)?;
    match task.as_str() {
        "web" => web::build(&root).map(drop),
        // `cargo xtask run -- --bind …`: the `--` separates xtask's arguments from the server's.
        "run" => run(
            &root,
            rest.strip_prefix(&["--".to_owned()]).unwrap_or(&rest),
        ),
        "desktop" => desktop::run(
            &root,
            rest.strip_prefix(&["--".to_owned()]).unwrap_or(&rest),
        ),
        "test" => test(&root),
        "browser-test" => browser_test(&root, &rest),
        "bench-web" => bench::run(&root),
        "bench-server" => bench_server(),
        "tools" => {
            let t = tools::Tools::ensure_web(&root)?;
            println!("{t}");
            Ok(())
        }
        "" | "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown task {other:?}\n\n{USAGE}"),
    }
}

fn run(root: &Path, server_args: &[String]) -> Result<()> {
    let web_dir = web::build_if_changed(root)?;
    let mut cmd = Command::new(build_server(root)?);
    cmd.arg("--web-dir")
        .arg(&web_dir)
        // The product as a visitor should see it: the demo catalogue, cards and keys.
        .arg("--demo")
        .args(server_args);
    println!("xtask: starting the server (Ctrl-C stops it)");
    exec(cmd)
}

/// Becomes the server, so Ctrl-C (or a supervisor's SIGINT) reaches it alone and its exit status
/// is the command's: no xtask process is left in between to be killed first.
#[cfg(unix)]
fn exec(mut cmd: Command) -> Result<()> {
    use std::os::unix::process::CommandExt;
    let err = cmd.exec();
    Err(err).with_context(|| format!("could not start {cmd:?}"))
}

#[cfg(not(unix))]
fn exec(mut cmd: Command) -> Result<()> {
    run_cmd(&mut cmd)
}

/// Builds the server binary that `run`, `desktop`, the browser tests and the benchmarks start.
/// `cargo test --workspace` builds its own variant for the server's integration tests (the
/// dev-dependencies change some crates' builds), so `test` builds this one too (a few seconds
/// more): then the browser tests run the very binary `run` starts, and `run` after `test`
/// compiles nothing.
pub(crate) fn build_server(root: &Path) -> Result<PathBuf> {
    run_cmd(cargo().args([
        "build",
        "--workspace",
        "--locked",
        "--bin",
        "aktivitetskortet-server",
    ]))?;
    Ok(server_bin(root))
}

/// Where `cargo build` and `cargo test` put the server binary.
pub(crate) fn server_bin(root: &Path) -> PathBuf {
    target_dir(root)
        .join("debug")
        .join("aktivitetskortet-server")
}

fn test(root: &Path) -> Result<()> {
    // All the tests need from the system, in one apt-get run, before the long builds: a machine
    // that cannot install them says so at once, not after twenty minutes of compiling.
    let mut needs = vec![
        &system::CLANG,
        &system::CHROMEDRIVER,
        &postgres::POSTGRES,
        &system::PROMTOOL,
    ];
    if std::env::var_os("CHROMIUM_PATH").is_none() {
        needs.push(&system::CHROMIUM);
    }
    system::ensure(&needs)?;
    // The web build first: a broken wasm build should fail fast, before the long native tests.
    web::build_if_changed(root)?;
    // The server's sign-in tests run a real OpenID provider (npm's oidc-provider) from here.
    let provider = oidc_provider(root)?;
    // The metrics test requires promtool when this is set, rather than skip its check; the
    // sign-in tests require the provider.
    run_cmd(
        cargo()
            .args(["test", "--workspace", "--locked"])
            .env("AK_PROMTOOL", "/usr/bin/promtool")
            .env("AK_OIDC_PROVIDER", &provider),
    )?;
    // The server's suite once more on PostgreSQL, and the journeys there: SQLite, the default,
    // is what the run above and the README's run command use.
    let cluster = postgres::Cluster::start()?;
    run_server_suite_on_postgres(root, &cluster)?;
    build_server(root)?;
    let journeys = cluster.create_database("ak_journeys")?;
    run_browser_tests(root, &[], Some(&journeys))?;
    drop(cluster);
    run_wasm_store_tests(root)
}

/// The test identity provider's script, its npm packages installed (`tests/oidc`).
fn oidc_provider(root: &Path) -> Result<PathBuf> {
    let dir = root.join("tests").join("oidc");
    tools::npm_ci(&dir)?;
    Ok(dir.join("provider.mjs"))
}

/// `cargo xtask bench-server`: the server's engines bench (`crates/server/benches/engines.rs`)
/// with a durable PostgreSQL cluster beside SQLite.
fn bench_server() -> Result<()> {
    let cluster = postgres::Cluster::start_durable()?;
    let url = cluster.create_database("ak_bench")?;
    run_cmd(
        cargo()
            .args([
                "bench",
                "--locked",
                "-p",
                "aktivitetskortet-server",
                "--bench",
                "engines",
            ])
            .env("AK_BENCH_POSTGRES", url)
            .env("AK_LOG", "error"),
    )
}

/// The server's integration tests (the binary `cargo test` built above, so nothing compiles
/// again) with `AK_TEST_POSTGRES` set: every test's data directory gets a database of its own in
/// the cluster.
fn run_server_suite_on_postgres(root: &Path, cluster: &postgres::Cluster) -> Result<()> {
    let out = cargo()
        .args([
            "test",
            "--workspace",
            "--locked",
            "--no-run",
            "--message-format=json",
        ])
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("could not ask cargo for the server's test binary")?;
    let binary = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|m| {
            m["reason"] == "compiler-artifact"
                && m["target"]["name"] == "integration"
                && m["package_id"]
                    .as_str()
                    .is_some_and(|id| id.contains("crates/server"))
        })
        .and_then(|m| m["executable"].as_str().map(PathBuf::from))
        .context("cargo built no integration test binary for the server")?;
    println!(
        "xtask: the server's tests on PostgreSQL ({})",
        cluster.settings()
    );
    run_cmd(
        Command::new(binary)
            .current_dir(root.join("crates").join("server"))
            .env("AK_TEST_POSTGRES", cluster.settings())
            .env("AK_PG_BIN", cluster.bin_dir())
            .env("AK_OIDC_PROVIDER", oidc_provider(root)?)
            .env("AK_PROMTOOL", "/usr/bin/promtool"),
    )
}

/// The client crate's store code compiled to wasm and run in headless Chromium, the way the
/// web app runs it (`crates/client/tests/web.rs`).
fn run_wasm_store_tests(root: &Path) -> Result<()> {
    let tools = tools::Tools::ensure_web(root)?;
    let chromedriver = system::chromedriver()?;
    println!("xtask: the client's store in the browser (wasm-bindgen-test, headless Chromium)");
    run_cmd(
        cargo()
            .args(["test", "--locked", "--package", "aktivitetskortet-client"])
            .args(["--target", "wasm32-unknown-unknown", "--test", "web"])
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                tools.wasm_test_runner(),
            )
            .env("CHROMEDRIVER", chromedriver)
            .env("PATH", tools.path_env()?),
    )
}

fn browser_test(root: &Path, playwright_args: &[String]) -> Result<()> {
    let web_dir = root.join(web::DIST_DIR);
    if !web_dir.join("index.html").is_file() {
        bail!(
            "{} has no built app; run `cargo xtask web` first",
            web_dir.display()
        );
    }
    // The verify-qr example, which `cargo test` builds, reads the card's QR code in a journey.
    run_cmd(cargo().args(["test", "--workspace", "--locked", "--no-run"]))?;
    build_server(root)?;
    run_browser_tests(root, playwright_args, None)
}

/// Runs Playwright against the server binary [`build_server`] made. Arguments after
/// `browser-test` go to Playwright (a spec file, `--grep`). With `database_url` the server runs
/// on that PostgreSQL database instead of SQLite.
fn run_browser_tests(
    root: &Path,
    playwright_args: &[String],
    database_url: Option<&str>,
) -> Result<()> {
    let web_dir = root.join(web::DIST_DIR);
    let server_bin = server_bin(root);
    // `cargo test` builds the examples too: this one reads a card's QR code from a screenshot
    // and verifies it the way a venue does.
    let verify_qr = target_dir(root)
        .join("debug")
        .join("examples")
        .join("verify-qr");
    let chromium = system::chromium()?;
    let browser_dir = root.join("tests").join("browser");
    tools::npm_ci(&browser_dir)?;
    // global-setup.mjs starts the test identity provider for the staff sign-in journeys.
    oidc_provider(root)?;
    let mut cmd = Command::new("npx");
    cmd.current_dir(&browser_dir)
        .args(["playwright", "test"])
        .args(playwright_args)
        .env("AK_SERVER_BIN", &server_bin)
        .env("AK_VERIFY_QR_BIN", &verify_qr)
        .env("AK_WEB_DIR", &web_dir)
        .env("CHROMIUM_PATH", &chromium);
    if let Some(url) = database_url {
        println!("xtask: the browser journeys on PostgreSQL");
        cmd.env("AK_DATABASE_URL", url);
    }
    let result = run_cmd(&mut cmd);
    println!(
        "xtask: screenshots in {}",
        browser_dir.join("artifacts").display()
    );
    result
}

pub(crate) fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

pub(crate) fn run_cmd(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed: {status}");
    }
    Ok(())
}

fn workspace_root() -> PathBuf {
    // crates/xtask -> the repository root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("xtask lives two levels below the root")
        .to_path_buf()
}

pub(crate) fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}
