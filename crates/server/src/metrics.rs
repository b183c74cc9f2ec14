//! The server's metrics in Prometheus's text format, served at `GET /metrics` on their own address.
//!
//! Counters move as requests are answered (one middleware sees every response, the check-in
//! upload counts its lines); gauges that describe the database (its size, the lists' sequence
//! numbers and ages) are read when scraped. Labels are route templates, statuses, outcomes and
//! error codes: never a card id, a name, an address or a raw path, so neither a holder nor an
//! unbounded number of series can appear here. Each instance counts what it served; Prometheus
//! scrapes every instance and sums.

use std::sync::Arc;
use std::time::Instant;

use aktivitetskortet_core::api::paths;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::{Registry, Unit};

use crate::error::ErrorReason;
use crate::store::{self, Conn, DbResult};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
    reason: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabels {
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DecisionLabels {
    decision: &'static str,
}

/// What one upload's check-ins did at visit limits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct AtLimits {
    /// Let in by staff at a limit.
    pub overrides: u64,
    /// Refused by staff at a limit.
    pub refusals: u64,
    /// Visits found over a limit only when uploaded (two offline desks).
    pub found_over: u64,
}

impl std::ops::AddAssign for AtLimits {
    fn add_assign(&mut self, other: AtLimits) {
        self.overrides += other.overrides;
        self.refusals += other.refusals;
        self.found_over += other.found_over;
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ListLabels {
    list: &'static str,
}

fn latency_histogram() -> Histogram {
    // 0.5 ms to about 8 s: a 304 answers in well under a millisecond, a year's statistics in
    // seconds.
    Histogram::new(exponential_buckets(0.000_5, 2.0, 15))
}

/// Every metric of one instance.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    catalogue: Family<StatusLabels, Counter>,
    activations: Family<OutcomeLabels, Counter>,
    refreshes: Family<OutcomeLabels, Counter>,
    checkins: Family<OutcomeLabels, Counter>,
    at_limits: Family<DecisionLabels, Counter>,
    retention_runs: Family<OutcomeLabels, Counter>,
    list_sequence: Family<ListLabels, Gauge>,
    list_age: Family<ListLabels, Gauge>,
    database_size: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("aktivitetskortet");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route template and status",
            requests.clone(),
        );
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        registry.register_with_unit(
            "http_request_duration",
            "Time to answer a request (until the response's head), by route template",
            Unit::Seconds,
            latency.clone(),
        );
        let catalogue = Family::<StatusLabels, Counter>::default();
        registry.register(
            "catalogue_responses",
            "Catalogue answers by status: 304 when the phone's copy is current, 200 with a new one",
            catalogue.clone(),
        );
        let activations = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "activations",
            "Card activations, ok or refused, with the error code as the reason",
            activations.clone(),
        );
        let refreshes = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "refreshes",
            "Credential refreshes, ok or refused, with the verifier's or the error's reason",
            refreshes.clone(),
        );
        let checkins = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "checkins",
            "Uploaded check-ins: accepted, duplicate (already stored) or refused (with the reason)",
            checkins.clone(),
        );
        let at_limits = Family::<DecisionLabels, Counter>::default();
        registry.register(
            "checkins_at_limit",
            "Stored check-ins at a visit limit: let in anyway (override) or refused by staff, or found over the limit only on upload (found_over)",
            at_limits.clone(),
        );
        let retention_runs = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "retention_runs",
            "Runs of the retention job that deletes what is due, ok or failed",
            retention_runs.clone(),
        );
        let list_sequence = Family::<ListLabels, Gauge>::default();
        registry.register(
            "list_sequence",
            "Sequence number of the signed list held now (trust, revocation)",
            list_sequence.clone(),
        );
        let list_age = Family::<ListLabels, Gauge>::default();
        registry.register_with_unit(
            "list_age",
            "How long ago the signed list held now was signed",
            Unit::Seconds,
            list_age.clone(),
        );
        let database_size = Gauge::default();
        registry.register_with_unit(
            "database_size",
            "Size of the database (the SQLite file's pages, or PostgreSQL's database)",
            Unit::Bytes,
            database_size.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            catalogue,
            activations,
            refreshes,
            checkins,
            at_limits,
            retention_runs,
            list_sequence,
            list_age,
            database_size,
        }
    }
}

impl Metrics {
    /// Counts the check-ins of one upload.
    pub(crate) fn checkins(&self, accepted: u32, duplicates: u32, refused: &[&'static str]) {
        let count = |outcome, reason: &str, n: u64| {
            if n > 0 {
                let labels = OutcomeLabels {
                    outcome,
                    reason: reason.to_owned(),
                };
                self.checkins.get_or_create(&labels).inc_by(n);
            }
        };
        count("accepted", "", u64::from(accepted));
        count("duplicate", "", u64::from(duplicates));
        for reason in refused {
            count("refused", reason, 1);
        }
    }

    /// Counts what one stored upload did at visit limits.
    pub(crate) fn at_limits(&self, counted: AtLimits) {
        for (decision, n) in [
            ("override", counted.overrides),
            ("refused", counted.refusals),
            ("found_over", counted.found_over),
        ] {
            if n > 0 {
                self.at_limits
                    .get_or_create(&DecisionLabels { decision })
                    .inc_by(n);
            }
        }
    }

    /// Counts one run of the retention job.
    pub(crate) fn retention_run(&self, ok: bool) {
        let outcome = if ok { "ok" } else { "failed" };
        let labels = OutcomeLabels {
            outcome,
            reason: String::new(),
        };
        self.retention_runs.get_or_create(&labels).inc();
    }

    /// Counts one answered request.
    fn answered(&self, method: &Method, route: String, response: &Response, seconds: f64) {
        let status = response.status().as_u16();
        if route == paths::CATALOGUE {
            self.catalogue.get_or_create(&StatusLabels { status }).inc();
        }
        let outcome = || {
            let reason = response.extensions().get::<ErrorReason>();
            let (outcome, reason) = match reason {
                None => ("ok", String::new()),
                Some(ErrorReason(why)) => ("refused", why.to_ascii_lowercase()),
            };
            OutcomeLabels { outcome, reason }
        };
        if route == paths::ACTIVATE {
            self.activations.get_or_create(&outcome()).inc();
        } else if route == paths::REFRESH {
            self.refreshes.get_or_create(&outcome()).inc();
        }
        self.latency
            .get_or_create(&RouteLabels {
                route: route.clone(),
            })
            .observe(seconds);
        let labels = RequestLabels {
            method: method_label(method),
            route,
            status,
        };
        self.requests.get_or_create(&labels).inc();
    }

    /// Reads the gauges from the database, then writes everything in the text format.
    fn render(&self, conn: &mut Conn, now: u64) -> DbResult<String> {
        self.database_size.set(store::size_bytes(conn)? as i64);
        for list in [crate::lists::TRUST, crate::lists::REVOCATION] {
            let labels = ListLabels { list };
            if let Some(held) = store::keys::signed_list(conn, list)? {
                self.list_sequence
                    .get_or_create(&labels)
                    .set(held.sequence as i64);
                self.list_age
                    .get_or_create(&labels)
                    .set(now.saturating_sub(held.issued_at) as i64);
            }
        }
        let mut text = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry)
            .map_err(|e| store::DbError::Other(anyhow::anyhow!("encoding the metrics: {e}")))?;
        Ok(text)
    }
}

/// Methods outside the few the API uses are counted together, so a client cannot make series.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The route a request is counted under: its API route's template, or `web` for the web app's
/// files (whose paths are the build's, but a client could ask for any path at all).
fn route_label(req: &Request) -> String {
    match req.extensions().get::<MatchedPath>() {
        Some(route) => route.as_str().to_owned(),
        None => "web".to_owned(),
    }
}

/// The middleware that counts every response of the main router.
pub(crate) async fn track(
    State(metrics): State<Arc<Metrics>>,
    req: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let route = route_label(&req);
    let response = next.run(req).await;
    metrics.answered(&method, route, &response, started.elapsed().as_secs_f64());
    response
}

/// `GET /metrics`, on the metrics address only.
async fn serve_metrics(State(state): State<crate::AppState>) -> Response {
    let metrics = state.metrics.clone();
    let now = state.clock.now();
    match state.db.call(move |c| metrics.render(c, now)).await {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    prometheus_client::encoding::prometheus_text::CONTENT_TYPE,
                ),
            )],
            text,
        )
            .into_response(),
        Err(err) => crate::ApiError::from(err).into_response(),
    }
}

/// The metrics address's router: `/metrics` and nothing else.
pub fn router(state: crate::AppState) -> axum::Router {
    axum::Router::new()
        .route(paths::METRICS, axum::routing::get(serve_metrics))
        .with_state(state)
}
