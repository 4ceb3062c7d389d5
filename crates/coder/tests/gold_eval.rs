//! Scores the coder on dyad's own gold files (`eval/gold/`) using the stored
//! annotations beside them, so no model is needed. The rendered report is
//! itself a golden file (`eval/gold/<name>.report.txt`): any change in what
//! the coder gives shows up as a diff to review. Regenerate with
//! `UPDATE_EXPECT=1 cargo test -p dyad-coder --test gold_eval`.

use dyad_coder::eval::{read_gold, score, EvalReport};
use dyad_coder::{Coder, CoderOptions, TextLexicon};
use dyad_types::{AnnotatedDocument, Event};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn gold_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/gold")
}

fn coder() -> Coder {
    let mut lexicon = TextLexicon::new();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/dictionaries/test.dict");
    let diagnostics = lexicon.add_file(
        "test.dict",
        &std::fs::read_to_string(path).expect("test dictionary"),
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    Coder::new(Arc::new(lexicon), CoderOptions::default())
}

fn evaluate(name: &str) -> EvalReport {
    let gold_path = gold_dir().join(name);
    let (gold, diagnostics) = read_gold(&gold_path).expect("gold file");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let annotations = std::fs::read_to_string(gold_dir().join(format!("{stem}.annotations.jsonl")))
        .expect("stored annotations; run scripts/make-coder-annotations.py");
    let mut documents: BTreeMap<String, AnnotatedDocument> = BTreeMap::new();
    for line in annotations.lines().filter(|line| !line.trim().is_empty()) {
        let document: AnnotatedDocument = serde_json::from_str(line).expect("annotation line");
        documents.insert(document.doc_id.clone(), document);
    }
    let coder = coder();
    let mut produced: BTreeMap<String, Vec<Event>> = BTreeMap::new();
    for item in &gold.items {
        let document = documents
            .get(&item.id)
            .unwrap_or_else(|| panic!("no stored annotation for {}", item.id));
        assert_eq!(
            document.text, item.text,
            "stored annotation of {} is stale; regenerate it",
            item.id
        );
        produced.insert(item.id.clone(), coder.code(document).events);
    }
    score(&gold, &produced)
}

fn check_report(name: &str, report: &EvalReport) {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let path = gold_dir().join(format!("{stem}.report.txt"));
    let rendered = report.render_text();
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &rendered).expect("write report");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        expected, rendered,
        "the coder's results on {name} changed; review and regenerate"
    );
}

#[test]
fn petrarch_gold_file_scores_as_recorded() {
    let report = evaluate("dyad-petrarch.xml");
    assert!(
        report.items >= 250,
        "the gold file must keep at least 250 sentences"
    );
    let roots: std::collections::BTreeSet<&str> = report
        .categories
        .iter()
        .filter(|c| c.expected > 0)
        .map(|c| c.category.as_str())
        .collect();
    assert_eq!(
        roots.len(),
        20,
        "all 20 CAMEO roots must be covered: {roots:?}"
    );
    check_report("dyad-petrarch.xml", &report);
}

#[test]
fn plover_gold_file_scores_as_recorded() {
    let report = evaluate("dyad-plover.json");
    assert!(
        report.items >= 120,
        "the gold file must keep at least 120 records"
    );
    check_report("dyad-plover.json", &report);
}
