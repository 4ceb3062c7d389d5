//! `dyad eval`: scores the coder on a gold file (PETRARCH validation XML or
//! PLOVER JSON). Reading and scoring live in `dyad_coder::eval`; this file
//! only annotates and codes the gold texts and prints the report.

use crate::pipeline::Engine;
use crate::Common;
use anyhow::Context;
use dyad_coder::eval::{read_gold, score, GoldSet};
use dyad_types::{Document, Event};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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

/// The dictionary flags with the `<Environment>` files filled in from `dir`
/// where the user gave no file of that kind.
fn with_environment(common: &Common, gold: &GoldSet, dir: &Path) -> Common {
    let mut common = common.clone();
    let mut environment_actors = Vec::new();
    for file in &gold.environment {
        let path = dir.join(&file.file);
        match file.kind.as_str() {
            "verbfile" if common.verbs.is_none() => common.verbs = Some(path),
            "agentfile" if common.agents.is_none() => common.agents = Some(path),
            "discardfile" if common.discards.is_none() => common.discards = Some(path),
            "actorfile" => environment_actors.push(path),
            _ => {}
        }
    }
    if common.actors.is_empty() {
        common.actors = environment_actors;
    }
    common
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
    let common = match &args.dict_dir {
        Some(dir) => with_environment(common, &gold, dir),
        None => common.clone(),
    };
    let (engine, dictionary_diagnostics) = Engine::load(&common)?;
    if !common.quiet {
        for diagnostic in &dictionary_diagnostics {
            eprintln!("{diagnostic}");
        }
    }
    let documents: Vec<Document> = gold
        .items
        .iter()
        .map(|item| {
            let mut document = Document::new(item.id.clone(), item.text.clone());
            document.path = Some(args.file.display().to_string());
            document.date = item.date.or(common.date);
            document
        })
        .collect();
    let mut produced: BTreeMap<String, Vec<Event>> = BTreeMap::new();
    for (document, processed) in documents.iter().zip(engine.process_batch(&documents)) {
        produced
            .entry(document.id.clone())
            .or_default()
            .extend(processed.events);
    }
    let report = score(&gold, &produced);
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
