//! Measures the clustering rule on hand-made report pairs
//! (`tests/data/cluster-pairs.jsonl`: two reports and whether they describe
//! the same occurrence) and checks the scores against the committed
//! golden file `tests/data/cluster-pairs.scores.txt`.
//!
//! Regenerate the golden file after a deliberate rule change with
//! `DYAD_BLESS=1 cargo test -p dyad-store --test cluster_pairs`, and copy
//! the figures into `docs/store.md`.

use dyad_store::{same_occurrence, ClusterReport};
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Deserialize)]
struct Pair {
    id: String,
    same: bool,
    a: ClusterReport,
    b: ClusterReport,
}

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
}

#[test]
fn clustering_rule_precision_and_recall_on_hand_made_pairs() {
    let text = std::fs::read_to_string(data().join("cluster-pairs.jsonl")).expect("pairs");
    let pairs: Vec<Pair> = text
        .lines()
        .enumerate()
        .map(|(number, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("line {}: {error}", number + 1))
        })
        .collect();
    assert!(pairs.len() >= 60, "the evaluation needs at least 60 pairs");
    let (mut true_positive, mut false_positive, mut false_negative, mut true_negative) =
        (0, 0, 0, 0);
    let mut errors = Vec::new();
    for pair in &pairs {
        let predicted = same_occurrence(&pair.a, &pair.b);
        assert_eq!(
            predicted,
            same_occurrence(&pair.b, &pair.a),
            "{}: the rule must be symmetric",
            pair.id
        );
        match (predicted, pair.same) {
            (true, true) => true_positive += 1,
            (true, false) => {
                false_positive += 1;
                errors.push(format!("false merge: {}", pair.id));
            }
            (false, true) => {
                false_negative += 1;
                errors.push(format!("missed merge: {}", pair.id));
            }
            (false, false) => true_negative += 1,
        }
    }
    let precision = f64::from(true_positive) / f64::from((true_positive + false_positive).max(1));
    let recall = f64::from(true_positive) / f64::from((true_positive + false_negative).max(1));
    let mut report = format!(
        "pairs: {} (same occurrence: {}, different: {})\n\
         true positives: {true_positive}\nfalse positives: {false_positive}\n\
         false negatives: {false_negative}\ntrue negatives: {true_negative}\n\
         precision: {precision:.3}\nrecall: {recall:.3}\n",
        pairs.len(),
        pairs.iter().filter(|pair| pair.same).count(),
        pairs.iter().filter(|pair| !pair.same).count(),
    );
    for error in &errors {
        report.push_str(error);
        report.push('\n');
    }
    println!("{report}");
    let golden = data().join("cluster-pairs.scores.txt");
    if std::env::var_os("DYAD_BLESS").is_some() {
        std::fs::write(&golden, &report).expect("write golden scores");
    }
    let expected =
        std::fs::read_to_string(&golden).expect("golden scores; run with DYAD_BLESS=1 to create");
    assert_eq!(
        report, expected,
        "the clustering rule's scores changed; see the test's doc comment"
    );
}
