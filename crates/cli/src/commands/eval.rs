//! `dyad eval`: scores the coder on a gold file (PETRARCH validation XML or
//! PLOVER JSON). Coding and scoring live in `dyad_engine::eval`; this file
//! only loads the engine and prints the report.

use crate::pipeline::load_engine;
use crate::Common;
use anyhow::Context;
use dyad_engine::eval::{read_gold, with_environment};
use std::path::PathBuf;
use std::process::ExitCode;

/// Flags of `dyad eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The gold file: PETRARCH validation XML (`<Sentence>` with
    /// `<EventCoding>`) or PLOVER gold-standard JSON (a list of records).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Directory holding the dictionary files that the gold file's
    /// `<Environment>` block names; they are loaded unless a dictionary flag
    /// already names a file of that kind.
    #[arg(long, value_name = "DIR")]
    pub dict_dir: Option<PathBuf>,

    /// Print the report as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs `dyad eval`.
pub fn run(args: &Args, common: &Common) -> anyhow::Result<ExitCode> {
    let (gold, diagnostics) =
        read_gold(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    if !common.quiet {
        for diagnostic in &diagnostics {
            eprintln!("{diagnostic}");
        }
    }
    let options = match &args.dict_dir {
        Some(dir) => with_environment(&common.engine_options(), &gold, dir),
        None => common.engine_options(),
    };
    let (engine, dictionary_diagnostics) = load_engine(&options)?;
    if !common.quiet {
        for diagnostic in &dictionary_diagnostics {
            eprintln!("{diagnostic}");
        }
    }
    let report = engine.evaluate(&gold, &args.file.display().to_string(), common.date);
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).context("cannot write the report")?
        );
    } else {
        print!("{}", report.render_text());
    }
    Ok(ExitCode::SUCCESS)
}
