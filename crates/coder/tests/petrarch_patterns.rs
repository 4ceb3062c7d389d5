//! PETRARCH verb patterns from the shared `CAMEO.2.0.txt`, matched against
//! spaCy dependency parses of our own sentences, give what UniversalPetrarch
//! gives for the same constructions (see `shared/petrarch-notes`, §7):
//! a noun pattern on the object with its partner ("called off talks with"),
//! a prepositional pattern with `[A:B]` codes, and a reverse-only block code.
//!
//! The verb file is read from the shared data directory (`DYAD_SHARED`, or
//! `shared/` beside the workspace); it is third-party data and is not
//! copied into the repository.

use dyad_coder::{Coder, CoderOptions, DictLexicon};
use dyad_types::AnnotatedDocument;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn shared_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DYAD_SHARED") {
        return PathBuf::from(dir);
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = manifest
        .canonicalize()
        .unwrap_or_else(|_| manifest.to_owned());
    manifest.join("../../../shared")
}

#[test]
fn petrarch_verb_patterns_code_like_universal_petrarch() {
    let path = shared_dir().join("dictionaries/phoenix/CAMEO.2.0.txt");
    let verbs = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}; set DYAD_SHARED", path.display()));
    let (dictionaries, _) =
        dyad_dict::Dictionaries::from_texts(Some(("CAMEO.2.0.txt", &verbs)), &[], None, None);
    let coder = Coder::new(
        Arc::new(DictLexicon::new(Arc::new(dictionaries))),
        CoderOptions::default(),
    );
    let annotations = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/petrarch-patterns/annotations.json"),
    )
    .expect("annotations");
    let document: AnnotatedDocument = serde_json::from_str(&annotations).expect("parse");
    let triples: Vec<String> = coder
        .code(&document)
        .events
        .iter()
        .map(|event| {
            format!(
                "{} {} {} {} | {}",
                event.sentence_index,
                event.source.code.as_deref().unwrap_or("---"),
                event
                    .target
                    .as_ref()
                    .and_then(|t| t.code.as_deref())
                    .unwrap_or("---"),
                event.cameo,
                event.evidence.pattern
            )
        })
        .collect();
    assert_eq!(
        triples,
        vec![
            "0 EGY ISR 164 | - * TALKS [164:164]",
            "0 ISR EGY 164 | - * TALKS [164:164]",
            "1 DEUGOV JPN 046 | - * (FOR TALKS) [046:046]",
            "1 JPN DEUGOV 046 | - * (FOR TALKS) [046:046]",
            "2 UKR RUS 110 | SHOCK",
            "3 TUR IRN 111 | CONDEMN",
        ]
    );
}
