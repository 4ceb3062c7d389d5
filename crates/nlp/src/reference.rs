//! The reference JSONL format: one spaCy document per line, exactly as the
//! project's Python reference script writes it (Python `json.dumps` with
//! `ensure_ascii=False`), so dyad's output can be compared byte for byte.

use dyad_types::Token;
use serde::Serialize;
use std::io;

/// One token of a reference record, fields in the reference order.
#[derive(Debug, Serialize)]
struct ReferenceToken<'a> {
    i: usize,
    text: &'a str,
    /// Code-point offset of the token in the record's text.
    idx: usize,
    ws: &'static str,
    tag: &'a str,
    pos: &'a str,
    dep: &'a str,
    head: usize,
    lemma: &'a str,
    ent_iob: &'a str,
    ent_type: &'a str,
    is_sent_start: bool,
}

#[derive(Debug, Serialize)]
struct ReferenceRecord<'a> {
    doc: &'a str,
    text: &'a str,
    tokens: Vec<ReferenceToken<'a>>,
}

/// Python's default JSON separators: `", "` between items and `": "`
/// after keys. String escaping is the same as serde_json's.
struct PythonFormatter;

impl serde_json::ser::Formatter for PythonFormatter {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }
}

/// Formats one reference record (without the trailing newline). `tokens`
/// carry byte spans into `text`; `idx` is written in code points, and
/// `head` as given (an index into `tokens`).
pub fn reference_line(doc_id: &str, text: &str, tokens: &[Token]) -> String {
    // Byte offset → code-point offset, computed in one pass over the text.
    let mut code_points_before = Vec::with_capacity(tokens.len());
    let mut characters = text.char_indices().enumerate().peekable();
    for token in tokens {
        let mut count = 0;
        while let Some(&(index, (offset, _))) = characters.peek() {
            if offset >= token.span.start {
                count = index;
                break;
            }
            count = index + 1;
            characters.next();
        }
        code_points_before.push(count);
    }
    let record = ReferenceRecord {
        doc: doc_id,
        text,
        tokens: tokens
            .iter()
            .zip(code_points_before)
            .enumerate()
            .map(|(i, (token, idx))| ReferenceToken {
                i,
                text: &token.text,
                idx,
                ws: if token.space_after { " " } else { "" },
                tag: &token.tag,
                pos: &token.pos,
                dep: &token.dep,
                head: token.head,
                lemma: &token.lemma,
                ent_iob: &token.ent_iob,
                ent_type: &token.ent_type,
                is_sent_start: token.is_sent_start,
            })
            .collect(),
    };
    let mut bytes = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, PythonFormatter);
    // Serializing plain strings, numbers and booleans into a Vec cannot fail.
    if record.serialize(&mut serializer).is_err() {
        return String::new();
    }
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_types::Span;

    #[test]
    fn matches_python_json_dumps() {
        let text = "Kyiv – said \"no\"";
        let token = |word: &str, start: usize, space: bool| Token {
            text: word.to_owned(),
            span: Span::new(start, start + word.len()),
            space_after: space,
            tag: "NNP".to_owned(),
            pos: "PROPN".to_owned(),
            dep: "ROOT".to_owned(),
            head: 0,
            lemma: word.to_owned(),
            ent_iob: "O".to_owned(),
            ent_type: String::new(),
            is_sent_start: start == 0,
        };
        let tokens = vec![
            token("Kyiv", 0, true),
            token("–", 5, true),
            token("said", 9, true),
        ];
        let line = reference_line("d1", text, &tokens);
        assert!(line.starts_with(r#"{"doc": "d1", "text": "Kyiv – said \"no\"", "tokens": [{"i": 0, "text": "Kyiv", "idx": 0, "ws": " ", "tag": "NNP""#), "{line}");
        // The dash is 3 bytes but one code point: `said` starts at code point 7.
        assert!(
            line.contains(r#"{"i": 2, "text": "said", "idx": 7, "ws": " ""#),
            "{line}"
        );
        assert!(
            line.ends_with(r#""ent_type": "", "is_sent_start": false}]}"#),
            "{line}"
        );
    }
}
