//! One writer thread that commits batches while the caller codes the next
//! ones.

use crate::error::Result;
use crate::model::{IngestItem, IngestSummary};
use crate::Store;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

/// Owns a store on a thread of its own and commits the batches sent to it,
/// in the order sent, each in one transaction.
///
/// Coding runs in parallel elsewhere; this keeps the store single-writer
/// (which SQLite requires) while the next batch is being coded. The channel
/// is bounded so that coding cannot run far ahead of the disk.
pub struct BatchWriter<S: Store + Send + 'static> {
    sender: SyncSender<Vec<IngestItem>>,
    thread: JoinHandle<(S, Result<IngestSummary>)>,
}

impl<S: Store + Send + 'static> BatchWriter<S> {
    /// Starts the writer thread; at most `queued_batches` batches wait.
    /// `on_commit` is called on the writer thread after each batch commits,
    /// with that batch's summary (for progress display).
    pub fn spawn(
        mut store: S,
        queued_batches: usize,
        mut on_commit: impl FnMut(&IngestSummary) + Send + 'static,
    ) -> BatchWriter<S> {
        let (sender, receiver) = sync_channel::<Vec<IngestItem>>(queued_batches.max(1));
        let thread = std::thread::spawn(move || {
            let mut total = IngestSummary::default();
            for batch in receiver {
                match store.ingest_batch(&batch) {
                    Ok(summary) => {
                        on_commit(&summary);
                        total.absorb(summary);
                    }
                    // The first failure ends the run: later batches would
                    // fail the same way, and committed ones are safe.
                    Err(error) => return (store, Err(error)),
                }
            }
            (store, Ok(total))
        });
        BatchWriter { sender, thread }
    }

    /// Queues a batch. Returns `false` when the writer has stopped after an
    /// error; [`BatchWriter::finish`] then reports it.
    pub fn send(&self, batch: Vec<IngestItem>) -> bool {
        self.sender.send(batch).is_ok()
    }

    /// Waits for every queued batch to commit and returns the store and the
    /// summary of the whole run (or the error that stopped it).
    pub fn finish(self) -> (S, Result<IngestSummary>) {
        // Closing the channel ends the writer's loop once the queue drains.
        drop(self.sender);
        match self.thread.join() {
            Ok(outcome) => outcome,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}
