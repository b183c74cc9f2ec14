//! `GET /healthz`: is the process up (nothing else, so it stays cheap for a liveness probe).
//! `GET /readyz`: should this instance get traffic: its database answers at the schema it was
//! built for, its key files can be read, and it is not draining for a stop.

use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::api::{Health, Readiness};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};

use crate::AppState;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(paths::HEALTHZ, get(healthz))
        .route(paths::READYZ, get(readyz))
}

async fn healthz() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let draining = state.lifecycle.is_draining();
    let keys = state.keys.clone();
    let checks = state
        .db
        .call(move |c| {
            let database = crate::store::ping(c).is_ok();
            let schema = database
                && crate::store::schema_version(c).ok() == Some(crate::store::SCHEMA_VERSION);
            let keys = match keys.check_files(c) {
                Ok(()) => true,
                Err(err) => {
                    tracing::warn!(%err, "not ready: the key files");
                    false
                }
            };
            Ok::<_, crate::store::DbError>((database, schema, keys))
        })
        .await;
    let (database, schema, keys) = checks.unwrap_or((false, false, false));
    let ready = database && schema && keys && !draining;
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(Readiness {
            ready,
            database,
            schema,
            keys,
            draining,
        }),
    )
}
