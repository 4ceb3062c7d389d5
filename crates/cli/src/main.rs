//! The `dyad` command-line tool: glue between the library crates.
//!
//! Each subcommand lives in `commands/`; this file only parses arguments,
//! sets up threads, runs the command and maps its result to an exit code.

mod commands;
mod common;
mod inputs;
mod pipeline;
mod progress;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

pub use common::Common;

/// Turns news into political event data.
///
/// dyad reads news documents, runs a spaCy-compatible English pipeline,
/// and codes who did what to whom, when, where, how sure and according to
/// whom, in CAMEO and PLOVER.
///
/// Exit codes: 0 success; 1 finished, but some input could not be used (see
/// the diagnostics on standard error); 2 a usage error or a fatal error
/// (missing model, unreadable dictionary, I/O failure).
#[derive(Debug, Parser)]
#[command(name = "dyad", version, about, long_about)]
struct Cli {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Code documents into event records (JSON Lines).
    Code(commands::code::Args),
    /// Tokenize, tag, parse and find entities; write spaCy-style JSON Lines.
    Annotate(commands::annotate::Args),
    /// Check dictionary files, or look up an actor at a date.
    Dict(commands::dict::Args),
    /// Score the coder on a gold file (PETRARCH validation XML or PLOVER JSON).
    Eval(commands::eval::Args),
    /// Read, code and store documents in the event database.
    Ingest(commands::ingest::Args),
    /// Query stored events.
    Query(commands::query::Args),
    /// Export stored events as JSON Lines, CSV, Parquet or GDELT-style TSV.
    Export(commands::export::Args),
    /// List storylines: planned events followed from proposal to outcome.
    Storylines(commands::storylines::Args),
    /// Show one storyline's timeline with its evidence.
    Storyline(commands::storylines::StorylineArgs),
    /// Serve the HTTP API and the dashboard.
    Serve(commands::serve::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(threads) = cli.common.threads {
        // A second initialisation can only fail if something already built
        // the global pool, in which case its size stands; that is harmless.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global();
    }
    let result = match &cli.command {
        Command::Code(args) => commands::code::run(args, &cli.common),
        Command::Annotate(args) => commands::annotate::run(args, &cli.common),
        Command::Dict(args) => commands::dict::run(args, &cli.common),
        Command::Eval(args) => commands::eval::run(args, &cli.common),
        Command::Ingest(args) => commands::ingest::run(args, &cli.common),
        Command::Query(args) => commands::query::run(args, &cli.common),
        Command::Export(args) => commands::export::run(args, &cli.common),
        Command::Storylines(args) => commands::storylines::run(args, &cli.common),
        Command::Storyline(args) => commands::storylines::run_one(args, &cli.common),
        Command::Serve(args) => commands::serve::run(args, &cli.common),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                // The reader went away (`dyad code | head`): not an error.
                return ExitCode::SUCCESS;
            }
            eprintln!("dyad: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// True when the error chain ends in a broken pipe on standard output.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
