//! Stopping: Ctrl-C stops at once (someone at a terminal); SIGTERM (systemd, a container
//! orchestrator) first drains: `/readyz` answers 503 for the grace period so the load balancer
//! sends nothing new, requests keep being served meanwhile, then the server finishes the requests
//! in flight and stops.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Whether this instance is draining. Cheap to clone; shared by the state and the stop task.
#[derive(Clone, Default)]
pub struct Lifecycle {
    draining: Arc<AtomicBool>,
}

impl Lifecycle {
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }

    /// From now on `/readyz` answers 503.
    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }
}

/// How the server was asked to stop.
enum Stop {
    Interrupt,
    Terminate,
}

/// Resolves when the server should stop taking connections: at once after Ctrl-C, `grace` after
/// SIGTERM (draining meanwhile).
pub async fn stop(lifecycle: Lifecycle, grace: Duration) {
    match signal().await {
        Stop::Interrupt => tracing::info!("shutting down"),
        Stop::Terminate => {
            lifecycle.start_draining();
            tracing::info!(
                grace_seconds = grace.as_secs(),
                "draining: /readyz answers 503, then shutting down"
            );
            tokio::time::sleep(grace).await;
            tracing::info!("shutting down");
        }
    }
}

async fn signal() -> Stop {
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
        () = ctrl_c => Stop::Interrupt,
        () = terminate => Stop::Terminate,
    }
}
