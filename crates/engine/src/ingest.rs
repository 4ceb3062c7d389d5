//! Ingest: inputs read, analysed and committed to a store in batches.

use crate::documents::{read_input, Input};
use crate::engine::Engine;
use crate::error::{EngineError, Result};
use dyad_intake::ReadOptions;
use dyad_store::{FailedDocument, IngestItem, IngestSummary, Store};
use dyad_types::Diagnostic;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// Batches that may wait between analysis and the store writer: enough to
/// keep the writer busy while the next batch is analysed, few enough that
/// memory stays flat.
const QUEUED_BATCHES: usize = 2;

/// How an ingest runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestOptions {
    /// How inputs are read (format, default date, size limits).
    pub read: ReadOptions,
    /// Documents per committed batch: a crash loses at most the batch in
    /// flight, which the next run redoes (documents already stored are
    /// skipped).
    pub batch_size: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            read: ReadOptions::default(),
            batch_size: 64,
        }
    }
}

/// Hears about an ingest while it runs, on the thread that called
/// [`Engine::ingest`]. Every method does nothing by default.
pub trait IngestObserver {
    /// A problem found reading, annotating or coding a document.
    fn diagnostic(&mut self, diagnostic: &Diagnostic) {
        let _ = diagnostic;
    }

    /// A batch was committed; `batch` is what it did.
    fn committed(&mut self, batch: &IngestSummary) {
        let _ = batch;
    }
}

/// An observer that ignores everything.
impl IngestObserver for () {}

/// What the analysis side sends the writer.
enum Message {
    Diagnostic(Diagnostic),
    Batch(Vec<IngestItem>),
    Unreadable(FailedDocument),
}

impl Engine {
    /// Reads `inputs`, analyses their documents and stores them in
    /// `store`, committing `options.batch_size` documents at a time, in
    /// input order. Analysis runs on other threads while the calling
    /// thread writes, so the store need not be `Send`.
    ///
    /// Documents already stored are skipped, so rerunning after an
    /// interruption completes the work without duplicates. An input that
    /// cannot be read is counted in [`IngestSummary::failed`] with the
    /// reader's reason; content problems reach `observer` as diagnostics.
    /// `Err` means the store failed; what was committed before stays.
    pub fn ingest(
        &self,
        inputs: &[Input],
        store: &mut dyn Store,
        options: &IngestOptions,
        observer: &mut dyn IngestObserver,
    ) -> Result<IngestSummary> {
        let (sender, receiver) = sync_channel::<Message>(QUEUED_BATCHES);
        std::thread::scope(|scope| {
            let analysis = scope.spawn(move || self.analyse_inputs(inputs, options, &sender));
            let written = write_batches(receiver, store, observer);
            // The receiver is gone once writing stops, so the analysis
            // thread ends at its next send even after a store failure.
            let joined = analysis.join();
            let summary = written?;
            joined.map_err(|_| EngineError::Internal("the analysis thread panicked".into()))?;
            Ok(summary)
        })
    }

    /// Reads every input and sends its documents' analyses in batches.
    /// Stops early when the writer has gone.
    fn analyse_inputs(
        &self,
        inputs: &[Input],
        options: &IngestOptions,
        sender: &SyncSender<Message>,
    ) {
        for input in inputs {
            let documents = match read_input(input, &options.read) {
                Ok(outcome) => {
                    for diagnostic in outcome.diagnostics {
                        if sender.send(Message::Diagnostic(diagnostic)).is_err() {
                            return;
                        }
                    }
                    outcome.documents
                }
                Err(error) => {
                    let failed = FailedDocument {
                        doc_id: input.label(),
                        reason: error.to_string(),
                    };
                    if sender.send(Message::Unreadable(failed)).is_err() {
                        return;
                    }
                    continue;
                }
            };
            for chunk in documents.chunks(options.batch_size.max(1)) {
                let batch = self.ingest_items(chunk.to_vec());
                for item in &batch {
                    for diagnostic in &item.diagnostics {
                        if sender
                            .send(Message::Diagnostic(diagnostic.clone()))
                            .is_err()
                        {
                            return;
                        }
                    }
                }
                if sender.send(Message::Batch(batch)).is_err() {
                    return;
                }
            }
        }
    }
}

/// Commits every batch received, in order, reporting to `observer`.
fn write_batches(
    receiver: Receiver<Message>,
    store: &mut dyn Store,
    observer: &mut dyn IngestObserver,
) -> Result<IngestSummary> {
    let mut total = IngestSummary::default();
    let mut unreadable = Vec::new();
    for message in receiver {
        match message {
            Message::Diagnostic(diagnostic) => observer.diagnostic(&diagnostic),
            Message::Unreadable(failed) => unreadable.push(failed),
            Message::Batch(batch) => {
                let summary = store.ingest_batch(&batch)?;
                observer.committed(&summary);
                total.absorb(summary);
            }
        }
    }
    total.failed.append(&mut unreadable);
    Ok(total)
}
