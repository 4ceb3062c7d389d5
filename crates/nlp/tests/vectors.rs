//! Checks the front end against the test vectors computed by spaCy itself
//! (`shared/nlp-notes/vectors`): string ids, lexical attributes, the
//! tokenizer regexes, the tokenizer, the attribute ruler and the lemmatizer.

mod common;

use common::{code_point_offset, real_front_end, real_package, vectors};
use dyad_nlp::lexeme::{prefix, shape, suffix};
use dyad_nlp::strings::{murmurhash64a, string_id};
use dyad_nlp::tokenizer::{Tokenizer, TokenizerPatterns};
use serde_json::Value;
use std::collections::HashMap;

fn as_str(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("expected a string, got {value}"))
}

fn as_u64(value: &Value) -> u64 {
    value
        .as_u64()
        .unwrap_or_else(|| panic!("expected an integer, got {value}"))
}

#[test]
fn string_ids_match_spacy() {
    let data = vectors("hashes.json");
    let strings = data["strings"].as_array().expect("strings list");
    assert!(strings.len() >= 60);
    for case in strings {
        let text = as_str(&case["string"]);
        assert_eq!(
            murmurhash64a(text.as_bytes(), 1),
            as_u64(&case["murmurhash64a_seed1"]),
            "hash of {text:?}"
        );
        assert_eq!(
            string_id(text),
            as_u64(&case["string_id"]),
            "string id of {text:?}"
        );
    }
}

#[test]
fn lexical_attributes_match_spacy() {
    let data = vectors("hashes.json");
    let pipeline = real_front_end();
    let sentence = as_str(&data["sentence"]);
    let tokens = pipeline.tokenize(sentence);
    let expected = data["tokens"].as_array().expect("tokens list");
    assert_eq!(tokens.len(), expected.len());
    let features = pipeline.lexical_features(sentence, &tokens);
    for ((token, features), case) in tokens.iter().zip(&features).zip(expected) {
        let text = &sentence[token.start..token.end];
        let strings = &case["strings"];
        let ids = &case["ids"];
        assert_eq!(text, as_str(&strings["ORTH"]));
        assert_eq!(
            pipeline.norms().norm(text, token.norm.as_deref()),
            as_str(&strings["NORM"]),
            "NORM of {text}"
        );
        assert_eq!(prefix(text), as_str(&strings["PREFIX"]));
        assert_eq!(suffix(text), as_str(&strings["SUFFIX"]));
        assert_eq!(shape(text), as_str(&strings["SHAPE"]));
        assert_eq!(features.norm, as_u64(&ids["NORM"]), "NORM id of {text}");
        assert_eq!(features.prefix, as_u64(&ids["PREFIX"]));
        assert_eq!(features.suffix, as_u64(&ids["SUFFIX"]));
        assert_eq!(features.shape, as_u64(&ids["SHAPE"]));
        assert_eq!(u64::from(features.spacy), as_u64(&ids["SPACY"]));
        assert_eq!(u64::from(features.is_space), as_u64(&ids["IS_SPACE"]));
    }
}

fn vector_tokenizer() -> Tokenizer {
    let data = vectors("regexes.json");
    let pattern = |name: &str| data["patterns"][name].as_str().map(str::to_owned);
    let patterns = TokenizerPatterns {
        prefix: pattern("prefix_search"),
        suffix: pattern("suffix_search"),
        infix: pattern("infix_finditer"),
        url: pattern("url_match"),
    };
    Tokenizer::new(&patterns, HashMap::new(), false).expect("the package regexes compile")
}

fn span(text: &str, start: usize, end: usize) -> Value {
    serde_json::json!([code_point_offset(text, start), code_point_offset(text, end)])
}

#[test]
fn tokenizer_regexes_match_python_re() {
    let data = vectors("regexes.json");
    let tokenizer = vector_tokenizer();
    let cases = &data["cases"];
    let mut checked = 0;
    for case in cases["prefix_search"].as_array().expect("prefix cases") {
        let text = as_str(&case[0]);
        let length = tokenizer.prefix_length(text);
        let got = if length > 0 {
            span(text, 0, length)
        } else {
            Value::Null
        };
        // Python reports empty matches too; spaCy treats them as no prefix.
        let expected = match &case[1] {
            Value::Array(bounds) if bounds.first() == bounds.get(1) => Value::Null,
            other => other.clone(),
        };
        assert_eq!(got, expected, "prefix_search on {text:?}");
        checked += 1;
    }
    for case in cases["suffix_search"].as_array().expect("suffix cases") {
        let text = as_str(&case[0]);
        let length = tokenizer.suffix_length(text);
        let got = if length > 0 {
            span(text, text.len() - length, text.len())
        } else {
            Value::Null
        };
        let expected = match &case[1] {
            Value::Array(bounds) if bounds.first() == bounds.get(1) => Value::Null,
            other => other.clone(),
        };
        assert_eq!(got, expected, "suffix_search on {text:?}");
        checked += 1;
    }
    for case in cases["infix_finditer"].as_array().expect("infix cases") {
        let text = as_str(&case[0]);
        let got: Vec<Value> = tokenizer
            .infix_matches(text)
            .into_iter()
            .map(|(start, end)| span(text, start, end))
            .collect();
        assert_eq!(Value::Array(got), case[1], "infix_finditer on {text:?}");
        checked += 1;
    }
    for case in cases["url_match"].as_array().expect("url cases") {
        let text = as_str(&case[0]);
        let matched = tokenizer.is_url(text);
        assert_eq!(matched, !case[1].is_null(), "url_match on {text:?}");
        checked += 1;
    }
    assert!(checked > 10_000, "only {checked} regex cases checked");
}

#[test]
fn tokenizer_matches_spacy_on_tricky_strings() {
    let data = vectors("tokenizer.json");
    let pipeline = real_front_end();
    let cases = data["cases"].as_array().expect("cases");
    assert!(cases.len() >= 40);
    for case in cases {
        let text = as_str(&case["text"]);
        let tokens = pipeline.tokenize(text);
        let got: Vec<Value> = tokens
            .iter()
            .map(|token| {
                let token_text = &text[token.start..token.end];
                serde_json::json!({
                    "text": token_text,
                    "idx": code_point_offset(text, token.start),
                    "idx_byte": token.start,
                    "ws": if token.space_after { " " } else { "" },
                    "norm": pipeline.norms().norm(token_text, token.norm.as_deref()),
                })
            })
            .collect();
        // spaCy's vectors flag a special-case norm only where it differs from
        // the lexeme norm (`do` in `don't` has NORM `do` either way), so the
        // flag is checked in one direction: a flagged norm must be ours too.
        let expected: Vec<Value> = case["tokens"]
            .as_array()
            .expect("tokens")
            .iter()
            .zip(&tokens)
            .map(|(token, ours)| {
                if token["norm_from_special_case"] == Value::Bool(true) {
                    assert!(
                        ours.norm.is_some(),
                        "{text:?}: {token} should have a special-case norm"
                    );
                }
                let mut token = token.clone();
                if let Some(fields) = token.as_object_mut() {
                    fields.remove("norm_from_special_case");
                }
                token
            })
            .collect();
        assert_eq!(
            Value::Array(got),
            Value::Array(expected),
            "tokens of {text:?}"
        );
    }
}

#[test]
fn lemmatizer_cases_match_spacy() {
    let data = vectors("lemmatizer.json");
    let package = real_package();
    let lemmatizer = dyad_nlp::lemmatizer::Lemmatizer::from_msgpack(
        &package
            .read("lemmatizer/lookups/lookups.bin")
            .expect("lemmatizer tables"),
    )
    .expect("valid tables");
    let cases = data["cases"].as_array().expect("cases");
    assert!(cases.len() >= 60);
    for case in cases {
        let (text, pos, morph) = (
            as_str(&case["text"]),
            as_str(&case["pos"]),
            as_str(&case["morph"]),
        );
        assert_eq!(
            lemmatizer.lemmatize(text, pos, morph),
            as_str(&case["lemma"]),
            "{text} {pos} {morph}"
        );
    }
}

/// The attribute ruler and the lemmatizer, given spaCy's tags and parse for
/// the vector sentences, reproduce spaCy's POS, MORPH and lemmas.
#[test]
fn ruler_and_lemmatizer_reproduce_the_pipeline_vectors() {
    use dyad_nlp::attribute_ruler::{AttributeRuler, TokenAttributes};
    let package = real_package();
    let ruler =
        AttributeRuler::from_msgpack(&package.read("attribute_ruler/patterns").expect("patterns"))
            .expect("valid rules");
    assert_eq!(ruler.len(), 179);
    let lemmatizer = dyad_nlp::lemmatizer::Lemmatizer::from_msgpack(
        &package
            .read("lemmatizer/lookups/lookups.bin")
            .expect("lemmatizer tables"),
    )
    .expect("valid tables");
    let pipeline = real_front_end();
    let data = vectors("lemmatizer.json");
    let parser = vectors("parser.json");
    let tagger = vectors("tagger.json");
    let sentences: Vec<&str> = data["sentences"]
        .as_array()
        .expect("sentences")
        .iter()
        .map(as_str)
        .collect();
    let rows = data["pipeline"].as_array().expect("pipeline rows");
    let mut compared = 0;
    for (number, sentence) in sentences.iter().enumerate() {
        let expected: Vec<&Value> = rows
            .iter()
            .filter(|row| as_u64(&row["sentence"]) == number as u64)
            .collect();
        let tokens = pipeline.tokenize(sentence);
        assert_eq!(
            tokens.len(),
            expected.len(),
            "token count of sentence {number}"
        );
        let texts: Vec<&str> = tokens
            .iter()
            .map(|token| &sentence[token.start..token.end])
            .collect();
        // Pre-ruler tags come from the tagger vectors where given; the final
        // tag equals the tagger's tag except on whitespace tokens.
        let tagger_sentence = tagger["sentences"].as_array().and_then(|all| {
            all.iter()
                .find(|entry| entry["text"].as_str() == Some(sentence))
        });
        let parser_sentence = parser["sentences"].as_array().and_then(|all| {
            all.iter()
                .find(|entry| entry["text"].as_str() == Some(sentence))
        });
        let Some(parser_sentence) = parser_sentence else {
            continue;
        };
        let mut attributes: Vec<TokenAttributes> = expected
            .iter()
            .enumerate()
            .map(|(index, row)| TokenAttributes {
                tag: tagger_sentence
                    .map(|entry| as_str(&entry["tokens"][index]["tag"]).to_owned())
                    .unwrap_or_else(|| as_str(&row["tag"]).to_owned()),
                dep: as_str(&parser_sentence["tokens"][index]["dep_after_parser"]).to_owned(),
                ..TokenAttributes::default()
            })
            .collect();
        ruler.apply(&texts, &mut attributes);
        for ((attributes, text), row) in attributes.iter_mut().zip(&texts).zip(&expected) {
            if attributes.lemma.is_empty() {
                attributes.lemma = lemmatizer.lemmatize(text, &attributes.pos, &attributes.morph);
            }
            assert_eq!(
                attributes.tag,
                as_str(&row["tag"]),
                "tag of {text:?} in sentence {number}"
            );
            assert_eq!(
                attributes.pos,
                as_str(&row["pos"]),
                "POS of {text:?} in sentence {number}"
            );
            assert_eq!(
                attributes.morph,
                as_str(&row["morph"]),
                "MORPH of {text:?} in sentence {number}"
            );
            assert_eq!(
                attributes.lemma,
                as_str(&row["lemma"]),
                "lemma of {text:?} in sentence {number}"
            );
            compared += 1;
        }
    }
    assert!(compared >= 20, "only {compared} tokens compared");
}
