use crate::{Date, Span};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The input format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputFormat {
    /// Plain UTF-8 (or Windows-1252) text.
    Text,
    /// An HTML page; the article body is extracted.
    Html,
    /// JSON Lines, one document object per line.
    Jsonl,
    /// An RSS 2.0 feed, one document per item.
    Rss,
    /// An Atom feed, one document per entry.
    Atom,
    /// PETRARCH XML (`<Sentences>` / `<Articles>`), including validation files.
    PetrarchXml,
}

impl InputFormat {
    /// The name used on the command line (`--input-format`).
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Html => "html",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Rss => "rss",
            InputFormat::Atom => "atom",
            InputFormat::PetrarchXml => "petrarch-xml",
        }
    }

    /// Parses a command-line name; the inverse of [`InputFormat::name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "text" | "txt" => InputFormat::Text,
            "html" => InputFormat::Html,
            "jsonl" | "json-lines" => InputFormat::Jsonl,
            "rss" => InputFormat::Rss,
            "atom" => InputFormat::Atom,
            "petrarch-xml" | "petrarch" | "xml" => InputFormat::PetrarchXml,
            _ => return None,
        })
    }
}

/// Maps a range of [`Document::text`] back to the bytes of the input file it
/// came from, for container formats whose text is not the file itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginSegment {
    /// The range in the document text.
    pub text: Span,
    /// The range in the input file's bytes that produced it. For a verbatim
    /// copy both ranges have the same length; an entity such as `&amp;`
    /// maps one text byte to five input bytes.
    pub input: Span,
}

/// One document as dyad received it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The input's own id (JSONL `id`, XML `id`, feed guid), else the path
    /// plus item index.
    pub id: String,
    /// The file the document came from (`-` for standard input).
    pub path: Option<String>,
    /// 1-based line in that file where the document starts, when known.
    pub line: Option<u64>,
    /// The format it was read as.
    pub format: InputFormat,
    /// Publication date from metadata, else the run's `--date`, else none.
    /// Never the current clock.
    pub date: Option<Date>,
    /// Headline, when the input has one.
    pub title: Option<String>,
    /// Canonical URL, when the input has one.
    pub url: Option<String>,
    /// The outlet or agency (`source` in JSONL and PETRARCH XML).
    pub source: Option<String>,
    /// The document text. Every span in dyad is a byte range into it.
    pub text: String,
    /// Byte ranges of `text` that are boilerplate ("Comments are closed.",
    /// share prompts, bylines) and are not analysed. Sorted, disjoint.
    pub excluded: Vec<Span>,
    /// Byte offsets of `text` where a new block of the layout starts: the
    /// line after a headline, a paragraph after a blank line, a line after
    /// one that ends a sentence. No sentence may run across one, because
    /// news text without final punctuation (a headline, a dateline) would
    /// otherwise be parsed into the sentence after it. Sorted, each on a
    /// character boundary, none at 0. Filled by intake from the text's
    /// layout; empty means the text has no known block structure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub block_starts: Vec<usize>,
    /// Alignment of `text` to the input bytes, for container formats.
    /// Empty when `text` is the input file itself.
    pub origin: Vec<OriginSegment>,
    /// Fields of the input that dyad does not interpret, kept verbatim.
    pub metadata: BTreeMap<String, serde_json::Value>,
}

impl Document {
    /// A plain document with the given id and text and no metadata.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            path: None,
            line: None,
            format: InputFormat::Text,
            date: None,
            title: None,
            url: None,
            source: None,
            text: text.into(),
            excluded: Vec::new(),
            block_starts: Vec::new(),
            origin: Vec::new(),
            metadata: BTreeMap::new(),
        }
    }

    /// The text a span selects, or `None` for an out-of-bounds span.
    pub fn slice(&self, span: Span) -> Option<&str> {
        span.slice(&self.text)
    }

    /// The regions of `text` that should be analysed: everything outside
    /// [`Document::excluded`], in order.
    pub fn analysed_regions(&self) -> Vec<Span> {
        let mut regions = Vec::new();
        let mut cursor = 0;
        for excluded in &self.excluded {
            let start = excluded.start.min(self.text.len());
            if start > cursor {
                regions.push(Span::new(cursor, start));
            }
            cursor = cursor.max(excluded.end.min(self.text.len()));
        }
        if cursor < self.text.len() {
            regions.push(Span::new(cursor, self.text.len()));
        }
        regions
    }

    /// The analysed regions cut at every block start inside them
    /// ([`Document::block_starts`]), in order: the units a sentence
    /// splitter must not cross. Block starts outside the text or off a
    /// character boundary are ignored rather than trusted.
    pub fn analysed_blocks(&self) -> Vec<Span> {
        let mut blocks = Vec::new();
        let mut starts = self
            .block_starts
            .iter()
            .copied()
            .filter(|&start| start > 0 && self.text.is_char_boundary(start))
            .peekable();
        for region in self.analysed_regions() {
            let mut cursor = region.start;
            while let Some(&start) = starts.peek() {
                if start >= region.end {
                    break;
                }
                starts.next();
                if start > cursor {
                    blocks.push(Span::new(cursor, start));
                    cursor = start;
                }
            }
            if region.end > cursor {
                blocks.push(Span::new(cursor, region.end));
            }
        }
        blocks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analysed_regions_skip_exclusions() {
        let mut doc = Document::new("d", "Talks began.\nComments are closed.\nMore.");
        doc.excluded.push(Span::new(13, 33));
        let regions: Vec<&str> = doc
            .analysed_regions()
            .iter()
            .filter_map(|s| doc.slice(*s))
            .collect();
        assert_eq!(regions, vec!["Talks began.\n", "\nMore."]);
    }

    #[test]
    fn analysed_blocks_cut_regions_at_block_starts() {
        let text = "Leaders Meet In Geneva\nThe talks began.\nComments are closed.\nMore.";
        let mut doc = Document::new("d", text);
        doc.excluded.push(Span::new(40, 60));
        // A block start inside the exclusion, one at the end and one off a
        // character boundary are ignored.
        doc.block_starts = vec![23, 45, text.len(), 0];
        let blocks: Vec<&str> = doc
            .analysed_blocks()
            .iter()
            .filter_map(|s| doc.slice(*s))
            .collect();
        assert_eq!(
            blocks,
            vec!["Leaders Meet In Geneva\n", "The talks began.\n", "\nMore."]
        );
    }

    #[test]
    fn analysed_blocks_equal_regions_without_block_starts() {
        let mut doc = Document::new("d", "Talks began.\nComments are closed.\nMore.");
        doc.excluded.push(Span::new(13, 33));
        assert_eq!(doc.analysed_blocks(), doc.analysed_regions());
    }

    #[test]
    fn analysed_blocks_ignore_offsets_inside_a_character() {
        let mut doc = Document::new("d", "Zelensky–Putin talks");
        // Byte 9 is inside the three-byte dash.
        doc.block_starts = vec![9];
        assert_eq!(doc.analysed_blocks(), vec![Span::new(0, doc.text.len())]);
    }

    #[test]
    fn format_names_round_trip() {
        for format in [
            InputFormat::Text,
            InputFormat::Html,
            InputFormat::Jsonl,
            InputFormat::Rss,
            InputFormat::Atom,
            InputFormat::PetrarchXml,
        ] {
            assert_eq!(InputFormat::from_name(format.name()), Some(format));
        }
    }
}
