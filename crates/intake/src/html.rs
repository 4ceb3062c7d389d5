//! A tolerant, streaming HTML scanner that extracts the article body.
//!
//! The scanner walks the markup once, left to right, keeping an explicit
//! stack of open elements instead of building a tree, so no input (however
//! deeply nested or broken) can overflow the call stack. It records, for
//! every piece of extracted text, which input bytes it came from.

use crate::decode::line_of_offset;
use crate::entities::{decode_all, decode_reference, EntitySet};
use dyad_types::{Diagnostic, OriginSegment, Span};
use std::collections::{BTreeMap, HashMap};

/// Open elements deeper than this are not tracked. Real pages nest a few
/// dozen levels; the limit bounds memory on hostile input.
pub const MAX_OPEN_ELEMENTS: usize = 512;

/// Attributes read per tag; more are skipped, which bounds the work per tag.
const MAX_ATTRIBUTES: usize = 64;

/// Elements whose content is never article text.
const DROPPED_ELEMENTS: &[&str] = &[
    "head", "nav", "header", "footer", "aside", "form", "button", "select", "noscript", "svg",
    "math", "template", "dialog", "menu", "object", "canvas", "video", "audio", "map", "iframe",
];

/// Elements whose content is raw text (not markup) and is skipped.
const RAW_TEXT_ELEMENTS: &[&str] = &[
    "script",
    "style",
    "textarea",
    "xmp",
    "noembed",
    "noframes",
    "plaintext",
];

/// Elements that have no content and no end tag.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements that start or end a block of text.
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "pre",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "hr",
    "body",
    "html",
    "form",
    "address",
    "details",
    "summary",
    "caption",
    "center",
    "title",
];

/// Words in a `class` or `id` that mark widgets rather than article text:
/// share bars, comment sections, newsletter boxes, related links, adverts.
const DROPPED_CLASS_WORDS: &[&str] = &[
    "share",
    "social",
    "comment",
    "newsletter",
    "related",
    "advert",
    "promo",
    "cookie",
    "subscribe",
    "sidebar",
    "breadcrumb",
    "navbar",
    "menu",
    "byline",
    "banner",
    "widget",
    "signup",
    "paywall",
    "popup",
    "modal",
    "recommend",
    "outbrain",
    "taboola",
    "sponsor",
];

/// Meta names (lower-case) that carry the publication date, best first.
const DATE_META_NAMES: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "originalpublicationdate",
];

/// What the scanner found in a page.
#[derive(Debug, Default)]
pub(crate) struct HtmlExtract {
    /// The article text: blocks separated by blank lines.
    pub text: String,
    /// Alignment of `text` to the input (offsets include `input_offset`).
    pub origin: Vec<OriginSegment>,
    /// Headline: `og:title`, else the first `<h1>`, else `<title>`.
    pub title: Option<String>,
    /// The raw publication date string, best source first.
    pub date_text: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Site name (`og:site_name`).
    pub source: Option<String>,
    /// Other page metadata kept for the caller (`description`, `keywords`).
    pub metadata: BTreeMap<String, serde_json::Value>,
}

/// One block of text (a paragraph, heading, list item) under construction.
#[derive(Default)]
struct Block {
    text: String,
    origin: Vec<OriginSegment>,
    in_article: bool,
    in_main: bool,
}

/// An element on the open-element stack, with the regions it opens.
struct OpenElement {
    name: Box<str>,
    dropped: bool,
    article: bool,
    main: bool,
    heading: bool,
}

/// A whitespace run waiting to be written as one space, if more text follows
/// in the same block.
struct PendingSpace {
    start: usize,
    end: usize,
}

struct Scanner<'a> {
    input: &'a str,
    bytes: &'a [u8],
    input_offset: usize,
    label: &'a str,
    max_text_bytes: usize,
    position: usize,
    stack: Vec<OpenElement>,
    open_counts: HashMap<Box<str>, usize>,
    dropped_open: usize,
    article_open: usize,
    main_open: usize,
    heading_open: usize,
    blocks: Vec<Block>,
    current: Block,
    pending_space: Option<PendingSpace>,
    text_bytes: usize,
    truncated: bool,
    nesting_warned: bool,
    heading_text: String,
    first_heading: Option<String>,
    page_title: Option<String>,
    og_title: Option<String>,
    date_candidates: Vec<(usize, String)>,
    time_datetime: Option<String>,
    canonical_url: Option<String>,
    og_url: Option<String>,
    site_name: Option<String>,
    metadata: BTreeMap<String, serde_json::Value>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

/// Extracts the article text and metadata of an HTML page or fragment.
///
/// `input_offset` is added to every input offset in the origin map (it is
/// the length of a byte order mark stripped before decoding). Text beyond
/// `max_text_bytes` is dropped with a warning.
pub(crate) fn extract_html(
    input: &str,
    input_offset: usize,
    label: &str,
    max_text_bytes: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> HtmlExtract {
    let mut scanner = Scanner {
        input,
        bytes: input.as_bytes(),
        input_offset,
        label,
        max_text_bytes,
        position: 0,
        stack: Vec::new(),
        open_counts: HashMap::new(),
        dropped_open: 0,
        article_open: 0,
        main_open: 0,
        heading_open: 0,
        blocks: Vec::new(),
        current: Block::default(),
        pending_space: None,
        text_bytes: 0,
        truncated: false,
        nesting_warned: false,
        heading_text: String::new(),
        first_heading: None,
        page_title: None,
        og_title: None,
        date_candidates: Vec::new(),
        time_datetime: None,
        canonical_url: None,
        og_url: None,
        site_name: None,
        metadata: BTreeMap::new(),
        diagnostics,
    };
    scanner.run();
    scanner.finish()
}

impl<'a> Scanner<'a> {
    fn run(&mut self) {
        while self.position < self.bytes.len() {
            let rest = self.bytes.get(self.position..).unwrap_or_default();
            if rest.first() == Some(&b'<') && self.markup_at(rest) {
                continue;
            }
            // Text runs to the next `<` that could start markup; a lone `<`
            // (as in "a < b") is text.
            let search_from = self.position + 1;
            let next = self
                .bytes
                .get(search_from..)
                .and_then(|tail| tail.iter().position(|&byte| byte == b'<'))
                .map_or(self.bytes.len(), |relative| search_from + relative);
            self.text(self.position, next);
            self.position = next;
        }
        self.end_block();
    }

    /// Handles markup at the current position. Returns false when the `<`
    /// does not start markup and is to be read as text.
    fn markup_at(&mut self, rest: &[u8]) -> bool {
        let second = rest.get(1).copied();
        if rest.starts_with(b"<!--") {
            match find(rest, 4, b"-->") {
                Some(end) => self.position += end + 3,
                None => self.truncate_at_end("an unclosed comment"),
            }
            true
        } else if matches!(second, Some(b'!') | Some(b'?')) {
            match rest.iter().position(|&byte| byte == b'>') {
                Some(end) => self.position += end + 1,
                None => self.truncate_at_end("an unclosed declaration"),
            }
            true
        } else if second == Some(b'/') && rest.get(2).is_some_and(u8::is_ascii_alphabetic) {
            let name = tag_name(rest.get(2..).unwrap_or_default());
            match rest.iter().position(|&byte| byte == b'>') {
                Some(end) => {
                    self.position += end + 1;
                    self.end_tag(&name);
                }
                None => self.truncate_at_end("an unclosed end tag"),
            }
            true
        } else if second.is_some_and(|byte| byte.is_ascii_alphabetic()) {
            self.start_tag();
            true
        } else {
            false
        }
    }

    fn truncate_at_end(&mut self, what: &str) {
        let line = line_of_offset(self.bytes, self.position);
        self.diagnostics.push(
            Diagnostic::warning(
                Some(self.label),
                format!("input ends inside {what}; the rest is ignored"),
            )
            .at_line(line),
        );
        self.position = self.bytes.len();
    }

    fn start_tag(&mut self) {
        let tag_start = self.position;
        let name = tag_name(self.bytes.get(tag_start + 1..).unwrap_or_default());
        let mut cursor = tag_start + 1 + name.len();
        let mut attributes: Vec<(String, &str)> = Vec::new();
        let mut self_closing = false;
        // Attribute loop: every iteration consumes at least one byte, so it
        // ends on any input.
        loop {
            let Some(&byte) = self.bytes.get(cursor) else {
                self.position = cursor;
                self.truncate_at_end("an unclosed tag");
                return;
            };
            if byte == b'>' {
                cursor += 1;
                break;
            }
            if byte.is_ascii_whitespace() || byte == b'/' {
                self_closing = byte == b'/' && self.bytes.get(cursor + 1) == Some(&b'>');
                cursor += 1;
                continue;
            }
            let name_start = cursor;
            while self
                .bytes
                .get(cursor)
                .is_some_and(|&b| !(b.is_ascii_whitespace() || matches!(b, b'=' | b'>' | b'/')))
            {
                cursor += 1;
            }
            if cursor == name_start {
                // A stray `=`: skip it.
                cursor += 1;
                continue;
            }
            let attribute_name = self
                .input
                .get(name_start..cursor)
                .unwrap_or_default()
                .to_ascii_lowercase();
            while self.bytes.get(cursor).is_some_and(u8::is_ascii_whitespace) {
                cursor += 1;
            }
            let mut value = "";
            if self.bytes.get(cursor) == Some(&b'=') {
                cursor += 1;
                while self.bytes.get(cursor).is_some_and(u8::is_ascii_whitespace) {
                    cursor += 1;
                }
                match self.bytes.get(cursor).copied() {
                    Some(quote @ (b'"' | b'\'')) => {
                        let value_start = cursor + 1;
                        let Some(relative) = self
                            .bytes
                            .get(value_start..)
                            .and_then(|tail| tail.iter().position(|&b| b == quote))
                        else {
                            self.position = cursor;
                            self.truncate_at_end("an unclosed attribute value");
                            return;
                        };
                        value = self
                            .input
                            .get(value_start..value_start + relative)
                            .unwrap_or_default();
                        cursor = value_start + relative + 1;
                    }
                    _ => {
                        let value_start = cursor;
                        while self
                            .bytes
                            .get(cursor)
                            .is_some_and(|&b| !(b.is_ascii_whitespace() || b == b'>'))
                        {
                            cursor += 1;
                        }
                        value = self.input.get(value_start..cursor).unwrap_or_default();
                    }
                }
            }
            if attributes.len() < MAX_ATTRIBUTES {
                attributes.push((attribute_name, value));
            }
        }
        self.position = cursor;
        self.handle_start(&name, &attributes, self_closing);
    }

    fn handle_start(&mut self, name: &str, attributes: &[(String, &str)], self_closing: bool) {
        let attribute = |key: &str| {
            attributes
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| decode_attribute(value))
        };
        match name {
            "meta" => self.meta(attributes),
            "link" => {
                let rel = attribute("rel").unwrap_or_default().to_ascii_lowercase();
                if rel.split_whitespace().any(|word| word == "canonical")
                    && self.canonical_url.is_none()
                {
                    self.canonical_url = attribute("href").filter(|href| !href.is_empty());
                }
            }
            "time" if self.time_datetime.is_none() => {
                self.time_datetime = attribute("datetime").filter(|value| !value.trim().is_empty());
            }
            _ => {}
        }
        if BLOCK_ELEMENTS.contains(&name) {
            self.end_block();
        }
        if RAW_TEXT_ELEMENTS.contains(&name) {
            if !self_closing {
                self.skip_raw_text(name);
            }
            return;
        }
        if name == "title" {
            if !self_closing {
                let content = self.raw_text_content("title");
                if self.page_title.is_none() {
                    self.page_title =
                        non_empty(collapse_whitespace(&decode_all(content, EntitySet::Html).0));
                }
            }
            return;
        }
        if VOID_ELEMENTS.contains(&name) || self_closing {
            return;
        }
        self.close_implied(name);
        if self.stack.len() >= MAX_OPEN_ELEMENTS {
            if !self.nesting_warned {
                self.nesting_warned = true;
                let line = line_of_offset(self.bytes, self.position);
                self.diagnostics.push(
                    Diagnostic::warning(
                        Some(self.label),
                        format!("markup nested deeper than {MAX_OPEN_ELEMENTS} elements; deeper elements are read flat"),
                    )
                    .at_line(line),
                );
            }
            return;
        }
        let is_root = matches!(name, "html" | "body" | "article" | "main");
        let dropped = DROPPED_ELEMENTS.contains(&name)
            || (!is_root
                && (attributes
                    .iter()
                    .filter(|(key, _)| key == "class" || key == "id")
                    .any(|(_, value)| marks_widget(value))
                    || attributes.iter().any(|(key, value)| {
                        key == "role"
                            && matches!(
                                *value,
                                "navigation" | "banner" | "complementary" | "contentinfo"
                            )
                    })));
        let element = OpenElement {
            name: name.into(),
            dropped,
            article: name == "article",
            main: name == "main",
            heading: name == "h1",
        };
        self.push(element);
    }

    /// Applies the HTML rules that close an open element implicitly: a new
    /// paragraph or block closes an open `<p>`, a new list item closes the
    /// previous one, and so on.
    fn close_implied(&mut self, name: &str) {
        let Some(top) = self.stack.last() else { return };
        let top_name: &str = &top.name;
        let closes = match name {
            "li" | "dt" | "dd" | "option" | "tr" | "td" | "th" => {
                top_name == name || (top_name == "p")
            }
            _ => top_name == "p" && BLOCK_ELEMENTS.contains(&name),
        };
        if closes {
            self.pop();
        }
    }

    fn push(&mut self, element: OpenElement) {
        self.dropped_open += usize::from(element.dropped);
        self.article_open += usize::from(element.article);
        self.main_open += usize::from(element.main);
        if element.heading {
            self.heading_open += 1;
            self.heading_text.clear();
        }
        *self.open_counts.entry(element.name.clone()).or_insert(0) += 1;
        self.stack.push(element);
    }

    fn pop(&mut self) {
        let Some(element) = self.stack.pop() else {
            return;
        };
        self.dropped_open -= usize::from(element.dropped);
        self.article_open -= usize::from(element.article);
        self.main_open -= usize::from(element.main);
        if element.heading {
            self.heading_open -= 1;
            if self.heading_open == 0 && self.first_heading.is_none() {
                self.first_heading = non_empty(collapse_whitespace(&self.heading_text));
            }
        }
        if let Some(count) = self.open_counts.get_mut(&element.name) {
            *count = count.saturating_sub(1);
        }
    }

    fn end_tag(&mut self, name: &str) {
        if BLOCK_ELEMENTS.contains(&name) {
            self.end_block();
        }
        // An end tag without a matching open element is ignored, as browsers
        // do; the count makes that check constant-time, so stray end tags on
        // deeply nested input cannot make the scan quadratic.
        if self.open_counts.get(name).copied().unwrap_or(0) == 0 {
            return;
        }
        while let Some(top) = self.stack.last() {
            let matched = &*top.name == name;
            self.pop();
            if matched {
                break;
            }
        }
    }

    fn meta(&mut self, attributes: &[(String, &str)]) {
        let attribute = |key: &str| {
            attributes
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| decode_attribute(value))
        };
        let Some(content) = attribute("content").map(|value| value.trim().to_owned()) else {
            return;
        };
        if content.is_empty() {
            return;
        }
        for key_attribute in ["property", "name", "itemprop", "http-equiv"] {
            let Some(key) = attribute(key_attribute).map(|value| value.trim().to_ascii_lowercase())
            else {
                continue;
            };
            if let Some(rank) = DATE_META_NAMES.iter().position(|name| *name == key) {
                self.date_candidates.push((rank, content.clone()));
            }
            match key.as_str() {
                "og:title" | "twitter:title" if self.og_title.is_none() => {
                    self.og_title = Some(content.clone())
                }
                "og:url" if self.og_url.is_none() => self.og_url = Some(content.clone()),
                "og:site_name" if self.site_name.is_none() => {
                    self.site_name = Some(content.clone())
                }
                "description"
                | "og:description"
                | "keywords"
                | "news_keywords"
                | "author"
                | "article:modified_time"
                | "article:section"
                | "og:type" => {
                    let key = if key == "og:description" {
                        "description".to_owned()
                    } else {
                        key.clone()
                    };
                    self.metadata
                        .entry(key)
                        .or_insert_with(|| serde_json::Value::String(content.clone()));
                }
                _ => {}
            }
        }
    }

    /// Skips the content of a raw text element up to its end tag.
    fn skip_raw_text(&mut self, name: &str) {
        let _ = self.raw_text_content(name);
    }

    /// Returns the content of a raw text element and moves past its end tag
    /// (or to the end of input when there is none).
    fn raw_text_content(&mut self, name: &str) -> &'a str {
        let input = self.input;
        let start = self.position;
        let mut search = start;
        loop {
            let Some(relative) = find(self.bytes, search, b"</") else {
                self.position = self.bytes.len();
                return input.get(start..).unwrap_or_default();
            };
            let candidate = search + relative;
            let after = candidate + 2;
            let matches_name = self
                .bytes
                .get(after..after + name.len())
                .is_some_and(|found| found.eq_ignore_ascii_case(name.as_bytes()))
                && !self
                    .bytes
                    .get(after + name.len())
                    .is_some_and(u8::is_ascii_alphanumeric);
            if matches_name {
                let end = self
                    .bytes
                    .get(after..)
                    .and_then(|tail| tail.iter().position(|&b| b == b'>'))
                    .map_or(self.bytes.len(), |relative| after + relative + 1);
                self.position = end;
                return input.get(start..candidate).unwrap_or_default();
            }
            search = after;
        }
    }

    /// Adds the text between two input offsets to the current block,
    /// collapsing whitespace runs and decoding references.
    fn text(&mut self, start: usize, end: usize) {
        let Some(segment) = self.input.get(start..end) else {
            return;
        };
        // Headline text is captured even inside a dropped page header,
        // because that is where many sites put the article's `<h1>`.
        if self.heading_open > 0 {
            if self.heading_text.len() < 1024 {
                self.heading_text
                    .push_str(&decode_all(segment, EntitySet::Html).0);
            }
            return;
        }
        if self.dropped_open > 0 {
            return;
        }
        if self.truncated {
            return;
        }
        if self.current.text.is_empty() {
            self.current.in_article = self.article_open > 0;
            self.current.in_main = self.main_open > 0;
        }
        let mut cursor = start;
        while cursor < end {
            let byte = self.bytes.get(cursor).copied().unwrap_or(b' ');
            if byte.is_ascii_whitespace() {
                let run_end = (cursor..end)
                    .find(|&i| !self.bytes.get(i).is_some_and(u8::is_ascii_whitespace))
                    .unwrap_or(end);
                if !self.current.text.is_empty() && self.pending_space.is_none() {
                    self.pending_space = Some(PendingSpace {
                        start: cursor,
                        end: run_end,
                    });
                }
                cursor = run_end;
            } else if byte == b'&' {
                let tail = self.input.get(cursor..end).unwrap_or_default();
                match decode_reference(tail, EntitySet::Html) {
                    Some((replacement, consumed)) => {
                        self.flush_space();
                        self.push_text(
                            &replacement,
                            Some(Span::new(cursor, cursor + consumed)),
                            false,
                        );
                        cursor += consumed;
                    }
                    None => {
                        self.flush_space();
                        self.push_text("&", Some(Span::new(cursor, cursor + 1)), true);
                        cursor += 1;
                    }
                }
            } else {
                // A verbatim run goes on through single spaces between
                // words, so a paragraph is copied in a few pieces rather
                // than word by word; it stops at a reference or at
                // whitespace that will be collapsed.
                let mut run_end = cursor;
                while let Some(&b) = self.bytes.get(run_end).filter(|_| run_end < end) {
                    if b == b'&' {
                        break;
                    }
                    if b.is_ascii_whitespace() {
                        let next_is_text = run_end + 1 < end
                            && self
                                .bytes
                                .get(run_end + 1)
                                .is_some_and(|next| !next.is_ascii_whitespace());
                        if b == b' ' && next_is_text {
                            run_end += 1;
                            continue;
                        }
                        break;
                    }
                    run_end += 1;
                }
                self.flush_space();
                let verbatim = self.input.get(cursor..run_end).unwrap_or_default();
                self.push_text(verbatim, Some(Span::new(cursor, run_end)), true);
                cursor = run_end;
            }
        }
    }

    /// Writes a pending whitespace run as one space. A single space is
    /// copied verbatim; a longer run or a line break is a normalisation and
    /// gets no origin segment, so that every segment of equal length is a
    /// byte-for-byte copy of the input.
    fn flush_space(&mut self) {
        if let Some(space) = self.pending_space.take() {
            let verbatim =
                space.end == space.start + 1 && self.bytes.get(space.start) == Some(&b' ');
            let input = if verbatim {
                Some(Span::new(space.start, space.end))
            } else {
                None
            };
            self.push_text(" ", input, true);
        }
    }

    /// Appends text to the current block. `input` is the input range it
    /// came from, or `None` for normalised text that has no origin segment.
    fn push_text(&mut self, text: &str, input: Option<Span>, verbatim: bool) {
        let mut text = text;
        let mut input = input;
        let available = self.max_text_bytes.saturating_sub(self.text_bytes);
        if text.len() > available {
            self.truncated = true;
            let line = line_of_offset(self.bytes, self.position);
            self.diagnostics.push(
                Diagnostic::warning(
                    Some(self.label),
                    format!(
                        "article text exceeds the limit of {} bytes; the rest is dropped",
                        self.max_text_bytes
                    ),
                )
                .at_line(line),
            );
            // Keep the part of a verbatim run that fits, cut at a character
            // boundary; a decoded reference is all or nothing.
            if !verbatim {
                return;
            }
            let mut cut = available;
            while cut > 0 && !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text = text.get(..cut).unwrap_or_default();
            input = input.map(|span| Span::new(span.start, span.start + cut));
            if text.is_empty() {
                return;
            }
        }
        let text_start = self.current.text.len();
        self.current.text.push_str(text);
        self.text_bytes += text.len();
        let text_span = Span::new(text_start, text_start + text.len());
        let Some(input) = input else { return };
        let input_span = Span::new(
            input.start + self.input_offset,
            input.end + self.input_offset,
        );
        // Merge with the previous segment when both are verbatim and
        // contiguous, so a paragraph is usually a handful of segments.
        if verbatim {
            if let Some(last) = self.current.origin.last_mut() {
                let last_verbatim = last.text.len() == last.input.len();
                if last_verbatim
                    && last.text.end == text_span.start
                    && last.input.end == input_span.start
                {
                    last.text.end = text_span.end;
                    last.input.end = input_span.end;
                    return;
                }
            }
        }
        self.current.origin.push(OriginSegment {
            text: text_span,
            input: input_span,
        });
    }

    fn end_block(&mut self) {
        self.pending_space = None;
        if !self.current.text.is_empty() {
            let block = std::mem::take(&mut self.current);
            self.blocks.push(block);
        }
    }

    fn finish(mut self) -> HtmlExtract {
        while !self.stack.is_empty() {
            self.pop();
        }
        let blocks = std::mem::take(&mut self.blocks);
        let keep: fn(&Block) -> bool = if blocks.iter().any(|block| block.in_article) {
            |block| block.in_article
        } else if blocks.iter().any(|block| block.in_main) {
            |block| block.in_main
        } else {
            |_| true
        };
        let mut text = String::new();
        let mut origin = Vec::new();
        for block in blocks.into_iter().filter(keep) {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let shift = text.len();
            text.push_str(&block.text);
            origin.extend(block.origin.into_iter().map(|segment| OriginSegment {
                text: Span::new(segment.text.start + shift, segment.text.end + shift),
                input: segment.input,
            }));
        }
        self.date_candidates.sort_by_key(|(rank, _)| *rank);
        let date_text = self
            .date_candidates
            .into_iter()
            .next()
            .map(|(_, value)| value)
            .or(self.time_datetime);
        HtmlExtract {
            text,
            origin,
            title: self.og_title.or(self.first_heading).or(self.page_title),
            date_text,
            url: self.canonical_url.or(self.og_url),
            source: self.site_name,
            metadata: self.metadata,
        }
    }
}

/// Lower-case tag name at the start of `bytes` (which starts after `<` or `</`).
fn tag_name(bytes: &[u8]) -> String {
    bytes
        .iter()
        .take_while(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b':' | b'_'))
        .take(64)
        .map(|&byte| char::from(byte.to_ascii_lowercase()))
        .collect()
}

fn marks_widget(value: &str) -> bool {
    value.split_whitespace().any(|token| {
        let token = token.to_ascii_lowercase();
        token == "ad"
            || token == "ads"
            || token.starts_with("ad-")
            || token.starts_with("ads-")
            || token.starts_with("ad_")
            || DROPPED_CLASS_WORDS.iter().any(|word| token.contains(word))
    })
}

fn decode_attribute(value: &str) -> String {
    decode_all(value, EntitySet::Html).0
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn non_empty(text: String) -> Option<String> {
    if text.is_empty() {
        None
    } else {
        Some(text)
    }
}

/// Position of `needle` in `haystack` at or after `from`, relative to `from`.
fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract(html: &str) -> (HtmlExtract, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let extract = extract_html(html, 0, "page.html", 1 << 20, &mut diagnostics);
        (extract, diagnostics)
    }

    #[test]
    fn extracts_body_and_metadata() {
        let html = r#"<!DOCTYPE html><html><head><title>Talks | Wire</title>
<meta property="article:published_time" content="2025-03-04T09:00:00Z">
<meta property="og:site_name" content="Wire">
<script>var x = "<p>not text</p>";</script></head>
<body><nav><a href="/">Home</a></nav>
<article><h1>Envoys meet in Geneva</h1>
<p>GENEVA (Wire) &mdash; Envoys  met
  on Tuesday.</p><div class="share-bar">Share this article</div>
<p>They will meet again.<p>Comments are closed.</article>
<footer>Copyright</footer></body></html>"#;
        let (extract, diagnostics) = extract(html);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(extract.text, "GENEVA (Wire) — Envoys met on Tuesday.\n\nThey will meet again.\n\nComments are closed.");
        assert_eq!(extract.title.as_deref(), Some("Envoys meet in Geneva"));
        assert_eq!(extract.date_text.as_deref(), Some("2025-03-04T09:00:00Z"));
        assert_eq!(extract.source.as_deref(), Some("Wire"));
        for segment in &extract.origin {
            if segment.text.len() == segment.input.len() {
                assert_eq!(segment.text.slice(&extract.text), segment.input.slice(html));
            }
        }
    }

    #[test]
    fn truncated_tag_warns_and_keeps_text() {
        let (extract, diagnostics) = extract("<p>Troops withdrew.</p><p class=\"x");
        assert_eq!(extract.text, "Troops withdrew.");
        assert_eq!(diagnostics.len(), 1);
    }
}
