//! `GET /healthz`: is the server up and can it reach its database.

use aktivitetskortet_core::api::Health;
use aktivitetskortet_core::api::paths;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

use crate::{ApiError, AppState};

pub(crate) fn router() -> Router<AppState> {
    Router::new().route(paths::HEALTHZ, get(healthz))
}

async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.db.call(crate::store::ping).await?;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}
