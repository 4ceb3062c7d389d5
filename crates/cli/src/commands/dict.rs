//! `dyad dict`: check dictionary files and look up actors.

use anyhow::Context as _;
use dyad_dict::{
    ActorMention, CheckReport, Dictionaries, DictionaryOptions, MentionKind, PlaceMention,
};
use dyad_types::Severity;
use std::path::PathBuf;
use std::process::ExitCode;

/// Check dictionary files or look up a phrase in the loaded dictionaries.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: DictCommand,
}

/// The `dyad dict` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum DictCommand {
    /// Validate dictionary files (dyad or PETRARCH format, detected from the
    /// content) and print every problem with file and line. Exits non-zero
    /// when a file has errors or cannot be read.
    Check {
        /// The files to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Resolve a phrase ("Friedrich Merz", "Ukrainian troops") at `--date`
    /// and print the actor, its code, country, organisation and sector, and
    /// the dictionary entry and date range that decided it; and the place
    /// it names, if any ("Alaska", "the White House").
    Lookup {
        /// The phrase to resolve.
        phrase: String,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Runs `dyad dict`.
pub fn run(args: &Args, common: &crate::Common) -> anyhow::Result<ExitCode> {
    match &args.command {
        DictCommand::Check { files } => Ok(check(files, common.quiet)),
        DictCommand::Lookup { phrase, json } => lookup(phrase, *json, common),
    }
}

fn check(files: &[PathBuf], quiet: bool) -> ExitCode {
    let mut failed = false;
    for path in files {
        let report: CheckReport = match Dictionaries::check_file(path) {
            Ok(report) => report,
            Err(error) => {
                eprintln!("{}: error: {error}", path.display());
                failed = true;
                continue;
            }
        };
        let errors = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        for diagnostic in &report.diagnostics {
            // Errors are always shown; warnings and notes only when not quiet.
            if diagnostic.severity == Severity::Error || !quiet {
                eprintln!("{diagnostic}");
            }
        }
        println!(
            "{}: {}, {} entries, {errors} errors, {warnings} warnings",
            path.display(),
            report.format.name(),
            report.entries
        );
        failed |= report.has_errors();
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn kind_name(kind: MentionKind) -> &'static str {
    match kind {
        MentionKind::Country => "country",
        MentionKind::Region => "region",
        MentionKind::Organization => "organisation",
        MentionKind::Group => "group",
        MentionKind::Person => "person",
        MentionKind::Metonym => "metonym",
        MentionKind::Demonym => "demonym",
        MentionKind::AgentPhrase => "agent phrase",
        MentionKind::PetrarchActor => "PETRARCH actor",
    }
}

fn lookup(phrase: &str, json: bool, common: &crate::Common) -> anyhow::Result<ExitCode> {
    let options = DictionaryOptions {
        verbs: common.verbs.clone(),
        actors: common.actors.clone(),
        agents: common.agents.clone(),
        discards: common.discards.clone(),
    };
    let (dictionaries, diagnostics) =
        Dictionaries::load(&options).context("loading dictionaries")?;
    for diagnostic in &diagnostics {
        if diagnostic.severity == Severity::Error
            || (!common.quiet && diagnostic.severity == Severity::Warning)
        {
            eprintln!("{diagnostic}");
        }
    }
    // Places are looked up on their own: a phrase may be an actor, a place
    // ("Moscow" is both), or only a place ("Alaska").
    let place = dictionaries.lookup_place(phrase);
    let place_json = place.as_ref().map(|place| {
        serde_json::json!({
            "name": place.name,
            "country": place.country,
            "kind": place.kind,
        })
    });
    let Some(mention) = dictionaries.lookup(phrase, common.date) else {
        if json {
            println!(
                "{}",
                serde_json::json!({ "phrase": phrase, "matched": null, "place": place_json })
            );
        } else {
            println!("no actor matches {phrase:?}");
            if let Some(place) = &place {
                print_place(place);
            }
        }
        return Ok(if place.is_some() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    };
    if json {
        let mut value = mention_json(phrase, &mention, common);
        if let Some(object) = value.as_object_mut() {
            object.insert(
                "place".to_owned(),
                place_json.unwrap_or(serde_json::Value::Null),
            );
        }
        println!("{value}");
    } else {
        print_mention(phrase, &mention, common);
        if let Some(place) = &place {
            print_place(place);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the place a phrase names (places are not actors; see
/// `docs/formats/dictionary.md`).
fn print_place(place: &PlaceMention) {
    println!(
        "place:      {} ({}, {})",
        place.name,
        place.kind,
        place.country.as_deref().unwrap_or("no country")
    );
}

fn mention_json(phrase: &str, mention: &ActorMention, common: &crate::Common) -> serde_json::Value {
    serde_json::json!({
        "phrase": phrase,
        "date": common.date.map(|date| date.to_string()),
        "matched": mention.text,
        "kind": kind_name(mention.kind),
        "name": mention.name,
        "code": mention.code,
        "country": mention.country,
        "org": mention.org,
        "sector": mention.sector,
        "office": mention.title,
        "entry": mention.entry.as_ref().map(ToString::to_string),
        "date_range": mention.date_range.map(|range| range.to_string()),
        "notes": mention.notes,
    })
}

fn print_mention(phrase: &str, mention: &ActorMention, common: &crate::Common) {
    let or_dash = |value: &Option<String>| value.clone().unwrap_or_else(|| "-".to_owned());
    println!("phrase:     {phrase}");
    match common.date {
        Some(date) => println!("date:       {date}"),
        None => println!("date:       none given (current offices)"),
    }
    println!("matched:    {} ({})", mention.text, kind_name(mention.kind));
    println!("name:       {}", or_dash(&mention.name));
    println!(
        "code:       {}",
        mention
            .code
            .clone()
            .unwrap_or_else(|| "none at this date".to_owned())
    );
    println!("country:    {}", or_dash(&mention.country));
    println!("org:        {}", or_dash(&mention.org));
    println!("sector:     {}", or_dash(&mention.sector));
    if let Some(title) = &mention.title {
        println!("office:     {title}");
    }
    println!(
        "entry:      {}",
        mention
            .entry
            .as_ref()
            .map_or_else(|| "-".to_owned(), ToString::to_string)
    );
    println!(
        "date range: {}",
        mention
            .date_range
            .map_or_else(|| "undated".to_owned(), |range| range.to_string())
    );
    for note in &mention.notes {
        println!("note:       {note}");
    }
}
