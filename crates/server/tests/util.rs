//! Helpers shared by the server's integration tests: a temporary data and web directory, the
//! router for socket-less tests, and a real server on 127.0.0.1:0 that stops when dropped.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use aktivitetskortet_server::{AppState, Config};
use axum::body::Body;
use axum::http::{Request, Response};
use http_body_util::BodyExt;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tower::ServiceExt;

pub const INDEX_HTML: &str =
    "<!doctype html><html lang=\"nb\"><title>Aktivitetskortet</title></html>";
/// Venue mode's page and the admin area's, as the web build names them.
pub const VENUE_HTML: &str = "<!doctype html><title>Kortkontroll</title>";
pub const ADMIN_HTML: &str = "<!doctype html><title>Administrasjon</title>";
/// The wasm's bytes, which the fake build also holds precompressed.
pub fn wasm_bytes() -> Vec<u8> {
    b"\0asm".repeat(2048)
}

/// A data directory and a small fake web build, both removed on drop.
pub struct Fixture {
    _tmp: TempDir,
    pub config: Config,
}

impl Fixture {
    pub fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let web = tmp.path().join("web");
        std::fs::create_dir_all(web.join("assets")).unwrap();
        std::fs::create_dir_all(web.join("wasm")).unwrap();
        std::fs::write(web.join("index.html"), INDEX_HTML).unwrap();
        std::fs::write(web.join("assets/main-dxh0123abcd.css"), "body{margin:0}").unwrap();
        std::fs::write(web.join("sted.html"), VENUE_HTML).unwrap();
        std::fs::write(web.join("admin.html"), ADMIN_HTML).unwrap();
        // With its precompressed copies, as `cargo xtask web` writes them.
        let wasm = wasm_bytes();
        std::fs::write(web.join("wasm/app_bg.wasm"), &wasm).unwrap();
        let mut br = Vec::new();
        brotli::BrotliCompress(&mut &wasm[..], &mut br, &Default::default()).unwrap();
        std::fs::write(web.join("wasm/app_bg.wasm.br"), br).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gz, &wasm).unwrap();
        std::fs::write(web.join("wasm/app_bg.wasm.gz"), gz.finish().unwrap()).unwrap();
        std::fs::write(web.join("wasm/app.js"), "export default 1;\n".repeat(200)).unwrap();
        let config = local_config(tmp.path().join("data"), web);
        Self { _tmp: tmp, config }
    }

    pub fn data_dir(&self) -> &Path {
        &self.config.data_dir
    }

    pub fn web_dir(&self) -> PathBuf {
        self.config.web_dir.clone()
    }

    pub fn state(&self) -> AppState {
        AppState::open(&self.config).unwrap()
    }

    /// The state with a manual clock set to `now`, for tests that step over expiry times.
    pub fn state_at(&self, now: u64) -> AppState {
        let clock = aktivitetskortet_server::Clock::Manual(std::sync::Arc::new(
            std::sync::atomic::AtomicU64::new(now),
        ));
        AppState::open_with_clock(&self.config, clock).unwrap()
    }
}

/// Whether this run of the suite is on PostgreSQL: `AK_TEST_POSTGRES` holds the connection
/// settings of a throwaway cluster (`host=… port=… user=…`, no `dbname`), which `cargo xtask
/// test` starts. Every data directory then gets a database of its own there.
pub fn on_postgres() -> bool {
    std::env::var_os("AK_TEST_POSTGRES").is_some()
}

/// `Config::local`, on this run's engine: on PostgreSQL with the data directory's own database.
pub fn local_config(data_dir: PathBuf, web_dir: PathBuf) -> Config {
    let mut config = Config::local(data_dir, web_dir);
    config.database_url = database_for(&config.data_dir);
    config
}

/// The environment for the server binary run on `data_dir`: its database, on PostgreSQL.
pub fn database_env(data_dir: &Path) -> Vec<(&'static str, String)> {
    database_for(data_dir)
        .map(|url| vec![("AK_DATABASE_URL", url)])
        .unwrap_or_default()
}

/// The PostgreSQL database that stands for `data_dir`'s SQLite file, made on first use.
fn database_for(data_dir: &Path) -> Option<String> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicU32, Ordering};
    static MADE: Mutex<Vec<(PathBuf, String)>> = Mutex::new(Vec::new());
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let base = std::env::var("AK_TEST_POSTGRES").ok()?;
    let mut made = MADE.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, url)) = made.iter().find(|(dir, _)| dir == data_dir) {
        return Some(url.clone());
    }
    let name = format!(
        "ak_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    );
    let admin = format!("{base} dbname=postgres");
    let create = format!("CREATE DATABASE {name}");
    // On a thread of its own: this may be called from async tests, where waiting is not allowed.
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let (client, connection) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
                .await
                .expect("the test cluster in AK_TEST_POSTGRES");
            tokio::spawn(connection);
            client.batch_execute(&create).await.unwrap();
        });
    })
    .join()
    .unwrap();
    let url = format!("{base} dbname={name}");
    made.push((data_dir.to_owned(), url.clone()));
    Some(url)
}

/// Runs the server binary with `args` and `env` (and no database URL from this process's own
/// environment); returns whether it succeeded and what it printed.
pub fn run_server(args: &[&str], env: &[(&'static str, String)]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_aktivitetskortet-server"))
        .args(args)
        .env_remove("AK_DATABASE_URL")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// The server binary serving `tmp/data` on a free loopback port (no web build), its database on
/// this run's engine, with `args` and `AK_LOG=info`; returns the process and the address its
/// first line on stdout gave.
pub fn spawn_server(tmp: &Path, args: &[&str]) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let (child, stdout) = spawn_server_piped(tmp, args);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    (child, url)
}

/// The server binary as [`spawn_server`] starts it (metrics on a free port too, unless `args`
/// say where), and its stdout to read.
pub fn spawn_server_piped(
    tmp: &Path,
    args: &[&str],
) -> (std::process::Child, std::process::ChildStdout) {
    let data_dir = tmp.join("data");
    let metrics: &[&str] = if args.contains(&"--metrics-bind") {
        &[]
    } else {
        &["--metrics-bind", "127.0.0.1:0"]
    };
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_aktivitetskortet-server"))
        .args(["--bind", "127.0.0.1:0", "--web-dir"])
        .arg(tmp.join("no-web-build"))
        .arg("--data-dir")
        .arg(&data_dir)
        .args(metrics)
        .args(args)
        .env_remove("AK_DATABASE_URL")
        .envs(database_env(&data_dir))
        .env("AK_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    (child, stdout)
}

/// The server binary serving `tmp/data` (as [`spawn_server_piped`] starts it), with what its
/// first lines said: its address, its metrics address, and on a `fresh` data directory the first
/// admin key (empty otherwise). Killed when dropped.
pub struct Served {
    pub child: std::process::Child,
    pub url: String,
    pub metrics: String,
    pub admin: String,
}

impl Served {
    pub fn start(tmp: &Path, args: &[&str], fresh: bool) -> Served {
        use std::io::{BufRead, BufReader};
        let (child, stdout) = spawn_server_piped(tmp, args);
        let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
        let mut next = || lines.next().expect("a line from the server");
        let url_of = |line: &str| {
            line.split_whitespace()
                .find(|w| w.starts_with("http://127.0.0.1:"))
                .unwrap_or_else(|| panic!("no address in {line:?}"))
                .to_owned()
        };
        let url = url_of(&next());
        let metrics_line = next();
        assert!(metrics_line.starts_with("Metrics on "), "{metrics_line}");
        let metrics = url_of(&metrics_line);
        let admin = if fresh {
            let line = next();
            line.split_whitespace()
                .last()
                .filter(|key| key.starts_with("ak_admin_"))
                .unwrap_or_else(|| panic!("no admin key in {line:?}"))
                .to_owned()
        } else {
            String::new()
        };
        // Nobody reads stdout after this: the server's later lines must not fill the pipe.
        std::thread::spawn(move || for _ in lines {});
        Served {
            child,
            url,
            metrics,
            admin,
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first column of every row of `sql`, on the database `config` names.
pub fn query_column(config: &Config, sql: &str) -> Vec<String> {
    let db = aktivitetskortet_server::Database::open_at(&config.database(), 1).unwrap();
    db.blocking(|c| c.query_map(sql, aktivitetskortet_server::params![], |r| r.get(0)))
        .unwrap()
}

/// Sends one request through the router, without a socket.
pub async fn oneshot(state: AppState, req: Request<Body>) -> Response<Body> {
    aktivitetskortet_server::router(state)
        .oneshot(req)
        .await
        .unwrap()
}

pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

pub async fn body_bytes(res: Response<Body>) -> Vec<u8> {
    res.into_body().collect().await.unwrap().to_bytes().to_vec()
}

pub async fn body_text(res: Response<Body>) -> String {
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The real server on a free loopback port; stopped (gracefully) when dropped.
pub struct LiveServer {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

impl LiveServer {
    pub async fn start(config: &Config) -> Self {
        let state = AppState::open(config).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(aktivitetskortet_server::serve(listener, state, async {
            let _ = stopped.await;
        }));
        Self {
            addr,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops the server and waits until it has finished, as Ctrl-C would.
    pub async fn shutdown(mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.task.take().unwrap().await.unwrap().unwrap();
    }
}

impl Drop for LiveServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
