//! Guessing the input format from the content.

use dyad_types::InputFormat;

/// How many bytes of the input are inspected. The root element of a feed or
/// PETRARCH file comes after at most a declaration and a comment header;
/// 64 KiB covers even the long licence comments some files start with.
const SNIFF_BYTES: usize = 65_536;

/// Detects the format of an input from its first bytes.
///
/// * JSON Lines: the first non-blank character is `{`.
/// * Markup: the first element (after any declaration, comments and
///   doctype) decides: `rss` or `rdf:RDF` gives RSS, `feed` Atom,
///   `Sentences`, `Articles`, `Sentence` or `Article` PETRARCH XML, and
///   anything else (or an HTML doctype) HTML.
/// * Everything else is plain text.
///
/// Never fails; content that is neither markup nor JSON is text.
pub fn detect_format(bytes: &[u8]) -> InputFormat {
    let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    let head = head
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(head);
    let start = head
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(head.len());
    let rest = head.get(start..).unwrap_or_default();
    match rest.first() {
        Some(b'{') => InputFormat::Jsonl,
        Some(b'<') => detect_markup(rest),
        _ => InputFormat::Text,
    }
}

fn detect_markup(bytes: &[u8]) -> InputFormat {
    let mut position = 0usize;
    let mut saw_html_doctype = false;
    // Walk past declarations, comments and the doctype to the first element.
    // Each step moves forward, so the loop ends on any input.
    while let Some(relative) = bytes
        .get(position..)
        .and_then(|rest| rest.iter().position(|&byte| byte == b'<'))
    {
        position += relative;
        let rest = bytes.get(position..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            match find(rest, b"-->") {
                Some(end) => position += end + 3,
                None => return InputFormat::Html,
            }
        } else if rest.starts_with(b"<?") || rest.starts_with(b"<!") {
            if starts_with_ignore_case(rest, b"<!doctype html") {
                saw_html_doctype = true;
            }
            match rest.iter().position(|&byte| byte == b'>') {
                Some(end) => position += end + 1,
                None => return InputFormat::Html,
            }
        } else {
            let name: Vec<u8> = rest
                .iter()
                .skip(1)
                .take_while(|byte| {
                    byte.is_ascii_alphanumeric() || matches!(byte, b':' | b'-' | b'_')
                })
                .map(u8::to_ascii_lowercase)
                .collect();
            if saw_html_doctype {
                return InputFormat::Html;
            }
            return match name.as_slice() {
                b"rss" | b"rdf:rdf" => InputFormat::Rss,
                b"feed" => InputFormat::Atom,
                b"sentences" | b"articles" => InputFormat::PetrarchXml,
                b"sentence" | b"article" if !looks_like_html(bytes) => InputFormat::PetrarchXml,
                _ => InputFormat::Html,
            };
        }
    }
    InputFormat::Html
}

/// An HTML5 page may start with `<article>` too; PETRARCH articles have an
/// `id` attribute and a `<Text>` child, which HTML does not.
fn looks_like_html(bytes: &[u8]) -> bool {
    !contains_ignore_case(bytes, b"<text")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn starts_with_ignore_case(haystack: &[u8], prefix: &[u8]) -> bool {
    haystack
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_format() {
        assert_eq!(
            detect_format(b"  {\"id\":\"a\",\"text\":\"x\"}\n"),
            InputFormat::Jsonl
        );
        assert_eq!(
            detect_format(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>"),
            InputFormat::Rss
        );
        assert_eq!(
            detect_format(b"<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            InputFormat::Atom
        );
        assert_eq!(
            detect_format(b"<!-- header -->\n<Sentences>\n<Sentence id=\"a\">"),
            InputFormat::PetrarchXml
        );
        assert_eq!(
            detect_format(b"<!DOCTYPE html><html><body><p>x</p>"),
            InputFormat::Html
        );
        assert_eq!(
            detect_format(b"<article><p>Talks.</p></article>"),
            InputFormat::Html
        );
        assert_eq!(detect_format(b"Talks began in Geneva."), InputFormat::Text);
        assert_eq!(detect_format(b""), InputFormat::Text);
        assert_eq!(detect_format(b"<!-- never closed"), InputFormat::Html);
    }
}
