//! Readers for single-document inputs: plain text and HTML pages.

use crate::date::{date_in_first_line, parse_date};
use crate::decode::decode_text;
use crate::html::extract_html;
use crate::{finish_document, truncate_text, ReadOptions};
use dyad_types::{Diagnostic, Document, InputFormat};

/// Reads a plain-text file as one document whose text is the decoded file
/// content exactly. The date is taken from a dateline in the first line
/// when there is one.
pub(crate) fn read_text(
    bytes: &[u8],
    label: &str,
    options: &ReadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Document> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        diagnostics.push(Diagnostic::warning(
            Some(label),
            "input is empty; no document",
        ));
        return None;
    }
    let mut text = decode_text(bytes, label, diagnostics)?;
    if truncate_text(&mut text, options.max_document_bytes) {
        diagnostics.push(Diagnostic::warning(
            Some(label),
            format!(
                "text exceeds the limit of {} bytes; only the first part is read",
                options.max_document_bytes
            ),
        ));
    }
    let mut document = Document::new(label, text);
    document.path = Some(label.to_owned());
    document.line = Some(1);
    document.format = InputFormat::Text;
    document.date = date_in_first_line(&document.text);
    Some(finish_document(document, options))
}

/// Reads an HTML page as one document: the article body with its origin
/// map, the headline, the date and the canonical URL.
pub(crate) fn read_html(
    bytes: &[u8],
    label: &str,
    options: &ReadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Document> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        diagnostics.push(Diagnostic::warning(
            Some(label),
            "input is empty; no document",
        ));
        return None;
    }
    // The origin map counts from the first byte of the file, so a stripped
    // byte order mark shifts every input offset by its length.
    let bom_length = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let input = decode_text(bytes, label, diagnostics)?;
    let extract = extract_html(
        &input,
        bom_length,
        label,
        options.max_document_bytes,
        diagnostics,
    );
    if extract.text.is_empty() {
        diagnostics.push(Diagnostic::warning(
            Some(label),
            "no article text found in the page; no document",
        ));
        return None;
    }
    let mut document = Document::new(label, extract.text);
    document.path = Some(label.to_owned());
    document.line = Some(1);
    document.format = InputFormat::Html;
    document.origin = extract.origin;
    document.title = extract.title;
    document.url = extract.url;
    document.source = extract.source;
    document.metadata = extract.metadata;
    if let Some(date_text) = extract.date_text {
        document.date = parse_date(&date_text);
        if document.date.is_none() {
            diagnostics.push(Diagnostic::warning(
                Some(label),
                format!("unrecognised date {date_text:?}; using the default date"),
            ));
        }
    }
    Some(finish_document(document, options))
}
