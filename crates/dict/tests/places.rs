//! Places (`@place`), `@not-actor` phrases and the matcher rules that come
//! with them, on a small dictionary of fictional places
//! (`tests/data/places_fixture.dict`), independent of the built-in data.

use dyad_dict::{Dictionaries, PlaceMention};
use dyad_types::{Date, Severity};

const FIXTURE: &str = include_str!("data/places_fixture.dict");

fn fixture() -> &'static Dictionaries {
    static FIXTURE_DICTIONARIES: std::sync::OnceLock<Dictionaries> = std::sync::OnceLock::new();
    FIXTURE_DICTIONARIES.get_or_init(load_fixture)
}

fn load_fixture() -> Dictionaries {
    let (dictionaries, diagnostics) =
        Dictionaries::from_texts(None, &[("places_fixture.dict", FIXTURE)], None, None);
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    dictionaries
}

fn date() -> Option<Date> {
    Date::from_ymd_opt(2025, 6, 1)
}

/// The place found at the token marked with a leading `>` (or the first),
/// as (matched tokens, name, country, kind).
fn place(dictionaries: &Dictionaries, sentence: &str) -> Option<(String, String, String, String)> {
    let mut start = 0;
    let tokens: Vec<&str> = sentence
        .split(' ')
        .enumerate()
        .map(|(position, token)| match token.strip_prefix('>') {
            Some(rest) => {
                start = position;
                rest
            }
            None => token,
        })
        .collect();
    dictionaries.place_at(&tokens, start).map(
        |PlaceMention {
             tokens: range,
             name,
             country,
             kind,
         }| {
            (
                tokens
                    .get(range)
                    .map(|words| words.join(" "))
                    .unwrap_or_default(),
                name,
                country.unwrap_or_else(|| "-".to_owned()),
                kind,
            )
        },
    )
}

fn expect(
    matched: &str,
    name: &str,
    country: &str,
    kind: &str,
) -> Option<(String, String, String, String)> {
    Some((matched.into(), name.into(), country.into(), kind.into()))
}

fn codes(dictionaries: &Dictionaries, sentence: &str) -> Vec<(String, Option<String>)> {
    let tokens: Vec<&str> = sentence.split(' ').collect();
    dictionaries
        .match_actors(&tokens, date())
        .into_iter()
        .map(|mention| (mention.text, mention.code))
        .collect()
}

#[test]
fn places_match_with_optional_article_case_rule_and_longest_phrase() {
    let dictionaries = fixture();
    assert_eq!(
        place(dictionaries, "in >Port Vale"),
        expect("Port Vale", "Port Vale", "VAL", "city")
    );
    assert_eq!(
        place(dictionaries, "at >the Amber Palace"),
        expect("the Amber Palace", "Amber Palace", "VAL", "landmark")
    );
    assert_eq!(
        place(dictionaries, "at >Amber Palace"),
        expect("Amber Palace", "Amber Palace", "VAL", "landmark")
    );
    assert_eq!(
        place(dictionaries, "in >the Grey Sea"),
        expect("the Grey Sea", "Grey Sea", "-", "body-of-water")
    );
    // A capitalised phrase does not match lower case; shouted text does.
    assert_eq!(place(dictionaries, "in >port vale"), None);
    assert_eq!(
        place(dictionaries, "IN >PORT VALE"),
        expect("PORT VALE", "Port Vale", "VAL", "city")
    );
    // Possessive and hyphenated modifier.
    assert_eq!(
        place(dictionaries, ">Dunmore's mayor"),
        expect("Dunmore's", "Dunmore", "VAL", "city")
    );
    assert_eq!(
        place(dictionaries, "a >Dunmore-based group"),
        expect("Dunmore-based", "Dunmore", "VAL", "city")
    );
    // The longest phrase wins: "Kessen province" is not the capital Kessen.
    assert_eq!(
        place(dictionaries, "in >Kessen province"),
        expect(
            "Kessen province",
            "Kessen Province",
            "VAL",
            "state-province"
        )
    );
    // A place does not match inside a word.
    assert_eq!(place(dictionaries, "in >Dunmoreton"), None);
    // Out-of-range starts find nothing.
    assert_eq!(dictionaries.place_at(&["Dunmore"], 5), None);
}

#[test]
fn ambiguous_places_need_a_disambiguator() {
    let dictionaries = fixture();
    assert_eq!(place(dictionaries, "in >Lowmarch"), None);
    assert_eq!(
        place(dictionaries, "the province of >Lowmarch"),
        expect("Lowmarch", "Lowmarch", "VAL", "state-province")
    );
    assert_eq!(
        place(dictionaries, "in Dunmore , >Lowmarch"),
        expect("Lowmarch", "Lowmarch", "VAL", "state-province")
    );
    assert_eq!(
        place(dictionaries, "in >Lowmarch , Morsland"),
        expect("Lowmarch", "Lowmarch", "MRS", "city")
    );
    assert_eq!(
        place(dictionaries, "in >Lowmarch , Upper Morsland"),
        expect("Lowmarch", "Lowmarch", "VAL", "state-province")
    );
    // Only the phrase named in `ambiguous-name` needs a disambiguator.
    assert_eq!(place(dictionaries, "in >Brandt"), None);
    assert_eq!(
        place(dictionaries, "in >Brandt state"),
        expect("Brandt state", "Brandt State", "VAL", "state-province")
    );
    assert_eq!(
        place(dictionaries, "in Dunmore , >Brandt"),
        expect("Brandt", "Brandt State", "VAL", "state-province")
    );
}

#[test]
fn lookup_place_takes_glued_commas_and_the_longest_place() {
    let dictionaries = fixture();
    let found = dictionaries
        .lookup_place("Dunmore, Lowmarch")
        .expect("a place");
    assert_eq!(
        (found.name.as_str(), found.tokens.clone()),
        ("Dunmore", 0..1)
    );
    let found = dictionaries
        .lookup_place("the Kessen province")
        .expect("a place");
    assert_eq!(found.name, "Kessen Province");
    assert_eq!(dictionaries.lookup_place("nothing here"), None);
}

#[test]
fn places_are_not_actors_and_both_lookups_answer_independently() {
    let dictionaries = fixture();
    // A place alone is no actor.
    assert_eq!(codes(dictionaries, "fighting in Dunmore"), vec![]);
    // A capital is an actor and a place.
    assert_eq!(
        codes(dictionaries, "Port Vale said"),
        vec![("Port Vale".into(), Some("VALGOV".into()))]
    );
    assert_eq!(
        place(dictionaries, ">Port Vale said"),
        expect("Port Vale", "Port Vale", "VAL", "city")
    );
    assert_eq!(
        codes(dictionaries, "the Amber Palace said"),
        vec![("the Amber Palace".into(), Some("VALGOV".into()))]
    );
    // An actor name inside a longer place name is no actor: the capital of
    // Morsland inside a Valorian province, Morsland inside a Valorian place.
    assert_eq!(codes(dictionaries, "in Kessen province"), vec![]);
    assert_eq!(codes(dictionaries, "in Upper Morsland"), vec![]);
    // A place does not match where a longer actor name starts.
    assert_eq!(place(dictionaries, "in >Valoria"), None);
}

#[test]
fn regression_the_north_matched_inside_north_sound() {
    let dictionaries = fixture();
    assert_eq!(
        codes(dictionaries, "the North warned"),
        vec![("the North".into(), Some("NRD".into()))]
    );
    assert_eq!(
        codes(dictionaries, "North warned"),
        vec![("North".into(), Some("NRD".into()))]
    );
    // Followed by a capitalised word that continues a name, or "of" and one.
    assert_eq!(codes(dictionaries, "ships in the North Sound"), vec![]);
    assert_eq!(codes(dictionaries, "ships in North Dakota"), vec![]);
    // "of" and a capitalised word continue a name even when that word is an
    // actor ("Gulf of Mexico"), so "the North of Valoria" loses "the North".
    assert_eq!(
        codes(dictionaries, "troops crossed into the North of Valoria"),
        vec![
            ("troops".into(), Some("MIL".into())),
            ("Valoria".into(), Some("VAL".into()))
        ]
    );
    // Followed by an actor name or a title it still matches.
    assert_eq!(
        codes(dictionaries, "the North Valorian troops"),
        vec![
            ("the North".into(), Some("NRD".into())),
            ("Valorian troops".into(), Some("VALMIL".into()))
        ]
    );
    // In a headline capitals mark nothing.
    assert_eq!(
        codes(dictionaries, "North Warns Against Valorian Plan"),
        vec![
            ("North".into(), Some("NRD".into())),
            ("Valorian".into(), Some("VAL".into()))
        ]
    );
}

#[test]
fn regression_atlanta_georgia_coded_the_country_georgia() {
    let dictionaries = fixture();
    // Alone, "Kessen" is Morsland's capital and no place.
    assert_eq!(
        codes(dictionaries, "Kessen said"),
        vec![("Kessen".into(), Some("MRSGOV".into()))]
    );
    assert_eq!(place(dictionaries, ">Kessen said"), None);
    // With its disambiguator it is the Valorian town, and no actor.
    assert_eq!(
        place(dictionaries, "in the town of >Kessen"),
        expect("Kessen", "Kessen", "VAL", "city")
    );
    assert_eq!(codes(dictionaries, "in the town of Kessen"), vec![]);
    assert_eq!(
        codes(dictionaries, "in Dunmore , Kessen"),
        vec![],
        "a Valorian place before the comma"
    );
}

#[test]
fn not_actor_phrases_block_actors_that_start_inside_them() {
    let dictionaries = fixture();
    assert_eq!(codes(dictionaries, "a Valoria Cake recipe"), vec![]);
    assert_eq!(codes(dictionaries, "Morsland Rovers won"), vec![]);
    assert_eq!(
        codes(dictionaries, "Morsland won"),
        vec![("Morsland".into(), Some("MRS".into()))]
    );
    let mention = dictionaries.actor_at(&["Valoria", "Cake"], 0, date());
    assert_eq!(mention, None);
    let mention = dictionaries.actor_at(&["Morsland", "Rovers"], 0, date());
    assert_eq!(mention, None);
}

#[test]
fn regression_government_spokesman_coded_govgov() {
    let dictionaries = fixture();
    let mention = dictionaries
        .lookup("government spokesman", date())
        .expect("matches");
    assert_eq!(mention.code.as_deref(), Some("GOV"));
    assert_eq!(mention.sector.as_deref(), Some("GOV"));
    let mention = dictionaries
        .lookup("Valorian government spokesman", date())
        .expect("matches");
    assert_eq!(mention.code.as_deref(), Some("VALGOV"));
}

#[test]
fn broken_place_entries_are_diagnostics_with_lines() {
    let report = Dictionaries::check_text(
        include_str!("data/broken_places.dict"),
        "broken_places.dict",
    );
    let mut found: Vec<(Severity, Option<u64>)> = report
        .diagnostics
        .iter()
        .map(|diagnostic| (diagnostic.severity, diagnostic.line))
        .collect();
    found.sort_by_key(|(_, line)| *line);
    let expected = [
        // A country that is neither ISO3 nor `-`.
        (Severity::Error, Some(1)),
        // No canonical name.
        (Severity::Error, Some(3)),
        // No kind.
        (Severity::Error, Some(5)),
        // An unknown kind and an unknown key.
        (Severity::Warning, Some(8)),
        (Severity::Warning, Some(9)),
        // Two kinds.
        (Severity::Warning, Some(12)),
        // A not-actor header without a phrase.
        (Severity::Error, Some(13)),
    ];
    assert_eq!(found, expected, "{:#?}", report.diagnostics);
    // Grey Hill, Grey Sea and the last Port Vale are read.
    assert_eq!(report.entries, 3);
}

proptest::proptest! {
    /// No text makes the place lookup panic, and a found place lies inside
    /// the sentence and starts where asked.
    #[test]
    fn place_lookup_never_panics(
        tokens in proptest::collection::vec("(Port|Vale|the|Amber|Palace|Lowmarch|,|Dunmore|'s|-|Brandt|state|é|)", 0..10),
        start in 0usize..12,
    ) {
        let dictionaries = fixture();
        if let Some(found) = dictionaries.place_at(&tokens, start) {
            proptest::prop_assert_eq!(found.tokens.start, start);
            proptest::prop_assert!(found.tokens.end <= tokens.len());
        }
        let _ = dictionaries.lookup_place(&tokens.join(" "));
    }
}
