//! Query-string parameters shared by the list endpoints, parsed into the
//! store's types with errors that name the parameter.

use crate::error::{Result, ServerError};
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use dyad_store::{Dyad, EventFilter};
use dyad_types::{Date, Modality};
use serde::Deserialize;

/// Turns a query-string rejection into the server's error type, so that
/// clients get the same JSON error shape everywhere.
pub(crate) fn query<T>(parsed: std::result::Result<Query<T>, QueryRejection>) -> Result<T> {
    parsed
        .map(|Query(value)| value)
        .map_err(|rejection| ServerError::BadRequest(rejection.body_text()))
}

pub(crate) fn parse_date(name: &str, value: Option<&str>) -> Result<Option<Date>> {
    match value.map(str::trim).filter(|value| !value.is_empty()) {
        None => Ok(None),
        Some(text) => Date::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                ServerError::BadRequest(format!("{name} must be a date YYYY-MM-DD, got {text:?}"))
            }),
    }
}

pub(crate) fn non_empty(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(str::to_owned)
}

/// The filters shared by the event list, actors and network endpoints;
/// the same ones `dyad query` takes.
#[derive(Debug, Default, Deserialize)]
pub struct FilterParams {
    /// Substring of an actor's code or name.
    pub actor: Option<String>,
    /// ISO alpha-3 country of source, target or place.
    pub country: Option<String>,
    /// `A-B` (either direction) or `A->B` (directed) actor code prefixes.
    pub dyad: Option<String>,
    /// CAMEO code or prefix.
    pub cameo: Option<String>,
    /// PLOVER category.
    pub plover: Option<String>,
    /// Alias of `plover`, the word the dashboard uses.
    pub category: Option<String>,
    /// Modality (`asserted`, `planned`, ...).
    pub modality: Option<String>,
    /// Alias of `modality`, the word the dashboard uses.
    pub status: Option<String>,
    /// Earliest date, inclusive.
    pub from: Option<String>,
    /// Latest date, inclusive.
    pub to: Option<String>,
    /// Full-text query over sentences.
    pub q: Option<String>,
    /// Page size.
    pub limit: Option<String>,
    /// Opaque cursor from a previous page.
    pub cursor: Option<String>,
    /// Network grouping: `actor` or `country`.
    pub level: Option<String>,
}

impl FilterParams {
    /// The store filter these parameters describe.
    pub fn to_filter(&self) -> Result<EventFilter> {
        let dyad = match non_empty(&self.dyad) {
            None => None,
            Some(text) => Some(Dyad::parse(&text).ok_or_else(|| {
                ServerError::BadRequest(format!(
                    "dyad must look like USA-RUS or USA->RUS, got {text:?}"
                ))
            })?),
        };
        let modality = match non_empty(&self.modality).or_else(|| non_empty(&self.status)) {
            None => None,
            Some(name) => Some(Modality::from_name(&name.to_lowercase()).ok_or_else(|| {
                ServerError::BadRequest(format!(
                    "modality must be one of asserted, planned, hypothetical, negated, claimed; got {name:?}"
                ))
            })?),
        };
        let cameo = non_empty(&self.cameo);
        if let Some(code) = &cameo {
            if !code.chars().all(|character| character.is_ascii_digit()) || code.len() > 4 {
                return Err(ServerError::BadRequest(format!(
                    "cameo must be up to four digits, got {code:?}"
                )));
            }
        }
        Ok(EventFilter {
            actor: non_empty(&self.actor),
            country: non_empty(&self.country),
            dyad,
            cameo,
            plover: non_empty(&self.plover).or_else(|| non_empty(&self.category)),
            modality,
            date_from: parse_date("from", self.from.as_deref())?,
            date_to: parse_date("to", self.to.as_deref())?,
            text: non_empty(&self.q),
            limit: None,
        })
    }

    /// The page size asked for, bounded by the server's page limit.
    pub(crate) fn page_size(&self, state: &AppState) -> Result<usize> {
        match non_empty(&self.limit) {
            None => Ok(state.limits.default_page_size),
            Some(text) => match text.parse::<usize>() {
                Ok(0) | Err(_) => Err(ServerError::BadRequest(format!(
                    "limit must be a positive integer, got {text:?}"
                ))),
                Ok(size) => Ok(size.min(state.limits.max_page_size)),
            },
        }
    }
}
