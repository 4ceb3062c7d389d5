//! The intake stage of dyad: reading news documents from files.
//!
//! Intake turns input files into [`Document`]s. It reads plain text, HTML
//! pages, JSON Lines, RSS 2.0 and Atom feeds and PETRARCH XML, detecting the
//! format from the content unless the caller names it.
//!
//! # Contract
//!
//! * **Content never fails.** Every reader returns the documents it could
//!   read together with [`Diagnostic`]s that name the file (and line, where
//!   there is one). `Err` is returned only for I/O failures. One broken
//!   JSON line, feed item or sentence does not stop the others.
//! * **Offsets.** [`Document::text`] is what every span points into. For
//!   plain text it is the file content exactly, after decoding. For HTML it
//!   is the extracted article body (blocks separated by blank lines,
//!   references decoded, whitespace runs collapsed) and
//!   [`Document::origin`] maps it back to the input. Clean-up never rewrites
//!   text: boilerplate lines are listed in [`Document::excluded`].
//! * **Ids and dates.** A document's id is the input's own id (JSONL `id`
//!   or `doc`, PETRARCH `id`, feed `guid`/`id`), else the path, plus `#N`
//!   (the 1-based item index) for files holding several documents. Its date
//!   comes from metadata, else [`ReadOptions::default_date`], else none:
//!   never the clock.
//! * **Bounded memory.** See [`ReadOptions`] for the limits; exceeding one
//!   gives a diagnostic. JSON Lines are streamed line by line
//!   ([`JsonlDocuments`]).
//!
//! The accepted forms are documented in `docs/formats/input-formats.md`.

mod boilerplate;
mod date;
mod decode;
mod detect;
mod entities;
mod feed;
mod html;
mod jsonl;
mod layout;
mod petrarch;
mod text;
mod xml;

pub use boilerplate::boilerplate_spans;
pub use date::{date_in_first_line, parse_date};
pub use detect::detect_format;
pub use html::MAX_OPEN_ELEMENTS;
pub use jsonl::JsonlDocuments;
pub use layout::block_starts;
pub use petrarch::{ARTICLE_KEY, CODINGS_KEY, NOEVENTS_KEY, PARSE_KEY};

use dyad_types::{Date, Diagnostic, Document, InputFormat};
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// Default limit on the text of one document: 8 MiB, some thousand times a
/// long article. Longer text is truncated with a warning.
pub const DEFAULT_MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

/// Default limit on a whole input that must be held in memory (HTML, feeds,
/// PETRARCH XML): 64 MiB. Larger inputs of those formats are skipped with
/// an error; JSON Lines are streamed and have no such limit.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Errors of the intake stage. Content problems are never errors; they are
/// [`Diagnostic`]s.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// A file or directory could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path that failed (`-` for standard input).
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Reading failed part-way through a line-oriented input.
    #[error("cannot read {path} at line {line}: {source}")]
    IoAtLine {
        /// The path that failed.
        path: PathBuf,
        /// 1-based line where reading failed.
        line: u64,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// How to read inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// The format to read as; `None` detects it from the content.
    pub format: Option<InputFormat>,
    /// Date for documents whose metadata has none (`--date`).
    pub default_date: Option<Date>,
    /// Longest document text kept, in bytes; longer text is truncated (at a
    /// character boundary) with a warning. A JSON line longer than twice
    /// this (plus 64 KiB for the other fields) is skipped with an error.
    pub max_document_bytes: usize,
    /// Largest input read into memory as a whole (every format except JSON
    /// Lines); larger inputs are skipped with an error. Plain text reads
    /// only its first `max_document_bytes`.
    pub max_input_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: None,
            default_date: None,
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
        }
    }
}

impl ReadOptions {
    /// Longest JSON line accepted: room for a maximal text written with
    /// escapes, plus the other fields.
    pub fn max_line_bytes(&self) -> usize {
        self.max_document_bytes
            .saturating_mul(2)
            .saturating_add(64 * 1024)
    }
}

/// What reading one input produced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadOutcome {
    /// The documents, in input order.
    pub documents: Vec<Document>,
    /// Problems found, in input order.
    pub diagnostics: Vec<Diagnostic>,
}

impl ReadOutcome {
    /// Appends another outcome (for reading several inputs in one run).
    pub fn extend(&mut self, other: ReadOutcome) {
        self.documents.extend(other.documents);
        self.diagnostics.extend(other.diagnostics);
    }
}

/// One item of a streamed read: a document or a diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadItem {
    /// A document that was read.
    Document(Box<Document>),
    /// A problem found on the way.
    Diagnostic(Diagnostic),
}

/// An input named on the command line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// A file.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl Input {
    /// The name used in document ids and diagnostics: the path as given,
    /// or `-` for standard input.
    pub fn label(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => "-".to_owned(),
        }
    }
}

/// Expands command-line paths into inputs: files as given, directories
/// recursively (entries sorted by name, hidden entries starting with `.`
/// skipped, symbolic links to directories not followed, so a link cycle
/// cannot loop), and `-` as standard input.
///
/// Fails with [`IntakeError::Io`] when a path does not exist or a directory
/// cannot be listed.
pub fn expand_inputs<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<Input>, IntakeError> {
    let mut inputs = Vec::new();
    for path in paths {
        let path = path.as_ref();
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let metadata = std::fs::metadata(path).map_err(|source| io_error(path, source))?;
        if metadata.is_dir() {
            collect_directory(path, &mut inputs)?;
        } else {
            inputs.push(Input::File(path.to_path_buf()));
        }
    }
    Ok(inputs)
}

/// Walks a directory tree with an explicit work list (no recursion).
fn collect_directory(root: &Path, inputs: &mut Vec<Input>) -> Result<(), IntakeError> {
    // Directories are processed depth first in sorted order: a stack of
    // pending directories, whose sorted entries are pushed in reverse.
    let mut pending = vec![root.to_path_buf()];
    while let Some(directory) = pending.pop() {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(&directory).map_err(|source| io_error(&directory, source))? {
            let entry = entry.map_err(|source| io_error(&directory, source))?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            entries.push(entry.path());
        }
        entries.sort();
        let mut subdirectories = Vec::new();
        for path in entries {
            let link_metadata =
                std::fs::symlink_metadata(&path).map_err(|source| io_error(&path, source))?;
            if link_metadata.is_dir() {
                subdirectories.push(path);
            } else if link_metadata.file_type().is_symlink() {
                // A link to a file is read; a link to a directory is not
                // followed, so link cycles cannot loop.
                if std::fs::metadata(&path).is_ok_and(|target| target.is_file()) {
                    inputs.push(Input::File(path));
                }
            } else {
                inputs.push(Input::File(path));
            }
        }
        // Files of a directory come before its subdirectories' files, and
        // subdirectories in sorted order.
        pending.extend(subdirectories.into_iter().rev());
    }
    Ok(())
}

fn io_error(path: &Path, source: std::io::Error) -> IntakeError {
    IntakeError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads one input (a file or standard input).
pub fn read_input(input: &Input, options: &ReadOptions) -> Result<ReadOutcome, IntakeError> {
    match input {
        Input::File(path) => read_path(path, options),
        Input::Stdin => {
            let stdin = std::io::stdin();
            read_from(stdin.lock(), "-", options)
        }
    }
}

/// Reads the documents of one file.
///
/// JSON Lines are streamed; other formats are read whole, up to
/// [`ReadOptions::max_input_bytes`] (plain text up to
/// [`ReadOptions::max_document_bytes`]). Returns `Err` only when the file
/// cannot be opened or read.
pub fn read_path(path: &Path, options: &ReadOptions) -> Result<ReadOutcome, IntakeError> {
    let file = File::open(path).map_err(|source| io_error(path, source))?;
    read_from(file, &path.display().to_string(), options)
}

/// Reads the documents of any byte stream; `label` names it in ids and
/// diagnostics.
pub fn read_from<R: Read>(
    source: R,
    label: &str,
    options: &ReadOptions,
) -> Result<ReadOutcome, IntakeError> {
    let path = PathBuf::from(label);
    let mut reader = BufReader::with_capacity(64 * 1024, source);
    let format = match options.format {
        Some(format) => format,
        None => {
            // Detection needs only the head of the input, which the buffer
            // already holds after one fill.
            let head = std::io::BufRead::fill_buf(&mut reader)
                .map_err(|source| io_error(&path, source))?;
            detect_format(head)
        }
    };
    if format == InputFormat::Jsonl {
        let mut outcome = ReadOutcome::default();
        for item in JsonlDocuments::new(reader, label, options) {
            match item? {
                ReadItem::Document(document) => outcome.documents.push(*document),
                ReadItem::Diagnostic(diagnostic) => outcome.diagnostics.push(diagnostic),
            }
        }
        warn_duplicate_ids(&mut outcome, label);
        return Ok(outcome);
    }
    // A text file only needs its first max_document_bytes (plus a possible
    // byte order mark and a partial character); other formats are parsed
    // whole and are limited to max_input_bytes.
    let limit = if format == InputFormat::Text {
        options.max_document_bytes.saturating_add(8)
    } else {
        options.max_input_bytes
    };
    let mut bytes = Vec::new();
    reader
        .by_ref()
        .take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| io_error(&path, source))?;
    if bytes.len() > limit {
        if format == InputFormat::Text {
            // The text reader truncates and says so; nothing more to read.
            bytes.truncate(limit);
            // The cut may split a UTF-8 character; drop the partial
            // character so the text is not mistaken for a legacy encoding.
            if let Err(error) = std::str::from_utf8(&bytes) {
                if error.error_len().is_none() {
                    bytes.truncate(error.valid_up_to());
                }
            }
        } else {
            return Ok(ReadOutcome {
                documents: Vec::new(),
                diagnostics: vec![Diagnostic::error(
                    Some(label),
                    format!(
                        "input is larger than the limit of {} bytes for {} files; skipped",
                        options.max_input_bytes,
                        format.name()
                    ),
                )],
            });
        }
    }
    let options = ReadOptions {
        format: Some(format),
        ..options.clone()
    };
    Ok(read_bytes(&bytes, label, &options))
}

/// Reads the documents held in `bytes`. `label` (normally the path) names
/// the input in ids and diagnostics. Never fails: problems are diagnostics.
pub fn read_bytes(bytes: &[u8], label: &str, options: &ReadOptions) -> ReadOutcome {
    let format = options.format.unwrap_or_else(|| detect_format(bytes));
    let mut outcome = ReadOutcome::default();
    if format != InputFormat::Text
        && format != InputFormat::Jsonl
        && bytes.len() > options.max_input_bytes
    {
        outcome.diagnostics.push(Diagnostic::error(
            Some(label),
            format!(
                "input is larger than the limit of {} bytes for {} files; skipped",
                options.max_input_bytes,
                format.name()
            ),
        ));
        return outcome;
    }
    let diagnostics = &mut outcome.diagnostics;
    match format {
        InputFormat::Text => {
            outcome
                .documents
                .extend(text::read_text(bytes, label, options, diagnostics))
        }
        InputFormat::Html => {
            outcome
                .documents
                .extend(text::read_html(bytes, label, options, diagnostics))
        }
        InputFormat::Jsonl => {
            for item in JsonlDocuments::new(bytes, label, options) {
                match item {
                    Ok(ReadItem::Document(document)) => outcome.documents.push(*document),
                    Ok(ReadItem::Diagnostic(diagnostic)) => outcome.diagnostics.push(diagnostic),
                    // Reading from memory cannot fail; should it, say so
                    // rather than lose the fact.
                    Err(error) => outcome
                        .diagnostics
                        .push(Diagnostic::error(Some(label), error.to_string())),
                }
            }
        }
        InputFormat::Rss | InputFormat::Atom => {
            outcome
                .documents
                .extend(feed::read_feed(bytes, label, format, options, diagnostics));
        }
        InputFormat::PetrarchXml => {
            outcome
                .documents
                .extend(petrarch::read_petrarch(bytes, label, options, diagnostics))
        }
    }
    if outcome.documents.is_empty()
        && !outcome
            .diagnostics
            .iter()
            .any(|d| d.severity == dyad_types::Severity::Error)
    {
        outcome.diagnostics.push(Diagnostic::warning(
            Some(label),
            format!("no documents found in this {} input", format.name()),
        ));
    }
    warn_duplicate_ids(&mut outcome, label);
    outcome
}

/// Fills in what every reader does the same way: the default date when the
/// metadata has none, and the boilerplate ranges of the text.
pub(crate) fn finish_document(mut document: Document, options: &ReadOptions) -> Document {
    if document.date.is_none() {
        document.date = options.default_date;
    }
    document.excluded = boilerplate_spans(&document.text);
    document.block_starts = layout::block_starts(&document.text);
    document
}

/// Truncates `text` to at most `limit` bytes at a character boundary.
/// Returns true when it cut something.
pub(crate) fn truncate_text(text: &mut String, limit: usize) -> bool {
    if text.len() <= limit {
        return false;
    }
    let mut cut = limit;
    while cut > 0 && !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    true
}

/// Two documents with the same id in one input would overwrite each other
/// downstream; they are kept, with a warning naming the repeated id.
fn warn_duplicate_ids(outcome: &mut ReadOutcome, label: &str) {
    let mut seen = HashSet::new();
    let mut warnings = Vec::new();
    for document in &outcome.documents {
        if !seen.insert(document.id.as_str()) {
            let mut warning = Diagnostic::warning(
                Some(label),
                format!("document id {:?} occurs more than once", document.id),
            );
            warning.line = document.line;
            warnings.push(warning);
        }
    }
    outcome.diagnostics.extend(warnings);
}
