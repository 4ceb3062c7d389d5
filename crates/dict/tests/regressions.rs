//! One test per bug found while building the dictionary crate, each named
//! after the bug.

use dyad_dict::{Dictionaries, PatternElement, PatternNoun};
use dyad_types::Date;

fn date(year: i32, month: u32, day: u32) -> Option<Date> {
    Date::from_ymd_opt(year, month, day)
}

const SMALL: &str = "@country VAL \"Valoria\"\n  name: Valoria\n  adjective: Valorian\n\n\
@org PACT \"Pact\"\n  name: Pact Council\n  code: IGOPCT\n  sector: GOV\n\n\
@group red-old \"Red Hand (old)\"\n  name: Red Hand\n  country: VAL\n  sector: INS\n  active: ..2020-12-31\n\n\
@group red-new \"Red Hand (new)\"\n  name: Red Hand\n  country: VAL\n  sector: GOV\n  active: 2021-01-01..\n";

fn small() -> Dictionaries {
    Dictionaries::from_texts(None, &[("small.dict", SMALL)], None, None).0
}

#[test]
fn regression_hyphen_as_its_own_token_marks_a_modifier() {
    let mentions = small().match_actors(&["Valorian", "-", "backed", "forces"], date(2022, 1, 1));
    // "forces" is a built-in agent noun and is a mention of its own.
    assert_eq!(mentions[0].text, "Valorian");
    assert_eq!(mentions[0].tokens, 0..1);
    assert!(mentions[0].hyphenated_modifier, "{mentions:?}");
}

#[test]
fn regression_organisation_code_is_not_extended_by_its_sector() {
    let mention = small()
        .lookup("Pact Council", date(2022, 1, 1))
        .expect("matches");
    assert_eq!(mention.code.as_deref(), Some("IGOPCT"));
    assert_eq!(mention.sector.as_deref(), Some("GOV"));
}

#[test]
fn regression_groups_sharing_a_name_are_chosen_by_active_dates() {
    let dictionaries = small();
    let code = |when| {
        dictionaries
            .lookup("Red Hand", when)
            .and_then(|mention| mention.code)
    };
    assert_eq!(code(date(2020, 12, 31)).as_deref(), Some("VALINS"));
    assert_eq!(code(date(2021, 1, 1)).as_deref(), Some("VALGOV"));
}

const VERBS: &str = "####### VERB PATTERNS #######\n\
--- MAKE [---] ---\n\
MAKE\n\
- * VENTURE (WITH VISIT)      VISIT)[042:043]  # typo kept from a real file\n\
--- RIP [---] ---\n\
RIP {RIPPING RIPS RIPPED};shan   7/11/93\n";

#[test]
fn regression_code_glued_to_stray_text_keeps_the_pattern() {
    let (dictionaries, diagnostics) =
        Dictionaries::from_texts(Some(("verbs.txt", VERBS)), &[], None, None);
    let make = dictionaries.events().verb("make");
    let block = dictionaries
        .events()
        .petrarch_block(make[0].petrarch_block.expect("block"))
        .expect("exists");
    assert_eq!(block.patterns.len(), 1);
    let pattern = &block.patterns[0];
    assert_eq!(pattern.code.forward.as_deref(), Some("042"));
    assert_eq!(pattern.code.reverse.as_deref(), Some("043"));
    assert_eq!(
        pattern.after_verb,
        vec![
            PatternElement::Noun(PatternNoun {
                head: "VENTURE".into(),
                modifiers: vec![]
            }),
            PatternElement::Preposition {
                preposition: "WITH".into(),
                object: Some(PatternNoun {
                    head: "VISIT".into(),
                    modifiers: vec![]
                })
            },
        ]
    );
    assert!(diagnostics
        .iter()
        .any(|diagnostic| diagnostic.line == Some(4) && diagnostic.message.contains("VISIT)")));
}

#[test]
fn regression_tabari_semicolon_comment_is_not_a_verb() {
    let (dictionaries, _) = Dictionaries::from_texts(Some(("verbs.txt", VERBS)), &[], None, None);
    assert_eq!(dictionaries.events().verb("rip").len(), 1);
    assert!(dictionaries.events().verb(";shan").is_empty());
    assert!(dictionaries.events().verb("7/11/93").is_empty());
}

/// Issue 14: `actors.rs` and `places.rs` imported each other. The modules of
/// the crate must form layers: no module may reach itself through the
/// `use crate::...` imports of the modules it uses.
#[test]
fn regression_dictionary_modules_do_not_import_each_other_in_a_cycle() {
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut imports: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for entry in std::fs::read_dir(&source).expect("src is readable") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_none_or(|extension| extension != "rs") {
            continue;
        }
        let module = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).expect("source is readable");
        // Only the module's own code counts, not its unit tests, which may
        // use anything in the crate.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let mut used: Vec<String> = code
            .match_indices("crate::")
            .filter_map(|(at, _)| {
                let rest = code.get(at + "crate::".len()..)?;
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                (!name.is_empty() && name != module).then_some(name)
            })
            .collect();
        used.sort();
        used.dedup();
        imports.insert(module, used);
    }
    assert!(imports.contains_key("actors") && imports.contains_key("places"));
    // A depth-first walk from every module; reaching the start again is a cycle.
    for start in imports.keys() {
        let mut stack: Vec<Vec<String>> = vec![vec![start.clone()]];
        while let Some(path) = stack.pop() {
            let last = path.last().cloned().unwrap_or_default();
            for next in imports.get(&last).into_iter().flatten() {
                if !imports.contains_key(next) {
                    continue; // an item of lib.rs, such as crate::Dictionaries
                }
                assert!(
                    next != start,
                    "module cycle: {} -> {next}",
                    path.join(" -> ")
                );
                if !path.contains(next) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push(longer);
                }
            }
        }
    }
}

#[test]
fn regression_role_noun_before_a_place_is_not_the_phrase_end() {
    // "journalists in Cairo" is one mention, but its role noun is
    // "journalists": the coder reads the syntax from that word, and the
    // place may belong to the verb.
    let (dictionaries, _) = Dictionaries::builtin();
    let tokens = [
        "police",
        "detained",
        "five",
        "journalists",
        "in",
        "Cairo",
        ".",
    ];
    let mentions = dictionaries.match_actors(&tokens, date(2024, 1, 1));
    let journalists = mentions
        .iter()
        .find(|mention| mention.tokens.contains(&3))
        .expect("a mention over \"journalists\"");
    assert_eq!(journalists.tokens, 3..6, "{journalists:?}");
    assert_eq!(journalists.code.as_deref(), Some("EGYMED"));
    assert_eq!(journalists.role_token, Some(3));
    // A role before its country keeps the last word as its role noun.
    let police = mentions
        .iter()
        .find(|mention| mention.tokens.contains(&0))
        .expect("a mention over \"police\"");
    assert_eq!(police.role_token, Some(0));
}
