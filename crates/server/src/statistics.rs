//! The statistics API: reports for closed quarters and years only (`core::stats::period`), read
//! from the pseudonymous visits, with every small group hidden.

use aktivitetskortet_core::api::StatPeriods;
use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::calendar::{Date, bergen_date};
use aktivitetskortet_core::district::District;
use aktivitetskortet_core::offer::Category;
use aktivitetskortet_core::stats::{self, Period};
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::AppState;
use crate::audit::{self, Action};
use crate::auth::Staff;
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::store::{self, Conn};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(paths::ADMIN_STATS, get(stats_json))
        .route(paths::ADMIN_STATS_CSV, get(stats_csv))
        .route(paths::ADMIN_STATS_PERIODS, get(periods))
}

/// The query of a report. Free `from`/`to` dates (the old form) are refused by name: two ranges
/// could be subtracted from each other.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodQuery {
    period: Period,
}

/// A pseudonym as the opaque number statistics count distinct (a child counts once per year:
/// each year has its own pseudonyms).
fn holder_number(pseudonym: &[u8]) -> anyhow::Result<u64> {
    let first: [u8; 8] = pseudonym
        .get(..8)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| anyhow::anyhow!("a visit's pseudonym is too short"))?;
    Ok(u64::from_be_bytes(first))
}

/// Reads the visits in a period with what statistics need, and the refusals at a visit limit.
fn visits_in(
    conn: &mut Conn,
    period: Period,
) -> anyhow::Result<(Vec<stats::Visit>, Vec<stats::Refusal>)> {
    let titles = store::catalogue::titles(conn)?;
    let (first, last) = (
        period.first_day().to_string(),
        period.last_day().to_string(),
    );
    let rows = store::visits::visits_between(conn, &first, &last)?;
    let mut visits = Vec::new();
    for row in rows {
        let store::visits::CountedVisit {
            holder,
            offer_id,
            category,
            district,
            age,
            day,
            companion,
            over_limit,
            limit_override,
        } = row;
        let title = titles.get(&offer_id).cloned();
        let slug = |s: String| serde_json::Value::String(s);
        visits.push(stats::Visit {
            holder: holder_number(&holder)?,
            offer_title: title.unwrap_or_else(|| offer_id.clone()),
            offer_id,
            category: serde_json::from_value::<Category>(slug(category))?,
            district: serde_json::from_value::<District>(slug(district))?,
            age: u8::try_from(age.clamp(0, 255))?,
            date: day.parse()?,
            companion,
            limit: match (over_limit, limit_override) {
                (false, _) => stats::LimitOutcome::Within,
                (true, true) => stats::LimitOutcome::Override,
                (true, false) => stats::LimitOutcome::OverFound,
            },
        });
    }
    let refusals = store::visit_limits::refusals_between(conn, &first, &last)?
        .into_iter()
        .map(|(holder, day)| {
            Ok(stats::Refusal {
                holder: holder_number(&holder)?,
                date: day.parse()?,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    Ok((visits, refusals))
}

/// The first year whose visits retention still keeps.
fn first_kept_year(state: &AppState, today: Date) -> i32 {
    today.year - state.retention.visit_years as i32
}

/// Whether a report for `period` can be read today: closed, and not deleted by retention.
fn check_period(state: &AppState, period: Period, today: Date) -> Result<(), ApiError> {
    if !period.is_closed(today) {
        return Err(ApiError::bad_request(
            "period_open",
            format!(
                "{period} can be reported from {}, once no late check-in can change it",
                period.closes_on()
            ),
        ));
    }
    let first = first_kept_year(state, today);
    if period.year() < first {
        return Err(ApiError::bad_request(
            "period_deleted",
            format!("visits before {first} are deleted (retention); no report for {period}"),
        ));
    }
    Ok(())
}

/// The report of `period`, recorded in the audit log as `action` by `admin`.
async fn report(
    state: &AppState,
    admin: Staff,
    action: Action,
    period: Period,
) -> Result<stats::Report, ApiError> {
    let now = state.clock.now();
    check_period(state, period, bergen_date(now))?;
    state
        .db
        .call(move |c| {
            let (visits, refusals) = visits_in(c, period)?;
            let report = stats::report_for(&visits, &refusals, period);
            audit::by(c, &admin, action, &period.to_string(), now)?;
            Ok::<_, ApiError>(report)
        })
        .await
}

/// `GET /api/v1/admin/stats?period=2026-Q3` (or `=2026`): small cells come as "<5".
async fn stats_json(
    admin: Staff,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<PeriodQuery>,
) -> Result<axum::Json<stats::Report>, ApiError> {
    Ok(axum::Json(
        report(&state, admin, Action::StatsRead, query.period).await?,
    ))
}

/// `GET /api/v1/admin/stats.csv?period=…`: the same, as CSV.
async fn stats_csv(
    admin: Staff,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<PeriodQuery>,
) -> Result<Response, ApiError> {
    let name = format!("aktivitetskortet-{}.csv", query.period);
    let report = report(&state, admin, Action::StatsExport, query.period).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        stats::to_csv(&report),
    )
        .into_response())
}

/// `GET /api/v1/admin/stats/periods`: the periods a report can be read for, newest first, and
/// the next one to close.
async fn periods(
    _: Staff,
    State(state): State<AppState>,
) -> Result<axum::Json<StatPeriods>, ApiError> {
    let today = bergen_date(state.clock.now());
    // From the first year with visits (or last year, at the latest) that retention keeps:
    // earlier periods would be empty.
    let first_visit: Option<String> = state.db.call(store::visits::first_day).await?;
    let first_visit_year = first_visit
        .and_then(|d| d.parse::<Date>().ok())
        .map_or(today.year, |d| d.year)
        .min(today.year - 1);
    let first = first_kept_year(&state, today).max(first_visit_year);
    let closed = Period::closed_since(first, today);
    let quarter = (today.month - 1) / 3 + 1;
    let current = Period::Quarter {
        year: today.year,
        quarter,
    };
    let previous = match quarter {
        1 => Period::Quarter {
            year: today.year - 1,
            quarter: 4,
        },
        q => Period::Quarter {
            year: today.year,
            quarter: q - 1,
        },
    };
    // In the first two weeks of a quarter, the last one is still open for late uploads.
    let open = if previous.is_closed(today) {
        current
    } else {
        previous
    };
    Ok(axum::Json(StatPeriods {
        closed,
        next: open,
        next_closes_on: open.closes_on(),
    }))
}
