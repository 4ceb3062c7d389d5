//! Reader for PETRARCH XML: `<Sentences>` / `<Articles>` files with
//! `<Sentence id date source>` (or `<Article ...>`) records and their
//! `<Text>`, including the features of validation files: `<EventCoding/>`
//! elements, `<Parse>` blocks, an `<Environment>` block, comments, and a
//! `<Sentence .../>` written as an empty element followed by its `<Text>`.

use crate::date::parse_date;
use crate::decode::LineCounter;
use crate::xml::{
    attributes, decode_xml, local_name, syntax_error, tolerant_reader, EntityWarnings,
    MAX_XML_DEPTH,
};
use crate::{finish_document, truncate_text, ReadOptions};
use dyad_types::{Diagnostic, Document, InputFormat};
use quick_xml::events::Event;
use serde_json::{Map, Value};

/// Metadata key holding the `<EventCoding>` elements of a record: a JSON
/// array of objects, one per element, with every attribute as a string
/// (`sourcecode`, `targetcode`, `eventcode`, ...). Elements that only say
/// `noevents` are not included; they set [`NOEVENTS_KEY`] instead.
pub const CODINGS_KEY: &str = "petrarch_codings";

/// Metadata key set to `true` when the record (or one of its
/// `<EventCoding>` elements) has a true `noevents` attribute: the expected
/// coding is "no event".
pub const NOEVENTS_KEY: &str = "petrarch_noevents";

/// Metadata key holding the `<Parse>` block of a record, as written.
pub const PARSE_KEY: &str = "petrarch_parse";

/// Metadata key holding the id of the enclosing `<Article>` of a sentence.
pub const ARTICLE_KEY: &str = "petrarch_article_id";

/// A `<Sentence>` or `<Article>` being read.
struct Record {
    attributes: Vec<(String, String)>,
    line: u64,
    text: Option<String>,
    parse: Option<String>,
    codings: Vec<Value>,
    noevents: bool,
    has_child_record: bool,
    article_id: Option<String>,
    /// Stack depth of the element; `None` for an empty element waiting for
    /// the `<Text>` that follows it.
    depth: Option<usize>,
}

/// Which element's text is being collected.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Capture {
    Text,
    Parse,
}

/// Reads the records of a PETRARCH XML file.
pub(crate) fn read_petrarch(
    bytes: &[u8],
    label: &str,
    options: &ReadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Document> {
    let mut documents = Vec::new();
    let Some(text) = decode_xml(bytes, label, diagnostics) else {
        return documents;
    };
    let mut reader = tolerant_reader(&text);
    let mut lines = LineCounter::new(text.as_bytes());
    let mut entities = EntityWarnings::default();
    let mut depth = 0usize;
    let mut open_records: Vec<Record> = Vec::new();
    let mut waiting: Option<Record> = None;
    let mut capture: Option<(Capture, usize, String)> = None;
    let mut environment_depth: Option<usize> = None;
    let mut record_index = 0u64;
    let mut emit = |record: Record, index: u64, diagnostics: &mut Vec<Diagnostic>| {
        if let Some(document) = finish_record(record, index, label, options, diagnostics) {
            documents.push(document);
        }
    };
    loop {
        let position = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                diagnostics.push(syntax_error(label, &text, reader.error_position(), &error));
                break;
            }
        };
        match event {
            Event::Start(start) => {
                depth += 1;
                if environment_depth.is_some() || capture.is_some() || depth > MAX_XML_DEPTH {
                    continue;
                }
                let name = local_name(start.name().as_ref());
                match name.as_str() {
                    "environment" => environment_depth = Some(depth),
                    "sentence" | "article" => {
                        if let Some(previous) = waiting.take() {
                            emit(previous, record_index, diagnostics);
                        }
                        record_index += 1;
                        let article_id = open_records.last_mut().map(|parent| {
                            parent.has_child_record = true;
                            record_id(parent).unwrap_or_default()
                        });
                        let line = lines.line_at(position);
                        let mut list = attributes(&start, &mut entities);
                        inherit_from_article(&mut list, open_records.last());
                        open_records.push(new_record(list, line, article_id, Some(depth)));
                    }
                    "text" => capture = Some((Capture::Text, depth, String::new())),
                    "parse" => capture = Some((Capture::Parse, depth, String::new())),
                    "eventcoding" => {
                        let list = attributes(&start, &mut entities);
                        add_coding(target(&mut waiting, &mut open_records), list);
                    }
                    _ => {}
                }
            }
            Event::Empty(start) => {
                if environment_depth.is_some() || capture.is_some() || depth >= MAX_XML_DEPTH {
                    continue;
                }
                let name = local_name(start.name().as_ref());
                match name.as_str() {
                    "sentence" | "article" => {
                        if let Some(previous) = waiting.take() {
                            emit(previous, record_index, diagnostics);
                        }
                        record_index += 1;
                        let article_id = open_records.last_mut().map(|parent| {
                            parent.has_child_record = true;
                            record_id(parent).unwrap_or_default()
                        });
                        let line = lines.line_at(position);
                        let mut list = attributes(&start, &mut entities);
                        inherit_from_article(&mut list, open_records.last());
                        waiting = Some(new_record(list, line, article_id, None));
                    }
                    "eventcoding" => {
                        let list = attributes(&start, &mut entities);
                        add_coding(target(&mut waiting, &mut open_records), list);
                    }
                    _ => {}
                }
            }
            Event::Text(raw) => {
                if let Some((_, _, buffer)) = capture.as_mut() {
                    buffer.push_str(&entities.decode(&String::from_utf8_lossy(&raw)));
                }
            }
            Event::CData(raw) => {
                if let Some((_, _, buffer)) = capture.as_mut() {
                    buffer.push_str(&String::from_utf8_lossy(&raw));
                }
            }
            Event::End(_) => {
                let closing = depth;
                depth = depth.saturating_sub(1);
                if environment_depth == Some(closing) {
                    environment_depth = None;
                    continue;
                }
                if capture
                    .as_ref()
                    .is_some_and(|(_, capture_depth, _)| *capture_depth == closing)
                {
                    if let Some((kind, _, content)) = capture.take() {
                        let line = lines.line_at(position);
                        match target(&mut waiting, &mut open_records) {
                            Some(record) => match kind {
                                Capture::Text => record.text = Some(content),
                                Capture::Parse => record.parse = Some(content),
                            },
                            None => diagnostics.push(
                                Diagnostic::warning(
                                    Some(label),
                                    "element outside a <Sentence> or <Article>; ignored",
                                )
                                .at_line(line),
                            ),
                        }
                        // An empty `<Sentence/>` is complete once its text
                        // has arrived; later codings or a parse may still
                        // follow, so it is emitted at the next record or the
                        // end of the file.
                    }
                    continue;
                }
                if open_records
                    .last()
                    .is_some_and(|record| record.depth == Some(closing))
                {
                    if let Some(previous) = waiting.take() {
                        emit(previous, record_index, diagnostics);
                    }
                    if let Some(record) = open_records.pop() {
                        emit(record, record_index, diagnostics);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(previous) = waiting.take() {
        emit(previous, record_index, diagnostics);
    }
    for record in open_records {
        diagnostics.push(
            Diagnostic::warning(
                Some(label),
                "input ends inside a <Sentence> or <Article>; it is read as far as it goes",
            )
            .at_line(record.line),
        );
        emit(record, record_index, diagnostics);
    }
    entities.report(label, diagnostics);
    documents
}

/// A sentence inside an `<Article>` takes the article's `date` and `source`
/// when it has none of its own: they are the sentence's metadata too.
fn inherit_from_article(attributes: &mut Vec<(String, String)>, parent: Option<&Record>) {
    let Some(parent) = parent else { return };
    for key in ["date", "source"] {
        if attributes.iter().any(|(name, _)| name == key) {
            continue;
        }
        if let Some((_, value)) = parent.attributes.iter().find(|(name, _)| name == key) {
            attributes.push((key.to_owned(), value.clone()));
        }
    }
}

fn new_record(
    attributes: Vec<(String, String)>,
    line: u64,
    article_id: Option<String>,
    depth: Option<usize>,
) -> Record {
    let noevents = attributes
        .iter()
        .any(|(key, value)| key == "noevents" && is_true(value));
    Record {
        attributes,
        line,
        text: None,
        parse: None,
        codings: Vec::new(),
        noevents,
        has_child_record: false,
        article_id,
        depth,
    }
}

/// The record that a `<Text>`, `<Parse>` or `<EventCoding>` belongs to: an
/// empty `<Sentence/>` waiting for its text, else the innermost open one.
fn target<'a>(
    waiting: &'a mut Option<Record>,
    open_records: &'a mut [Record],
) -> Option<&'a mut Record> {
    match waiting {
        Some(record) => Some(record),
        None => open_records.last_mut(),
    }
}

fn add_coding(record: Option<&mut Record>, attributes: Vec<(String, String)>) {
    let Some(record) = record else { return };
    if attributes
        .iter()
        .any(|(key, value)| key == "noevents" && is_true(value))
    {
        record.noevents = true;
        return;
    }
    let object: Map<String, Value> = attributes
        .into_iter()
        .map(|(key, value)| (key, Value::String(value)))
        .collect();
    record.codings.push(Value::Object(object));
}

fn is_true(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "true" | "1" | "yes"
    )
}

fn record_id(record: &Record) -> Option<String> {
    record
        .attributes
        .iter()
        .find(|(key, _)| key == "id")
        .map(|(_, value)| value.trim().to_owned())
        .filter(|id| !id.is_empty())
}

fn finish_record(
    record: Record,
    index: u64,
    label: &str,
    options: &ReadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Document> {
    let id = record_id(&record);
    let Some(raw_text) = record.text.as_deref() else {
        // An article made of sentences has no text of its own; that is fine.
        if !record.has_child_record {
            diagnostics.push(
                Diagnostic::warning(
                    Some(label),
                    format!(
                        "record {} has no <Text>; skipped",
                        id.as_deref().unwrap_or("without id")
                    ),
                )
                .at_line(record.line),
            );
        }
        return None;
    };
    let mut text = raw_text.trim().to_owned();
    if text.is_empty() {
        diagnostics.push(
            Diagnostic::warning(
                Some(label),
                format!(
                    "record {} has an empty <Text>; skipped",
                    id.as_deref().unwrap_or("without id")
                ),
            )
            .at_line(record.line),
        );
        return None;
    }
    if truncate_text(&mut text, options.max_document_bytes) {
        diagnostics.push(
            Diagnostic::warning(
                Some(label),
                format!(
                    "text exceeds the limit of {} bytes; truncated",
                    options.max_document_bytes
                ),
            )
            .at_line(record.line),
        );
    }
    let mut document = Document::new(id.unwrap_or_else(|| format!("{label}#{index}")), text);
    document.path = Some(label.to_owned());
    document.line = Some(record.line);
    document.format = InputFormat::PetrarchXml;
    for (key, value) in record.attributes {
        match key.as_str() {
            "id" => {}
            "source" => document.source = Some(value),
            "date" => {
                document.date = parse_date(&value);
                if document.date.is_none() {
                    diagnostics.push(
                        Diagnostic::warning(
                            Some(label),
                            format!("unrecognised date {value:?}; using the default date"),
                        )
                        .at_line(record.line),
                    );
                    document
                        .metadata
                        .insert("date".to_owned(), Value::String(value));
                }
            }
            _ => {
                document.metadata.insert(key, Value::String(value));
            }
        }
    }
    if !record.codings.is_empty() {
        document
            .metadata
            .insert(CODINGS_KEY.to_owned(), Value::Array(record.codings));
    }
    if record.noevents {
        document
            .metadata
            .insert(NOEVENTS_KEY.to_owned(), Value::Bool(true));
    }
    if let Some(parse) = record.parse {
        document
            .metadata
            .insert(PARSE_KEY.to_owned(), Value::String(parse.trim().to_owned()));
    }
    if let Some(article_id) = record.article_id.filter(|id| !id.is_empty()) {
        document
            .metadata
            .insert(ARTICLE_KEY.to_owned(), Value::String(article_id));
    }
    Some(finish_document(document, options))
}
