//! `/api/events`: the event list and one event with its cluster.

use crate::error::{Result, ServerError};
use crate::pagination::{parse_cursor, scan_events, Page};
use crate::params::{query, FilterParams};
use crate::state::AppState;
use crate::views::{highlights, EventItem, Highlight};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use dyad_store::{Cluster, EventFilter, Store, StoredDocument};
use dyad_types::Date;
use serde::Serialize;
use std::collections::HashSet;

/// One page of the events matching `filter`, after the row `after_row`.
pub fn event_page(
    store: &dyn Store,
    filter: &EventFilter,
    after_row: i64,
    size: usize,
) -> Result<Page<EventItem>> {
    let mut items = Vec::new();
    let mut last_row = after_row;
    let more = scan_events(store, filter, after_row, |event, context| {
        if items.len() >= size {
            return false;
        }
        last_row = context.row_id;
        items.push(EventItem::new(event, context));
        true
    })?;
    Ok(Page {
        items,
        next_cursor: more.then(|| format!("e{last_row}")),
    })
}

/// `GET /api/events`: events matching the filters, a page at a time.
pub async fn list_events(
    State(state): State<AppState>,
    params: std::result::Result<Query<FilterParams>, QueryRejection>,
) -> Result<Json<Page<EventItem>>> {
    let params = query(params)?;
    let filter = params.to_filter()?;
    let size = params.page_size(&state)?;
    let after = parse_cursor('e', &params.cursor)?;
    let page = state
        .run(move |store| event_page(store, &filter, after, size))
        .await?;
    Ok(Json(page))
}

/// A report in an event's cluster, for linking.
#[derive(Debug, Serialize)]
pub struct ClusterMember {
    /// The report's event id.
    pub event_id: String,
    /// Its document.
    pub doc_id: String,
    /// The document's outlet.
    pub outlet: Option<String>,
    /// The report's effective date.
    pub date: Option<Date>,
    /// The sentence it was coded from.
    pub sentence: String,
}

/// Everything the event page shows.
#[derive(Debug, Serialize)]
pub struct EventDetail {
    /// The event as listed.
    pub event: EventItem,
    /// The document it comes from, when still stored.
    pub document: Option<StoredDocument>,
    /// Its evidence spans.
    pub highlights: Vec<Highlight>,
    /// Its cluster, when found.
    pub cluster: Option<Cluster>,
    /// Every report of the cluster, in ingest order.
    pub cluster_members: Vec<ClusterMember>,
}

/// Looks an event up by id with its document and cluster.
pub fn event_detail(store: &dyn Store, event_id: &str) -> Result<Option<EventDetail>> {
    let mut found: Option<EventItem> = None;
    scan_events(store, &EventFilter::default(), 0, |event, context| {
        if event.event.event_id == event_id {
            found = Some(EventItem::new(event, context));
            return false;
        }
        true
    })?;
    let Some(item) = found else { return Ok(None) };
    let document = store
        .documents()?
        .into_iter()
        .find(|document| document.doc_id == item.stored.event.doc_id);
    let cluster = store.cluster(&item.stored.cluster_id)?;
    let mut cluster_members = Vec::new();
    if let Some(cluster) = &cluster {
        let wanted: HashSet<&str> = cluster.event_ids.iter().map(String::as_str).collect();
        scan_events(store, &EventFilter::default(), 0, |event, context| {
            if wanted.contains(event.event.event_id.as_str()) {
                cluster_members.push(ClusterMember {
                    event_id: event.event.event_id,
                    doc_id: event.event.doc_id,
                    outlet: context.outlet,
                    date: context.effective_date,
                    sentence: event.event.sentence,
                });
            }
            cluster_members.len() < wanted.len()
        })?;
    }
    let highlights = highlights(&item.stored.event);
    Ok(Some(EventDetail {
        event: item,
        document,
        highlights,
        cluster,
        cluster_members,
    }))
}

/// `GET /api/events/{event_id}`: one event with its evidence spans,
/// document and every report of its cluster.
pub async fn get_event(
    State(state): State<AppState>,
    Path(event_id): Path<String>,
) -> Result<Json<EventDetail>> {
    let wanted = event_id.clone();
    state
        .run(move |store| event_detail(store, &wanted))
        .await?
        .map(Json)
        .ok_or_else(|| ServerError::NotFound(format!("no event {event_id:?}")))
}
