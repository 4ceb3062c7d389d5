//! The built-in gazetteer (`dictionaries/places.dict`): it loads without any
//! diagnostic, it is large enough, and every row of the place lookup table
//! (`dictionaries/tests/places.tsv`) resolves as expected.

use dyad_dict::Dictionaries;
use std::path::PathBuf;

fn workspace_file(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

#[test]
fn places_file_has_no_diagnostics_and_enough_places() {
    let path = workspace_file("dictionaries/places.dict");
    let report = Dictionaries::check_file(&path).expect("places.dict is readable");
    let messages: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    assert!(messages.is_empty(), "{}", messages.join("\n"));
    let (dictionaries, _) = Dictionaries::builtin();
    let places = dictionaries.places().places();
    assert!(places.len() >= 800, "only {} places", places.len());
    assert_eq!(report.entries, places.len());
}

/// One row of the place table: the tokens (split on spaces, the token where
/// the lookup starts marked with a leading `>`), and the expected matched
/// tokens, name, country and kind (`-` for none).
struct Row {
    line: usize,
    tokens: Vec<String>,
    start: usize,
    expected: Option<[String; 4]>,
}

fn read_rows() -> Vec<Row> {
    let path = workspace_file("dictionaries/tests/places.tsv");
    let text = std::fs::read_to_string(&path).expect("places.tsv is readable");
    let mut lines = text.lines().enumerate();
    assert_eq!(
        lines.next().map(|(_, header)| header),
        Some("tokens\tmatched\tname\tcountry\tkind")
    );
    let mut rows = Vec::new();
    for (index, line) in lines {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        let [phrase, matched, name, country, kind] = columns.as_slice() else {
            panic!("places.tsv:{}: expected 5 columns: {line:?}", index + 1);
        };
        let mut start = 0;
        let mut tokens = Vec::new();
        for (position, token) in phrase.split(' ').filter(|t| !t.is_empty()).enumerate() {
            match token.strip_prefix('>').filter(|rest| !rest.is_empty()) {
                Some(rest) => {
                    start = position;
                    tokens.push(rest.to_owned());
                }
                None => tokens.push(token.to_owned()),
            }
        }
        let expected = (*matched != "-").then(|| {
            [
                (*matched).to_owned(),
                (*name).to_owned(),
                (*country).to_owned(),
                (*kind).to_owned(),
            ]
        });
        rows.push(Row {
            line: index + 1,
            tokens,
            start,
            expected,
        });
    }
    rows
}

#[test]
fn every_place_table_row_resolves_as_expected() {
    let (dictionaries, _) = Dictionaries::builtin();
    let rows = read_rows();
    assert!(rows.len() >= 200, "only {} place rows", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let actual = dictionaries.place_at(&row.tokens, row.start).map(|place| {
            let matched = row
                .tokens
                .get(place.tokens.clone())
                .map(|tokens| tokens.join(" "))
                .unwrap_or_default();
            [
                matched,
                place.name,
                place.country.unwrap_or_else(|| "-".to_owned()),
                place.kind,
            ]
        });
        if actual != row.expected {
            failures.push(format!(
                "places.tsv:{}: {:?} from token {}: expected {:?}, got {:?}",
                row.line,
                row.tokens.join(" "),
                row.start,
                row.expected,
                actual
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}
