//! `/api/actors`: the actors of the matching events, most frequent first.

use crate::error::Result;
use crate::pagination::{offset_page, scan_events, Page};
use crate::params::{query, FilterParams};
use crate::state::AppState;
use crate::views::actor_key;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use dyad_store::{EventFilter, Store};
use serde::Serialize;
use std::collections::BTreeMap;

/// An actor and how often it appears.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActorSummary {
    /// The actor's code, or its words when it has none.
    pub key: String,
    /// CAMEO-style code.
    pub code: Option<String>,
    /// Canonical name (the first one seen).
    pub name: Option<String>,
    /// ISO alpha-3 country.
    pub country: Option<String>,
    /// Reports in which it acts.
    pub as_source: u64,
    /// Reports in which it is acted upon.
    pub as_target: u64,
}

/// Counts the actors of the matching events, most frequent first.
pub fn actor_summaries(store: &dyn Store, filter: &EventFilter) -> Result<Vec<ActorSummary>> {
    let mut actors: BTreeMap<String, ActorSummary> = BTreeMap::new();
    let mut count = |actor: &dyad_types::ActorRef, as_source: bool| {
        let key = actor_key(actor);
        let entry = actors.entry(key.clone()).or_insert_with(|| ActorSummary {
            key,
            code: actor.code.clone(),
            name: actor.name.clone(),
            country: actor.country.clone(),
            as_source: 0,
            as_target: 0,
        });
        if as_source {
            entry.as_source += 1;
        } else {
            entry.as_target += 1;
        }
    };
    scan_events(store, filter, 0, |event, _| {
        count(&event.event.source, true);
        if let Some(target) = &event.event.target {
            count(target, false);
        }
        true
    })?;
    let mut list: Vec<ActorSummary> = actors.into_values().collect();
    list.sort_by(|a, b| {
        (b.as_source + b.as_target)
            .cmp(&(a.as_source + a.as_target))
            .then_with(|| a.key.cmp(&b.key))
    });
    Ok(list)
}

/// `GET /api/actors`: actors of the matching events, most frequent first.
pub async fn list_actors(
    State(state): State<AppState>,
    params: std::result::Result<Query<FilterParams>, QueryRejection>,
) -> Result<Json<Page<ActorSummary>>> {
    let params = query(params)?;
    let filter = params.to_filter()?;
    let size = params.page_size(&state)?;
    let actors = state
        .run(move |store| actor_summaries(store, &filter))
        .await?;
    Ok(Json(offset_page(actors, 'a', &params.cursor, size)?))
}
