//! Streaming reader for JSON Lines input.

use crate::date::parse_date;
use crate::{finish_document, truncate_text, IntakeError, ReadItem, ReadOptions};
use dyad_types::{Diagnostic, Document, InputFormat};
use serde_json::{Map, Value};
use std::collections::VecDeque;
use std::io::BufRead;
use std::path::PathBuf;

/// Reads JSON Lines one line at a time, yielding documents and diagnostics
/// as it goes, so memory stays bounded by the longest accepted line.
///
/// Each line is an object `{"id", "date", "title", "text", "url",
/// "source"}`; `doc` is accepted for `id` (the convention of
/// `dyad annotate`'s input). Only `text` is required. Other fields are kept
/// in [`Document::metadata`]. A line that is not valid JSON, not an object,
/// has no text, or is longer than [`ReadOptions::max_line_bytes`] gives an
/// error diagnostic with its line number and is skipped; the following
/// lines are read as usual.
///
/// ```
/// use dyad_intake::{JsonlDocuments, ReadItem, ReadOptions};
/// let input = b"{\"id\":\"a\",\"text\":\"Envoys met.\"}\nnot json\n{\"doc\":\"b\",\"text\":\"Talks ended.\"}\n";
/// let items: Vec<ReadItem> = JsonlDocuments::new(&input[..], "feed.jsonl", &ReadOptions::default())
///     .collect::<Result<_, _>>()
///     .unwrap();
/// let ids: Vec<String> = items.iter().filter_map(|item| match item {
///     ReadItem::Document(document) => Some(document.id.clone()),
///     ReadItem::Diagnostic(_) => None,
/// }).collect();
/// assert_eq!(ids, ["a", "b"]);
/// assert_eq!(items.len(), 3);
/// ```
pub struct JsonlDocuments<R> {
    reader: R,
    label: String,
    options: ReadOptions,
    line_number: u64,
    item_index: u64,
    buffer: Vec<u8>,
    pending: VecDeque<ReadItem>,
    finished: bool,
}

/// What reading one physical line gave.
enum LineRead {
    /// End of input.
    End,
    /// A line, now in the buffer without its line break.
    Line,
    /// A line longer than the limit, which was skipped; its length in bytes.
    TooLong(u64),
}

impl<R: BufRead> JsonlDocuments<R> {
    /// Starts reading `reader`; `label` (normally the path) names it in ids
    /// and diagnostics.
    pub fn new(reader: R, label: &str, options: &ReadOptions) -> Self {
        JsonlDocuments {
            reader,
            label: label.to_owned(),
            options: options.clone(),
            line_number: 0,
            item_index: 0,
            buffer: Vec::new(),
            pending: VecDeque::new(),
            finished: false,
        }
    }

    /// Reads the next line into the buffer, skipping (not storing) the rest
    /// of a line once it exceeds the limit.
    fn read_line(&mut self) -> std::io::Result<LineRead> {
        self.buffer.clear();
        let limit = self.options.max_line_bytes();
        let mut total: u64 = 0;
        let mut too_long = false;
        let mut saw_any = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if available.is_empty() {
                break;
            }
            saw_any = true;
            let newline = available.iter().position(|&byte| byte == b'\n');
            let take = newline.map_or(available.len(), |position| position + 1);
            let content = available.get(..newline.unwrap_or(take)).unwrap_or_default();
            total = total.saturating_add(u64::try_from(content.len()).unwrap_or(u64::MAX));
            if !too_long {
                if self.buffer.len().saturating_add(content.len()) > limit {
                    too_long = true;
                    self.buffer.clear();
                    // Give the memory of the partial line back.
                    self.buffer.shrink_to(64 * 1024);
                } else {
                    self.buffer.extend_from_slice(content);
                }
            }
            self.reader.consume(take);
            if newline.is_some() {
                break;
            }
        }
        if !saw_any {
            return Ok(LineRead::End);
        }
        if too_long {
            return Ok(LineRead::TooLong(total));
        }
        if self.buffer.last() == Some(&b'\r') {
            self.buffer.pop();
        }
        Ok(LineRead::Line)
    }

    fn diagnostic(&self, diagnostic: Diagnostic) -> ReadItem {
        ReadItem::Diagnostic(diagnostic.at_line(self.line_number))
    }

    /// Parses the line in the buffer into pending items.
    fn parse_line(&mut self) {
        let label = self.label.clone();
        let line = self
            .buffer
            .strip_prefix(b"\xEF\xBB\xBF".as_slice())
            .unwrap_or(&self.buffer);
        let text = match std::str::from_utf8(line) {
            Ok(text) => text.to_owned(),
            Err(_) => {
                let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(line);
                let warning = Diagnostic::warning(
                    Some(&label),
                    "line is not valid UTF-8; decoded as Windows-1252",
                );
                let item = self.diagnostic(warning);
                self.pending.push_back(item);
                decoded.into_owned()
            }
        };
        if text.trim().is_empty() {
            return;
        }
        self.item_index += 1;
        let object = match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(object)) => object,
            Ok(_) => {
                let item = self.diagnostic(Diagnostic::error(
                    Some(&label),
                    "line is not a JSON object; skipped",
                ));
                self.pending.push_back(item);
                return;
            }
            Err(error) => {
                let item = self.diagnostic(Diagnostic::error(
                    Some(&label),
                    format!("invalid JSON ({error}); line skipped"),
                ));
                self.pending.push_back(item);
                return;
            }
        };
        let mut warnings = Vec::new();
        let document = self.document_from_object(object, &mut warnings);
        for warning in warnings {
            let item = self.diagnostic(warning);
            self.pending.push_back(item);
        }
        if let Some(document) = document {
            self.pending
                .push_back(ReadItem::Document(Box::new(document)));
        }
    }

    fn document_from_object(
        &self,
        mut object: Map<String, Value>,
        warnings: &mut Vec<Diagnostic>,
    ) -> Option<Document> {
        let label = self.label.as_str();
        let mut text = match object.remove("text") {
            Some(Value::String(text)) => text,
            Some(other) => {
                warnings.push(Diagnostic::error(
                    Some(label),
                    "\"text\" is not a string; line skipped",
                ));
                object.insert("text".to_owned(), other);
                return None;
            }
            None => {
                warnings.push(Diagnostic::error(
                    Some(label),
                    "line has no \"text\" field; skipped",
                ));
                return None;
            }
        };
        if truncate_text(&mut text, self.options.max_document_bytes) {
            warnings.push(Diagnostic::warning(
                Some(label),
                format!(
                    "text exceeds the limit of {} bytes; only the first part is read",
                    self.options.max_document_bytes
                ),
            ));
        }
        let id = take_scalar(&mut object, "id")
            .or_else(|| take_scalar(&mut object, "doc"))
            .filter(|id| !id.trim().is_empty())
            .unwrap_or_else(|| format!("{label}#{}", self.item_index));
        let mut document = Document::new(id, text);
        document.path = Some(label.to_owned());
        document.line = Some(self.line_number);
        document.format = InputFormat::Jsonl;
        document.title = take_string(&mut object, "title");
        document.url = take_string(&mut object, "url");
        document.source = take_string(&mut object, "source");
        if let Some(date_text) = take_scalar(&mut object, "date") {
            document.date = parse_date(&date_text);
            if document.date.is_none() {
                warnings.push(Diagnostic::warning(
                    Some(label),
                    format!("unrecognised date {date_text:?}; using the default date"),
                ));
                object.insert("date".to_owned(), Value::String(date_text));
            }
        }
        document.metadata = object.into_iter().collect();
        Some(finish_document(document, &self.options))
    }
}

/// Removes a string field; a non-string value stays in the object (and so
/// ends up in the metadata) rather than being lost.
fn take_string(object: &mut Map<String, Value>, key: &str) -> Option<String> {
    match object.get(key) {
        Some(Value::String(_)) => match object.remove(key) {
            Some(Value::String(value)) => Some(value),
            _ => None,
        },
        _ => None,
    }
}

/// Removes a string or number field as text (ids and dates are sometimes
/// written as numbers, e.g. `"date": 20250304`).
fn take_scalar(object: &mut Map<String, Value>, key: &str) -> Option<String> {
    match object.get(key) {
        Some(Value::String(_)) => take_string(object, key),
        Some(Value::Number(number)) => {
            let text = number.to_string();
            object.remove(key);
            Some(text)
        }
        _ => None,
    }
}

impl<R: BufRead> Iterator for JsonlDocuments<R> {
    type Item = Result<ReadItem, IntakeError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(Ok(item));
            }
            if self.finished {
                return None;
            }
            match self.read_line() {
                Ok(LineRead::End) => {
                    self.finished = true;
                }
                Ok(LineRead::Line) => {
                    self.line_number += 1;
                    self.parse_line();
                }
                Ok(LineRead::TooLong(length)) => {
                    self.line_number += 1;
                    self.item_index += 1;
                    let message = format!(
                        "line is {length} bytes long, over the limit of {} bytes; skipped",
                        self.options.max_line_bytes()
                    );
                    let item = self.diagnostic(Diagnostic::error(Some(&self.label), message));
                    self.pending.push_back(item);
                }
                Err(source) => {
                    self.finished = true;
                    return Some(Err(IntakeError::IoAtLine {
                        path: PathBuf::from(&self.label),
                        line: self.line_number + 1,
                        source,
                    }));
                }
            }
        }
    }
}
