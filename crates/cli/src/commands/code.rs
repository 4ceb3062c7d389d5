//! `dyad code`: documents in, event records (JSON Lines) out.

use crate::inputs::{self, DiagnosticCounts};
use crate::pipeline::load_engine;
use crate::progress;
use crate::Common;
use anyhow::Context;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Documents are processed in chunks of this many, so that memory stays
/// bounded on large inputs while every core has work.
const CHUNK_DOCUMENTS: usize = 64;

/// Flags of `dyad code`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, directories (read recursively) or `-` for standard input.
    /// No path reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Write the events here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `dyad code`.
pub fn run(args: &Args, common: &Common) -> anyhow::Result<ExitCode> {
    let inputs = inputs::expand(&args.paths)?;
    let (engine, dictionary_diagnostics) = load_engine(&common.engine_options())?;
    let mut counts = DiagnosticCounts::default();
    for diagnostic in &dictionary_diagnostics {
        counts.report(diagnostic, common.quiet);
    }
    let mut output: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let options = inputs::read_options(common);
    let bar = progress::documents_bar(None, common.quiet);
    let mut events_written = 0usize;
    for input in &inputs {
        let documents = inputs::read(input, &options, &mut counts, common.quiet);
        for chunk in documents.chunks(CHUNK_DOCUMENTS) {
            for processed in engine.analyse_batch(chunk) {
                for diagnostic in &processed.diagnostics {
                    counts.report(diagnostic, common.quiet);
                }
                for event in &processed.events {
                    serde_json::to_writer(&mut output, event).context("cannot write an event")?;
                    output.write_all(b"\n").context("cannot write an event")?;
                    events_written += 1;
                }
            }
            bar.inc(chunk.len() as u64);
        }
    }
    output.flush().context("cannot write the events")?;
    bar.finish_and_clear();
    if !common.quiet {
        eprintln!(
            "dyad: {} documents, {events_written} events, {} errors, {} warnings",
            bar.position(),
            counts.errors,
            counts.warnings
        );
    }
    Ok(if counts.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
