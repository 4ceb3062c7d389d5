//! Golden tests: every input file in `tests/golden/` is read and the result
//! (documents and diagnostics, as pretty JSON) is compared with the
//! `<input>.expected.json` file beside it.
//!
//! Regenerate all expected files after an intended change with
//! `DYAD_REGENERATE=1 cargo test -p dyad-intake --test golden`, then review
//! the diff before committing.

use dyad_intake::{read_bytes, ReadOptions};
use dyad_types::Date;
use std::path::{Path, PathBuf};

fn golden_directory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden")
}

fn render(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("read golden input");
    let label = path
        .file_name()
        .and_then(|name| name.to_str())
        .expect("file name");
    // A fixed default date shows which documents fell back to it.
    let options = ReadOptions {
        default_date: Date::from_ymd_opt(2025, 1, 1),
        ..ReadOptions::default()
    };
    let outcome = read_bytes(&bytes, label, &options);
    let value = serde_json::json!({
        "documents": outcome.documents,
        "diagnostics": outcome.diagnostics,
    });
    let mut text = serde_json::to_string_pretty(&value).expect("serialize");
    text.push('\n');
    text
}

#[test]
fn golden_files_match() {
    let regenerate = std::env::var_os("DYAD_REGENERATE").is_some();
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(golden_directory())
        .expect("list golden directory")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or_default();
            !name.ends_with(".expected.json") && !name.ends_with(".md") && path.is_file()
        })
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 5, "golden inputs missing: {inputs:?}");
    let mut mismatches = Vec::new();
    for input in &inputs {
        let expected_path = PathBuf::from(format!("{}.expected.json", input.display()));
        let actual = render(input);
        if regenerate {
            std::fs::write(&expected_path, &actual).expect("write expected output");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            mismatches.push(format!("{}\n--- actual ---\n{actual}", input.display()));
        }
    }
    assert!(
        mismatches.is_empty(),
        "golden mismatches (regenerate with DYAD_REGENERATE=1):\n{}",
        mismatches.join("\n")
    );
}
