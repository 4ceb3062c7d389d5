//! The built-in event dictionary against the data engineers' event table
//! (`dictionaries/tests/events.tsv`): every row's trigger lemma has an
//! expression with the row's CAMEO code.

use dyad_dict::Dictionaries;
use std::path::PathBuf;

fn tables_directory() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dictionaries/tests")
}

#[test]
fn every_event_table_row_has_an_expression_with_its_code() {
    let (dictionaries, _) = Dictionaries::builtin();
    let path = tables_directory().join("events.tsv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        panic!("{} is missing", path.display());
    };
    let mut lines = text.lines().enumerate();
    assert_eq!(
        lines.next().map(|(_, header)| header),
        Some("sentence\tverb_lemma\tcameo")
    );
    let mut rows = 0;
    let mut failures = Vec::new();
    for (index, line) in lines {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        let [sentence, lemma, code] = columns.as_slice() else {
            panic!("events.tsv:{}: expected 3 columns", index + 1);
        };
        rows += 1;
        let events = dictionaries.events();
        let codes: Vec<String> = events
            .verb(lemma)
            .into_iter()
            .chain(events.noun(lemma))
            .filter_map(|expression| expression.code.clone())
            .collect();
        if !codes.iter().any(|candidate| candidate == code) {
            failures.push(format!(
                "events.tsv:{}: {lemma:?} has codes {codes:?}, not {code} ({sentence})",
                index + 1
            ));
        }
    }
    assert!(rows >= 100, "only {rows} rows");
    assert!(
        failures.is_empty(),
        "{} of {rows} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
