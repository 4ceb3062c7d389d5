//! No dictionary text makes a reader panic: generated lines built from the
//! characters that carry meaning in either format are read as diagnostics.

use dyad_dict::Dictionaries;
use proptest::prelude::*;

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[@a-z ]{0,12}",
        "[ \\t]{0,2}[a-z]{1,8}: [A-Za-z0-9 |=>.\\-]{0,20}",
        "[-&+~$%^*(){}\\[\\]:#<!>A-Z0-9_ ]{0,30}",
        "\\[[A-Z]{0,6} ?[<>]?[0-9]{0,9}(-[0-9]{0,9})?\\]",
        "--- [A-Z]{0,6} \\[[0-9:\\-]{0,8}\\] ---",
        "\\PC{0,10}",
        "@(place|not-actor) [A-Z\\-]{0,4} ?\"?[A-Za-z ,]{0,12}\"?",
        "[ ]{2}(kind|name|ambiguous|ambiguous-name|context|phrase|dated-alias): [A-Za-z0-9 |.\\-]{0,20}",
    ]
}

proptest! {
    #[test]
    fn any_text_is_read_without_panicking(lines in proptest::collection::vec(line(), 0..20), header in 0usize..8) {
        let prefix = ["", "@country VAL \"V\"\n", "####### VERB PATTERNS #######\n", "<ISSUE CATEGORY=\"X\">\n", "X [~GOV]\n", "@place VAL \"V V\"\n  kind: city\n", "@not-actor \"V\"\n", "@person p \"P\"\n  dated-alias: 2001-01-01.. the P\n"];
        let text = format!("{}{}", prefix.get(header).copied().unwrap_or(""), lines.join("\n"));
        let report = Dictionaries::check_text(&text, "generated.txt");
        for diagnostic in &report.diagnostics {
            prop_assert!(diagnostic.line.is_none_or(|line| line as usize <= text.lines().count().max(1)));
        }
        let (dictionaries, _) = Dictionaries::from_texts(Some(("v", &text)), &[("a", &text)], Some(("g", &text)), Some(("d", &text)));
        // Whatever was loaded, looking the text's own words up as places and
        // actors does not panic either.
        let words: Vec<&str> = text.split_whitespace().take(30).collect();
        for start in 0..=words.len() {
            let _ = dictionaries.place_at(&words, start);
        }
        let _ = dictionaries.match_actors(&words, None);
    }
}
