//! Recognising boilerplate lines ("Comments are closed.", share prompts,
//! newsletter sign-ups, credit lines) so they can be excluded from analysis
//! without rewriting the text.

use dyad_types::Span;

/// Lines longer than this are never boilerplate: a real paragraph may start
/// with "Read more" or mention a newsletter, and must not be lost.
const MAX_BOILERPLATE_LINE_BYTES: usize = 160;

/// Lines equal to one of these (lower-cased, trailing punctuation removed).
const EXACT: &[&str] = &[
    "comments are closed",
    "comments",
    "leave a comment",
    "leave a reply",
    "share this article",
    "share this story",
    "share this",
    "share",
    "share on facebook",
    "share on twitter",
    "share on x",
    "tweet",
    "email",
    "print",
    "print this article",
    "email this article",
    "advertisement",
    "advertisements",
    "sponsored content",
    "read more",
    "related",
    "related articles",
    "related stories",
    "related coverage",
    "most read",
    "most popular",
    "sign up for our newsletter",
    "subscribe to our newsletter",
    "subscribe now",
    "skip to content",
    "skip to main content",
    "back to top",
    "you may also like",
    "recommended",
];

/// Lines starting with one of these (lower-cased).
const PREFIXES: &[&str] = &[
    "sign up for our",
    "sign up to our",
    "subscribe to our",
    "follow us on",
    "share this article",
    "click here to",
    "read more:",
    "related:",
    "copyright ",
    "copyright©",
    "© ",
    "(c) ",
    "(reporting by",
    "reporting by ",
    "(editing by",
    "all rights reserved",
    "this article was",
    "to report an error",
];

/// Lines containing one of these anywhere (lower-cased).
const CONTAINS: &[&str] = &[
    "all rights reserved",
    "comments are closed",
    "sign up for our newsletter",
];

/// Returns the byte ranges of boilerplate lines in `text`: sorted, disjoint,
/// each covering the line without its surrounding whitespace or line break.
pub fn boilerplate_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut line_start = 0usize;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        let leading = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if !trimmed.is_empty()
            && trimmed.len() <= MAX_BOILERPLATE_LINE_BYTES
            && is_boilerplate(trimmed)
        {
            let start = line_start + leading;
            spans.push(Span::new(start, start + trimmed.len()));
        }
        line_start = line_end;
    }
    spans
}

fn is_boilerplate(line: &str) -> bool {
    let lower = line.to_lowercase();
    let bare =
        lower.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == '…' || c.is_whitespace());
    let bare = bare.trim_start_matches(|c: char| {
        matches!(c, '»' | '›' | '>' | '-' | '–' | '•' | '*') || c.is_whitespace()
    });
    EXACT.contains(&bare)
        || PREFIXES.iter().any(|prefix| lower.starts_with(prefix))
        || CONTAINS.iter().any(|needle| lower.contains(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lines_and_keeps_articles() {
        let text = "Talks began in Geneva.\n  Comments are closed.  \nShare this article\n\
                    Read more about how the envoy said the talks would resume next week after a pause.\n";
        let found: Vec<&str> = boilerplate_spans(text)
            .iter()
            .filter_map(|span| span.slice(text))
            .collect();
        assert_eq!(found, vec!["Comments are closed.", "Share this article"]);
    }
}
