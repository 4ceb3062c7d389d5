//! `dyad ingest`: read, code and store documents, idempotently.
//!
//! The engine reads and codes documents on other threads while this
//! thread commits each batch in one transaction. A document
//! already stored (same text, or same URL) is skipped, so rerunning after
//! an interruption completes the work without duplicates.

use super::query::database_path;
use crate::inputs::{self, DiagnosticCounts};
use crate::pipeline::load_engine;
use crate::progress;
use crate::Common;
use anyhow::Context;
use dyad_engine::{IngestObserver, IngestOptions};
use dyad_store::{IngestSummary, SqliteStore};
use dyad_types::Diagnostic;
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

/// Reports what an ingest does as it goes: diagnostics on standard error
/// (counted for the exit code) and committed documents on the progress bar.
struct Progress {
    counts: DiagnosticCounts,
    quiet: bool,
    bar: indicatif::ProgressBar,
}

impl IngestObserver for Progress {
    fn diagnostic(&mut self, diagnostic: &Diagnostic) {
        self.counts.report(diagnostic, self.quiet);
    }

    fn committed(&mut self, batch: &IngestSummary) {
        let done = batch.documents_new + batch.documents_skipped + batch.failed.len();
        self.bar.inc(u64::try_from(done).unwrap_or(u64::MAX));
        self.bar.set_message(format!(
            "{} new, {} skipped",
            batch.documents_new, batch.documents_skipped
        ));
    }
}

/// Runs `dyad ingest`.
pub fn run(args: &Args, common: &Common) -> anyhow::Result<ExitCode> {
    let inputs = inputs::expand(&args.paths)?;
    let (engine, dictionary_diagnostics) = load_engine(&common.engine_options())?;
    let mut progress = Progress {
        counts: DiagnosticCounts::default(),
        quiet: common.quiet,
        bar: progress::documents_bar(None, common.quiet),
    };
    for diagnostic in &dictionary_diagnostics {
        progress.counts.report(diagnostic, common.quiet);
    }
    let (mut store, database_label) = if args.dry_run {
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
    let options = IngestOptions {
        read: inputs::read_options(common),
        batch_size: args.batch_size.max(1),
    };
    let result = engine.ingest(&inputs, &mut store, &options, &mut progress);
    progress.bar.finish_and_clear();
    let summary = result.context("cannot store the documents")?;
    if !common.quiet || !summary.failed.is_empty() {
        print_summary(&summary, &database_label, args.dry_run);
    }
    Ok(
        if summary.failed.is_empty() && progress.counts.errors == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        },
    )
}
