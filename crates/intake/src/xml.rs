//! Helpers shared by the XML readers (feeds and PETRARCH files).
//!
//! Both readers use `quick-xml` as a tokenizer only. Text and attribute
//! values are decoded here with [`crate::entities`], which knows the five
//! XML entities and character references and nothing else: entities a
//! document type definition declares are never expanded.

use crate::decode::{decode_text, decode_with_label, line_of_offset};
use crate::entities::{decode_all, EntitySet};
use dyad_types::Diagnostic;
use quick_xml::events::BytesStart;
use quick_xml::Reader;

/// Elements deeper than this are not tracked by the XML readers; it bounds
/// their bookkeeping on hostile input.
pub(crate) const MAX_XML_DEPTH: usize = 256;

/// Attributes read per element.
const MAX_ATTRIBUTES: usize = 64;

/// Decodes an XML input, honouring the `encoding` of its declaration.
pub(crate) fn decode_xml(
    bytes: &[u8],
    label: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let head = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(bytes);
    if head.starts_with(b"<?xml") {
        let declaration_end = head
            .iter()
            .take(300)
            .position(|&byte| byte == b'>')
            .unwrap_or(0);
        let declaration =
            String::from_utf8_lossy(head.get(..declaration_end).unwrap_or_default()).into_owned();
        if let Some(encoding) = declared_encoding(&declaration) {
            return decode_with_label(bytes, &encoding, label, diagnostics);
        }
    }
    decode_text(bytes, label, diagnostics)
}

fn declared_encoding(declaration: &str) -> Option<String> {
    let position = declaration.find("encoding")?;
    let rest = declaration
        .get(position + "encoding".len()..)?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = rest.get(1..)?;
    let end = value.find(quote)?;
    Some(value.get(..end)?.to_owned())
}

/// A tokenizer configured to be tolerant: mismatched or unmatched end tags
/// and odd comments are not errors, since the readers track structure
/// themselves.
pub(crate) fn tolerant_reader(text: &str) -> Reader<&[u8]> {
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.check_comments = false;
    config.expand_empty_elements = false;
    config.trim_text(false);
    reader
}

/// The local part of an element or attribute name (`content:encoded` gives
/// `encoded`), lower-cased.
pub(crate) fn local_name(name: &[u8]) -> String {
    let local = name.rsplit(|&byte| byte == b':').next().unwrap_or(name);
    String::from_utf8_lossy(local).to_ascii_lowercase()
}

/// The attributes of an element as (lower-cased local name, decoded value),
/// in document order. Reading stops at the first malformed attribute.
pub(crate) fn attributes(
    start: &BytesStart<'_>,
    entities: &mut EntityWarnings,
) -> Vec<(String, String)> {
    let mut list = Vec::new();
    for attribute in start.attributes().with_checks(false).take(MAX_ATTRIBUTES) {
        let Ok(attribute) = attribute else { break };
        let key = local_name(attribute.key.as_ref());
        let raw = String::from_utf8_lossy(&attribute.value).into_owned();
        list.push((key, entities.decode(&raw)));
    }
    list
}

/// Looks up an attribute by lower-case name.
pub(crate) fn attribute<'a>(list: &'a [(String, String)], name: &str) -> Option<&'a str> {
    list.iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// Decodes text and counts references that were kept undecoded, so one
/// warning per file can say that custom entities are not expanded.
#[derive(Default)]
pub(crate) struct EntityWarnings {
    unknown: usize,
}

impl EntityWarnings {
    /// Decodes the XML references of `raw`.
    pub(crate) fn decode(&mut self, raw: &str) -> String {
        let (text, unknown) = decode_all(raw, EntitySet::Xml);
        self.unknown += unknown;
        text
    }

    /// Adds the warning, if any references were kept.
    pub(crate) fn report(&self, label: &str, diagnostics: &mut Vec<Diagnostic>) {
        if self.unknown > 0 {
            diagnostics.push(Diagnostic::warning(
                Some(label),
                format!("{} entity references other than the XML built-ins were kept as written, not expanded", self.unknown),
            ));
        }
    }
}

/// An error diagnostic for malformed XML at a byte position.
pub(crate) fn syntax_error(
    label: &str,
    text: &str,
    position: u64,
    error: &quick_xml::Error,
) -> Diagnostic {
    let offset = usize::try_from(position).unwrap_or(usize::MAX);
    Diagnostic::error(
        Some(label),
        format!("malformed XML ({error}); the rest of the file is skipped"),
    )
    .at_line(line_of_offset(text.as_bytes(), offset))
}
