//! Reader for RSS 2.0 (and RSS 1.0) and Atom feeds: one document per item
//! or entry.

use crate::date::parse_date;
use crate::decode::LineCounter;
use crate::html::extract_html;
use crate::xml::{
    attribute, attributes, decode_xml, syntax_error, tolerant_reader, EntityWarnings, MAX_XML_DEPTH,
};
use crate::{finish_document, ReadOptions};
use dyad_types::{Diagnostic, Document, InputFormat};
use quick_xml::events::Event;
use serde_json::Value;
use std::collections::BTreeMap;

/// How a captured field's text is to be read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Markup {
    /// Plain text.
    Text,
    /// HTML, escaped or in CDATA (RSS descriptions, Atom `type="html"`).
    Html,
}

/// A child element of an item whose text is being collected.
struct Field {
    name: String,
    depth: usize,
    markup: Markup,
    text: String,
}

/// An item or entry being read.
#[derive(Default)]
struct Item {
    depth: usize,
    line: u64,
    id: Option<String>,
    title: Option<String>,
    link: Option<String>,
    published: Option<String>,
    updated: Option<String>,
    summary: Option<String>,
    content: Option<String>,
    source: Option<String>,
    categories: Vec<Value>,
    metadata: BTreeMap<String, Value>,
}

/// Reads the items of an RSS or Atom feed. Both vocabularies are understood
/// whichever `format` is given, which is only recorded on the documents.
pub(crate) fn read_feed(
    bytes: &[u8],
    label: &str,
    format: InputFormat,
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
    // Names of the open elements; beyond MAX_XML_DEPTH only a count is kept.
    let mut stack: Vec<String> = Vec::new();
    let mut untracked_depth = 0usize;
    let mut item: Option<Item> = None;
    let mut field: Option<Field> = None;
    let mut channel_title: Option<String> = None;
    let mut item_index = 0u64;
    loop {
        let position = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                diagnostics.push(syntax_error(label, &text, reader.error_position(), &error));
                break;
            }
        };
        match event {
            Event::Start(start) => {
                if stack.len() >= MAX_XML_DEPTH {
                    untracked_depth += 1;
                    continue;
                }
                let name = crate::xml::local_name(start.name().as_ref());
                let list = attributes(&start, &mut entities);
                stack.push(name.clone());
                let depth = stack.len();
                if let Some(current) = field.as_mut() {
                    // Child markup inside a field (XHTML content): keep
                    // paragraphs apart.
                    if matches!(
                        name.as_str(),
                        "p" | "div" | "br" | "li" | "h1" | "h2" | "h3" | "blockquote"
                    ) {
                        current.text.push_str("\n\n");
                    }
                    continue;
                }
                if (name == "item" || name == "entry") && item.is_none() {
                    item_index += 1;
                    let line = lines.line_at(usize::try_from(position).unwrap_or(usize::MAX));
                    item = Some(Item {
                        depth,
                        line,
                        ..Item::default()
                    });
                    continue;
                }
                if let Some(current) = item.as_mut() {
                    if depth == current.depth + 1 {
                        item_attributes(current, &name, &list);
                        let kind = attribute(&list, "type").unwrap_or_default();
                        let markup = if matches!(name.as_str(), "description" | "encoded")
                            || kind.eq_ignore_ascii_case("html")
                        {
                            Markup::Html
                        } else {
                            Markup::Text
                        };
                        field = Some(Field {
                            name,
                            depth,
                            markup,
                            text: String::new(),
                        });
                    }
                } else if name == "title"
                    && stack.len() >= 2
                    && matches!(
                        stack.get(stack.len() - 2).map(String::as_str),
                        Some("channel" | "feed")
                    )
                {
                    field = Some(Field {
                        name,
                        depth,
                        markup: Markup::Text,
                        text: String::new(),
                    });
                }
            }
            Event::Empty(start) => {
                if field.is_some() || stack.len() >= MAX_XML_DEPTH {
                    continue;
                }
                let name = crate::xml::local_name(start.name().as_ref());
                let list = attributes(&start, &mut entities);
                if let Some(current) = item.as_mut() {
                    if stack.len() == current.depth {
                        item_attributes(current, &name, &list);
                    }
                }
            }
            Event::Text(raw) => {
                if let Some(current) = field.as_mut() {
                    let raw = String::from_utf8_lossy(&raw);
                    current.text.push_str(&entities.decode(&raw));
                }
            }
            Event::CData(raw) => {
                if let Some(current) = field.as_mut() {
                    current.text.push_str(&String::from_utf8_lossy(&raw));
                }
            }
            Event::End(_) => {
                if untracked_depth > 0 {
                    untracked_depth -= 1;
                    continue;
                }
                let depth = stack.len();
                stack.pop();
                if field.as_ref().is_some_and(|current| current.depth == depth) {
                    if let Some(finished) = field.take() {
                        match item.as_mut() {
                            Some(current) => {
                                store_field(current, finished, label, options, diagnostics)
                            }
                            None => {
                                channel_title =
                                    Some(finished.text.trim().to_owned()).filter(|t| !t.is_empty())
                            }
                        }
                    }
                } else if item.as_ref().is_some_and(|current| current.depth == depth) {
                    if let Some(finished) = item.take() {
                        let channel = channel_title.as_deref();
                        if let Some(document) = finish_item(
                            finished,
                            item_index,
                            label,
                            format,
                            channel,
                            options,
                            diagnostics,
                        ) {
                            documents.push(document);
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(unfinished) = item {
        diagnostics.push(
            Diagnostic::error(
                Some(label),
                "input ends inside an item; the item is skipped",
            )
            .at_line(unfinished.line),
        );
    }
    entities.report(label, diagnostics);
    documents
}

/// Takes what an item's child element carries in attributes: Atom links
/// and categories.
fn item_attributes(item: &mut Item, name: &str, list: &[(String, String)]) {
    match name {
        "link" => {
            let rel = attribute(list, "rel").unwrap_or("alternate");
            if let Some(href) = attribute(list, "href") {
                if rel == "alternate" && item.link.is_none() {
                    item.link = Some(href.to_owned());
                }
            }
        }
        "category" => {
            if let Some(term) = attribute(list, "term") {
                item.categories.push(Value::String(term.to_owned()));
            }
        }
        _ => {}
    }
}

fn store_field(
    item: &mut Item,
    field: Field,
    label: &str,
    options: &ReadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let value = match field.markup {
        Markup::Html => {
            extract_html(
                &field.text,
                0,
                label,
                options.max_document_bytes,
                diagnostics,
            )
            .text
        }
        Markup::Text => field.text.trim().to_owned(),
    };
    if value.is_empty() {
        return;
    }
    let slot = match field.name.as_str() {
        "guid" | "id" => &mut item.id,
        "title" => &mut item.title,
        "link" => &mut item.link,
        "pubdate" | "published" | "date" | "issued" | "created" => &mut item.published,
        "updated" | "modified" => &mut item.updated,
        "description" | "summary" => &mut item.summary,
        "encoded" | "content" => &mut item.content,
        "source" => &mut item.source,
        "category" => {
            item.categories.push(Value::String(value));
            return;
        }
        other => {
            item.metadata
                .entry(other.to_owned())
                .or_insert(Value::String(value));
            return;
        }
    };
    if slot.is_none() {
        *slot = Some(value);
    }
}

fn finish_item(
    item: Item,
    index: u64,
    label: &str,
    format: InputFormat,
    channel_title: Option<&str>,
    options: &ReadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Document> {
    let Some(mut text) = item.content.or(item.summary) else {
        diagnostics.push(
            Diagnostic::warning(Some(label), "item has no description or content; skipped")
                .at_line(item.line),
        );
        return None;
    };
    if crate::truncate_text(&mut text, options.max_document_bytes) {
        diagnostics.push(
            Diagnostic::warning(
                Some(label),
                format!(
                    "item text exceeds the limit of {} bytes; truncated",
                    options.max_document_bytes
                ),
            )
            .at_line(item.line),
        );
    }
    let id = item.id.unwrap_or_else(|| format!("{label}#{index}"));
    let mut document = Document::new(id, text);
    document.path = Some(label.to_owned());
    document.line = Some(item.line);
    document.format = format;
    document.title = item.title;
    document.url = item.link;
    document.source = item.source.or_else(|| channel_title.map(str::to_owned));
    let mut metadata = item.metadata;
    if !item.categories.is_empty() {
        metadata.insert("categories".to_owned(), Value::Array(item.categories));
    }
    let date_text = item.published.or(item.updated);
    if let Some(date_text) = date_text {
        document.date = parse_date(&date_text);
        if document.date.is_none() {
            diagnostics.push(
                Diagnostic::warning(
                    Some(label),
                    format!("unrecognised date {date_text:?}; using the default date"),
                )
                .at_line(item.line),
            );
            metadata.insert("date".to_owned(), Value::String(date_text));
        }
    }
    document.metadata = metadata;
    Some(finish_document(document, options))
}
