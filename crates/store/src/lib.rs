//! The dyad event store: documents, sentences, event reports with their
//! evidence, and event clusters (reports merged into occurrences), with
//! query and export.
//!
//! This is the only crate of dyad that speaks SQL. [`Store`] is the
//! backend-neutral interface; [`SqliteStore`] is the embedded default. The
//! conformance suite in `src/conformance.rs` is written once against
//! [`Store`] and instantiated for every backend, so that a PostgreSQL
//! backend can be added and held to the same behaviour.
//!
//! Ingest is idempotent: a document is identified by the SHA-256 of its
//! text and, when it has one, by its URL, and a document already stored is
//! skipped. Each batch is committed in one transaction, so a crash loses at
//! most the batch in flight and a rerun completes the work without
//! duplicates. See `docs/store.md`.

mod cluster;
#[cfg(test)]
mod conformance;
mod error;
pub mod export;
mod model;
mod schema;
mod sqlite;
pub mod synthetic;
mod writer;

pub use cluster::{
    cluster_id_for, same_occurrence, ClusterActor, ClusterPlace, ClusterReport, DATE_WINDOW_DAYS,
};
pub use error::{Result, StoreError};
pub use model::{
    Cluster, Dyad, DyadDirection, EventContext, EventFilter, FailedDocument, Granularity,
    IngestItem, IngestSummary, StoreCounts, StoredDocument, StoredEvent, TimeSeriesPoint,
};
pub use schema::SCHEMA_VERSION;
pub use sqlite::SqliteStore;
pub use writer::BatchWriter;

use dyad_types::{Date, Span};
use std::path::PathBuf;

/// The order in which [`Store::for_each_event`] visits reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOrder {
    /// The order the reports were ingested in.
    Ingest,
    /// By effective date (undated reports last), then ingest order; used
    /// by date-partitioned exports.
    Date,
}

/// A stored sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSentence {
    /// 0-based index in its document.
    pub index: usize,
    /// Byte range in the document text.
    pub span: Span,
    /// The sentence text.
    pub text: String,
}

/// The operations every store backend provides.
///
/// Writes go through [`Store::ingest_batch`] only, so that the idempotence
/// and clustering rules live in one place per backend and are checked by
/// the conformance suite.
pub trait Store {
    /// Stores a batch of documents with their sentences, event reports and
    /// diagnostics in one transaction, and assigns the reports to clusters.
    /// Documents already stored (same text or same URL) are skipped and
    /// counted; documents that cannot be stored are reported in the summary
    /// and do not stop the batch.
    fn ingest_batch(&mut self, items: &[IngestItem]) -> Result<IngestSummary>;

    /// How many documents, sentences, reports and clusters are stored.
    fn counts(&self) -> Result<StoreCounts>;

    /// Every stored document, in ingest order.
    fn documents(&self) -> Result<Vec<StoredDocument>>;

    /// The stored text of the document with this content hash.
    fn document_text(&self, content_sha256: &str) -> Result<Option<String>>;

    /// The stored sentences of the document with this content hash.
    fn sentences(&self, content_sha256: &str) -> Result<Vec<StoredSentence>>;

    /// Visits the reports that match `filter`, in `order`, with the facts
    /// exports need. Stops early when the visitor returns an error and
    /// passes that error on.
    fn for_each_event(
        &self,
        filter: &EventFilter,
        order: EventOrder,
        visit: &mut dyn FnMut(StoredEvent, EventContext) -> Result<()>,
    ) -> Result<()>;

    /// The reports that match `filter`, in ingest order.
    fn query(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>> {
        let mut found = Vec::new();
        self.for_each_event(filter, EventOrder::Ingest, &mut |event, _| {
            found.push(event);
            Ok(())
        })?;
        Ok(found)
    }

    /// The cluster with this id. An id of a cluster that was merged into an
    /// older one resolves to the older one.
    fn cluster(&self, cluster_id: &str) -> Result<Option<Cluster>>;

    /// Every live cluster, in order of creation.
    fn clusters(&self) -> Result<Vec<Cluster>>;

    /// Report counts by QuadClass and mean Goldstein score per period for
    /// one dyad, between two dates (inclusive) when given.
    fn dyad_time_series(
        &self,
        dyad: &Dyad,
        granularity: Granularity,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<TimeSeriesPoint>>;
}

/// The database file used when no `--db` is given:
/// `$DYAD_HOME/dyad.sqlite`, else `$HOME/.cache/dyad/dyad.sqlite`. `None`
/// when neither variable is set.
pub fn default_database_path() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("DYAD_HOME").filter(|value| !value.is_empty()) {
        return Some(PathBuf::from(home).join("dyad.sqlite"));
    }
    let home = std::env::var_os("HOME").filter(|value| !value.is_empty())?;
    Some(
        PathBuf::from(home)
            .join(".cache")
            .join("dyad")
            .join("dyad.sqlite"),
    )
}

/// Hex SHA-256 of a document text: the identity the store gives documents.
pub fn content_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}
