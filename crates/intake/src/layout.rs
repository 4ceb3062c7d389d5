//! Block structure of a text from its line layout: where a headline ends, a
//! paragraph starts, or a line starts after one that ended a sentence.
//!
//! A dependency parser decides sentence boundaries from the words alone, so
//! a headline without final punctuation ("Leaders Agree To Meet In Geneva")
//! is parsed into the first sentence of the story below it, and every actor
//! and event of the headline ends up tangled with that sentence. The layout
//! of news text tells us better: the parser is told that a sentence starts
//! at each block start found here (see `Document::block_starts`).
//!
//! The rules are deliberately conservative, because wire copy is often hard
//! wrapped at a fixed width ("US Deputy\nSecretary of Energy said") and a
//! false block start cuts a sentence in two:
//! - a blank line always starts a block;
//! - a single line break starts one only when the next line begins like a
//!   sentence (a capital letter, a digit or an opening quote) and the line
//!   before it either ends a sentence (final punctuation that is not an
//!   abbreviation such as "Mr." or "U.S.") or is a headline: the first line
//!   of its block, short, without final punctuation, and in title case or
//!   capitals.

/// Headlines longer than this many bytes are treated as prose.
const MAX_HEADLINE_BYTES: usize = 200;
/// Headlines have at most this many words.
const MAX_HEADLINE_WORDS: usize = 25;
/// Share of the longer words (four letters or more) that must be
/// capitalised for a line to read as a title-case headline. Function words
/// ("to", "of", "the") are short and do not count either way.
const MIN_TITLE_CASE_SHARE: f64 = 0.75;

/// Words that end in a full stop without ending a sentence, lower-cased and
/// without the stop.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt", "maj",
    "adm", "cmdr", "st", "jr", "sr", "no", "nos", "mt", "ft", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "corp", "co", "ltd", "vs", "etc",
    "approx", "dept", "est", "rev", "hon", "pres",
];

/// Byte offsets where a block starts in `text`, each at the first
/// non-blank character of its line; the first line with text is not
/// listed, as only white space comes before it. Sorted, distinct, never 0,
/// always on a character boundary.
pub fn block_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    // The previous non-blank line (trimmed), and whether it began a block.
    let mut previous: Option<(&str, bool)> = None;
    let mut blank_since_previous = false;
    let mut line_start = 0usize;
    for line in text.split('\n') {
        let this_start = line_start;
        line_start += line.len() + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            blank_since_previous = previous.is_some();
            continue;
        }
        let leading = line.len() - line.trim_start().len();
        let first_character = this_start + leading;
        let begins_block = match previous {
            None => true,
            Some(_) if blank_since_previous => true,
            Some((before, before_began_block)) => {
                begins_like_sentence(trimmed)
                    && (ends_sentence(before) || (before_began_block && is_headline(before)))
            }
        };
        // The first line of the text starts a block for the headline rule,
        // but only white space precedes it, so there is nothing to cut.
        if begins_block && previous.is_some() && text.is_char_boundary(first_character) {
            starts.push(first_character);
        }
        previous = Some((trimmed, begins_block));
        blank_since_previous = false;
    }
    starts
}

/// A line that may start a sentence: a capital letter, a digit, an opening
/// quote or bracket, or a list bullet.
fn begins_like_sentence(line: &str) -> bool {
    line.chars().next().is_some_and(|first| {
        first.is_uppercase()
            || first.is_ascii_digit()
            || matches!(
                first,
                '"' | '\u{201C}'
                    | '\u{2018}'
                    | '\''
                    | '('
                    | '['
                    | '\u{2022}'
                    | '*'
                    | '-'
                    | '\u{2014}'
            )
    })
}

/// Closing quotes and brackets that may follow final punctuation.
fn is_closing(character: char) -> bool {
    matches!(
        character,
        '"' | '\u{201D}' | '\u{2019}' | '\'' | ')' | ']' | '\u{00BB}'
    )
}

/// A line whose last word ends a sentence: `.`, `!`, `?` or `…`, possibly
/// followed by closing quotes, and not an abbreviation's full stop.
fn ends_sentence(line: &str) -> bool {
    let body = line.trim_end_matches(is_closing);
    let Some(last) = body.chars().last() else {
        return false;
    };
    match last {
        '!' | '?' | '\u{2026}' => true,
        '.' => {
            let word = body
                .trim_end_matches('.')
                .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '\u{201C}')
                .next()
                .unwrap_or("");
            !is_abbreviation(word)
        }
        _ => false,
    }
}

/// "Mr", "U.S", "J" (an initial): words whose full stop is not a
/// sentence end.
fn is_abbreviation(word: &str) -> bool {
    if word.contains('.') {
        return true;
    }
    let mut letters = word.chars();
    if let (Some(only), None) = (letters.next(), letters.next()) {
        return only.is_uppercase();
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// A short line without final punctuation whose longer words are
/// capitalised, or which is written in capitals.
fn is_headline(line: &str) -> bool {
    if line.len() > MAX_HEADLINE_BYTES {
        return false;
    }
    let Some(last) = line.trim_end_matches(is_closing).chars().last() else {
        return false;
    };
    if matches!(last, '.' | '!' | '?' | '\u{2026}' | ',' | ';' | ':' | '-') {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() < 2 || words.len() > MAX_HEADLINE_WORDS {
        return false;
    }
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 4 && letters.iter().all(|c| !c.is_lowercase()) {
        return true;
    }
    let long_words: Vec<&str> = words
        .iter()
        .copied()
        .filter(|word| word.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    if long_words.len() < 2 {
        return false;
    }
    let capitalised = long_words
        .iter()
        .filter(|word| {
            word.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
        .count();
    capitalised as f64 >= MIN_TITLE_CASE_SHARE * long_words.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<&str> {
        let mut cuts = vec![0];
        cuts.extend(block_starts(text));
        cuts.push(text.len());
        cuts.windows(2)
            .filter_map(|pair| text.get(pair[0]..pair[1]))
            .collect()
    }

    #[test]
    fn a_title_case_headline_is_its_own_block() {
        let text =
            "Leaders Agree To Meet In Geneva After Phone Call\nThe two presidents spoke on Monday.";
        assert_eq!(
            blocks(text),
            vec![
                "Leaders Agree To Meet In Geneva After Phone Call\n",
                "The two presidents spoke on Monday."
            ]
        );
    }

    #[test]
    fn a_capitals_headline_is_its_own_block() {
        let text = "MINISTERS MEET IN OSLO\nForeign ministers met on Friday.";
        assert_eq!(block_starts(text), vec![23]);
    }

    #[test]
    fn one_paragraph_per_line_gives_one_block_per_line() {
        let text = "Talks resumed on Monday.\nBoth sides said progress was made.\n“We are close,” an envoy said.";
        assert_eq!(blocks(text).len(), 3);
    }

    #[test]
    fn hard_wrapped_prose_is_not_cut() {
        let text = "Brazil and the United States are seeking to deepen a partnership in energy,\n\
                    especially by promoting biofuels, the US Deputy\n\
                    Secretary of Energy said here Wednesday.";
        assert!(block_starts(text).is_empty());
    }

    #[test]
    fn abbreviations_at_a_line_end_do_not_end_a_sentence() {
        assert!(block_starts("The envoy met Mr.\nSmith in the capital.").is_empty());
        assert!(block_starts("Troops left the U.S.\nEmbassy compound.").is_empty());
        assert!(block_starts("A letter signed by J.\nDoe arrived.").is_empty());
    }

    #[test]
    fn a_colon_before_a_quotation_does_not_cut() {
        assert!(block_starts("The minister said:\n“We will not yield.”").is_empty());
    }

    #[test]
    fn a_blank_line_always_starts_a_block() {
        let text = "first paragraph without a stop\n\n  second paragraph";
        assert_eq!(block_starts(text), vec![34]);
        assert_eq!(text.get(34..), Some("second paragraph"));
    }

    #[test]
    fn a_lowercase_next_line_continues_the_sentence() {
        assert!(block_starts("Officials Gather In Rome\nand talks begin.").is_empty());
    }

    #[test]
    fn a_title_case_line_inside_a_paragraph_is_not_a_headline() {
        // The second line is not the first line of its block, so its title
        // case does not make it a headline.
        let text = "He spoke at length about\nThe United Nations General Assembly\nSecurity Council reform.";
        assert!(block_starts(text).is_empty());
    }

    #[test]
    fn windows_line_endings_are_handled() {
        let text = "Leaders Meet In Geneva\r\nThe talks began.\r\nMore followed.";
        assert_eq!(blocks(text).len(), 3);
    }

    #[test]
    fn empty_and_blank_texts_have_no_blocks() {
        assert!(block_starts("").is_empty());
        assert!(block_starts("\n\n  \n").is_empty());
        assert!(block_starts("\n\n  Text after blank lines.").is_empty());
    }
}
