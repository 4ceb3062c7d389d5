//! Golden tests: every `test_data/<case>/` holds `input.txt`, `meta.json`,
//! the stored `annotations.json` (made by `scripts/make-coder-annotations.py`)
//! and `expected.jsonl`, the events the coder must give, one per line.
//!
//! Regenerate the expected files with `UPDATE_EXPECT=1 cargo test -p dyad-coder --test golden`
//! and review the diff by hand: an expected file is a claim about what is right.

use dyad_coder::{Coder, CoderOptions, TextLexicon};
use dyad_types::{AnnotatedDocument, Event};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn test_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data")
}

/// The coder over the test dictionary.
pub fn test_coder() -> Coder {
    let mut lexicon = TextLexicon::new();
    let path = test_data().join("dictionaries/test.dict");
    let content = std::fs::read_to_string(&path).expect("test dictionary");
    let diagnostics = lexicon.add_file("test.dict", &content);
    assert!(
        diagnostics.is_empty(),
        "test dictionary has problems: {diagnostics:?}"
    );
    Coder::new(Arc::new(lexicon), CoderOptions::default())
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(test_data())
        .expect("test_data")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.join("annotations.json").exists())
        .collect();
    cases.sort();
    cases
}

#[test]
fn golden_cases() {
    let coder = test_coder();
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let all = cases();
    assert!(!all.is_empty(), "no golden cases found");
    for case in all {
        let annotations =
            std::fs::read_to_string(case.join("annotations.json")).expect("annotations");
        let document: AnnotatedDocument =
            serde_json::from_str(&annotations).expect("annotations parse");
        let outcome = coder.code(&document);
        let actual: String = outcome
            .events
            .iter()
            .map(|event| serde_json::to_string(event).expect("serialize") + "\n")
            .collect();
        let expected_path = case.join("expected.jsonl");
        if update {
            std::fs::write(&expected_path, &actual).expect("write expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            let expected_events: Vec<Event> = expected
                .lines()
                .filter_map(|line| serde_json::from_str(line).ok())
                .collect();
            failures.push(format!(
                "{}: expected {} events, got {}; first difference:\n{}",
                case.display(),
                expected_events.len(),
                outcome.events.len(),
                expected
                    .lines()
                    .zip(actual.lines())
                    .find(|(a, b)| a != b)
                    .map(|(a, b)| format!("expected {a}\n     got {b}"))
                    .unwrap_or_else(|| "(one is a prefix of the other)".into())
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
