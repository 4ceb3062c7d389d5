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
