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
