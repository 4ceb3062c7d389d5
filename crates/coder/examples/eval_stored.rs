//! Scores the coder on a gold file using its stored annotations (no model),
//! with the built-in dictionaries or the test dictionary.
//!
//! `cargo run -p dyad-coder --example eval_stored -- eval/gold/dyad-petrarch.xml [--test-dict] [--json]`
//!
//! `dyad eval` does the same with annotations made by the NLP pipeline;
//! this example is for comparing dictionaries without a model.

use dyad_coder::eval::{read_gold, score};
use dyad_coder::{Coder, CoderOptions, DictLexicon, Lexicon, TextLexicon};
use dyad_types::{AnnotatedDocument, Event};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let Some(gold_path) = arguments
        .iter()
        .find(|argument| !argument.starts_with("--"))
    else {
        return Err("usage: eval_stored GOLD_FILE [--test-dict] [--json]".into());
    };
    let gold_path = Path::new(gold_path);
    let (gold, diagnostics) = read_gold(gold_path)?;
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}");
    }
    let stem = gold_path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default();
    let annotations_path = gold_path.with_file_name(format!("{stem}.annotations.jsonl"));
    let mut documents: BTreeMap<String, AnnotatedDocument> = BTreeMap::new();
    for line in std::fs::read_to_string(&annotations_path)?
        .lines()
        .filter(|line| !line.is_empty())
    {
        let document: AnnotatedDocument = serde_json::from_str(line)?;
        documents.insert(document.doc_id.clone(), document);
    }
    let lexicon: Arc<dyn Lexicon> = if arguments.iter().any(|argument| argument == "--test-dict") {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/dictionaries/test.dict");
        let mut lexicon = TextLexicon::new();
        lexicon.add_file("test.dict", &std::fs::read_to_string(path)?);
        Arc::new(lexicon)
    } else {
        let (dictionaries, diagnostics) = dyad_dict::Dictionaries::builtin();
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == dyad_types::Severity::Error)
            .count();
        if errors > 0 {
            eprintln!("built-in dictionaries: {errors} errors");
        }
        Arc::new(DictLexicon::new(Arc::new(dictionaries)))
    };
    let coder = Coder::new(lexicon, CoderOptions::default());
    let mut produced: BTreeMap<String, Vec<Event>> = BTreeMap::new();
    for item in &gold.items {
        if let Some(document) = documents.get(&item.id) {
            produced.insert(item.id.clone(), coder.code(document).events);
        } else {
            eprintln!("{}: no stored annotation; counted as no events", item.id);
        }
    }
    let report = score(&gold, &produced);
    if arguments.iter().any(|argument| argument == "--json") {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.render_text());
    }
    Ok(())
}
