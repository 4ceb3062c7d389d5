//! The values that go into and come out of a store.

use dyad_types::{Date, Diagnostic, Document, Event, Modality, Span};
use serde::{Deserialize, Serialize};

/// One document as the pipeline produced it, ready to be stored.
#[derive(Debug, Clone)]
pub struct IngestItem {
    /// The document as read.
    pub document: Document,
    /// Byte ranges of its sentences (from the NLP stage). When empty, the
    /// sentences the events name are stored instead.
    pub sentences: Vec<Span>,
    /// The coded event reports, in document order.
    pub events: Vec<Event>,
    /// Problems found while reading, annotating or coding it. They are kept
    /// with the document so that a later reader can see why an event is
    /// missing.
    pub diagnostics: Vec<Diagnostic>,
}

impl IngestItem {
    /// An item with no sentences or diagnostics.
    pub fn new(document: Document, events: Vec<Event>) -> Self {
        IngestItem {
            document,
            sentences: Vec::new(),
            events,
            diagnostics: Vec::new(),
        }
    }
}

/// Why a document was not stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedDocument {
    /// The document's own id (or the input label when it never became a
    /// document).
    pub doc_id: String,
    /// The reason, in words.
    pub reason: String,
}

/// What an ingest run (or one batch of it) did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestSummary {
    /// Documents stored for the first time.
    pub documents_new: usize,
    /// Documents already in the store (same content hash or same URL),
    /// left untouched.
    pub documents_skipped: usize,
    /// Documents that could not be stored, with reasons.
    pub failed: Vec<FailedDocument>,
    /// Event reports stored.
    pub events_stored: usize,
    /// Event clusters created (a report that joins an existing cluster
    /// creates none).
    pub clusters_created: usize,
    /// Clusters that disappeared because a report joined them to an older
    /// cluster.
    pub clusters_merged: usize,
}

impl IngestSummary {
    /// Adds another summary's counts to this one.
    pub fn absorb(&mut self, other: IngestSummary) {
        self.documents_new += other.documents_new;
        self.documents_skipped += other.documents_skipped;
        self.failed.extend(other.failed);
        self.events_stored += other.events_stored;
        self.clusters_created += other.clusters_created;
        self.clusters_merged += other.clusters_merged;
    }
}

/// A stored document's identity and metadata (without its text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDocument {
    /// The document's own id.
    pub doc_id: String,
    /// Hex SHA-256 of the document text.
    pub content_sha256: String,
    /// Canonical URL, when the input had one.
    pub url: Option<String>,
    /// The outlet or agency.
    pub source: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Headline.
    pub title: Option<String>,
    /// Number of sentences stored for it.
    pub sentence_count: usize,
    /// Number of event reports stored for it.
    pub event_count: usize,
}

/// An event report as stored: the record `dyad code` writes plus the
/// cluster it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    /// The event record.
    #[serde(flatten)]
    pub event: Event,
    /// The id of the event cluster (the occurrence) this report belongs to.
    pub cluster_id: String,
}

/// Extra facts about a stored event that are not part of the event record
/// but that exports such as the GDELT table need.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventContext {
    /// Store-wide integer id of the report, in ingest order.
    pub row_id: i64,
    /// The date used for the report: its own date, else its document's.
    pub effective_date: Option<Date>,
    /// The document's URL.
    pub url: Option<String>,
    /// The document's outlet.
    pub outlet: Option<String>,
    /// Reports in the event's cluster.
    pub cluster_reports: usize,
    /// Distinct documents in the event's cluster.
    pub cluster_documents: usize,
    /// Distinct outlets in the event's cluster.
    pub cluster_outlets: usize,
}

/// An event cluster: one occurrence, reported one or more times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cluster {
    /// Stable id (see `docs/store.md`).
    pub cluster_id: String,
    /// Number of reports in it.
    pub report_count: usize,
    /// Ids of the documents the reports come from, sorted, without repeats.
    pub documents: Vec<String>,
    /// The outlets of those documents, sorted, without repeats.
    pub outlets: Vec<String>,
    /// Earliest report (document) date.
    pub first_report: Option<Date>,
    /// Latest report (document) date.
    pub last_report: Option<Date>,
    /// Event ids of the member reports, in ingest order.
    pub event_ids: Vec<String>,
}

/// How the two actors of a dyad filter are matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DyadDirection {
    /// Source is the first actor and target the second.
    Directed,
    /// Either actor may be the source.
    Either,
}

/// A dyad: two actor code prefixes (`USA` matches `USAGOV`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dyad {
    /// First actor code prefix.
    pub first: String,
    /// Second actor code prefix.
    pub second: String,
    /// Whether the order matters.
    pub direction: DyadDirection,
}

impl Dyad {
    /// Parses `A-B` (either direction), `A->B` (directed) or `A–B` (en dash,
    /// either direction). Returns `None` when either side is empty.
    pub fn parse(text: &str) -> Option<Dyad> {
        let (first, second, direction) = if let Some((a, b)) = text.split_once("->") {
            (a, b, DyadDirection::Directed)
        } else if let Some((a, b)) = text.split_once('–') {
            (a, b, DyadDirection::Either)
        } else if let Some((a, b)) = text.split_once('-') {
            (a, b, DyadDirection::Either)
        } else {
            return None;
        };
        let (first, second) = (first.trim(), second.trim());
        if first.is_empty() || second.is_empty() {
            return None;
        }
        Some(Dyad {
            first: first.to_uppercase(),
            second: second.to_uppercase(),
            direction,
        })
    }
}

/// Which reports a query returns. Every set field narrows the result; an
/// empty filter selects everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFilter {
    /// Case-insensitive substring of the source's or target's code or name.
    pub actor: Option<String>,
    /// ISO alpha-3 country of the source or the target (or the location).
    pub country: Option<String>,
    /// A dyad of actor code prefixes.
    pub dyad: Option<Dyad>,
    /// A CAMEO code or prefix (`04` matches `040`..`046`).
    pub cameo: Option<String>,
    /// A PLOVER category, case-insensitive.
    pub plover: Option<String>,
    /// Only reports of this modality.
    pub modality: Option<Modality>,
    /// Earliest effective date, inclusive.
    pub date_from: Option<Date>,
    /// Latest effective date, inclusive.
    pub date_to: Option<Date>,
    /// An FTS5 full-text query over the reports' sentences.
    pub text: Option<String>,
    /// At most this many reports.
    pub limit: Option<usize>,
}

/// The width of a time-series bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// Calendar days.
    Day,
    /// ISO weeks, labelled by their Monday.
    Week,
    /// Calendar months, labelled by their first day.
    Month,
}

impl Granularity {
    /// Parses `day`, `week` or `month`.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "day" | "daily" => Granularity::Day,
            "week" | "weekly" => Granularity::Week,
            "month" | "monthly" => Granularity::Month,
            _ => return None,
        })
    }

    /// The first day of the bucket `date` falls in.
    pub fn bucket_start(self, date: Date) -> Date {
        use chrono::Datelike;
        match self {
            Granularity::Day => date,
            Granularity::Week => {
                let back = u64::from(date.weekday().num_days_from_monday());
                date.checked_sub_days(chrono::Days::new(back))
                    .unwrap_or(date)
            }
            Granularity::Month => date.with_day(1).unwrap_or(date),
        }
    }
}

/// One bucket of a dyad's time series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeSeriesPoint {
    /// First day of the bucket.
    pub period: Date,
    /// Reports per QuadClass: index 0 is QuadClass 1 (verbal cooperation)
    /// through index 3, QuadClass 4 (material conflict).
    pub quad_counts: [u64; 4],
    /// All reports in the bucket.
    pub total: u64,
    /// Mean Goldstein score of the bucket's reports.
    pub mean_goldstein: f64,
}

/// Counts of what a store holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreCounts {
    /// Documents.
    pub documents: usize,
    /// Sentences.
    pub sentences: usize,
    /// Event reports.
    pub events: usize,
    /// Live event clusters (merged ones are not counted).
    pub clusters: usize,
}
