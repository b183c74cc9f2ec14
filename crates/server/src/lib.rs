//! Aktivitetskortet's backend: the HTTP API the app syncs with, and the host of the web build.
//!
//! This crate owns the server's configuration, its storage (`store`: SQLite in the data directory
//! by default, or PostgreSQL), the router and its handlers. Domain types and wire bodies come
//! from `aktivitetskortet-core` so that the app and the server cannot drift apart; this crate must
//! not define its own copies of them, and must not contain UI code beyond serving the built app.
//!
//! `router` builds the whole app from a state so tests can drive it without a socket, and `serve`
//! takes an already bound listener so tests can run the real server on `127.0.0.1:0`.

mod admin;
mod audit;
mod auth;
mod backup;
mod cards;
mod catalogue;
mod commands;
mod config;
mod demo;
mod encoding;
mod error;
mod extract;
mod family;
mod headers;
mod health;
mod keys;
pub mod letter;
mod letters;
pub mod lifecycle;
mod limits;
mod list_keys;
mod lists;
mod metrics;
pub mod oidc;
mod openapi;
mod providers;
mod pseudonym;
pub mod retention;
mod secrets;
mod sessions;
mod settlement;
mod statistics;
pub mod store;
mod visit_limits;
mod visits;
mod web;

use std::future::Future;
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context;
use axum::Router;
use axum::routing::any;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

pub use config::{Command, Config};
pub use error::ApiError;
pub use store::Database;

/// The server's clock. Tests use a manual one to step over expiry times without waiting.
#[derive(Clone)]
pub enum Clock {
    System,
    Manual(Arc<AtomicU64>),
}

impl Clock {
    /// Unix seconds.
    pub fn now(&self) -> u64 {
        match self {
            Clock::System => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            Clock::Manual(t) => t.load(Ordering::SeqCst),
        }
    }

    /// Moves a manual clock; a system clock ignores it.
    pub fn set(&self, unix_seconds: u64) {
        if let Clock::Manual(t) = self {
            t.store(unix_seconds, Ordering::SeqCst);
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    pub clock: Clock,
    keys: Arc<keys::KeyStore>,
    limits: Arc<limits::Limits>,
    catalogue: Arc<catalogue::CatalogueCache>,
    public_url: String,
    web: Arc<web::WebApp>,
    headers: headers::SecurityHeaders,
    retention: retention::Rules,
    /// The identity provider staff sign in with, when set up.
    oidc: Option<Arc<oidc::Oidc>>,
    sessions: sessions::Timeouts,
    /// This instance's counters, served at `/metrics` on the metrics address.
    metrics: Arc<metrics::Metrics>,
    /// Whether the instance is draining for a stop (`/readyz` then answers 503).
    pub lifecycle: lifecycle::Lifecycle,
    /// Whether a provider's new offer waits for an admin's approval (`--provider-offers-go-live`
    /// turns it off).
    provider_offers_need_approval: bool,
}

impl AppState {
    /// Opens (creating on first start) the database and keys in `config.data_dir`.
    pub fn open(config: &Config) -> anyhow::Result<Self> {
        Self::open_with_clock(config, Clock::System)
    }

    pub fn open_with_clock(config: &Config, clock: Clock) -> anyhow::Result<Self> {
        let retention = config.retention()?;
        std::fs::create_dir_all(&config.data_dir).with_context(|| {
            format!(
                "could not create the data directory {}",
                config.data_dir.display()
            )
        })?;
        let db = Database::open_at(&config.database(), config.database_connections)?;
        let now = clock.now();
        let keys = db.blocking(|c| {
            keys::KeyStore::open(&config.data_dir, c, config.issuer_key.as_deref(), now)
        })?;
        let web = web::WebApp::new(config.web_dir.clone());
        if !web.is_built() {
            tracing::warn!(
                web_dir = %config.web_dir.display(),
                "the web app is not built there; run `cargo xtask web` (the API works without it)"
            );
        }
        let public_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", config.bind))
            .trim_end_matches('/')
            .to_owned();
        let oidc = config
            .oidc(&public_url)?
            .map(oidc::Oidc::new)
            .transpose()?
            .map(Arc::new);
        let sessions = sessions::Timeouts {
            idle: config.session_idle_minutes * 60,
            absolute: config.session_hours * 3_600,
        };
        let limits = Arc::new(limits::Limits::new(
            config.activations_per_address,
            config.trusted_proxies.clone(),
            &clock,
        ));
        Ok(Self {
            db,
            clock,
            keys: Arc::new(keys),
            limits,
            catalogue: Arc::default(),
            headers: headers::SecurityHeaders::new(&public_url, letter::STYLESHEET),
            public_url,
            web: Arc::new(web),
            retention,
            metrics: Arc::default(),
            oidc,
            sessions,
            lifecycle: lifecycle::Lifecycle::default(),
            provider_offers_need_approval: !config.provider_offers_go_live,
        })
    }

    /// The same state with other retention rules (checked), for tests of short periods.
    pub fn with_retention(mut self, rules: retention::Rules) -> Self {
        self.retention = rules;
        self
    }

    /// Deletes what the retention rules say is due now (see `retention.rs`).
    pub async fn run_retention(&self) -> anyhow::Result<retention::Deleted> {
        let (rules, now) = (self.retention, self.clock.now());
        self.db
            .call(move |c| retention::run(c, &rules, now).map_err(store::DbError::Other))
            .await
            .map_err(anyhow::Error::from)
    }

    /// Makes a new admin key (stored hashed) working for the default 90 days and returns it.
    pub fn create_admin_key(&self, label: &str) -> anyhow::Result<String> {
        self.create_admin_key_for(label, auth::ADMIN_KEY_DAYS)
    }

    /// Makes a new admin key for the person or office `label`, working for `days`; the audit
    /// log records it as done from the command line.
    pub fn create_admin_key_for(&self, label: &str, days: u32) -> anyhow::Result<String> {
        let now = self.clock.now();
        self.db.blocking(|c| {
            let mut tx = c.transaction()?;
            let (id, key) = auth::create_admin_key(&mut tx, label, days, now)?;
            audit::record(
                &mut tx,
                None,
                audit::Action::AdminKeyCreate,
                &id.to_string(),
                now,
            )?;
            tx.commit()?;
            Ok(key)
        })
    }

    /// Makes a new venue key for the given offers and returns it.
    pub fn create_venue_key(&self, name: &str, offer_ids: &[String]) -> anyhow::Result<String> {
        let now = self.clock.now();
        self.db
            .blocking(|c| auth::create_venue_key(c, name, offer_ids, now))
            .map(|(_, key)| key)
    }

    /// Loads the demo data when the database has no offers; returns what to print.
    pub fn load_demo(&self) -> anyhow::Result<demo::DemoKeys> {
        let now = self.clock.now();
        self.db.blocking(|c| demo::load(c, now))
    }

    /// Makes a new list key (see `list_keys.rs`); returns the old and the new key's ids.
    pub fn rotate_list_key(
        &self,
    ) -> anyhow::Result<(
        aktivitetskortet_core::token::Kid,
        aktivitetskortet_core::token::Kid,
    )> {
        let now = self.clock.now();
        self.db.blocking(|c| self.keys.rotate_list_key(c, now))
    }

    /// The public key that signs the trust and revocation lists.
    pub fn list_public_key(&self) -> aktivitetskortet_core::token::PublicKey {
        self.db
            .blocking(|c| self.keys.list_key(c))
            .expect("the list key, made at start")
            .public_key()
    }
}

/// The whole HTTP surface: the API under fixed paths, the web app for everything else.
pub fn router(state: AppState) -> Router {
    let web = web::router(state.web.clone());
    let security = state.headers.clone();
    let metrics = state.metrics.clone();
    Router::new()
        .merge(health::router())
        .merge(catalogue::router())
        .merge(cards::router())
        .merge(visits::router())
        .merge(visit_limits::router())
        .merge(headers::router())
        // The admin area's answers are large (every offer, a year's statistics) and rare, so
        // they are compressed per response; nothing a holder's phone asks for is: the catalogue
        // is compressed once per version, the web build's files when they are built.
        .merge(admin::router().layer(CompressionLayer::new()))
        .merge(statistics::router().layer(CompressionLayer::new()))
        .merge(audit::router().layer(CompressionLayer::new()))
        .merge(providers::router().layer(CompressionLayer::new()))
        .merge(family::router())
        .merge(sessions::router())
        .merge(openapi::router().layer(CompressionLayer::new()))
        .layer(axum::extract::DefaultBodyLimit::max(extract::JSON_LIMIT))
        // Unknown API paths must not fall through to the web app's index.html.
        .route("/api", any(error::api_not_found))
        .route("/api/{*rest}", any(error::api_not_found))
        .with_state(state)
        .merge(web)
        .layer(axum::middleware::from_fn_with_state(
            security,
            headers::security_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(metrics, metrics::track))
        .layer(
            // Spans carry the method and the route only: a path such as
            // `/api/v1/admin/cards/{id}/revoke` is logged as that template, never with the card
            // id in it, and query strings never: nothing that identifies a holder is logged.
            TraceLayer::new_for_http()
                .make_span_with(|req: &axum::http::Request<_>| {
                    tracing::info_span!("http", method = %req.method(), route = %log_route(req))
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
}

/// What the log says a request was for: the API route's template, or the web app's file (whose
/// paths name no one). An API path that matched no route is logged without its rest.
fn log_route<B>(req: &axum::http::Request<B>) -> String {
    if let Some(route) = req.extensions().get::<axum::extract::MatchedPath>() {
        return route.as_str().to_owned();
    }
    let path = req.uri().path();
    if path == "/api" || path.starts_with("/api/") {
        "/api/…".to_owned()
    } else {
        path.to_owned()
    }
}

/// Serves `router(state)` on `listener` until `shutdown` resolves, then finishes the requests in
/// flight.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    // The peer address feeds the activation rate limit.
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .context("the HTTP server failed")
}

/// Runs the server as the binary does: bind, say where, serve until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> anyhow::Result<()> {
    if let Some(command) = &config.command {
        return commands::run(&config, command);
    }
    let mut state = AppState::open(&config)?;
    let listener = TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("could not listen on {}", config.bind))?;
    let addr = listener.local_addr()?;
    if config.public_url.is_none() {
        // The bound address, not the requested one: port 0 becomes the real port.
        state.public_url = format!("http://{addr}");
    }
    tracing::info!(%addr, data_dir = %config.data_dir.display(), "listening");
    println!("Aktivitetskortet is running on http://{addr}  (Ctrl-C stops it)");
    let metrics = serve_metrics(&config, &state).await?;
    let now = state.clock.now();
    // A demo start prints the demo's admin key below: one key, not two.
    if !config.demo && state.db.blocking(|c| auth::admin_key_count(c, now))? == 0 {
        let key = state.create_admin_key("first start")?;
        say(&format!(
            "Admin key, shown once (keep it safe; `create-admin-key` makes another): {key}\n"
        ));
    }
    if config.demo {
        say(&state.load_demo()?.to_string());
    }
    retention::run_and_log(&state).await;
    tokio::spawn(retention::daily(state.clone()));
    let stop = lifecycle::stop(
        state.lifecycle.clone(),
        std::time::Duration::from_secs(config.shutdown_grace),
    );
    serve(listener, state, stop).await?;
    if let Some(metrics) = metrics {
        metrics.abort();
    }
    tracing::info!("stopped cleanly");
    Ok(())
}

/// Serves `/metrics` on `--metrics-bind` (unless `off`) until the main server stops; says where.
async fn serve_metrics(
    config: &Config,
    state: &AppState,
) -> anyhow::Result<Option<tokio::task::JoinHandle<()>>> {
    let Some(bind) = config.metrics_bind.0 else {
        return Ok(None);
    };
    let listener = TcpListener::bind(bind).await.with_context(|| {
        format!(
            "could not listen for metrics on {bind} (--metrics-bind: another address, or `off`)"
        )
    })?;
    let addr = listener.local_addr()?;
    say(&format!("Metrics on http://{addr}/metrics\n"));
    let router = metrics::router(state.clone());
    Ok(Some(tokio::spawn(async move {
        if let Err(err) = axum::serve(listener, router).await {
            tracing::error!(%err, "the metrics server failed");
        }
    })))
}

/// Tells the operator something on stdout. A closed stdout (a supervisor that stopped reading)
/// must not stop the server, so a failed write is logged, not fatal.
fn say(text: &str) {
    use std::io::Write;
    if let Err(err) = std::io::stdout().lock().write_all(text.as_bytes()) {
        tracing::warn!(%err, "could not write to stdout");
    }
}

/// Sets up structured logs; `AK_LOG` (e.g. `debug`, `aktivitetskortet_server=trace`) filters them.
pub fn init_tracing(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("AK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Logs go to stderr, so stdout carries only what the server says to its operator; colours
    // only on a terminal, so log files stay plain text.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
