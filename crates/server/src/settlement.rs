//! What a provider reads of its visits: its visit counts per offer and closed month (each pair
//! hidden when either is 1–4, no totals), and its settlement report (visits per offer and month,
//! companions apart, priced by the refund the municipality set; exact, as JSON and CSV), which
//! the municipality reads per provider too. Every settlement read is in the audit log.

use aktivitetskortet_core::api::paths;
use aktivitetskortet_core::api::{
    ProviderVisitRow, ProviderVisits, Settlement, SettlementRow, SettlementTotal,
};
use aktivitetskortet_core::calendar::{Date, bergen_date};
use aktivitetskortet_core::stats::{Cell, MIN_CELL, closes_after};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::AppState;
use crate::audit::{self, Action};
use crate::auth::{Admin, Provider};
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::providers::numeric_id;
use crate::store::{self, Conn};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(paths::ADMIN_PROVIDER_SETTLEMENT, get(admin_settlement))
        .route(paths::PROVIDER_VISITS, get(visits))
        .route(paths::PROVIDER_SETTLEMENT, get(settlement_json))
        .route(paths::PROVIDER_SETTLEMENT_CSV, get(settlement_csv))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearQuery {
    year: i32,
}

/// `GET /api/v1/provider/visits?year=2026`: visits and children per offer and closed month,
/// each pair hidden when either is 1–4 (and no totals, which would show a hidden pair).
async fn visits(
    provider: Provider,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<YearQuery>,
) -> Result<axum::Json<ProviderVisits>, ApiError> {
    let today = bergen_date(state.clock.now());
    if !(2000..=today.year).contains(&query.year) {
        return Err(ApiError::bad_request(
            "bad_year",
            format!("a year from 2000 to {}", today.year),
        ));
    }
    let year = query.year;
    let months: Vec<(String, Date, Date)> = (1..=12)
        .filter_map(|m| {
            let first = Date::new(year, m, 1)?;
            let last = first
                .add_days(31)
                .add_days(-i64::from(first.add_days(31).day));
            Some((format!("{year:04}-{m:02}"), first, last))
        })
        .filter(|(_, _, last)| today >= closes_after(*last))
        .collect();
    let Some(last_closed) = months.last().map(|(_, _, last)| *last) else {
        return Ok(axum::Json(ProviderVisits {
            year,
            months: Vec::new(),
            rows: Vec::new(),
        }));
    };
    let rows = state
        .db
        .call(move |c| {
            let titles = store::catalogue::titles(c)?;
            let counts = store::providers::visit_counts(
                c,
                provider.id,
                &format!("{year:04}-01-01"),
                &last_closed.to_string(),
            )?;
            let cell = |n: u64, small: bool| {
                if small {
                    Cell::Suppressed
                } else {
                    Cell::Count(n)
                }
            };
            Ok::<_, ApiError>(
                counts
                    .into_iter()
                    .map(|(offer_id, month, visits, holders)| {
                        let small =
                            (1..MIN_CELL).contains(&visits) || (1..MIN_CELL).contains(&holders);
                        ProviderVisitRow {
                            title: titles
                                .get(&offer_id)
                                .cloned()
                                .unwrap_or_else(|| offer_id.clone()),
                            offer_id,
                            month,
                            visits: cell(visits, small),
                            holders: cell(holders, small),
                        }
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .await?;
    Ok(axum::Json(ProviderVisits {
        year,
        months: months.into_iter().map(|(m, _, _)| m).collect(),
        rows,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodQuery {
    /// `2026-11` or `2026`.
    period: String,
}

/// A settlement period's first and last day: a month (`2026-11`) or a year (`2026`), not
/// beginning after `today`.
fn settlement_period(text: &str, today: Date) -> Result<(Date, Date), ApiError> {
    let bad = || {
        ApiError::bad_request(
            "bad_period",
            format!("{text:?} is not a period: write a month (2026-11) or a year (2026)"),
        )
    };
    let (first, last) = match text.split_once('-') {
        Some((y, m)) if y.len() == 4 && m.len() == 2 => {
            let first = Date::new(
                y.parse().map_err(|_| bad())?,
                m.parse().map_err(|_| bad())?,
                1,
            )
            .ok_or_else(bad)?;
            let next = first.add_days(31);
            (first, next.add_days(-i64::from(next.day)))
        }
        None if text.len() == 4 => {
            let year: i32 = text.parse().map_err(|_| bad())?;
            (
                Date::new(year, 1, 1).ok_or_else(bad)?,
                Date::new(year, 12, 31).ok_or_else(bad)?,
            )
        }
        _ => return Err(bad()),
    };
    if first > today {
        return Err(ApiError::bad_request(
            "period_ahead",
            format!("{text} has not begun"),
        ));
    }
    Ok((first, last))
}

/// The settlement of provider `provider_id` for `period`.
fn settlement(
    conn: &mut Conn,
    provider_id: i64,
    provider: String,
    period: String,
    (from, to): (Date, Date),
    today: Date,
) -> anyhow::Result<Settlement> {
    let titles = store::catalogue::titles(conn)?;
    let rows: Vec<SettlementRow> =
        store::providers::settlement_counts(conn, provider_id, &from.to_string(), &to.to_string())?
            .into_iter()
            .map(
                |(offer_id, month, refund_ore, visits, companions, over_limit)| {
                    SettlementRow {
                        month,
                        title: titles
                            .get(&offer_id)
                            .cloned()
                            .unwrap_or_else(|| offer_id.clone()),
                        offer_id,
                        visits,
                        companions,
                        over_limit,
                        refund_ore,
                        amount_ore: None,
                    }
                    .priced()
                },
            )
            .collect();
    Ok(Settlement {
        provider,
        period,
        from,
        to,
        complete: today >= closes_after(to),
        total: SettlementTotal::of(&rows),
        rows,
    })
}

/// The settlement a provider (or the municipality, for a provider) reads, recorded in the
/// audit log.
async fn read_settlement(
    state: &AppState,
    provider: Provider,
    by_admin: Option<Admin>,
    period: String,
) -> Result<Settlement, ApiError> {
    let now = state.clock.now();
    let today = bergen_date(now);
    let span = settlement_period(&period, today)?;
    state
        .db
        .call(move |c| {
            let mut tx = c.transaction()?;
            let object = format!("{}:{period}", provider.id);
            match &by_admin {
                Some(admin) => audit::by(&mut tx, admin, Action::SettlementRead, &object, now)?,
                None => {
                    audit::by_provider(&mut tx, &provider, Action::SettlementRead, &object, now)?
                }
            }
            let report = settlement(
                &mut tx,
                provider.id,
                provider.name.clone(),
                period,
                span,
                today,
            )?;
            tx.commit()?;
            Ok::<_, ApiError>(report)
        })
        .await
}

/// `GET /api/v1/provider/settlement?period=2026-11`.
async fn settlement_json(
    provider: Provider,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<PeriodQuery>,
) -> Result<axum::Json<Settlement>, ApiError> {
    Ok(axum::Json(
        read_settlement(&state, provider, None, query.period).await?,
    ))
}

/// `GET /api/v1/provider/settlement.csv?period=2026-11`: the same as CSV, for a spreadsheet.
async fn settlement_csv(
    provider: Provider,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<PeriodQuery>,
) -> Result<Response, ApiError> {
    let report = read_settlement(&state, provider, None, query.period).await?;
    let file = format!("oppgjor-{}.csv", report.period);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        // A byte order mark, so Excel reads the UTF-8 (æ, ø, å) as UTF-8.
        format!("\u{feff}{}", report.to_csv()),
    )
        .into_response())
}

/// `GET /api/v1/admin/providers/{id}/settlement?period=…`: the municipality's copy.
async fn admin_settlement(
    admin: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<PeriodQuery>,
) -> Result<axum::Json<Settlement>, ApiError> {
    let id = numeric_id(&id, "provider")?;
    let row = state
        .db
        .call(move |c| store::providers::provider(c, id))
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no provider {id}")))?;
    let provider = Provider {
        id: row.id,
        name: row.name,
        person: None,
    };
    Ok(axum::Json(
        read_settlement(&state, provider, Some(admin), query.period).await?,
    ))
}
