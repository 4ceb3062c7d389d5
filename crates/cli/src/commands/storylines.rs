//! `dyad storylines` and `dyad storyline ID`: planned events — summits,
//! talks, visits, ceasefires — followed from proposal to outcome.
//!
//! Storylines are rebuilt from the event reports on every run (they are a
//! deterministic function of the reports), read from the store or, with
//! `--events`, from a JSON Lines file as `dyad code` writes it.

use crate::Common;
use anyhow::Context;
use dyad_engine::storylines::{self, ReportedEvent, Storyline, StorylineOptions, StorylineStatus};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Where the event reports come from and how storylines are built; shared
/// by both commands.
#[derive(Debug, Clone, clap::Args)]
pub struct SourceArgs {
    /// The event database (default: $DYAD_HOME/dyad.sqlite).
    #[arg(long, value_name = "PATH", conflicts_with = "events")]
    pub db: Option<PathBuf>,

    /// Read event records from this JSON Lines file (as `dyad code` writes
    /// them) instead of the database. A line's `document_date` field, else
    /// a YYYY-MM-DD in its document id, gives the report date.
    #[arg(long, value_name = "FILE")]
    pub events: Option<PathBuf>,

    /// A storyline with no report for more than this many days before the
    /// newest report is stalled.
    #[arg(long, value_name = "DAYS", default_value_t = StorylineOptions::default().stall_after_days)]
    pub stall_days: i64,

    /// A report links to a storyline only within this many days of the
    /// storyline's newest report.
    #[arg(long, value_name = "DAYS", default_value_t = StorylineOptions::default().link_window_days)]
    pub link_window_days: i64,
}

/// Output formats of `dyad storylines`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// One line per storyline for people.
    Table,
    /// One JSON object per storyline, with transitions and evidence.
    Jsonl,
}

/// Flags of `dyad storylines`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub source: SourceArgs,

    /// Only storylines in this status: proposed, agreed, scheduled, held,
    /// postponed, cancelled, stalled.
    #[arg(long, value_name = "S", value_parser = parse_status)]
    pub status: Option<StorylineStatus>,

    /// Only storylines with this participant or mediator (a country or
    /// organisation code such as RUS or NATO; case-insensitive).
    #[arg(long, value_name = "A")]
    pub actor: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Output formats of `dyad storyline ID`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OneFormat {
    /// The timeline with its evidence, for people.
    Timeline,
    /// The storyline as one JSON object.
    Json,
}

/// Flags of `dyad storyline ID`.
#[derive(Debug, clap::Args)]
pub struct StorylineArgs {
    /// The storyline id, as `dyad storylines` shows it (`sl-...`).
    #[arg(value_name = "ID")]
    pub id: String,

    #[command(flatten)]
    pub source: SourceArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OneFormat::Timeline)]
    pub format: OneFormat,
}

fn parse_status(text: &str) -> Result<StorylineStatus, String> {
    StorylineStatus::from_name(text).ok_or_else(|| {
        format!("unknown status {text:?}; expected proposed, agreed, scheduled, held, postponed, cancelled or stalled")
    })
}

/// Reads the reports and builds the storylines; diagnostics about the event
/// file go to standard error unless `--quiet`. Returns the storylines and
/// whether some input could not be used.
fn load(source: &SourceArgs, common: &Common) -> anyhow::Result<(Vec<Storyline>, bool)> {
    let (mut reports, had_problems) = match &source.events {
        Some(path) => {
            let (reports, diagnostics) = storylines::read_event_file(path)?;
            if !common.quiet {
                for diagnostic in &diagnostics {
                    eprintln!("dyad: {diagnostic}");
                }
            }
            (reports, !diagnostics.is_empty())
        }
        None => (reports_from_store(source)?, false),
    };
    // `--date` is the date of documents that carry none, as in `dyad code`,
    // so it also dates the reports whose document date is unknown.
    if let Some(date) = common.date {
        for report in reports
            .iter_mut()
            .filter(|report| report.reported_on.is_none())
        {
            report.reported_on = Some(date);
        }
    }
    let options = StorylineOptions {
        link_window_days: source.link_window_days,
        stall_after_days: source.stall_days,
    };
    Ok((
        storylines::build_storylines(&reports, &options),
        had_problems,
    ))
}

/// Every stored report with its document's date as the report date, read
/// as the server reads it.
fn reports_from_store(source: &SourceArgs) -> anyhow::Result<Vec<ReportedEvent>> {
    let store = super::query::open_existing(source.db.as_deref())?;
    storylines::stored_reports(&store).context("cannot read the stored reports")
}

/// Runs `dyad storylines`.
pub fn run(args: &Args, common: &Common) -> anyhow::Result<ExitCode> {
    let (storylines, had_problems) = load(&args.source, common)?;
    let selected: Vec<Storyline> = storylines
        .into_iter()
        .filter(|storyline| args.status.is_none_or(|status| storyline.status == status))
        .filter(|storyline| {
            args.actor
                .as_deref()
                .is_none_or(|actor| storyline.involves(actor))
        })
        .collect();
    let mut output = BufWriter::new(std::io::stdout().lock());
    match args.format {
        ListFormat::Table => storylines::write_table(&selected, &mut output)?,
        ListFormat::Jsonl => storylines::write_jsonl(&selected, &mut output)?,
    }
    output.flush().context("cannot write the storylines")?;
    Ok(if had_problems {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Runs `dyad storyline ID`.
pub fn run_one(args: &StorylineArgs, common: &Common) -> anyhow::Result<ExitCode> {
    let (storylines, had_problems) = load(&args.source, common)?;
    let Some(storyline) = storylines.iter().find(|storyline| storyline.id == args.id) else {
        anyhow::bail!("no storyline {}; `dyad storylines` lists the ids", args.id);
    };
    let mut output = BufWriter::new(std::io::stdout().lock());
    match args.format {
        OneFormat::Timeline => storylines::write_timeline(storyline, &mut output)?,
        OneFormat::Json => {
            serde_json::to_writer_pretty(&mut output, storyline)
                .context("cannot write the storyline")?;
            output.write_all(b"\n")?;
        }
    }
    output.flush().context("cannot write the storyline")?;
    Ok(if had_problems {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
