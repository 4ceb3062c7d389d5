//! The coder over `dyad-dict` (the `DictLexicon` adapter) must code the
//! golden cases like the coder over its own reader of the same dictionary
//! (`TextLexicon`), which is the simple reference here: same dictionary
//! text, two matchers, the same events.

use dyad_coder::{Coder, CoderOptions, DictLexicon, TextLexicon};
use dyad_types::AnnotatedDocument;
use std::path::Path;
use std::sync::Arc;

fn summary(coder: &Coder, document: &AnnotatedDocument) -> Vec<String> {
    coder
        .code(document)
        .events
        .iter()
        .map(|event| {
            format!(
                "{} {} {} -> {} {}",
                event.sentence_index,
                event.cameo,
                event.source.code.as_deref().unwrap_or("-"),
                event
                    .target
                    .as_ref()
                    .and_then(|target| target.code.as_deref())
                    .unwrap_or("-"),
                event.modality.name()
            )
        })
        .collect()
}

#[test]
fn dict_crate_and_text_reader_code_alike() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data");
    let text =
        std::fs::read_to_string(root.join("dictionaries/test.dict")).expect("test dictionary");
    let mut reference = TextLexicon::new();
    assert!(reference.add_file("test.dict", &text).is_empty());
    let (dictionaries, diagnostics) = dyad_dict::Dictionaries::from_texts(
        Some(("test.dict", &text)),
        &[("test.dict", &text)],
        Some(("test.dict", &text)),
        None,
    );
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == dyad_types::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let reference_coder = Coder::new(Arc::new(reference), CoderOptions::default());
    let dict_coder = Coder::new(
        Arc::new(DictLexicon::new(Arc::new(dictionaries))),
        CoderOptions::default(),
    );
    for case in ["constructions", "diplomacy-article"] {
        let annotations =
            std::fs::read_to_string(root.join(case).join("annotations.json")).expect("annotations");
        let document: AnnotatedDocument = serde_json::from_str(&annotations).expect("parse");
        assert_eq!(
            summary(&dict_coder, &document),
            summary(&reference_coder, &document),
            "case {case}"
        );
    }
}

/// The adapter answers the coder's place question from the dictionaries'
/// gazetteer: a US state is in the United States, a landmark written with
/// "the" covers the article, and a word that is no place gives nothing.
#[test]
fn dict_lexicon_places_come_from_the_gazetteer() {
    use dyad_coder::{Lexicon, Word};
    let (dictionaries, _) = dyad_dict::Dictionaries::builtin();
    let lexicon = DictLexicon::new(Arc::new(dictionaries));
    let texts = [
        "Xi", "met", "Putin", "in", "Alaska", "at", "the", "White", "House",
    ];
    let lower: Vec<String> = texts.iter().map(|text| text.to_lowercase()).collect();
    let words: Vec<Word<'_>> = texts
        .iter()
        .zip(&lower)
        .map(|(text, lower)| Word {
            text,
            lemma: text,
            lower_text: lower,
            lower_lemma: lower,
        })
        .collect();
    let alaska = lexicon.place_at(&words, 4).expect("Alaska");
    assert_eq!(alaska.word_count, 1);
    assert_eq!(alaska.country.as_deref(), Some("USA"));
    let white_house = lexicon.place_at(&words, 6).expect("the White House");
    assert_eq!(white_house.word_count, 3);
    assert_eq!(white_house.country.as_deref(), Some("USA"));
    assert!(lexicon.place_at(&words, 1).is_none());
    assert!(lexicon.place_at(&words, 99).is_none());
}

/// One sentence as the parser gives it: (text, lemma, tag, pos, dep, head,
/// entity type) per token, separated by single spaces.
fn parsed(rows: &[(&str, &str, &str, &str, &str, usize, &str)]) -> AnnotatedDocument {
    use dyad_types::{AnnotatedSentence, Span, Token};
    let mut text = String::new();
    let mut tokens = Vec::new();
    for (index, (word, lemma, tag, pos, dep, head, entity)) in rows.iter().enumerate() {
        if index > 0 {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(word);
        tokens.push(Token {
            text: (*word).to_owned(),
            span: Span::new(start, text.len()),
            space_after: index + 1 < rows.len(),
            tag: (*tag).to_owned(),
            pos: (*pos).to_owned(),
            dep: (*dep).to_owned(),
            head: *head,
            lemma: (*lemma).to_owned(),
            ent_iob: if entity.is_empty() { "O" } else { "B" }.to_owned(),
            ent_type: (*entity).to_owned(),
            is_sent_start: index == 0,
        });
    }
    let sentences = AnnotatedSentence::from_sentence_starts(&tokens);
    AnnotatedDocument {
        doc_id: "parsed".to_owned(),
        text,
        date: dyad_types::Date::from_ymd_opt(2024, 1, 1),
        title: None,
        tokens,
        sentences,
    }
}

fn builtin_coder() -> Coder {
    let (dictionaries, _) = dyad_dict::Dictionaries::builtin();
    Coder::new(
        Arc::new(DictLexicon::new(Arc::new(dictionaries))),
        CoderOptions::default(),
    )
}

#[test]
fn regression_role_with_place_after_it_codes_as_subject() {
    // The dictionaries give "Police in France" as one phrase whose head is
    // its first word; the subject's event was lost.
    let document = parsed(&[
        ("Police", "police", "NNS", "NOUN", "nsubj", 3, ""),
        ("in", "in", "IN", "ADP", "prep", 0, ""),
        ("France", "France", "NNP", "PROPN", "pobj", 1, "GPE"),
        ("arrested", "arrest", "VBD", "VERB", "ROOT", 3, ""),
        ("protesters", "protester", "NNS", "NOUN", "dobj", 3, ""),
        (".", ".", ".", "PUNCT", "punct", 3, ""),
    ]);
    let events = builtin_coder().code(&document).events;
    let arrest = events.first().expect("the arrest is coded");
    assert_eq!(arrest.cameo, "173");
    assert_eq!(arrest.source.code.as_deref(), Some("FRACOP"));
    assert_eq!(arrest.source.text, "Police in France");
}

#[test]
fn regression_place_of_the_verb_does_not_hide_the_role_noun() {
    // "in Cairo" belongs to "detained", not to "journalists"; the object is
    // still the role noun "journalists" (a media sector without a country).
    let document = parsed(&[
        ("Egyptian", "Egyptian", "JJ", "ADJ", "amod", 1, "NORP"),
        ("police", "police", "NNS", "NOUN", "nsubj", 2, ""),
        ("detained", "detain", "VBD", "VERB", "ROOT", 2, ""),
        ("five", "five", "CD", "NUM", "nummod", 4, "CARDINAL"),
        ("journalists", "journalist", "NNS", "NOUN", "dobj", 2, ""),
        ("in", "in", "IN", "ADP", "prep", 2, ""),
        ("Cairo", "Cairo", "NNP", "PROPN", "pobj", 5, "GPE"),
        (".", ".", ".", "PUNCT", "punct", 2, ""),
    ]);
    let events = builtin_coder().code(&document).events;
    let detention = events.first().expect("the detention is coded");
    assert_eq!(detention.cameo, "173");
    assert_eq!(detention.source.code.as_deref(), Some("EGYCOP"));
    let target = detention.target.as_ref().expect("the journalists");
    assert_eq!(target.text, "five journalists");
    assert_eq!(target.sector.as_deref(), Some("MED"));
}
