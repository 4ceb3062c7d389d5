//! Block starts (a headline, a paragraph) cut a document into separate
//! spaCy documents when the pipeline respects them, and change nothing
//! when it does not.
#![allow(clippy::unwrap_used)]

mod common;

use dyad_types::{Document, Span};

/// A wire story whose headline has no final punctuation: spaCy's parser
/// alone reads the headline into the first sentence.
const STORY: &str = "Envoys Prepare Geneva Talks Between Rival Leaders\n\
    The foreign minister said Tuesday that both presidents had agreed to meet in Geneva next month.\n\
    Officials declined to give a date.";

fn story() -> Document {
    let mut document = Document::new("story", STORY);
    document.block_starts = vec![
        STORY.find("The foreign").unwrap(),
        STORY.find("Officials").unwrap(),
    ];
    document
}

#[test]
fn respected_blocks_start_sentences_and_equal_each_block_alone() {
    let pipeline = common::real_pipeline().respecting_blocks(true);
    let document = story();
    let annotated = pipeline.annotate(&document);
    let sentence_starts: Vec<usize> = annotated.sentences.iter().map(|s| s.span.start).collect();
    for &block_start in &document.block_starts {
        assert!(
            sentence_starts.contains(&block_start),
            "no sentence starts at block start {block_start}: {sentence_starts:?}"
        );
    }
    // Each block is annotated exactly as the text of that block alone,
    // with its spans shifted into the document.
    let mut cursor = 0;
    for block in document.analysed_blocks() {
        let alone = pipeline.annotate_text(block.slice(&document.text).unwrap());
        let inside: Vec<_> = annotated
            .tokens
            .iter()
            .filter(|token| token.span.start >= block.start && token.span.end <= block.end)
            .collect();
        assert_eq!(alone.len(), inside.len());
        for (one, other) in alone.iter().zip(&inside) {
            assert_eq!(
                Span::new(one.span.start + block.start, one.span.end + block.start),
                other.span
            );
            assert_eq!(one.head + cursor, other.head);
            assert_eq!(
                (&one.tag, &one.dep, &one.lemma, &one.ent_type),
                (&other.tag, &other.dep, &other.lemma, &other.ent_type)
            );
        }
        cursor += alone.len();
    }
    assert_eq!(cursor, annotated.tokens.len());
    for token in &annotated.tokens {
        assert_eq!(document.slice(token.span), Some(token.text.as_str()));
    }
}

#[test]
fn ignored_blocks_leave_the_spacy_output_unchanged() {
    let pipeline = common::real_pipeline();
    let annotated = pipeline.annotate(&story());
    let plain = pipeline.annotate_text(STORY);
    assert_eq!(annotated.tokens, plain);
}
