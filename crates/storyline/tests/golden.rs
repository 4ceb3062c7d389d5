//! The golden storyline test: eighteen short articles written for dyad
//! (three storylines with distractors), coded by the real `dyad code` into
//! `test_data/events.jsonl`, must give the hand-written statuses and
//! transitions of `test_data/expected_transitions.tsv`, and exactly the
//! storylines of `test_data/storylines.expected.jsonl`.
//!
//! Regenerate the data with `crates/storyline/test_data/regenerate.sh`.

use dyad_storyline::{build_storylines, read_event_file, write_jsonl, Storyline, StorylineOptions};
use std::path::{Path, PathBuf};

fn test_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data")
}

/// Builds the storylines of the golden corpus.
fn golden_storylines() -> Vec<Storyline> {
    let (reports, diagnostics) =
        read_event_file(&test_data().join("events.jsonl")).expect("events.jsonl is readable");
    assert!(
        diagnostics.is_empty(),
        "events.jsonl has bad lines: {diagnostics:?}"
    );
    assert!(!reports.is_empty(), "events.jsonl is empty");
    build_storylines(&reports, &StorylineOptions::default())
}

/// One expected transition from the hand-written file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ExpectedTransition {
    kind: String,
    participants: String,
    date: String,
    from: String,
    to: String,
}

fn expected_transitions() -> Vec<ExpectedTransition> {
    let text = std::fs::read_to_string(test_data().join("expected_transitions.tsv"))
        .expect("expected_transitions.tsv");
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 5, "bad row {line:?}");
            let field = |index: usize| {
                fields
                    .get(index)
                    .map(|text| text.to_string())
                    .unwrap_or_default()
            };
            ExpectedTransition {
                kind: field(0),
                participants: field(1),
                date: field(2),
                from: field(3),
                to: field(4),
            }
        })
        .collect()
}

/// Every transition the builder produced, in the file's terms. Meetings,
/// summits and visits are one family, named by the family's first word in
/// the expected file, so the kind is compared through `links_with`.
fn produced_transitions(storylines: &[Storyline]) -> Vec<(Storyline, ExpectedTransition)> {
    storylines
        .iter()
        .flat_map(|storyline| {
            storyline.transitions.iter().map(move |transition| {
                (
                    storyline.clone(),
                    ExpectedTransition {
                        kind: storyline.kind.name().to_owned(),
                        participants: storyline.participants.join("-"),
                        date: transition
                            .date
                            .map(|date| date.to_string())
                            .unwrap_or_default(),
                        from: transition
                            .from
                            .map_or("-".to_owned(), |status| status.name().to_owned()),
                        to: transition.to.name().to_owned(),
                    },
                )
            })
        })
        .collect()
}

fn same_kind(expected: &str, produced: &Storyline) -> bool {
    let family = |name: &str| matches!(name, "meeting" | "summit" | "visit");
    expected == produced.kind.name() || (family(expected) && family(produced.kind.name()))
}

#[test]
fn golden_corpus_gives_the_hand_written_transitions() {
    let storylines = golden_storylines();
    let expected = expected_transitions();
    let produced = produced_transitions(&storylines);
    let matches = |want: &ExpectedTransition,
                   (storyline, got): &(Storyline, ExpectedTransition)| {
        same_kind(&want.kind, storyline)
            && want.participants == got.participants
            && want.date == got.date
            && want.from == got.from
            && want.to == got.to
    };
    let right = expected
        .iter()
        .filter(|want| produced.iter().any(|got| matches(want, got)))
        .count();
    let missing: Vec<&ExpectedTransition> = expected
        .iter()
        .filter(|want| !produced.iter().any(|got| matches(want, got)))
        .collect();
    let extra: Vec<&ExpectedTransition> = produced
        .iter()
        .filter(|got| !expected.iter().any(|want| matches(want, got)))
        .map(|(_, got)| got)
        .collect();
    println!(
        "storyline transitions right: {right} of {} expected; {} produced but not expected",
        expected.len(),
        extra.len()
    );
    assert!(missing.is_empty(), "missing transitions: {missing:#?}");
    assert!(extra.is_empty(), "unexpected transitions: {extra:#?}");
}

#[test]
fn golden_corpus_attributes_and_claims() {
    let storylines = golden_storylines();
    let find = |participants: &str| {
        storylines
            .iter()
            .find(|storyline| storyline.participants.join("-") == participants)
            .unwrap_or_else(|| panic!("no storyline {participants}"))
    };
    let aegean = find("GRC-TUR");
    let places: Vec<&str> = aegean
        .place
        .iter()
        .map(|value| value.value.as_str())
        .collect();
    assert_eq!(places, ["to be determined", "Ankara"]);
    let dates: Vec<&str> = aegean
        .proposed_date
        .iter()
        .map(|value| value.value.as_str())
        .collect();
    assert_eq!(dates, ["2026-02-17", "2026-03-10"]);
    assert_eq!(aegean.agreed_by, ["GRC", "TUR"]);
    assert_eq!(Storyline::current(&aegean.format), Some("bilateral"));

    let water = find("IND-PAK");
    assert_eq!(
        Storyline::current(&water.mediator),
        Some("QAT"),
        "Qatar announced the talks without taking part"
    );
    assert_eq!(
        water.conflicts.len(),
        1,
        "India's denial stands beside the report that it agreed"
    );
    let conflict = water.conflicts.first().expect("one conflict");
    assert_eq!(conflict.participant, "IND");
    assert!(conflict
        .supporting
        .iter()
        .any(|claim| claim.claimed_by.contains("Pakistani officials")));
    assert!(conflict
        .denying
        .iter()
        .any(|claim| claim.evidence.sentence.contains("denied")));

    let nile = find("EGY-ETH-SDN");
    assert_eq!(Storyline::current(&nile.format), Some("trilateral"));
    assert_eq!(Storyline::current(&nile.proposed_date), Some("2026-03-05"));

    // The distractors open nothing: a meeting held without being planned
    // (Rome), a trade deal signed (Buenos Aires), a phone call.
    assert_eq!(
        storylines.len(),
        3,
        "{:#?}",
        storylines
            .iter()
            .map(|s| (&s.kind, &s.participants))
            .collect::<Vec<_>>()
    );
}

#[test]
fn golden_storylines_match_the_expected_file() {
    let storylines = golden_storylines();
    let mut produced = Vec::new();
    write_jsonl(&storylines, &mut produced).expect("in memory");
    let produced = String::from_utf8(produced).expect("JSON is UTF-8");
    let path = test_data().join("storylines.expected.jsonl");
    if std::env::var_os("DYAD_REGENERATE").is_some() {
        std::fs::write(&path, &produced).expect("write storylines.expected.jsonl");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .expect("storylines.expected.jsonl; run test_data/regenerate.sh");
    assert!(
        produced == expected,
        "storylines differ from {}; review and run test_data/regenerate.sh",
        path.display()
    );
}

#[test]
fn storylines_are_identical_when_rebuilt_from_shuffled_input() {
    let (mut reports, _) =
        read_event_file(&test_data().join("events.jsonl")).expect("events.jsonl");
    let first = build_storylines(&reports, &StorylineOptions::default());
    reports.reverse();
    let second = build_storylines(&reports, &StorylineOptions::default());
    assert_eq!(first, second);
}
