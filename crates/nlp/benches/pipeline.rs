//! Whole-pipeline speed on the UD English reference texts (or a JSONL file
//! given as the first argument): tokens per second for the tagger-only
//! pipeline and the full pipeline, one document at a time on one thread,
//! the full pipeline on batches of 64 texts on one thread, and the full
//! pipeline as a rayon batch on all threads.
//!
//! Run with `cargo bench -p dyad-nlp --bench pipeline`. Python spaCy's
//! figures for the same texts, measured in the same run, come from
//! `scripts/bench-nlp.sh`.

use dyad_nlp::{ModelPackage, Pipeline, Stages};
use dyad_types::Document;
use std::path::PathBuf;
use std::time::Instant;

fn texts() -> Vec<String> {
    let path = std::env::args()
        .nth(1)
        .filter(|argument| !argument.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let shared = std::env::var_os("DYAD_SHARED")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
                });
            shared.join("spacy-reference/ud-en.jsonl")
        });
    let content = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    content
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|record| record["text"].as_str().map(str::to_owned))
        .collect()
}

fn main() {
    let texts = texts();
    let package = ModelPackage::open_default(None).unwrap_or_else(|error| panic!("{error}"));
    let load_start = Instant::now();
    let full =
        Pipeline::from_package(&package, Stages::All).unwrap_or_else(|error| panic!("{error}"));
    println!("model load: {:.3} s", load_start.elapsed().as_secs_f64());
    let tagger = Pipeline::from_package(&package, Stages::All)
        .unwrap_or_else(|error| panic!("{error}"))
        .with_stages(Stages::Tagger);
    let run = |name: &str, pipeline: &Pipeline| {
        let start = Instant::now();
        let tokens: usize = texts
            .iter()
            .map(|text| pipeline.annotate_text(text).len())
            .sum();
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "{name:>32}: {tokens} tokens in {seconds:.3} s = {:.0} tokens/s",
            tokens as f64 / seconds
        );
    };
    run("tagger only, one thread", &tagger);
    run("full pipeline, one thread", &full);
    // The same on one thread, with the networks run on batches of 64 texts.
    let start = Instant::now();
    let tokens: usize = texts
        .chunks(64)
        .map(|chunk| {
            let chunk: Vec<&str> = chunk.iter().map(String::as_str).collect();
            full.annotate_texts(&chunk)
                .iter()
                .map(Vec::len)
                .sum::<usize>()
        })
        .sum();
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{:>32}: {tokens} tokens in {seconds:.3} s = {:.0} tokens/s",
        "full pipeline, batches, one thread",
        tokens as f64 / seconds
    );
    let documents: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(index, text)| Document::new(index.to_string(), text.clone()))
        .collect();
    let start = Instant::now();
    let annotated = full.annotate_batch(&documents);
    let seconds = start.elapsed().as_secs_f64();
    let tokens: usize = annotated.iter().map(|document| document.tokens.len()).sum();
    println!(
        "{:>32}: {tokens} tokens in {seconds:.3} s = {:.0} tokens/s ({} threads)",
        "full pipeline, rayon batch",
        tokens as f64 / seconds,
        rayon::current_num_threads()
    );
}
