//! The coder crate's error type.

use std::path::PathBuf;

/// Errors of the coder crate. Content problems are diagnostics, not errors;
/// these are I/O failures and unusable files.
#[derive(Debug, thiserror::Error)]
pub enum CoderError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A gold file is not in a format the evaluation understands.
    #[error("{path}: {message}")]
    GoldFormat {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the line where known.
        message: String,
    },
}
