//! `/api/timeseries`: counts by QuadClass and mean Goldstein per period for
//! one dyad.

use crate::error::{Result, ServerError};
use crate::params::{non_empty, parse_date, query};
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use dyad_store::{Dyad, Granularity, TimeSeriesPoint};
use serde::{Deserialize, Serialize};

/// Parameters of the time-series endpoint.
#[derive(Debug, Default, Deserialize)]
pub struct SeriesParams {
    /// The dyad, `A-B` or `A->B`.
    pub dyad: Option<String>,
    /// `day`, `week` or `month`.
    pub granularity: Option<String>,
    /// Earliest date, inclusive.
    pub from: Option<String>,
    /// Latest date, inclusive.
    pub to: Option<String>,
}

/// A dyad's time series.
#[derive(Debug, Serialize)]
pub struct Series {
    /// The dyad asked for.
    pub dyad: Dyad,
    /// The bucket width.
    pub granularity: Granularity,
    /// Buckets in date order; buckets without reports are left out.
    pub points: Vec<TimeSeriesPoint>,
}

/// `GET /api/timeseries`: counts by QuadClass and mean Goldstein per
/// period for one dyad.
pub async fn get_time_series(
    State(state): State<AppState>,
    params: std::result::Result<Query<SeriesParams>, QueryRejection>,
) -> Result<Json<Series>> {
    let params = query(params)?;
    let text = non_empty(&params.dyad)
        .ok_or_else(|| ServerError::BadRequest("dyad is required, e.g. USA-RUS".into()))?;
    let dyad = Dyad::parse(&text).ok_or_else(|| {
        ServerError::BadRequest(format!(
            "dyad must look like USA-RUS or USA->RUS, got {text:?}"
        ))
    })?;
    let granularity = match non_empty(&params.granularity) {
        None => Granularity::Week,
        Some(name) => Granularity::from_name(&name).ok_or_else(|| {
            ServerError::BadRequest(format!(
                "granularity must be day, week or month, got {name:?}"
            ))
        })?,
    };
    let from = parse_date("from", params.from.as_deref())?;
    let to = parse_date("to", params.to.as_deref())?;
    let asked = dyad.clone();
    let points = state
        .run(move |store| Ok(store.dyad_time_series(&asked, granularity, from, to)?))
        .await?;
    Ok(Json(Series {
        dyad,
        granularity,
        points,
    }))
}
