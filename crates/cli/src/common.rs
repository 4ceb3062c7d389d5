//! Options shared by every subcommand.

use std::path::PathBuf;

/// Options that every subcommand accepts, before or after its name.
#[derive(Debug, Clone, clap::Args)]
pub struct Common {
    /// The spaCy model package: a wheel file or an installed
    /// `en_core_web_sm` directory. Default: $DYAD_HOME/models (see README).
    #[arg(long, global = true, env = "DYAD_MODEL", value_name = "PATH")]
    pub model: Option<PathBuf>,

    /// Date (YYYY-MM-DD) for documents that carry none; used to resolve
    /// relative dates and who held which office. Never the current clock.
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,

    /// Input format, instead of detecting it from the content: text, html,
    /// jsonl, rss, atom, petrarch-xml.
    #[arg(long, global = true, value_name = "FORMAT", value_parser = parse_format)]
    pub input_format: Option<dyad_types::InputFormat>,

    /// Verb dictionary replacing the built-in one (dyad or PETRARCH format).
    #[arg(long, global = true, value_name = "FILE")]
    pub verbs: Option<PathBuf>,

    /// Actor dictionary replacing the built-in ones; repeatable.
    #[arg(long, global = true, value_name = "FILE")]
    pub actors: Vec<PathBuf>,

    /// Agent dictionary replacing the built-in one.
    #[arg(long, global = true, value_name = "FILE")]
    pub agents: Option<PathBuf>,

    /// Discard dictionary (PETRARCH format).
    #[arg(long, global = true, value_name = "FILE")]
    pub discards: Option<PathBuf>,

    /// Worker threads (default: one per core).
    #[arg(long, global = true, value_name = "N")]
    pub threads: Option<usize>,

    /// Print no progress and no warnings; errors are still printed.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("expected YYYY-MM-DD, got {text:?}"))
}

fn parse_format(text: &str) -> Result<dyad_types::InputFormat, String> {
    dyad_types::InputFormat::from_name(text).ok_or_else(|| {
        format!("unknown format {text:?}; expected text, html, jsonl, rss, atom or petrarch-xml")
    })
}
