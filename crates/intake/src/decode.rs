//! Turning input bytes into text: UTF-8 first, then a legacy fallback.

use dyad_types::Diagnostic;

/// The UTF-8 byte order mark, which is an encoding marker and not text.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Share of control characters (other than tab, line feed, carriage return
/// and form feed) above which content is taken to be binary data. Real
/// articles contain practically none, while images or archives contain many.
const BINARY_CONTROL_SHARE: f64 = 0.05;

/// Decodes `bytes` as text.
///
/// Valid UTF-8 is taken as is (minus a byte order mark). UTF-16 with a byte
/// order mark is decoded with an informational diagnostic. Anything else is
/// decoded as Windows-1252, the usual encoding of legacy news feeds (it is
/// a superset of Latin-1's printable range), with a warning that names the
/// first invalid byte. Returns `None`, with an error diagnostic, when the
/// content looks like binary data rather than text.
pub(crate) fn decode_text(
    bytes: &[u8],
    label: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let text = if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        decode_utf8_or_legacy(rest, label, diagnostics)
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let encoding = if bytes.starts_with(b"\xFF\xFE") {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (decoded, _, had_errors) = encoding.decode(bytes);
        diagnostics.push(Diagnostic::info(
            Some(label),
            format!("decoded as {}", encoding.name()),
        ));
        if had_errors {
            diagnostics.push(Diagnostic::warning(
                Some(label),
                "invalid UTF-16 sequences were replaced",
            ));
        }
        decoded.into_owned()
    } else {
        decode_utf8_or_legacy(bytes, label, diagnostics)
    };
    if looks_binary(&text) {
        diagnostics.push(Diagnostic::error(
            Some(label),
            "input looks like binary data, not text; skipped",
        ));
        return None;
    }
    Some(text)
}

/// Decodes with a named encoding (from an XML declaration), falling back to
/// the UTF-8 path for unknown labels.
pub(crate) fn decode_with_label(
    bytes: &[u8],
    encoding_label: &str,
    label: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    match encoding_rs::Encoding::for_label(encoding_label.trim().as_bytes()) {
        Some(encoding)
            if encoding != encoding_rs::UTF_8
                && encoding != encoding_rs::UTF_16LE
                && encoding != encoding_rs::UTF_16BE =>
        {
            let (decoded, _, had_errors) = encoding.decode(bytes);
            if had_errors {
                diagnostics.push(Diagnostic::warning(
                    Some(label),
                    format!("invalid {} sequences were replaced", encoding.name()),
                ));
            }
            let text = decoded.into_owned();
            if looks_binary(&text) {
                diagnostics.push(Diagnostic::error(
                    Some(label),
                    "input looks like binary data, not text; skipped",
                ));
                return None;
            }
            Some(text)
        }
        _ => decode_text(bytes, label, diagnostics),
    }
}

fn decode_utf8_or_legacy(bytes: &[u8], label: &str, diagnostics: &mut Vec<Diagnostic>) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(error) => {
            let offset = error.valid_up_to();
            let line = line_of_offset(bytes, offset);
            diagnostics.push(
                Diagnostic::warning(
                    Some(label),
                    format!("not valid UTF-8 (first invalid byte at offset {offset}); decoded as Windows-1252"),
                )
                .at_line(line),
            );
            let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            decoded.into_owned()
        }
    }
}

/// 1-based line number of a byte offset.
pub(crate) fn line_of_offset(bytes: &[u8], offset: usize) -> u64 {
    let end = offset.min(bytes.len());
    let newlines = bytes.get(..end).map_or(0, |prefix| {
        prefix.iter().filter(|&&byte| byte == b'\n').count()
    });
    u64::try_from(newlines)
        .unwrap_or(u64::MAX)
        .saturating_add(1)
}

/// True when the text contains a NUL or more than a small share of control
/// characters (C0 other than tab, line feed, carriage return and form feed;
/// DEL; C1). Only the first 64 KiB are inspected, which is enough to tell an
/// image or archive from an article and keeps the check cheap. The scan is
/// over bytes: in UTF-8 every C0 control and DEL is one byte, and every C1
/// control is `0xC2` followed by `0x80..=0x9F`.
fn looks_binary(text: &str) -> bool {
    let bytes = text.as_bytes();
    let head = bytes.get(..65_536).unwrap_or(bytes);
    // Fast path for ordinary text: no byte that could start a control
    // character at all. This simple scan is what nearly every article takes.
    let suspicious = |byte: &u8| {
        (*byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r' | 0x0c))
            || *byte == 0x7f
            || *byte == 0xc2
    };
    if !head.iter().any(suspicious) {
        return false;
    }
    let mut control = 0usize;
    let mut previous = 0u8;
    for &byte in head {
        match byte {
            0 => return true,
            b'\t' | b'\n' | b'\r' | 0x0c => {}
            0x01..=0x1f | 0x7f => control += 1,
            0x80..=0x9f if previous == 0xc2 => control += 1,
            _ => {}
        }
        previous = byte;
    }
    let characters = head.iter().filter(|&&byte| (byte & 0xc0) != 0x80).count();
    characters > 0 && (control as f64) / (characters as f64) > BINARY_CONTROL_SHARE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through_and_bom_is_dropped() {
        let mut diagnostics = Vec::new();
        assert_eq!(
            decode_text("\u{feff}Kyiv – talks".as_bytes(), "a.txt", &mut diagnostics).as_deref(),
            Some("Kyiv – talks")
        );
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn latin1_falls_back_with_warning_naming_line() {
        let mut diagnostics = Vec::new();
        let text = decode_text(b"line one\nS\xE3o Paulo talks\n", "b.txt", &mut diagnostics);
        assert_eq!(text.as_deref(), Some("line one\nSão Paulo talks\n"));
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].line, Some(2));
        assert_eq!(diagnostics[0].path.as_deref(), Some("b.txt"));
    }

    /// The byte scan must agree with a plain per-character count.
    #[test]
    fn binary_check_matches_character_reference() {
        fn reference(text: &str) -> bool {
            let mut total = 0usize;
            let mut control = 0usize;
            for character in text.chars().take(65_536) {
                total += 1;
                if character == '\0' {
                    return true;
                }
                if character.is_control() && !matches!(character, '\t' | '\n' | '\r' | '\u{c}') {
                    control += 1;
                }
            }
            total > 0 && (control as f64) / (total as f64) > BINARY_CONTROL_SHARE
        }
        let samples = [
            "", "Talks.", "a\u{a9} b", "a\u{1}b", "\u{85}\u{85}x", "\u{7f}\u{7f}\u{7f}abc", "Київ\u{9f}", "x\0", "\t\n\r\u{c}",
            "\u{1}\u{2}\u{3}aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ];
        for sample in samples {
            assert_eq!(looks_binary(sample), reference(sample), "{sample:?}");
        }
    }

    #[test]
    fn binary_is_rejected() {
        let mut diagnostics = Vec::new();
        assert_eq!(
            decode_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "c.png", &mut diagnostics),
            None
        );
        assert!(
            diagnostics
                .iter()
                .any(|d| d.severity == dyad_types::Severity::Error),
            "{diagnostics:?}"
        );
    }
}

/// Line numbers for a sequence of increasing offsets in one input, counted
/// incrementally: a reader that asks for the line of every record would
/// otherwise rescan the input from the start each time, which is quadratic
/// on a large file.
pub(crate) struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    /// A counter positioned at the start of `bytes` (line 1).
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line of `offset`. Offsets normally only grow; an earlier
    /// one is answered by a fresh count.
    pub(crate) fn line_at(&mut self, offset: usize) -> u64 {
        let offset = offset.min(self.bytes.len());
        if offset < self.offset {
            return line_of_offset(self.bytes, offset);
        }
        let newlines = self
            .bytes
            .get(self.offset..offset)
            .map_or(0, |part| part.iter().filter(|&&b| b == b'\n').count());
        self.line = self
            .line
            .saturating_add(u64::try_from(newlines).unwrap_or(u64::MAX));
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod line_counter_tests {
    use super::*;

    #[test]
    fn incremental_lines_match_the_simple_count() {
        let text = b"a\nbb\n\nccc\nd";
        let mut counter = LineCounter::new(text);
        for offset in [0, 1, 2, 3, 5, 6, 9, 10, 11, 40, 4, 0] {
            assert_eq!(
                counter.line_at(offset),
                line_of_offset(text, offset),
                "offset {offset}"
            );
        }
    }
}
