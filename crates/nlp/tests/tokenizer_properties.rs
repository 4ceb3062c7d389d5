//! Properties of the real tokenizer on generated noisy text: it never
//! panics, its tokens tile the text, and the chunk cache (the optimised
//! path) gives exactly what the plain path gives. Needs the real model.

mod common;

use dyad_nlp::Pipeline;
use proptest::prelude::*;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(common::real_front_end)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn noisy_text_tiles_and_cache_is_transparent(
        text in "([A-Za-z]{1,6}|[0-9]{1,4}|[.,:;!?'\"()\\[\\]{}<>/@#$%&*+=~_|-]|[“”‘’«»–—…€£¥°²½]|[ \\t\\n\\u{a0}\\u{200b}]|[éüßøİΣ]|[北京кирилицаالعربية]|:\\)|n't|'s|https?://|www\\.|\\.com|U\\.S\\.|Inc\\.){0,24}"
    ) {
        let tokenizer = pipeline().tokenizer();
        let plain = tokenizer.tokenize_reference(&text);
        let cached_first = tokenizer.tokenize(&text);
        let cached_again = tokenizer.tokenize(&text);
        prop_assert_eq!(&plain, &cached_first);
        prop_assert_eq!(&plain, &cached_again);
        let mut rebuilt = String::new();
        for token in &plain {
            prop_assert!(token.start < token.end, "empty token in {:?}", text);
            prop_assert_eq!(token.start, rebuilt.len(), "gap or overlap in {:?}", text);
            rebuilt.push_str(&text[token.start..token.end]);
            if token.space_after {
                rebuilt.push(' ');
            }
        }
        prop_assert_eq!(rebuilt, text);
    }
}

/// Long runs without whitespace (pasted tables, base64, ASCII art) are one
/// chunk each; they must tokenize without panicking and keep the tiling.
#[test]
fn pathological_long_chunks_tokenize() {
    let tokenizer = pipeline().tokenizer();
    let inputs = [
        "a".repeat(20_000),
        ".".repeat(5_000),
        "-".repeat(5_000),
        "a-".repeat(3_000),
        "(((".repeat(2_000) + "word" + &")))".repeat(2_000),
        "\u{301}".repeat(2_000),
        "👍🏽".repeat(2_000),
        "http://".to_owned() + &"x.".repeat(3_000),
        "\u{0}\u{1}\u{1c}\u{7f}".repeat(1_000),
    ];
    for text in &inputs {
        let tokens = tokenizer.tokenize(text);
        let mut rebuilt = String::new();
        for token in &tokens {
            rebuilt.push_str(&text[token.start..token.end]);
            if token.space_after {
                rebuilt.push(' ');
            }
        }
        assert_eq!(&rebuilt, text, "tiling of a {}-byte input", text.len());
    }
}
