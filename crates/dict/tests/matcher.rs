//! Actor matching and dated resolution on a small dictionary of our own
//! (`tests/data/fixture.dict`), independent of the built-in data.

use dyad_dict::{Dictionaries, MentionKind, WordClass};
use dyad_types::{Date, Severity};

const FIXTURE: &str = include_str!("data/fixture.dict");

fn fixture() -> Dictionaries {
    let (dictionaries, diagnostics) = Dictionaries::from_texts(
        Some(("fixture.dict", FIXTURE)),
        &[("fixture.dict", FIXTURE)],
        Some(("fixture.dict", FIXTURE)),
        None,
    );
    // The one file is given as verbs, actors and agents at once, so each
    // load reports the entries of the other kinds as skipped; nothing else.
    let unexpected: Vec<_> = diagnostics
        .iter()
        .filter(|diagnostic| !diagnostic.message.contains("loaded as another kind"))
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:?}");
    dictionaries
}

fn date(text: &str) -> Option<Date> {
    Date::parse_from_str(text, "%Y-%m-%d").ok()
}

fn codes(
    dictionaries: &Dictionaries,
    tokens: &[&str],
    when: &str,
) -> Vec<(String, Option<String>)> {
    dictionaries
        .match_actors(tokens, date(when))
        .into_iter()
        .map(|mention| (mention.text, mention.code))
        .collect()
}

#[test]
fn case_rule_keeps_pronouns_apart_from_names() {
    let dictionaries = fixture();
    assert_eq!(
        codes(&dictionaries, &["US", "troops"], "2021-01-01"),
        vec![("US troops".to_owned(), Some("VALMIL".to_owned()))]
    );
    assert!(codes(&dictionaries, &["let", "us", "go"], "2021-01-01").is_empty());
    assert_eq!(
        codes(&dictionaries, &["VALORIA", "SAYS"], "2021-01-01"),
        vec![("VALORIA".to_owned(), Some("VAL".to_owned()))]
    );
    assert!(codes(&dictionaries, &["valoria"], "2021-01-01").is_empty());
}

#[test]
fn possessives_and_hyphens_match_however_tokens_are_split() {
    let dictionaries = fixture();
    for tokens in [
        vec!["Valoria's", "foreign", "minister"],
        vec!["Valoria", "'s", "foreign", "minister"],
    ] {
        let mentions = dictionaries.match_actors(&tokens, date("2021-01-01"));
        assert_eq!(mentions.len(), 1, "{tokens:?}");
        assert_eq!(mentions[0].code.as_deref(), Some("VALGOV"));
        assert_eq!(mentions[0].tokens, 0..tokens.len());
    }
    for tokens in [
        vec!["Valorian-backed", "fighters"],
        vec!["Valorian", "-", "backed", "fighters"],
    ] {
        let mentions = dictionaries.match_actors(&tokens, date("2021-01-01"));
        assert_eq!(mentions.len(), 1, "{tokens:?}");
        assert!(mentions[0].hyphenated_modifier);
        assert_eq!(mentions[0].code.as_deref(), Some("VAL"));
        assert_eq!(mentions[0].tokens, 0..1);
    }
    let mentions = dictionaries.match_actors(&["Brandt’s", "visit"], date("2021-01-01"));
    assert!(
        mentions.is_empty(),
        "the alias Brandt is shared by two people in office: {mentions:?}"
    );
}

#[test]
fn titles_resolve_the_person_and_check_the_country() {
    let dictionaries = fixture();
    let mention = dictionaries
        .lookup("President Ana Brandt", date("2021-06-01"))
        .expect("matches");
    assert_eq!(
        (mention.kind, mention.code.as_deref()),
        (MentionKind::Person, Some("VALGOV"))
    );
    assert_eq!(mention.name.as_deref(), Some("Ana Brandt"));
    let mention = dictionaries
        .lookup("Valorian President Ana Brandt", date("2021-06-01"))
        .expect("matches");
    assert_eq!(mention.code.as_deref(), Some("VALGOV"));
    assert!(mention.notes.is_empty(), "{:?}", mention.notes);
    let mention = dictionaries
        .lookup("Nordish President Ana Brandt", date("2021-06-01"))
        .expect("matches");
    assert_eq!(mention.code.as_deref(), Some("VALGOV"));
    assert!(
        mention.notes.iter().any(|note| note.contains("NOR")),
        "{:?}",
        mention.notes
    );
    let mentions = dictionaries.match_actors(
        &["Pact", "chief", "Ana", "Brandt", "said"],
        date("2025-01-01"),
    );
    assert_eq!(mentions.len(), 1, "{mentions:?}");
    assert_eq!(mentions[0].tokens, 0..4);
    let mentions = dictionaries.match_actors(&["Valoria", "head", "office"], date("2025-01-01"));
    assert_eq!(mentions.len(), 1, "{mentions:?}");
    assert_eq!(mentions[0].tokens, 0..1);
    let mention = dictionaries
        .lookup("Pact chief Ana Brandt", date("2025-01-01"))
        .expect("matches");
    assert_eq!(
        (mention.code.as_deref(), mention.org.as_deref()),
        (Some("IGONORPCT"), Some("PACT"))
    );
    assert!(mention.notes.is_empty(), "{:?}", mention.notes);
}

#[test]
fn roles_change_on_their_boundary_days() {
    let dictionaries = fixture();
    let at = |when: &str| {
        let mention = dictionaries
            .lookup("Ana Brandt", date(when))
            .expect("always recognised");
        (
            mention.code,
            mention.entry.map(|origin| origin.to_string()),
            mention.date_range.map(|range| range.to_string()),
        )
    };
    // Before her first role she is still Valorian: the country of her
    // nearest role, without its sector.
    assert_eq!(at("2020-02-29").0.as_deref(), Some("VAL"));
    assert_eq!(
        at("2020-03-01"),
        (
            Some("VALGOV".into()),
            Some("fixture.dict:28".into()),
            Some("2020-03-01..2024-02-29".into())
        )
    );
    assert_eq!(at("2024-02-29").0.as_deref(), Some("VALGOV"));
    assert_eq!(
        at("2024-03-01"),
        (
            Some("IGONORPCT".into()),
            Some("fixture.dict:29".into()),
            Some("2024-03-01..".into())
        )
    );
    // Without a date the open-ended (current) role counts.
    assert_eq!(
        dictionaries
            .lookup("Ana Brandt", None)
            .and_then(|mention| mention.code)
            .as_deref(),
        Some("IGONORPCT")
    );
    // The shared alias is decided by the date when only one holder is in office.
    assert_eq!(
        dictionaries
            .lookup("Brandt", date("2021-06-01"))
            .and_then(|m| m.name)
            .as_deref(),
        None
    );
    assert_eq!(
        dictionaries
            .lookup("Brandt", date("2023-06-01"))
            .and_then(|m| m.name)
            .as_deref(),
        Some("Ana Brandt")
    );
    assert_eq!(
        dictionaries
            .lookup("Brandt", date("2018-06-01"))
            .and_then(|m| m.name)
            .as_deref(),
        None
    );
    // The day before her first role she codes as her country alone.
    assert_eq!(
        dictionaries
            .lookup("Kell", date("2022-12-31"))
            .and_then(|m| m.code)
            .as_deref(),
        Some("NOR")
    );
    assert_eq!(
        dictionaries
            .lookup("Kell", date("2023-01-01"))
            .and_then(|m| m.code)
            .as_deref(),
        Some("NORGOV")
    );
}

#[test]
fn metonyms_demonyms_agents_and_organisations() {
    let dictionaries = fixture();
    let when = date("2021-01-01");
    let code = |phrase: &str| {
        dictionaries
            .lookup(phrase, when)
            .and_then(|mention| mention.code)
    };
    assert_eq!(code("Port Vale").as_deref(), Some("VALGOV"));
    assert_eq!(code("the Citadel").as_deref(), Some("VALGOV"));
    assert_eq!(code("Citadel").as_deref(), Some("VALGOV"));
    assert_eq!(code("The Arsenal").as_deref(), Some("VALMIL"));
    assert_eq!(code("Valorians").as_deref(), Some("VALCVL"));
    assert_eq!(code("soldiers").as_deref(), Some("MIL"));
    assert_eq!(code("children").as_deref(), Some("CVL"));
    assert_eq!(code("Nordish soldiers").as_deref(), Some("NORMIL"));
    assert_eq!(code("Pact Council").as_deref(), Some("IGONORPCT"));
    assert_eq!(
        dictionaries
            .lookup("Pact Council", when)
            .and_then(|m| m.sector)
            .as_deref(),
        Some("GOV")
    );
    assert_eq!(code("Red Hand").as_deref(), Some("VALREB"));
    let mentions =
        dictionaries.match_actors(&["Valorian", "troops", "shelled", "Nordmark", "."], when);
    let found: Vec<(&str, Option<&str>)> = mentions
        .iter()
        .map(|m| (m.text.as_str(), m.code.as_deref()))
        .collect();
    assert_eq!(
        found,
        vec![
            ("Valorian troops", Some("VALMIL")),
            ("Nordmark", Some("NOR"))
        ]
    );
    assert_eq!(mentions[0].kind, MentionKind::AgentPhrase);
    assert_eq!(mentions[1].tokens, 3..4);
}

#[test]
fn event_expressions_keep_words_and_targets() {
    let dictionaries = fixture();
    let speak = dictionaries.events().verb("speak");
    assert_eq!(speak.len(), 1);
    assert_eq!(speak[0].other_words, ["by", "phone"]);
    assert_eq!(speak[0].code.as_deref(), Some("041"));
    assert_eq!(speak[0].targets.len(), 2);
    let call = dictionaries
        .events()
        .expressions_for(WordClass::Noun, "call");
    assert_eq!(call.len(), 1);
    assert_eq!(call[0].other_words, ["phone"]);
    assert_eq!(call[0].origin.to_string(), "fixture.dict:60");
}

#[test]
fn broken_entries_are_diagnostics_with_lines() {
    let report = Dictionaries::check_text(include_str!("data/broken.dict"), "broken.dict");
    let mut found: Vec<(Severity, Option<u64>)> = report
        .diagnostics
        .iter()
        .map(|diagnostic| (diagnostic.severity, diagnostic.line))
        .collect();
    found.sort_by_key(|(_, line)| *line);
    let expected = [
        (Severity::Error, Some(2)),
        (Severity::Error, Some(3)),
        (Severity::Error, Some(5)),
        (Severity::Error, Some(9)),
        (Severity::Warning, Some(12)),
        (Severity::Error, Some(13)),
        (Severity::Error, Some(14)),
        (Severity::Error, Some(17)),
    ];
    assert_eq!(found, expected, "{:#?}", report.diagnostics);
    assert!(report.has_errors());
    // The good entries around the broken ones are still read.
    assert_eq!(report.entries, 2);
}

#[test]
fn formats_are_detected_from_content() {
    use dyad_dict::{detect_format, DictionaryFormat};
    assert_eq!(detect_format(FIXTURE), DictionaryFormat::Dyad);
    assert_eq!(
        detect_format("--- MEET [040] ---\nMEET\n"),
        DictionaryFormat::PetrarchVerbs
    );
    assert_eq!(
        detect_format("VALORIA_ [VAL]\n+PORT_VALE_\n"),
        DictionaryFormat::PetrarchActors
    );
    assert_eq!(
        detect_format("SOLDIER [~MIL]\nOFFICIAL [~GOV]\n"),
        DictionaryFormat::PetrarchAgents
    );
    assert_eq!(
        detect_format("+ FOOTBALL LEAGUE\nGOLF\n"),
        DictionaryFormat::PetrarchDiscards
    );
    assert_eq!(
        detect_format("<ISSUE CATEGORY=\"X\">\nn:school [EDU]\n"),
        DictionaryFormat::PetrarchIssues
    );
}

mod generated {
    use super::*;
    use proptest::prelude::*;

    fn token() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Valoria".to_owned()),
            Just("Valorian".to_owned()),
            Just("'s".to_owned()),
            Just("-".to_owned()),
            Just("–".to_owned()),
            Just("President".to_owned()),
            Just("Ana".to_owned()),
            Just("Brandt".to_owned()),
            Just("troops".to_owned()),
            Just("the".to_owned()),
            Just("Citadel".to_owned()),
            Just("US".to_owned()),
            "[A-Za-z'’\\-–é.]{0,8}",
            "\\PC{0,4}",
        ]
    }

    proptest! {
        /// No sentence makes the matcher panic, and its mentions are in
        /// bounds, in order and do not overlap.
        #[test]
        fn mentions_are_ordered_disjoint_token_ranges(tokens in proptest::collection::vec(token(), 0..12), day in 0i64..3000) {
            let dictionaries = fixture();
            let when = Date::from_ymd_opt(2018, 1, 1).and_then(|start| start.checked_add_signed(chrono::Duration::days(day)));
            let mentions = dictionaries.match_actors(&tokens, when);
            let mut previous_end = 0;
            for mention in &mentions {
                prop_assert!(mention.tokens.start >= previous_end, "{mentions:?}");
                prop_assert!(mention.tokens.start < mention.tokens.end);
                prop_assert!(mention.tokens.end <= tokens.len());
                previous_end = mention.tokens.end;
            }
            let joined = tokens.join(" ");
            let _ = dictionaries.lookup(&joined, when);
        }
    }
}

#[test]
fn single_phrases_and_agents_by_position() {
    use dyad_dict::PhraseRole;
    let dictionaries = fixture();
    let tokens = [
        "Valorian",
        "troops",
        "met",
        "President",
        "Ana",
        "Brandt",
        "in",
        "Port",
        "Vale",
        ".",
    ];
    let when = date("2021-06-01");
    let adjective = dictionaries.actor_at(&tokens, 0, when).expect("Valorian");
    assert_eq!(
        (adjective.tokens.clone(), adjective.phrase_role),
        (0..1, Some(PhraseRole::Adjective))
    );
    assert_eq!(adjective.code.as_deref(), Some("VAL"));
    let (range, agent) = dictionaries.agent_at(&tokens, 1).expect("troops");
    assert_eq!((range, agent.sector.as_str()), (1..2, "MIL"));
    assert!(dictionaries.actor_at(&tokens, 2, when).is_none());
    let person = dictionaries.actor_at(&tokens, 4, when).expect("Ana Brandt");
    assert_eq!(
        (person.tokens.clone(), person.title.as_deref()),
        (4..6, Some("president"))
    );
    let capital = dictionaries.actor_at(&tokens, 7, when).expect("Port Vale");
    assert_eq!(
        (
            capital.tokens.clone(),
            capital.phrase_role,
            capital.code.as_deref()
        ),
        (7..9, Some(PhraseRole::Capital), Some("VALGOV"))
    );
    assert!(dictionaries.actor_at(&tokens, 99, when).is_none());
}

#[test]
fn verb_lemmas_are_repaired_when_nothing_matches() {
    let dictionaries = fixture();
    let events = dictionaries.events();
    assert_eq!(
        events
            .verb_with_fallback("phone")
            .map(|(lemma, found)| (lemma, found.len())),
        Some(("phone".to_owned(), 1))
    );
    assert_eq!(
        events
            .verb_with_fallback("phon")
            .map(|(lemma, _)| lemma)
            .as_deref(),
        Some("phone")
    );
    assert!(events.verb_with_fallback("sing").is_none());
    assert!(events.verb_with_fallback("").is_none());
}

#[test]
fn dictionaries_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Dictionaries>();
}
