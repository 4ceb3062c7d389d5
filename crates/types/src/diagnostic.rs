use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, nothing was lost.
    Info,
    /// Something was guessed, repaired or skipped; output is still produced.
    Warning,
    /// A whole item (a document, a line, an entry) could not be used.
    Error,
}

/// A problem found in user content.
///
/// Content never fails analysis: readers and coders return their output
/// together with diagnostics, and reserve `Err` for I/O failures and broken
/// invariants. A diagnostic names the file and, where there is one, the line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How serious the problem is.
    pub severity: Severity,
    /// The file (or `-` for standard input) the problem was found in.
    pub path: Option<String>,
    /// 1-based line number, when the input has lines.
    pub line: Option<u64>,
    /// A short, lower-case description of the problem.
    pub message: String,
}

impl Diagnostic {
    /// A warning about `path`, without a line number.
    pub fn warning(path: Option<&str>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            path: path.map(str::to_owned),
            line: None,
            message: message.into(),
        }
    }

    /// An error about `path`, without a line number.
    pub fn error(path: Option<&str>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.map(str::to_owned),
            line: None,
            message: message.into(),
        }
    }

    /// An informational note about `path`.
    pub fn info(path: Option<&str>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Info,
            path: path.map(str::to_owned),
            line: None,
            message: message.into(),
        }
    }

    /// The same diagnostic with a 1-based line number attached.
    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }
}

impl fmt::Display for Diagnostic {
    /// Formats as `path:line: severity: message`, the shape editors and
    /// terminals recognise.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match (&self.path, self.line) {
            (Some(path), Some(line)) => write!(f, "{path}:{line}: {severity}: {}", self.message),
            (Some(path), None) => write!(f, "{path}: {severity}: {}", self.message),
            (None, Some(line)) => write!(f, "line {line}: {severity}: {}", self.message),
            (None, None) => write!(f, "{severity}: {}", self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_and_line() {
        let d = Diagnostic::error(Some("feed.xml"), "unclosed element").at_line(12);
        assert_eq!(d.to_string(), "feed.xml:12: error: unclosed element");
    }
}
