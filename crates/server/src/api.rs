//! The JSON API handlers.
//!
//! Every handler parses its parameters into the store's types, runs the
//! store work on a blocking thread through [`AppState::run`] and returns
//! JSON. No handler contains SQL: all data comes through the
//! [`dyad_store::Store`] trait.

use crate::error::{Result, ServerError};
use crate::state::AppState;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::Json;
use dyad_store::{
    Cluster, Dyad, EventContext, EventFilter, EventOrder, Granularity, IngestItem, IngestSummary,
    Store, StoreCounts, StoreError, StoredDocument, StoredEvent, TimeSeriesPoint,
};
use dyad_types::{Date, Document, InputFormat, Modality, Span};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Marker used to stop a store scan early once a page is full. The store
/// passes the visitor's error on unchanged, so it can be recognised.
const STOP_SCAN: &str = "dyad-server: page complete";

/// Turns a query-string rejection into the server's error type, so that
/// clients get the same JSON error shape everywhere.
fn query<T>(parsed: std::result::Result<Query<T>, QueryRejection>) -> Result<T> {
    parsed
        .map(|Query(value)| value)
        .map_err(|rejection| ServerError::BadRequest(rejection.body_text()))
}

fn parse_date(name: &str, value: Option<&str>) -> Result<Option<Date>> {
    match value.map(str::trim).filter(|value| !value.is_empty()) {
        None => Ok(None),
        Some(text) => Date::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                ServerError::BadRequest(format!("{name} must be a date YYYY-MM-DD, got {text:?}"))
            }),
    }
}

fn non_empty(value: &Option<String>) -> Option<String> {
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
    fn page_size(&self, state: &AppState) -> Result<usize> {
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

/// Parses a cursor: the position after which the next page starts.
/// Cursors are decimal positions prefixed with a letter naming the list,
/// so that a cursor of one list is not silently accepted by another.
fn parse_cursor(kind: char, cursor: &Option<String>) -> Result<i64> {
    match non_empty(cursor) {
        None => Ok(0),
        Some(text) => text
            .strip_prefix(kind)
            .and_then(|digits| digits.parse::<i64>().ok())
            .filter(|position| *position >= 0)
            .ok_or_else(|| {
                ServerError::BadRequest(format!("cursor {text:?} is not a cursor of this list"))
            }),
    }
}

/// One event in a list: the stored record plus what the document adds.
#[derive(Debug, Serialize)]
pub struct EventItem {
    /// The event record and its cluster id.
    #[serde(flatten)]
    pub stored: StoredEvent,
    /// The event's own date, else its document's.
    pub effective_date: Option<Date>,
    /// The outlet of the document.
    pub outlet: Option<String>,
    /// The document's URL.
    pub url: Option<String>,
    /// Reports in the event's cluster.
    pub cluster_reports: usize,
    /// Distinct documents in the event's cluster.
    pub cluster_documents: usize,
}

impl EventItem {
    fn new(stored: StoredEvent, context: EventContext) -> EventItem {
        EventItem {
            stored,
            effective_date: context.effective_date,
            outlet: context.outlet,
            url: context.url,
            cluster_reports: context.cluster_reports,
            cluster_documents: context.cluster_documents,
        }
    }
}

/// A page of a list with the cursor of the next page.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Visits the events matching `filter` in ingest order and calls `keep`
/// for those after `after_row`, until `keep` says the page is full.
/// Returns whether events remained when the scan stopped.
fn scan_events(
    store: &dyn Store,
    filter: &EventFilter,
    after_row: i64,
    mut keep: impl FnMut(StoredEvent, EventContext) -> bool,
) -> Result<bool> {
    let mut stopped = false;
    let outcome = store.for_each_event(filter, EventOrder::Ingest, &mut |event, context| {
        if context.row_id <= after_row {
            return Ok(());
        }
        if keep(event, context) {
            Ok(())
        } else {
            stopped = true;
            Err(StoreError::InvalidQuery(STOP_SCAN.to_string()))
        }
    });
    match outcome {
        Ok(()) => Ok(false),
        Err(StoreError::InvalidQuery(message)) if stopped && message == STOP_SCAN => Ok(true),
        Err(error) => Err(error.into()),
    }
}

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

/// The spans of an event, relative to its sentence and to the document,
/// ready for highlighting.
#[derive(Debug, Clone, Serialize)]
pub struct Highlight {
    /// `source`, `target`, `trigger`, `attribution` or `location`.
    pub role: &'static str,
    /// Byte range in the document text.
    pub span: Span,
    /// The text the span selects in the sentence, when it lies inside it.
    pub text: Option<String>,
}

/// The byte spans of an event's evidence, in document offsets.
pub fn highlights(event: &dyad_types::Event) -> Vec<Highlight> {
    let mut found = Vec::new();
    let sentence_start = event.sentence_span.start;
    let mut add = |role: &'static str, span: Option<Span>| {
        if let Some(span) = span {
            // The sentence text starts at sentence_span.start, so a
            // document span is shifted by that much to slice it.
            let relative = span
                .start
                .checked_sub(sentence_start)
                .zip(span.end.checked_sub(sentence_start))
                .and_then(|(start, end)| (start <= end).then(|| Span::new(start, end)));
            let text = relative
                .and_then(|relative| relative.slice(&event.sentence))
                .map(str::to_owned);
            found.push(Highlight { role, span, text });
        }
    };
    add("source", event.source.span);
    add(
        "target",
        event.target.as_ref().and_then(|target| target.span),
    );
    add(
        "trigger",
        (event.trigger.start <= event.trigger.end)
            .then(|| Span::new(event.trigger.start, event.trigger.end)),
    );
    add(
        "attribution",
        event
            .attribution
            .as_ref()
            .and_then(|attribution| attribution.span),
    );
    add(
        "location",
        event.location.as_ref().and_then(|location| location.span),
    );
    found
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

/// Parameters of the offset-paged lists (clusters, documents).
#[derive(Debug, Default, Deserialize)]
pub struct PageParams {
    /// Page size.
    pub limit: Option<String>,
    /// Opaque cursor from a previous page.
    pub cursor: Option<String>,
}

/// Cuts one page out of a whole list. Cursors are list positions.
pub(crate) fn offset_page<T>(
    all: Vec<T>,
    kind: char,
    cursor: &Option<String>,
    size: usize,
) -> Result<Page<T>> {
    let start = usize::try_from(parse_cursor(kind, cursor)?).unwrap_or(usize::MAX);
    let total = all.len();
    let items: Vec<T> = all.into_iter().skip(start).take(size).collect();
    let end = start.saturating_add(items.len());
    Ok(Page {
        next_cursor: (end < total).then(|| format!("{kind}{end}")),
        items,
    })
}

pub(crate) fn page_size_of(limit: &Option<String>, state: &AppState) -> Result<usize> {
    FilterParams {
        limit: limit.clone(),
        ..FilterParams::default()
    }
    .page_size(state)
}

/// `GET /api/clusters`: event clusters (occurrences), oldest first.
pub async fn list_clusters(
    State(state): State<AppState>,
    params: std::result::Result<Query<PageParams>, QueryRejection>,
) -> Result<Json<Page<Cluster>>> {
    let params = query(params)?;
    let size = page_size_of(&params.limit, &state)?;
    let clusters = state.run(|store| Ok(store.clusters()?)).await?;
    Ok(Json(offset_page(clusters, 'c', &params.cursor, size)?))
}

/// `GET /api/clusters/{cluster_id}`: one cluster; merged ids resolve to
/// the cluster they were merged into.
pub async fn get_cluster(
    State(state): State<AppState>,
    Path(cluster_id): Path<String>,
) -> Result<Json<Cluster>> {
    let wanted = cluster_id.clone();
    state
        .run(move |store| Ok(store.cluster(&wanted)?))
        .await?
        .map(Json)
        .ok_or_else(|| ServerError::NotFound(format!("no cluster {cluster_id:?}")))
}

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

fn actor_key(actor: &dyad_types::ActorRef) -> String {
    actor.code.clone().unwrap_or_else(|| actor.text.clone())
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

/// `GET /api/documents`: stored documents in ingest order.
pub async fn list_documents(
    State(state): State<AppState>,
    params: std::result::Result<Query<PageParams>, QueryRejection>,
) -> Result<Json<Page<StoredDocument>>> {
    let params = query(params)?;
    let size = page_size_of(&params.limit, &state)?;
    let documents = state.run(|store| Ok(store.documents()?)).await?;
    Ok(Json(offset_page(documents, 'd', &params.cursor, size)?))
}

/// A stored sentence as the API shows it.
#[derive(Debug, Serialize)]
pub struct SentenceItem {
    /// 0-based index in the document.
    pub index: usize,
    /// Byte range in the document text.
    pub span: Span,
    /// The sentence text.
    pub text: String,
}

/// An event of a document with its evidence spans.
#[derive(Debug, Serialize)]
pub struct DocumentEvent {
    /// The event as listed.
    #[serde(flatten)]
    pub event: EventItem,
    /// Its evidence spans, in document byte offsets.
    pub highlights: Vec<Highlight>,
}

/// A document with its text, sentences and events.
#[derive(Debug, Serialize)]
pub struct DocumentDetail {
    /// Identity and metadata.
    pub document: StoredDocument,
    /// The text every span points into.
    pub text: String,
    /// Its sentences.
    pub sentences: Vec<SentenceItem>,
    /// Its event reports, each with its spans.
    pub events: Vec<DocumentEvent>,
}

/// Looks a document up by its content hash.
pub fn document_detail(store: &dyn Store, content_sha256: &str) -> Result<Option<DocumentDetail>> {
    let Some(document) = store
        .documents()?
        .into_iter()
        .find(|document| document.content_sha256 == content_sha256)
    else {
        return Ok(None);
    };
    let text = store.document_text(content_sha256)?.unwrap_or_default();
    let sentences = store
        .sentences(content_sha256)?
        .into_iter()
        .map(|sentence| SentenceItem {
            index: sentence.index,
            span: sentence.span,
            text: sentence.text,
        })
        .collect();
    let mut events = Vec::new();
    scan_events(store, &EventFilter::default(), 0, |event, context| {
        if event.event.doc_id == document.doc_id && event.event.sentence_span.end <= text.len() {
            let highlights = highlights(&event.event);
            events.push(DocumentEvent {
                event: EventItem::new(event, context),
                highlights,
            });
        }
        true
    })?;
    Ok(Some(DocumentDetail {
        document,
        text,
        sentences,
        events,
    }))
}

/// `GET /api/documents/{content_sha256}`: a document with its sentences
/// and each event's spans.
pub async fn get_document(
    State(state): State<AppState>,
    Path(hash): Path<String>,
) -> Result<Json<DocumentDetail>> {
    let wanted = hash.clone();
    state
        .run(move |store| document_detail(store, &wanted))
        .await?
        .map(Json)
        .ok_or_else(|| ServerError::NotFound(format!("no document with content hash {hash:?}")))
}

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

/// One document sent for ingestion.
#[derive(Debug, Deserialize)]
pub struct IncomingDocument {
    /// The document's id; derived from its text when missing.
    pub id: Option<String>,
    /// The text.
    pub text: String,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Outlet or agency.
    pub source: Option<String>,
}

/// The body of `POST /api/documents`.
#[derive(Debug, Deserialize)]
pub struct IngestRequest {
    /// The documents to analyse and store.
    pub documents: Vec<IncomingDocument>,
}

/// What happened to one ingested document.
#[derive(Debug, Serialize)]
pub struct IngestedDocument {
    /// The document's id.
    pub doc_id: String,
    /// Its content hash, the key of `GET /api/documents/{content_sha256}`.
    pub content_sha256: String,
    /// Events the analysis found.
    pub events: usize,
    /// Problems found while analysing it, as `path:line: severity: message`.
    pub diagnostics: Vec<String>,
}

/// The answer of `POST /api/documents`.
#[derive(Debug, Serialize)]
pub struct IngestResponse {
    /// What the store did.
    pub summary: IngestSummary,
    /// Per document, in request order.
    pub documents: Vec<IngestedDocument>,
}

/// Turns the request's documents into `Document`s, checking dates.
fn incoming_documents(request: IngestRequest) -> Result<Vec<Document>> {
    request
        .documents
        .into_iter()
        .enumerate()
        .map(|(index, incoming)| {
            let date = parse_date(
                &format!("documents[{index}].date"),
                incoming.date.as_deref(),
            )?;
            let id = non_empty(&incoming.id).unwrap_or_else(|| {
                let hash = dyad_store::content_hash(&incoming.text);
                format!("api:{}", hash.get(..16).unwrap_or(&hash))
            });
            let mut document = Document::new(id, incoming.text);
            document.path = Some("api".to_string());
            document.format = InputFormat::Text;
            document.date = date;
            document.title = non_empty(&incoming.title);
            document.url = non_empty(&incoming.url);
            document.source = non_empty(&incoming.source);
            Ok(document)
        })
        .collect()
}

/// `POST /api/documents`: analyses the documents with the server's
/// pipeline and stores them. Needs the bearer token.
pub async fn ingest_documents(
    State(state): State<AppState>,
    body: std::result::Result<Json<IngestRequest>, JsonRejection>,
) -> Result<Json<IngestResponse>> {
    let Json(request) = body.map_err(|rejection| {
        // The body limit surfaces as a JSON rejection; it is the client's
        // size, not its syntax, that is wrong.
        if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            ServerError::PayloadTooLarge
        } else {
            ServerError::BadRequest(rejection.body_text())
        }
    })?;
    let analyser = state.analyser.clone().ok_or_else(|| {
        ServerError::Unavailable("this server was started without an analysis pipeline".into())
    })?;
    let documents = incoming_documents(request)?;
    // Analysis is CPU-bound and synchronous, so it runs on the blocking
    // pool like store work.
    let items: Vec<IngestItem> =
        tokio::task::spawn_blocking(move || documents.into_iter().map(analyser.as_ref()).collect())
            .await
            .map_err(|error| ServerError::Internal(format!("analysis failed: {error}")))?;
    let report: Vec<IngestedDocument> = items
        .iter()
        .map(|item| IngestedDocument {
            doc_id: item.document.id.clone(),
            content_sha256: dyad_store::content_hash(&item.document.text),
            events: item.events.len(),
            diagnostics: item.diagnostics.iter().map(ToString::to_string).collect(),
        })
        .collect();
    let summary = state
        .run(move |store| Ok(store.ingest_batch(&items)?))
        .await?;
    Ok(Json(IngestResponse {
        summary,
        documents: report,
    }))
}

/// The answer of `GET /api/health`.
#[derive(Debug, Serialize)]
pub struct Health {
    /// Always `ok` when the store answers.
    pub status: &'static str,
    /// What the store holds.
    pub counts: StoreCounts,
    /// Whether `POST /api/documents` is available.
    pub ingest_available: bool,
}

/// `GET /api/health`: liveness and store counts.
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>> {
    let counts = state.run(|store| Ok(store.counts()?)).await?;
    Ok(Json(Health {
        status: "ok",
        counts,
        ingest_available: state.analyser.is_some(),
    }))
}

/// The fixed vocabularies the filters accept.
#[derive(Debug, Serialize)]
pub struct Vocabulary {
    /// PLOVER categories.
    pub plover_categories: Vec<&'static str>,
    /// Modalities (event status).
    pub modalities: Vec<&'static str>,
    /// QuadClass names, index 0 is QuadClass 1.
    pub quad_classes: [&'static str; 4],
    /// Storyline statuses, the values of `GET /api/storylines?status=`.
    pub storyline_statuses: Vec<&'static str>,
}

/// `GET /api/vocabulary`: the values the category and status filters take,
/// and the storyline statuses.
pub async fn vocabulary() -> Json<Vocabulary> {
    Json(Vocabulary {
        plover_categories: dyad_ontology::PLOVER_CATEGORIES.to_vec(),
        modalities: Modality::ALL
            .iter()
            .map(|modality| modality.name())
            .collect(),
        quad_classes: [
            "verbal cooperation",
            "material cooperation",
            "verbal conflict",
            "material conflict",
        ],
        storyline_statuses: crate::storylines::status_names(),
    })
}
