//! The built-in dictionaries: they load without errors, and every row of
//! the data engineers' lookup tables (`dictionaries/tests/*.tsv`) resolves
//! as expected.

use dyad_dict::Dictionaries;
use dyad_types::{Date, Severity};
use std::path::PathBuf;

fn tables_directory() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dictionaries/tests")
}

#[test]
fn builtin_dictionaries_load_without_errors() {
    let (dictionaries, diagnostics) = Dictionaries::builtin();
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(
        errors.is_empty(),
        "errors in the built-in dictionaries:\n{}",
        errors.join("\n")
    );
    assert!(
        dictionaries.actors().entities().len() > 300,
        "{}",
        dictionaries.actors().entities().len()
    );
    assert!(dictionaries.agents().agents().len() > 10);
    assert!(!dictionaries.events().expressions().is_empty());
}

/// One row of a lookup table.
struct Row {
    file: String,
    line: usize,
    phrase: String,
    date: Option<Date>,
    expected: [Option<String>; 4],
}

fn dash_is_none(value: &str) -> Option<String> {
    let value = value.trim();
    if value == "-" || value.is_empty() {
        None
    } else {
        Some(value.to_owned())
    }
}

fn read_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(tables_directory())
        .expect("dictionaries/tests exists")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "tsv"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("table is readable");
        let file = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut lines = text.lines().enumerate();
        let header = lines.next().map(|(_, header)| header).unwrap_or("");
        if header != "phrase\tdate\tcode\tcountry\torg\tsector" {
            // Tables with other columns (events.tsv) are checked by their own test.
            continue;
        }
        for (index, line) in lines {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let columns: Vec<&str> = line.split('\t').collect();
            assert_eq!(
                columns.len(),
                6,
                "{file}:{}: expected 6 columns: {line:?}",
                index + 1
            );
            let column = |position: usize| columns.get(position).copied().unwrap_or("");
            let date = dash_is_none(column(1)).map(|date| {
                Date::parse_from_str(&date, "%Y-%m-%d")
                    .unwrap_or_else(|_| panic!("{file}:{}: bad date {date}", index + 1))
            });
            rows.push(Row {
                file: file.clone(),
                line: index + 1,
                phrase: column(0).to_owned(),
                date,
                expected: [
                    dash_is_none(column(2)),
                    dash_is_none(column(3)),
                    dash_is_none(column(4)),
                    dash_is_none(column(5)),
                ],
            });
        }
    }
    rows
}

#[test]
fn every_lookup_table_row_resolves_as_expected() {
    let (dictionaries, _) = Dictionaries::builtin();
    let rows = read_rows();
    assert!(rows.len() >= 300, "only {} lookup rows", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let mention = dictionaries.lookup(&row.phrase, row.date);
        let actual = match &mention {
            Some(mention) => [
                mention.code.clone(),
                mention.country.clone(),
                mention.org.clone(),
                mention.sector.clone(),
            ],
            None => [None, None, None, None],
        };
        if actual != row.expected {
            let show = |values: &[Option<String>; 4]| {
                values
                    .iter()
                    .map(|value| value.as_deref().unwrap_or("-"))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let detail = mention
                .as_ref()
                .map(|mention| {
                    format!(
                        "{:?} {:?} entry {:?} notes {:?}",
                        mention.text,
                        mention.kind,
                        mention.entry.as_ref().map(ToString::to_string),
                        mention.notes
                    )
                })
                .unwrap_or_else(|| "no match".to_owned());
            failures.push(format!(
                "{}:{}: {:?} at {:?}: expected {} got {} ({detail})",
                row.file,
                row.line,
                row.phrase,
                row.date.map(|date| date.to_string()),
                show(&row.expected),
                show(&actual)
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
