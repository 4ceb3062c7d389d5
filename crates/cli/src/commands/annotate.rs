//! `dyad annotate`: documents in, spaCy-style token annotations out, in the
//! project's reference JSON Lines format (one document per line, the same
//! fields and layout as Python spaCy's reference output).

use crate::inputs::{self, DiagnosticCounts};
use crate::progress;
use crate::Common;
use anyhow::Context;
use dyad_engine::reference::{self, ReferenceAnnotator};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Documents are annotated in chunks of this many, so that memory stays
/// bounded on large inputs while every core has work.
const CHUNK_DOCUMENTS: usize = 64;

/// Which components run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Components {
    /// The tokenizer only; tag, POS, dependency, lemma and entity fields stay empty.
    Tokenizer,
    /// Tokenizer, tagger, attribute ruler and lemmatizer (no parser, no NER).
    Tagger,
    /// The whole pipeline.
    All,
}

/// Flags of `dyad annotate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, directories (read recursively) or `-` for standard input.
    /// No path reads standard input. A JSONL line `{"doc": ..., "text": ...}`
    /// keeps its `doc` id.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Write the annotations here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Which components to run.
    #[arg(long, value_enum, default_value = "all")]
    pub components: Components,

    /// Start a new sentence at every block of the layout (after a
    /// headline, at a paragraph), as `dyad code` does. Without it the
    /// output equals spaCy's, which sees only the words.
    #[arg(long)]
    pub blocks: bool,
}

/// Runs `dyad annotate`.
pub fn run(args: &Args, common: &Common) -> anyhow::Result<ExitCode> {
    let inputs = inputs::expand(&args.paths)?;
    let components = match args.components {
        Components::Tokenizer => reference::Components::Tokenizer,
        Components::Tagger => reference::Components::Tagger,
        Components::All => reference::Components::All,
    };
    let annotator = ReferenceAnnotator::load(common.model.as_deref(), components, args.blocks)?;
    let mut counts = DiagnosticCounts::default();
    let mut output: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let options = inputs::read_options(common);
    let bar = progress::documents_bar(None, common.quiet);
    let mut tokens_written = 0usize;
    for input in &inputs {
        let documents = inputs::read(input, &options, &mut counts, common.quiet);
        for chunk in documents.chunks(CHUNK_DOCUMENTS) {
            for annotated in annotator.annotate(chunk) {
                output
                    .write_all(annotated.line.as_bytes())
                    .context("cannot write the annotations")?;
                output
                    .write_all(b"\n")
                    .context("cannot write the annotations")?;
                tokens_written += annotated.tokens;
            }
            bar.inc(chunk.len() as u64);
        }
    }
    output.flush().context("cannot write the annotations")?;
    bar.finish_and_clear();
    if !common.quiet {
        eprintln!(
            "dyad: {} documents, {tokens_written} tokens, {} errors, {} warnings",
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
