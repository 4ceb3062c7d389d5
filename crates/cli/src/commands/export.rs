//! `dyad export`: stored event reports as JSON Lines, CSV, date-partitioned
//! Parquet or GDELT-style TSV.

use super::query::{open_existing, FilterArgs};
use crate::Common;
use anyhow::Context;
use dyad_store::export::{self, ExportFormat};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Flags of `dyad export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The database (default: $DYAD_HOME/dyad.sqlite, else
    /// ~/.cache/dyad/dyad.sqlite).
    #[arg(long, env = "DYAD_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// jsonl (the event record plus cluster_id), csv, parquet
    /// (date-partitioned directory) or gdelt-tsv (GDELT 2.0 event columns).
    #[arg(long, default_value = "jsonl", value_parser = parse_format)]
    pub format: ExportFormat,

    /// Write here instead of standard output; for parquet, a new or empty
    /// directory (required).
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub filters: FilterArgs,
}

fn parse_format(text: &str) -> Result<ExportFormat, String> {
    ExportFormat::from_name(text).ok_or_else(|| {
        format!("unknown format {text:?}; expected jsonl, csv, parquet or gdelt-tsv")
    })
}

/// Runs `dyad export`.
pub fn run(args: &Args, common: &Common) -> anyhow::Result<ExitCode> {
    let store = open_existing(args.db.as_deref())?;
    let filter = args.filters.filter();
    let summary = if args.format == ExportFormat::Parquet {
        let directory = args
            .output
            .as_deref()
            .context("--format parquet needs --output DIRECTORY")?;
        export::write_parquet(&store, &filter, directory)?
    } else {
        let (mut output, label): (Box<dyn Write>, &Path) = match &args.output {
            Some(path) => (
                Box::new(BufWriter::new(
                    std::fs::File::create(path)
                        .with_context(|| format!("cannot create {}", path.display()))?,
                )),
                path.as_path(),
            ),
            None => (
                Box::new(BufWriter::new(std::io::stdout().lock())),
                Path::new("-"),
            ),
        };
        match args.format {
            ExportFormat::Csv => export::write_csv(&store, &filter, &mut output, label)?,
            ExportFormat::GdeltTsv => export::write_gdelt_tsv(&store, &filter, &mut output, label)?,
            _ => export::write_jsonl(&store, &filter, &mut output, label)?,
        }
    };
    if !common.quiet {
        match summary.files.len() {
            0 => eprintln!("dyad: exported {} reports", summary.events),
            files => eprintln!(
                "dyad: exported {} reports into {files} partition files",
                summary.events
            ),
        }
    }
    Ok(ExitCode::SUCCESS)
}
