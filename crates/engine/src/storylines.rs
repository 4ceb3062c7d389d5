//! Storylines from a store: the stored event reports, dated by their
//! documents, through [`dyad_storyline::build_storylines`].
//!
//! Storylines are not stored. They are a deterministic function of the
//! stored reports, so `dyad storylines --db` and `GET /api/storylines` build
//! them the same way, here: every report, dated by its document's date
//! (else the fallback of [`report_date_fallback`]).
//!
//! Building reads every stored report, so [`StorylineCache`] keeps the last
//! result keyed on the store's document and report counts. The store only
//! ever appends (ingest skips documents it already holds and nothing
//! deletes), so any change to what storylines are built from changes those
//! counts. The counts are read *before* the reports: if an ingest commits
//! in between, the cache holds newer storylines under an older key and the
//! next request simply rebuilds, never the other way round.

use crate::error::Result;
use dyad_store::{EventFilter, EventOrder, Store};
use dyad_types::{Date, Event};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

pub use dyad_storyline::{
    build_storylines, read_event_file, report_date_fallback, write_jsonl, write_table,
    write_timeline, AttributeValue, Claim, Conflict, EvidenceItem, ReportedEvent, Stance,
    Storyline, StorylineKind, StorylineOptions, StorylineStatus, Transition,
};

/// Every stored report, in ingest order, dated by its document's date
/// (else the date its record gives).
pub fn stored_reports(store: &dyn Store) -> Result<Vec<ReportedEvent>> {
    let document_dates: HashMap<String, Date> = store
        .documents()?
        .into_iter()
        .filter_map(|document| document.date.map(|date| (document.doc_id, date)))
        .collect();
    let mut reports = Vec::new();
    store.for_each_event(
        &EventFilter::default(),
        EventOrder::Ingest,
        &mut |stored, _context| {
            let reported_on = document_dates
                .get(&stored.event.doc_id)
                .copied()
                .or_else(|| report_date_fallback(&stored.event));
            reports.push(ReportedEvent {
                event: stored.event,
                reported_on,
            });
            Ok(())
        },
    )?;
    Ok(reports)
}

/// The storylines of one state of the store, with the reports they cite.
#[derive(Debug, Default)]
pub struct StorylineSnapshot {
    /// Every storyline, in the order they were opened.
    pub storylines: Vec<Storyline>,
    /// The stored reports the storylines cite, by event id, for the
    /// evidence spans and patterns the storyline records do not keep.
    pub events: HashMap<String, Event>,
}

impl StorylineSnapshot {
    /// Reads every stored report and builds the storylines with `options`.
    pub fn build(store: &dyn Store, options: &StorylineOptions) -> Result<StorylineSnapshot> {
        let reports = stored_reports(store)?;
        let storylines = build_storylines(&reports, options);
        let cited: HashSet<&str> = storylines
            .iter()
            .flat_map(|storyline| storyline.reports.iter())
            .map(|item| item.event_id.as_str())
            .collect();
        let events: HashMap<String, Event> = reports
            .iter()
            .filter(|report| cited.contains(report.event.event_id.as_str()))
            .map(|report| (report.event.event_id.clone(), report.event.clone()))
            .collect();
        Ok(StorylineSnapshot { storylines, events })
    }
}

/// What identifies a state of an append-only store: its document and
/// report counts.
type CacheKey = (usize, usize);

/// A built snapshot and the key it was built at.
type CacheEntry = (CacheKey, Arc<StorylineSnapshot>);

/// The last [`StorylineSnapshot`] built with the default options and the
/// store counts it was built at; shared by every request of a server.
#[derive(Debug, Default)]
pub struct StorylineCache {
    entry: Mutex<Option<CacheEntry>>,
}

impl StorylineCache {
    /// The storylines of the store as it is now: the cached ones when the
    /// store has not changed since they were built, else freshly built.
    pub fn snapshot(&self, store: &dyn Store) -> Result<Arc<StorylineSnapshot>> {
        let counts = store.counts()?;
        let key = (counts.documents, counts.events);
        if let Some((cached_key, snapshot)) = self.lock().as_ref() {
            if *cached_key == key {
                return Ok(Arc::clone(snapshot));
            }
        }
        // Built without holding the lock, so that a slow rebuild does not
        // block requests that could be answered from the cache; two
        // requests may then build at once, and both results are right.
        let snapshot = Arc::new(StorylineSnapshot::build(
            store,
            &StorylineOptions::default(),
        )?);
        *self.lock() = Some((key, Arc::clone(&snapshot)));
        Ok(snapshot)
    }

    fn lock(&self) -> MutexGuard<'_, Option<CacheEntry>> {
        // The entry is only ever replaced whole, so a thread that panicked
        // while holding the lock cannot have left it half-written.
        self.entry
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The names of the storyline statuses, for filters and vocabularies.
pub fn status_names() -> Vec<&'static str> {
    StorylineStatus::ALL
        .iter()
        .map(|status| status.name())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_store::{IngestItem, SqliteStore};
    use dyad_types::{ActorRef, Document, Evidence, Span, Trigger};

    /// A one-report document proposing a meeting between two countries.
    fn proposal(doc_id: &str, first: &str, second: &str) -> IngestItem {
        let text = format!("{first} will meet {second} next week.");
        let party = |country: &str| ActorRef {
            text: country.to_owned(),
            code: Some(country.to_owned()),
            country: Some(country.to_owned()),
            ..ActorRef::default()
        };
        let start = first.len() + " will ".len();
        let mut event = Event {
            event_id: String::new(),
            doc_id: doc_id.to_owned(),
            sentence_index: 0,
            sentence: text.clone(),
            sentence_span: Span::new(0, text.len()),
            cameo: "040".to_owned(),
            plover: "CONSULT".to_owned(),
            plover_mode: None,
            plover_context: vec![],
            goldstein: 1.0,
            quad_class: 1,
            source: party(first),
            target: Some(party(second)),
            modality: dyad_types::Modality::Planned,
            attribution: None,
            date: None,
            date_precision: None,
            date_text: None,
            location: None,
            fatalities: None,
            injuries: None,
            trigger: Trigger {
                text: "meet".to_owned(),
                start,
                end: start + 4,
            },
            evidence: Evidence::default(),
        };
        event.event_id = event.compute_id();
        let mut document = Document::new(doc_id, text.clone());
        document.date = "2026-05-01".parse().ok();
        IngestItem {
            document,
            sentences: vec![Span::new(0, text.len())],
            events: vec![event],
            diagnostics: vec![],
        }
    }

    #[test]
    fn the_cache_is_reused_until_the_store_changes() {
        let mut store = SqliteStore::open_in_memory().expect("store");
        store
            .ingest_batch(&[proposal("a", "CHL", "PER")])
            .expect("ingest");
        let cache = StorylineCache::default();
        let first = cache.snapshot(&store).expect("snapshot");
        let again = cache.snapshot(&store).expect("snapshot");
        assert!(
            Arc::ptr_eq(&first, &again),
            "an unchanged store is not re-read"
        );
        assert_eq!(first.storylines.len(), 1);
        assert_eq!(first.events.len(), 1, "the cited report is kept");

        store
            .ingest_batch(&[proposal("b", "GHA", "TGO")])
            .expect("ingest");
        let changed = cache.snapshot(&store).expect("snapshot");
        assert!(!Arc::ptr_eq(&first, &changed));
        assert_eq!(changed.storylines.len(), 2);
        // The cached answer is the one a fresh build gives.
        let fresh = StorylineSnapshot::build(&store, &StorylineOptions::default()).expect("build");
        assert_eq!(changed.storylines, fresh.storylines);
    }

    #[test]
    fn reports_are_dated_by_their_documents() {
        let mut store = SqliteStore::open_in_memory().expect("store");
        store
            .ingest_batch(&[proposal("a", "CHL", "PER")])
            .expect("ingest");
        let reports = stored_reports(&store).expect("reports");
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].reported_on, "2026-05-01".parse().ok());
    }
}
