//! Aktivitetskortet's backend: the HTTP API the app syncs with, and the host of the web build.
//!
//! This crate owns the server's configuration, its SQLite database (one file in the data
//! directory, the embedded default), the router and its handlers. Domain types and wire bodies come
//! from `aktivitetskortet-core` so that the app and the server cannot drift apart; this crate must
//! not define its own copies of them, and must not contain UI code beyond serving the built app.
//!
//! `router` builds the whole app from a state so tests can drive it without a socket, and `serve`
//! takes an already bound listener so tests can run the real server on `127.0.0.1:0`.

mod config;
pub mod db;
mod error;
mod health;
mod web;

use std::future::Future;
use std::io::IsTerminal;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use axum::routing::any;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

pub use config::Config;
pub use db::Database;
pub use error::ApiError;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    web: Arc<web::WebApp>,
}

impl AppState {
    /// Opens (creating on first start) the database in `config.data_dir`.
    pub fn open(config: &Config) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&config.data_dir).with_context(|| {
            format!(
                "could not create the data directory {}",
                config.data_dir.display()
            )
        })?;
        let db = Database::open(&config.data_dir.join(db::FILE_NAME))?;
        let web = web::WebApp::new(config.web_dir.clone());
        if !web.is_built() {
            tracing::warn!(
                web_dir = %config.web_dir.display(),
                "the web app is not built there; run `cargo xtask web` (the API works without it)"
            );
        }
        Ok(Self {
            db,
            web: Arc::new(web),
        })
    }
}

/// The whole HTTP surface: the API under fixed paths, the web app for everything else.
pub fn router(state: AppState) -> Router {
    let web = web::router(state.web.clone());
    Router::new()
        .merge(health::router())
        // Unknown API paths must not fall through to the web app's index.html.
        .route("/api", any(error::api_not_found))
        .route("/api/{*rest}", any(error::api_not_found))
        .with_state(state)
        .merge(web)
        .layer(CompressionLayer::new())
        .layer(
            // Spans carry the method and the path only: query strings may one day carry codes,
            // and nothing that identifies a holder belongs in a log.
            TraceLayer::new_for_http()
                .make_span_with(|req: &axum::http::Request<_>| {
                    tracing::info_span!("http", method = %req.method(), path = %req.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
}

/// Serves `router(state)` on `listener` until `shutdown` resolves, then finishes the requests in
/// flight.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
        .context("the HTTP server failed")
}

/// Runs the server as the binary does: bind, say where, serve until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let state = AppState::open(&config)?;
    let listener = TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("could not listen on {}", config.bind))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, data_dir = %config.data_dir.display(), "listening");
    println!("Aktivitetskortet is running on http://{addr}  (Ctrl-C stops it)");
    serve(listener, state, shutdown_signal()).await?;
    tracing::info!("stopped cleanly");
    Ok(())
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

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(%err, "could not listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sig) => {
                sig.recv().await;
            }
            Err(err) => {
                tracing::error!(%err, "could not listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
