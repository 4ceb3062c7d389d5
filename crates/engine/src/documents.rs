//! Documents in: inputs read by intake, and texts received by other means
//! (the HTTP API, the Python package) made into documents exactly as
//! intake makes a text file into one.

use dyad_intake::ReadOptions;
use dyad_types::{Date, Diagnostic, Document, InputFormat};

pub use dyad_intake::{expand_inputs, read_input, Input, ReadOutcome};

/// A text received with its metadata, not read from a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextDocument {
    /// The document's id; derived from the text's hash when `None`.
    pub id: Option<String>,
    /// The text, as received.
    pub text: String,
    /// Publication date; when `None`, a dateline in the first line, else
    /// the reader's default date.
    pub date: Option<Date>,
    /// Headline.
    pub title: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Outlet or agency.
    pub source: Option<String>,
}

impl TextDocument {
    /// The id the document gets: its own, else `api:` and the first 16 hex
    /// digits of the text's content hash.
    pub fn effective_id(&self) -> String {
        match self.id.as_deref().map(str::trim) {
            Some(id) if !id.is_empty() => id.to_owned(),
            _ => {
                let hash = dyad_store::content_hash(&self.text);
                format!("api:{}", hash.get(..16).unwrap_or(&hash))
            }
        }
    }
}

/// Makes a received text into a document through intake's plain-text
/// reader, so that it is decoded, limited, dated and finished (boilerplate
/// ranges, layout blocks) exactly as `dyad ingest` finishes a text file:
/// the same text then gives the same sentences and events whichever way it
/// came in. `path` names where it came from (`api` for the HTTP API).
///
/// Returns `None` with a diagnostic when there is no text to analyse.
pub fn text_document(
    received: TextDocument,
    path: &str,
    options: &ReadOptions,
) -> (Option<Document>, Vec<Diagnostic>) {
    let id = received.effective_id();
    let options = ReadOptions {
        format: Some(InputFormat::Text),
        ..options.clone()
    };
    let outcome = dyad_intake::read_bytes(received.text.as_bytes(), &id, &options);
    let mut diagnostics = outcome.diagnostics;
    // Intake names the input by its label, which here is the id; the
    // diagnostics name where the text came from instead.
    for diagnostic in &mut diagnostics {
        diagnostic.path = Some(path.to_owned());
    }
    let document = outcome.documents.into_iter().next().map(|mut document| {
        document.id = id;
        document.path = Some(path.to_owned());
        if received.date.is_some() {
            document.date = received.date;
        }
        document.title = received.title;
        document.url = received.url;
        document.source = received.source;
        document
    });
    (document, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_received_text_is_finished_like_a_text_file() {
        let text = "Leaders Meet in Geneva\nThe two presidents met on Monday.\n\nThey agreed to talk again.\n";
        let (document, diagnostics) = text_document(
            TextDocument {
                id: Some("doc-1".into()),
                text: text.into(),
                ..TextDocument::default()
            },
            "api",
            &ReadOptions::default(),
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let document = document.expect("a document");
        let read = dyad_intake::read_bytes(
            text.as_bytes(),
            "doc-1",
            &ReadOptions {
                format: Some(InputFormat::Text),
                ..ReadOptions::default()
            },
        );
        let from_file = read.documents.first().expect("a document from the file");
        assert_eq!(document.id, "doc-1");
        assert_eq!(document.text, from_file.text);
        assert_eq!(document.block_starts, from_file.block_starts);
        assert_eq!(document.excluded, from_file.excluded);
        assert!(
            document.block_starts.len() > 1,
            "the headline and paragraphs are blocks: {:?}",
            document.block_starts
        );
    }

    #[test]
    fn an_empty_text_gives_a_diagnostic_and_no_document() {
        let (document, diagnostics) = text_document(
            TextDocument {
                text: "  \n".into(),
                ..TextDocument::default()
            },
            "api",
            &ReadOptions::default(),
        );
        assert!(document.is_none());
        assert!(!diagnostics.is_empty());
        assert!(
            diagnostics
                .iter()
                .all(|diagnostic| diagnostic.path.as_deref() == Some("api")),
            "{diagnostics:?}"
        );
    }

    #[test]
    fn a_given_date_wins_over_the_dateline() {
        let date: Date = "2025-08-19".parse().expect("date");
        let (document, _) = text_document(
            TextDocument {
                text: "GENEVA, 3 March 2024 - Talks began.".into(),
                date: Some(date),
                ..TextDocument::default()
            },
            "api",
            &ReadOptions::default(),
        );
        assert_eq!(document.expect("document").date, Some(date));
    }
}
