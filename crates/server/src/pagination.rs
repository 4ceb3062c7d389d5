//! Paging: cursors, pages cut from whole lists, and event scans that stop
//! once a page is full.

use crate::error::{Result, ServerError};
use crate::params::{non_empty, FilterParams};
use crate::state::AppState;
use dyad_store::{EventContext, EventFilter, EventOrder, Store, StoreError, StoredEvent};
use serde::{Deserialize, Serialize};

/// Marker used to stop a store scan early once a page is full. The store
/// passes the visitor's error on unchanged, so it can be recognised.
const STOP_SCAN: &str = "dyad-server: page complete";

/// Parses a cursor: the position after which the next page starts.
/// Cursors are decimal positions prefixed with a letter naming the list,
/// so that a cursor of one list is not silently accepted by another.
pub(crate) fn parse_cursor(kind: char, cursor: &Option<String>) -> Result<i64> {
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
pub(crate) fn scan_events(
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
