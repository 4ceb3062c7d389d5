//! `dyad ingest`: read, code and store documents, idempotently.
//!
//! Documents are coded in parallel (by the pipeline, chunk by chunk) while
//! one writer thread commits each chunk in one transaction. A document
//! already stored (same text, or same URL) is skipped, so rerunning after
//! an interruption completes the work without duplicates.

use super::query::database_path;
use crate::inputs::{self, DiagnosticCounts};
use crate::pipeline::Engine;
use crate::progress;
use crate::Common;
use anyhow::Context;
use dyad_store::{BatchWriter, FailedDocument, IngestItem, IngestSummary, SqliteStore};
use std::path::PathBuf;
use std::process::ExitCode;

/// Flags of `dyad ingest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, directories (read recursively), feeds, JSON Lines, or `-` for
    /// standard input. No path reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The database (default: $DYAD_HOME/dyad.sqlite, else
    /// ~/.cache/dyad/dyad.sqlite). Created when missing.
    #[arg(long, env = "DYAD_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Read and code everything and report what would be stored into an
    /// empty database, without writing anything.
    #[arg(long)]
    pub dry_run: bool,

    /// Documents per committed batch: a crash loses at most the batch in
    /// flight, which the next run redoes.
    #[arg(long, default_value_t = 64, value_name = "N")]
    pub batch_size: usize,
}

/// Prints the end-of-run summary on standard error.
fn print_summary(summary: &IngestSummary, database: &str, dry_run: bool) {
    let verb = if dry_run { "would store" } else { "stored" };
    eprintln!(
        "dyad: {verb} {} new documents ({} already stored, {} failed), {} events in {} new clusters ({} merged) in {database}",
        summary.documents_new,
        summary.documents_skipped,
        summary.failed.len(),
        summary.events_stored,
        summary.clusters_created,
        summary.clusters_merged,
    );
    for failed in &summary.failed {
        eprintln!("dyad: failed: {}: {}", failed.doc_id, failed.reason);
    }
}

/// Runs `dyad ingest`.
pub fn run(args: &Args, common: &Common) -> anyhow::Result<ExitCode> {
    let inputs = inputs::expand(&args.paths)?;
    let (engine, dictionary_diagnostics) = Engine::load(common)?;
    let mut counts = DiagnosticCounts::default();
    for diagnostic in &dictionary_diagnostics {
        counts.report(diagnostic, common.quiet);
    }
    let (store, database_label) = if args.dry_run {
        (
            SqliteStore::open_in_memory()?,
            "a dry run (nothing written)".to_string(),
        )
    } else {
        let path = database_path(args.db.as_deref())?;
        let store =
            SqliteStore::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
        (store, path.display().to_string())
    };
    let bar = progress::documents_bar(None, common.quiet);
    let committed_bar = bar.clone();
    let writer = BatchWriter::spawn(store, 2, move |summary| {
        let done = summary.documents_new + summary.documents_skipped + summary.failed.len();
        committed_bar.inc(u64::try_from(done).unwrap_or(u64::MAX));
        committed_bar.set_message(format!(
            "{} new, {} skipped",
            summary.documents_new, summary.documents_skipped
        ));
    });
    // Inputs that cannot be read at all never reach the store; they are
    // counted as failed documents with the reader's reason.
    let mut unreadable: Vec<FailedDocument> = Vec::new();
    let options = inputs::read_options(common);
    'inputs: for input in &inputs {
        let documents = match dyad_intake::read_input(input, &options) {
            Ok(outcome) => {
                for diagnostic in &outcome.diagnostics {
                    counts.report(diagnostic, common.quiet);
                }
                outcome.documents
            }
            Err(error) => {
                unreadable.push(FailedDocument {
                    doc_id: input.label(),
                    reason: error.to_string(),
                });
                continue;
            }
        };
        for chunk in documents.chunks(args.batch_size.max(1)) {
            let batch: Vec<IngestItem> = engine
                .process_batch(chunk)
                .into_iter()
                .zip(chunk)
                .map(|(processed, document)| {
                    for diagnostic in &processed.diagnostics {
                        counts.report(diagnostic, common.quiet);
                    }
                    IngestItem {
                        document: document.clone(),
                        sentences: processed
                            .annotated
                            .sentences
                            .iter()
                            .map(|sentence| sentence.span)
                            .collect(),
                        events: processed.events,
                        diagnostics: processed.diagnostics,
                    }
                })
                .collect();
            if !writer.send(batch) {
                // The writer stopped on an error; `finish` reports it.
                break 'inputs;
            }
        }
    }
    let (_, result) = writer.finish();
    bar.finish_and_clear();
    let mut summary = result.context("cannot store the documents")?;
    summary.failed.append(&mut unreadable);
    if !common.quiet || !summary.failed.is_empty() {
        print_summary(&summary, &database_label, args.dry_run);
    }
    Ok(if summary.failed.is_empty() && counts.errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
