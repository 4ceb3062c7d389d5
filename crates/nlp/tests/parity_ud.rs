//! Parity with spaCy on the project's reference: 2,751 UD English documents
//! annotated by spaCy 3.8 with `en_core_web_sm` 3.8.0
//! (`shared/spacy-reference/ud-en.jsonl`). Needs the real model package.

mod common;

#[test]
fn ud_english_reference_parity() {
    let path = common::shared_dir()
        .join("spacy-reference")
        .join("ud-en.jsonl");
    let records = common::read_jsonl(&path);
    assert_eq!(
        records.len(),
        2751,
        "{} should hold 2,751 documents",
        path.display()
    );
    let pipeline = common::real_pipeline();
    let agreement = common::compare_with_reference(&pipeline, &records);
    common::assert_parity("ud-en", &agreement);
}
