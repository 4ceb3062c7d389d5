//! Helpers shared by the integration tests: where the shared test data and
//! the real model package are.

#![allow(dead_code)]

use std::path::PathBuf;

/// The shared read-only data directory: `DYAD_SHARED`, else
/// `<workspace root>/../shared`.
pub fn shared_dir() -> PathBuf {
    if let Some(path) = std::env::var_os("DYAD_SHARED").filter(|value| !value.is_empty()) {
        return PathBuf::from(path);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("..")
        .join("..")
        .join("shared")
}

/// Reads a JSON file of the shared NLP test vectors.
pub fn vectors(name: &str) -> serde_json::Value {
    let path = shared_dir().join("nlp-notes").join("vectors").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!("cannot read {} (set DYAD_SHARED): {error}", path.display())
    });
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Opens the real model package from `DYAD_MODEL` or the default location,
/// with a message saying how to get it when it is missing.
pub fn real_package() -> dyad_nlp::ModelPackage {
    dyad_nlp::ModelPackage::open_default(None).unwrap_or_else(|error| {
        panic!("these tests need the real en_core_web_sm 3.8.0 package (run scripts/setup.sh or set DYAD_MODEL): {error}")
    })
}

/// The full pipeline on the real package.
pub fn real_pipeline() -> dyad_nlp::Pipeline {
    dyad_nlp::Pipeline::from_package(&real_package(), dyad_nlp::Stages::All)
        .unwrap_or_else(|error| panic!("cannot load the real model package: {error}"))
}

/// The front end only (tokenizer, norms, ruler, lemmatizer) on the real package.
pub fn real_front_end() -> dyad_nlp::Pipeline {
    dyad_nlp::Pipeline::from_package(&real_package(), dyad_nlp::Stages::Tokenizer)
        .unwrap_or_else(|error| panic!("cannot load the real model package: {error}"))
}

/// Reads a JSONL file into values, one per non-empty line.
pub fn read_jsonl(path: &std::path::Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| {
        panic!("cannot read {} (set DYAD_SHARED): {error}", path.display())
    });
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .enumerate()
        .map(|(number, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("{}:{}: {error}", path.display(), number + 1))
        })
        .collect()
}

/// Byte offset → code-point offset in `text`.
pub fn code_point_offset(text: &str, byte_offset: usize) -> usize {
    text.get(..byte_offset)
        .map_or(0, |prefix| prefix.chars().count())
}
