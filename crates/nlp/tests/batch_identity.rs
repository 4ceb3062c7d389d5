//! Batching never changes a result: the tok2vec networks on a batch of
//! documents give bit-identical vectors to each document run alone, and the
//! whole pipeline gives identical annotations for batches of any size.
#![allow(clippy::unwrap_used)]

mod common;
mod neural_support;

use dyad_nlp::LexicalFeatures;
use neural_support::pipeline;
use proptest::prelude::*;
use std::path::PathBuf;

/// Generated documents of generated lengths (zero included) with arbitrary
/// feature ids.
fn documents_strategy() -> impl Strategy<Value = Vec<Vec<LexicalFeatures>>> {
    let token = (
        any::<u64>(),
        any::<u64>(),
        any::<u64>(),
        any::<u64>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(norm, prefix, suffix, shape, spacy, is_space)| LexicalFeatures {
                norm,
                prefix,
                suffix,
                shape,
                spacy,
                is_space,
            },
        );
    proptest::collection::vec(proptest::collection::vec(token, 0..40), 1..7)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn batched_tok2vec_equals_one_document_at_a_time(documents in documents_strategy()) {
        let batch: Vec<&[LexicalFeatures]> = documents.iter().map(Vec::as_slice).collect();
        let shared = pipeline().run_tok2vec_batch(&batch);
        let ner = pipeline().run_ner_tok2vec_batch(&batch);
        prop_assert_eq!(shared.len(), documents.len());
        prop_assert_eq!(ner.len(), documents.len());
        for ((features, shared), ner) in documents.iter().zip(&shared).zip(&ner) {
            // Bit-identical, not merely close: results must not depend on batching.
            prop_assert_eq!(shared, &pipeline().run_tok2vec(features));
            prop_assert_eq!(ner, &pipeline().run_ner_tok2vec(features));
        }
    }

    #[test]
    fn batched_neural_outputs_equal_one_document_at_a_time(documents in documents_strategy()) {
        let batch: Vec<&[LexicalFeatures]> = documents.iter().map(Vec::as_slice).collect();
        let outputs = pipeline().run_batch(&batch);
        prop_assert_eq!(outputs.len(), documents.len());
        for (features, output) in documents.iter().zip(&outputs) {
            prop_assert_eq!(output, &pipeline().run(features));
        }
    }
}

/// A batch longer than one encoder chunk (1,024 rows) and than one group
/// of `run_batch` (1,024 tokens), so chunk and group boundaries fall inside
/// and between documents.
#[test]
fn batches_across_chunk_boundaries_equal_one_document_at_a_time() {
    let documents: Vec<Vec<LexicalFeatures>> = (0..40u64)
        .map(|document| {
            (0..(document * 7 % 90))
                .map(|token| LexicalFeatures {
                    norm: document * 1_000 + token,
                    prefix: token % 13,
                    suffix: token % 17,
                    shape: token % 5,
                    spacy: token % 3 != 0,
                    is_space: token % 29 == 28,
                })
                .collect()
        })
        .collect();
    let batch: Vec<&[LexicalFeatures]> = documents.iter().map(Vec::as_slice).collect();
    let tokens: usize = documents.iter().map(Vec::len).sum();
    assert!(tokens > 1_100, "the batch must span several chunks");
    for (features, vectors) in documents.iter().zip(pipeline().run_tok2vec_batch(&batch)) {
        assert_eq!(vectors, pipeline().run_tok2vec(features));
    }
    for (features, output) in documents.iter().zip(pipeline().run_batch(&batch)) {
        assert_eq!(output, pipeline().run(features));
    }
}

/// The whole pipeline: our fixture texts annotated in batches of 1, 2, 5
/// and all at once give the same tokens as each text alone.
#[test]
fn annotating_texts_in_batches_of_any_size_equals_one_at_a_time() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test_data/parity/input.jsonl");
    let records = common::read_jsonl(&path);
    let texts: Vec<String> = records
        .iter()
        .map(|record| record["text"].as_str().unwrap().to_owned())
        .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    assert!(texts.len() > 10);
    let full = common::real_pipeline();
    let alone: Vec<_> = texts.iter().map(|text| full.annotate_text(text)).collect();
    assert!(alone
        .iter()
        .any(|tokens| tokens.iter().any(|t| !t.ent_type.is_empty())));
    for size in [1, 2, 5, texts.len()] {
        let batched: Vec<_> = texts
            .chunks(size)
            .flat_map(|chunk| full.annotate_texts(chunk))
            .collect();
        assert_eq!(batched, alone, "batch size {size}");
    }
}
