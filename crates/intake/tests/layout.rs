//! Properties of the block starts intake records for every document.

use dyad_intake::block_starts;
use proptest::prelude::*;

proptest! {
    /// Whatever the text, block starts are usable offsets: sorted, distinct,
    /// inside the text, on character boundaries, at a non-blank character
    /// that begins a line.
    #[test]
    fn block_starts_are_line_starts_on_character_boundaries(text in "(\\PC|\\n|\\r| ){0,300}") {
        let starts = block_starts(&text);
        for pair in starts.windows(2) {
            prop_assert!(pair[0] < pair[1]);
        }
        for &start in &starts {
            prop_assert!(start > 0 && start < text.len());
            prop_assert!(text.is_char_boundary(start));
            let rest = &text[start..];
            prop_assert!(!rest.starts_with(char::is_whitespace));
            let before = &text[..start];
            let line_prefix = before.rsplit('\n').next().unwrap_or("");
            prop_assert!(before.contains('\n'));
            prop_assert!(line_prefix.trim().is_empty());
        }
    }

    /// Prose hard-wrapped at any width, with no line ending in final
    /// punctuation, is never cut, even where a line starts with a capital.
    /// The first line ends in a comma, so no later line is the first of
    /// its block and the headline rule cannot apply.
    #[test]
    fn wrapped_prose_without_sentence_ends_is_never_cut(
        words in proptest::collection::vec("[a-z]{1,9}|[A-Z][a-z]{0,8}|[a-z]{2,6},", 5..80),
        width in 20usize..90,
    ) {
        let mut text = String::from("according to a report released by officials,\nthe envoy said");
        let mut line_length = "the envoy said".len();
        for word in &words {
            if line_length + word.len() + 1 > width {
                text.push('\n');
                line_length = 0;
            } else {
                text.push(' ');
                line_length += 1;
            }
            text.push_str(word);
            line_length += word.len();
        }
        prop_assert!(block_starts(&text).is_empty(), "{:?}", text);
    }
}
