//! `/api/network`: who acted on whom, weighted by report count.

use crate::error::{Result, ServerError};
use crate::pagination::scan_events;
use crate::params::{non_empty, query, FilterParams};
use crate::state::AppState;
use crate::views::actor_key;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use dyad_store::{EventFilter, Store};
use serde::Serialize;
use std::collections::BTreeMap;

/// A node of the actor network.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NetworkNode {
    /// The node's key (actor code or country).
    pub id: String,
    /// A readable label.
    pub label: String,
    /// Reports the node takes part in.
    pub weight: u64,
}

/// A directed, weighted edge: who acted on whom and how often.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NetworkEdge {
    /// The acting node.
    pub source: String,
    /// The node acted upon.
    pub target: String,
    /// Reports from source to target.
    pub weight: u64,
    /// Mean Goldstein score of those reports.
    pub mean_goldstein: f64,
    /// Reports per QuadClass (index 0 is QuadClass 1).
    pub quad_counts: [u64; 4],
}

/// The actor network of the matching events.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Network {
    /// Actors that appear in at least one edge.
    pub nodes: Vec<NetworkNode>,
    /// Edges, heaviest first.
    pub edges: Vec<NetworkEdge>,
}

/// Builds the who-acted-on-whom network; `by_country` groups actors by
/// their country (else by code). Reports without a target add no edge.
pub fn network(
    store: &dyn Store,
    filter: &EventFilter,
    by_country: bool,
    max_edges: usize,
) -> Result<Network> {
    let key = |actor: &dyad_types::ActorRef| -> String {
        if by_country {
            actor
                .country
                .clone()
                .or_else(|| {
                    actor
                        .code
                        .as_deref()
                        .and_then(|code| code.get(..3))
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| actor_key(actor))
        } else {
            actor_key(actor)
        }
    };
    let mut labels: BTreeMap<String, String> = BTreeMap::new();
    let mut edges: BTreeMap<(String, String), (u64, f64, [u64; 4])> = BTreeMap::new();
    scan_events(store, filter, 0, |stored, _| {
        let event = &stored.event;
        let Some(target) = &event.target else {
            return true;
        };
        let (from, to) = (key(&event.source), key(target));
        for (node, actor) in [(&from, &event.source), (&to, target)] {
            labels.entry(node.clone()).or_insert_with(|| {
                if by_country {
                    node.clone()
                } else {
                    actor.name.clone().unwrap_or_else(|| node.clone())
                }
            });
        }
        let entry = edges.entry((from, to)).or_insert((0, 0.0, [0; 4]));
        entry.0 += 1;
        entry.1 += event.goldstein;
        if let Some(slot) = usize::from(event.quad_class)
            .checked_sub(1)
            .and_then(|index| entry.2.get_mut(index))
        {
            *slot += 1;
        }
        true
    })?;
    let mut edges: Vec<NetworkEdge> = edges
        .into_iter()
        .map(
            |((source, target), (weight, sum, quad_counts))| NetworkEdge {
                source,
                target,
                weight,
                mean_goldstein: if weight == 0 {
                    0.0
                } else {
                    sum / weight as f64
                },
                quad_counts,
            },
        )
        .collect();
    edges.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
    });
    edges.truncate(max_edges);
    let mut weights: BTreeMap<&str, u64> = BTreeMap::new();
    for edge in &edges {
        *weights.entry(edge.source.as_str()).or_default() += edge.weight;
        *weights.entry(edge.target.as_str()).or_default() += edge.weight;
    }
    let nodes = weights
        .into_iter()
        .map(|(id, weight)| NetworkNode {
            id: id.to_string(),
            label: labels.get(id).cloned().unwrap_or_else(|| id.to_string()),
            weight,
        })
        .collect();
    Ok(Network { nodes, edges })
}

/// `GET /api/network`: who acted on whom, weighted by report count.
pub async fn get_network(
    State(state): State<AppState>,
    params: std::result::Result<Query<FilterParams>, QueryRejection>,
) -> Result<Json<Network>> {
    let params = query(params)?;
    let filter = params.to_filter()?;
    let max_edges = params.page_size(&state)?;
    let by_country = match non_empty(&params.level).as_deref() {
        None | Some("actor") => false,
        Some("country") => true,
        Some(other) => {
            return Err(ServerError::BadRequest(format!(
                "level must be actor or country, got {other:?}"
            )))
        }
    };
    Ok(Json(
        state
            .run(move |store| network(store, &filter, by_country, max_edges))
            .await?,
    ))
}
