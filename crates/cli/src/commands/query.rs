//! `dyad query`: stored event reports by actor, country, dyad, code,
//! category, modality, date and words, as a table, JSON Lines or CSV; or a
//! dyad's time series.

use crate::Common;
use anyhow::Context;
use dyad_store::{Dyad, EventFilter, Granularity, SqliteStore, Store, StoredEvent};
use dyad_types::Modality;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The database file: `--db`, else `$DYAD_DB`, else the default location.
pub fn database_path(db: Option<&Path>) -> anyhow::Result<PathBuf> {
    match db {
        Some(path) => Ok(path.to_path_buf()),
        None => dyad_store::default_database_path().context(
            "no --db given and neither DYAD_HOME nor HOME is set to find the default database",
        ),
    }
}

/// Opens an existing database; querying a database that does not exist is
/// a mistake worth reporting rather than silently creating an empty one.
pub fn open_existing(db: Option<&Path>) -> anyhow::Result<SqliteStore> {
    let path = database_path(db)?;
    if !path.exists() {
        anyhow::bail!(
            "no database at {}; run `dyad ingest` first or pass --db",
            path.display()
        );
    }
    SqliteStore::open(&path).with_context(|| format!("cannot open {}", path.display()))
}

/// The filters shared by `dyad query` and `dyad export`.
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// Reports whose source or target code or name contains this text
    /// (case-insensitive).
    #[arg(long, value_name = "TEXT")]
    pub actor: Option<String>,

    /// Reports involving this ISO alpha-3 country (as source, target or
    /// place).
    #[arg(long, value_name = "ISO3")]
    pub country: Option<String>,

    /// A dyad of actor code prefixes: `USA-RUS` (either direction) or
    /// `USA->RUS` (USA acting on RUS).
    #[arg(long, value_name = "A-B", value_parser = parse_dyad)]
    pub dyad: Option<Dyad>,

    /// A CAMEO code or prefix: `04` matches 040 to 046.
    #[arg(long, value_name = "CODE")]
    pub cameo: Option<String>,

    /// A PLOVER category, e.g. CONSULT.
    #[arg(long, value_name = "CATEGORY")]
    pub plover: Option<String>,

    /// asserted, planned, hypothetical, negated or claimed.
    #[arg(long, value_name = "MODALITY", value_parser = parse_modality)]
    pub modality: Option<Modality>,

    /// Earliest date (inclusive), YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub from: Option<chrono::NaiveDate>,

    /// Latest date (inclusive), YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub to: Option<chrono::NaiveDate>,

    /// Full-text search over the reports' sentences (SQLite FTS5 syntax:
    /// words, "phrases", OR, NOT, prefix*).
    #[arg(long, value_name = "QUERY")]
    pub search: Option<String>,

    /// At most this many reports.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

impl FilterArgs {
    /// The store filter these flags describe.
    pub fn filter(&self) -> EventFilter {
        EventFilter {
            actor: self.actor.clone(),
            country: self.country.clone(),
            dyad: self.dyad.clone(),
            cameo: self.cameo.clone(),
            plover: self.plover.clone(),
            modality: self.modality,
            date_from: self.from,
            date_to: self.to,
            text: self.search.clone(),
            limit: self.limit,
        }
    }
}

fn parse_dyad(text: &str) -> Result<Dyad, String> {
    Dyad::parse(text).ok_or_else(|| format!("expected A-B or A->B, got {text:?}"))
}

fn parse_modality(text: &str) -> Result<Modality, String> {
    Modality::from_name(text)
        .ok_or_else(|| format!("unknown modality {text:?}; expected asserted, planned, hypothetical, negated or claimed"))
}

fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("expected YYYY-MM-DD, got {text:?}"))
}

fn parse_granularity(text: &str) -> Result<Granularity, String> {
    Granularity::from_name(text).ok_or_else(|| format!("expected day, week or month, got {text:?}"))
}

/// How `dyad query` prints its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// An aligned table for reading.
    Table,
    /// One event record (plus `cluster_id`) per line.
    Jsonl,
    /// The flat columns of `dyad export --format csv`.
    Csv,
}

/// Flags of `dyad query`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The database (default: $DYAD_HOME/dyad.sqlite, else
    /// ~/.cache/dyad/dyad.sqlite).
    #[arg(long, env = "DYAD_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutputFormat,

    /// Instead of reports, print the --dyad's counts by QuadClass and mean
    /// Goldstein score per day, week or month.
    #[arg(long, value_name = "PERIOD", value_parser = parse_granularity, requires = "dyad")]
    pub series: Option<Granularity>,
}

/// Cuts text to at most `width` characters, on a character boundary.
fn clip(text: &str, width: usize) -> String {
    let mut clipped: String = text.chars().take(width).collect();
    if text.chars().nth(width).is_some() {
        clipped.pop();
        clipped.push('…');
    }
    clipped
}

fn actor_label(actor: Option<&dyad_types::ActorRef>) -> String {
    actor
        .map(|actor| actor.code.clone().unwrap_or_else(|| actor.text.clone()))
        .unwrap_or_else(|| "-".into())
}

fn write_table(events: &[StoredEvent], output: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        output,
        "{:<10}  {:<17}  {:<5}  {:<10}  {:<9}  {:<10}  {:<10}  sentence",
        "date", "cluster", "cameo", "plover", "modality", "source", "target"
    )?;
    for stored in events {
        let event = &stored.event;
        writeln!(
            output,
            "{:<10}  {:<17}  {:<5}  {:<10}  {:<9}  {:<10}  {:<10}  {}",
            event
                .date
                .map(|date| date.to_string())
                .unwrap_or_else(|| "-".into()),
            stored.cluster_id,
            event.cameo,
            clip(&event.plover, 10),
            event.modality.name(),
            clip(&actor_label(Some(&event.source)), 10),
            clip(&actor_label(event.target.as_ref()), 10),
            clip(&event.sentence.replace('\n', " "), 70),
        )?;
    }
    Ok(())
}

/// Runs `dyad query`.
pub fn run(args: &Args, _common: &Common) -> anyhow::Result<ExitCode> {
    let store = open_existing(args.db.as_deref())?;
    let stdout = std::io::stdout();
    let mut output = BufWriter::new(stdout.lock());
    if let (Some(granularity), Some(dyad)) = (args.series, &args.filters.dyad) {
        let series =
            store.dyad_time_series(dyad, granularity, args.filters.from, args.filters.to)?;
        match args.format {
            OutputFormat::Jsonl => {
                for point in &series {
                    serde_json::to_writer(&mut output, point).context("cannot write the series")?;
                    writeln!(output).context("cannot write the series")?;
                }
            }
            OutputFormat::Csv | OutputFormat::Table => {
                let separator = if args.format == OutputFormat::Csv {
                    ","
                } else {
                    "\t"
                };
                writeln!(
                    output,
                    "{}",
                    [
                        "period",
                        "total",
                        "quad1",
                        "quad2",
                        "quad3",
                        "quad4",
                        "mean_goldstein"
                    ]
                    .join(separator)
                )?;
                for point in &series {
                    let [q1, q2, q3, q4] = point.quad_counts;
                    writeln!(
                        output,
                        "{}",
                        [
                            point.period.to_string(),
                            point.total.to_string(),
                            q1.to_string(),
                            q2.to_string(),
                            q3.to_string(),
                            q4.to_string(),
                            format!("{:.3}", point.mean_goldstein)
                        ]
                        .join(separator)
                    )?;
                }
            }
        }
        output.flush().context("cannot write the series")?;
        return Ok(ExitCode::SUCCESS);
    }
    let filter = args.filters.filter();
    let label = Path::new("-");
    match args.format {
        OutputFormat::Jsonl => {
            dyad_store::export::write_jsonl(&store, &filter, &mut output, label)?;
        }
        OutputFormat::Csv => {
            dyad_store::export::write_csv(&store, &filter, &mut output, label)?;
        }
        OutputFormat::Table => {
            let events = store.query(&filter)?;
            write_table(&events, &mut output).context("cannot write the table")?;
        }
    }
    output.flush().context("cannot write the reports")?;
    Ok(ExitCode::SUCCESS)
}
