//! The server's integration tests: one binary, one module per area (see util.rs for helpers).

mod api;
mod audit;
mod backup;
mod binary;
mod days;
mod family;
mod health;
mod instances;
mod key_move;
mod keys;
mod limits;
mod live;
mod metrics;
mod migrate;
mod oidc;
mod oidc_providers;
mod openapi;
mod openapi_limits;
mod openapi_visit_rules;
mod privacy;
mod providers;
mod retention;
mod routing;
mod util;
mod visit_limits;
mod visits;
