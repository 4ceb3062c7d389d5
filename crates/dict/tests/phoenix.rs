//! The Phoenix PETRARCH dictionaries (read from the shared data directory,
//! never copied into the repository) load with zero errors, with entry
//! counts that match an independent count (`scripts/count_phoenix.py`),
//! and resolve the way the PETRARCH notes say they should.

use dyad_dict::{Dictionaries, DictionaryFormat, DictionaryOptions, PetrarchCounts, WordClass};
use dyad_types::{Date, Severity};
use std::path::PathBuf;

fn phoenix_directory() -> PathBuf {
    let shared = std::env::var_os("DYAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    shared.join("dictionaries/phoenix")
}

fn date(year: i32, month: u32, day: u32) -> Option<Date> {
    Date::from_ymd_opt(year, month, day)
}

fn check(name: &str, format: DictionaryFormat) -> PetrarchCounts {
    let path = phoenix_directory().join(name);
    let report = Dictionaries::check_file(&path).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(report.format, format, "{name}");
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(
        errors.is_empty(),
        "{name} has errors:\n{}",
        errors.join("\n")
    );
    report
        .petrarch
        .unwrap_or_else(|| panic!("{name} was not read as a PETRARCH file"))
}

#[test]
fn verb_dictionary_counts() {
    let counts = check("CAMEO.2.0.txt", DictionaryFormat::PetrarchVerbs);
    assert_eq!(counts.synsets, 40);
    assert_eq!(counts.synset_members, 558);
    assert_eq!(counts.blocks, 397);
    assert_eq!(counts.patterns, 4668);
    assert_eq!(counts.transformations, 8);
    assert_eq!(counts.entries, 1817);
}

#[test]
fn actor_dictionary_counts() {
    for (name, entries, synonyms, date_lines, codes) in [
        ("Phoenix.Countries.actors.txt", 18390, 7527, 28174, 28389),
        ("Phoenix.International.actors.txt", 7841, 66, 47, 7896),
        ("Phoenix.MilNonState.actors.txt", 1021, 772, 6, 1021),
    ] {
        let counts = check(name, DictionaryFormat::PetrarchActors);
        // Codes with a date range that ends before it starts are skipped
        // with a warning; every other code is kept.
        let report = Dictionaries::check_file(&phoenix_directory().join(name)).expect("readable");
        let skipped = report
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.message.contains("code skipped"))
            .count();
        assert_eq!(
            (
                counts.entries,
                counts.synonyms,
                counts.date_lines,
                counts.codes + skipped
            ),
            (entries, synonyms, date_lines, codes),
            "{name}"
        );
    }
}

#[test]
fn agent_discard_and_issue_counts() {
    let agents = check("Phoenix.agents.txt", DictionaryFormat::PetrarchAgents);
    assert_eq!((agents.entries, agents.substitution_sets), (2244, 2));
    let discards = check("Phoenix.discards.txt", DictionaryFormat::PetrarchDiscards);
    assert_eq!((discards.entries, discards.story_discards), (506, 64));
    let issues = check("Phoenix.IssueCoding.txt", DictionaryFormat::PetrarchIssues);
    assert_eq!((issues.entries, issues.ignore_lines), (2976, 181));
}

#[test]
fn unhandled_constructs_are_warnings_with_lines() {
    let path = phoenix_directory().join("Phoenix.agents.txt");
    let report = Dictionaries::check_file(&path).expect("readable");
    let warning = report
        .diagnostics
        .iter()
        .find(|diagnostic| diagnostic.message.contains("ISLAMIC_EXTREMIST"))
        .expect("the agent line without a code is reported");
    assert_eq!(warning.severity, Severity::Warning);
    assert!(warning.line.is_some());
}

fn phoenix() -> Dictionaries {
    let directory = phoenix_directory();
    let options = DictionaryOptions {
        verbs: Some(directory.join("CAMEO.2.0.txt")),
        actors: vec![
            directory.join("Phoenix.Countries.actors.txt"),
            directory.join("Phoenix.International.actors.txt"),
            directory.join("Phoenix.MilNonState.actors.txt"),
        ],
        agents: Some(directory.join("Phoenix.agents.txt")),
        discards: Some(directory.join("Phoenix.discards.txt")),
    };
    let (dictionaries, diagnostics) = Dictionaries::load(&options).expect("files are readable");
    assert!(!diagnostics
        .iter()
        .any(|diagnostic| diagnostic.severity == Severity::Error));
    dictionaries
}

#[test]
fn phoenix_set_codes_actors_by_date() {
    let dictionaries = phoenix();
    let code = |phrase: &str, when: Option<Date>| {
        dictionaries
            .lookup(phrase, when)
            .and_then(|mention| mention.code)
    };
    // Putin's entries: [RUSELI 700101-990809] [RUSGOV 991231-080507]
    // [RUSGOV 990809-000507] [RUSGOV >080508] [RUSELI]. Ranges are inclusive.
    assert_eq!(
        code("Vladimir Putin", date(1995, 1, 1)).as_deref(),
        Some("RUSELI")
    );
    assert_eq!(
        code("Vladimir Putin", date(2004, 1, 1)).as_deref(),
        Some("RUSGOV")
    );
    assert_eq!(
        code("Vladimir Putin", date(2008, 5, 7)).as_deref(),
        Some("RUSGOV")
    );
    assert_eq!(
        code("Vladimir Putin", date(2015, 6, 1)).as_deref(),
        Some("RUSGOV")
    );
    // Ukraine: [USRUKR <910824] [UKRUNR 910824-911221] [UKR >911221].
    assert_eq!(code("Ukraine", date(1990, 1, 1)).as_deref(), Some("USRUKR"));
    assert_eq!(
        code("Ukraine", date(1991, 8, 24)).as_deref(),
        Some("UKRUNR")
    );
    assert_eq!(code("Ukraine", date(2020, 1, 1)).as_deref(), Some("UKR"));
    assert_eq!(code("NATO", date(2020, 1, 1)).as_deref(), Some("IGOWSTNAT"));
    assert_eq!(
        code("United Nations", date(2020, 1, 1)).as_deref(),
        Some("IGOUNO")
    );
    // An agent with a country: UKR + ~MIL.
    assert_eq!(
        code("Ukrainian soldiers", date(2020, 1, 1)).as_deref(),
        Some("UKRMIL")
    );
}

#[test]
fn regression_last_actor_entry_of_a_file_is_kept() {
    // PETRARCH never commits the last entry of an actor file; dyad does.
    let dictionaries = phoenix();
    for phrase in ["Witness Mangwende", "Texas Instruments", "Shoko Ashahara"] {
        assert!(
            dictionaries.lookup(phrase, date(2000, 1, 1)).is_some(),
            "{phrase}"
        );
    }
}

#[test]
fn phoenix_verbs_keep_blocks_patterns_and_synsets() {
    let dictionaries = phoenix();
    let events = dictionaries.events();
    let visit = events.verb("visit");
    let first = visit.first().expect("VISIT is a verb");
    assert_eq!(first.code.as_deref(), Some("042"));
    assert_eq!(first.reverse_code.as_deref(), Some("043"));
    let block = events
        .petrarch_block(first.petrarch_block.expect("has a block"))
        .expect("block exists");
    assert_eq!(block.name, "VISIT");
    assert!(!block.patterns.is_empty());
    let call_off = events
        .verb("call")
        .into_iter()
        .find(|expression| expression.other_words == ["off"]);
    assert!(
        call_off.is_some(),
        "+CALL_OFF is the verb CALL with particle OFF"
    );
    let military = events.synset("&MILITARY").expect("synset exists");
    assert!(military
        .members
        .iter()
        .any(|member| member.head == "TROOPS"));
    // ADD is in two blocks (ADD and GRANT); both are kept, in file order.
    let add_blocks: Vec<String> = events
        .verb("add")
        .iter()
        .filter_map(|expression| {
            expression
                .petrarch_block
                .and_then(|index| events.petrarch_block(index))
        })
        .map(|block| block.name.clone())
        .collect();
    assert!(add_blocks.len() >= 2, "{add_blocks:?}");
    assert!(events.expressions_for(WordClass::Verb, "ADD").len() >= 2);
    assert_eq!(events.transformations().len(), 8);
}

#[test]
fn phoenix_discards_match_tokens() {
    let dictionaries = phoenix();
    let discards = dictionaries.discards();
    assert!(
        discards.check(&["He", "played", "baseball", "."]).is_some(),
        "a phrase at the end of a sentence matches"
    );
    assert!(discards
        .check(&["Russia", "attacked", "Ukraine", "."])
        .is_none());
}
