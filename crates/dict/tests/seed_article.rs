//! Every actor named in the shared seed article resolves with the built-in
//! dictionaries at the article's date, 2025-08-19.

use dyad_dict::Dictionaries;
use dyad_types::Date;
use std::path::PathBuf;

/// Splits text into words and punctuation roughly the way a news tokenizer
/// does: punctuation at either end of a word is a token of its own, except
/// the periods of abbreviations such as "U.S.".
fn tokenize(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for word in text.split_whitespace() {
        let mut rest = word;
        while let Some(first) = rest.chars().next().filter(|c| !c.is_alphanumeric()) {
            tokens.push(first.to_string());
            rest = rest.get(first.len_utf8()..).unwrap_or("");
        }
        let mut trailing = Vec::new();
        while let Some(last) = rest.chars().last().filter(|c| !c.is_alphanumeric()) {
            let without = rest.get(..rest.len() - last.len_utf8()).unwrap_or("");
            if last == '.' && without.contains('.') {
                break;
            }
            trailing.push(last.to_string());
            rest = without;
        }
        if !rest.is_empty() {
            tokens.push(rest.to_owned());
        }
        tokens.extend(trailing.into_iter().rev());
    }
    tokens
}

#[test]
fn every_actor_in_the_seed_article_resolves() {
    let shared = std::env::var_os("DYAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let text =
        std::fs::read_to_string(shared.join("seed/article.txt")).expect("seed article is readable");
    let (dictionaries, _) = Dictionaries::builtin();
    let tokens = tokenize(&text);
    let mentions = dictionaries.match_actors(&tokens, Date::from_ymd_opt(2025, 8, 19));
    let found: Vec<(String, Option<String>)> = mentions
        .iter()
        .map(|mention| (mention.text.clone(), mention.code.clone()))
        .collect();
    let expected = [
        ("US President Donald Trump", "USAGOV"),
        ("Ukrainian President Volodymyr Zelensky", "UKRGOV"),
        ("Russian President Vladimir Putin", "RUSGOV"),
        ("the White House", "USAGOV"),
        ("European leaders", "EURGOV"),
        ("Trump", "USAGOV"),
        ("Putin", "RUSGOV"),
        ("Zelensky", "UKRGOV"),
        ("President Putin", "RUSGOV"),
        ("President Zelensky", "UKRGOV"),
        ("Ukraine", "UKR"),
        ("Europe", "EUR"),
        ("Washington", "USAGOV"),
        ("Russia", "RUS"),
        ("NATO", "IGOWSTNAT"),
        ("Britain", "GBR"),
        ("France", "FRA"),
        ("Germany", "DEU"),
        ("Italy", "ITA"),
        ("Finland", "FIN"),
        ("European Commission", "IGOEUREEC"),
        ("Oval Office", "USAGOV"),
        ("Kyiv", "UKRGOV"),
        ("NATO chief Mark Rutte", "IGOWSTNAT"),
        ("French President Emmanuel Macron", "FRAGOV"),
        ("German Chancellor Friedrich Merz", "DEUGOV"),
        ("civilians", "CVL"),
        ("children", "CVL"),
    ];
    for (text, code) in expected {
        assert!(
            found
                .iter()
                .any(|(found_text, found_code)| found_text == text
                    && found_code.as_deref() == Some(code)),
            "{text} → {code} not found in {found:?}"
        );
    }
    // Modifiers joined by a hyphen keep their actor.
    let western = mentions
        .iter()
        .find(|mention| mention.text == "Western")
        .expect("Western-backed");
    assert!(western.hyphenated_modifier);
    // Possessives still resolve ("Trump’s initiative", "Zelensky’s ... jacket").
    assert!(
        mentions.iter().filter(|mention| mention.possessive).count() >= 2,
        "{mentions:?}"
    );
}
