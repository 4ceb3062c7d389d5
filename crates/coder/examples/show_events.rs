//! Prints the events the coder gives for a stored annotation file, one
//! readable line each, for reviewing expected files by hand.
//!
//! `cargo run -p dyad-coder --example show_events -- ANNOTATIONS.json [DICT... | --builtin]`
//!
//! Without dictionaries it uses the test dictionary; `--builtin` uses the
//! built-in dictionaries of `dyad-dict`.

use dyad_coder::{Coder, CoderOptions, DictLexicon, Lexicon, TextLexicon};
use dyad_types::AnnotatedDocument;
use std::sync::Arc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let Some((annotations, dictionaries)) = arguments.split_first() else {
        return Err("usage: show_events ANNOTATIONS.json [DICT...]".into());
    };
    let lexicon: Arc<dyn Lexicon> = if dictionaries.first().map(String::as_str) == Some("--builtin")
    {
        let (loaded, diagnostics) = dyad_dict::Dictionaries::builtin();
        for diagnostic in diagnostics {
            eprintln!("{diagnostic}");
        }
        Arc::new(DictLexicon::new(Arc::new(loaded)))
    } else {
        let mut lexicon = TextLexicon::new();
        let default = format!(
            "{}/test_data/dictionaries/test.dict",
            env!("CARGO_MANIFEST_DIR")
        );
        let paths: Vec<String> = if dictionaries.is_empty() {
            vec![default]
        } else {
            dictionaries.to_vec()
        };
        for path in &paths {
            for diagnostic in lexicon.add_file(path, &std::fs::read_to_string(path)?) {
                eprintln!("{diagnostic}");
            }
        }
        Arc::new(lexicon)
    };
    let coder = Coder::new(lexicon, CoderOptions::default());
    for line in std::fs::read_to_string(annotations)?
        .lines()
        .filter(|line| !line.trim().is_empty())
    {
        let document: AnnotatedDocument = match serde_json::from_str(line) {
            Ok(document) => document,
            Err(_) => serde_json::from_str(&std::fs::read_to_string(annotations)?)?,
        };
        let outcome = coder.code(&document);
        for diagnostic in &outcome.diagnostics {
            eprintln!("{diagnostic}");
        }
        for event in &outcome.events {
            println!(
                "[{}] {} {} -> {} {} {} date={:?} {:?} attr={:?} loc={:?} dead={:?} hurt={:?} rule={} path={}",
                event.sentence_index,
                event.trigger.text,
                event.source.code.as_deref().unwrap_or(&event.source.text),
                event.target.as_ref().map_or("-".to_owned(), |t| t.code.clone().unwrap_or_else(|| t.text.clone())),
                event.cameo,
                event.modality.name(),
                event.date,
                event.date_text,
                event.attribution.as_ref().map(|a| a.text.as_str()),
                event.location.as_ref().map(|l| (l.name.as_str(), l.country.as_deref())),
                event.fatalities,
                event.injuries,
                event.evidence.rule,
                event.evidence.dependency_path
            );
        }
        if line.starts_with('{') && serde_json::from_str::<AnnotatedDocument>(line).is_err() {
            break;
        }
    }
    Ok(())
}
