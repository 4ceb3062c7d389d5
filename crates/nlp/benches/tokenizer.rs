//! Tokenizer-only speed on the UD English reference texts (or a JSONL file
//! given as the first argument): prints tokens per second, single-threaded,
//! for the tokenizer with its chunk cache and without it (the plain
//! reference path), and their ratio.
//!
//! Run with `cargo bench -p dyad-nlp --bench tokenizer`. Needs the real
//! model package (`DYAD_MODEL` or the default location) and the shared data
//! (`DYAD_SHARED` or `<workspace>/../shared`). Python spaCy's figure for the
//! same texts comes from `scripts/bench-nlp.sh`.

use dyad_nlp::{ModelPackage, Pipeline, Stages};
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
    let pipeline = Pipeline::from_package(&package, Stages::Tokenizer)
        .unwrap_or_else(|error| panic!("{error}"));
    let tokenizer = pipeline.tokenizer();
    let rounds = 3;
    let measure = |name: &str, rounds: usize, fast: bool| {
        let mut tokens = 0usize;
        let start = Instant::now();
        for _ in 0..rounds {
            for text in &texts {
                tokens += if fast {
                    tokenizer.tokenize(text).len()
                } else {
                    tokenizer.tokenize_reference(text).len()
                };
            }
        }
        let seconds = start.elapsed().as_secs_f64();
        let rate = tokens as f64 / seconds;
        println!("{name:>40}: {tokens} tokens in {seconds:.3} s = {rate:.0} tokens/s");
        rate
    };
    let reference = measure("reference (fancy-regex, no cache)", 1, false);
    // The chunk cache starts empty: the first pass shows the cold speed.
    let cold = measure("fast path, first pass (cold cache)", 1, true);
    let warm = measure("fast path, warm cache", rounds, true);
    println!("ratio cold / reference: {:.2}", cold / reference);
    println!("ratio warm / reference: {:.2}", warm / reference);
}
